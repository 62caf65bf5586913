"""Issue 13, "a sandbox with no doors", through the real `robosan` CLI: path values and values saved from
``file.*`` actions cannot read, write or delete files, under ``--dry-run`` or not; expressions that would work
without end stop with the step's file:line. Each attack is a scenario a vendor could send; the victim is a
real file in tmp_path, the run log a real SQLite file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROBOSAN = Path(sys.executable).parent / "robosan"
VICTIM_TEXT = "住民記録 山田太郎 岩手県花巻市東町1-1\n"

_HEADER = """\
name: 横展開された見本
inputs:
  file: {type: path, default: 住民一覧.txt}
steps:
"""

# name -> the steps after the header (line 5 is the first step)
PATH_ATTACKS = {
    "read_other_file": """\
  - log: "{{ inputs.file.joinpath('/etc/passwd').read_text() }}"
""",
    "write_text": """\
  - set: {x: "{{ inputs.file.write_text('上書きしました') }}"}
""",
    "unlink_in_when": """\
  - log: 開始
    when: "{{ inputs.file.unlink() }}"
""",
    "iterdir": """\
  - for_each: "{{ inputs.file.parent.iterdir() | list }}"
    as: f
    steps:
      - log: "{{ f }}"
""",
    "home": """\
  - log: "{{ inputs.file.home() }}"
""",
    "saved_copy_unlink": """\
  - file.copy: {src: "{{ inputs.file }}", dest: 控え.txt}
    save_as: copied
  - log: 消去
    when: "{{ copied.unlink() }}"
""",
    "saved_list_write": """\
  - file.list: {folder: .}
    save_as: files
  - log: "{{ files[0].write_text('上書きしました') }}"
""",
}

LIMIT_ATTACKS = {
    "repeat_text": ("""\
  - log: 開始
  - log: "{{ 'a' * 10**8 }}"
""", 6),
    "nested_loops": ("""\
  - log: 開始
  - set:
      x: "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
""", 6),
    "center": ("""\
  - log: 開始
  - log: "{{ 'x' | center(10**9) }}"
""", 6),
}


def robosan(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ROBOSAN_HOME": str(home), "ROBOSAN_LANG": "ja", "COLUMNS": "200"}
    env.pop("ROBOSAN_DB", None)
    return subprocess.run([str(ROBOSAN), *args], capture_output=True, text=True, env=env, timeout=120, check=False)


def _scenario(folder: Path, steps: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "住民一覧.txt").write_text(VICTIM_TEXT, encoding="utf-8")
    path = folder / "scenario.yaml"
    path.write_text(_HEADER + textwrap.dedent(steps) if not steps.startswith("  ") else _HEADER + steps,
                    encoding="utf-8")
    return path


def _untouched(folder: Path, *, copies_allowed: bool = False) -> None:
    assert (folder / "住民一覧.txt").read_text(encoding="utf-8") == VICTIM_TEXT
    if (folder / "控え.txt").exists():
        assert copies_allowed and (folder / "控え.txt").read_text(encoding="utf-8") == VICTIM_TEXT


def test_validate_refuses_every_path_attack_at_its_line(tmp_path):
    paths = {name: _scenario(tmp_path / name, steps) for name, steps in PATH_ATTACKS.items()}
    checked = robosan("validate", *map(str, paths.values()), home=tmp_path / "home")
    output = checked.stdout + checked.stderr
    assert checked.returncode != 0, output
    for name in PATH_ATTACKS:
        line = next(ln for ln in output.splitlines() if f"{name}/scenario.yaml:" in ln.replace(os.sep, "/"))
        assert "式の中で" in line or "安全でない式" in line, line
        _untouched(tmp_path / name)


@pytest.mark.parametrize("name", sorted(PATH_ATTACKS))
def test_path_values_cannot_reach_files(name, tmp_path):
    folder = tmp_path / "scenario"
    path = _scenario(folder, PATH_ATTACKS[name])
    home, db = tmp_path / "home", tmp_path / "runlog.db"
    for extra in (["--dry-run"], []):
        ran = robosan("run", str(path), "--db", str(db), *extra, home=home)
        output = ran.stdout + ran.stderr
        assert ran.returncode == 2, output
        assert "scenario.yaml:" in output and "Traceback" not in output
        assert "root:" not in output  # nothing of /etc/passwd was read
        _untouched(folder)


@pytest.mark.parametrize("name", sorted(LIMIT_ATTACKS))
def test_unbounded_expressions_fail_the_run_at_their_line(name, tmp_path):
    steps, line = LIMIT_ATTACKS[name]
    folder = tmp_path / "scenario"
    path = _scenario(folder, steps)
    home, db = tmp_path / "home", tmp_path / "runlog.db"
    for extra in (["--dry-run"], []):
        ran = robosan("run", str(path), "--db", str(db), *extra, home=home)  # a hang would hit its 120 s timeout
        output = ran.stdout + ran.stderr
        assert ran.returncode == 1, output
        assert f"scenario.yaml:{line}:" in output, output
        # Whichever bound comes first on this machine: size, iterations, or (on a loaded machine) time.
        assert "上限" in output or "大きすぎて" in output or "秒を超えたため止めました" in output
        assert "Traceback" not in output
        _untouched(folder)


def test_a_path_input_is_text_and_file_actions_still_take_it(tmp_path):
    folder = tmp_path / "scenario"
    path = _scenario(folder, """\
  - log: "{{ inputs.file.endswith('住民一覧.txt') }} {{ inputs.file | length > 10 }}"
  - file.read_text: {path: "{{ inputs.file }}"}
    save_as: body
  - file.copy: {src: "{{ inputs.file }}", dest: 控え.txt}
    save_as: copied
  - file.write_text: {path: 結果.txt, text: "{{ body | trim }}|{{ copied.endswith('控え.txt') }}|{{ inputs.file.name }}"}
""")
    home, db = tmp_path / "home", tmp_path / "runlog.db"
    assert robosan("validate", str(path), home=home).returncode == 0
    ran = robosan("run", str(path), "--db", str(db), home=home)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert (folder / "結果.txt").read_text(encoding="utf-8") == VICTIM_TEXT.strip() + "|True|住民一覧.txt"
    _untouched(folder, copies_allowed=True)


def test_an_action_result_that_is_no_data_fails_its_step_and_is_never_saved(write_scenario, run_file, monkeypatch, tmp_path):
    """A plug-in action that hands back a live object (here an open file) cannot put it into the variables."""
    import dataclasses

    import tests.support.actions_for_tests  # noqa: F401 - registers test.echo
    from rpa_core import registry

    victim = tmp_path / "住民一覧.txt"
    victim.write_text(VICTIM_TEXT, encoding="utf-8")
    handles = []

    def leaky(**_: object) -> object:
        handles.append(victim.open("r+", encoding="utf-8"))
        return {"handle": handles[-1]}

    monkeypatch.setitem(registry._REGISTRY, "test.echo", dataclasses.replace(registry.get_action("test.echo"), func=leaky))
    path = write_scenario("""
        name: 結果が値でない手順
        steps:
          - test.echo: {value: 1}
            save_as: got
          - log: "{{ got }}"
        """)
    try:
        result = run_file(path)
    finally:
        for handle in handles:
            handle.close()
    assert result.status == "failed" and "got" not in result.variables
    assert result.error is not None and result.error.key == "plain.not_data"
    assert result.error.loc is not None and result.error.loc.line == 3
    assert "test.echo" in result.error.message("ja") and "TextIOWrapper" in result.error.message("ja")
    assert victim.read_text(encoding="utf-8") == VICTIM_TEXT
