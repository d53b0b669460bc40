"""The follow-up API's campaigns, worklist and stand-ins: a supervisor decides campaigns and appoints
stand-ins (others 403), the people of the site work the list, another site's campaign is 404; the
worklist is the person's own, or a colleague's for a supervisor, page after page."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fuwu.core.roles import Role
from fuwu.customers.models import Substitution
from fuwu.followup.models import Campaign
from fuwu.followup.services import campaigns
from tests.followup.base import days_on
from tests.followup.test_api_calls import FollowupApiCase


class CampaignApiTests(FollowupApiCase):
    def test_a_supervisor_decides_and_the_owner_tells_the_customers(self) -> None:
        sent = {
            "site": "a",
            "title": "车主联谊会",
            "kind": "social",
            "date": str(days_on(20)),
            "owner": self.agent.pk,
            "customers": [self.customer.pk],
        }
        campaign = self.post("/api/v1/followup/campaigns", self.supervisor, sent, 201)
        self.assertEqual((campaign["listed"], campaign["phoned"]), (1, 0))
        self.assertEqual(
            {d["what"]: d["clause"] for d in campaign["deadlines"]}, {"call": "p16.b6", "letter": "p16.b6"}
        )
        self.post("/api/v1/followup/campaigns", self.manager, sent, 403)
        bad = self.post(
            "/api/v1/followup/campaigns", self.supervisor, {**sent, "site": "b", "date": "2026-13-01"}, 422
        )
        self.assertEqual(sorted(d["loc"][-1] for d in bad["detail"]), ["date", "site"])
        url = f"/api/v1/followup/campaigns/{campaign['id']}"
        added = self.post(f"{url}/customers", self.agent, {"customers": [self.other.pk]}, 200)
        self.assertEqual(added["listed"], 2)
        told = self.post(f"{url}/phoned", self.agent, {"customer": self.customer.pk}, 200)
        self.assertEqual(told["phoned"], 1)
        self.post(f"{url}/phoned", self.agent, {"customer": self.customer.pk}, 409)
        mailed = self.post(f"{url}/letters", self.agent, {}, 200)
        self.assertEqual(mailed["mailed"], 1)
        self.post(f"{url}/letters", self.agent, {}, 409)
        self.assertEqual(len(self.get("/api/v1/followup/campaigns", self.manager)["results"]), 1)
        self.get(url, self.outsider, 403)
        self.get(url, self.by_role[Role.GENERAL_MANAGER])

    def test_another_sites_campaign_is_not_found(self) -> None:
        from fuwu.core.services import sites, users
        from tests.core.base import PASSWORD

        boss = users.create_user(
            username="boss_b", password=PASSWORD, display_name="乙主管", roles=[Role.SUPERVISOR], by=None
        )
        sites.add_member(self.site_b, boss, by=None)
        campaign = campaigns.create_campaign(
            self.site_b, by=boss, title="门店优惠", kind=Campaign.Kind.DISCOUNT, date=days_on(30), owner=boss
        )
        self.get(f"/api/v1/followup/campaigns/{campaign.pk}", self.supervisor, 404)
        self.post(f"/api/v1/followup/campaigns/{campaign.pk}/letters", self.supervisor, {}, 404)
        self.assertEqual(self.get("/api/v1/followup/campaigns", self.supervisor)["results"], [])


class WorklistApiTests(FollowupApiCase):
    def test_the_worklist_is_ones_own_or_for_a_supervisor_a_colleagues_page_by_page(self) -> None:
        for days in (4, 5, 6):
            from fuwu.customers.services.customers import create_customer

            customer = create_customer(
                site=self.site_a, name=f"客户{days}", manager=self.manager, by=self.admin
            )
            self.pickup(timezone.now() - dt.timedelta(days=days), customer)
        first = self.get("/api/v1/followup/worklist?page_size=2", self.manager)
        self.assertEqual([row["subject"] for row in first["results"]], ["客户6", "客户5"])
        self.assertEqual(first["results"][0]["clause"], "p16.b4")
        rest = self.call("GET", first["next"], self.manager)
        self.assertEqual([row["subject"] for row in rest.json()["results"]], ["客户4"])
        self.assertIsNone(rest.json()["next"])
        theirs = self.get(f"/api/v1/followup/worklist?manager={self.manager.pk}", self.supervisor)["results"]
        self.assertEqual(len(theirs), 3)
        self.get(f"/api/v1/followup/worklist?manager={self.manager.pk}", self.colleague, 403)
        self.assertEqual(self.get("/api/v1/followup/worklist", self.colleague)["results"], [])
        self.get("/api/v1/followup/worklist", self.by_role[Role.TECHNICIAN], 403)
        self.get("/api/v1/followup/worklist?cursor=bm9wZQ", self.manager, 422)


class SubstitutionApiTests(FollowupApiCase):
    def test_a_supervisor_appoints_and_ends_a_stand_in_and_others_may_not(self) -> None:
        sent = {"site": "a", "absent": self.manager.pk, "substitute": self.colleague.pk, "reason": "年假"}
        self.post("/api/v1/followup/substitutions", self.manager, sent, 403)
        row = self.post("/api/v1/followup/substitutions", self.supervisor, sent, 201)
        self.assertTrue(row["running"])
        self.post("/api/v1/followup/substitutions", self.supervisor, sent, 409)
        self.assertEqual(
            len(self.get("/api/v1/followup/substitutions?running=true", self.supervisor)["results"]), 1
        )
        self.get("/api/v1/followup/substitutions", self.manager, 403)
        ended = self.post(f"/api/v1/followup/substitutions/{row['id']}/end", self.supervisor, {}, 200)
        self.assertFalse(ended["running"])
        self.post(f"/api/v1/followup/substitutions/{row['id']}/end", self.supervisor, {}, 409)
        bad = self.post(
            "/api/v1/followup/substitutions", self.supervisor, {**sent, "substitute": self.manager.pk}, 422
        )
        self.assertEqual([d["loc"] for d in bad["detail"]], [["body", "substitute"]])
        self.assertEqual(Substitution.objects.count(), 1)
