"""Campaigns (p16.b6): the phone notice at least 14 days before the campaign, letters at the latest 12
days before (within two days of the notice); met once every customer on the list is told; a campaign's
deadlines are its own subject's, assigned to whoever tells its customers."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied

from fuwu.core.errors import Conflict, Invalid
from fuwu.followup.models import Campaign
from fuwu.followup.selectors import registers
from fuwu.followup.services import campaigns
from fuwu.regulations.models import Obligation
from tests.followup.base import SHANGHAI, FollowupTestCase, days_on

END_OF_DAY = dt.time(23, 59, 59)


class CampaignTests(FollowupTestCase):
    def campaign(self, in_days: int, letters: bool = True) -> Campaign:
        return campaigns.create_campaign(
            self.site_a,
            by=self.supervisor,
            title="春季免费检测",
            kind=Campaign.Kind.FREE,
            date=days_on(in_days),
            owner=self.agent,
            letters=letters,
            customers=[self.customer, self.other],
        )

    def owed(self, campaign: Campaign, what: str) -> Obligation:
        return Obligation.objects.get(subject_type="campaign", subject_id=str(campaign.pk), what=what)

    def tell_everyone(self, campaign: Campaign) -> None:
        for customer in (self.customer, self.other):
            campaigns.phone_notice(campaign, customer, by=self.agent)

    def test_the_phone_notice_is_due_14_days_ahead_and_letters_12(self) -> None:
        campaign = self.campaign(20)
        call, letter = self.owed(campaign, "call"), self.owed(campaign, "letter")
        self.assertEqual(
            (call.clause, call.due, call.assignee, call.state),
            ("p16.b6", dt.datetime.combine(days_on(6), END_OF_DAY, SHANGHAI), self.agent, "open"),
        )
        self.assertEqual(letter.due, dt.datetime.combine(days_on(8), END_OF_DAY, SHANGHAI))

    def test_told_by_phone_14_days_ahead_is_met_13_days_ahead_breached(self) -> None:
        for in_days, state in ((14, "met"), (13, "breached")):
            with self.subTest(in_days=in_days):
                campaign = self.campaign(in_days)
                campaigns.phone_notice(campaign, self.customer, by=self.agent)
                self.assertEqual(self.owed(campaign, "call").state, "open" if state == "met" else "breached")
                campaigns.phone_notice(campaign, self.other, by=self.agent)  # every customer on the list told
                self.assertEqual(self.owed(campaign, "call").state, state)

    def test_letters_12_days_ahead_are_met_11_days_ahead_breached(self) -> None:
        for in_days, state in ((12, "met"), (11, "breached")):
            with self.subTest(in_days=in_days):
                campaign = self.campaign(in_days)
                self.tell_everyone(campaign)
                sent = campaigns.send_letters(campaign, by=self.agent)
                self.assertEqual(len(sent), 2)
                self.assertEqual(self.owed(campaign, "letter").state, state)

    def test_letters_go_to_those_told_by_phone_once_and_are_in_the_letter_register(self) -> None:
        campaign = self.campaign(20)
        campaigns.phone_notice(campaign, self.customer, by=self.agent)
        (letter,) = campaigns.send_letters(campaign, by=self.agent)
        self.assertEqual(
            (letter.customer, letter.category, letter.campaign), (self.customer, "notice", campaign)
        )
        with self.assertRaises(Conflict):
            campaigns.send_letters(campaign, by=self.agent)
        (line,) = registers.letters(site_ids=[self.site_a.pk])
        self.assertEqual(
            (line.customer, line.address, line.category), ("赵先生", "滨江花苑5栋1单元1201", "notice")
        )
        self.assertEqual(self.owed(campaign, "letter").state, "open")  # 钱女士 has none yet

    def test_a_campaign_without_letters_owes_only_the_phone_notice(self) -> None:
        campaign = self.campaign(20, letters=False)
        self.assertFalse(
            Obligation.objects.filter(subject_type="campaign", subject_id=str(campaign.pk), what="letter")
            .exclude(state="void")
            .exists()
        )

    def test_each_phone_notice_is_a_call_in_the_registers_and_not_twice(self) -> None:
        campaign = self.campaign(20)
        call = campaigns.phone_notice(campaign, self.customer, by=self.agent)
        self.assertEqual((call.purpose, call.campaign), ("campaign_notice", campaign))
        with self.assertRaises(Conflict):
            campaigns.phone_notice(campaign, self.customer, by=self.agent)

    def test_only_a_supervisor_decides_and_a_campaign_is_decided_before_its_day(self) -> None:
        with self.assertRaises(PermissionDenied):
            campaigns.create_campaign(
                self.site_a, by=self.manager, title="x", kind="free", date=days_on(20), owner=self.agent
            )
        with self.assertRaises(Invalid) as refused:
            campaigns.create_campaign(
                self.site_a, by=self.supervisor, title="", kind="party", date=days_on(0), owner=self.outsider
            )
        self.assertEqual(
            sorted(loc[-1] for loc, _m in refused.exception.problems), ["date", "kind", "owner", "title"]
        )
