"""The worklist's table: each item as the page shows it, every word and time ready to print, rendered by
the Jinja2 body (decision 0016: a list a manager keeps open all day; the Django template spent as long on
fifty rows as the five sources' queries took)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from fuwu.followup.selectors.worklist import Item

# Where an item's work is done, by what it is about; the id goes in place of the marker (each address is
# reversed once a page, not once a row).
_MARKER = 987654321
_PLACES = {
    "customer": "followup:customer",
    "campaign": "followup:campaign",
    "household": "followup:household",
}


@dataclass(frozen=True, slots=True)
class Line:
    """One item as the table prints it."""

    due: str  # local "12-08 14:30"
    state: str
    label: str
    detail: str
    quiet: bool
    subject: str
    standing_in: bool  # an absent colleague's work
    window: str  # "12-07 09:00 – 12-09 18:00", or empty
    clause: str
    because: str
    link: str


def _moment(value: dt.datetime) -> str:
    """A moment as the page shows it: month, day and time in the zone the request runs in."""
    return timezone.localtime(value).strftime("%m-%d %H:%M")


class _Links:
    """Where the work of an item is done (each address reversed once)."""

    def __init__(self) -> None:
        self._formats: dict[str, str] = {}

    def _of(self, name: str, pk: int) -> str:
        found = self._formats.get(name)
        if found is None:
            found = self._formats[name] = reverse(name, args=[_MARKER]).replace(str(_MARKER), "{}")
        return found.format(pk)

    def __call__(self, item: Item) -> str:
        if item.source == "request":
            return self._of("followup:request", item.id)
        place = _PLACES.get(item.subject_type)
        return self._of(place, item.subject_id) if place else reverse("followup:care")


def worklist_table(items: Sequence[Item], person: int) -> SafeString:
    """The table of ``items`` on ``person``'s list (rendered by the autoescaping Jinja2 environment: safe
    to place in the page as it is)."""
    link = _Links()
    rows = [
        Line(
            due=_moment(item.due),
            state=item.state,
            label=item.label,
            detail=item.detail,
            quiet=item.quiet,
            subject=item.subject,
            standing_in=item.owner_id != person,
            window=f"{_moment(item.earliest)} – {_moment(item.due)}" if item.earliest else "",
            clause=item.clause,
            because=item.because,
            link=link(item),
        )
        for item in items
    ]
    words = {
        "due": pgettext("task", "Due"),
        "what": pgettext("worklist", "What"),
        "subject": gettext("Customer or place"),
        "window": gettext("Window"),
        "clause": gettext("Clause"),
        "overdue": gettext("Overdue"),
        "not_yet": gettext("Not yet"),
        "quiet": gettext("Not a time to call now"),
        "standing_in": gettext("standing in"),
        "open": pgettext("link", "Open"),
    }
    return mark_safe(
        render_to_string("followup/worklist_table.jinja", {"rows": rows, "words": words}, using="jinja2")
    )
