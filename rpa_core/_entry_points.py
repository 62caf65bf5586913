"""Installed entry points, read once per process (it scans every distribution's metadata).

The lowest module of the core: it imports nothing of robosan, so both the message catalogue
(:mod:`rpa_core.messages`) and the plug-in loader (:mod:`rpa_core.plugins`) can use it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib import metadata

__all__ = ["ACTIONS_GROUP", "COMMANDS_GROUP", "MESSAGES_GROUP", "entry_points"]

ACTIONS_GROUP = "robosan.actions"
COMMANDS_GROUP = "robosan.commands"
MESSAGES_GROUP = "robosan.messages"


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
