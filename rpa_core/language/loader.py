"""YAML loading with line numbers.

Every mapping comes back as a :class:`Node` (a dict) that knows the file, line and
column of itself and of each of its keys, as ansible-core's constructor stamps its
mappings. Duplicate keys are collected as problems instead of silently winning.
Only YAML's safe subset is accepted.

Hostile or broken files are refused here with their line and column, before anything walks the data:
control characters, nesting deeper than :data:`MAX_DEPTH`, aliases that expand beyond :data:`MAX_NODES`
values (the "billion laughs") or reach more than :data:`MAX_ALIAS_VALUES` through aliases, files over
:data:`MAX_BYTES`, integers too long to be a number a clerk
means, non-finite floats and lone surrogates. Each is a check of a few milliseconds, so that no such
file can reach Python's recursion limit, its integer-string limit or a later ``str.encode``. The limits on
values, nesting and aliases are first checked by a libyaml pass (:mod:`._yaml_prepass`), which meets them
within a second where this loader would take twenty.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import yaml

from rpa_core.errors import Loc, Problem, ScenarioError
from rpa_core.language._yaml_prepass import MAX_ALIAS_VALUES, MAX_DEPTH, MAX_NODES, over_limits
from rpa_core.language.yaml_errors import not_mapping as _not_mapping
from rpa_core.language.yaml_errors import syntax_problem as _syntax_problem

__all__ = ["MAX_ALIAS_VALUES", "MAX_BYTES", "MAX_DEPTH", "MAX_DIGITS", "MAX_NODES", "Node", "load_yaml", "loc_of"]

MAX_BYTES = 256_000  # about 6,000 lines (the largest example is 8 KB); YAML in pure Python reads ~100 KB/s
MAX_DIGITS = 20  # a longer integer is a code or a mistake: it must be quoted text
# What YAML itself refuses (its "non-printable" set), found first with a line and a column.
_CONTROL = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_REPORTED = 5  # control characters reported one by one, then "and more"


class _Refused(Exception):
    """A file the loader will not build (too deep, too many values): carries the one problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.key)
        self.problem = problem

class Node(dict[str, Any]):
    """A mapping from a YAML file that remembers where it and each key came from."""

    __slots__ = ("key_locs", "loc")

    def __init__(self, loc: Loc) -> None:
        super().__init__()
        self.loc = loc
        self.key_locs: dict[str, Loc] = {}

    def loc_of(self, key: str) -> Loc:
        return self.key_locs.get(key, self.loc)


def loc_of(value: Any, fallback: Loc) -> Loc:
    return value.loc if isinstance(value, Node) else fallback


