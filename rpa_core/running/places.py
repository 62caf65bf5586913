"""The folders a run may read and write: its declared places (issue 13).

Scenarios travel between 課; what one may touch on a robot PC is decided by the PC, never by the
scenario. A run may use files under:

- the scenario's own folder (and, while a called scenario runs, that scenario's folder, for reading);
- each path input *given* to the run (``--input``, a robot file's ``inputs:``): the path itself and
  everything under it (a file input grants that file only, not its folder: ``--input file=C:\\共有\\名簿.xlsx``
  must not open the whole share);
- the run's own folder (``<robosan home>/runs/<id>``: downloads, screenshots, result.xlsx);
- the folders the 情報政策課 grants: ``allowed_paths:`` in the PC settings file (``<robosan home>/settings.yaml``),
  in a robot file (top level or per job), or ``ROBOSAN_ALLOWED_PATHS`` (os.pathsep-separated) for one-off runs.

A path input's default, written in the scenario, grants nothing: it is checked like any other path when used.
Paths are compared after ``Path.resolve()`` (symlinks and ``..`` undone), by components and never by text
prefix (``/data/abc`` is not inside ``/data/ab``); Windows paths case-insensitively, UNC and ``\\\\?\\`` forms
included (:func:`is_within` works on both forms on any OS, so the Windows rules are tested on Linux too).
"""

from __future__ import annotations

import contextlib
import ntpath
import os
import posixpath
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rpa_core.errors import BadValue, InputError

__all__ = ["ENV", "Grant", "PlaceRefused", "Places", "is_within", "pc_grants", "place_key", "run_places", "setting_list"]

ENV = "ROBOSAN_ALLOWED_PATHS"


class PlaceRefused(BadValue):
    """A path outside the run's declared places. Never retried: the same path is refused again."""


@dataclass(frozen=True)
class Grant:
    """One allowed root and where it comes from (shown by ``robosan explain`` and in refusals)."""

    path: Path
    source: str  # scenario | call | input:<name> | run | settings | robot | env


def _windows(windows: bool | None) -> bool:
    return os.name == "nt" if windows is None else windows


def place_key(path: str | os.PathLike[str], *, windows: bool | None = None) -> tuple[str, ...]:
    """``path`` as comparable components: normalised, ``..`` folded, Windows case and forms evened out.

    Pure text work (no file system): the caller resolves symlinks first. On Windows rules the
    ``\\\\?\\`` and ``\\\\?\\UNC\\`` prefixes are dropped, ``/`` equals ``\\``, a drive or ``\\\\server\\share``
    is one component, trailing dots and spaces of a name are dropped (as Windows does) and case is ignored.
    """
    text = os.fspath(path)
    if _windows(windows):
        text = text.replace("/", "\\")
        if text.startswith("\\\\?\\UNC\\"):
            text = "\\\\" + text[8:]
        elif text.startswith("\\\\?\\") or text.startswith("\\\\.\\"):
            text = text[4:]
        drive, rest = ntpath.splitdrive(ntpath.normpath(text))
        parts = [p.rstrip(" .") for p in rest.split("\\")]
        return (ntpath.normcase(drive).rstrip("\\"), *(p.casefold() for p in parts if p))
    norm = posixpath.normpath(text)
    return ("/" if norm.startswith("/") else "", *(p for p in norm.split("/") if p))


def is_within(path: str | os.PathLike[str], root: str | os.PathLike[str], *, windows: bool | None = None) -> bool:
    """True when ``path`` is ``root`` or lies under it, component by component (no resolving here)."""
    p, r = place_key(path, windows=windows), place_key(root, windows=windows)
    return len(p) >= len(r) and p[: len(r)] == r


def _real(path: Path) -> Path:
    """The path the OS will really use: absolute, symlinks and ``..`` undone (missing tails kept)."""
    try:
        return Path(os.path.abspath(path)).resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare the path as written, absolute
        return Path(os.path.abspath(path))


