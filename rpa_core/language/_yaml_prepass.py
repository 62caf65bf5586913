"""A first pass over a YAML file with libyaml (C), refusing what is too big before the line-stamping loader runs.

The loader in :mod:`rpa_core.language.loader` is pure Python: ~200 µs a value, so 100,000 values written
as ``[1,1,1,…]`` (220 KB, under the size limit) take 20 seconds before any limit is met. libyaml reads the
same events 30 times faster; this pass counts them (values, nesting, what aliases expand to) and raises
at the first limit passed, at its line. A file libyaml cannot read is left to the loader, which says why
in a clerk's words; without libyaml (a PyYAML built without it) the loader's own checks still apply.
"""

from __future__ import annotations

from typing import Any

import yaml

from rpa_core.errors import Loc, Problem

__all__ = ["MAX_ALIAS_VALUES", "MAX_DEPTH", "MAX_NODES", "over_limits"]

MAX_DEPTH = 64  # YAML nesting: about 30 nested blocks of steps, far beyond a readable scenario
# Values after aliases (*name) are expanded. The largest scenario in the repository has 527; 20,000 is a
# file of ~6,000 lines, and the pure-Python loader reads that many in about a second.
MAX_NODES = 20_000
# Values reached through aliases, counted once per use: reusing a block of steps 40 times is ~2,000;
# a 500-byte ``set:`` that fans out to 100,000 expressions, each evaluated at run time, is refused.
MAX_ALIAS_VALUES = 10_000

_STARTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_ENDS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _problem(name: str, event: Any, key: str, limit: int) -> Problem:
    mark = event.start_mark
    return Problem(Loc(name, mark.line + 1, mark.column + 1), key, {"limit": limit})


def over_limits(source: str, name: str) -> Problem | None:
    """The first limit ``source`` passes, or None (also when libyaml is missing or cannot read the file)."""
    if not getattr(yaml, "__with_libyaml__", False):
        return None
    open_sizes: list[list[Any]] = []  # per open collection: [values so far, its anchor]
    anchors: dict[str, int] = {}
    total = through_aliases = 0
    try:
        for event in yaml.parse(source, Loader=yaml.CSafeLoader):
            if isinstance(event, _STARTS):
                if len(open_sizes) >= MAX_DEPTH:
                    return _problem(name, event, "yaml.too_deep", MAX_DEPTH)
                open_sizes.append([1, event.anchor])
                size = 0
            elif isinstance(event, _ENDS):
                size, anchor = open_sizes.pop()
                if anchor:
                    anchors[anchor] = size
            elif isinstance(event, yaml.ScalarEvent):
                size = 1
                if event.anchor:
                    anchors[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                size = anchors.get(event.anchor or "", 1)
                through_aliases += size
                if through_aliases > MAX_ALIAS_VALUES:
                    return _problem(name, event, "yaml.too_many_alias_values", MAX_ALIAS_VALUES)
            else:
                continue
            if isinstance(event, _STARTS):
                total += 1
            elif open_sizes:
                open_sizes[-1][0] += size
                if not isinstance(event, _ENDS):
                    total += size
            if total > MAX_NODES:
                return _problem(name, event, "yaml.too_many_values", MAX_NODES)
    except (yaml.YAMLError, RecursionError):
        return None
    return None
