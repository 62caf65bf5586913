"""Issue 12, point 7: square brackets in a scenario name or a log line are the clerk's text, not Rich markup.

``業務[/]テスト`` once broke ``robosan runs`` and ``robosan report`` for every user of that run log.
Real ``robosan`` processes on a real SQLite log.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from rich.console import Console

ROBOSAN = Path(sys.executable).parent / "robosan"


def robosan(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ROBOSAN_HOME": str(home), "ROBOSAN_LANG": "ja", "COLUMNS": "200"}
    env.pop("ROBOSAN_DB", None)
    return subprocess.run([str(ROBOSAN), *args], capture_output=True, text=True, env=env, timeout=120)


def test_brackets_in_a_scenario_name_and_a_log_line_are_printed_literally(tmp_path: Path) -> None:
    scenario = tmp_path / "markup.yaml"
    scenario.write_text(textwrap.dedent("""
        name: 業務[/]テスト
        department: 総務部/[red]課
        baseline: {minutes_per_item: 4, minutes_per_run: 2, measured_on: 2026-04-01}
        steps:
          - log: "[bold]x[/]"
          - for_each: ["[/]A-001", "B:smile:002"]
            name: "[i]件ごと"
            item_key: "{{ item }}"
            steps:
              - log: "処理 {{ item }} [link=file:///etc/passwd]開く[/link]"
    """), encoding="utf-8")
    home = tmp_path / "home"
    run = robosan("run", str(scenario), home=home)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "[bold]x[/]" in run.stdout and "実行結果: 業務[/]テスト" in run.stdout
    assert "処理 [/]A-001 [link=file:///etc/passwd]開く[/link]" in run.stdout

    runs = robosan("runs", home=home)
    assert runs.returncode == 0, runs.stderr
    assert "業務[/]テスト" in runs.stdout

    detail = robosan("runs", "1", home=home)
    assert detail.returncode == 0, detail.stderr
    assert "[bold]x[/]" in detail.stdout and "[/]A-001" in detail.stdout and "B:smile:002" in detail.stdout

    report = robosan("report", home=home)
    assert report.returncode == 0, report.stderr
    assert "業務[/]テスト" in report.stdout and "総務部/[red]課" in report.stdout
    for out in (run, runs, detail, report):
        assert "Traceback" not in out.stdout + out.stderr and "MarkupError" not in out.stderr


def test_plain_keeps_markup_and_shows_control_characters() -> None:
    from rpa_core.cli.console import plain

    console = Console(width=80, record=True, color_system=None)
    console.print(plain("[bold]太字[/] \x1b[2J\x0c:smile:"))
    shown = console.export_text()
    assert shown.strip() == "[bold]太字[/] \\x1b[2J\\x0c:smile:"
