"""`robosan demo` (what `make demo` runs) starts the sample systems, runs every example scenario
and ends with the time-saved table: the README's first command, checked end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sample_systems.demo import DEMO_SCENARIOS, REPO

ROBOSAN = Path(sys.executable).parent / "robosan"


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.display
@pytest.mark.tesseract
def test_demo_runs_every_example_and_prints_the_report(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROBOSAN_") and k != "DISPLAY"}
    env.update({"ROBOSAN_LANG": "ja", "COLUMNS": "200"})
    done = subprocess.run(
        [str(ROBOSAN), "demo"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900
    )
    out = done.stdout
    assert done.returncode == 0, out[-3000:] + done.stderr[-3000:]
    assert "実行しません" not in out, out  # nothing skipped on a machine set up by tools/setup.sh
    from rpa_core.language.parser import load_scenario

    names = [load_scenario(REPO / "scenarios" / d.folder / "scenario.yaml").name for d in DEMO_SCENARIOS]
    report = out[out.index("削減時間の報告") :]
    for name in names:
        assert f"▶ {name}" in out
        assert name in report, f"{name} missing from the report"
    assert "合計" in report and "Traceback" not in out + done.stderr
    assert (tmp_path / "robosan-data" / "demo" / "runlog.db").exists()
