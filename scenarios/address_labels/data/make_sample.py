"""Makes data/宛名一覧.csv: a fictional address list as a tax system exports it (CP932, CRLF, header on line 1).

Run: python scenarios/address_labels/data/make_sample.py  (the CSV is committed; this shows how it was made)
All names, numbers and addresses are invented. Some names use characters outside JIS X 0208
(髙, 﨑, ㈱): they print with the embedded font and are listed as 外字 in the run's log.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

SURNAMES = [
    "山田",
    "髙橋",
    "山﨑",
    "佐藤",
    "鈴木",
    "田中",
    "渡辺",
    "伊藤",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "斎藤",
    "松本",
]
GIVEN = ["太郎", "花子", "一郎", "美咲", "健", "由美", "誠", "直子", "翔太", "陽子"]
AGENTS = [
    "㈱つくば税務サポート",
    "税理士法人筑波会計",
    "行政書士 髙野 隆",
    "山﨑 雅子",
    "株式会社研究学園不動産管理",
]
PLACES = [
    ("305-0817", "茨城県つくば市研究学園", "丁目"),
    ("305-0031", "茨城県つくば市吾妻", "丁目"),
    ("305-0032", "茨城県つくば市竹園", "丁目"),
    ("305-0044", "茨城県つくば市並木", "丁目"),
    ("305-0035", "茨城県つくば市松代", "丁目"),
    ("300-3253", "茨城県つくば市大曽根", ""),
    ("100-0005", "東京都千代田区丸の内", "丁目"),
    ("160-0023", "東京都新宿区西新宿", "丁目"),
    ("530-0001", "大阪府大阪市北区梅田", "丁目"),
    ("980-0811", "宮城県仙台市青葉区一番町", "丁目"),
]
KANJI_NUM = "一二三四五"
BUILDINGS = [
    "グリーンハイツ研究学園",
    "つくばセンタービル",
    "メゾン竹園",
    "パークハウス並木",
    "ライオンズマンション吾妻",
]


def address(rng: random.Random) -> tuple[str, str, str]:
    postal, town, chome = rng.choice(PLACES)
    street = f"{town}{KANJI_NUM[rng.randrange(5)]}{chome}{rng.randint(1, 30)}番地{rng.randint(1, 20)}"
    if not chome:
        street = f"{town}{rng.randint(100, 3999)}番地{rng.randint(1, 9)}"
    building = (
        f"{rng.choice(BUILDINGS)}{rng.randint(1, 12)}0{rng.randint(1, 9)}号室" if rng.random() < 0.4 else ""
    )
    return postal, street, building


def main() -> None:
    rng = random.Random(6)
    rows = []
    for n in range(1, 49):
        kubun = "納税管理人" if n % 3 == 0 else rng.choice(["本人", "本人", "送付先"])
        taxpayer = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
        name = (
            rng.choice(AGENTS)
            if kubun == "納税管理人" and rng.random() < 0.5
            else f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
        )
        postal, street, building = address(rng)
        if kubun == "納税管理人" and rng.random() < 0.4:
            postal = postal.replace("-", "")  # some rows come without the hyphen
        rows.append(
            [
                f"{20250000 + n * 37:010d}",
                kubun,
                taxpayer,
                name if kubun != "本人" else taxpayer,
                postal,
                street,
                building,
                f"029-{rng.randint(800, 899)}-{rng.randint(1000, 9999)}",
            ]
        )
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        ["宛名番号", "宛名区分", "納税義務者氏名", "送付先氏名", "郵便番号", "住所", "方書", "電話番号"]
    )
    writer.writerows(rows)
    out = Path(__file__).with_name("宛名一覧.csv")
    out.write_bytes(buffer.getvalue().encode("cp932"))
    print(f"{out}: {len(rows)} rows")


if __name__ == "__main__":
    main()
