"""One name, one shape, in the OpenAPI schema's components.

django-ninja names each component after its class and keeps the last class of a name it meets: two
apps' `DeadlineOut`s, or a model's `Kind` enum beside another's, would silently document one shape for
both, and clients (and the schema fuzzing) would read the wrong one.
"""

from __future__ import annotations

import enum
import json
import typing
from collections import defaultdict
from collections.abc import Iterator

from django.test import SimpleTestCase
from pydantic import BaseModel

import fuwu.api  # noqa: F401  # imports every app's routers and so every schema class


def subclasses(cls: type[BaseModel]) -> Iterator[type[BaseModel]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


def enums_in(annotation: object) -> Iterator[type[enum.Enum]]:
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from enums_in(argument)


class ComponentNameTests(SimpleTestCase):
    def test_no_two_schema_classes_or_enums_share_a_name_with_different_shapes(self) -> None:
        shapes: dict[str, set[str]] = defaultdict(set)
        where: dict[str, set[str]] = defaultdict(set)
        for model in subclasses(BaseModel):
            if not (model.__module__.startswith("fuwu.") and ".api" in model.__module__):
                continue  # the pack loader's models are not the API's
            shapes[model.__name__].add(json.dumps(model.model_json_schema(), sort_keys=True))
            where[model.__name__].add(model.__module__)
            for field in model.model_fields.values():
                for found in enums_in(field.annotation):
                    shapes[found.__name__].add(json.dumps(sorted(member.value for member in found)))
                    where[found.__name__].add(f"{found.__module__}.{found.__qualname__}")
        clashes = {name: sorted(where[name]) for name, seen in shapes.items() if len(seen) > 1}
        self.assertEqual(clashes, {})
