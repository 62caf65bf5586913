"""Issue 13: the run log and the run folders are readable by their owner only (0600 / 0700).

Real parts: the ``robosan`` command in a subprocess started with the usual umask 022 (which would make
files 0644 and folders 0755), the default run log in ``ROBOSAN_HOME``, a real .xlsx result workbook. On
Windows the files live in the user profile, whose ACL limits them to the user: POSIX modes are not
checked there (and robosan changes nothing there).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from rpa_core.store.private_files import create_private_file, private_dir, tighten_tree
from rpa_core.store.runlog import RunLog

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes; Windows relies on the profile's ACL")

ROBOSAN = str(Path(sys.executable).parent / "robosan")

SCENARIO = """\
name: 住民票の写しの交付記録
personal: [氏名]
steps:
  - for_each: [{受付番号: "U-001", 氏名: 佐藤 花子}, {受付番号: "U-002", 氏名: 髙橋 一郎}]
    name: 交付記録
    as: row
    item_key: "{{ row.受付番号 }}"
    steps:
      - file.write_text: {path: "out/{{ row.受付番号 }}.txt", text: 交付済み}
      - log: "{{ row.氏名 }} に交付しました"
"""


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _umask_022() -> None:
    os.umask(0o022)


def _run(home: Path, scenario: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ROBOSAN_HOME": str(home)}
    env.pop("ROBOSAN_DB", None)
    return subprocess.run([ROBOSAN, "run", str(scenario), "--unattended"], capture_output=True, text=True,
                          env=env, timeout=120, preexec_fn=_umask_022)


def test_run_log_and_run_folders_are_private(tmp_path: Path) -> None:
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    home = tmp_path / "home"
    ran = _run(home, scenario)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    db = home / "runlog.db"
    assert _mode(home) == 0o700 and _mode(home / "runs") == 0o700
    assert _mode(home / "runs" / "000001") == 0o700
    assert _mode(home / "runs" / "000001" / "result.xlsx") == 0o600
    assert _mode(db) == 0o600
    for extra in (Path(f"{db}-wal"), Path(f"{db}-shm")):
        if extra.exists():  # SQLite may have checkpointed and removed them at close
            assert _mode(extra) == 0o600
    # what the scenario wrote for the clerk is theirs: robosan does not change its modes
    assert _mode(tmp_path / "out" / "U-001.txt") == 0o644


def test_an_older_log_and_run_folder_are_tightened_when_opened(tmp_path: Path) -> None:
    home = tmp_path / "home"
    old_run = home / "runs" / "000099"
    old_run.mkdir(parents=True)
    for folder in (home, home / "runs", old_run):
        folder.chmod(0o755)
    (old_run / "screenshot.png").write_bytes(b"\x89PNG")
    (old_run / "screenshot.png").chmod(0o644)
    db = home / "runlog.db"
    RunLog(str(db)).close()  # an empty log, as an older release made it
    db.chmod(0o644)
    home.chmod(0o755)

    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    ran = _run(home, scenario)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert _mode(db) == 0o600 and _mode(home) == 0o700 and _mode(home / "runs") == 0o700
    assert _mode(home / "runs" / "000001") == 0o700  # the new run's folder; the old one is behind runs/ (0700)


def test_a_log_chosen_with_db_is_private_but_its_folder_is_the_clerks(tmp_path: Path) -> None:
    folder = tmp_path / "共有" / "市民課"
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    old = os.umask(0o022)
    try:
        log = RunLog(str(folder / "runlog.db"))
        log.start_run(scenario_name="x", scenario_file="x.yaml", baseline={}, inputs={})
        log.close()
    finally:
        os.umask(old)
    assert _mode(folder / "runlog.db") == 0o600
    assert _mode(folder) == 0o755


def test_helpers_tighten_and_leave_symlinks(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        made = private_dir(tmp_path / "a" / "b")
        create_private_file(made / "f.txt")
        (made / "sub").mkdir()
        (made / "sub" / "g.png").write_bytes(b"x")
        outside = tmp_path / "outside.txt"
        outside.write_text("clerk's file", encoding="utf-8")
        (made / "link").symlink_to(outside)
        tighten_tree(made)
    finally:
        os.umask(old)
    assert _mode(made) == 0o700 and _mode(made / "f.txt") == 0o600
    assert _mode(made / "sub") == 0o700 and _mode(made / "sub" / "g.png") == 0o600
    assert _mode(outside) == 0o644  # a link out of the run folder is not followed
