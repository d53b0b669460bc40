"""FuwuAPI: django-ninja's NinjaAPI with Fuwu's auth, error shapes, JSON, idempotency and documented 4xx."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import ValidationError, ValidationErrorContext
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser

from fuwu.core.api import errors
from fuwu.core.api.auth import default_auth
from fuwu.core.api.bodies import answered
from fuwu.core.api.idempotency import HEADER, MAX_KEY_LENGTH, idempotent
from fuwu.core.api.rendering import FuwuJSONRenderer
from fuwu.core.api.schemas import ERROR_RESPONSES, Problem

_REF = "#/components/schemas/"
_WRITES = frozenset({"post", "put", "patch", "delete"})


class ObjectBodyParser(Parser):
    """JSON bodies must be objects: ninja would read `[…]` or `"text"` as an object with every field
    missing, so an operation whose fields all have defaults would accept them."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise errors.NotAnObject(gettext("The body must be a JSON object ({…})."))
        return data


class FuwuAPI(NinjaAPI):
    """Every operation requires a token or session, answers errors in the contract's shapes, and every POST
    honours Idempotency-Key. A write's 422 names every bad field at once (fuwu.core.api.bodies). The
    OpenAPI schema documents the 4xx each operation can answer."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("auth", default_auth())
        kwargs.setdefault("renderer", FuwuJSONRenderer())
        kwargs.setdefault("parser", ObjectBodyParser())
        super().__init__(**kwargs)
        errors.install(self)
        self.add_decorator(idempotent, mode="view")
        self.add_decorator(answered, mode="operation")

    def validation_error_from_error_contexts(
        self, error_contexts: list[ValidationErrorContext[Any]]
    ) -> ValidationError:
        """Locations as the client wrote them: ["body", "tags", 0], not ninja's ["body", "payload", …].

        Each error stays pydantic's (type, ctx, msg): the error handler words it (fuwu.core.api.messages)."""
        problems: list[dict[str, Any]] = []
        for context in error_contexts:
            model = context.model
            source: str = model.__ninja_param_source__
            flatten: dict[tuple[Any, ...], tuple[Any, ...]] = model.__ninja_flatten_map_reverse__
            single_body = source == "body" and len(model.model_fields) == 1
            for error in context.pydantic_validation_error.errors(include_url=False):
                loc = tuple(flatten.get(error["loc"], error["loc"]))
                if single_body and loc and loc[0] in model.model_fields:
                    loc = loc[1:]  # the body is the one schema: its parameter name is not in the JSON
                problems.append({**error, "loc": [source, *loc]})
        return ValidationError(problems)

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in {model for model, _ in ERROR_RESPONSES.values()} | {Problem}:
            body = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(body.pop("$defs", {}))
            components[model.__name__] = body
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                if isinstance(operation, dict):
                    _document_errors(path, method, operation)
        return schema


def _document_errors(path: str, method: str, operation: dict[str, Any]) -> None:
    codes = {403}
    if operation.get("security"):
        codes.add(401)
    if "{" in path:
        codes.add(404)
    if method in _WRITES:
        codes.add(409)
    if operation.get("parameters") or operation.get("requestBody") or method in _WRITES:
        codes.add(422)
    if operation.get("requestBody"):
        codes.add(400)
    responses = operation.setdefault("responses", {})
    for code in sorted(codes):
        model, description = ERROR_RESPONSES[code]
        responses.setdefault(
            str(code),
            {
                "description": description,
                "content": {"application/json": {"schema": {"$ref": _REF + model.__name__}}},
            },
        )
    if method == "post":
        operation.setdefault("parameters", []).append(
            {
                "in": "header",
                "name": HEADER,
                "required": False,
                "schema": {"type": "string", "maxLength": MAX_KEY_LENGTH},
                "description": "Send a new UUID per intended write: the same key again returns the first "
                "response (status and body) and changes nothing.",
            }
        )
