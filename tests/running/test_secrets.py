"""A secret's value never appears in the run log, the console, explain, the result workbook or an error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from rpa_core.store.runlog import runs, steps
from tests.support import actions_for_tests  # noqa: F401  (registers test.type_secret)

PASSWORD = "Kz9-ひみつ-8831"


def test_secret_is_masked_everywhere(write_scenario, run_file, monkeypatch, tmp_path):
    """A target system that repeats the password in its error: masked in the run log, items, workbook, console."""
    monkeypatch.setenv("ROBOSAN_SECRET_TAX_SYSTEM_USER", "shozei01")
    monkeypatch.setenv("ROBOSAN_SECRET_TAX_SYSTEM_PASSWORD", PASSWORD)
    monkeypatch.setenv("ROBOSAN_SECRET_TAX_SYSTEM_FOR", "秘密情報")  # the scenario's name is its scope
    path = write_scenario("""
        name: 秘密情報
        secrets: [tax_system]
        steps:
          - test.type_secret: {text: "{{ secrets.tax_system.user }}"}
          - for_each: [{id: "1"}]
            name: 各件
            as: row
            item_key: "{{ row.id }}"
            steps:
              - test.type_secret: {text: "{{ secrets.tax_system.password }}", echo_in_error: true}
        """)
    result = run_file(path)
    assert result.status == "failed"
    seen: list[str] = [*list(result.observer.lines), result.message]
    with run_file.log.engine.connect() as conn:
        for table in (runs, steps):
            for row in conn.execute(select(table)):
                seen.extend(str(v) for v in row)
        from rpa_core.store.runlog import items

        for row in conn.execute(select(items)):
            seen.extend(str(v) for v in row)
    wb = load_workbook(result.result_workbook)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            seen.extend(str(v) for v in row)
    everything = "\n".join(seen)
    assert PASSWORD not in everything
    assert "****" in everything  # the value was there, masked
    assert "shozei01" not in everything


def test_secret_missing_says_how_to_register(write_scenario, run_file, monkeypatch):
    monkeypatch.setenv("ROBOSAN_SECRET_TAX_SYSTEM_FOR", "未登録")
    path = write_scenario("""
        name: 未登録
        secrets: [tax_system]
        steps:
          - test.type_secret: {text: "{{ secrets.tax_system.password }}"}
        """)
    result = run_file(path)
    assert result.status == "failed"
    assert "robosan secrets set tax_system" in result.message
    assert "ROBOSAN_SECRET_TAX_SYSTEM_PASSWORD" in result.message


def test_secret_never_in_console_of_real_command(tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "name: 秘密\nsecrets: [mail]\nsteps:\n  - log: \"pw={{ secrets.mail.password }}\"\n"
        "  - fail: \"{{ secrets.mail.password }} NG\"\n", encoding="utf-8")
    env = {**os.environ, "ROBOSAN_SECRET_MAIL_PASSWORD": PASSWORD, "ROBOSAN_SECRET_MAIL_FOR": "秘密",
           "ROBOSAN_HOME": str(tmp_path / "home"), "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    robosan = str(Path(sys.executable).parent / "robosan")
    proc = subprocess.run([robosan, "run", str(scenario), "--unattended"], capture_output=True, text=True, env=env,
                          timeout=60)
    assert proc.returncode == 2  # a secret in log:/fail: is refused before the run (issue 13)
    out = proc.stdout + proc.stderr
    assert PASSWORD not in out and f"{scenario}:4:" in out and f"{scenario}:5:" in out
    scenario.write_text("name: 秘密\nsecrets: [mail]\nsteps:\n"
                        "  - browser.fill: {label: パスワード, value: \"{{ secrets.mail.password }}\"}\n",
                        encoding="utf-8")
    explained = subprocess.run([robosan, "explain", str(scenario)], capture_output=True, text=True, env=env,
                               timeout=60)
    assert explained.returncode == 0, explained.stderr
    assert PASSWORD not in explained.stdout and "secrets.mail.password" in explained.stdout
