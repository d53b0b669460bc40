"""Reading pack and profile YAML files into their models; a malformed file raises PolicyError whose
problems read ``FILE:LINE:COLUMN: message``, never anything else."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from yaml.nodes import Node

from fuwu.policy import yamlnodes
from fuwu.policy.errors import PolicyError
from fuwu.policy.schema import Pack, Profile
from fuwu.policy.validation import describe_input, validate

PathLike = str | os.PathLike[str]


def read_text(path: PathLike) -> str:
    """Return the file's text as UTF-8; raise PolicyError when it cannot be read or decoded."""
    name = os.fspath(path)
    try:
        raw = Path(name).read_bytes()
    except OSError as error:
        raise PolicyError.single(f"cannot read the file: {error.strerror or error}", name) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise PolicyError.single(
            f"the file is not UTF-8 text (byte {error.start + 1} cannot be decoded)", name, line, 1
        ) from None
    if "\x00" in text:
        raise PolicyError.single("the file is not text (it contains NUL characters)", name, 1, 1)
    return text


def _mapping_root(name: str, text: str) -> tuple[Node, dict[str, Any]]:
    """Return the root node and the plain data of a YAML document whose top level is a mapping."""
    node = yamlnodes.compose(name, text)
    data = yamlnodes.to_data(name, node)
    if not isinstance(data, dict):
        raise PolicyError.single(
            f"expected a mapping (key: value lines) at the top of the file, got {describe_input(data)}",
            name,
            *yamlnodes.where(node),
        )
    return node, data


def parse_pack(name: str, text: str) -> Pack:
    """Return the pack written in ``text`` (``name`` is used in problems)."""
    node, data = _mapping_root(name, text)
    return validate(Pack, data, node, name)


def parse_profile(name: str, text: str) -> Profile:
    """Return the profile written in ``text`` (``name`` is used in problems)."""
    node, data = _mapping_root(name, text)
    return validate(Profile, data, node, name)


def load_pack(path: PathLike) -> Pack:
    """Return the pack in a YAML file; raise PolicyError with every problem found."""
    return parse_pack(os.fspath(path), read_text(path))


def load_profile(path: PathLike) -> Profile:
    """Return the profile in a YAML file; raise PolicyError with every problem found."""
    return parse_profile(os.fspath(path), read_text(path))


def is_profile_text(name: str, text: str) -> bool:
    """True when the document looks like a profile: it has ``packs:`` and no ``clauses:``."""
    try:
        _, data = _mapping_root(name, text)
    except PolicyError:
        return False
    return "packs" in data and "clauses" not in data
