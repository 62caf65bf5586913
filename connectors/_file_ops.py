"""Files in folders: list, copy, move, archive to a dated folder, wait for a file (the ``file.*`` actions).

Imported by :mod:`connectors.files`, which the registry loads (this module does not import it). Copies land through
:func:`~connectors._file_common.atomic_write`, so a reader never sees half a file; a move within
one drive is a rename, across drives a safe copy followed by removing the original.
"""

from __future__ import annotations

import datetime as dt
import errno
import fnmatch
import os
import shutil
import time
import unicodedata
from pathlib import Path
from typing import Any, Literal

from connectors._file_common import atomic_write, is_temporary, resolve
from rpa_core.api import ActionContext, ActionError, Duration, ReadsPath, action, display_path, text

__all__ = ["archive", "copy", "list_files", "move", "wait_for"]

# Files a browser or Office is still writing: wait until they are gone.
_PARTIAL_SUFFIXES = (".crdownload", ".part", ".partial", ".download", ".tmp")


def _info(path: Path) -> dict[str, Any]:
    st = path.stat()
    return {
        "path": path,
        "name": path.name,
        "stem": path.stem,
        "suffix": path.suffix,
        "size": st.st_size,
        "modified": dt.datetime.fromtimestamp(st.st_mtime),
    }


def _matches(folder: Path, pattern: str, recursive: bool) -> list[Path]:
    found = folder.rglob("*") if recursive else folder.iterdir()
    norm = unicodedata.normalize("NFKC", pattern)
    out = []
    for p in found:
        name = unicodedata.normalize("NFKC", p.name)
        # case-insensitive as on Windows: "*.CSV" and "*.csv" are the same files to a clerk
        if p.is_file() and not is_temporary(p) and fnmatch.fnmatch(name.lower(), norm.lower()):
            out.append(p)
    return out


@action("file.list", summary="フォルダーのファイルを一覧にする", summary_en="List the files in a folder")
def list_files(
    ctx: ActionContext,
    *,
    folder: ReadsPath,
    pattern: str = "*",
    recursive: bool = False,
    sort: Literal["name", "modified", "size"] = "name",
    newest_first: bool = False,
) -> list[dict[str, Any]]:
    """The files in ``folder`` whose names match ``pattern`` (``*.csv``, ``申請書_*.xlsx``), case ignored.

    Each is ``{path, name, stem, suffix, size, modified}``. Excel's ``~$`` owner files, hidden
    files and unfinished downloads or temporary files are left out. ``sort`` by name, modified
    time or size; ``newest_first`` reverses it (the newest download first with ``sort: modified``).
    """
    folder = resolve(ctx, folder, arg="folder", write=False)
    if not folder.is_dir():
        raise ActionError("files.no_folder", folder=display_path(folder))
    # A link in the folder that points elsewhere is refused like the place it points to (issue 13).
    files = [_info(resolve(ctx, p, arg="folder", write=False)) for p in _matches(folder, pattern, recursive)]
    keys = {
        "name": lambda f: unicodedata.normalize("NFKC", str(f["path"])),
        "modified": lambda f: f["modified"],
        "size": lambda f: f["size"],
    }
    files.sort(key=keys[sort], reverse=newest_first)
    return files


def _source(ctx: ActionContext, src: Path, *, write: bool) -> Path:
    path = resolve(ctx, src, arg="src", write=write)  # a move takes the file away: a write
    if path.is_dir():
        raise ActionError("files.is_folder", path=display_path(path))
    if not path.exists():
        raise ActionError("files.not_found", path=display_path(path))
    return path


def _destination(ctx: ActionContext, src: Path, dest: Path, overwrite: bool) -> Path:
    target = resolve(ctx, dest)
    if target.is_dir():
        target = target / src.name
    if target.exists():
        if target.resolve() == src.resolve():
            raise ActionError("files.same", path=display_path(target))
        if not overwrite:
            raise ActionError("files.exists", path=display_path(target))
    return target


@action("file.copy", summary="ファイルをコピーする", summary_en="Copy a file")
def copy(ctx: ActionContext, *, src: ReadsPath, dest: Path, overwrite: bool = False) -> Path:
    """Copy ``src`` to ``dest`` (a file name, or an existing folder to copy into); returns the new file.

    An existing file is an error unless ``overwrite``. Missing folders are created. The
    modified time is kept, and the copy appears whole or not at all.
    """
    source = _source(ctx, src, write=False)
    target = _destination(ctx, source, dest, overwrite)
    atomic_write(target, lambda tmp: shutil.copy2(source, tmp))
    return target


