"""Each construct declares its keys, parse, JSON Schema and explain text once; the parser, the schema and
explain follow the registry; ``timeout:`` is accepted only where something waits."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from rpa_core.errors import ScenarioError
from rpa_core.language.constructs import ACTION, BY_STEP_TYPE, CONSTRUCTS, MODIFIERS, waits
from rpa_core.language.explain import explain_markdown
from rpa_core.language.json_schema import json_schema
from rpa_core.language.parser import load_scenario
from rpa_core.registry import all_actions, get_action, load_actions

LANGUAGE = Path(__file__).resolve().parents[2] / "rpa_core" / "language"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text("name: 試し\nsteps:\n" + body, encoding="utf-8")
    return path


def test_every_step_type_has_one_construct() -> None:
    assert set(CONSTRUCTS) == {"for_each", "if", "try", "set", "call", "manual", "log", "fail", "reject", "wait", "assert",
                               "skip_item"}
    assert len(BY_STEP_TYPE) == len(CONSTRUCTS) + 1 and BY_STEP_TYPE[ACTION.step_type] is ACTION
    for key, construct in CONSTRUCTS.items():
        assert construct.key == key
        assert set(construct.schema()) == {key, *construct.extra_keys}, key
        assert set(construct.modifiers) <= set(MODIFIERS)


def test_schema_variants_follow_the_constructs_and_timeout_only_where_it_waits() -> None:
    load_actions()
    variants = {v["required"][0]: v for v in json_schema()["$defs"]["steps"]["items"]["oneOf"]}
    assert set(CONSTRUCTS) <= set(variants)
    for key in CONSTRUCTS:
        assert "timeout" not in variants[key]["properties"], key
    assert "timeout" in variants["browser.wait_for"]["properties"]
    assert "timeout" not in variants["file.append_text"]["properties"]
    assert {s.name for s in all_actions() if waits(s)} == {
        k for k, v in variants.items() if "." in k and "timeout" in v["properties"]}


@pytest.mark.parametrize("step", [
    "  - log: 始め\n    timeout: 5s\n",
    "  - set: {a: 1}\n    timeout: 5s\n",
    "  - wait: 1s\n    timeout: 5s\n",
    "  - manual: 書類を確認する\n    timeout: 5m\n",
    "  - for_each: [1]\n    timeout: 5s\n    steps:\n      - log: x\n",
    "  - file.append_text: {path: a.txt, text: x}\n    timeout: 5s\n",
])
def test_timeout_where_nothing_waits_is_a_validate_error(tmp_path: Path, step: str) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(_write(tmp_path, step))
    [problem] = info.value.problems
    assert problem.key == "parse.modifier_no_effect" and problem.loc.line == 4
    assert "retry:" in problem.hint("ja") and "retry:" in problem.hint("en")


def test_timeout_on_a_waiting_action_reaches_explain(tmp_path: Path) -> None:
    load_actions()
    assert waits(get_action("file.wait_for"))
    scenario = load_scenario(_write(tmp_path, "  - file.wait_for: {path: a.csv}\n    timeout: 2m\n  - log: x\n"))
    assert scenario.steps[0].timeout == 120.0
    text = explain_markdown(scenario)
    assert text.count("待つのは最大") == 1 and "待つのは最大 120 秒" in text


def test_language_imports_neither_running_nor_store_nor_the_parser_back() -> None:
    for path in LANGUAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        names += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        for name in names:
            assert not name.startswith(("rpa_core.running", "rpa_core.store", "rpa_core.cli")), (path, name)
            if path.name != "parser.py":
                assert name != "rpa_core.language.parser", (path, name)
