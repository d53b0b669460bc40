"""Words the customers pages and the API show for stored values: what an obligation is about, its state,
a span of time left."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from fuwu.regulations.selectors import StoredObligation

WHAT = {
    "archive": _("Customer file"),
    "call": pgettext_lazy("obligation", "Follow-up call"),
    "reply": _("Reply to the customer"),
    "plan_next_contact": _("Plan the next contact"),
}
STATES = {
    "open": pgettext_lazy("obligation", "Open"),
    "met": pgettext_lazy("obligation", "Met"),
    "breached": pgettext_lazy("obligation", "Breached"),
    "void": pgettext_lazy("obligation", "Void"),
}


def what_word(what: str) -> str:
    word = WHAT.get(what)
    return str(word) if word is not None else what


def span(seconds: float) -> str:
    """A span as read at a glance: 3 days 2 hours, 2 hours 5 min, 7 min."""
    minutes = int(abs(seconds)) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    day_text = ngettext("%(count)s day", "%(count)s days", days) % {"count": days}
    hour_text = ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}
    if days:
        return f"{day_text} {hour_text}"
    if hours:
        return f"{hour_text} {gettext('%(count)s min') % {'count': mins}}"
    return gettext("%(count)s min") % {"count": mins}


@dataclass(frozen=True)
class Owed:
    """A stored obligation as a page shows it: what, clause, due, time left and its colour."""

    what: str
    clause: str
    because: str
    due: dt.datetime
    earliest: dt.datetime | None
    state: str
    state_word: str
    left: str
    colour: str  # ok, warn (a day or less left), late (breached or overdue), done


def owed(row: StoredObligation, now: dt.datetime) -> Owed:
    """How the obligation stands at ``now``."""
    left = (row.due - now).total_seconds()
    if row.state == "met":
        colour, text = "done", gettext("Done")
    elif row.met_at is not None:  # done, after its time
        colour = "done"
        text = gettext("Done, %(time)s late") % {"time": span((row.met_at - row.due).total_seconds())}
    elif row.state == "breached" or left < 0:
        colour, text = "late", gettext("%(time)s overdue") % {"time": span(-left)}
    elif row.earliest is not None and row.earliest > now:
        colour = "ok"
        text = gettext("From %(time)s") % {"time": f"{timezone.localtime(row.earliest):%m-%d %H:%M}"}
    else:
        colour = "ok" if left > 24 * 3600 else "warn"
        text = gettext("%(time)s left") % {"time": span(left)}
    return Owed(
        what=what_word(row.what),
        clause=row.clause,
        because=row.because,
        due=row.due,
        earliest=row.earliest,
        state=row.state,
        state_word=str(STATES.get(row.state, row.state)),
        left=text,
        colour=colour,
    )
