"""The programs a run may start: granted by the robot PC, never by the scenario (issue 13).

``desktop.launch`` starts a command and ``settings.browser.executable_path`` picks the browser's program:
either would let a travelling scenario run anything (``python -c "…"``, a script it brings along) with
the clerk's rights. So, like folders, the programs a scenario may start are the 情報政策課's to decide:
``allowed_programs:`` in the PC settings file (``<robosan home>/settings.yaml``) or
``ROBOSAN_ALLOWED_PROGRAMS`` (one command per ``os.pathsep``-separated entry) for one-off runs and tests.

An entry is a command line: the program and, optionally, its first arguments. A command is allowed when
it *starts with* an entry, argument by argument: ``python -m sample_systems.desktop`` allows
``python -m sample_systems.desktop --notice-after 2`` but not ``python -c "…"``. The program is compared
as a resolved path when written with a folder, as a bare name (found on PATH by the OS) otherwise;
``python``/``py`` mean robosan's own Python, as ``desktop.launch`` runs them. Windows: case-insensitive.
Browsers robosan finds by itself (Edge, Chrome, Debian's chromium) need no entry: only a scenario's own
``executable_path`` is checked.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from rpa_core.running.places import PlaceRefused, place_key, setting_list

__all__ = ["ENV", "Programs", "command_key", "pc_programs"]

ENV = "ROBOSAN_ALLOWED_PROGRAMS"
_PYTHON = "<python>"
_PYTHON_NAMES = frozenset({"python", "python3", "python.exe", "python3.exe", "py", "py.exe", "pythonw.exe"})


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def command_key(argv: Sequence[str], *, windows: bool | None = None) -> tuple[str, ...]:
    """``argv`` as comparable parts: the program as robosan's Python, a resolved path, or a bare name."""
    if not argv:
        return ()
    windows = os.name == "nt" if windows is None else windows
    first = str(argv[0])
    base = (first.replace("\\", "/").rsplit("/", 1)[-1]).lower()
    if base in _PYTHON_NAMES and ("/" not in first and "\\" not in first):
        program = _PYTHON
    elif _same_file(first, sys.executable):
        program = _PYTHON
    elif "/" in first or "\\" in first:
        real = first if windows and not os.name == "nt" else os.path.realpath(os.path.abspath(first))
        program = "\x00".join(place_key(real, windows=windows))
    else:
        program = first.casefold() if windows else first
    rest = tuple(a.casefold() if windows else a for a in argv[1:])
    return (program, *rest)


def split_command(command: str, *, windows: bool | None = None) -> list[str]:
    windows = os.name == "nt" if windows is None else windows
    try:
        return shlex.split(command, posix=not windows)
    except ValueError:  # an unclosed quote: the whole text as one program name, which matches nothing
        return [command]


class Programs:
    """The commands this PC lets scenarios start, and the check ``desktop.launch`` goes through."""

    def __init__(self, entries: Iterable[str] = (), *, settings_file: Path | None = None) -> None:
        self.entries = [e for e in entries if e.strip()]
        self.settings_file = settings_file
        self._keys = [command_key(split_command(e)) for e in self.entries]

    def allows(self, argv: Sequence[str]) -> bool:
        key = command_key(argv)
        return bool(key) and any(k and key[: len(k)] == k for k in self._keys)

    def check(self, argv: Sequence[str], *, action: str, arg: str) -> None:
        if self.allows(argv):
            return
        raise PlaceRefused("programs.refused", action=action or "-", arg=arg or "-",
                           command=" ".join(str(a) for a in argv)[:200],
                           allowed=", ".join(self.entries) or "-",
                           settings=str(self.settings_file or "settings.yaml"))


def pc_programs(home: Path | None = None, env: dict[str, str] | None = None) -> Programs:
    """``allowed_programs:`` of this PC's settings file, then ``ROBOSAN_ALLOWED_PROGRAMS``."""
    from rpa_core.store.pc_settings import load_pc_settings, pc_settings_path

    path = pc_settings_path(home)
    entries = setting_list(load_pc_settings(home).get("allowed_programs"), str(path), "allowed_programs")
    environ = os.environ if env is None else env
    entries += [e.strip() for e in environ.get(ENV, "").split(os.pathsep) if e.strip()]
    return Programs(entries, settings_file=path)
