"""Pydantic's validation errors of a pack or profile, turned into Problems in plain words, each at the
FILE:LINE:COLUMN of the YAML node it is about."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from fuwu.policy import yamlnodes
from fuwu.policy.errors import PolicyError, Problem
from fuwu.policy.schema import CLAUSE_ID, PACK_ID

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: dict[str, Any], root: Node, name: str) -> M:
    """Return ``data`` validated as ``model``; raise PolicyError with every problem at its line."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise PolicyError(_problems(model, error.errors(), root, name)) from None
    except (
        RecursionError,
        ValueError,
        TypeError,
        ArithmeticError,
    ) as error:  # a validator tripped on odd data
        line, column = yamlnodes.where(root)
        raise PolicyError.single(f"cannot read the document: {error}", name, line, column) from None


@dataclass
class _Located:
    error: ErrorDetails
    node: Node
    key_node: Node | None
    path: list[str | int]  # the data path that was followed
    union_at: tuple[str | int, ...] | None  # the data path of the innermost union member tried


def _locate(
    root: Node, loc: tuple[str | int, ...]
) -> tuple[Node, Node | None, list[str | int], tuple[Any, ...] | None]:
    """Follow a pydantic error location through the nodes; items that are no data key (union members,
    discriminator tags) are skipped, and the last skip marks the union the error came from."""
    node, key_node = root, None
    path: list[str | int] = []
    union_at: tuple[Any, ...] | None = None
    for item in loc:
        if item == "[key]" and key_node is not None:
            node = key_node
            continue
        found = yamlnodes.child(node, item)
        if found is None:
            union_at = tuple(path)
            continue
        node, key_node = found
        path.append(item)
    return node, key_node, path, union_at


_TYPE_ERRORS = {
    "model_type",
    "model_attributes_type",
    "dict_type",
    "decimal_type",
    "decimal_parsing",
    "string_type",
    "int_type",
    "int_parsing",
    "int_from_float",
    "float_type",
    "float_parsing",
    "bool_type",
    "bool_parsing",
    "list_type",
    "date_type",
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
}
_MAPPING_TYPES = {"model_type", "model_attributes_type", "dict_type"}


def _branch_score(error: ErrorDetails) -> int:
    """How likely this error is the one the author meant: 0 a real constraint, 1 a type error on the
    branch that fits the input's shape, 2 a type error of a branch the input was never meant for."""
    kind = error["type"]
    if kind not in _TYPE_ERRORS:
        return 0
    is_mapping = isinstance(error["input"], dict)
    wants_mapping = kind in _MAPPING_TYPES
    if kind == "list_type":
        return 1 if isinstance(error["input"], list) else 2
    return 1 if is_mapping == wants_mapping else 2


def _prune(located: list[_Located]) -> list[_Located]:
    """Keep, for each union, only the errors of the branch the author evidently meant."""
    groups: dict[tuple[Any, ...], list[_Located]] = {}
    for item in located:
        if item.union_at is not None:
            groups.setdefault(item.union_at, []).append(item)
    dropped: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        best = min(_branch_score(m.error) for m in members)
        kept = [m for m in members if _branch_score(m.error) == best]
        if best == 2:
            kept = kept[:1]
        dropped.update(id(m) for m in members if m not in kept)
    return [item for item in located if id(item) not in dropped]


def _problems(model: type[BaseModel], errors: list[ErrorDetails], root: Node, name: str) -> list[Problem]:
    located = []
    for error in errors:
        node, key_node, path, union_at = _locate(root, tuple(error["loc"]))
        located.append(_Located(error, node, key_node, path, union_at))
    problems: list[Problem] = []
    seen: set[str] = set()
    pruned = sorted(_prune(located), key=lambda item: yamlnodes.where(item.key_node or item.node))
    for item in pruned:
        node, path, message = _explain(model, item, root)
        line, column = yamlnodes.where(node)
        problem = Problem(name, line, column, f"{format_path(path)}: {message}" if path else message)
        if str(problem) not in seen:  # one union may report the same thing twice
            seen.add(str(problem))
            problems.append(problem)
    return problems


