"""The words staff and owners see for an order's statuses, tags, channels, timeline steps and deadlines.

The domain words come from the regulations, which are written in Chinese, but they are UI text like any
other: each has one English name (``docs/glossary.md``), used as its msgid, and the zh-Hans catalogue gives
the regulations' own word back. Each table below maps a stored code to its word; reading a word
(``STATUS["created"]``, ``.get``, ``.items()``) gives it in the active language at that moment, so a table
can be a module constant and a form built at import still shows the language of each request.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Generic, TypeVar

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as Lazy

K = TypeVar("K")


class Words(Mapping[K, str], Generic[K]):
    """Codes to words; a word is translated into the active language each time it is read."""

    def __init__(self, words: dict[K, Lazy]) -> None:
        self._words = words

    def __getitem__(self, code: K) -> str:
        return str(self._words[code])

    def __contains__(self, code: object) -> bool:
        return code in self._words

    def __iter__(self) -> Iterator[K]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)

    def lazy(self, code: K) -> Lazy:
        """The word still untranslated, for what is built once (a form's choices, a field's label)."""
        return self._words[code]

    def choices(self, codes: Iterable[K] | None = None) -> list[tuple[K, Lazy]]:
        """(code, word) pairs for a form's choices, translated when the form is rendered."""
        return [(code, self._words[code]) for code in (self._words if codes is None else codes)]


STATUS: Words[str] = Words(
    {
        "created": _("Awaiting dispatch"),
        "dispatched": _("Dispatched"),
        "accepted": _("Accepted"),
        "arrived": _("On site"),
        "completed": _("Completed"),
        "closed": _("Closed"),
        "cancelled": _("Cancelled"),
    }
)

TAGS: Words[str] = Words(
    {
        "general": _("General repair"),
        "difficult": _("Especially difficult"),
        "special_craft": _("Needs special craft"),
        "small": _("Small problem"),
        "large": _("Large problem"),
        "emergency": _("Emergency"),
        "burst_pipe": _("Burst pipe"),
        "leak": _("Leak"),
        "power_outage": _("Power cut"),
        "safety_facility": _("Safety facility"),
    }
)

# What an owner can say about the fault on the public page: the tags that need no expert judgement.
OWNER_TAGS = ("emergency", "burst_pipe", "leak", "power_outage", "safety_facility")

CHANNELS: Words[str] = Words(
    {
        "phone": _("Phone"),
        "walk_in": _("Walk-in"),
        "qr": _("QR code"),
        "api": _("API"),
        "wecom": _("WeCom"),
    }
)

DESK_CHANNELS = ("phone", "walk_in", "wecom")

# The timeline's steps: the same English as some statuses, other Chinese words, hence the context.
EVENTS: Words[str] = Words(
    {
        "created": pgettext_lazy("order event", "Received"),
        "dispatched": pgettext_lazy("order event", "Dispatched"),
        "accepted": pgettext_lazy("order event", "Accepted"),
        "arrived": pgettext_lazy("order event", "Checked in on site"),
        "quoted": pgettext_lazy("order event", "Quoted"),
        "approved": pgettext_lazy("order event", "Approved by the supervisor"),
        "rejected": pgettext_lazy("order event", "Rejected by the supervisor"),
        "completed": pgettext_lazy("order event", "Completed"),
        "closed": pgettext_lazy("order event", "Closed"),
        "cancelled": pgettext_lazy("order event", "Cancelled"),
        "reworked": pgettext_lazy("order event", "Rework"),
    }
)

# What a deadline (an obligation's ``what``) is for, as in "Arrival 2 hours 5 min left".
DEADLINES: Words[str] = Words(
    {
        "arrival": pgettext_lazy("deadline", "Arrival"),
        "response": pgettext_lazy("deadline", "Response"),
        "completion": pgettext_lazy("deadline", "Completion"),
        "return_visit": pgettext_lazy("deadline", "Return visit"),
        "rectification": pgettext_lazy("deadline", "Rectification"),
        "repair_revisit": pgettext_lazy("deadline", "Return visit after repair"),
        "reply": pgettext_lazy("deadline", "Reply"),
        "call": pgettext_lazy("deadline", "Call back"),
    }
)

# A step an order's state can refuse, as it ends "…, which does not allow %(step)s." (steps.require_state).
STEPS: Words[str] = Words(
    {
        "dispatch": pgettext_lazy("order step", "dispatch"),
        "accept": pgettext_lazy("order step", "acceptance"),
        "arrive": pgettext_lazy("order step", "check-in on site"),
        "quote": pgettext_lazy("order step", "a quote"),
        "approval": pgettext_lazy("order step", "an approval decision"),
        "complete": pgettext_lazy("order step", "completion"),
        "close": pgettext_lazy("order step", "closing"),
        "cancel": pgettext_lazy("order step", "cancellation"),
        "rework": pgettext_lazy("order step", "rework"),
    }
)

OBLIGATION_STATES: Words[str] = Words(
    {"open": _("Open"), "met": _("Done on time"), "breached": _("Breached"), "void": _("Void")}
)

# p09.1 and p10.3.1: what the technician confirms on arrival.
CHECKLIST: Words[str] = Words(
    {
        "uniform": _("Work uniform on"),
        "badge": _("Badge worn"),
        "shoe_covers": _("Shoe covers on"),
        "knocked": _("Knocked before entering"),
        "consent": _("Entered with the owner's consent"),
        "toolbox": _("Brought the full toolbox"),
        "floor_mat": _("Floor mat laid"),
    }
)

APPROVAL: Words[str] = Words(
    {
        "": _("Not needed"),
        "pending": _("Awaiting approval"),
        "approved": _("Approved"),
        "rejected": _("Rejected"),
    }
)

VISIT_CHANNELS: Words[str] = Words({"visit": _("In person"), "phone": _("Phone"), "intercom": _("Intercom")})

# The five-level score of p15 (5 … 1).
SCORES: Words[int] = Words(
    {
        5: _("Very satisfied"),
        4: _("Satisfied"),
        3: _("Neutral"),
        2: _("Dissatisfied"),
        1: _("Very dissatisfied"),
    }
)

VISIT_ANSWERS: Words[str] = Words(
    {
        "repair_ok": _("Did the repair meet the required quality?"),
        "staff_attitude": _("Staff attitude and conduct"),
        "charges_ok": _("Were the charges reasonable?"),
        "suggestions": _("Comments and suggestions"),
    }
)


def deadline_word(what: str) -> str:
    return DEADLINES.get(what, what)
