"""The import page's upload runs as a background job: its page shows a progress bar while the worker runs
it, then the result, or every problem of a refused file with nothing imported."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fuwu.core.models import AuditEntry
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from fuwu.staff import job_progress, tasks
from fuwu.staff.models import AttendanceDay, AttendanceImport, Job, LedgerEntry
from fuwu.staff.samples import Day, dingtalk_workbook
from fuwu.staff.services import imports
from fuwu.staff.services.attendance import import_attendance
from fuwu.staff.services.employees import create_employee
from tests.core.base import PASSWORD
from tests.staff.base import StaffTestCase

NO, NAME = "85089", "用户8"  # the worker of StaffTestCase
WEEK = [dt.date(2026, 3, 2) + dt.timedelta(days=n) for n in range(5)]
CLOCKS = [("08:57", "18:03"), ("09:12", "18:01"), ("09:45", "18:05"), ("", ""), ("08:50", "18:10")]


def week(*extra: Day) -> bytes:
    return dingtalk_workbook([*(Day(NO, NAME, d, (c,)) for d, c in zip(WEEK, CLOCKS, strict=True)), *extra])


class ImportJobTests(StaffTestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()
        self.client.login(username=self.by_role[Role.HR_FINANCE].username, password=PASSWORD)

    def upload(self, data: bytes, *, run: bool = True, name: str = "考勤报表.xlsx") -> Job:
        with self.captureOnCommitCallbacks(execute=run):
            response = self.client.post(
                "/staff/attendance/import/", {"site": self.site_a.pk, "file": SimpleUploadedFile(name, data)}
            )
        job = Job.objects.get()
        self.assertRedirects(response, f"/staff/attendance/imports/{job.pk}/", fetch_redirect_response=False)
        return job

    def test_the_job_imports_the_file_and_its_page_shows_what_it_gave(self) -> None:
        job = self.upload(week())
        job.refresh_from_db()
        self.assertEqual((job.state, job.done, job.of, job.data), ("done", 5, 5, None))
        batch = AttendanceImport.objects.get()
        self.assertEqual((job.result, batch.by, batch.rows), (batch, self.by_role[Role.HR_FINANCE], 5))
        page = self.client.get(f"/staff/attendance/imports/{job.pk}/").content.decode()
        self.assertIn("已导入 1 人的 5 个班次（2026-03-02 至 2026-03-06）", page)
        self.assertNotIn('hx-trigger="every 1s"', page)  # finished: the page stops asking
        self.assertEqual(AttendanceDay.objects.count(), 5)
        self.assertTrue(LedgerEntry.objects.filter(clause="p01.3.1").exists())
        actions = set(AuditEntry.objects.filter(model_label="staff.Job").values_list("action", flat=True))
        self.assertEqual(actions, {"attendance.job.queue", "attendance.job.start", "attendance.job.done"})

    def test_a_refused_file_lists_every_problem_with_its_place_and_imports_nothing(self) -> None:
        job = self.upload(week(Day("999", "陌生人", WEEK[0]), Day("998", "路人", WEEK[1])))
        job.refresh_from_db()
        self.assertEqual((job.state, job.data, job.result), ("refused", None, None))
        self.assertEqual([(p["sheet"], p["row"]) for p in job.problems], [("每日统计", 10), ("每日统计", 11)])
        page = self.client.get(f"/staff/attendance/imports/{job.pk}/").content.decode()
        self.assertIn("文件未导入：共 2 个问题", page)
        self.assertIn("每日统计 第10行", page)
        self.assertIn("999", page)
        self.assertIn("998", page)
        self.assertFalse(AttendanceDay.objects.exists())
        self.assertFalse(AttendanceImport.objects.exists())
        self.assertFalse(LedgerEntry.objects.exists())

    def test_a_waiting_job_shows_a_bar_polled_every_second_and_htmx_gets_only_the_status(self) -> None:
        job = self.upload(week(), run=False)
        self.assertEqual(Job.objects.get().state, "queued")
        page = self.client.get(f"/staff/attendance/imports/{job.pk}/").content.decode()
        self.assertIn("<progress", page)
        self.assertIn('hx-trigger="every 1s"', page)
        part = self.client.get(f"/staff/attendance/imports/{job.pk}/", headers={"HX-Request": "true"})
        self.assertNotIn("<html", part.content.decode())
        self.assertIn('id="import-job"', part.content.decode())
        imports.run_import_job(job.pk)
        part = self.client.get(f"/staff/attendance/imports/{job.pk}/", headers={"HX-Request": "true"})
        self.assertNotIn("hx-trigger", part.content.decode())
        self.assertIn("已导入", part.content.decode())

    def test_a_running_job_shows_how_far_it_has_gone(self) -> None:
        job = self.upload(week(), run=False)
        Job.objects.filter(pk=job.pk).update(state="running")
        job_progress.Reporter(job.pk).storing(300, 1200)
        page = self.client.get(f"/staff/attendance/imports/{job.pk}/").content.decode()
        self.assertIn('value="300" max="1200"', page)
        self.assertIn("正在保存班次", page)

    def test_the_progress_is_reported_as_the_import_runs_and_throttled(self) -> None:
        colleague = self.by_role[Role.DISPATCHER]
        colleague.employee_no = "85090"
        colleague.save(update_fields=["employee_no"])
        create_employee(
            user=colleague, site=self.site_a, shift=self.day_shift, monthly_wage=self.worker.monthly_wage,
            hired_on=dt.date(2025, 1, 1), by=self.admin,
        )  # fmt: skip
        data = week(*(Day("85090", colleague.display_name, d) for d in WEEK))
        job = self.upload(data, run=False)
        reports: list[dict[str, object]] = []
        real = cache.set

        def remember(key: str, value: object, timeout: float | None = None) -> None:
            if key == job_progress.key(job.pk):
                assert isinstance(value, dict)
                reports.append(value)
            real(key, value, timeout)

        with (
            mock.patch("fuwu.staff.services.attendance.CHUNK", 1),  # stored one person at a time
            mock.patch("fuwu.staff.job_progress.cache.set", side_effect=remember),
            mock.patch("fuwu.staff.job_progress.INTERVAL", 0),  # every report written
        ):
            imports.run_import_job(job.pk)
        seen = [(r["phase"], r["done"], r["of"]) for r in reports]
        self.assertEqual(seen[0], ("reading", 0, 0))
        self.assertIn(("storing", 5, 10), seen)  # the first person's shifts, while the import runs
        self.assertIn(("storing", 10, 10), seen)
        self.assertEqual(seen[-1], ("judging", 2, 2))
        job.refresh_from_db()
        self.assertEqual((job.state, job.done, job.of), ("done", 10, 10))

    def test_reports_are_throttled_to_one_every_half_second_and_the_last_always_written(self) -> None:
        now = [0.0]
        reporter = job_progress.Reporter(7, clock=lambda: now[0])
        reporter.phase(job_progress.READING)
        for done in range(1, 1201):
            now[0] += 0.001  # 1,200 rows in 1.2 seconds
            reporter.storing(done, 1200)
        self.assertEqual(reporter.written, 4)  # reading, at 0.5 s, at 1.0 s, and the last
        report = job_progress.progress_of(7)
        assert report is not None
        self.assertEqual((report.phase, report.done, report.of, report.percent), ("storing", 1200, 1200, 100))

    def test_a_second_run_of_the_task_does_nothing(self) -> None:
        job = self.upload(week())
        self.assertIsNone(imports.run_import_job(job.pk))
        self.assertEqual(AttendanceImport.objects.count(), 1)

    def test_a_job_whose_worker_died_is_refused_by_the_sweep_and_a_live_one_left(self) -> None:
        dead = self.upload(week(), run=False)
        Job.objects.filter(pk=dead.pk).update(
            state="running", created_at=timezone.now() - dt.timedelta(hours=1)
        )
        self.assertEqual(imports.sweep_stalled_imports(), 1)
        dead.refresh_from_db()
        self.assertEqual((dead.state, dead.data), ("refused", None))
        self.assertIn("后台任务已停止", dead.problems[0]["message"])
        live = Job.objects.create(
            kind="import", site=self.site_a, filename="b.xlsx", data=b"x", state="running"
        )
        Job.objects.filter(pk=live.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
        job_progress.Reporter(live.pk).storing(1, 2)  # it reported just now
        self.assertEqual(imports.sweep_stalled_imports(), 0)
        self.assertEqual(Job.objects.get(pk=live.pk).state, "running")

    def test_an_unexpected_failure_refuses_the_job_and_is_logged(self) -> None:
        job = self.upload(week(), run=False)
        with (
            mock.patch("fuwu.staff.services.imports.import_attendance", side_effect=RuntimeError("boom")),
            self.assertLogs("fuwu.staff.services.imports", "ERROR"),
        ):
            self.assertEqual(imports.run_import_job(job.pk), "refused")
        job.refresh_from_db()
        self.assertEqual((job.state, job.data), ("refused", None))
        self.assertFalse(AttendanceDay.objects.exists())

    def test_the_synchronous_service_still_answers_for_the_api_and_the_demo(self) -> None:
        done = import_attendance(site=self.site_a, data=week(), filename="考勤报表.xlsx", by=self.admin)
        self.assertEqual(done.batch.rows, 5)
        self.assertFalse(Job.objects.exists())

    def test_only_hr_and_the_general_manager_of_the_jobs_site_see_it(self) -> None:
        job = self.upload(week(), run=False)
        url = f"/staff/attendance/imports/{job.pk}/"
        self.assertEqual(self.client.get(url).status_code, 200)
        other_hr = users.create_user(
            username="hr_b",
            password=PASSWORD,
            display_name="乙站人事",
            roles=[Role.HR_FINANCE],
            by=self.admin,
        )
        sites.add_member(self.site_b, other_hr, by=self.admin)
        for user, status in (
            (self.by_role[Role.GENERAL_MANAGER], 200),
            (other_hr, 404),  # HR, of another site
            (self.by_role[Role.EMPLOYEE], 403),
            (self.by_role[Role.SUPERVISOR], 403),
            (self.by_role[Role.DISPATCHER], 403),
        ):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, status)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)  # to the login page
        self.client.force_login(self.by_role[Role.HR_FINANCE])
        self.assertEqual(self.client.post(url).status_code, 405)
        self.assertEqual(self.client.get("/staff/attendance/imports/999999/").status_code, 404)

    def test_a_file_too_large_is_refused_on_the_form_and_nothing_queued(self) -> None:
        with mock.patch("fuwu.staff.forms.MAX_FILE_BYTES", 10):
            response = self.client.post(
                "/staff/attendance/import/",
                {"site": self.site_a.pk, "file": SimpleUploadedFile("a.xlsx", week())},
            )
        self.assertEqual(response.status_code, 422)
        self.assertIn("文件超过 20 MB", response.content.decode())
        self.assertFalse(Job.objects.exists())

    def test_a_job_waiting_so_long_its_task_may_be_lost_is_handed_to_the_worker_again(self) -> None:
        job = self.upload(week(), run=False)  # its task never ran
        self.assertEqual(imports.waiting_too_long(), [])
        Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
        self.assertEqual(imports.waiting_too_long(), [job.pk])
        tasks.sweep_stalled_imports.call_local()
        self.assertEqual(Job.objects.get(pk=job.pk).state, "done")
