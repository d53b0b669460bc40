"""The Registry of every version of every pack, and what ships inside the package: its packs and
profiles."""

from __future__ import annotations

import functools
import importlib.resources
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fuwu.policy.errors import PolicyError, Problem
from fuwu.policy.reader import PathLike, load_pack
from fuwu.policy.schema import Clause, Pack


@dataclass(frozen=True)
class Registry:
    """Every version of every known pack, with the file each came from."""

    versions: dict[str, list[Pack]]  # pack id → versions sorted by effective date
    paths: dict[tuple[str, int], str]  # (pack id, version) → file

    @classmethod
    def from_paths(cls, paths: Iterable[PathLike]) -> Registry:
        """Load every pack file; raise PolicyError with the problems of all files together."""
        problems: list[Problem] = []
        versions: dict[str, list[Pack]] = {}
        files: dict[tuple[str, int], str] = {}
        for path in sorted(os.fspath(p) for p in paths):
            try:
                pack = load_pack(path)
            except PolicyError as error:
                problems.extend(error.problems)
                continue
            key = (pack.id, pack.version)
            if key in files:
                problems.append(
                    Problem(path, 1, 1, f"{pack.id} version {pack.version} is also defined in {files[key]}")
                )
                continue
            same_day = [p for p in versions.get(pack.id, []) if p.effective == pack.effective]
            if same_day:
                other = files[(pack.id, same_day[0].version)]
                problems.append(
                    Problem(
                        path,
                        1,
                        1,
                        f"{pack.id} version {pack.version} takes effect on {pack.effective}, "
                        f"the same day as version {same_day[0].version} in {other}",
                    )
                )
                continue
            files[key] = path
            versions.setdefault(pack.id, []).append(pack)
        if problems:
            raise PolicyError(problems)
        for packs in versions.values():
            packs.sort(key=lambda pack: pack.effective)
        return cls(versions=dict(sorted(versions.items())), paths=files)

    def pack_ids(self) -> list[str]:
        return sorted(self.versions)

    def packs(self) -> list[Pack]:
        """Every pack version, by id and then by effective date."""
        return [pack for pack_id in self.pack_ids() for pack in self.versions[pack_id]]

    def path_of(self, pack: Pack) -> str:
        """Return the file this pack version was loaded from."""
        return self.paths[(pack.id, pack.version)]

    def find_clause(self, clause_id: str) -> tuple[Pack, Clause]:
        """Return the clause as worded in the newest version of its pack; KeyError when unknown."""
        for pack in reversed(self.versions.get(clause_id.split(".", 1)[0], [])):
            for clause in pack.clauses:
                if clause.id == clause_id:
                    return pack, clause
        raise KeyError(clause_id)


def shipped_pack_files() -> list[Path]:
    """The pack files shipped inside the package."""
    folder = importlib.resources.files("fuwu.policy") / "packs"
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".yaml"))


@functools.cache
def shipped_registry() -> Registry:
    """Return the registry of the packs shipped inside the package (loaded once)."""
    return Registry.from_paths(shipped_pack_files())


def shipped_profile(name: str) -> Path:
    """Return the path of a profile shipped inside the package (``demo``)."""
    return Path(str(importlib.resources.files("fuwu.policy") / "profiles" / f"{name}.yaml"))
