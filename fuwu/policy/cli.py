"""`fuwu policy list | check | explain | eval`: the regulation engine on the command line, without Django.

Exit 0 on success, 2 on any user error (a bad file, an unknown clause, malformed input, bad usage); a user
error is reported in one plain line per problem, never as a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

import yaml
from pydantic import BaseModel

from fuwu.policy.composition import compose
from fuwu.policy.errors import PolicyError, Problem
from fuwu.policy.policy import Policy
from fuwu.policy.reader import is_profile_text, load_profile, parse_pack, parse_profile, read_text
from fuwu.policy.registry import Registry, shipped_registry
from fuwu.policy.schema import Clause, Pack, ParamRef

USAGE_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fuwu policy", description="The regulation packs and their engine.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("list", help="one line per pack version: id, version, effective date, file")
    check = commands.add_parser("check", help="validate pack or profile files")
    check.add_argument("files", nargs="+", metavar="FILE")
    explain = commands.add_parser("explain", help="show a clause: pack, version, kind, rules and source text")
    explain.add_argument("clause", metavar="CLAUSE_ID")
    evaluate = commands.add_parser("eval", help="evaluate facts (JSON) and print the decisions")
    evaluate.add_argument("--pack", action="append", default=[], metavar="ID", help="a pack to compose")
    evaluate.add_argument("--profile", metavar="FILE", help="a profile file to compose")
    evaluate.add_argument(
        "--as-of",
        metavar="DATETIME",
        help="judge at this moment (ISO 8601 with offset): open deadlines past due are breached",
    )
    evaluate.add_argument("input", metavar="FILE|-", help="the facts as JSON; - for standard input")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `fuwu policy` command and return its exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser().parse_args(args_list)
    except SystemExit as exit_:  # argparse has printed the usage; report its status instead of exiting
        return exit_.code if isinstance(exit_.code, int) else USAGE_ERROR
    try:
        if args.command == "list":
            return _list(sys.stdout)
        if args.command == "check":
            return _check(args.files, sys.stdout)
        if args.command == "explain":
            return _explain(args.clause, sys.stdout)
        return _eval(args.pack, args.profile, args.input, args.as_of)
    except PolicyError as error:
        # The shipped packs themselves, or a profile, could not be used.
        print(error, file=sys.stderr)
        return USAGE_ERROR
    except BrokenPipeError:
        # The reader went away (`fuwu policy list | head`): stop quietly, as other command-line tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


# ---------------------------------------------------------------- list


def _list(out: TextIO) -> int:
    registry = shipped_registry()
    for pack in registry.packs():
        print(f"{pack.id}\t{pack.version}\t{pack.effective.isoformat()}\t{registry.path_of(pack)}", file=out)
    return 0


# ---------------------------------------------------------------- check


def check_file(path: str, registry: Registry | None = None) -> list[Problem]:
    """Return every problem of a pack or profile file (a profile is also composed, to find conflicts)."""
    try:
        text = read_text(path)
        if is_profile_text(path, text):
            profile = parse_profile(path, text)
            compose([], profile, registry, path)
        else:
            parse_pack(path, text)
    except PolicyError as error:
        return error.problems
    return []


def _check(files: Sequence[str], out: TextIO) -> int:
    status = 0
    for path in files:
        problems = check_file(path)
        if problems:
            status = USAGE_ERROR
            for problem in problems:
                print(problem if problem.file is not None else f"{path}:1:1: {problem.message}", file=out)
        else:
            print(f"{path}: ok", file=out)
    return status


# ---------------------------------------------------------------- explain


def _resolved(node: Any, pack: Pack) -> Any:
    """The rule as plain data, each parameter reference shown with its name and default value."""
    if isinstance(node, dict):
        if set(node) == {"param"} and isinstance(node["param"], str):
            name = node["param"]
            value = pack.parameters.get(name)
            return {"param": f"{pack.id}.{name}", "value": None if value is None else str(value)}
        return {key: _resolved(value, pack) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolved(item, pack) for item in node]
    return node


def _parameters_used(clause: Clause) -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, ParamRef):
            found.append(node.param)
        elif isinstance(node, BaseModel):
            for name in type(node).model_fields:
                walk(getattr(node, name))
        elif isinstance(node, list | tuple):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for item in node.values():
                walk(item)

    walk(clause.rules)
    return list(dict.fromkeys(found))


def explain_clause(clause_id: str, registry: Registry | None = None) -> str:
    """Return the explanation of a clause (newest version); KeyError when no pack has it."""
    registry = registry if registry is not None else shipped_registry()
    pack, clause = registry.find_clause(clause_id)
    rules = [
        _resolved(rule.model_dump(mode="json", by_alias=True, exclude_none=True), pack)
        for rule in clause.rules
    ]
    lines = [
        f"{clause.id} {clause.title}",
        f"pack: {pack.id} {pack.title} ({pack.source})",
        f"version: {pack.version}, effective {pack.effective.isoformat()}",
        f"file: {registry.path_of(pack)}",
        f"kind: {', '.join(clause.kind)}",
    ]
    used = _parameters_used(clause)
    if used:
        lines.append("parameters:")
        lines.extend(f"  {pack.id}.{name}: {pack.parameters.get(name)}" for name in used)
    if rules:
        lines.append("rules:")
        dumped = yaml.safe_dump(
            rules, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
        )
        lines.extend("  " + line for line in dumped.rstrip("\n").splitlines())
    else:
        lines.append("rules: none (a principle: shown to staff, who acknowledge it)")
    if clause.note:
        lines.append(f"note: {clause.note}")
    lines.append("text:")
    lines.extend("  " + line for line in clause.text.splitlines())
    return "\n".join(lines)


def _explain(clause_id: str, out: TextIO) -> int:
    try:
        text = explain_clause(clause_id)
    except KeyError:
        print(
            f"unknown clause {clause_id!r}: no shipped pack has it (see `fuwu policy list`)", file=sys.stderr
        )
        return USAGE_ERROR
    print(text, file=out)
    return 0


# ---------------------------------------------------------------- eval


def _policy(pack_ids: Sequence[str], profile_path: str | None) -> Policy:
    if profile_path is None:
        return compose(pack_ids)
    profile = load_profile(profile_path)
    return compose(pack_ids, profile, None, profile_path)


def _read_input(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    try:
        with open(source, encoding="utf-8") as file:
            return file.read()
    except OSError as error:
        raise PolicyError.single(f"cannot read the input: {error.strerror or error}", source) from None
    except UnicodeDecodeError:
        raise PolicyError.single("the input is not UTF-8 text", source, 1, 1) from None


def _as_of(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise ValueError(
            f"--as-of: expected a datetime with offset like 2026-03-02T09:25:00+08:00, got {text!r}"
        )
    return moment


def _eval(
    pack_ids: Sequence[str], profile_path: str | None, source: str, as_of_text: str | None = None
) -> int:
    if not pack_ids and profile_path is None:
        print("fuwu policy eval: give at least one --pack ID or a --profile FILE", file=sys.stderr)
        return USAGE_ERROR
    try:
        as_of = _as_of(as_of_text)
    except ValueError as error:
        print(f"fuwu policy eval: {error}", file=sys.stderr)
        return USAGE_ERROR
    policy = _policy(pack_ids, profile_path)
    text = _read_input(source)
    name = "<stdin>" if source == "-" else source
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        print(f"{name}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}", file=sys.stderr)
        return USAGE_ERROR
    except RecursionError:
        print(f"{name}:1:1: invalid JSON: nested too deeply", file=sys.stderr)
        return USAGE_ERROR
    # Imported here so that list, check and explain work without the engine's modules being loaded.
    from fuwu.policy.engine import evaluate  # type: ignore[import-not-found,unused-ignore]
    from fuwu.policy.facts import InputError, parse_facts

    try:
        facts = parse_facts(data, policy)
        decisions = evaluate(policy, facts, as_of=as_of)
    except InputError as error:
        print(f"{name}: {error}", file=sys.stderr)
        return USAGE_ERROR
    print(json.dumps({"decisions": [d.to_json() for d in decisions]}, ensure_ascii=False, indent=2))
    return 0
