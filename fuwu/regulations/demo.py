"""The demo company's regulations: the community runs by the company's profile, the store adds the shift
rules of 篇四 (p04: the duties of a shop floor, fines set by the recorder with the manager on duty jointly
liable, leave notified a day ahead)."""

from __future__ import annotations

from fuwu.core.demo import DemoContext
from fuwu.regulations.policies import regulation_of
from fuwu.regulations.services import set_profile

PROFILES = {"jinxiu": "demo", "binjiang": "store"}


def load(context: DemoContext) -> str:
    bound = []
    for code, profile in PROFILES.items():
        site = context.site_by_code[code]
        row = regulation_of(site)
        if row.pk is None or row.profile != profile:
            set_profile(site, profile, by=context.admin)
        bound.append(f"{site.name}: {profile}")
    return "; ".join(bound)
