"""The robot PC's own settings: ``settings.yaml`` in the robosan home, written by the PC's administrator.

Scenarios travel between 課; what a scenario may touch on this PC is not the scenario's to decide. The
情報政策課 that runs the robot PC writes it here (folders granted with ``allowed_paths:``, the personal-data
``retention:`` period…). One file, plain YAML, read once per command; a missing file means no grants
and defaults. A broken file is a clear ja/en :class:`~rpa_core.errors.InputError` naming the file and
line, never a traceback. Each setting's meaning belongs to the module that uses it; this one only reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rpa_core.errors import InputError
from rpa_core.store._settings_yaml import bounded_load
from rpa_core.store.database import robosan_home

__all__ = ["load_pc_settings", "pc_settings_path"]

FILE_NAME = "settings.yaml"
_MAX_BYTES = 256 * 1024


def pc_settings_path(home: Path | None = None) -> Path:
    """``<robosan home>/settings.yaml`` (``ROBOSAN_HOME`` moves it with the rest)."""
    return Path(home or robosan_home()) / FILE_NAME


def load_pc_settings(home: Path | None = None) -> dict[str, Any]:
    """The PC settings as a mapping; ``{}`` when the file does not exist."""
    import yaml

    path = pc_settings_path(home)
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise InputError("pcsettings.too_large", path=str(path), limit=_MAX_BYTES // 1024)
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("pcsettings.unreadable", path=str(path), detail=str(exc)) from None
    try:
        data = bounded_load(raw, path)  # the scenario loader's limits: depth, values, no aliases
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise InputError("pcsettings.syntax", path=str(path), line=line,
                         detail=str(getattr(exc, "problem", "") or exc)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError("pcsettings.shape", path=str(path))
    return data
