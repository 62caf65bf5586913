"""The robosan command as a clerk uses it: real processes, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ROBOSAN = Path(sys.executable).parent / "robosan"
DEMO = REPO / "scenarios" / "jigyosho_check" / "scenario.yaml"


def robosan(*args: str, home: Path, lang: str = "ja", stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ROBOSAN_HOME": str(home), "ROBOSAN_LANG": lang, "COLUMNS": "200"}
    env.pop("ROBOSAN_DB", None)
    return subprocess.run([str(ROBOSAN), *args], capture_output=True, text=True, env=env, timeout=120,
                          input=stdin)


def test_validate_ok_and_broken(tmp_path: Path) -> None:
    ok = robosan("validate", str(DEMO), home=tmp_path)
    assert ok.returncode == 0, ok.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nstpes:\n  - log: a\n", encoding="utf-8")
    res = robosan("validate", str(bad), home=tmp_path)
    assert res.returncode == 2
    assert f"{bad}:2:1:" in res.stderr and "steps" in res.stderr and "対処:" in res.stderr
    en = robosan("validate", str(bad), home=tmp_path, lang="en")
    assert "Did you mean 'steps'?" in en.stderr and "What to do:" in en.stderr
    assert "Traceback" not in res.stderr + en.stderr


def test_run_the_example_then_resume_then_report(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    first = robosan("run", str(DEMO), "--input", f"out={out}", home=tmp_path, stdin="")
    # two rows of the sample have a wrong check digit on purpose: the run ends partly failed (exit 1)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "一部失敗" in first.stdout and out.exists()
    from openpyxl import load_workbook

    rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 1 + 18
    header = rows[0]
    cleaned = dict(zip(header, rows[1], strict=True))
    assert cleaned["郵便番号"].count("-") == 1 and len(cleaned["郵便番号"]) == 8
    second = robosan("run", str(DEMO), "--input", f"out={out}", home=tmp_path, stdin="")
    assert "完了* 18" in second.stdout  # done ones are not done again
    history = robosan("runs", home=tmp_path)
    assert history.returncode == 0 and "提出事業所一覧の点検" in history.stdout
    report = robosan("report", home=tmp_path)
    assert report.returncode == 0
    assert "提出事業所一覧の点検" in report.stdout and "削減率" in report.stdout


def test_run_bad_input_exit_2(tmp_path: Path) -> None:
    res = robosan("run", str(DEMO), "--input", "nosuch=1", home=tmp_path)
    assert res.returncode == 2 and "nosuch" in res.stderr and "Traceback" not in res.stderr
    res = robosan("run", str(DEMO), "--input", "novalue", home=tmp_path)
    assert (res.returncode == 2 and "NAME=VALUE" in res.stderr) or "名前=値" in res.stderr


def test_explain_is_a_numbered_japanese_procedure(tmp_path: Path) -> None:
    res = robosan("explain", str(DEMO), home=tmp_path)
    assert res.returncode == 0
    text = res.stdout
    assert text.startswith("# 提出事業所一覧の点検")
    assert "1. **事業所一覧を読む**: Excelの" in text
    assert "2. **事業所ごとに点検**" in text and "2.1." in text
    assert "処理済みの件は繰り返さない" in text


def test_schema_is_json_schema_with_every_action(tmp_path: Path) -> None:
    res = robosan("schema", home=tmp_path)
    schema = json.loads(res.stdout)
    variants = schema["$defs"]["steps"]["items"]["oneOf"]
    keys = {v["required"][0] for v in variants}
    assert {"for_each", "if", "try", "manual", "excel.read_rows", "file.append_text"} <= keys


def test_docs_actions_md_is_up_to_date(tmp_path: Path) -> None:
    generated = robosan("actions", "--markdown", home=tmp_path)
    assert generated.returncode == 0, generated.stderr
    current = (REPO / "docs" / "actions.md").read_text(encoding="utf-8")
    assert current == generated.stdout, "docs/actions.md is stale: run `robosan actions --markdown > docs/actions.md`"


@pytest.mark.parametrize("args", [["runs", "999"], ["report", "--from", "2026-13-01"], ["validate", "nofile.yaml"]])
def test_no_traceback_for_bad_requests(tmp_path: Path, args: list[str]) -> None:
    res = robosan(*args, home=tmp_path)
    assert res.returncode != 0
    assert "Traceback" not in res.stdout + res.stderr


def test_a_second_run_of_the_same_scenario_is_refused_while_the_first_runs(tmp_path: Path) -> None:
    scenario = tmp_path / "slow.yaml"
    scenario.write_text("name: 長い処理\nsteps:\n  - log: 開始\n  - wait: 30s\n", encoding="utf-8")
    env = {**os.environ, "ROBOSAN_HOME": str(tmp_path), "ROBOSAN_LANG": "ja"}
    first = subprocess.Popen([str(ROBOSAN), "run", str(scenario), "--unattended"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert first.stdout is not None
        assert "開始" in first.stdout.readline()  # the first run holds the lock now
        second = robosan("run", str(scenario), "--unattended", home=tmp_path)
        assert second.returncode == 2, second.stdout + second.stderr
        assert f"{first.pid}" in second.stderr and "Traceback" not in second.stderr
    finally:
        first.kill()
        first.wait(timeout=30)
    # the killed holder's lock is released by the OS: the next run goes through
    third = robosan("run", str(scenario), "--unattended", "--input", "nothing=1", home=tmp_path)
    assert third.returncode == 2 and "nothing" in third.stderr  # refused for its input, not for the lock


def test_sample_systems_reset_desktop_deletes_its_data(tmp_path: Path) -> None:
    data = tmp_path / "sample_systems" / "sample_desktop.db"
    data.parent.mkdir(parents=True)
    data.write_bytes(b"SQLite format 3\x00")
    listed = robosan("sample-systems", "start", "--help", home=tmp_path)
    assert "web" in listed.stdout and "desktop" in listed.stdout
    res = robosan("sample-systems", "reset", "desktop", home=tmp_path)
    assert res.returncode == 0 and str(data) in res.stdout
    assert not data.exists()
