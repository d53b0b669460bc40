"""What the clauses in force say, as this app shows and keeps it: the clause with its pack version and text,
and the conditions the text lists — each level's qualifications (p05.levels) and the base conditions of a
customer manager (p05.eligible).

The pack gives these conditions only as text (p05.levels' note: "status 规则无清单字段,由应用按原文核对"), so
the checklists are read from the text of the version in force: a new version's wording is the new
checklist. A level whose conditions the text does not list (二级) has an empty checklist.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

from fuwu.core.models import Site
from fuwu.managers.models import PACK_WORDS
from fuwu.regulations.policies import in_force

LEVELS = "p05.levels"
ELIGIBLE = "p05.eligible"
RESULT = "p05.result"
SELECT = "p05.select"
APPRAISE = "p05.appraise"
CYCLE = "p05.cycle"
CORE = "p05.core"
CARE = "p14.3.4.8"

LEVEL_HEADING = re.compile(r"\d+、(?P<word>\S{2})客户经理的任职条件。?")
ITEM = re.compile(r"[((](?P<number>\d+)[))](?P<text>[^\n]+)")
BASE_CONDITIONS = re.compile(r"任职条件为[::](?P<list>[^。]+)。")


@dataclass(frozen=True)
class Cited:
    """A clause as the version in force words it."""

    clause: str
    pack: str
    version: int
    title: str
    text: str


@dataclass(frozen=True)
class Condition:
    """One condition a clause lists, numbered as it numbers them."""

    number: int
    text: str


def local_today(site: Site) -> dt.date:
    """Today in the site's zone."""
    return timezone.now().astimezone(in_force(site).zone).date()


def cited(site: Site, clause: str, on: dt.date) -> Cited | None:
    """The clause in force at ``site`` on ``on``; None when no pack in force there has it."""
    found = in_force(site).policy.clause_at(clause, on)
    if found is None:
        return None
    pack, rule = found
    return Cited(rule.id, pack.id, pack.version, rule.title, rule.text)


def level_words(site: Site, on: dt.date) -> list[str]:
    """The levels p05.levels names (its status rule), highest first; [] when it is not in force."""
    found = in_force(site).policy.clause_at(LEVELS, on)
    if found is None:
        return []
    for rule in found[1].rules:
        statuses = getattr(rule, "statuses", None)
        if statuses:
            return list(statuses)
    return []


def qualifications(site: Site, on: dt.date) -> tuple[Cited | None, dict[str, list[Condition]]]:
    """Each level's qualifications (level code → conditions) as p05.levels in force words them."""
    clause = cited(site, LEVELS, on)
    found: dict[str, list[Condition]] = {code: [] for code in PACK_WORDS}
    if clause is None:
        return None, found
    code_of = {word: code for code, word in PACK_WORDS.items()}
    headings = list(LEVEL_HEADING.finditer(clause.text))
    for index, heading in enumerate(headings):
        code = code_of.get(heading["word"])
        if code is None:
            continue
        end = headings[index + 1].start() if index + 1 < len(headings) else len(clause.text)
        section = clause.text[heading.end() : end]
        found[code] = [
            Condition(int(item["number"]), item["text"].strip()) for item in ITEM.finditer(section)
        ]
    return clause, found


def base_conditions(site: Site, on: dt.date) -> tuple[Cited | None, list[Condition]]:
    """The base conditions of a customer manager as p05.eligible in force lists them."""
    clause = cited(site, ELIGIBLE, on)
    if clause is None:
        return None, []
    listed = BASE_CONDITIONS.search(clause.text)
    if listed is None:
        return clause, []
    parts = [part.strip() for part in re.split(r"[;;]", listed["list"]) if part.strip()]
    return clause, [Condition(number, text) for number, text in enumerate(parts, start=1)]
