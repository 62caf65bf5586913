"""Small value types shared by the schema and the actions: durations like ``2s``, ``500ms``, ``1.5m``;
the text that stands in for a secret value wherever one would be shown."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator, WithJsonSchema

__all__ = ["MASK", "Duration", "parse_duration"]

MASK = "****"  # what a secret value looks like in logs, explain and reports

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)?\s*$")
_FACTORS = {"ms": 0.001, "s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0, None: 1.0}


def parse_duration(value: object) -> float:
    """Seconds from ``30``, ``30s``, ``500ms``, ``2m``, ``1h`` (a bare number is seconds)."""
    if isinstance(value, bool):
        raise ValueError("not a duration")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError("negative duration")
        return float(value)
    if isinstance(value, str):
        m = _DURATION.match(value)
        if m:
            return float(m.group(1)) * _FACTORS[m.group(2)]
    raise ValueError(f"not a duration: {value!r} (examples: 30s, 500ms, 2m)")


# In the JSON Schema too a duration is seconds or a text such as 30s (editors must not flag "30s").
_DURATION_SCHEMA = {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": _DURATION.pattern}]}
Duration = Annotated[float, BeforeValidator(parse_duration), WithJsonSchema(_DURATION_SCHEMA)]
