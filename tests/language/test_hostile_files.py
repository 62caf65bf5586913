"""Scenario files nobody meant to write (issue 12, point 7): each is refused by validate with its place, fast.

NUL and other control characters, YAML nested 10,000 deep, 200 nested ``if:``, a billion laughs,
a 5,000-digit integer, ``.nan`` / ``.inf`` / absurd waits, lone surrogates, an expression nested
thousands deep, a huge file. Before, some of these gave "internal problem" without file:line, a
RecursionError, or passed validate and crashed the run. Each case here is written at test time into
tmp_path (NUL bytes would make the corpus a binary file) and checked in-process, then through the
real ``robosan validate`` and ``robosan run`` for the worst ones.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rpa_core.errors import Problem
from rpa_core.language.parser import validate_scenario
from rpa_core.messages import CATALOGUE

_VENV_ROBOSAN = Path(sys.executable).parent / "robosan"
ROBOSAN = str(_VENV_ROBOSAN) if _VENV_ROBOSAN.exists() else (shutil.which("robosan") or "robosan")

HEAD = "name: 受付の記録\nsteps:\n"


def _nested_ifs(n: int) -> str:
    lines = [HEAD.rstrip("\n")]
    indent = "  "
    for _ in range(n):
        lines.append(f"{indent}- if: \"{{{{ true }}}}\"")
        lines.append(f"{indent}  then:")
        indent += "    "
    lines.append(f"{indent}- log: 奥")
    return "\n".join(lines) + "\n"


def _bomb() -> str:
    rows = ['  a: &a ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"  {name}: &{name} [{', '.join(['*' + prev] * 10)}]")
    return HEAD + "  - set:\n      x: {done: 1}\n" + "baseline:\n  note: x\nafter:\n" + "\n".join(rows) + "\n"


# name -> (file text, message key expected, line expected or None for "any line")
CASES: dict[str, tuple[str, str, int | None]] = {
    "nul": (HEAD + "  - log: 開\x00始\n", "yaml.control_char", 3),
    "form_feed": (HEAD + "  - log: 開始\x0c\n", "yaml.control_char", 3),
    "escape_char": (HEAD + "  - log: ok\n  - log: \x1b[31m赤\n", "yaml.control_char", 4),
    "deep_flow_10000": (HEAD + "  - set: {x: " + "[" * 10_000 + "]" * 10_000 + "}\n", "yaml.too_deep", 3),
    "deep_block_mappings": (HEAD + "  - set:\n" + "".join("  " * (i + 3) + f"k{i}:\n" for i in range(300)),
                            "yaml.too_deep", None),
    "nested_if_200": (_nested_ifs(200), "yaml.too_deep", None),
    "nested_if_25": (_nested_ifs(25), "parse.steps_too_deep", None),
    "billion_laughs": (_bomb(), "yaml.too_many_alias_values", None),
    "int_5000_digits": (HEAD + "  - set: {n: " + "7" * 5000 + "}\n", "yaml.long_number", 3),
    "wait_nan": (HEAD + "  - wait: .nan\n", "yaml.not_finite", 3),
    "wait_inf": (HEAD + "  - wait: .inf\n", "yaml.not_finite", 3),
    "wait_1e400": (HEAD + "  - wait: 1.0e+400\n", "yaml.not_finite", 3),
    "wait_absurd": (HEAD + "  - wait: 1.0e+300\n", "parse.duration_range", 3),
    "wait_text_nan": (HEAD + '  - wait: "nan"\n', "parse.duration", 3),
    "timeout_huge": (HEAD + "  - file.wait_for: {path: a.txt}\n    timeout: 99999h\n", "parse.duration_range", 4),
    "retry_delay_inf": (HEAD + "  - log: a\n    retry: {times: 2, delay: .inf}\n", "yaml.not_finite", 4),
    "lone_surrogate": (HEAD + '  - log: "\\ud800"\n', "yaml.surrogate", 3),
    "surrogate_in_key": (HEAD + '  - set: {"\\udfff": 1}\n', "yaml.surrogate", 3),
    "expression_10000_parens": (HEAD + '  - log: "{{ ' + "(" * 10_000 + "1" + ")" * 10_000 + ' }}"\n',
                                "expr.too_complex", 3),
}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


def _check(problems: list[Problem], key: str, line: int | None) -> None:
    assert problems, "validate accepted the file"
    keys = [p.key for p in problems]
    assert key in keys, keys
    for p in problems:
        assert p.key in CATALOGUE and p.loc.line >= 1 and p.loc.col >= 1
        assert p.message("ja") and p.hint("ja") and p.hint("en"), p.key
        assert len(p.message("ja")) < 400, p.message("ja")  # a huge value is cut, never echoed whole
        assert "internal" not in p.key
    if line is not None:
        assert any(p.key == key and p.loc.line == line for p in problems), [(p.key, p.loc.line) for p in problems]


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_is_refused_quickly_at_its_place(name: str, tmp_path: Path) -> None:
    text, key, line = CASES[name]
    path = _write(tmp_path, name, text)
    problems = validate_scenario(path)
    _check(problems, key, line)
    # how long each takes is measured by benchmarks/validate_hostile.py, never asserted here


def test_control_character_column_and_code(tmp_path: Path) -> None:
    path = _write(tmp_path, "ff", HEAD + "  - log: 開始です\x0cね\n  - log: \x00\n")
    problems = validate_scenario(path)
    assert [(p.loc.line, p.loc.col, p.kwargs["code"]) for p in problems] == [(3, 14, "U+000C"), (4, 10, "U+0000")]
    assert "U+000C" in problems[0].message("ja") and "制御文字" in problems[0].message("ja")


def test_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("w", encoding="utf-8") as f:
        f.write(HEAD)
        line = "  - log: " + "受付" * 40 + "\n"
        for _ in range(30_000):  # ~7 MB
            f.write(line)
    (problem,) = validate_scenario(path)
    assert problem.key == "yaml.too_large" and problem.loc.line == 1


def test_sane_anchors_and_long_codes_in_quotes_still_work(tmp_path: Path) -> None:
    """No false alarms: a few aliases, a quoted 30-digit code, a 13-digit number, a 24h wait are fine."""
    path = _write(tmp_path, "ok", HEAD + (
        "  - set:\n"
        "      base: &base {課: 税務課, 係: 市民税係}\n"
        "      copy: *base\n"
        "      code: \"123456789012345678901234567890\"\n"
        "      houjin: 1234567890123\n"
        "  - wait: 24h\n"
        "  - log: \"{{ ((1 + 2) * 3) }}\"\n"
    ))
    assert validate_scenario(path) == []


def _robosan(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("ROBOSAN_LANG", None)
    env["ROBOSAN_HOME"] = str(cwd / "home")
    env["ROBOSAN_DB"] = str(cwd / "home" / "runs.db")
    return subprocess.run([ROBOSAN, *args], capture_output=True, text=True, env=env, timeout=60, cwd=cwd,
                          stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("name", ["nul", "deep_flow_10000", "nested_if_200", "int_5000_digits",
                                  "billion_laughs"])
def test_validate_and_run_commands_exit_2_with_the_place(name: str, tmp_path: Path) -> None:
    """The real commands: exit 2, file:line and 対処 in Japanese, no traceback, nothing left running."""
    text, _key, line = CASES[name]
    path = _write(tmp_path, name, text)
    for command in (["validate"], ["run"]):
        res = _robosan(*command, str(path), cwd=tmp_path)  # a hang fails on the subprocess timeout
        out = res.stdout + res.stderr
        assert res.returncode == 2, out[-2000:]
        assert "Traceback" not in out and "内部" not in out, out[-2000:]
        assert "対処:" in res.stderr
        assert f"{path}:{line if line is not None else ''}" in res.stderr, res.stderr[-2000:]
    assert not (tmp_path / "home" / "runs.db").exists()  # refused before any run was opened


# -- issue 13: the same limits for every YAML robosan reads, and alias fan-out under the total ---------------
def _fanout(indent: str, levels: int = 5) -> str:
    """Anchors five deep, ten wide: 100,000 values from 500 bytes, each an expression evaluated at run time."""
    rows = [f"{indent}a: &a [" + ", ".join(['"{{ \'受付\' * 10 }}"'] * 10) + "]"]
    for prev, name in zip("abcdefgh", "bcdefghi"[: levels - 1], strict=False):
        rows.append(f"{indent}{name}: &{name} [{', '.join(['*' + prev] * 10)}]")
    return "\n".join(rows) + "\n"


def test_alias_fanout_inside_set_is_refused_at_its_line(tmp_path: Path) -> None:
    """Issue 13: "a YAML alias bomb inside set: hangs validate". Under the 100,000-value total it used to
    pass validate and make the run evaluate 100,000 expressions; now the aliases are counted."""
    path = _write(tmp_path, "set_fanout", HEAD + "  - set:\n" + _fanout("      "))
    problems = validate_scenario(path)
    _check(problems, "yaml.too_many_alias_values", None)
    assert problems[0].loc.line in (7, 8)  # the anchor that passes 10,000 (d or e)


_USE_C = "[" + ", ".join(["*c"] * 10) + "]"  # 10 × 1,111 values: the 10,000 are passed where this is written


def test_alias_bomb_in_call_with_is_refused_where_it_is_used(tmp_path: Path) -> None:
    (tmp_path / "sub.yaml").write_text("name: 下請け\ninputs:\n  x: {type: list}\nsteps:\n  - log: ok\n",
                                       encoding="utf-8")
    text = ("name: 受付の記録\nvalues:\n" + _fanout("  ", levels=3)
            + f"steps:\n  - call:\n      file: sub.yaml\n      with:\n        x: {_USE_C}\n")
    path = _write(tmp_path, "call_bomb", text)
    _check(validate_scenario(path), "yaml.too_many_alias_values", 10)


def test_alias_bomb_in_a_called_file_is_refused_with_that_files_place(tmp_path: Path) -> None:
    (tmp_path / "sub.yaml").write_text("name: 下請け\nsteps:\n  - set:\n" + _fanout("      "), encoding="utf-8")
    path = _write(tmp_path, "main", HEAD + "  - call: {file: sub.yaml}\n")
    problems = validate_scenario(path)
    _check(problems, "yaml.too_many_alias_values", None)
    assert any(p.loc.file.endswith("sub.yaml") for p in problems), [str(p.loc) for p in problems]


def test_many_plain_values_are_refused_at_the_total(tmp_path: Path) -> None:
    path = _write(tmp_path, "flat", HEAD + "  - set: {x: [" + "1," * 110_000 + "1]}\n")
    _check(validate_scenario(path), "yaml.too_many_values", 3)


def test_alias_bomb_in_a_robot_files_inputs_is_refused(tmp_path: Path) -> None:
    from rpa_core.errors import ScenarioError
    from rpa_core.scheduling.robot_file import load_robot

    (tmp_path / "s.yaml").write_text(HEAD + "  - log: ok\n", encoding="utf-8")
    robot = tmp_path / "robot.yaml"
    robot.write_text("robot: 市民税課ロボット1号\njobs:\n  - scenario: s.yaml\n    at: every weekday 07:30\n"
                     "    inputs:\n" + _fanout("      ", levels=3) + f"      x: {_USE_C}\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_robot(robot)
    _check(caught.value.problems, "yaml.too_many_alias_values", 9)


def test_alias_bomb_in_an_ocr_template_is_refused(tmp_path: Path) -> None:
    from ocr.template import load_template
    from rpa_core.errors import ScenarioError

    template = tmp_path / "form.yaml"
    template.write_text("image: blank.png\nfields: []\nextra:\n" + _fanout("  "), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_template(template)
    _check(caught.value.problems, "yaml.too_many_alias_values", None)


@pytest.mark.parametrize(("text", "key", "line"), [
    ("allowed_paths: &p ['C:\\\\共有\\\\市民課']\nother: *p\n", "pcsettings.alias", 1),
    ("retention: 400d\nallowed_paths: " + "[" * 5_000 + "]" * 5_000 + "\n", "pcsettings.too_deep", 2),
    ("allowed_paths: [" + "a," * 110_000 + "a]\n", "pcsettings.too_many_values", 1),
])
def test_pc_settings_file_has_the_scenario_limits(text: str, key: str, line: int, tmp_path: Path) -> None:
    """settings.yaml (the 情報政策課's file) is read with the same limits, a clear error naming file and line."""
    from rpa_core.errors import InputError
    from rpa_core.store.pc_settings import load_pc_settings

    (tmp_path / "settings.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_pc_settings(tmp_path)
    err = caught.value
    assert err.key == key
    assert str(tmp_path / "settings.yaml") in err.message("ja") and f"{line} 行目" in err.message("ja")
    assert err.message("en") and err.hint("ja")
