"""The site's month for HR (state, close with its progress, payroll and export) and a manager's team month:
what each role may open, what they see, and queries that do not grow with rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from fuwu.core.roles import Role
from fuwu.core.services import users
from fuwu.staff import job_progress
from fuwu.staff.models import Employee, Job, MonthClose
from fuwu.staff.services import close_jobs, employees
from fuwu.staff.services.reconcile import reconcile_months
from fuwu.staff.views import months
from tests.core.base import PASSWORD
from tests.staff.close_base import MARCH, CloseTestCase

MONTH_URL = "/staff/months/"
CLOSE_URL = "/staff/months/a/2026-03/close/"


class MonthPageTestCase(CloseTestCase):
    def sign_in(self, user: object) -> None:
        self.client.logout()
        self.client.login(username=getattr(user, "username"), password=PASSWORD)  # noqa: B009

    def month(self, **query: str) -> str:
        response = self.client.get(MONTH_URL, {"site": str(self.site_a.pk), "month": "2026-03", **query})
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def add_people(self, count: int) -> list[Employee]:
        """``count`` more people of the supervisor's team, each late once in March (reconciled)."""
        added = []
        for _ in range(count):
            number = Employee.objects.count() + 1
            user = users.create_user(
                username=f"p{number}", password=PASSWORD, display_name=f"员工{number}", roles=[Role.EMPLOYEE],
                by=self.admin,
            )  # fmt: skip
            person = employees.create_employee(
                user=user, site=self.site_a, shift=self.day_shift, monthly_wage=Decimal("3000.00"),
                hired_on=dt.date(2025, 1, 1), manager=self.by_role[Role.SUPERVISOR], by=self.admin,
            )  # fmt: skip
            self.shift_day(dt.date(2026, 3, 2), "09:12", "18:00", employee=person)
            added.append(person)
        with transaction.atomic():
            reconcile_months([(person, MARCH) for person in added], by=self.admin)
        return added

    def late_worker(self) -> None:
        self.month_of_workdays(late={dt.date(2026, 3, 4): "09:45"})
        with transaction.atomic():
            reconcile_months([(self.worker, MARCH)], by=self.admin)


class CloseOnThePageTests(MonthPageTestCase):
    def test_hr_closes_the_month_from_the_page_and_sees_its_payroll(self) -> None:
        self.late_worker()
        self.sign_in(self.hr)
        page = self.month()
        self.assertIn("未月结", page)
        self.assertIn("确认月结 2026-03", page)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(CLOSE_URL)
        self.assertEqual(response.status_code, 302)
        close = MonthClose.objects.get(site=self.site_a, month=MARCH)
        job = Job.objects.get(kind="close")
        self.assertEqual((job.state, job.done, job.of), ("done", 1, 1))
        page = self.month()
        self.assertIn("已月结", page)
        self.assertIn(close.totals["net"], page)
        self.assertIn("/staff/months/a/2026-03/payroll.xlsx", page)
        self.assertNotIn("确认月结", page)

    def test_a_close_the_month_does_not_allow_is_refused_with_the_reason(self) -> None:
        self.sign_in(self.hr)
        response = self.client.post("/staff/months/a/2099-01/close/", follow=True)
        self.assertIn("才能月结", response.content.decode())
        self.assertFalse(Job.objects.exists())
        self.assertNotIn("确认月结", self.month(month="2099-01"))

    def test_the_progress_bar_shows_while_the_worker_closes_and_then_the_month(self) -> None:
        self.late_worker()
        self.sign_in(self.hr)
        self.client.post(
            CLOSE_URL
        )  # queued: the on-commit enqueue does not run inside the test's transaction
        job = Job.objects.get(kind="close")
        page = self.month()
        self.assertIn("<progress", page)
        self.assertIn(f"/staff/months/closing/{job.pk}/", page)
        job_progress.Reporter(job.pk).judging(1, 2)
        fragment = self.client.get(f"/staff/months/closing/{job.pk}/", headers={"HX-Request": "true"})
        self.assertIn('value="1" max="2"', fragment.content.decode())
        close_jobs.run_close(job.pk)
        done = self.client.get(f"/staff/months/closing/{job.pk}/", headers={"HX-Request": "true"})
        self.assertEqual(done["HX-Redirect"], f"/staff/months/?site={self.site_a.pk}&month=2026-03")
        self.assertTrue(MonthClose.objects.filter(site=self.site_a, month=MARCH).exists())
        self.sign_in(self.hr_b)
        self.assertEqual(self.client.get(f"/staff/months/closing/{job.pk}/").status_code, 404)

    def test_a_job_whose_month_was_closed_meanwhile_is_refused_with_the_reason(self) -> None:
        self.late_worker()
        job = close_jobs.start_close(self.site_a, MARCH, by=self.hr)
        self.close(by=self.gm)
        close_jobs.run_close(job.pk)
        job.refresh_from_db()
        self.assertEqual(job.state, "refused")
        self.assertIn("已经月结", job.problems[0]["message"])
        self.assertEqual(close_jobs.run_close(job.pk), job)  # a second run does nothing

    def test_only_hr_of_the_site_opens_the_month_and_closes_it(self) -> None:
        for role in (Role.EMPLOYEE, Role.DISPATCHER, Role.SUPERVISOR):
            self.sign_in(self.by_role[role])
            self.assertEqual(self.client.get(MONTH_URL).status_code, 403)
            self.assertEqual(self.client.post(CLOSE_URL).status_code, 403)
        self.sign_in(self.hr_b)
        self.assertEqual(self.client.post(CLOSE_URL).status_code, 404)
        self.assertNotIn("锦绣花园小区", self.client.get(MONTH_URL).content.decode())
        self.assertFalse(Job.objects.exists())


