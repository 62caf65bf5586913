"""Make data/vehicles.xlsx: 30 light vehicles to register (all names, addresses and numbers fictitious).

    python scenarios/vehicle_registration/data/make_sample.py

The same seed always gives the same rows, so tests and the benchmark can rely on them.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HEADERS = ["車台番号", "標識番号", "車種", "所有者氏名", "所有者住所", "登録年月日"]
SURNAMES = [
    "佐藤",
    "髙橋",
    "菊池",
    "千葉",
    "佐々木",
    "阿部",
    "及川",
    "小原",
    "照井",
    "藤原",
    "伊藤",
    "八重樫",
    "瀬川",
    "齋藤",
    "熊谷",
    "高橋",
    "菅原",
    "中村",
    "渡邉",
    "山﨑",
]
GIVEN = [
    "太郎",
    "花子",
    "健一",
    "美咲",
    "翔太",
    "陽子",
    "大輔",
    "由美",
    "拓海",
    "恵子",
    "浩二",
    "さくら",
    "賢治",
    "光太郎",
    "和子",
    "誠",
    "千尋",
    "勇気",
]
TOWNS = [
    "花巻市大通り一丁目",
    "花巻市西大通り二丁目",
    "花巻市花城町",
    "花巻市石鳥谷町好地",
    "花巻市東和町土沢",
    "花巻市大迫町大迫",
    "花巻市湯本",
    "花巻市上根子",
    "花巻市桜町三丁目",
    "花巻市若葉町二丁目",
]
KEI_KINDS = [
    ("軽四輪乗用(自家用)", "580", "あいうえかきくけこ", "HA36S"),
    ("軽四輪貨物(自家用)", "480", "あいうえかきくけこ", "DA17V"),
    ("軽四輪乗用(営業用)", "580", "りれ", "JF3"),
    ("軽四輪貨物(営業用)", "480", "りれ", "S510P"),
]
MUNI_KINDS = [("原付一種", "あ", "AF68"), ("原付二種", "い", "JF81"), ("小型特殊", "ぬ", "KB21")]


def vehicles(count: int = 30, seed: int = 20261124) -> list[list[object]]:
    """``count`` rows in HEADERS order: unique plates, every fourth vehicle a municipal-plate one."""
    rng = random.Random(seed)
    rows: list[list[object]] = []
    plates: set[str] = set()
    while len(rows) < count:
        if len(rows) % 4 == 3:
            kind, letter, frame = rng.choice(MUNI_KINDS)
            plate = f"花巻市 {letter} {rng.randint(1, 9999)}"
        else:
            kind, cls, letters, frame = rng.choice(KEI_KINDS)
            plate = f"岩手 {cls} {rng.choice(letters)} {rng.randint(10, 99)}-{rng.randint(10, 99)}"
        if plate in plates:
            continue
        plates.add(plate)
        chassis = f"{frame}-{rng.randint(100000, 999999)}"
        owner = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
        address = f"岩手県{rng.choice(TOWNS)}{rng.randint(1, 30)}番{rng.randint(1, 20)}号"
        day = dt.date(2025, 4, 1) + dt.timedelta(days=rng.randint(0, 360))
        rows.append([chassis, plate, kind, owner, address, day])
    return rows


def write(path: Path, rows: list[list[object]]) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "車両"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
        ws.cell(ws.max_row, 6).number_format = "yyyy/mm/dd"
    for col, width in zip("ABCDEF", (16, 20, 20, 14, 40, 12), strict=True):
        ws.column_dimensions[col].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("vehicles.xlsx")
    write(out, vehicles())
    print(out)
