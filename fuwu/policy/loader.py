"""Where code outside the package imports the loading of packs and profiles from: the names of
``reader``, ``validation``, ``registry`` and ``composition``, unchanged."""

from __future__ import annotations

from fuwu.policy.composition import claimants, compose, load_policy
from fuwu.policy.reader import (
    PathLike,
    is_profile_text,
    load_pack,
    load_profile,
    parse_pack,
    parse_profile,
    read_text,
)
from fuwu.policy.registry import Registry, shipped_pack_files, shipped_profile, shipped_registry
from fuwu.policy.validation import M, format_path

__all__ = [
    "M",
    "PathLike",
    "Registry",
    "claimants",
    "compose",
    "format_path",
    "is_profile_text",
    "load_pack",
    "load_policy",
    "load_profile",
    "parse_pack",
    "parse_profile",
    "read_text",
    "shipped_pack_files",
    "shipped_profile",
    "shipped_registry",
]
