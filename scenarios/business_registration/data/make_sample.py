"""Makes data/jigyosho.xlsx: 50 fictitious businesses to register in the sample tax system.

Run: python scenarios/business_registration/data/make_sample.py  (the .xlsx is committed; this shows how
it was made). All names, numbers, addresses and phone numbers are invented; phone numbers use
the 0299-99 / 029-8xx ranges only as look-alikes of Tsukuba numbers.

The list is untidy the way lists from many hands are: half-width kana (ｶﾌﾞｼｷｶﾞｲｼｬ), hiragana,
full-width digits, 〒 in postal codes, 和暦 dates, phone numbers with brackets. The scenario
normalises all of that. Three rows are wrong on purpose and must end ``failed`` with the
system's own message (the ``INVALID`` mapping below says which and why).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from rpa_core.language.filters import houjin_check_digit

HEADERS = [
    "法人番号",
    "事業所名",
    "事業所名カナ",
    "郵便番号",
    "所在地",
    "電話番号",
    "業種",
    "設立年月日",
    "従業員数",
    "給与支払報告書提出",
]
SHEET = "事業所"

# (name, kana as a clerk would type it, industry)
BUSINESSES = [
    ("株式会社筑波精機", "カブシキガイシャ　ツクバセイキ", "製造業"),
    ("有限会社さくら商店", "ゆうげんがいしゃ さくらしょうてん", "卸売業・小売業"),
    ("合同会社学園システム", "ｺﾞｳﾄﾞｳｶﾞｲｼｬ ｶﾞｸｴﾝｼｽﾃﾑ", "情報通信業"),
    ("株式会社花室建設", "カブシキガイシャ　ハナムロケンセツ", "建設業"),
    ("医療法人社団桜川会", "イリョウホウジンシャダン　サクラガワカイ", "医療・福祉"),
    ("株式会社北条米穀", "カブシキガイシャ　ホウジョウベイコク", "卸売業・小売業"),
    ("社会福祉法人筑波山福祉会", "シャカイフクシホウジン　ツクバサンフクシカイ", "医療・福祉"),
    ("株式会社研究学園フーズ", "ｶﾌﾞｼｷｶﾞｲｼｬ ｹﾝｷｭｳｶﾞｸｴﾝﾌｰｽﾞ", "飲食サービス業"),
    ("有限会社小田印刷", "ユウゲンガイシャ　オダインサツ", "製造業"),
    ("株式会社谷田部運輸", "カブシキガイシャ　ヤタベウンユ", "サービス業(他に分類されないもの)"),
    ("有限会社髙﨑鉄工所", "ユウゲンガイシャ　タカサキテッコウショ", "製造業"),
    ("株式会社豊里電設", "カブシキガイシャ　トヨサトデンセツ", "建設業"),
    ("株式会社大穂ファーム", "ｶﾌﾞｼｷｶﾞｲｼｬ ｵｵﾎﾌｧｰﾑ", "卸売業・小売業"),
    ("有限会社茎崎自動車", "ユウゲンガイシャ　クキザキジドウシャ", "サービス業(他に分類されないもの)"),
    ("株式会社竹園ソフト", "カブシキガイシャ　タケゾノソフト", "情報通信業"),
    ("合資会社吾妻屋", "ごうしがいしゃ あづまや", "飲食サービス業"),
    ("株式会社並木メディカル", "カブシキガイシャ　ナミキメディカル", "医療・福祉"),
    ("株式会社𠮷田精密", "カブシキガイシャ　ヨシダセイミツ", "製造業"),
    ("株式会社千現ラボ", "カブシキガイシャ　センゲンラボ", "情報通信業"),
    ("株式会社天久保ベーカリー", "ｶﾌﾞｼｷｶﾞｲｼｬ ｱﾏｸﾎﾞﾍﾞｰｶﾘｰ", "飲食サービス業"),
    ("有限会社春日クリーニング", "ユウゲンガイシャ　カスガクリーニング", "サービス業(他に分類されないもの)"),
    ("株式会社東テクノ", "カブシキガイシャ　アズマテクノ", "製造業"),
    ("株式会社みどりの住建", "カブシキガイシャ　ミドリノジュウケン", "建設業"),
    ("株式会社花畑農園", "カブシキガイシャ　ハナバタケノウエン", "卸売業・小売業"),
    ("有限会社筑穂エレクトリック", "ユウゲンガイシャ　ツクホエレクトリック", "建設業"),
    ("株式会社研究学園データ", "カブシキガイシャ　ケンキュウガクエンデータ", "情報通信業"),
    ("医療法人つくば歯科", "イリョウホウジン　ツクバシカ", "医療・福祉"),
    ("株式会社吾妻珈琲店", "ｶﾌﾞｼｷｶﾞｲｼｬ ｱﾂﾞﾏｺｰﾋｰﾃﾝ", "飲食サービス業"),
    ("株式会社竹園印刷", "カブシキガイシャ　タケゾノインサツ", "製造業"),
    ("有限会社並木設備", "ユウゲンガイシャ　ナミキセツビ", "建設業"),
    ("株式会社谷田部物流", "カブシキガイシャ　ヤタベブツリュウ", "サービス業(他に分類されないもの)"),
    ("社会福祉法人春日会", "シャカイフクシホウジン　カスガカイ", "医療・福祉"),
    ("株式会社千現精工", "カブシキガイシャ　センゲンセイコウ", "製造業"),
    ("株式会社天久保書店", "カブシキガイシャ　アマクボショテン", "卸売業・小売業"),
    ("合同会社東ウェブ工房", "ゴウドウガイシャ　アズマウェブコウボウ", "情報通信業"),
    ("株式会社みどりの食堂", "ｶﾌﾞｼｷｶﾞｲｼｬ ﾐﾄﾞﾘﾉｼｮｸﾄﾞｳ", "飲食サービス業"),
    ("有限会社花畑造園", "ユウゲンガイシャ　ハナバタケゾウエン", "建設業"),
    ("株式会社筑穂ファクトリー", "カブシキガイシャ　ツクホファクトリー", "製造業"),
    ("株式会社学園介護サービス", "カブシキガイシャ　ガクエンカイゴサービス", "医療・福祉"),
    ("株式会社つくば警備保障", "カブシキガイシャ　ツクバケイビホショウ", "サービス業(他に分類されないもの)"),
    ("有限会社吾妻酒店", "ゆうげんがいしゃ あづまさけてん", "卸売業・小売業"),
    ("株式会社竹園ネットワークス", "カブシキガイシャ　タケゾノネットワークス", "情報通信業"),
    ("株式会社並木ベーカリー", "カブシキガイシャ　ナミキベーカリー", "飲食サービス業"),
    ("株式会社谷田部金型", "カブシキガイシャ　ヤタベカナガタ", "製造業"),
    ("有限会社春日工務店", "ユウゲンガイシャ　カスガコウムテン", "建設業"),
    ("株式会社千現調剤薬局", "カブシキガイシャ　センゲンチョウザイヤッキョク", "医療・福祉"),
    ("株式会社天久保ホテル", "カブシキガイシャ　アマクボホテル", "飲食サービス業"),
    ("株式会社東農機", "カブシキガイシャ　アズマノウキ", "卸売業・小売業"),
    ("株式会社みどりのソリューションズ", "カブシキガイシャ　ミドリノソリューションズ", "情報通信業"),
    ("有限会社花畑タクシー", "ユウゲンガイシャ　ハナバタケタクシー", "サービス業(他に分類されないもの)"),
]
# (postal code as written, town as on the postal table, 丁目 count)
TOWNS = [
    ("305-0817", "研究学園", 7),
    ("3050031", "吾妻", 4),
    ("〒305-0005", "天久保", 4),
    ("305-0047", "千現", 2),
    ("３０５－００４４", "並木", 4),
    ("305 0032", "竹園", 3),
    ("305-0821", "春日", 4),
    ("305-0046", "東", 2),
    ("305-0861", "谷田部", 0),
    ("300-3257", "筑穂", 3),
    ("３００２６５５", "みどりの", 2),
    ("300-3261", "花畑", 3),
]
KANJI_NUMBERS = "一二三四五六七"
DATES: list[object] = [
    "令和元年5月1日",
    "平成31年4月30日",
    "H25.10.1",
    "2012/2/2",
    "昭和63年3月3日",
    "R3.7.15",
    "平成8年11月20日",
]
# 1-based positions in the list that are wrong on purpose, and why
INVALID = {7: "法人番号のチェックデジットが違う", 19: "所在地が空欄", 31: "法人番号のチェックデジットが違う"}


def address(rng: random.Random, town: str, chome: int) -> str:
    if chome == 0:
        return f"茨城県つくば市{town}{rng.randint(100, 3999)}番地{rng.randint(1, 9)}"
    part = f"{KANJI_NUMBERS[rng.randrange(chome)]}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}"
    return f"茨城県つくば市{town}{part}号" if rng.random() < 0.5 else f"茨城県つくば市{town}{part}"


def phone(rng: random.Random, i: int) -> str:
    local = f"{rng.randint(850, 899)}"
    line = f"{rng.randint(0, 9999):04d}"
    if i % 7 == 3:
        return f"０２９{local}{line}".translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if i % 7 == 5:
        return f"029({local}){line}"
    if i % 11 == 4:
        return f"090-{rng.randint(1000, 9999)}-{line}"
    return f"029-{local}-{line}"


def rows() -> list[list[object]]:
    rng = random.Random(20261124)
    out: list[list[object]] = []
    for i, (name, kana, industry) in enumerate(BUSINESSES, start=1):
        base = f"{rng.randrange(10**11, 10**12):012d}"
        number = f"{houjin_check_digit(base)}{base}"
        if INVALID.get(i, "").startswith("法人番号"):  # a typing mistake: the check digit no longer fits
            number = f"{(int(number[0]) + 4) % 10}{base}"
        postal, town, chome = TOWNS[i % len(TOWNS)]
        established: object = (
            DATES[i % len(DATES)] if i % 3 else dt.date(1975 + i % 45, 1 + i % 12, 1 + i % 28)
        )
        employees: object = (
            3 + (i * 37) % 180
            if i % 9
            else f"{(i * 13) % 90 + 2}".translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        )
        location = "" if INVALID.get(i) == "所在地が空欄" else address(rng, town, chome)
        out.append(
            [
                number,
                name,
                kana,
                postal,
                location,
                phone(rng, i),
                industry,
                established,
                employees,
                "○" if i % 4 else "×",
            ]
        )
    return out


def main() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws["A1"] = "特別徴収義務者 新規登録一覧(令和8年度・見本)"
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(HEADERS)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in rows():
        ws.append(row)
    for col, width in zip("ABCDEFGHIJ", (16, 30, 40, 12, 40, 16, 28, 16, 10, 10), strict=True):
        ws.column_dimensions[col].width = width
    for r in range(4, ws.max_row + 1):
        ws.cell(r, 1).number_format = "@"  # 法人番号 is a code, not a number
        ws.cell(r, 8).number_format = "yyyy/mm/dd"
    wb.save(Path(__file__).with_name("jigyosho.xlsx"))


if __name__ == "__main__":
    main()