def format_path(path: Sequence[str | int]) -> str:
    """Return ``clauses[2].rules[0].amount`` for a data path."""
    text = ""
    for item in path:
        if isinstance(item, int):
            text += f"[{item}]"
        elif isinstance(item, str) and item.isidentifier():
            text += f".{item}" if text else item
        else:
            text += f"[{item!r}]"
    return text


def describe_input(value: Any) -> str:
    """Return how a problem names the value it got: ``a mapping``, ``nothing (null)``, ``'9点'``."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


_MONEY_FIELDS = {"amount", "minimum", "maximum", "above_amount"}
_PATTERNS = {
    CLAUSE_ID: "a clause id like p01.3.1",
    PACK_ID: "a pack id like p01",
    r"^[a-z][a-z0-9_]*$": "a short English name in lower case (letters, digits, _)",
    r"^[a-z][a-z0-9_-]*$": "an id in lower case (letters, digits, _ or -)",
}
# Model validators report on the whole mapping; these messages belong to one field of it.
_FIELD_OF_MESSAGE = {
    "clause kind does not match": "kind",
    "a kind is listed twice": "kind",
    "tiers must be in": "tiers",
    "weights must sum": "weights",
    "the weight of": "weights",
    "'largest' names": "largest",
    "'day' must be": "day",
}
_QUOTED = re.compile(r"'([^']*)'")


def _allowed_fields(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str] | None:
    """The field names of the model that the error location ``loc`` points into, when it can be told."""
    target = _model_at(model, loc)
    if target is None:
        return None
    return [field.alias or name for name, field in target.model_fields.items()]


def _unwrap(tp: Any) -> Any:
    while True:
        if typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if _is_union(tp):
            members = [m for m in typing.get_args(tp) if m is not type(None)]
            if len(members) == 1:
                tp = members[0]
                continue
        return tp


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType)


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    current: Any = model
    for item in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            fields = {field.alias or name: field for name, field in current.model_fields.items()}
            if item not in fields:
                return None
            current = fields[str(item)].annotation
        elif typing.get_origin(current) is list:
            current = typing.get_args(current)[0]
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        elif _is_union(current):
            current = _union_member(current, item)
            if current is None:
                return None
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _union_member(union: Any, item: str | int) -> Any:
    for member in typing.get_args(union):
        plain = _unwrap(member)
        if not (isinstance(plain, type) and issubclass(plain, BaseModel)):
            continue
        if plain.__name__ == item:
            return plain
        tag = plain.model_fields.get("type")
        if tag is not None and item in typing.get_args(tag.annotation):
            return plain
    return None


def _last_key(path: Sequence[str | int]) -> str | None:
    for item in reversed(path):
        if isinstance(item, str):
            return item
    return None


def _explain(model: type[BaseModel], item: _Located, root: Node) -> tuple[Node, list[str | int], str]:
    """Return the node to point at, the data path to name and the message in plain words."""
    error, node, path = item.error, item.node, list(item.path)
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    got = describe_input(error["input"])
    if kind == "missing":
        return node, path, f"missing field '{loc[-1]}'"
    if kind == "extra_forbidden":
        field = path.pop() if path else loc[-1]
        allowed = _allowed_fields(model, loc[:-1])
        hint = f" (allowed: {', '.join(allowed)})" if allowed else ""
        return item.key_node or node, path, f"unknown field '{field}'{hint}"
    if kind == "union_tag_invalid":
        discriminator = str(ctx.get("discriminator", "'type'")).strip("'")
        found = yamlnodes.child(node, discriminator)
        expected = str(ctx.get("expected_tags", "")).replace("'", "")
        target = found[0] if found else node
        return (
            target,
            [*path, discriminator],
            f"unknown {discriminator} {ctx.get('tag')!r} (expected one of: {expected})",
        )
    if kind == "union_tag_not_found":
        discriminator = str(ctx.get("discriminator", "'type'")).strip("'")
        if not isinstance(error["input"], dict):
            return node, path, f"expected a mapping with a '{discriminator}' field, got {got}"
        return node, path, f"missing field '{discriminator}'"
    if kind in ("value_error", "assertion_error"):
        return _explain_value_error(node, path, str(error["msg"]), root)
    noun = "an amount" if _last_key(path) in _MONEY_FIELDS else "a number"
    bound = {
        "greater_than_equal": f"expected {noun} of {ctx.get('ge')} or more, got {got}",
        "greater_than": f"expected {noun} greater than {ctx.get('gt')}, got {got}",
        "less_than_equal": f"expected {noun} of at most {ctx.get('le')}, got {got}",
        "less_than": f"expected {noun} less than {ctx.get('lt')}, got {got}",
    }
    if kind in bound:
        return node, path, bound[kind]
    pattern = _PATTERNS.get(str(ctx.get("pattern")), f"text matching {ctx.get('pattern')}")
    messages = {
        "literal_error": f"expected one of {ctx.get('expected')}, got {got}",
        "string_type": f"expected text, got {got}",
        "string_too_short": f"expected text of at least {ctx.get('min_length')} character(s), got {got}",
        "string_pattern_mismatch": f"expected {pattern}, got {got}",
        "int_type": f"expected a whole number, got {got}",
        "int_parsing": f"expected a whole number, got {got}",
        "int_from_float": f"expected a whole number, got {got}",
        "decimal_type": f'expected a decimal number such as "10.00", got {got}',
        "decimal_parsing": f'expected a decimal number such as "10.00", got {got}',
        "decimal_max_places": f"expected at most {ctx.get('decimal_places')} decimal places, got {got}",
        "decimal_max_digits": f"expected at most {ctx.get('max_digits')} digits, got {got}",
        "decimal_whole_digits": f"expected at most {ctx.get('whole_digits')} whole digits, got {got}",
        "finite_number": f"expected a finite number, got {got}",
        "bool_type": f"expected true or false, got {got}",
        "bool_parsing": f"expected true or false, got {got}",
        "date_type": f"expected a date like 2026-01-01, got {got}",
        "date_parsing": f"expected a date like 2026-01-01, got {got}",
        "date_from_datetime_parsing": f"expected a date like 2026-01-01, got {got}",
        "date_from_datetime_inexact": f"expected a date like 2026-01-01, got {got}",
        "list_type": f"expected a list, got {got}",
        "dict_type": f"expected a mapping (key: value), got {got}",
        "model_type": f"expected a mapping (key: value), got {got}",
        "model_attributes_type": f"expected a mapping (key: value), got {got}",
        "too_short": f"expected at least {ctx.get('min_length')} item(s), got {ctx.get('actual_length')}",
        "too_long": f"expected at most {ctx.get('max_length')} item(s), got {ctx.get('actual_length')}",
    }
    if kind in messages:
        return node, path, messages[kind]
    return node, path, f"{error['msg']}, got {got}"


def _explain_value_error(
    node: Node, path: list[str | int], msg: str, root: Node
) -> tuple[Node, list[str | int], str]:
    message = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    for prefix, field in _FIELD_OF_MESSAGE.items():
        if message.startswith(prefix):
            found = yamlnodes.child(node, field)
            if found is not None:
                return found[0], [*path, field], message
    # A message that quotes a value points at the node holding it: a clause id, a parameter, a bad time.
    quoted = _QUOTED.findall(message) + re.findall(r"clause id (\S+)", message)
    for value in quoted:
        last = "appears twice" in message or "listed twice" in message
        hit = _find_scalar(node, value, [], last)
        if hit is not None:
            return hit[0], [*path, *hit[1]], message
    return node, path, message


def _find_scalar(
    node: Node, value: str, path: list[str | int], last: bool
) -> tuple[Node, list[str | int]] | None:
    """Find the scalar node with this text under ``node`` (the last one when ``last``), with its path."""
    found: tuple[Node, list[str | int]] | None = None
    stack: list[tuple[Node, list[str | int]]] = [(node, path)]
    seen: set[int] = set()
    while stack:
        current, where = stack.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ScalarNode):
            if current.value == value:
                if not last:
                    return current, where
                found = (current, where)
        elif isinstance(current, SequenceNode):
            stack.extend((c, [*where, i]) for i, c in enumerate(current.value))
        elif isinstance(current, MappingNode):
            for key_node, value_node in current.value:
                stack.append((value_node, [*where, str(key_node.value)]))
    return found
