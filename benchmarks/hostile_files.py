"""How fast, and with how much memory, hostile files are refused (issue 13: "each a clear error within a second").

Run: .venv/bin/python benchmarks/hostile_files.py
Each hostile file of tests/connectors/test_hostile_workbooks.py, tests/ocr/test_hostile_images.py and
tests/language/test_hostile_files.py is built in a temporary folder, then refused by the real action (or
validate) in this process: median time of 3 and the peak of Python allocations (tracemalloc) during one
refusal, printed beside the same figures for reading an ordinary workbook / validating an ordinary scenario,
as ratios (these machines are shared and noisy: compare ratios, not milliseconds). Not a test: nothing fails.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from connectors import csv as csv_actions  # noqa: E402
from connectors import excel  # noqa: E402
from connectors._hostile import MAX_CELLS, MAX_ROWS  # noqa: E402
from ocr.image import load_page  # noqa: E402
from rpa_core.errors import RobosanError  # noqa: E402
from rpa_core.language.parser import validate_scenario  # noqa: E402
from tests.support.fake_context import Ctx  # noqa: E402
from tests.support.hostile_files import (  # noqa: E402
    SHEET_HEAD,
    bomb_xlsx,
    huge_png,
    ledger_workbook,
    rewrite_sheet,
    small_workbook,
)


def _measure(call: Callable[[], object]) -> tuple[float, float, str]:
    """(median ms of 3, peak MB allocated during one call, what happened)."""
    outcome = "ok"
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        try:
            result = call()
            if isinstance(result, list) and result and hasattr(result[0], "loc"):  # validate's problems
                outcome = result[0].key
        except RobosanError as exc:
            outcome = exc.key or type(exc).__name__
        times.append((time.perf_counter() - t0) * 1000)
    tracemalloc.start()
    try:
        call()
    except RobosanError:
        pass
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 1e6, outcome


def _cases(tmp: Path, ctx: Ctx) -> dict[str, Callable[[], object]]:
    base = small_workbook(tmp / "base.xlsx")
    rows_xml = SHEET_HEAD + b"<sheetData>" + b"<row/>" * (MAX_ROWS + 1) + b"</sheetData></worksheet>"
    cells_xml = (SHEET_HEAD + b'<dimension ref="A1:A1"/><sheetData>'
                 + (b"<row>" + b"<c/>" * 1_000 + b"</row>") * (MAX_CELLS // 1_000 + 1) + b"</sheetData></worksheet>")
    files = {
        "xlsx bomb 1.1 GB": bomb_xlsx(tmp / "bomb.xlsx", 1_100),
        "xlsx ratio 200 MB": bomb_xlsx(tmp / "ratio.xlsx", 200),
        "xlsx dimension XFD1048576": bomb_xlsx(tmp / "dim.xlsx", 1, dimension="A1:XFD1048576"),
        "xlsx 3M cells stored": rewrite_sheet(base, tmp / "cells.xlsx", cells_xml, stored=True),
        "xlsx 1M+ rows stored": rewrite_sheet(base, tmp / "rows.xlsx", rows_xml, stored=True),
    }
    cases: dict[str, Callable[[], object]] = {
        name: (lambda p=path: excel.read_rows(ctx, file=p)) for name, path in files.items()
    }
    quote = tmp / "quote.csv"
    quote.write_text('氏名,備考\n花巻,"' + "あ" * 200_000 + "\n", encoding="utf-8")
    cases["csv unclosed quote"] = lambda: csv_actions.read_rows(ctx, file=quote)
    png = huge_png(tmp / "scan.png", 100_000, 100_000)
    cases["png 100,000²"] = lambda: load_page(png)
    flat = tmp / "flat.yaml"
    flat.write_text("name: x\nsteps:\n  - set: {x: [" + "1," * 110_000 + "1]}\n", encoding="utf-8")
    cases["yaml 110,000 values"] = lambda: validate_scenario(flat)
    fan = tmp / "fan.yaml"
    rows = ['      a: &a ["{{ 1 }}", "{{ 1 }}", "{{ 1 }}", "{{ 1 }}", "{{ 1 }}", "{{ 1 }}", "{{ 1 }}", "{{ 1 }}",'
            ' "{{ 1 }}", "{{ 1 }}"]']
    rows += [f"      {n}: &{n} [{', '.join(['*' + p] * 10)}]" for p, n in zip("abcd", "bcde", strict=True)]
    fan.write_text("name: x\nsteps:\n  - set:\n" + "\n".join(rows) + "\n", encoding="utf-8")
    cases["yaml alias fan-out in set"] = lambda: validate_scenario(fan)
    return cases


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        ctx = Ctx(scenario_dir=tmp, artifacts_dir=tmp / "artifacts")
        ordinary = ledger_workbook(tmp / "受付台帳.xlsx", 2_000)
        base_ms, base_mb, _ = _measure(lambda: excel.read_rows(ctx, file=ordinary))
        scenario = ROOT / "scenarios" / "business_registration" / "scenario.yaml"
        yaml_ms, yaml_mb, _ = _measure(lambda: validate_scenario(scenario))
        print(f"baseline: read 2,000 × 12 workbook {base_ms:.0f} ms {base_mb:.1f} MB; "
              f"validate {scenario.relative_to(ROOT)} {yaml_ms:.0f} ms {yaml_mb:.1f} MB")
        print(f"{'case':<28} {'ms':>8} {'× base':>7} {'peak MB':>8}  refused with")
        for case, call in _cases(tmp, ctx).items():
            ms, mb, outcome = _measure(call)
            base = yaml_ms if case.startswith("yaml") else base_ms
            print(f"{case:<28} {ms:8.0f} {ms / base:7.2f} {mb:8.1f}  {outcome}")


if __name__ == "__main__":
    main()
