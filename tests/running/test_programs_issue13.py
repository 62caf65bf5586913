"""Issue 13: a scenario starts only the programs this PC allows (``allowed_programs:``), never one it brings.

``desktop.launch`` and a scenario's own ``settings.browser.executable_path`` would otherwise run anything
with the clerk's rights (``python -c "…"``, a script in the scenario's folder). The attack tests run real
scenarios: the desktop one on the private Xvfb display (marker ``display``), the browser one without
starting any browser (the check comes first).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rpa_core.running.programs import Programs, command_key, pc_programs
from rpa_core.store.pc_settings import pc_settings_path

SAMPLE = "python -m sample_systems.desktop"


def test_an_entry_allows_its_program_with_more_arguments_and_nothing_else() -> None:
    programs = Programs([SAMPLE])
    assert programs.allows([sys.executable, "-m", "sample_systems.desktop", "--notice-after", "2"])
    assert programs.allows(["python", "-m", "sample_systems.desktop"])
    assert not programs.allows([sys.executable, "-c", "import os; os.remove('x')"])
    assert not programs.allows([sys.executable, "-m", "sample_systems.web"])
    assert not programs.allows([sys.executable])  # shorter than the entry: not the same command
    assert not Programs([]).allows([sys.executable, "-m", "sample_systems.desktop"])


def test_a_program_with_a_folder_is_compared_as_a_path_and_a_bare_name_only_as_a_bare_name(tmp_path: Path) -> None:
    tool = tmp_path / "業務" / "kei.sh"
    tool.parent.mkdir()
    tool.write_text("#!/bin/sh\n", encoding="utf-8")
    programs = Programs([str(tool), "notepad.exe"])
    assert programs.allows([str(tool)])
    assert programs.allows([str(tmp_path / "業務" / ".." / "業務" / "kei.sh"), "--db", "x"])
    assert not programs.allows([str(tmp_path / "kei.sh")])
    assert programs.allows(["notepad.exe", "a.txt"])
    assert not programs.allows([str(tmp_path / "notepad.exe")])  # a program of that name the scenario brings


def test_windows_programs_compare_case_insensitively_and_by_component() -> None:
    entry = command_key([r"C:\Program Files\軽自動車税\kei.exe"], windows=True)
    same = command_key([r"c:\program files\軽自動車税\KEI.EXE", "/user", "robot"], windows=True)
    other = command_key([r"C:\Program Files\軽自動車税2\kei.exe"], windows=True)
    assert same[: len(entry)] == entry
    assert other[: len(entry)] != entry


def test_the_pc_settings_and_the_environment_grant_programs(tmp_path: Path) -> None:
    pc_settings_path(tmp_path).write_text("allowed_programs:\n  - 'notepad.exe'\n", encoding="utf-8")
    programs = pc_programs(tmp_path, env={"ROBOSAN_ALLOWED_PROGRAMS": SAMPLE})
    assert programs.entries == ["notepad.exe", SAMPLE]
    assert programs.allows(["notepad.exe"]) and programs.allows(["python", "-m", "sample_systems.desktop"])


@pytest.mark.display
def test_desktop_launch_of_a_program_the_pc_did_not_allow_is_refused_and_never_started(
    xvfb: str, run_file: Any, write_scenario: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROBOSAN_ALLOWED_PROGRAMS", SAMPLE)
    victim = tmp_path / "victim.txt"
    victim.write_text("大切な記録\n", encoding="utf-8")
    payload = f"import pathlib; pathlib.Path({str(victim)!r}).write_text('x')"
    scenario = write_scenario(f"""
        name: 許可のないプログラム
        steps:
          - desktop.launch: {{command: "python -c \\"{payload}\\"", window: 何もない, timeout: 2s}}
        """)
    result = run_file(scenario, unattended=True)
    assert result.status == "failed"
    assert result.error is not None and result.error.key == "programs.refused"
    assert result.error.loc is not None and result.error.loc.line == 3
    rendered = result.error.render("ja")
    assert "allowed_programs" in rendered and "-c" in rendered
    assert victim.read_text(encoding="utf-8") == "大切な記録\n"


def test_a_scenarios_own_browser_program_is_refused_before_it_starts(
    run_file: Any, write_scenario: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ROBOSAN_ALLOWED_PROGRAMS", raising=False)
    marker = tmp_path / "started.txt"
    fake = tmp_path / "chrome.sh"
    fake.write_text(f"#!/bin/sh\necho started > {marker}\n", encoding="utf-8")
    fake.chmod(0o755)
    scenario = write_scenario(f"""
        name: 自前のブラウザー
        settings:
          browser: {{executable_path: {fake}}}
        steps:
          - browser.open: {{url: "http://127.0.0.1:9/"}}
        """)
    result = run_file(scenario, unattended=True)
    assert result.status == "failed"
    assert result.error is not None and result.error.key == "programs.refused", result.error.render("en")
    assert "executable_path" in result.error.render("en")
    assert not marker.exists()
    assert os.access(fake, os.X_OK)  # it could have run: only the check stopped it
