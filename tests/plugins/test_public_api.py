"""The core's public API is what `rpa_core.__all__` and `rpa_core.api.__all__` say (docs/architecture.md, "The plug-in interface")."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import rpa_core
import rpa_core.api


def test_every_exported_name_resolves_and_nothing_else_is_public() -> None:
    for module in (rpa_core, rpa_core.api):
        for name in module.__all__:
            assert getattr(module, name) is not None, (module.__name__, name)
        assert sorted(module.__all__) == sorted(set(module.__all__)), module.__name__
    public = {n for n in dir(rpa_core) if not n.startswith("_")}
    assert public == set(rpa_core.__all__)


def test_importing_the_core_is_cheap() -> None:
    probe = "import sys, rpa_core; print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'jinja2', 'pydantic'))))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_load_validate_and_run_through_the_public_api(tmp_path: Path) -> None:
    good = tmp_path / "ok.yaml"
    good.write_text("name: 見本\nsteps:\n  - set: {total: \"{{ 1 + 2 }}\"}\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: 見本\nsteps:\n  - lgo: こんにちは\n", encoding="utf-8")
    assert rpa_core.validate_scenario(good) == []
    problems = rpa_core.validate_scenario(bad)
    assert [p.loc.line for p in problems] == [3]
    scenario = rpa_core.load_scenario(good)
    assert isinstance(scenario, rpa_core.Scenario)
    log = rpa_core.RunLog(f"sqlite:///{tmp_path / 'log.sqlite'}")
    result = rpa_core.run_scenario(scenario, log=log, unattended=True)
    assert isinstance(result, rpa_core.RunResult)
    assert (result.status, result.variables["total"]) == ("succeeded", 3)
