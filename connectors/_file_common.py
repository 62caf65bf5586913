"""What the file actions and the other connectors share: safe writes, temporaries, Office owner files.

Writes never leave half a file: :func:`atomic_write` writes a temporary file in the same
folder and moves it over the target with ``os.replace`` (the Excel, CSV and label connectors
save through it too). A run killed between writing and replacing leaves only its temporary
file, named ``.<stem>.<host>-<pid>.….tmp<suffix>``; the next write of the same file removes it
once that process is gone. :func:`lock_owner` reads who holds an Office document open (its
``~$`` owner file). The ``files.*`` messages are registered here, for every module that uses them.

This module imports no other module of ``connectors``: the action modules import it.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path

from rpa_core.api import ActionError, display_path, resolve

__all__ = ["atomic_write", "glob_escape", "is_temporary", "lock_owner", "resolve"]

def atomic_write(target: Path, write: Callable[[Path], object], *, in_use_key: str = "files.in_use") -> Path:
    """Write ``target`` through ``write(temp_path)``, then move it into place in one step.

    Creates missing folders. The temporary file sits in the target's folder (so the
    move is atomic) and is removed if anything fails. A ``PermissionError`` on the
    move (Windows: the file is open in another program) becomes ``ActionError(in_use_key)``.
    """
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _sweep(target)
        prefix = f".{target.stem}.{_HOST}-{os.getpid()}."
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp" + target.suffix)
    except PermissionError:
        raise ActionError("files.no_write_access", folder=display_path(folder)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:  # on disk before it replaces the old file
            os.fsync(fh.fileno())
        _copy_mode(target, tmp)
        try:
            os.replace(tmp, target)
        except PermissionError:
            raise ActionError(in_use_key, path=display_path(target), file=display_path(target)) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return target


_HOST = re.sub(r"[^A-Za-z0-9_]", "_", socket.gethostname())[:40] or "host"
_TEMP = re.compile(
    r"^\.(?P<stem>.*)\.(?P<host>[A-Za-z0-9_]+)-(?P<pid>[0-9]+)\.[^.]+\.tmp(?P<suffix>\.[^.]*)?$"
)


def is_temporary(path: Path) -> bool:
    """True for files that are not a clerk's: Office owner files, hidden files, our half-written temporaries."""
    return path.name.startswith(("~$", ".")) or _TEMP.match(path.name) is not None


def _sweep(target: Path) -> None:
    """Remove temporaries of ``target`` left by a killed run on this PC (another PC's may still be writing)."""
    import psutil

    for leftover in target.parent.glob(f".{glob_escape(target.stem)}.*.tmp*"):
        m = _TEMP.match(leftover.name)
        if m and m["stem"] == target.stem and m["host"] == _HOST and not psutil.pid_exists(int(m["pid"])):
            with contextlib.suppress(OSError):
                leftover.unlink()


def glob_escape(text: str) -> str:
    """``text`` with glob's special characters made literal ([ ] * ?)."""
    return re.sub(r"([*?\[])", r"[\1]", text)


def _copy_mode(target: Path, tmp: Path) -> None:
    # mkstemp makes the file private (0600); keep the old file's mode, or the usual one for a new file.
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)


def lock_owner(lock: Path) -> str | None:
    """The user name in an Office owner file (``~$name.xlsx``), or None if it cannot be read.

    Layout (as LibreOffice reads it): byte 0 is the name's length, then the name in the
    Windows code page; at offset 55 (Excel) or 54 (Word) the length again as two bytes,
    then the name in UTF-16LE. The UTF-16 copy is preferred: it holds Japanese names whole.
    """
    try:
        data = lock.read_bytes()[:256]
    except OSError:
        return None
    n = data[0] if data else 0
    if not 0 < n <= 54:
        return None
    for start in (55, 54):
        end = start + 2 + 2 * n
        if len(data) >= end and data[start] == n and data[start + 1] == 0:
            name = data[start + 2 : end].decode("utf-16-le", errors="replace").strip()
            if name and name.isprintable() and "\ufffd" not in name:
                return name
    name = data[1:55].decode("cp932", errors="ignore")[:n].strip()  # the code-page copy: cp932 in Japan
    return name if name and name.isprintable() else None
