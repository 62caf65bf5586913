"""The rules validate applies across blocks, calls and modes (issue 12, points 5 and 6): no false alarms.

The corpus in tests/scenarios/invalid shows each rule catching its mistake; these are the near misses a
clerk writes on purpose, which must stay valid, and the cases that depend on the run's mode or inputs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rpa_core.errors import ScenarioError
from rpa_core.language.parser import load_scenario, validate_scenario

LOOP = """name: 事業所登録
steps:
  - set: {{rows: [{{法人番号: "1234567890123", 区分: 新規}}]}}
  - for_each: "{{{{ rows }}}}"
    name: 事業所ごとに登録
    as: row
    item_key: "{{{{ row.法人番号 }}}}"
{loop_keys}
    steps:
{steps}
"""
VERIFY = """    verify:
      - file.read_text: {path: out/登録済み.txt}
        save_as: registered
      - assert: "{{ row.法人番号 in registered }}"
"""
COMMIT = """          - file.append_text: {path: out/登録済み.txt, text: "{{ row.法人番号 }}"}
            commit: true"""


def _write(tmp_path: Path, text: str, name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


VALID = {
    "loop retry with verify": (VERIFY + "    retry: {times: 3, delay: 1s}", "      - log: 登録\n" + COMMIT.replace("          ", "      ", 2)),
    "commit inside if without retry": ("", "      - if: \"{{ row.区分 == '新規' }}\"\n        then:\n" + COMMIT),
    "retry on a step beside the commit": ("", "      - file.read_text: {path: out/登録済み.txt}\n        retry: 3\n"
                                              + COMMIT.replace("          ", "      ", 2)),
    "commit in the on_error of a retried step": ("", "      - file.read_text: {path: out/a.txt}\n        retry: 2\n"
                                                     "        on_error:\n" + COMMIT),
    "loop retry without commit": ("    retry: 2", "      - log: \"{{ row.法人番号 }}\""),
}


@pytest.mark.parametrize("name", sorted(VALID))
def test_near_misses_are_valid(name: str, tmp_path: Path) -> None:
    loop_keys, steps = VALID[name]
    path = _write(tmp_path, LOOP.format(loop_keys=loop_keys, steps=steps))
    assert validate_scenario(path) == [], [p.render("ja") for p in validate_scenario(path)]


def test_called_file_is_judged_where_it_is_called(tmp_path: Path) -> None:
    """The same helper is fine outside an item loop and an error inside one, at the helper's line."""
    _write(tmp_path, "name: 追記\ninputs:\n  v: {type: str, required: true}\nsteps:\n"
                     "  - file.append_text: {path: out/a.txt, text: \"{{ inputs.v }}\"}\n"
                     "    commit: true\n    retry: 2\n", "helper.yaml")
    outside = _write(tmp_path, "name: 外\nsteps:\n  - call: {file: helper.yaml, with: {v: x}}\n", "outside.yaml")
    assert validate_scenario(outside) == []
    inside = _write(tmp_path, LOOP.format(loop_keys="", steps="      - call: {file: helper.yaml, with: {v: \"{{ row.法人番号 }}\"}}"),
                    "inside.yaml")
    (problem,) = validate_scenario(inside)
    assert problem.key == "parse.retry_commit_in_called"
    assert problem.loc.file.endswith("helper.yaml") and problem.loc.line == 7
    assert "事業所ごとに登録" in problem.message("ja") and f"{inside}:10" in problem.message("ja")


def test_called_file_with_its_own_item_loop_is_reported_as_its_own(tmp_path: Path) -> None:
    helper = LOOP.replace("name: 事業所登録", "name: 内側").format(loop_keys="", steps=COMMIT.replace("commit: true", "commit: true\n            retry: 2"))
    _write(tmp_path, helper, "helper.yaml")
    outer = _write(tmp_path, "name: 外\nsteps:\n  - call: {file: helper.yaml}\n", "outer.yaml")
    (problem,) = validate_scenario(outer)
    assert problem.key == "parse.retry_commit_in_item"


def test_skip_item_in_a_file_called_from_an_item_loop_is_valid(tmp_path: Path) -> None:
    _write(tmp_path, "name: 判定\nsteps:\n  - skip_item: 対象外\n", "helper.yaml")
    inside = _write(tmp_path, LOOP.format(loop_keys="", steps="      - call: helper.yaml"))
    assert validate_scenario(inside) == []


def test_manual_in_loop_on_error_depends_on_the_mode(tmp_path: Path) -> None:
    path = _write(tmp_path, LOOP.format(loop_keys="    on_error:\n      - manual: 手で登録してください",
                                        steps=COMMIT.replace("          ", "      ", 2)))
    assert validate_scenario(path) == []
    (problem,) = validate_scenario(path, unattended=True)
    assert problem.key == "parse.manual_unattended_on_error"
    with pytest.raises(ScenarioError):
        load_scenario(path, unattended=True)


def test_input_default_checked_unless_given_or_made_later(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "事業所一覧.xlsx").write_bytes(b"")
    text = ("name: 一覧\ninputs:\n  file: {type: path, default: data/事業所一覧２.xlsx}\n"
            "  later: {type: path, default: out/集計.xlsx}\n  out: {type: path, default: data/結果.xlsx}\n"
            "steps:\n  - excel.read_rows: {file: \"{{ inputs.file }}\"}\n"
            "  - excel.read_rows: {file: \"{{ inputs.later }}\"}\n"
            "  - excel.write_rows: {file: \"{{ inputs.out }}\", rows: []}\n")
    path = _write(tmp_path, text)
    (problem,) = validate_scenario(path)
    assert problem.key == "parse.input_default_missing" and problem.loc.line == 3
    assert "data/事業所一覧.xlsx" in problem.hint("ja")
    assert load_scenario(path, given_inputs=["file"])  # given at run time: its default does not matter
    assert load_scenario(path)  # programmatic callers that bring their own inputs
