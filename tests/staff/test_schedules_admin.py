"""The administrator's screens for shifts, rotas and who works them: the cycle written as text, each team's
next 14 days shown, bad input named at its field, every save audited."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.urls import reverse

from fuwu.core.models import AuditEntry
from fuwu.staff.models import Employee, Rota, Shift
from fuwu.staff.services.employees import assign_rota, create_rota, create_shift
from tests.core.base import PASSWORD
from tests.staff.base import StaffTestCase


class ScheduleAdminTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for name, start, end in (("白班", 7, 19), ("夜班", 19, 7)):
            create_shift(
                site=cls.site_a, name=name, start=dt.time(start), end=dt.time(end), days="daily", by=cls.admin
            )

    def setUp(self) -> None:
        self.client.login(username=self.admin.username, password=PASSWORD)

    def test_the_forms_say_in_chinese_how_a_cycle_and_a_break_are_written(self) -> None:
        rota = self.client.get(reverse("admin:staff_rota_add")).content.decode()
        self.assertIn("休息日填“休”。两班倒示例：白班,白班,夜班,夜班,休,休", rota)
        shift = self.client.get(reverse("admin:staff_shift_add")).content.decode()
        self.assertIn("按第一次上班打卡和最后一次下班打卡考勤", shift)
        self.assertIn("休息开始", shift)

    def test_a_rota_is_written_as_text_and_saved_as_its_shifts_with_an_audit_entry(self) -> None:
        response = self.client.post(
            reverse("admin:staff_rota_add"),
            {
                "site": self.site_a.pk,
                "name": "两班倒",
                "starts_on": "2026-03-01",
                "cycle": "白班，白班\n夜班,夜班,休,休",
            },
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        rota = Rota.objects.get()
        self.assertEqual(rota.cycle, ["白班", "白班", "夜班", "夜班", "", ""])
        self.assertTrue(AuditEntry.objects.filter(action="admin.add", object_pk=str(rota.pk)).exists())
        page = self.client.get(reverse("admin:staff_rota_change", args=[rota.pk])).content.decode()
        self.assertIn("白班, 白班, 夜班, 夜班, 休, 休", page)

    def test_a_day_naming_no_shift_of_the_site_is_named_at_the_cycle(self) -> None:
        response = self.client.post(
            reverse("admin:staff_rota_add"),
            {"site": self.site_a.pk, "name": "两班倒", "starts_on": "2026-03-01", "cycle": "白班,早晚班"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["adminform"].form.errors["cycle"],
            ["周期第 2 天的“早晚班”不是本站点的班次。"],
        )
        self.assertFalse(Rota.objects.exists())

    @mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 3, 2))
    def test_the_rota_page_shows_each_teams_next_14_days(self, _today: mock.Mock) -> None:
        rota = create_rota(
            site=self.site_a,
            name="两班倒",
            cycle="白班,白班,夜班,夜班,休,休",
            starts_on=dt.date(2026, 3, 1),
            by=self.admin,
        )
        assign_rota(employee=self.worker, rota=rota, offset=2, by=self.admin)
        page = self.client.get(reverse("admin:staff_rota_change", args=[rota.pk])).content.decode()
        self.assertIn("03-02<br>一", page)
        self.assertIn("03-15<br>日", page)
        self.assertNotIn("03-16", page)
        # Place 2 from 2 March (day 1 of the cycle): 夜 夜 休 休 白 白, and again.
        row = page[page.index("位置 2：用户8") :]
        cells = [cell.split("</td>")[0] for cell in row.split("<td>")[1:15]]
        self.assertEqual(
            cells,
            [
                "夜班",
                "休",
                "休",
                "白班",
                "白班",
                "夜班",
                "夜班",
                "休",
                "休",
                "白班",
                "白班",
                "夜班",
                "夜班",
                "休",
            ],
        )
        person = self.client.get(
            reverse("admin:staff_employee_change", args=[self.worker.pk])
        ).content.decode()
        self.assertIn("<td>夜班</td><td>休</td><td>休</td><td>白班</td>", person)

    def test_a_person_cannot_be_put_on_another_sites_rota_nor_past_its_cycle(self) -> None:
        create_shift(site=self.site_b, name="白班", start=dt.time(7), end=dt.time(19), by=self.admin)
        other = create_rota(
            site=self.site_b, name="门店", cycle="白班,休", starts_on=dt.date(2026, 1, 1), by=self.admin
        )
        data = {
            "user": self.worker.user_id,
            "site": self.site_a.pk,
            "manager": "",
            "hired_on": "2025-01-01",
            "status": "active",
            "monthly_wage": "4350.00",
            "daily_wage": "",
            "full_attendance_bonus": "150.00",
            "shift": self.day_shift.pk,
            "rota": other.pk,
            "rota_offset": "5",
        }
        response = self.client.post(reverse("admin:staff_employee_change", args=[self.worker.pk]), data)
        self.assertEqual(response.status_code, 200)
        errors = response.context["adminform"].form.errors
        self.assertEqual(errors["rota"], ["轮班表“门店”属于其他站点，请选择该员工所在站点的轮班表。"])
        self.assertEqual(errors["rota_offset"], ["轮班位置须在 0 至 1 之间（该周期共 2 天）。"])
        own = create_rota(
            site=self.site_a, name="两班倒", cycle="白班,夜班", starts_on=dt.date(2026, 1, 1), by=self.admin
        )
        data.update(rota=own.pk, rota_offset="1")
        response = self.client.post(reverse("admin:staff_employee_change", args=[self.worker.pk]), data)
        self.assertEqual(response.status_code, 302)
        saved = Employee.objects.get(pk=self.worker.pk)
        self.assertEqual(
            (saved.rota_id, saved.rota_offset, str(saved.full_attendance_bonus)), (own.pk, 1, "150.00")
        )
        self.assertTrue(AuditEntry.objects.filter(action="admin.change", object_pk=str(saved.pk)).exists())

    def test_a_shift_a_rota_works_by_name_can_be_neither_renamed_nor_deleted(self) -> None:
        create_rota(
            site=self.site_a, name="两班倒", cycle="白班,夜班", starts_on=dt.date(2026, 1, 1), by=self.admin
        )
        day = Shift.objects.get(site=self.site_a, name="白班")
        data = {"site": self.site_a.pk, "name": "早班", "start": "07:00", "end": "19:00", "days": "daily"}
        response = self.client.post(
            reverse("admin:staff_shift_change", args=[day.pk]), {**data, "break_start": "", "break_end": ""}
        )
        self.assertEqual(
            response.context["adminform"].form.errors["name"],
            ["轮班表“两班倒”按名称使用此班次，请先修改轮班表。"],
        )
        self.assertEqual(self.client.get(reverse("admin:staff_shift_delete", args=[day.pk])).status_code, 403)

    def test_a_split_shift_is_entered_with_its_break(self) -> None:
        data = {
            "site": self.site_a.pk,
            "name": "两头班",
            "start": "09:00",
            "end": "18:00",
            "days": "workdays",
        }
        response = self.client.post(
            reverse("admin:staff_shift_add"), {**data, "break_start": "12:00", "break_end": "13:30"}
        )
        self.assertEqual(response.status_code, 302)
        split = Shift.objects.get(name="两头班")
        self.assertEqual((split.break_start, split.break_end), (dt.time(12), dt.time(13, 30)))
        response = self.client.post(
            reverse("admin:staff_shift_add"), {**data, "name": "坏", "break_start": "12:00", "break_end": ""}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("请同时填写休息开始和结束时间，或都不填。", response.content.decode())

    def test_people_are_filtered_by_a_rota_named_with_its_site(self) -> None:
        rota = create_rota(
            site=self.site_a, name="两班倒", cycle="白班,夜班", starts_on=dt.date(2026, 1, 1), by=self.admin
        )
        listing = self.client.get(reverse("admin:staff_employee_changelist")).content.decode()
        self.assertIn("两班倒（锦绣花园小区）", listing)
        self.assertIn("用户8", listing)
        nobody = self.client.get(
            reverse("admin:staff_employee_changelist"), {"rota": rota.pk}
        ).content.decode()
        self.assertNotIn('id="result_list"', nobody)  # nobody on it yet
        assign_rota(employee=self.worker, rota=rota, offset=0, by=self.admin)
        found = self.client.get(
            reverse("admin:staff_employee_changelist"), {"rota": rota.pk}
        ).content.decode()
        self.assertIn("用户8", found.split('id="result_list"')[-1])
