"""Small value types shared by the schema and the actions: durations like ``2s``, ``500ms``, ``1.5m``;
the text that stands in for a secret value wherever one would be shown."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

__all__ = [
    "EXISTING_FILE",
    "MASK",
    "MAX_SECONDS",
    "READS",
    "READ_FILE",
    "SECRET_OK",
    "STEP_NAMES",
    "Duration",
    "DurationOutOfRange",
    "ExistingPath",
    "ReadPath",
    "ReadsPath",
    "SecretText",
    "StepNames",
    "parse_duration",
    "path_marker",
    "reads_only",
    "takes_secret",
]

MASK = "****"  # what a secret value looks like in logs, explain and reports

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)?\s*$")
_FACTORS = {"ms": 0.001, "s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0, None: 1.0}


MAX_SECONDS = 24 * 3600.0  # no wait, timeout or delay of a robot step is longer than a day


class DurationOutOfRange(ValueError):
    """A duration that reads as a number but is not one a step can wait: NaN, infinite, over a day."""


def parse_duration(value: object) -> float:
    """Seconds from ``30``, ``30s``, ``500ms``, ``2m``, ``1h`` (a bare number is seconds).

    Not a number (``.nan``), infinite, negative or longer than a day is refused: ``time.sleep``
    raises on NaN and overflows on huge values, and a day-long wait is a typo (``30000`` for ``30s``).
    """
    seconds: float | None = None
    if isinstance(value, bool):
        raise ValueError("not a duration")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError("negative duration")
        seconds = float(value) if abs(value) < 1e18 else math.inf
    elif isinstance(value, str):
        m = _DURATION.match(value)
        if m:
            seconds = float(m.group(1)) * _FACTORS[m.group(2)]
    if seconds is None:
        raise ValueError(f"not a duration: {value!r} (examples: 30s, 500ms, 2m)")
    if not math.isfinite(seconds) or seconds > MAX_SECONDS:
        raise DurationOutOfRange(f"duration out of range: {value!r} (at most 24h)")
    return seconds


# In the JSON Schema too a duration is seconds or a text such as 30s (editors must not flag "30s").
_DURATION_SCHEMA = {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": _DURATION.pattern}]}
Duration = Annotated[float, BeforeValidator(parse_duration), WithJsonSchema(_DURATION_SCHEMA)]


# Markers on an action's path argument (``Annotated[Path, EXISTING_FILE]``), read by ``robosan validate``:
# EXISTING_FILE: a file the scenario brings with it (a reference image, a template): a literal path that
# does not exist is an error at validate. READ_FILE: a file the action reads (an input workbook): a
# literal may be made by an earlier step, but a path input's default that flows into it must exist.
EXISTING_FILE = "robosan:existing-file"
READ_FILE = "robosan:read-file"
ExistingPath = Annotated[Path, EXISTING_FILE]
ReadPath = Annotated[Path, READ_FILE]
# READS: the action only reads (or looks at) this path, with no rule for validate (it may not exist yet:
# file.exists, file.wait_for). Issue 13's places tell reads from writes by these three markers; any other
# path argument may be written.
READS = "robosan:reads"
ReadsPath = Annotated[Path, READS]


def reads_only(annotation: Any) -> bool:
    """True when an argument's annotation marks a path the action only reads (any of the three markers)."""
    import typing

    if typing.get_origin(annotation) is Annotated:
        inner, *meta = typing.get_args(annotation)
        return any(m in (EXISTING_FILE, READ_FILE, READS) for m in meta) or reads_only(inner)
    return any(reads_only(arg) for arg in typing.get_args(annotation))


def path_marker(annotation: Any) -> str | None:
    """EXISTING_FILE or READ_FILE when an argument's annotation carries one (also inside ``X | None``)."""
    import typing

    if typing.get_origin(annotation) is Annotated:
        inner, *meta = typing.get_args(annotation)
        for m in meta:
            if m in (EXISTING_FILE, READ_FILE):
                return str(m)
        return path_marker(inner)
    for arg in typing.get_args(annotation):
        found = path_marker(arg)
        if found:
            return found
    return None


# Marker on an action argument meant for a secret (a password field, a typed text): the one place a
# ``{{ secrets.x.y }}`` may go. ``robosan validate`` refuses a secret anywhere else, and the runner hands
# such an argument the secret's text right before the action runs (``Annotated[str, SECRET_OK]``; also
# around a union: ``Annotated[str | int | float, SECRET_OK]``).
SECRET_OK = "robosan:secret-ok"

# A setting that names top-level steps of the scenario (``settings.browser.login: ログイン``): one name or a
# list, kept as a tuple; ``robosan validate`` checks that each names a step, with a did-you-mean.
STEP_NAMES = "robosan:step-names"
StepNames = Annotated[
    tuple[str, ...], BeforeValidator(lambda v: () if v is None else (v,) if isinstance(v, str) else v), STEP_NAMES
]
SecretText = Annotated[str, SECRET_OK]


def takes_secret(annotation: Any) -> bool:
    """True when an argument's annotation carries SECRET_OK (also inside ``X | None``)."""
    import typing

    if typing.get_origin(annotation) is Annotated:
        inner, *meta = typing.get_args(annotation)
        return SECRET_OK in meta or takes_secret(inner)
    return any(takes_secret(arg) for arg in typing.get_args(annotation))
