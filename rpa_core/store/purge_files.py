"""The files side of a purge: run folders and scheduler logs in the robosan home, nothing else.

Only robosan's own folders are touched: ``<home>/runs/<id>`` (screenshots, result.xlsx, OCR crops,
downloads of one run) and ``<home>/logs/scheduler/*.log`` (a scheduled run's console output). A file a
scenario wrote elsewhere (a 課's shared folder) belongs to the 課 and is never deleted here.

The folder list on disk drives the work (not the database), so a folder left behind by a purge that was
killed, or whose rows another PC sharing the log already purged, is found again next time. A folder is
deleted only when the database says its run is past the cut-off, ran on this PC, and holds no
unfinished item, and when no file in it is newer than the cut-off: a folder of the same number that
belongs to another run log (``ROBOSAN_DB`` changed) is never taken for it. A file that cannot be
deleted (open in Excel on Windows) is counted as failed and retried by the next purge.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from rpa_core.store.tables import runs

__all__ = ["purge_files"]

_LOG_STAMP = "%Y%m%d-%H%M"


def purge_files(engine: Engine, home: Path, older_than: dt.datetime, runs_query: Any, hostname: str,
                *, dry_run: bool = False) -> tuple[int, int]:
    """Delete the run folders and scheduler logs past ``older_than``; (files deleted, files that failed)."""
    deleted = failed = 0
    for folder in _old_run_folders(engine, home / "runs", older_than, runs_query, hostname):
        d, f = _remove_tree(folder, dry_run)
        deleted, failed = deleted + d, failed + f
    logs = home / "logs" / "scheduler"
    if logs.is_dir():
        for log in sorted(logs.glob("*.log")):
            if _log_time(log) < older_than:
                d, f = _remove_file(log, dry_run)
                deleted, failed = deleted + d, failed + f
    return deleted, failed


def _old_run_folders(engine: Engine, base: Path, older_than: dt.datetime, runs_query: Any,
                     hostname: str) -> list[Path]:
    if not base.is_dir():
        return []
    by_id = {int(p.name): p for p in base.iterdir() if p.is_dir() and p.name.isascii() and p.name.isdigit()}
    ids = sorted(by_id)
    out: list[Path] = []
    with engine.connect() as conn:
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            query = runs_query.where(runs.c.id.in_(chunk), runs.c.host == hostname)
            out += (by_id[int(r)] for (r,) in conn.execute(query) if _all_older(by_id[int(r)], older_than))
    return out


def _all_older(folder: Path, older_than: dt.datetime) -> bool:
    """True when no file in ``folder`` was changed on or after the cut-off (naive UTC)."""
    limit = older_than.replace(tzinfo=dt.UTC).timestamp()
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                if os.stat(os.path.join(root, name)).st_mtime >= limit:
                    return False
            except OSError:
                continue
    return True


def _log_time(path: Path) -> dt.datetime:
    """When a scheduler log was written: the UTC stamp its name starts with, else its modification time."""
    try:
        return dt.datetime.strptime(path.name[: len("20260101-0000")], _LOG_STAMP)
    except ValueError:
        try:
            return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(tzinfo=None)
        except OSError:
            return dt.datetime.max


def _remove_file(path: Path, dry_run: bool) -> tuple[int, int]:
    if dry_run:
        return 1, 0
    try:
        path.unlink()
        return 1, 0
    except FileNotFoundError:
        return 0, 0
    except PermissionError:  # Windows: read-only attribute set; make it writable once and try again
        try:
            os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
            path.unlink()
            return 1, 0
        except OSError:
            return 0, 1
    except OSError:  # open in another program (Windows), or on a share that refused: next purge retries
        return 0, 1


def _remove_tree(folder: Path, dry_run: bool) -> tuple[int, int]:
    deleted = failed = 0
    for root, _dirs, files in os.walk(folder, topdown=False):
        for name in files:
            d, f = _remove_file(Path(root) / name, dry_run)
            deleted, failed = deleted + d, failed + f
    if not dry_run and not failed:
        shutil.rmtree(folder, ignore_errors=True)  # the empty sub-folders, and the folder itself
    return deleted, failed
