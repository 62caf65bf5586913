"""How long `validate` takes on hostile scenario files (issue 12: "each in a few milliseconds").

Run: .venv/bin/python benchmarks/validate_hostile.py
Each case of tests/language/test_hostile_files.py is validated in-process (median of 5, after one warm-up),
and printed beside the same figure for an ordinary example scenario measured in the same process, as a
ratio: these machines are noisy, compare ratios, not milliseconds. Not a test: nothing here fails on timing.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rpa_core.language.parser import validate_scenario  # noqa: E402
from tests.language.test_hostile_files import CASES  # noqa: E402

BASELINE = ROOT / "scenarios" / "business_registration" / "scenario.yaml"


def _median_ms(path: Path, repeat: int = 5) -> float:
    validate_scenario(path)  # warm: imports, the action registry, caches
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        validate_scenario(path)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    base = _median_ms(BASELINE)
    print(f"baseline: {BASELINE.relative_to(ROOT)} {base:.1f} ms")
    print(f"{'case':<24} {'ms':>8} {'× baseline':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (text, _key, _line) in sorted(CASES.items()):
            path = Path(tmp) / f"{name}.yaml"
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            ms = _median_ms(path)
            print(f"{name:<24} {ms:8.1f} {ms / base:11.2f}")


if __name__ == "__main__":
    main()
