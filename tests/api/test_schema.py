"""The OpenAPI 3 schema documents every 4xx; the interactive docs use only our own static files."""

from __future__ import annotations

import json
import re
from typing import Any

from django.contrib.staticfiles import finders
from django.test import Client, SimpleTestCase

from fuwu.core.api.base import FuwuAPI

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _schema() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema: dict[str, Any] = json.loads(response.content)
    return schema


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


class OpenApiTests(SimpleTestCase):
    def test_is_a_well_formed_openapi_3_document(self) -> None:
        schema = _schema()
        assert re.fullmatch(r"3\.\d+\.\d+", schema["openapi"])
        assert schema["info"]["title"] == "Fuwu API"
        assert schema["info"]["version"] == "1"
        assert {"/api/v1/sites", "/api/v1/staff", "/api/v1/me", "/api/v1/me/tokens"} <= set(schema["paths"])
        components = schema["components"]["schemas"]
        for ref in _refs(schema):
            assert ref.startswith("#/components/schemas/"), ref
            assert ref.removeprefix("#/components/schemas/") in components, ref
        operation_ids = [operation["operationId"] for _, _, operation in _operations(schema)]
        assert len(operation_ids) == len(set(operation_ids))
        for path, method, operation in _operations(schema):
            assert operation["responses"], (path, method)
            for code in operation["responses"]:
                assert re.fullmatch(r"[1-5]\d\d", code), (path, method, code)
            for parameter in operation.get("parameters", []):
                assert parameter["in"] in {"query", "header", "path", "cookie"}
                assert "schema" in parameter
        try:
            from openapi_spec_validator import validate  # type: ignore[import-not-found,unused-ignore]
        except ImportError:  # not a dependency; the structural checks above stand in for it
            return
        validate(schema)

    def test_every_operation_documents_its_4xx(self) -> None:
        schema = _schema()
        for path, method, operation in _operations(schema):
            codes = set(operation["responses"])
            assert {"401", "403"} <= codes, (path, method)
            if "{" in path:
                assert "404" in codes, (path, method)
            if method == "post":
                assert {"409", "422"} <= codes, (path, method)
                assert any(p["name"] == "Idempotency-Key" for p in operation["parameters"])
            if operation.get("parameters"):
                assert "422" in codes, (path, method)
            for code in codes - {"200", "201"}:
                ref = operation["responses"][code]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/Problems" if code == "422" else "/Detail"), (path, method, code)

    def test_bearer_and_session_are_the_security_schemes(self) -> None:
        schemes = _schema()["components"]["securitySchemes"]
        assert schemes["BearerToken"] == {"type": "http", "scheme": "bearer"}
        assert schemes["SessionWithCsrf"]["in"] == "cookie"

    def test_path_parameters_get_404(self) -> None:
        probe = FuwuAPI(title="t", version="t", urls_namespace="schema-probe")

        @probe.get("/things/{thing_id}")
        def thing(request: object, thing_id: int) -> dict[str, int]:
            return {"id": thing_id}

        operation = probe.get_openapi_schema(path_prefix="/")["paths"]["/things/{thing_id}"]["get"]
        assert {"401", "403", "404", "422"} <= set(operation["responses"])
        assert "409" not in operation["responses"]


class DocsPageTests(SimpleTestCase):
    def test_the_docs_page_loads_only_our_own_static_files(self) -> None:
        response = Client().get("/api/v1/docs")
        assert response.status_code == 200
        html = response.content.decode()
        assert "swagger-ui" in html
        assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", html), html
        sources = re.findall(r"(?:src|href)=\"([^\"]+)\"", html)
        assert sources
        for source in sources:
            assert source.startswith("/static/"), source
            assert finders.find(source.removeprefix("/static/")), source
        assert "/api/v1/openapi.json" in html

    def test_the_static_files_are_served(self) -> None:
        response = Client().get("/static/ninja/swagger-ui-bundle.js")
        assert response.status_code == 200