class Places:
    """The allowed roots of one run, and the check every file argument goes through."""

    def __init__(self, grants: Iterable[Grant] = (), *, settings_file: Path | None = None) -> None:
        self.grants: list[Grant] = []
        self.settings_file = settings_file
        self.programs: Any = None  # rpa_core.running.programs.Programs: the commands this PC lets a run start
        self._called: list[Path] = []
        for g in grants:
            self.grant(g.path, g.source)

    def grant(self, path: Path | str, source: str) -> None:
        self.grants.append(Grant(_real(Path(path)), source))

    @contextlib.contextmanager
    def entering(self, folder: Path) -> Iterator[None]:
        """While a called scenario runs, it may *read* its own folder (its images, templates, sub-scenarios).

        It writes only where its caller may: otherwise a scenario could call any scenario file on the PC
        with ``with:`` values of its choosing and have it write into that scenario's folder for it.
        """
        self._called.append(_real(Path(folder)))
        try:
            yield
        finally:
            self._called.pop()

    def roots(self, *, write: bool = False) -> list[Path]:
        return [g.path for g in self.grants] + ([] if write else self._called)

    def allows(self, path: Path | str, *, write: bool = False) -> bool:
        real = _real(Path(path))
        return any(is_within(real, root) for root in self.roots(write=write))

    def check(self, path: Any, *, action: str, arg: str, write: bool) -> Any:
        """``path`` unchanged when allowed (a list: each of it); else :class:`PlaceRefused` naming the setting."""
        if isinstance(path, list | tuple):
            for p in path:
                self.check(p, action=action, arg=arg, write=write)
            return path
        if path is None or (isinstance(path, str) and not path):
            return path
        if not isinstance(path, str | os.PathLike) or self.allows(os.fspath(path), write=write):
            return path
        raise PlaceRefused(
            "places.refused_write" if write else "places.refused_read",
            action=action or "-", arg=arg or "-", path=str(_real(Path(path))),
            settings=str(self.settings_file or "settings.yaml"),
        )


def setting_list(raw: Any, where: str, key: str = "allowed_paths") -> list[str]:
    """A PC setting that lists texts (``allowed_paths:``, ``allowed_programs:``): one text or a list of them."""
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(v, str) and v.strip() for v in raw):
        raise InputError("places.bad_setting", file=where, key=key)
    return [v.strip() for v in raw]


def pc_grants(home: Path | None = None, env: dict[str, str] | None = None) -> tuple[list[Grant], Path]:
    """The folders this PC grants: ``allowed_paths:`` of its settings file, then ``ROBOSAN_ALLOWED_PATHS``.

    Relative entries of the settings file start from the file's folder (the robosan home). Returns the
    grants and the settings file's path (named in refusals: the place to change).
    """
    from rpa_core.store.pc_settings import load_pc_settings, pc_settings_path

    path = pc_settings_path(home)
    data = load_pc_settings(home)
    grants = [Grant(path.parent / e, "settings") for e in setting_list(data.get("allowed_paths"), str(path))]
    environ = os.environ if env is None else env
    for entry in environ.get(ENV, "").split(os.pathsep):
        if entry.strip():
            grants.append(Grant(Path(entry.strip()), "env"))
    return grants, path


def run_places(scenario_folder: Path, given_paths: dict[str, Any], extra: Sequence[Path | str] = ()) -> Places:
    """The places of one run: scenario folder, given path inputs, robot-file and PC grants (the run folder
    is granted once the run has its id)."""
    grants, settings_file = pc_grants()
    places = Places(grants, settings_file=settings_file)
    places.grant(scenario_folder, "scenario")
    for name, value in given_paths.items():
        if value not in (None, ""):
            places.grant(Path(str(value)), "input:" + name)
    for p in extra:
        places.grant(Path(p), "robot")
    return places
