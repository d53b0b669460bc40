"""What is in force where: each site's profile composed into a ``Policy``, cached until the profile changes.

The cache is keyed by (site, profile, profile version), so saving a site's regulations in the admin takes
effect on the next evaluation in every process, without a restart; the engine caches its compiled rules
per ``Policy`` object, so a cached policy is also a compiled one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from fuwu.core.models import Site
from fuwu.core.prepared import prepared
from fuwu.policy.loader import compose, load_profile, shipped_profile
from fuwu.policy.policy import Policy
from fuwu.regulations.models import SiteRegulation

DEFAULT_PROFILE = "demo"


@dataclass(frozen=True)
class InForce:
    """A site's policy with the names a stored decision keeps to be reproduced."""

    policy: Policy
    profile: str
    profile_version: int
    zone: ZoneInfo


_lock = threading.Lock()
_cache: dict[tuple[int, str, int], InForce] = {}


def shipped_profiles() -> list[str]:
    """The profile names shipped with Fuwu (the admin's choices)."""
    folder = shipped_profile(DEFAULT_PROFILE).parent
    return sorted(path.stem for path in Path(folder).glob("*.yaml"))


@cache
def _compose(profile: str) -> Policy:
    path = shipped_profile(profile)
    return compose([], load_profile(path), None, path)


def regulation_of(site: Site) -> SiteRegulation:
    """The site's regulation row; a site without one runs by the default profile."""
    row = SiteRegulation.objects.filter(site=site).first()
    if row is None:
        row = SiteRegulation(site=site, profile=DEFAULT_PROFILE, version=1)
    return row


def in_force(site: Site, row: SiteRegulation | None = None) -> InForce:
    """Return the policy binding ``site`` now (one query to read the site's profile version)."""
    if row is None:
        # Read on every evaluation, so that a change of profile takes effect at once (a prepared read).
        found_rows = prepared(
            "site_regulation",
            lambda v: SiteRegulation.objects.filter(site_id=v["site"]).values_list(
                "profile", "version", "time_zone"
            ),
            {"site": site.pk},
        )
        profile, version, zone = (
            found_rows[0] if found_rows else (DEFAULT_PROFILE, 1, SiteRegulation.DEFAULT_TIME_ZONE)
        )
    else:
        profile, version, zone = row.profile, row.version, row.time_zone
    key = (site.pk, profile, version)
    found = _cache.get(key)
    if found is not None:
        return found
    with _lock:
        found = _cache.get(key)
        if found is None:
            found = InForce(_compose(profile), profile, version, ZoneInfo(zone))
            # Older versions of this site's profile are never asked for again.
            for old in [k for k in _cache if k[0] == site.pk]:
                del _cache[old]
            _cache[key] = found
    return found
