"""A plug-in distribution outside the source tree adds an action namespace and a command, with no edit to robosan.

``tests/plugins/robosan_hello`` is installed for real (pip, into a temporary target) and ``robosan`` runs
as a subprocess with that target on PYTHONPATH: its entry points are all that tells robosan about it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
_VENV_ROBOSAN = Path(sys.executable).parent / "robosan"
ROBOSAN = str(_VENV_ROBOSAN) if _VENV_ROBOSAN.exists() else (shutil.which("robosan") or "robosan")

SCENARIO = """\
name: あいさつ
settings:
  hello: {greeting: おはよう}
steps:
  - hello.greet: {name: 田中, times: 2}
    save_as: words
  - log: "{{ words }}"
"""


@pytest.fixture(scope="session")
def hello_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("robosan_hello_site")
    base = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target)]
    source = str(HERE / "robosan_hello")
    done = subprocess.run([*base, "--no-build-isolation", source], capture_output=True, text=True, check=False)
    if done.returncode != 0:  # an older setuptools without bdist_wheel: let pip build it in isolation
        done = subprocess.run([*base, source], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    shutil.rmtree(HERE / "robosan_hello" / "build", ignore_errors=True)
    for leftover in (HERE / "robosan_hello").glob("*.egg-info"):
        shutil.rmtree(leftover, ignore_errors=True)
    return target


def robosan(hello_path: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(hello_path), "ROBOSAN_LANG": "ja"}
    return subprocess.run(
        [ROBOSAN, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120, check=False
    )


def test_validate_and_run_know_the_plugin_action(hello_path: Path, tmp_path: Path) -> None:
    scenario = tmp_path / "hello.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    valid = robosan(hello_path, "validate", str(scenario))
    assert valid.returncode == 0, valid.stderr
    home = tmp_path / "home"
    env_db = str(tmp_path / "runlog.db")
    done = subprocess.run(
        [ROBOSAN, "run", str(scenario), "--db", env_db],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PYTHONPATH": str(hello_path), "ROBOSAN_HOME": str(home), "ROBOSAN_LANG": "ja"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "おはよう、田中さん おはよう、田中さん" in done.stdout


def test_the_plugin_says_its_own_error_in_both_languages(hello_path: Path, tmp_path: Path) -> None:
    scenario = tmp_path / "noname.yaml"
    scenario.write_text(SCENARIO.replace("{name: 田中, times: 2}", '{name: " "}'), encoding="utf-8")
    for lang, message, hint in (("ja", "あいさつする相手の名前が空です。", "対処: name: に名前を書いてください。"),
                                ("en", "The name to greet is empty.", "What to do: Write a name in name:.")):
        done = subprocess.run(
            [ROBOSAN, "--lang", lang, "run", str(scenario), "--db", str(tmp_path / "runlog.db")],
            capture_output=True, text=True, timeout=120, check=False,
            env={**os.environ, "PYTHONPATH": str(hello_path), "ROBOSAN_HOME": str(tmp_path / "home")},
        )
        out = done.stdout + done.stderr
        assert done.returncode == 1, out
        assert f"{scenario}:" in out and message in out and hint in out, out
        assert "Traceback" not in out


def test_a_settings_typo_of_the_plugin_is_a_validate_error(hello_path: Path, tmp_path: Path) -> None:
    scenario = tmp_path / "typo.yaml"
    scenario.write_text(SCENARIO.replace("greeting:", "greting:"), encoding="utf-8")
    ja = robosan(hello_path, "validate", str(scenario))
    assert ja.returncode == 2
    assert f"{scenario}:3:" in ja.stderr and "「greting」は settings.hello には書けません" in ja.stderr
    assert "「greeting」のことですか?" in ja.stderr
    en = robosan(hello_path, "--lang", "en", "validate", str(scenario))
    assert "Did you mean 'greeting'?" in en.stderr


def test_actions_and_schema_list_the_plugin_action(hello_path: Path) -> None:
    listed = robosan(hello_path, "actions", "--markdown")
    assert listed.returncode == 0, listed.stderr
    assert "hello.greet" in listed.stdout and "あいさつの文を作る" in listed.stdout
    schema = robosan(hello_path, "schema")
    assert schema.returncode == 0, schema.stderr
    assert "hello.greet" in json.dumps(json.loads(schema.stdout), ensure_ascii=False)


def test_the_plugin_command_runs(hello_path: Path) -> None:
    listed = robosan(hello_path, "--help")
    assert "hello" in listed.stdout
    done = robosan(hello_path, "hello", "鈴木")
    assert done.returncode == 0, done.stderr
    assert "こんにちは、鈴木さん(robosan-hello)" in done.stdout
    en = robosan(hello_path, "hello", "--lang", "en", "Suzuki")
    assert "Hello, Suzuki (robosan-hello)" in en.stdout


def test_without_the_plugin_its_action_is_unknown(tmp_path: Path) -> None:
    scenario = tmp_path / "hello.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    done = subprocess.run([ROBOSAN, "validate", str(scenario)], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 2
    assert "hello" in done.stderr


def test_a_broken_plugin_names_its_distribution(tmp_path: Path) -> None:
    site = tmp_path / "site"
    dist = site / "robosan_broken-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: robosan-broken\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[robosan.actions]\nbroken = robosan_broken_missing\n", encoding="utf-8")
    scenario = tmp_path / "s.yaml"
    scenario.write_text("name: x\nsteps:\n  - file.exists: {path: a.txt}\n", encoding="utf-8")
    done = robosan(site, "validate", str(scenario))
    assert done.returncode == 2
    assert "robosan-broken" in done.stderr and "Traceback" not in done.stderr
