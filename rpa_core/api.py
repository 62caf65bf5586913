"""The plug-in interface: everything robots/, connectors/, ocr/ and outside packages import from the core.

An action namespace is a module of typed functions marked with :func:`action`; it is found through
the ``robosan.actions`` entry point group, and a command group through ``robosan.commands``. Nothing
else of ``rpa_core`` is part of the contract: its subpackages may change between releases.
See ``docs/architecture.md`` for a complete example.
"""

from __future__ import annotations

from rpa_core.errors import ActionError, InputError, Loc, Problem, RobosanError, ScenarioError, display_path
from rpa_core.language.types import Duration, parse_duration
from rpa_core.messages import register, text
from rpa_core.registry import ActionContext, action

__all__ = [
    "ActionContext",
    "ActionError",
    "Duration",
    "InputError",
    "Loc",
    "Problem",
    "RobosanError",
    "ScenarioError",
    "action",
    "display_path",
    "parse_duration",
    "register",
    "text",
]
