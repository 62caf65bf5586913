"""Files only their owner can read: the run log (0600) and robosan's folders (0700).

The run log and the run folders hold residents' names and the result workbooks, on a PC that several
clerks use. On POSIX, folders are made 0700 and files 0600 whatever the umask says (``chmod`` after
``mkdir``: ``mkdir``'s mode is filtered by the umask), and looser ones left by an older release are
tightened when robosan opens them. On Windows, robosan's home is in the user's profile
(``%LOCALAPPDATA%\\robosan``), whose ACL already admits only that user and the administrators; POSIX
modes mean nothing there, so nothing is changed (unverified on Windows: checked by reading the code).
A file or folder robosan may not change (another user's, a network share) is left as it is.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["PRIVATE_DIR", "PRIVATE_FILE", "create_private_file", "private_dir", "private_file", "tighten_tree"]

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def _posix() -> bool:
    return os.name == "posix"


def _chmod(path: Path, mode: int) -> None:
    try:
        st = path.lstat()
        if not stat.S_ISLNK(st.st_mode) and stat.S_IMODE(st.st_mode) & ~mode:
            path.chmod(mode)
    except OSError:  # gone meanwhile, or not ours: nothing to tighten
        pass


def private_dir(path: Path) -> Path:
    """``path`` made (with its parents) and, on POSIX, readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True)
    if _posix():
        _chmod(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> None:
    """An existing file made readable by its owner only (POSIX; nothing on Windows)."""
    if _posix():
        _chmod(path, PRIVATE_FILE)


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist (before a library creates it 0644)."""
    if not _posix() or path.exists():
        private_file(path)
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        private_file(path)
        return
    except OSError:  # a folder we cannot write: the library reports it in its own words
        return
    os.close(fd)
    private_file(path)  # the umask may have removed bits, never added them: this only makes sure


def tighten_tree(folder: Path) -> None:
    """Every folder under ``folder`` 0700 and every file 0600 (screenshots and downloads written by libraries)."""
    if not _posix() or not folder.is_dir():
        return
    _chmod(folder, PRIVATE_DIR)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            _chmod(Path(root) / name, PRIVATE_DIR)
        for name in files:
            _chmod(Path(root) / name, PRIVATE_FILE)
