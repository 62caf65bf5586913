"""Finding plug-ins: robosan's entry-point groups, read once per process.

Action namespaces (``robosan.actions``) and commands (``robosan.commands``) come from installed
distributions' entry points, as APScheduler 3 and pytest find theirs (message catalogues too:
``robosan.messages``, read by :mod:`rpa_core.messages`). Reading them scans every installed
distribution's metadata, so it is done once and shared.
"""

from __future__ import annotations

import functools
import sys
from typing import TYPE_CHECKING, Any

from rpa_core.errors import RobosanError

if TYPE_CHECKING:
    from importlib import metadata

__all__ = ["ACTIONS_GROUP", "COMMANDS_GROUP", "MESSAGES_GROUP", "PluginError", "entry_points", "load_entry_point"]

ACTIONS_GROUP = "robosan.actions"
COMMANDS_GROUP = "robosan.commands"
MESSAGES_GROUP = "robosan.messages"


class PluginError(RobosanError):
    """A plug-in named by an entry point could not be imported (a clear message, not a traceback)."""


@functools.cache
def _installed() -> Any:
    from importlib import metadata  # ~50 ms: only when a plug-in is looked for, not for `robosan --help`

    # Python 3.11 returns SelectableGroups, 3.12+ EntryPoints: both have .select(group=…).
    return metadata.entry_points()


def entry_points(group: str) -> list[metadata.EntryPoint]:
    """The entry points of ``group``, sorted by name; the first of a name wins (as on ``sys.path``)."""
    seen: dict[str, metadata.EntryPoint] = {}
    for ep in _installed().select(group=group):
        seen.setdefault(ep.name, ep)
    return [seen[n] for n in sorted(seen)]


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
