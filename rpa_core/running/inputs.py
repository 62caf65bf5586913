"""Input values typed per the scenario's ``inputs:``; used by a run, by ``call:`` and by the robot file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from rpa_core.errors import InputError
from rpa_core.language.model import Scenario
from rpa_core.language.plain import PathText
from rpa_core.language.secret_value import Secret

__all__ = ["resolve_inputs"]


def _cast(name: str, kind: str, value: Any, folder: Path) -> Any:
    if value is None:
        return None
    if kind == "secret" or isinstance(value, Secret):  # a secret passes only from a caller's secret into a secret input
        if kind == "secret" and isinstance(value, Secret):
            return value
        raise InputError("input.secret_only", name=name)
    try:
        if kind == "int":
            return int(str(value).replace(",", "")) if not isinstance(value, int) else value
        if kind == "float":
            return float(value)
        if kind == "bool":
            if isinstance(value, bool):
                return value
            low = str(value).strip().lower()
            if low in ("true", "yes", "1", "on", "はい"):
                return True
            if low in ("false", "no", "0", "off", "いいえ"):
                return False
            raise ValueError(value)
        if kind == "path":  # the absolute path as text: an expression gets no object with file methods
            p = Path(str(value))
            return PathText(p if p.is_absolute() else (folder / p).absolute())
        if kind == "date":
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        if kind == "list":
            return value if isinstance(value, list) else [v.strip() for v in str(value).split(",") if v.strip()]
        return str(value)
    except (ValueError, TypeError):
        raise InputError("input.bad_value", name=name, value=str(value), type=kind) from None


def resolve_inputs(scenario: Scenario, given: dict[str, Any]) -> dict[str, Any]:
    """Input values typed per the scenario; relative paths resolve from the scenario's folder.

    A ``path`` input is the absolute path's *text* (``C:\\共有\\市民課\\a.xlsx``): actions' path arguments
    turn it back into a path; expressions can show it, compare it, cut it, but not open or delete it.
    """
    unknown = [k for k in given if k not in scenario.inputs]
    if unknown:
        raise InputError("input.unknown", name=unknown[0], known=", ".join(scenario.inputs) or "-")
    out: dict[str, Any] = {}
    for name, spec in scenario.inputs.items():
        value = given.get(name, spec.default)
        if value is None and spec.required:
            raise InputError("input.missing", name=name)
        out[name] = _cast(name, spec.type, value, scenario.folder)
        if spec.choices and out[name] not in spec.choices:
            raise InputError("input.not_a_choice", name=name, value=str(value), choices=", ".join(map(str, spec.choices)))
    return out
