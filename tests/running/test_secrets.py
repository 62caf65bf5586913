"""A secret's value never appears in the run log, the console, explain, the result workbook or an error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from rpa_core.store.runlog import runs, steps

PASSWORD = "Kz9-ひみつ-8831"


def test_secret_is_masked_everywhere(write_scenario, run_file, monkeypatch, tmp_path):
    monkeypatch.setenv("ROBOSAN_SECRET_TAX_SYSTEM_USER", "shozei01")
    monkeypatch.setenv("ROBOSAN_SECRET_TAX_SYSTEM_PASSWORD", PASSWORD)
    path = write_scenario("""
        name: 秘密情報
        secrets: [tax_system]
        steps:
          - log: "ログイン {{ secrets.tax_system.user }} / {{ secrets.tax_system.password }}"
          - for_each: [{id: "1"}]
            name: 各件
            as: row
            item_key: "{{ row.id }}"
            steps:
              - set: {echo: "{{ secrets.tax_system.password }}"}
              - fail: "パスワード {{ secrets.tax_system.password }} が拒否されました"
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


def test_secret_missing_says_how_to_register(write_scenario, run_file):
    path = write_scenario("""
        name: 未登録
        secrets: [tax_system]
        steps:
          - log: "{{ secrets.tax_system.password }}"
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
    env = {**os.environ, "ROBOSAN_SECRET_MAIL_PASSWORD": PASSWORD, "ROBOSAN_HOME": str(tmp_path / "home"),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    proc = subprocess.run([str(Path(sys.executable).parent / "robosan"), "run", str(scenario), "--unattended"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 1
    out = proc.stdout + proc.stderr
    assert PASSWORD not in out and "pw=****" in out and "**** NG" in out
    explained = subprocess.run([str(Path(sys.executable).parent / "robosan"), "explain", str(scenario)],
                               capture_output=True, text=True, env=env, timeout=60)
    assert PASSWORD not in explained.stdout and "secrets.mail.password" in explained.stdout
