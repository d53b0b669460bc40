"""Attendance export files built exactly as the vendors write them (../shared/formats/attendance-exports.md):
DingTalk's workbook and BOM CSV, WeCom's daily report, ZKTeco's attlog.dat and its software's Excel.

Each builder takes the same small facts — who, which day, which punches as the clock shows them — and
writes the bytes the way that source does: its title rows, merged header groups, spacing and its own
words for a missing punch (DingTalk 缺卡, 考勤明细 and ZKTeco 未打卡, WeCom ``-``). Tests read them
back; the demo data can build realistic months with ``month``.
"""

from fuwu.staff.samples.days import NORMAL, REST, Day, Leave, at, minutes, month
from fuwu.staff.samples.dingtalk import dingtalk_csv, dingtalk_daily_rows, dingtalk_workbook, to_bytes
from fuwu.staff.samples.others import attlog, punches_of, wecom_report, zkteco_daily, zkteco_raw

__all__ = [
    "NORMAL",
    "REST",
    "Day",
    "Leave",
    "at",
    "attlog",
    "dingtalk_csv",
    "dingtalk_daily_rows",
    "dingtalk_workbook",
    "minutes",
    "month",
    "punches_of",
    "to_bytes",
    "wecom_report",
    "zkteco_daily",
    "zkteco_raw",
]
