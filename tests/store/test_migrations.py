"""Schema versions of the one store (issue 11, point 4): a 0.1.0 run log upgrades in place and reads the same.

``tests/fixtures/runlog_0_1_0`` holds a log written by robosan 0.1.0 (before Alembic) and what
that release printed for it; the current code must upgrade a copy and print the same.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, func, select

from rpa_core.errors import InputError
from rpa_core.store.runlog import RunLog
from rpa_core.store.tables import batches, items, metadata, ocr_queue, runs, schedule_events, schedule_state
from rpa_core.store.versions import HEAD, alembic_config, current_revision

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "runlog_0_1_0"
ROBOSAN = Path(sys.executable).parent / "robosan"
ALL_TABLES = {t.name for t in metadata.sorted_tables}
# What robosan 0.1.0 had: every later table comes from a later migration.
TABLES_0_1_0 = ALL_TABLES - {"item_events", "run_locks", "purges"}


def _old_log(tmp_path: Path) -> Path:
    db = tmp_path / "runlog.sqlite"
    shutil.copy(FIXTURE / "runlog.sqlite", db)
    return db


def _tables(db: Path) -> dict[str, str]:
    """Each table's and index's DDL, whitespace collapsed (``ADD COLUMN`` and ``CREATE TABLE`` lay it out differently)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        return {name: " ".join(sql.split()) for name, sql in rows}


def _version(log: RunLog) -> str | None:
    with log.engine.connect() as conn:
        return current_revision(conn)


def _robosan(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ROBOSAN_HOME": str(home), "ROBOSAN_LANG": "ja", "COLUMNS": "120", "TZ": "Asia/Tokyo"}
    env.pop("ROBOSAN_DB", None)
    return subprocess.run([str(ROBOSAN), *args], capture_output=True, text=True, env=env, timeout=120, check=False)


def test_the_fixture_is_a_0_1_0_log_without_versions() -> None:
    tables = _tables(FIXTURE / "runlog.sqlite")
    assert "alembic_version" not in tables
    assert TABLES_0_1_0 <= tables.keys()
    assert "item_events" not in tables


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("runs",), "runs.txt"),
        (("runs", "1"), "runs_1.txt"),
        (("runs", "2"), "runs_2.txt"),
        (("runs", "--needs-check"), "runs_needscheck.txt"),
        (("report", "--fiscal-year", "2026"), "report_fiscalyear_2026.txt"),
    ],
)
def test_a_0_1_0_log_upgrades_and_prints_the_same(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    db = _old_log(tmp_path)
    done = _robosan(*args, "--db", str(db), home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (FIXTURE / expected).read_text(encoding="utf-8")
    assert "alembic_version" in _tables(db)


def test_a_0_1_0_log_keeps_its_runs_items_and_schedule(tmp_path: Path) -> None:
    db = _old_log(tmp_path)
    before = _tables(db)
    log = RunLog(f"sqlite:///{db}")
    try:
        assert _version(log) == HEAD
        after = _tables(db)
        # nothing rebuilt: later migrations only add (columns at the end, new tables)
        for name, sql in before.items():
            assert after[name].removesuffix(")").startswith(sql.removesuffix(")").rsplit(", PRIMARY KEY", 1)[0]), name
        with log.engine.connect() as conn:
            assert [r.status for r in conn.execute(select(runs).order_by(runs.c.id))] == ["failed", "succeeded"]
            keyed = {r.key: r.status for r in conn.execute(select(items))}
            assert keyed == {"A-001": "done", "A-002": "done", "A-003": "done", "A-004": "skipped"}
            assert conn.execute(select(func.count()).select_from(batches)).scalar() == 1
            assert [r.kind for r in conn.execute(select(schedule_events))] == ["missed"]
            assert conn.execute(select(func.count()).select_from(schedule_state)).scalar() == 1
            assert conn.execute(select(func.count()).select_from(ocr_queue)).scalar() == 0
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    finally:
        log.close()


def test_a_0_1_0_log_without_the_lazy_tables_gets_them(tmp_path: Path) -> None:
    """0.1.0 made the scheduler's and the OCR tables only when first used: a plain run log lacks them."""
    db = _old_log(tmp_path)
    with sqlite3.connect(db) as conn:
        for name in ("ocr_queue", "ocr_forms", "schedule_events", "schedule_state"):
            conn.execute(f"DROP TABLE {name}")
    log = RunLog(f"sqlite:///{db}")
    try:
        assert _version(log) == HEAD
        assert ALL_TABLES <= _tables(db).keys()
        with log.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(items)).scalar() == 4
    finally:
        log.close()


def test_a_new_file_is_created_at_head_and_matches_the_tables(tmp_path: Path) -> None:
    log = RunLog(f"sqlite:///{tmp_path / 'sub' / 'new.db'}")
    try:
        assert _version(log) == HEAD
        assert _tables(tmp_path / "sub" / "new.db").keys() >= ALL_TABLES | {"alembic_version"}
        with log.engine.connect() as conn:
            # the migrations build exactly the tables of store/tables.py: no autogenerate difference
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    finally:
        log.close()


def test_every_migration_from_an_empty_database_builds_exactly_the_tables(tmp_path: Path) -> None:
    # New files are made from store/tables.py and stamped at head; the revisions must build the same.
    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        with engine.connect() as conn:
            assert current_revision(conn) == HEAD
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        assert _tables(tmp_path / "migrated.db") == _tables(_fresh(tmp_path))
    finally:
        engine.dispose()


def _fresh(tmp_path: Path) -> Path:
    db = tmp_path / "fresh.db"
    RunLog(f"sqlite:///{db}").close()
    return db


def test_upgrading_twice_changes_nothing(tmp_path: Path) -> None:
    db = _old_log(tmp_path)
    RunLog(f"sqlite:///{db}").close()
    first = _tables(db)
    log = RunLog(f"sqlite:///{db}")
    try:
        with log.engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        assert _tables(db) == first
        assert _version(log) == HEAD
    finally:
        log.close()


def test_the_migrations_have_one_head_and_it_is_the_code_s() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [HEAD]


def test_a_log_from_a_newer_robosan_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    RunLog(f"sqlite:///{db}").close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00d'")
    with pytest.raises(InputError) as caught:
        RunLog(f"sqlite:///{db}")
    assert "新しい版の robosan" in caught.value.message("ja")
    assert "newer robosan" in caught.value.message("en")
    assert "f00d" in caught.value.message("en")
    assert caught.value.hint("ja")
    done = _robosan("runs", "--db", str(db), home=tmp_path / "home")
    assert done.returncode == 2
    assert "新しい版の robosan" in done.stderr
    assert "Traceback" not in done.stderr
    with sqlite3.connect(db) as conn:  # untouched
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("f00d",)]


_OPEN = """
import sys
from rpa_core.store.runlog import RunLog
RunLog(sys.argv[1]).close()
print("alembic" in sys.modules)
"""


def test_opening_a_log_at_head_does_not_import_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'log.db'}"
    RunLog(url).close()
    done = subprocess.run([sys.executable, "-c", _OPEN, url], capture_output=True, text=True, timeout=120,
                          check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_several_processes_create_one_new_log_at_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    procs = [
        subprocess.Popen([sys.executable, "-c", _OPEN, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, cwd=ROOT)
        for _ in range(4)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    log = RunLog(url)
    try:
        assert _version(log) == HEAD
        with log.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(runs)).scalar() == 0
    finally:
        log.close()
