"""pydantic's problems reworded by type (fuwu.core.api.messages): a Chinese sentence for each, the same
placeholders in both languages, and every problem the API's input schemas can give is in the table."""

from __future__ import annotations

import re
from typing import Any

from django.test import SimpleTestCase
from django.utils import translation
from django.utils.translation import gettext
from ninja import Schema
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

import fuwu.api  # noqa: F401  (every router, so every input schema, is loaded)
from fuwu.core.api import messages
from fuwu.core.api.bodies import Body
from fuwu.core.api.pagination import PageParams

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,}[ ,;]+[A-Za-z]{2,}")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# Values a client may send by mistake, each tried on every field of every input schema.
BAD_VALUES: list[Any] = [
    None,
    "",
    "x" * 6000,
    "abc",
    "maybe",
    "1.5",
    "2026-03-02T09:00",
    "2026-13-45",
    "12345678901.234",
    -1,
    0,
    2**64,
    1.5,
    True,
    [],
    [1],
    {},
    {"a": "x"},
]


def _errors(model: type[BaseModel], **values: Any) -> list[dict[str, Any]]:
    try:
        model.model_validate(values)
    except ValidationError as error:
        return [dict(e) for e in error.errors(include_url=False)]
    raise AssertionError("valid")


def _subclasses(cls: type[Any]) -> set[type[Any]]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


class Sample(BaseModel):
    name: str = Field(max_length=3)
    score: int = Field(ge=1, le=5)
    channel: Any = None


class SentenceTests(SimpleTestCase):
    def test_each_sentence_has_chinese_with_the_same_placeholders(self) -> None:
        for kind, msgid in messages.SENTENCES.items():
            with self.subTest(kind=kind), translation.override("zh-hans"):
                chinese = gettext(msgid)
                self.assertNotEqual(chinese, msgid)
                self.assertRegex(chinese, CJK)
                self.assertNotRegex(chinese, ENGLISH_WORDS)
                self.assertEqual(set(PLACEHOLDER.findall(chinese)), set(PLACEHOLDER.findall(msgid)))

    def test_a_sentence_is_filled_from_the_errors_context_in_the_active_language(self) -> None:
        errors = _errors(Sample, name="long", score=9)
        with translation.override("zh-hans"):
            self.assertEqual([messages.sentence(e) for e in errors], ["最多 3 个字符", "不能大于 5"])
        with translation.override("en"):
            self.assertEqual(
                [messages.sentence(e) for e in errors],
                ["Give at most 3 characters.", "Give a value of at most 5."],
            )
        missing = _errors(Sample)
        with translation.override("zh-hans"):
            self.assertEqual(messages.problems(missing, at=("body",))[0], (("body", "name"), "必须填写"))

    def test_choices_are_listed_as_the_language_lists_them(self) -> None:
        error = {"type": "literal_error", "ctx": {"expected": "'phone', 'a, b' or 'walk_in'"}, "msg": "…"}
        with translation.override("zh-hans"):
            self.assertEqual(messages.sentence(error), "须为以下之一:phone、a, b、walk_in")
        with translation.override("en"):
            self.assertEqual(messages.sentence(error), "Give one of phone, a, b, walk_in.")
            self.assertEqual(
                messages.sentence({"type": "enum", "ctx": {"expected": "1, 2 or 3"}}), "Give one of 1, 2, 3."
            )

    def test_an_unknown_type_keeps_pydantics_message_and_a_validators_own_sentence_is_kept(self) -> None:
        with translation.override("zh-hans"):
            self.assertEqual(messages.sentence({"type": "new_kind", "msg": "Something new"}), "Something new")
            own = {
                "type": "value_error",
                "msg": "Value error, 年份须在 2000 到 2099 之间",
                "ctx": {"error": "x"},
            }
            self.assertEqual(messages.sentence(own), "年份须在 2000 到 2099 之间")
            # A context without the value the sentence names: pydantic's message rather than a crash.
            self.assertEqual(messages.sentence({"type": "less_than_equal", "msg": "Too big"}), "Too big")

    def test_every_problem_the_apis_input_schemas_give_is_worded(self) -> None:
        schemas = {
            model
            for model in _subclasses(Body) | _subclasses(Schema)
            if model.__module__.startswith("fuwu.")
            and (issubclass(model, Body) or model.__name__.endswith("Filters"))
        } | {PageParams}
        self.assertGreater(len(schemas), 10)
        unworded: set[tuple[str, str, str]] = set()
        for model in schemas:
            for name, field in model.model_fields.items():
                # One field alone, as a Body reads it (a Body keeps its problems instead of raising).
                adapter: TypeAdapter[Any] = TypeAdapter(field.rebuild_annotation())
                for value in BAD_VALUES:
                    try:
                        adapter.validate_python(value)
                    except ValidationError as error:
                        for e in error.errors(include_url=False):
                            if e["type"] not in messages.SENTENCES and e["type"] != "value_error":
                                unworded.add((model.__name__, name, e["type"]))
        self.assertEqual(unworded, set())
