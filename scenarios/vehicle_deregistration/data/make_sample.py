"""Make data/deregistrations.xlsx: 10 vehicles of the registration sample to deregister (抹消), all fictitious.

    python scenarios/vehicle_deregistration/data/make_sample.py

It takes every third vehicle of ../vehicle_registration/data/vehicles.xlsx, so run the
registration scenario first (or register those vehicles by hand in the sample program).
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

HEADERS = ["標識番号", "抹消理由", "所有者氏名"]
REASONS = ["廃車", "転出", "譲渡", "廃車", "盗難", "その他", "廃車", "譲渡", "転出", "廃車"]
SOURCE = Path(__file__).resolve().parents[2] / "vehicle_registration" / "data" / "vehicles.xlsx"


def deregistrations(source: Path = SOURCE, count: int = 10) -> list[list[object]]:
    """Rows in HEADERS order: every third registered vehicle with a reason."""
    ws = load_workbook(source, read_only=True).worksheets[0]
    vehicles = [row for row in ws.iter_rows(min_row=2, values_only=True) if row and row[1]]
    picked = vehicles[::3][:count]
    return [[v[1], REASONS[i % len(REASONS)], v[3]] for i, v in enumerate(picked)]


def write(path: Path, rows: list[list[object]]) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "抹消"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for col, width in zip("ABC", (20, 10, 14), strict=True):
        ws.column_dimensions[col].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("deregistrations.xlsx")
    write(out, deregistrations())
    print(out)
