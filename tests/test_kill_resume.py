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

from rpa_core.runlog import RunLog, items

SCENARIO = Path(__file__).parent / "scenarios" / "kill" / "append_200.yaml"
ROBOSAN = Path(sys.executable).parent / "robosan"


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
    for _ in range(20):
        before = len(target.read_text().splitlines()) if target.exists() else 0
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(rng.uniform(0.2, 1.2))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        after = len(target.read_text().splitlines()) if target.exists() else 0
        if before < after < 200:
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
    assert kills_mid_loop >= 5, f"seed {seed}: only {kills_mid_loop} kills landed mid-loop"
