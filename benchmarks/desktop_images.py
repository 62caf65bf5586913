"""Reference-image search across window sizes (issue 14): what a find costs, and what it finds.

Run: .venv/bin/python benchmarks/desktop_images.py   (starts its own Xvfb if no DISPLAY)

Images are cut from ``tests/support/scaled_form.py`` (a Tk form whose picture follows its window) at
277×244, then searched in the form opened at other sizes. Printed per size and image: the best score
at the cut size (what robosan saw before), whether it is found now, and the median time of
- a find at the size kept (the common case: one search),
- a find that needs the search over sizes (a fresh matcher, as on the first step of a run).
The sample form and its sizes are our own: tuning data, not evaluation. Not a test: nothing fails on timing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FORM = ROOT / "tests" / "support" / "scaled_form.py"
TITLE = "住民登録(縮尺)"
CUTS = {"登録ボタン": (120, 196, 71, 33), "氏名ラベル": (8, 48, 60, 34), "電話ラベル": (8, 136, 60, 34)}
SIZES = ["277x244", "281x241", "300x264", "262x230", "250x220"]
REPEAT = 15


def _open(size: str, *flags: str) -> tuple[subprocess.Popen[bytes], tuple[int, int, int, int]]:
    from robots._desktop_windows import X11Windows

    proc = subprocess.Popen([sys.executable, str(FORM), size, os.devnull, *flags])
    want = tuple(int(n) for n in size.split("x"))
    while not (wins := [w for w in X11Windows().list() if w.title == TITLE and (w.width, w.height) == want]):
        time.sleep(0.05)
    time.sleep(0.5)  # a benchmark, not a test: let Tk draw
    return proc, wins[0].rect


def _median_ms(run: object) -> float:
    times = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    import cv2
    import numpy as np

    from robots._desktop_scale import SAME, places
    from robots._desktop_screen import Matcher, grab

    folder = Path(tempfile.mkdtemp(prefix="robosan-bench-images-"))
    proc, rect = _open("277x244")
    shot = grab(rect)
    for name, (x, y, w, h) in CUTS.items():
        shot.crop((x, y, x + w, y + h)).save(folder / f"{name}.png")
    proc.kill()
    proc.wait()
    for size in SIZES:
        for flags in ((), ("--other",)):
            proc, rect = _open(size, *flags)
            hay = cv2.cvtColor(np.asarray(grab(rect).convert("RGB")), cv2.COLOR_RGB2GRAY)
            for name in CUTS:
                path = folder / f"{name}.png"
                kept = Matcher()
                found, best = kept.find(path, rect, 0.9, all_scales=True)
                at_cut = places(hay, kept.template(path), SAME, 0.9)[0]
                common = _median_ms(lambda: kept.find(path, rect, 0.9))  # noqa: B023 (used at once)
                sweep = _median_ms(lambda: Matcher().find(path, rect, 0.9, all_scales=True))  # noqa: B023
                label = f"{size}{' 携帯' if flags else ''}"
                print(f"{label:<13} {name:<6} at cut size {at_cut:.2f}  found {'yes' if found else 'no ':<3} "
                      f"(best {best:.2f})  find {common:6.1f} ms  find needing the size search {sweep:6.1f} ms",
                      flush=True)
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    if os.environ.get("DISPLAY"):
        main()
    else:
        from sample_systems.display import virtual_display

        with virtual_display(87):
            main()
