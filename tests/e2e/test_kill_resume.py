"""A real `robosan run` killed with SIGKILL at 20 random moments loses nothing and does nothing twice."""

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

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "kill" / "append_200.yaml"
ROBOSAN = Path(sys.executable).parent / "robosan"


def _lines(target: Path) -> int:
    return len(target.read_text(encoding="utf-8").splitlines()) if target.exists() else 0


def _wait_for_lines(target: Path, wanted: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while _lines(target) < wanted and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_sigkill_at_random_moments_then_resume(tmp_path: Path) -> None:
    target = tmp_path / "target.txt"
    db = tmp_path / "runlog.db"
    env = {**os.environ, "ROBOSAN_HOME": str(tmp_path / "home"), "ROBOSAN_LANG": "en"}
    cmd = [str(ROBOSAN), "run", str(SCENARIO), "--db", str(db), "--unattended", "--input", f"target={target}"]
    seed = int(os.environ.get("ROBOSAN_KILL_SEED", "20261124"))
    rng = random.Random(seed)
    kills_mid_loop = 0
    for n in range(20):
        before = _lines(target)
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        # The kill moment is chosen by progress, not by wall time, so that a slow (loaded) machine
        # still kills mid-loop: most kills land after a random number of further items, and every
        # fifth one at a random moment of start-up (before or while the ledger is opened).
        if n % 5 == 4:
            time.sleep(rng.uniform(0.0, 0.5))
        else:
            _wait_for_lines(target, min(before + rng.randint(1, 15), 199), proc)
            time.sleep(rng.uniform(0.0, 0.02))  # anywhere inside the next item, too
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        if before < _lines(target) < 200:
            kills_mid_loop += 1
    final = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert final.returncode == 0, final.stdout + final.stderr

    lines = target.read_text().splitlines()
    counts = Counter(lines)
    assert set(counts) == {f"ITEM {n}" for n in range(1, 201)}, f"seed {seed}"
    assert max(counts.values()) == 1, f"seed {seed}: done twice: {[k for k, v in counts.items() if v > 1]}"
    log = RunLog(f"sqlite:///{db}")
    with log.engine.connect() as conn:
        states = Counter(s for (s,) in conn.execute(select(items.c.status)))
    log.close()
    assert states == {"done": 200}
    # the kills must really have hit the loop, or the test proves nothing
    assert kills_mid_loop >= 10, f"seed {seed}: only {kills_mid_loop} kills landed mid-loop"