class _Loader(yaml.SafeLoader):
    """SafeLoader that builds Nodes and records duplicate keys."""

    def __init__(self, stream: str, filename: str) -> None:
        super().__init__(stream)
        self.filename = filename
        self.problems: list[Problem] = []
        self.seq_locs: dict[int, list[Loc]] = {}
        self.root_loc = Loc(filename, 1)
        self._depth = 0
        self._sizes: dict[int, int] = {}  # id(node) -> values in it once aliases are expanded
        self._through_aliases = 0  # values reached through *aliases so far

    def _loc(self, node: yaml.Node) -> Loc:
        return Loc(self.filename, node.start_mark.line + 1, node.start_mark.column + 1)

    def _mark_loc(self, mark: Any) -> Loc:
        return Loc(self.filename, mark.line + 1, mark.column + 1)

    def fetch_flow_collection_start(self, token_class: Any) -> None:
        # The scanner looks ahead over every '[' that may start a key: 10,000 of them take seconds.
        if self.flow_level >= MAX_DEPTH:
            raise _Refused(Problem(self._mark_loc(self.get_mark()), "yaml.too_deep", {"limit": MAX_DEPTH}))
        super().fetch_flow_collection_start(token_class)

    def add_indent(self, column: int) -> bool:
        if len(self.indents) >= MAX_DEPTH:
            raise _Refused(Problem(self._mark_loc(self.get_mark()), "yaml.too_deep", {"limit": MAX_DEPTH}))
        return bool(super().add_indent(column))

    def compose_node(self, parent: Any, index: Any) -> Any:
        """PyYAML's composer, bounded: it recurses once per level, and aliases share (not copy) nodes.

        Depth is refused before Python's recursion limit is near; every node's expanded size is
        kept, so an alias of an alias of … (a billion laughs) is refused as soon as it grows too big.
        """
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            node = super().compose_node(parent, index)
            self._through_aliases += self._sizes.get(id(node), 1)
            if self._through_aliases > MAX_ALIAS_VALUES:
                raise _Refused(Problem(self._mark_loc(mark), "yaml.too_many_alias_values", {"limit": MAX_ALIAS_VALUES}))
            return node
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise _Refused(Problem(self._mark_loc(mark), "yaml.too_deep", {"limit": MAX_DEPTH}))
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        size = 1
        if isinstance(node, yaml.SequenceNode):
            size += sum(self._sizes.get(id(child), 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            size += sum(self._sizes.get(id(k), 1) + self._sizes.get(id(v), 1) for k, v in node.value)
        if size > MAX_NODES and node is not None:
            raise _Refused(Problem(self._loc(node), "yaml.too_many_values", {"limit": MAX_NODES}))
        self._sizes[id(node)] = size
        return node

    def construct_document(self, node: yaml.Node) -> Any:
        self.root_loc = self._loc(node)  # where the top level starts: reported if it is no mapping
        return super().construct_document(node)


def _source_of(node: yaml.Node) -> str:
    """The text a node was read from (a flow collection spans exactly its brackets)."""
    start, end = node.start_mark, node.end_mark
    return str(start.buffer[start.index : end.index]) if start.buffer is not None else ""


def _is_unquoted_expression(node: yaml.Node) -> bool:
    """``{{ x }}`` written without quotes: YAML reads a flow mapping whose only key is a flow mapping."""
    if not isinstance(node, yaml.MappingNode) or node.flow_style is not True or len(node.value) != 1:
        return False
    key, value = node.value[0]
    return (
        isinstance(key, yaml.MappingNode)
        and key.flow_style is True
        and isinstance(value, yaml.ScalarNode)
        and value.tag == "tag:yaml.org,2002:null"
        and _source_of(node).startswith("{{")
    )


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Node | str:
    if _is_unquoted_expression(node):
        # Report the real cause, and carry on with the text the clerk meant, so that one
        # missing pair of quotes gives one problem and not a cascade of odd follow-on errors.
        expr = _source_of(node)
        loader.problems.append(Problem(loader._loc(node), "yaml.unquoted_expression", {"expr": expr}))
        return expr
    result = Node(loader._loc(node))
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key_loc = loader._loc(key_node)
        if not isinstance(key_node, yaml.ScalarNode):
            loader.problems.append(Problem(key_loc, "yaml.bad_key"))
            continue
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in result:
            loader.problems.append(
                Problem(key_loc, "yaml.duplicate_key", {"key": key, "first": result.key_locs[key].line})
            )
            continue
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_locs[key] = key_loc
    return result


class _LocList(list[Any]):
    """A list from a YAML file that remembers where it and each of its items came from."""

    loc: Loc
    item_locs: list[Loc]


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> list[Any]:
    result = _LocList(loader.construct_object(child, deep=True) for child in node.value)
    result.loc = loader._loc(node)
    result.item_locs = [loader._loc(child) for child in node.value]
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    # PyYAML raises a bare ValueError for 2026-13-14: report it at its line and keep the text.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        loader.problems.append(Problem(loader._loc(node), "yaml.bad_date", {"value": node.value}))
        return str(node.value)


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> Any:
    # Python refuses to read an integer of more than 4,300 digits (a ValueError, not a YAML error);
    # long before that, a number of more than MAX_DIGITS digits is a code that lost its quotes.
    digits = sum(ch.isdigit() for ch in str(node.value))
    if digits > MAX_DIGITS:
        loader.problems.append(
            Problem(loader._loc(node), "yaml.long_number", {"digits": digits, "limit": MAX_DIGITS})
        )
        return str(node.value)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


def _construct_float(loader: _Loader, node: yaml.ScalarNode) -> Any:
    value = yaml.SafeLoader.construct_yaml_float(loader, node)
    if not math.isfinite(value):
        # .nan, .inf and 1e999: no step means them; sleep(nan) and timeouts of inf crash at run time
        loader.problems.append(Problem(loader._loc(node), "yaml.not_finite", {"value": node.value}))
        return 0.0  # reported; carry on with a harmless number, so that wait: .nan is one problem, not two
    return value


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> Any:
    value = yaml.SafeLoader.construct_yaml_str(loader, node)
    if isinstance(value, str) and _SURROGATE.search(value):
        # "\ud800" is half of a character: it cannot be written to a file, a log or a screen
        loader.problems.append(Problem(loader._loc(node), "yaml.surrogate", {}))
        return _SURROGATE.sub("\ufffd", value)
    return value


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def item_loc(seq: Any, index: int, fallback: Loc) -> Loc:
    """The location of the index-th item of a loaded list."""
    locs = getattr(seq, "item_locs", None)
    if locs and index < len(locs):
        return locs[index]
    return fallback


def load_yaml(path: Path, display: str | None = None) -> tuple[Node, list[Problem]]:
    """Load the mapping in ``path``; return it and the problems found while building it.

    Problems that leave nothing to check (no such file, not UTF-8, a YAML syntax error, a
    top level that is not a mapping) raise ScenarioError instead.
    """
    name = display or str(path)
    source = _read(path, name)
    cached = _CACHE.get((name, source))
    if cached is not None:  # a file called from many steps is read once (its text decides, not its date)
        return cached[0], list(cached[1])
    data, problems = _load_source(source, name)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[(name, source)] = (data, tuple(problems))
    return data, problems


# Loaded files by (name, text). The parser never changes a loaded mapping, so one tree can serve every
# ``call:`` of the same file; YAML in pure Python is most of the time validate takes.
_CACHE: dict[tuple[str, str], tuple[Node, tuple[Problem, ...]]] = {}
_CACHE_SIZE = 32


def _load_source(source: str, name: str) -> tuple[Node, list[Problem]]:
    controls = _control_characters(source, name)
    if controls:
        raise ScenarioError(controls)
    too_big = over_limits(source, name)  # libyaml counts first: the Python loader below is 30 times slower
    if too_big is not None:
        raise ScenarioError([too_big])
    loader = _Loader(source, name)
    try:
        data = loader.get_single_data()
    except _Refused as exc:
        raise ScenarioError([exc.problem]) from None
    except RecursionError:  # a construct nested under MAX_DEPTH but still too deep for this Python
        raise ScenarioError([Problem(Loc(name, 1), "yaml.too_deep", {"limit": MAX_DEPTH})]) from None
    except yaml.MarkedYAMLError as exc:
        raise ScenarioError([_syntax_problem(exc, name, source)]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(Loc(name, 1), "yaml.syntax", {"detail": str(exc)})]) from None
    finally:
        loader.dispose()
    if data is None:
        raise ScenarioError([Problem(Loc(name, 1), "yaml.empty")])
    if not isinstance(data, Node):
        raise ScenarioError([_not_mapping(data, loader.root_loc, source)])
    return data, loader.problems


def _control_characters(source: str, name: str) -> list[Problem]:
    """Each character YAML refuses (NUL, form feed, escape …), at its line and column."""
    found: list[Problem] = []
    for m in _CONTROL.finditer(source):
        if len(found) == _MAX_REPORTED:
            break
        start = m.start()
        line = source.count("\n", 0, start) + 1
        col = start - (source.rfind("\n", 0, start) + 1) + 1
        found.append(Problem(Loc(name, line, col), "yaml.control_char", {"code": f"U+{ord(m.group()):04X}"}))
    return found


def _read(path: Path, name: str) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # reported below, with the reason
    if size > MAX_BYTES:
        raise ScenarioError(
            [Problem(Loc(name, 1), "yaml.too_large", {"size": f"{size // 1000:,}", "limit": MAX_BYTES // 1000})]
        )
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ScenarioError([Problem(Loc(name, 1), "file.not_found", {"path": name})]) from None
    except UnicodeDecodeError:
        raise ScenarioError([Problem(Loc(name, 1), "file.not_utf8", {"path": name})]) from None
    except OSError as exc:  # a folder (IsADirectoryError; PermissionError on Windows), a locked file
        if path.is_dir():
            raise ScenarioError([_directory_problem(path, name)]) from None
        detail = exc.strerror or type(exc).__name__
        raise ScenarioError(
            [Problem(Loc(name, 1), "file.unreadable", {"path": name, "detail": detail})]
        ) from None


def _directory_problem(path: Path, name: str) -> Problem:
    """A folder named where a scenario file belongs; suggest the scenario inside when there is one."""
    for candidate in ("scenario.yaml", "scenario.yml"):
        if (path / candidate).is_file():
            suggestion = str(Path(name) / candidate)
            return Problem(
                Loc(name, 1),
                "file.is_directory",
                {"path": name, "suggestion": suggestion},
                hint_key="file.is_directory.scenario.hint",
            )
    return Problem(Loc(name, 1), "file.is_directory", {"path": name})
