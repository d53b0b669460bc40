"""`fuwu policy list | check | explain | eval`: exit 0 on success, exit 2 with a plain message on error."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from fuwu.policy.cli import main
from fuwu.policy.registry import shipped_pack_files, shipped_profile, shipped_registry

REPO = Path(__file__).resolve().parents[2]

LATE_25 = {
    "employees": [{"id": "E1", "daily_wage": "200.00"}],
    "events": [
        {
            "type": "attendance",
            "employee": "E1",
            "date": "2026-03-02",
            "shift_start": "09:00",
            "shift_end": "18:00",
            "clock_in": "09:25",
            "clock_out": "18:00",
        }
    ],
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_list_prints_one_line_per_pack_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == len(shipped_registry().packs())
    assert lines[0].split("\t")[:3] == ["p01", "1", "2026-01-01"]
    assert lines[0].split("\t")[3].endswith("p01.yaml")
    assert any(line.startswith("p04\t1\t2011-11-01\t") for line in lines)


def test_check_accepts_every_shipped_pack_and_the_demo_profile(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(path) for path in shipped_pack_files()] + [str(shipped_profile("demo"))]
    status, out, _ = run(capsys, "check", *files)
    assert status == 0
    assert out.splitlines() == [f"{path}: ok" for path in files]


def test_check_reports_each_error_as_file_line_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "id: p01\ntitle: t\nsource: 篇一\nversion: 1\neffective: 2026-01-01\nclauses:\n"
        "  - id: p01.1\n    kind: [penalty]\n    title: t\n    rules:\n      - {type: fine, amount: -5}\n"
    )
    bad = write(tmp_path, "p01.yaml", text)
    good = shipped_pack_files()[0]
    status, out, _ = run(capsys, "check", str(good), str(bad))
    assert status == 2
    assert out.splitlines() == [
        f"{good}: ok",
        f"{bad}:7:5: clauses[0]: missing field 'text'",
        f"{bad}:11:30: clauses[0].rules[0].amount: expected an amount of 0 or more, got '-5'",
    ]


def test_check_composes_a_profile_and_reports_its_conflicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write(tmp_path, "company.yaml", "id: company\ntitle: 公司\npacks: [p01, p04]\n")
    status, out, _ = run(capsys, "check", str(profile))
    assert status == 2
    assert out.splitlines()[0].startswith(
        f"{profile}:3:8: attendance.absence is claimed by p01.3.3 and p04.9"
    )


def test_check_reports_an_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "check", str(tmp_path / "nowhere.yaml"))
    assert status == 2
    assert out.startswith(f"{tmp_path / 'nowhere.yaml'}:0:0: cannot read the file")


def test_explain_shows_pack_version_kind_rules_parameters_and_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "explain", "p01.3")
    assert status == 0
    assert out.startswith("p01.3 ")
    assert "pack: p01 " in out
    assert "version: 1, effective 2026-01-01" in out
    assert "kind: deduction" in out
    assert "type: full_attendance_forfeit" in out
    assert "param: p01.full_attendance_bonus" in out
    assert "p01.full_attendance_bonus: 200.00" in out
    assert "3、迟到、早退、请假、旷工扣全勤奖。" in out


def test_explain_of_an_unknown_clause_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "explain", "p01.99")
    assert status == 2
    assert out == ""
    assert "unknown clause 'p01.99'" in err


@pytest.mark.parametrize("argv", [[], ["bogus"], ["check"], ["explain"], ["eval", "-"], ["eval", "--pack"]])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert err


def test_eval_fines_25_minutes_of_lateness_20(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = write(tmp_path, "facts.json", json.dumps(LATE_25))
    status, out, err = run(capsys, "eval", "--pack", "p01", str(facts))
    assert status == 0, err
    decisions = json.loads(out)["decisions"]
    fines = [d for d in decisions if d["kind"] == "fine"]
    assert fines == [
        {**fines[0], "kind": "fine", "subject": "E1", "clause": "p01.3.1", "amount": "20.00"},
    ]


def test_eval_reads_standard_input_and_uses_a_profile(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(LATE_25)))
    status, out, err = run(capsys, "eval", "--profile", str(shipped_profile("demo")), "-")
    assert status == 0, err
    assert any(d["clause"] == "p01.3.1" for d in json.loads(out)["decisions"])


def test_eval_of_conflicting_packs_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = write(tmp_path, "facts.json", json.dumps(LATE_25))
    status, out, err = run(capsys, "eval", "--pack", "p01", "--pack", "p04", str(facts))
    assert (status, out) == (2, "")
    assert "attendance.absence is claimed by p01.3.3 and p04.9" in err


def test_eval_of_an_unknown_pack_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = write(tmp_path, "facts.json", json.dumps(LATE_25))
    status, _, err = run(capsys, "eval", "--pack", "p77", str(facts))
    assert status == 2
    assert "unknown pack 'p77'" in err


def test_eval_of_invalid_json_names_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = write(tmp_path, "facts.json", '{"employees": [],\n "events": [,]}')
    status, out, err = run(capsys, "eval", "--pack", "p01", str(facts))
    assert (status, out) == (2, "")
    assert err.startswith(f"{facts}:2:13: invalid JSON")


def test_eval_of_a_missing_input_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "eval", "--pack", "p01", str(tmp_path / "none.json"))
    assert status == 2
    assert "cannot read the input" in err


def test_eval_of_malformed_input_names_the_event_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = dict(LATE_25, events=[dict(LATE_25["events"][0], clock_in="9h25")])
    path = write(tmp_path, "facts.json", json.dumps(facts))
    status, out, err = run(capsys, "eval", "--pack", "p01", str(path))
    assert (status, out) == (2, "")
    assert "events[0]" in err and "clock_in" in err
    assert "Traceback" not in err


def test_python_dash_m_fuwu_policy_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fuwu.policy", "explain", "p04.9"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("p04.9 ")
    assert "effective 2011-11-01" in result.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "fuwu.policy", "explain", "p04.99"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr
