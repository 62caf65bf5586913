"""Finding plug-ins: robosan's entry-point groups, read once per process.

Action namespaces (``robosan.actions``), commands (``robosan.commands``) and message catalogues
(``robosan.messages``) all come from installed distributions' entry points, as APScheduler 3 and pytest
find theirs. Reading them scans every installed distribution's metadata, so it is done once and shared.
"""

from __future__ import annotations

import functools
from importlib import metadata
from typing import Any

__all__ = ["ACTIONS_GROUP", "COMMANDS_GROUP", "MESSAGES_GROUP", "entry_points"]

ACTIONS_GROUP = "robosan.actions"
COMMANDS_GROUP = "robosan.commands"
MESSAGES_GROUP = "robosan.messages"


@functools.cache
def _installed() -> Any:
    # Python 3.11 returns SelectableGroups, 3.12+ EntryPoints: both have .select(group=…).
    return metadata.entry_points()


def entry_points(group: str) -> list[metadata.EntryPoint]:
    """The entry points of ``group``, sorted by name; the first of a name wins (as on ``sys.path``)."""
    seen: dict[str, metadata.EntryPoint] = {}
    for ep in _installed().select(group=group):
        seen.setdefault(ep.name, ep)
    return [seen[n] for n in sorted(seen)]
