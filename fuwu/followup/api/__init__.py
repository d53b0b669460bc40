"""The follow-up part of the REST API (p16.b3–b8, p16.4): calls, letters, plans, requests, campaigns, the
worklist and stand-ins."""

from ninja import Router

from fuwu.followup.api import calls, campaigns, requests, worklist

router = Router()
router.add_router("", worklist.router)
router.add_router("", calls.router)
router.add_router("", requests.router)
router.add_router("", campaigns.router)

__all__ = ["router"]
