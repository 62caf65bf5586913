"""Makes data/jigyosho.xlsx: a fictional list of businesses as a 市民税課 receives it (messy on purpose).

Run: python scenarios/jigyosho_check/data/make_sample.py  (the .xlsx is committed; this shows how it was made)
All names, numbers and addresses are invented.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from rpa_core.language.filters import houjin_check_digit


def houjin(base12: str) -> str:
    return f"{houjin_check_digit(base12)}{base12}"


NAMES = [
    ("株式会社筑波精機", "ｶﾌﾞｼｷｶﾞｲｼｬﾂｸﾊﾞｾｲｷ"),
    ("有限会社さくら商店", "ゆうげんがいしゃさくらしょうてん"),
    ("合同会社学園システム", "ｺﾞｳﾄﾞｳｶﾞｲｼｬｶﾞｸｴﾝｼｽﾃﾑ"),
    ("株式会社花室建設", "カブシキガイシャハナムロケンセツ"),
    ("医療法人社団桜川会", "ｲﾘｮｳﾎｳｼﾞﾝｼｬﾀﾞﾝｻｸﾗｶﾞﾜｶｲ"),
    ("株式会社北条米穀", "ｶﾌﾞｼｷｶﾞｲｼｬﾎｳｼﾞｮｳﾍﾞｲｺｸ"),
    ("社会福祉法人筑波山福祉会", "ｼｬｶｲﾌｸｼﾎｳｼﾞﾝﾂｸﾊﾞｻﾝﾌｸｼｶｲ"),
    ("株式会社研究学園フーズ", "ｶﾌﾞｼｷｶﾞｲｼｬｹﾝｷｭｳｶﾞｸｴﾝﾌｰｽﾞ"),
    ("有限会社小田印刷", "ﾕｳｹﾞﾝｶﾞｲｼｬｵﾀﾞｲﾝｻﾂ"),
    ("株式会社谷田部運輸", "ｶﾌﾞｼｷｶﾞｲｼｬﾔﾀﾍﾞｳﾝﾕ"),
    ("一般社団法人つくば観光協会", "いっぱんしゃだんほうじんつくばかんこうきょうかい"),
    ("株式会社豊里電設", "ｶﾌﾞｼｷｶﾞｲｼｬﾄﾖｻﾄﾃﾞﾝｾﾂ"),
    ("株式会社大穂ファーム", "ｶﾌﾞｼｷｶﾞｲｼｬｵｵﾎﾌｧｰﾑ"),
    ("有限会社茎崎自動車", "ﾕｳｹﾞﾝｶﾞｲｼｬｸｷｻﾞｷｼﾞﾄﾞｳｼｬ"),
    ("株式会社竹園ソフト", "ｶﾌﾞｼｷｶﾞｲｼｬﾀｹｿﾞﾉｿﾌﾄ"),
    ("合資会社吾妻屋", "ｺﾞｳｼｶﾞｲｼｬｱﾂﾞﾏﾔ"),
    ("株式会社並木メディカル", "ｶﾌﾞｼｷｶﾞｲｼｬﾅﾐｷﾒﾃﾞｨｶﾙ"),
    ("株式会社松代ハウジング", "ｶﾌﾞｼｷｶﾞｲｼｬﾏﾂｼﾛﾊｳｼﾞﾝｸﾞ"),
    ("有限会社髙橋鉄工", "ﾕｳｹﾞﾝｶﾞｲｼｬﾀｶﾊｼﾃｯｺｳ"),
    ("株式会社二の宮クリーン", "ｶﾌﾞｼｷｶﾞｲｼｬﾆﾉﾐﾔｸﾘｰﾝ"),
]
TOWNS = ["研究学園", "竹園", "吾妻", "並木", "松代", "二の宮", "小野崎", "花室", "北条", "谷田部"]
POSTAL = ["305-0817", "３０５８５５５", "〒305-0032", "3050031", "305 0044", "305-0035", "３０５－０８５６"]
DATES = [
    "令和元年5月1日",
    "平成31年4月30日",
    "R6.4.1",
    "2012/2/2",
    "Ｈ２５．１０．１",
    "昭和63年3月3日",
    "1990/12/05",
]


def main() -> None:
    rng = random.Random(42)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "事業所"
    ws["A1"] = "給与支払報告書 提出事業所一覧(令和8年度・見本)"
    ws["A1"].font = Font(bold=True, size=14)
    headers = [
        "法人番号",
        "事業所名",
        "事業所名カナ",
        "郵便番号",
        "所在地",
        "電話番号",
        "設立年月日",
        "従業員数",
        "区分",
    ]
    ws.append([])
    ws.append(headers)
    for c in ws[3]:
        c.font = Font(bold=True)
    for i, (name, kana) in enumerate(NAMES):
        base = f"{rng.randrange(10**11, 10**12):012d}"
        number = houjin(base)
        if i in (6, 13):  # a typing mistake in the number: the check digit no longer matches
            number = number[:-1] + str((int(number[-1]) + 1) % 10)
        town = TOWNS[i % len(TOWNS)]
        date = DATES[i % len(DATES)] if i % 5 else dt.date(2001 + i, 1 + i % 12, 1 + i)
        phone = f"029-{850 + i:03d}-{1000 + i * 37:04d}" if i % 3 else f"０２９８{60 + i:02d}{1234 + i:04d}"
        ws.append(
            [
                number,
                name,
                kana,
                POSTAL[i % len(POSTAL)],
                f"茨城県つくば市{town}{i % 4 + 1}丁目{i + 3}番地",
                phone,
                date,
                5 + i * 3,
                "新規" if i % 4 else "変更",
            ]
        )
        if i == 9:
            ws.append([])  # a blank line a clerk left in the middle
    for col, width in zip("ABCDEFGHI", (16, 30, 34, 12, 36, 16, 16, 10, 8), strict=True):
        ws.column_dimensions[col].width = width
    wb.save(Path(__file__).with_name("jigyosho.xlsx"))


if __name__ == "__main__":
    main()
