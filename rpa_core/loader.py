"""YAML loading with line numbers.

Every mapping comes back as a :class:`Node` (a dict) that knows the file, line and
column of itself and of each of its keys, as ansible-core's constructor stamps its
mappings. Duplicate keys are collected as problems instead of silently winning.
Only YAML's safe subset is accepted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import Loc, Problem, ScenarioError
from .messages import register

__all__ = ["Node", "load_yaml", "loc_of"]

register(
    {
        "yaml.syntax": ("YAMLの書き方に誤りがあります: {detail}", "YAML syntax error: {detail}"),
        "yaml.syntax.hint": (
            "字下げ(スペース)の数、「:」の後の空白、かっこやクォートの閉じ忘れを確認してください。タブは使えません。",
            "Check the indentation (spaces), the space after ':', and unclosed brackets or quotes. Tabs are not allowed.",
        ),
        "yaml.duplicate_key": ("「{key}」が同じ場所に2回書かれています(前は {first} 行目)。", "'{key}' is written twice here (first on line {first})."),
        "yaml.duplicate_key.hint": ("どちらか一方を消してください。", "Delete one of them."),
        "yaml.not_mapping": ("シナリオの一番外側は「name:」「steps:」などのキーの並びである必要があります。", "The top level of a scenario must be a mapping of keys like 'name:' and 'steps:'."),
        "yaml.empty": ("ファイルが空です。", "The file is empty."),
        "yaml.empty.hint": ("「name:」と「steps:」を書いてください。", "Write at least 'name:' and 'steps:'."),
        "file.not_found": ("ファイルが見つかりません: {path}", "File not found: {path}"),
        "file.not_found.hint": ("ファイル名とフォルダを確認してください。", "Check the file name and folder."),
        "file.not_utf8": ("文字コードがUTF-8ではありません: {path}", "The file is not UTF-8: {path}"),
        "file.not_utf8.hint": ("メモ帳などで「UTF-8」を選んで保存し直してください。", "Save it again as UTF-8 (e.g. in Notepad choose UTF-8)."),
    }
)


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

    def _loc(self, node: yaml.Node) -> Loc:
        return Loc(self.filename, node.start_mark.line + 1, node.start_mark.column + 1)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Node:
    result = Node(loader._loc(node))
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        key_loc = loader._loc(key_node)
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


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def item_loc(seq: Any, index: int, fallback: Loc) -> Loc:
    """The location of the index-th item of a loaded list."""
    locs = getattr(seq, "item_locs", None)
    if locs and index < len(locs):
        return locs[index]
    return fallback


def load_yaml(path: Path, display: str | None = None) -> tuple[Any, list[Problem]]:
    """Load ``path``; return the data and the duplicate-key problems. Syntax errors raise ScenarioError."""
    name = display or str(path)
    try:
        source = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ScenarioError([Problem(Loc(name, 1), "file.not_found", {"path": name})]) from None
    except UnicodeDecodeError:
        raise ScenarioError([Problem(Loc(name, 1), "file.not_utf8", {"path": name})]) from None
    loader = _Loader(source, name)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        detail = (exc.problem or exc.context or "").strip()
        raise ScenarioError([Problem(Loc(name, line, col), "yaml.syntax", {"detail": detail})]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(Loc(name, 1), "yaml.syntax", {"detail": str(exc)})]) from None
    finally:
        loader.dispose()
    if data is None:
        raise ScenarioError([Problem(Loc(name, 1), "yaml.empty")])
    return data, loader.problems
