"""Finding plug-ins: robosan's entry-point groups, read once per process.

Action namespaces (``robosan.actions``) and commands (``robosan.commands``) come from installed
distributions' entry points, as APScheduler 3 and pytest find theirs (message catalogues too:
``robosan.messages``, read by :mod:`rpa_core.messages`). Reading them scans every installed
distribution's metadata, so it is done once per process (:mod:`rpa_core._entry_points`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from rpa_core._entry_points import ACTIONS_GROUP, COMMANDS_GROUP, MESSAGES_GROUP, entry_points
from rpa_core.errors import RobosanError

if TYPE_CHECKING:
    from importlib import metadata

__all__ = ["ACTIONS_GROUP", "COMMANDS_GROUP", "MESSAGES_GROUP", "PluginError", "entry_points", "load_entry_point"]


class PluginError(RobosanError):
    """A plug-in named by an entry point could not be imported (a clear message, not a traceback)."""


def load_entry_point(ep: metadata.EntryPoint) -> Any:
    """Import what ``ep`` names; an import error becomes :class:`PluginError` naming the distribution."""
    try:
        return ep.load()
    except Exception as exc:
        if "--debug" in sys.argv:
            raise
        dist = ep.dist.name if ep.dist is not None else ep.value.split(":")[0]
        raise PluginError(
            "plugin.broken", name=ep.name, dist=dist, detail=f"{type(exc).__name__}: {exc}"
        ) from exc
