"""pydantic's problems as clear sentences in the request's language: the one table the API's 422s use.

Wherever a pydantic ValidationError becomes entries of a 422 — a write's Body (`bodies`), the page
parameters of a list (`pagination`), the query and path parameters django-ninja validates (`base`, whose
errors `errors` answers) — each entry's message is `sentence(error)`: chosen by the error's `type`, filled
from its `ctx` (`le`, `max_length`, `expected` …) and translated into the request's language (Chinese by
default; see fuwu.core.middleware). The msgids are English sentences, translated in core's catalogue.

A type the table does not know keeps pydantic's own message (English). A validator's own ValueError
(`value_error`) is a sentence of ours already, translated when it was raised: it is kept without
pydantic's "Value error, " prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext, gettext_noop, pgettext

from fuwu.core.errors import FieldProblem

_WHOLE_NUMBER = gettext_noop("Give a whole number.")
_NUMBER = gettext_noop("Give a number.")
_BOOLEAN = gettext_noop("Give true or false.")
_LIST = gettext_noop("Give a list ([…]).")
_OBJECT = gettext_noop("Give an object ({…}).")
_CHOICE = gettext_noop("Give one of %(expected)s.")
_DATE = gettext_noop("Give a date as YYYY-MM-DD, e.g. 2026-03-02.")
_MOMENT = gettext_noop("Give a date and time in ISO 8601 with its offset, e.g. 2026-03-02T09:00:00+08:00.")
_TIME = gettext_noop("Give a time as HH:MM or HH:MM:SS.")
_DECIMAL = gettext_noop('Give a decimal number such as "80.00".')
_PAST = gettext_noop("Give a time in the past.")
_FUTURE = gettext_noop("Give a time in the future.")
_URL = gettext_noop("Give a URL such as https://example.com/.")
_JSON = gettext_noop("Give valid JSON.")

# pydantic's error type → the English msgid of its sentence; %(name)s placeholders are the error's ctx.
SENTENCES: dict[str, str] = {
    "missing": gettext_noop("This field is missing; it is required."),
    "extra_forbidden": gettext_noop("This request takes no such field."),
    "string_type": gettext_noop("Give text (a JSON string)."),
    "string_sub_type": gettext_noop("Give text (a JSON string)."),
    "string_unicode": gettext_noop("Give text in a valid encoding."),
    "string_too_short": gettext_noop("Give at least %(min_length)s characters."),
    "string_too_long": gettext_noop("Give at most %(max_length)s characters."),
    "string_pattern_mismatch": gettext_noop("The text does not have the form this field needs: %(pattern)s."),
    "string_not_ascii": gettext_noop("Give only ASCII characters."),
    "int_type": _WHOLE_NUMBER,
    "int_parsing": _WHOLE_NUMBER,
    "int_from_float": gettext_noop("Give a whole number, without a fractional part."),
    "int_parsing_size": gettext_noop("The number is too large."),
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "finite_number": gettext_noop("Give a finite number."),
    "bool_type": _BOOLEAN,
    "bool_parsing": _BOOLEAN,
    "none_required": gettext_noop("This field must be null."),
    "greater_than": gettext_noop("Give a value greater than %(gt)s."),
    "greater_than_equal": gettext_noop("Give a value of at least %(ge)s."),
    "less_than": gettext_noop("Give a value less than %(lt)s."),
    "less_than_equal": gettext_noop("Give a value of at most %(le)s."),
    "multiple_of": gettext_noop("Give a multiple of %(multiple_of)s."),
    "too_short": gettext_noop("Give at least %(min_length)s items."),
    "too_long": gettext_noop("Give at most %(max_length)s items."),
    "list_type": _LIST,
    "tuple_type": _LIST,
    "set_type": _LIST,
    "frozen_set_type": _LIST,
    "iterable_type": _LIST,
    "set_item_not_hashable": gettext_noop("The list holds a value that cannot be compared."),
    "dict_type": _OBJECT,
    "mapping_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "dataclass_type": _OBJECT,
    "literal_error": _CHOICE,
    "enum": _CHOICE,
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": gettext_noop("Give a date without a time, as YYYY-MM-DD."),
    "date_past": _PAST,
    "date_future": _FUTURE,
    "datetime_type": _MOMENT,
    "datetime_parsing": _MOMENT,
    "datetime_from_date_parsing": _MOMENT,
    "datetime_object_invalid": _MOMENT,
    "datetime_past": _PAST,
    "datetime_future": _FUTURE,
    "timezone_aware": gettext_noop("Give the time with its offset, e.g. 2026-03-02T09:00:00+08:00."),
    "timezone_naive": gettext_noop("Give the time without an offset."),
    "time_type": _TIME,
    "time_parsing": _TIME,
    "decimal_type": _DECIMAL,
    "decimal_parsing": _DECIMAL,
    "decimal_max_digits": gettext_noop("Give at most %(max_digits)s digits in all."),
    "decimal_max_places": gettext_noop("Give at most %(decimal_places)s decimal places."),
    "decimal_whole_digits": gettext_noop("Give at most %(whole_digits)s digits before the decimal point."),
    "uuid_type": gettext_noop("Give a UUID."),
    "uuid_parsing": gettext_noop("Give a UUID."),
    "url_type": _URL,
    "url_parsing": _URL,
    "url_scheme": _URL,
    "json_invalid": _JSON,
    "json_type": _JSON,
}

# A value of pydantic's `expected` ("'phone', 'walk_in' or 'qr'"): a quoted text, or a bare number.
_EXPECTED_VALUE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^\s,]+")


def clean_msg(msg: str) -> str:
    """A pydantic message without the prefix it puts before a validator's own sentence."""
    return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as the active language lists choices: a, b, c (中文: a、b、c)."""
    values = [value for value in _EXPECTED_VALUE.findall(expected) if value != "or"]
    shown = [value[1:-1] if value[:1] in "'\"" and len(value) > 1 else value for value in values]
    return pgettext("between choices", ", ").join(shown)


def sentence(error: Mapping[str, Any]) -> str:
    """The clear sentence, in the active language, for one of pydantic's errors (`.errors()` item)."""
    msgid = SENTENCES.get(str(error.get("type", "")))
    fallback = clean_msg(str(error.get("msg", "")))
    if msgid is None:
        return fallback
    values = {name: str(value) for name, value in (error.get("ctx") or {}).items()}
    if "expected" in values:
        values["expected"] = _choices(values["expected"])
    try:
        return gettext(msgid) % values
    except (KeyError, TypeError, ValueError):  # a ctx without the value the sentence names
        return fallback


def problems(errors: Iterable[Mapping[str, Any]], *, at: Sequence[str | int] = ()) -> list[FieldProblem]:
    """pydantic's errors as (loc, sentence) problems, each loc under `at` (("body",), ("query",) …)."""
    return [((*at, *error["loc"]), sentence(error)) for error in errors]