class QueryCountTests(MonthPageTestCase):
    def count(self, url: str, query: dict[str, str]) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, query)
        self.assertEqual(response.status_code, 200)
        return len(queries.captured_queries)

    def test_the_open_and_the_closed_month_do_not_grow_with_people(self) -> None:
        self.late_worker()
        self.sign_in(self.hr)
        query = {"site": str(self.site_a.pk), "month": "2026-03"}
        self.client.get(MONTH_URL, query)
        few = self.count(MONTH_URL, query)
        self.add_people(4)
        self.assertEqual(self.count(MONTH_URL, query), few)
        self.close()
        closed_few = self.count(MONTH_URL, query)
        april = {"site": str(self.site_a.pk), "month": "2026-04"}
        self.add_people(1)  # one more, in a month closed next
        self.close(dt.date(2026, 4, 1))
        self.assertEqual(self.count(MONTH_URL, april), closed_few)

    def test_the_team_month_does_not_grow_with_the_team(self) -> None:
        self.sign_in(self.by_role[Role.SUPERVISOR])
        self.add_people(1)
        self.client.get("/staff/team/", {"month": "2026-03"})
        few = self.count("/staff/team/", {"month": "2026-03"})
        self.add_people(5)
        self.assertEqual(self.count("/staff/team/", {"month": "2026-03"}), few)


class TeamPageTests(MonthPageTestCase):
    def test_a_manager_sees_their_reports_only_with_their_sums(self) -> None:
        team = self.add_people(2)
        outsider = employees.create_employee(
            user=self.by_role[Role.DISPATCHER], site=self.site_a, shift=self.day_shift,
            monthly_wage=Decimal("3000.00"), hired_on=dt.date(2025, 1, 1), manager=self.gm, by=self.admin,
        )  # fmt: skip
        self.sign_in(self.by_role[Role.SUPERVISOR])
        page = self.client.get("/staff/team/", {"month": "2026-03"}).content.decode()
        for person in [*team, self.worker]:  # the worker's manager is the supervisor too
            self.assertIn(str(person.user), page)
        self.assertNotIn(str(outsider.user), page)
        self.assertIn("10.00", page)  # each report's 12-minute lateness
        self.assertIn("未月结", page)
        self.close()
        self.assertIn("已月结", self.client.get("/staff/team/", {"month": "2026-03"}).content.decode())

    def test_someone_who_manages_nobody_sees_so(self) -> None:
        self.sign_in(self.by_role[Role.EMPLOYEE])
        page = self.client.get("/staff/team/").content.decode()
        self.assertIn("没有员工的直属上级是您", page)


class SumsTests(MonthPageTestCase):
    def test_sums_of_many_entries_show_their_cents(self) -> None:
        # SQLite adds decimals up as floating point (10 + 10 → 20, 0.1 + 0.2 → 0.30000000000000004).
        self.month_of_workdays(late={dt.date(2026, 3, 3): "09:12", dt.date(2026, 3, 4): "09:12"})
        with transaction.atomic():
            reconcile_months([(self.worker, MARCH)], by=self.admin)
        self.sign_in(self.hr)
        self.assertIn(">20.00<", self.month())
        self.assertIn(">220.00<", self.month())  # the fines and the bonus deduction, taken in all


class PagesOfPeopleTests(MonthPageTestCase):
    def test_a_large_site_is_shown_a_hundred_people_a_page_with_the_months_sums_in_all(self) -> None:
        self.add_people(3)
        self.sign_in(self.hr)
        with mock.patch.object(months, "PER_PAGE", 2):
            first = self.month()
            second = self.month(page="2")
        self.assertIn("第 1 / 2 页（共 4 人）", first)
        self.assertIn("第 2 / 2 页（共 4 人）", second)
        # The site's sums count everyone, whichever page is shown: three people late 12 minutes, 10 each.
        self.assertIn("罚款 30.00 元", first)
        self.assertIn("罚款 30.00 元", second)

    def test_a_person_is_found_by_number_or_name(self) -> None:
        added = self.add_people(2)
        self.sign_in(self.hr)
        found = self.month(q=added[1].user.display_name)
        self.assertIn(added[1].user.display_name, found)
        self.assertNotIn(added[0].user.display_name + "<", found)
        self.assertIn("没有符合的人员", self.month(q="无此人"))
