"""``settings.yaml`` read with the same limits as a scenario (issue 13): nesting, values and no aliases.

The store cannot use :mod:`rpa_core.language.loader` (the two layers are independent), so this is the
smallest bounded loader that serves a flat file of settings: nesting deeper than :data:`MAX_DEPTH` and more
than :data:`MAX_NODES` values are refused as they are met, and anchors/aliases (``&name`` / ``*name``, the
"billion laughs") are refused outright: a PC's settings need none. Each refusal is an InputError naming
the file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from rpa_core.errors import InputError

__all__ = ["MAX_DEPTH", "MAX_NODES", "bounded_load"]

MAX_DEPTH = 64  # as for scenarios (rpa_core.language.loader.MAX_DEPTH)
# A settings file lists a few dozen folders and periods; 5,000 values is far beyond that, and this pure-Python
# loader meets the limit within a second (scenarios have 20,000, counted first by libyaml).
MAX_NODES = 5_000


class _Refused(Exception):
    def __init__(self, key: str, line: int, limit: int = 0) -> None:
        super().__init__(key)
        self.key, self.line, self.limit = key, line, limit


class _BoundedLoader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def _line(self) -> int:
        return int(self.get_mark().line) + 1

    def fetch_flow_collection_start(self, token_class: Any) -> None:
        if self.flow_level >= MAX_DEPTH:  # before the scanner looks ahead over thousands of '['
            raise _Refused("pcsettings.too_deep", self._line(), MAX_DEPTH)
        super().fetch_flow_collection_start(token_class)

    def add_indent(self, column: int) -> bool:
        if len(self.indents) >= MAX_DEPTH:
            raise _Refused("pcsettings.too_deep", self._line(), MAX_DEPTH)
        return bool(super().add_indent(column))

    def fetch_alias(self) -> None:
        raise _Refused("pcsettings.alias", self._line())

    def fetch_anchor(self) -> None:
        raise _Refused("pcsettings.alias", self._line())

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused("pcsettings.too_many_values", int(self.peek_event().start_mark.line) + 1, MAX_NODES)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused("pcsettings.too_deep", int(self.peek_event().start_mark.line) + 1, MAX_DEPTH)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def bounded_load(raw: str, path: Path) -> Any:
    """The YAML in ``raw`` (the text of ``path``); yaml.YAMLError for bad syntax, InputError for a refusal."""
    loader = _BoundedLoader(raw)
    try:
        return loader.get_single_data()
    except _Refused as exc:
        raise InputError(exc.key, path=str(path), line=exc.line, limit=exc.limit) from None
    except RecursionError:
        raise InputError("pcsettings.too_deep", path=str(path), line=1, limit=MAX_DEPTH) from None
    finally:
        loader.dispose()
