"""The board's filters, read from the query string; what is not a choice is dropped, never obeyed.

Six plain values, read here rather than through a Django form: the board is the page dispatchers keep
open (refreshed every 30 s), and a bound form with its choices cost a tenth of its time.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext

from fuwu.orders import labels

MAX_TEXT = 50
TRUE = frozenset({"on", "1", "true", "yes"})


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True, slots=True)
class Filters:
    """What the board is asked to show. ``technician`` is any person's id: the rows are the user's
    sites' anyway, and a technician who has left a site still has orders there to find."""

    site: int | None = None
    status: str = ""
    tag: str = ""
    technician: int | None = None
    breached: bool = False
    q: str = ""

    @classmethod
    def of(cls, query: QueryDict, site_ids: set[int]) -> Filters:
        site = _integer(query.get("site", ""))
        status = query.get("status", "")
        tag = query.get("tag", "")
        return cls(
            site=site if site in site_ids else None,  # another site's id is dropped
            status=status if status in labels.STATUS else "",
            tag=tag if tag in labels.TAGS else "",
            technician=_integer(query.get("technician", "")),
            breached=query.get("breached", "").lower() in TRUE,
            q=query.get("q", "").strip()[:MAX_TEXT],
        )

    def site_options(self, sites: list[tuple[int, str, str]]) -> list[Option]:
        return _options(gettext("All sites"), [(str(pk), name) for pk, _code, name in sites], self.site)

    def status_options(self) -> list[Option]:
        return _options(gettext("All open"), list(labels.STATUS.items()), self.status)

    def tag_options(self) -> list[Option]:
        return _options(gettext("All tags"), list(labels.TAGS.items()), self.tag)

    def technician_options(self, technicians: list[tuple[int, str]]) -> list[Option]:
        return _options(
            gettext("All technicians"), [(str(pk), name) for pk, name in technicians], self.technician
        )


def _integer(text: str) -> int | None:
    # Ids fit a database integer; anything else is no choice at all.
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def _options(everything: str, choices: list[tuple[str, str]], chosen: object) -> list[Option]:
    current = "" if chosen is None else str(chosen)
    return [Option("", everything, current == ""), *(Option(v, label, v == current) for v, label in choices)]
