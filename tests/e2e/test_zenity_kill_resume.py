"""Issue 14: the robot killed at random moments while it fills a stock zenity form, then resumed.

The form the killed run left half-filled is still open (the scenario attaches to the running
program), and every field is emptied and checked before it is filled: no row may be submitted
twice, or with a field of the half-filled form. Every row ends 完了 with every field exact.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from rpa_core.store.runlog import RunLog, items
from tests.support.a11y_fixtures import a11y_desktop  # noqa: F401  (fixture)
from tests.support.zenity_form import EXPECTED, ROWS, FormCase, form_case  # noqa: F401  (fixture)

pytestmark = [pytest.mark.display, pytest.mark.usefixtures("a11y_desktop")]


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_killed_while_typing_then_resumed_every_row_once_and_exact(
    form_case: FormCase,  # noqa: F811
    tmp_path: Path,
    robosan_home: Path,
) -> None:
    scenario, output, inputs = form_case
    db = tmp_path / "runlog.db"
    argv = [sys.executable, "-c", "from rpa_core.cli.main import main; main()", "run", str(scenario), "--db", str(db),
            "--unattended", *(a for k, v in inputs.items() for a in ("--input", f"{k}={v}"))]  # fmt: skip
    rng = random.Random(int(os.environ.get("ROBOSAN_KILL_SEED", "20261208")))
    killed_mid_row = 0
    for _ in range(4):
        before = len(output.read_text(encoding="utf-8").splitlines())
        if before >= len(ROWS) - 1:
            break
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # by progress, not wall time: wait for the next row to be submitted, then kill somewhere in the one after
        deadline = time.monotonic() + 60
        while len(output.read_text(encoding="utf-8").splitlines()) <= before and proc.poll() is None:
            assert time.monotonic() < deadline, "the robot entered nothing in 60 s"
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 1.0))  # anywhere in the next row: waiting, emptying, filling, pressing OK
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed_mid_row += 1
        proc.wait(timeout=30)
    final = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stdout + final.stderr

    lines = output.read_text(encoding="utf-8").splitlines()
    assert Counter(lines) == Counter(EXPECTED), (
        f"a row twice, missing, or with a wrong or empty field: {lines}"
    )
    log = RunLog(f"sqlite:///{db}")
    with log.engine.connect() as conn:
        assert Counter(s for (s,) in conn.execute(select(items.c.status))) == {"done": len(ROWS)}
    log.close()
    assert killed_mid_row >= 2, "the kills did not land while the robot worked: the test proved nothing"
