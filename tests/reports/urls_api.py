"""The real URLconf, plus the KPI router on a test API until fuwu.api mounts it (then the real one)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from fuwu.api import ROUTERS
from fuwu.core.api.base import FuwuAPI
from fuwu.urls import urlpatterns as real

WIRED = any(dotted == "fuwu.reports.api.router" for _prefix, dotted in ROUTERS)
KPIS_URL = "/api/v1/kpis" if WIRED else "/kpi-probe/kpis"

urlpatterns: list[URLPattern | URLResolver] = [
    entry for entry in real if isinstance(entry, URLPattern | URLResolver)
]
if not WIRED:
    from fuwu.reports.api import router

    probe = FuwuAPI(title="KPI probe", version="kpi-probe", urls_namespace="kpi_probe")
    probe.add_router("/", router)
    urlpatterns.insert(0, path("kpi-probe/", probe.urls))
