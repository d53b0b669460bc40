"""YAML text → node tree (every node keeps its mark) → plain data, with YAML 1.2-like scalars.

Pack authors write keys such as ``on:`` and values such as ``no``; YAML 1.1 would turn them into booleans,
so only ``true``/``false`` are booleans here. Dates (``2026-01-01``) stay dates; other timestamps stay text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import yaml
import yaml.reader
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from fuwu.policy.errors import PolicyError, Problem

NULL = "tag:yaml.org,2002:null"
BOOL = "tag:yaml.org,2002:bool"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
DATE = "tag:yaml.org,2002:timestamp"
STR = "tag:yaml.org,2002:str"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"

# A document whose aliases expand beyond this many values is refused ("billion laughs").
MAX_VALUES = 200_000

_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


class _Resolver(BaseResolver):
    """The YAML 1.2 core schema, plus plain dates."""


_Resolver.add_implicit_resolver(NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Resolver.add_implicit_resolver(BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Resolver.add_implicit_resolver(DATE, re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), list("0123456789"))
_Resolver.add_implicit_resolver(INT, _INT, list("-+0123456789"))
_Resolver.add_implicit_resolver(FLOAT, _FLOAT, list("-+0123456789."))


# The pure-Python composer: a deeply nested document then fails with RecursionError, which is caught,
# where the C composer could overflow the C stack. Packs are small, so speed does not suffer.
class _Loader(Reader, Scanner, Parser, Composer, _Resolver):
    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Resolver.__init__(self)


def where(node: Node) -> tuple[int, int]:
    """Return the 1-based line and column where ``node`` starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def compose(file: str, text: str) -> Node:
    """Parse YAML text into one node tree; a syntax error or an empty document raises PolicyError."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        raise PolicyError.single(
            f"the character U+{error.character:04X} is not allowed in YAML", file, line, column
        ) from None
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = ": ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"
        raise PolicyError.single(f"YAML syntax error: {problem}", file, line, column) from None
    except yaml.YAMLError as error:
        raise PolicyError.single(f"YAML error: {error}", file, 1, 1) from None
    except RecursionError:
        raise PolicyError.single("the document is nested too deeply", file, 1, 1) from None
    finally:
        loader.dispose()
    if node is None:
        raise PolicyError.single("the file is empty", file, 1, 1)
    return node


def scalar_value(node: ScalarNode) -> Any:
    """Return the value of a scalar node by its resolved tag; raise ValueError when it does not fit."""
    text = node.value
    tag = node.tag
    if tag == STR or tag == "!":
        return text
    if tag == NULL:
        if text not in ("", "~", "null", "Null", "NULL"):
            raise ValueError(f"{text!r} is not null")
        return None
    if tag == BOOL:
        if text in ("true", "True", "TRUE"):
            return True
        if text in ("false", "False", "FALSE"):
            return False
        raise ValueError(f"{text!r} is not true or false")
    if tag == INT:
        if not _INT.match(text):
            raise ValueError(f"{text!r} is not a whole number")
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        if len(text) > 100:
            raise ValueError("the number is too long")
        return int(text)
    if tag == FLOAT:
        if not _FLOAT.match(text):
            raise ValueError(f"{text!r} is not a number")
        lowered = text.lower()
        if lowered.endswith("inf"):
            return -math.inf if lowered.startswith("-") else math.inf
        if lowered.endswith("nan"):
            return math.nan
        return float(text)
    if tag == DATE:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a valid date") from None
    raise ValueError(f"unsupported YAML tag {tag}")


class _Builder:
    """Turns a node tree into dicts, lists and scalars, collecting every problem instead of stopping."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.built: dict[int, tuple[Any, int]] = {}  # id(node) → (value, values it expands to)
        self.building: set[int] = set()

    def problem(self, node: Node, message: str) -> None:
        line, column = where(node)
        self.problems.append(Problem(self.file, line, column, message))

    def build(self, node: Node) -> tuple[Any, int]:
        done = self.built.get(id(node))
        if done is not None:
            return done
        if id(node) in self.building:
            self.problem(node, "an alias refers to a value that contains it")
            return None, 1
        self.building.add(id(node))
        try:
            result = self._build(node)
        finally:
            self.building.discard(id(node))
        if result[1] > MAX_VALUES:
            raise PolicyError.single(
                f"the document expands to more than {MAX_VALUES} values (too many aliases)", self.file, 1, 1
            )
        self.built[id(node)] = result
        return result

    def _build(self, node: Node) -> tuple[Any, int]:
        if isinstance(node, ScalarNode):
            try:
                return scalar_value(node), 1
            except ValueError as error:
                self.problem(node, str(error))
                return None, 1
        if isinstance(node, SequenceNode):
            if node.tag != SEQ:
                self.problem(node, f"unsupported YAML tag {node.tag}")
            items: list[Any] = []
            size = 1
            for child in node.value:
                value, count = self.build(child)
                items.append(value)
                size += count
            return items, size
        if isinstance(node, MappingNode):
            if node.tag != MAP:
                self.problem(node, f"unsupported YAML tag {node.tag}")
            mapping: dict[Any, Any] = {}
            first: dict[Any, Node] = {}
            size = 1
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    self.problem(key_node, "a mapping key must be a plain value, not a list or mapping")
                    continue
                key, _ = self.build(key_node)
                value, count = self.build(value_node)
                size += count + 1
                if key in first:
                    line, _column = where(first[key])
                    self.problem(key_node, f"duplicate key {key_node.value!r} (first given on line {line})")
                    continue
                first[key] = key_node
                mapping[key] = value
            return mapping, size
        self.problem(node, "unsupported YAML node")
        return None, 1


def to_data(file: str, node: Node) -> Any:
    """Return the plain data of a node tree; raise PolicyError listing every problem found."""
    builder = _Builder(file)
    try:
        value, _ = builder.build(node)
    except RecursionError:
        raise PolicyError.single("the document is nested too deeply", file, 1, 1) from None
    if builder.problems:
        raise PolicyError(builder.problems)
    return value


def child(node: Node, item: str | int) -> tuple[Node, Node | None] | None:
    """Return (value node, key node) of ``item`` inside a mapping or sequence node, or None."""
    if isinstance(node, SequenceNode) and isinstance(item, int) and 0 <= item < len(node.value):
        found: Node = node.value[item]
        return found, None
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                continue
            try:
                key = scalar_value(key_node)
            except ValueError:
                key = key_node.value
            if key == item or (type(key) is not type(item) and str(key) == str(item)):
                return value_node, key_node
    return None
