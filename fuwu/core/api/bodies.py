"""Write bodies: one 422 names every bad field, the schema's and the service's alike.

The rule, for every write of the API:

- A body's schema (a `Body`) checks each value's shape: JSON type, format, range, length, enum, required.
  A field with a bad shape does not stop the operation: it is recorded (`problems`) and left unset, so
  reading it raises `Invalid` with the body's shape problems — a bad value can never reach a service.
- The service owns the checks that need more than the shape (a time in the future or before the previous
  step, an explanation the regulation asks for, a reason a low score needs): each action gathers them in a
  `…_problems(...)` function that the action runs itself (the pages get every problem at once too) and
  that first raises `Conflict` (409) or `PermissionDenied` (403) when the state or the role does not allow
  the action at all — those are not field errors and come before them.
- The router calls `body.check(lambda given: services.x_problems(obj, by=user, at=given.at, …))` once it
  has the object. A whole body goes on to the service, which runs the same checks. An incomplete one is
  answered at once: the shape problems, then what the check finds among the readable values — `given` has
  each field's value or `UNKNOWN` for a bad one, and a check skips what it cannot know. A router that
  looks something up itself (a site by code) passes the problems it found as `found=`.
- A write whose body still has shape problems when its view returns is answered 422 anyway (`answered`,
  applied to every operation by FuwuAPI), and the write's transaction rolls back.

Only the top-level body is a Body: an object inside it is a plain Schema, whose problems are its field's
(["body", "answers", "repair_ok"]). A Body has no model-level validators: they would not run on the
readable fields of an incomplete body.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache, wraps
from typing import TYPE_CHECKING, Any

from ninja import Schema
from pydantic import PrivateAttr, TypeAdapter, ValidationError, model_validator
from pydantic_core.core_schema import ValidatorFunctionWrapHandler

from fuwu.core.api import messages
from fuwu.core.errors import UNKNOWN, FieldProblem, Invalid

Check = Callable[[Any], Iterable[FieldProblem]]


class Body(Schema):
    """The body of a write: its fields' shape problems wait to be answered with the service's checks."""

    _shape_problems: list[FieldProblem] = PrivateAttr(default_factory=list)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_the_readable_fields(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(data)
        except ValidationError as error:
            errors = error.errors(include_url=False)
            # Only an object's fields can be read one by one; anything else is answered as it is.
            if not isinstance(data, dict) or any(
                not e["loc"] or e["loc"][0] not in cls.model_fields for e in errors
            ):
                raise
            problems = messages.problems(errors, at=("body",))
            bad = {str(e["loc"][0]) for e in errors}
            values: dict[str, Any] = {}
            for name in (cls.model_fields.keys() & data.keys()) - bad:
                try:
                    values[name] = _field_adapter(cls, name).validate_python(data[name])
                except ValidationError as alone:  # the same rules as in the model: not expected
                    problems.extend(messages.problems(alone.errors(), at=("body", name)))
                    bad.add(name)
            body = cls.model_construct(**values)
            for name in bad:
                body.__dict__.pop(name, None)  # unset: reading it answers the shape problems
            body._shape_problems = problems
            return body

    @property
    def problems(self) -> list[FieldProblem]:
        """The fields whose shape is bad, each with its place in the body and a sentence."""
        return list(self._shape_problems)

    @property
    def given(self) -> Any:
        """The body's values for a check: a field with a bad shape reads `UNKNOWN`."""
        return _Given(self)

    def check(self, find: Check | None = None, *, found: Iterable[FieldProblem] = ()) -> None:
        """Answer now when the body is incomplete or the router `found` problems of its own: one Invalid
        with the shape problems, those found and those `find(given)` sees. Otherwise nothing: the service
        runs the same checks. `find` may raise Conflict or PermissionDenied first."""
        found = list(found)
        if not self._shape_problems and not found:
            return
        Invalid.unless_empty([*self._shape_problems, *found, *(find(self.given) if find else ())])

    if not TYPE_CHECKING:  # attribute names stay checked by mypy

        def __getattr__(self, name: str) -> Any:
            if name in type(self).model_fields and any(loc[1] == name for loc, _ in self._shape_problems):
                raise Invalid(self._shape_problems)
            return super().__getattr__(name)


@cache
def _field_adapter(body: type[Body], name: str) -> TypeAdapter[Any]:
    """A validator of one field alone, with the field's type and constraints."""
    return TypeAdapter(body.model_fields[name].rebuild_annotation())


class _Given:
    def __init__(self, body: Body) -> None:
        self._body = body

    def __getattr__(self, name: str) -> Any:
        body = self._body
        if name not in type(body).model_fields:
            raise AttributeError(name)
        return body.__dict__.get(name, UNKNOWN)


def answered(view: Callable[..., Any]) -> Callable[..., Any]:
    """An operation's view that cannot leave a body's shape problem unanswered (see the module's rule)."""

    @wraps(view)
    def run(request: Any, *args: Any, **values: Any) -> Any:
        result = view(request, *args, **values)
        for value in values.values():
            if isinstance(value, Body):
                Invalid.unless_empty(value.problems)
        return result

    return run