@action("file.move", summary="ファイルを移動する", summary_en="Move a file")
def move(ctx: ActionContext, *, src: Path, dest: Path, overwrite: bool = False) -> Path:
    """Move ``src`` to ``dest`` (a file name, or an existing folder to move into); returns the new path.

    Within one drive this is a rename; to another drive (a network share) the file is copied
    whole, then the original is removed. An existing file is an error unless ``overwrite``.
    """
    source = _source(ctx, src, write=True)
    target = _destination(ctx, source, dest, overwrite)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(source, target)
    except OSError as exc:
        if isinstance(exc, PermissionError):
            raise ActionError("files.in_use", path=display_path(source)) from None
        if exc.errno != errno.EXDEV and getattr(exc, "winerror", None) != 17:  # 17: not the same device
            raise
        atomic_write(target, lambda tmp: shutil.copy2(source, tmp))
        source.unlink()
    return target


def _free_name(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, or ``stem_2.ext``, ``stem_3.ext``… if taken: an archive never overwrites."""
    candidate, n = folder / name, 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{Path(name).stem}_{n}{Path(name).suffix}"
    return candidate


@action(
    "file.archive",
    summary="ファイルを日付のフォルダーに保管する",
    summary_en="Archive files into a dated folder",
)
def archive(
    ctx: ActionContext,
    *,
    path: Path,
    to: Path = Path("archive"),
    pattern: str = "*",
    date: dt.date | None = None,
    date_format: str = "%Y-%m-%d",
    keep: bool = False,
) -> list[Path]:
    """Move ``path`` (a file, or the files of a folder matching ``pattern``) into ``to/<date>/``.

    The dated folder is named from ``date`` (default today) with ``date_format`` (2026-04-10).
    A name already there gets ``_2``, ``_3``: nothing is ever overwritten. ``keep`` copies
    instead of moving. Returns the archived files.
    """
    source = resolve(ctx, path, arg="path", write=not keep)
    if source.is_dir():
        files = sorted(_matches(source, pattern, False))
    else:
        files = [_source(ctx, source, write=not keep)]
    folder = resolve(ctx, to) / (date or dt.date.today()).strftime(date_format)
    folder.mkdir(parents=True, exist_ok=True)
    done = []
    for file in files:
        target = _free_name(folder, file.name)
        if keep:
            done.append(copy(ctx, src=file, dest=target))
        else:
            done.append(move(ctx, src=file, dest=target))
    ctx.log(text("files.archived", count=len(done), folder=display_path(folder)))
    return done


def _ready(candidates: list[Path]) -> Path | None:
    """The newest candidate that is whole: no unfinished download beside it, no Office owner file."""
    for p in sorted(candidates, key=lambda c: c.stat().st_mtime, reverse=True):
        partial = any(p.with_name(p.name + s).exists() for s in _PARTIAL_SUFFIXES)
        if not partial and not p.with_name("~$" + p.name).exists():
            return p
    return None


@action("file.wait_for", summary="ファイルができるまで待つ", summary_en="Wait until a file is there")
def wait_for(
    ctx: ActionContext, *, path: ReadsPath, timeout: Duration = 60.0, stable: Duration = 1.0, gone: bool = False
) -> Path:
    """Wait until ``path`` exists and has stopped growing for ``stable`` seconds; returns it.

    The name may hold ``*`` or ``?`` (``ダウンロード/課税台帳_*.csv``): the newest match is
    returned. A file with an unfinished download beside it (``.crdownload``, ``.part``) or
    open in Office (``~$``) is not ready yet. ``gone: true`` waits until it has disappeared.
    """
    target = resolve(ctx, path, arg="path", write=False)
    deadline = time.monotonic() + timeout
    wildcard = any(c in target.name for c in "*?[")
    last: tuple[Path, int, float] | None = None
    since = time.monotonic()
    while True:
        if wildcard:
            found = _matches(target.parent, target.name, False) if target.parent.is_dir() else []
        else:
            found = [target] if target.is_file() else []
        if gone:
            if not found:
                return target
        else:
            ready = _ready(found)
            if ready is not None:
                st = ready.stat()
                now = (ready, st.st_size, st.st_mtime)
                if now != last:
                    last, since = now, time.monotonic()
                elif time.monotonic() - since >= stable:
                    return ready
        if time.monotonic() >= deadline:
            what, what_en = ("なくなりません", "is still there") if gone else ("できません", "did not appear")
            raise ActionError(
                "files.wait_timeout",
                seconds=f"{timeout:g}",
                path=display_path(target),
                what=what,
                what_en=what_en,
            )
        time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))
