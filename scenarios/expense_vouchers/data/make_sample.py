"""Makes the sample data of the voucher scenario (all names and amounts are invented):

- data/支払一覧.xlsx: the payments a 課 keeps (title on row 1, header on row 3, a blank row, 円 amounts),
  and a second sheet 支払先 with each payee's kana and bank account (codes kept as text, leading zeros and all),
  which enter_vouchers.yaml uses to register a payee as a 債権者 when the 財務会計 system does not know them yet;
- data/支出伝票ひな形.xlsx: the voucher template, its fields as named cells (数式 → 名前の管理).

Run: python scenarios/expense_vouchers/data/make_sample.py  (both files are committed; this shows how they were made)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.workbook.defined_name import DefinedName

HERE = Path(__file__).parent
YEN = '#,##0"円"'
# 支払番号, 支払日, 区分, 支払先氏名, 住所, 支払金額, 源泉徴収税額, 摘要, 担当課.
# 委員報酬 is 給与等: its tax comes from the payroll system (給与所得の源泉徴収税額表); the figures here are sample values.
PAYMENTS = [
    (
        "R8-0001",
        dt.date(2026, 4, 10),
        "講師謝礼",
        "山田 太郎",
        "茨城県つくば市研究学園一丁目5番地3",
        30000,
        None,
        "市民講座「くらしと税」講師",
        "市民税課",
    ),
    (
        "R8-0002",
        dt.date(2026, 4, 10),
        "講師謝礼",
        "髙橋 一郎",
        "茨城県つくば市竹園二丁目12番地4",
        9999,
        None,
        "窓口応対研修 講師",
        "人事課",
    ),
    (
        "R8-0003",
        dt.date(2026, 4, 15),
        "原稿料",
        "山﨑 花子",
        "東京都新宿区西新宿四丁目16番地5",
        55000,
        None,
        "市報4月号 寄稿",
        "広報課",
    ),
    (
        "R8-0004",
        dt.date(2026, 4, 20),
        "委員報酬",
        "佐藤 美咲",
        "茨城県つくば市吾妻三丁目8番地1",
        12000,
        1225,
        "固定資産評価審査委員会 4月分",
        "資産税課",
    ),
    None,  # a blank row, as clerks leave them
    (
        "R8-0005",
        dt.date(2026, 4, 24),
        "講師謝礼",
        "鈴木 次郎",
        "宮城県仙台市青葉区一番町二丁目2番地2",
        1200000,
        None,
        "職員研修(年間契約)講師",
        "人事課",
    ),
    (
        "R8-0006",
        dt.date(2026, 4, 24),
        "原稿料",
        "渡邊 誠",
        "大阪府大阪市北区梅田一丁目1番地1",
        1000000,
        None,
        "市史編さん 原稿",
        "総務課",
    ),
    (
        "R8-0007",
        dt.date(2026, 4, 28),
        "委員報酬",
        "中村 陽子",
        "茨城県つくば市並木四丁目3番地9",
        12000,
        1225,
        "情報公開審査会 4月分",
        "総務課",
    ),
]
HEADER = ["支払番号", "支払日", "区分", "支払先氏名", "住所", "支払金額", "源泉徴収税額", "摘要", "担当課"]

# 支払先 (payees): 支払先氏名 (as in 支払一覧), 支払先カナ, 金融機関コード, 支店コード, 預金種目, 口座番号, 口座名義カナ.
# Invented accounts; the codes are text so that 0130 stays 0130 (a number cell would show 130).
PAYEES = [
    ("山田 太郎", "ヤマダ タロウ", "0130", "041", "普通", "1234567", "ヤマダ タロウ"),
    ("髙橋 一郎", "タカハシ イチロウ", "0130", "012", "普通", "0456789", "タカハシ イチロウ"),
    ("山﨑 花子", "ヤマザキ ハナコ", "0005", "254", "普通", "3021458", "ヤマザキ ハナコ"),
    ("佐藤 美咲", "サトウ ミサキ", "0130", "041", "普通", "2087341", "サトウ ミサキ"),
    ("鈴木 次郎", "スズキ ジロウ", "0117", "101", "当座", "0009876", "スズキ ジロウ"),
    ("渡邊 誠", "ワタナベ マコト", "0010", "603", "普通", "5550123", "ワタナベ マコト"),
    ("中村 陽子", "ナカムラ ヨウコ", "2010", "008", "普通", "0712345", "ナカムラ ヨウコ"),
]
PAYEE_HEADER = [
    "支払先氏名",
    "支払先カナ",
    "金融機関コード",
    "支店コード",
    "預金種目",
    "口座番号",
    "口座名義カナ",
]


def payments() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "支払一覧"
    ws["A1"] = "報酬・謝礼 支払一覧(令和8年4月・見本)"
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(HEADER)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in PAYMENTS:
        ws.append(list(row) if row else [])
    for r in range(4, ws.max_row + 1):
        ws.cell(r, 2).number_format = "yyyy/m/d"
        ws.cell(r, 6).number_format = YEN
        ws.cell(r, 7).number_format = YEN
    for col, width in zip("ABCDEFGHI", (10, 11, 10, 14, 38, 12, 13, 30, 10), strict=True):
        ws.column_dimensions[col].width = width
    payees(wb)
    wb.save(HERE / "支払一覧.xlsx")


def payees(wb: Workbook) -> None:
    """The sheet 支払先: one row per payee, bank codes as text cells (number format @)."""
    ws = wb.create_sheet("支払先")
    ws["A1"] = "支払先の口座(見本・架空)"
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(PAYEE_HEADER)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in PAYEES:
        ws.append(list(row))
    for r in range(4, ws.max_row + 1):
        for c in (3, 4, 6):
            ws.cell(r, c).number_format = "@"
    for col, width in zip("ABCDEFG", (14, 20, 14, 10, 10, 12, 20), strict=True):
        ws.column_dimensions[col].width = width


FIELDS = [  # (label, name, row, number format)
    ("伝票番号", "伝票番号", 3, None),
    ("支払日", "支払日", 4, 'ggge"年"m"月"d"日"'),
    ("担当課", "担当課", 5, None),
    ("区分", "区分", 6, None),
    ("支払先", "支払先氏名", 7, None),
    ("住所", "支払先住所", 8, None),
    ("摘要", "摘要", 9, None),
    ("支払金額", "支払金額", 11, YEN),
    ("源泉徴収税額", "源泉徴収税額", 12, YEN),
    ("差引支払額", "差引支払額", 13, YEN),
]


def template() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "支出伝票"
    ws["A1"] = "支 出 伝 票(報酬・謝礼)"
    ws["A1"].font = Font(bold=True, size=16)
    ws.merge_cells("A1:D1")
    ws["A1"].alignment = Alignment(horizontal="center")
    thin = Side(style="thin")
    for label, name, row, fmt in FIELDS:
        ws.cell(row, 1, label).font = Font(bold=True)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
        cell = ws.cell(row, 2)
        if fmt:
            cell.number_format = fmt
        for col in range(1, 5):
            ws.cell(row, col).border = Border(top=thin, bottom=thin, left=thin, right=thin)
        wb.defined_names[name] = DefinedName(name, attr_text=f"'支出伝票'!$B${row}")
    ws["A15"] = "源泉徴収税額は所得税法第204条(報酬・料金)により、復興特別所得税を含めて計算しています。"
    ws["A15"].font = Font(size=9)
    ws.column_dimensions["A"].width = 16
    for letter in "BCD":
        ws.column_dimensions[letter].width = 18
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    wb.save(HERE / "支出伝票ひな形.xlsx")


if __name__ == "__main__":
    payments()
    template()
    print("wrote", HERE / "支払一覧.xlsx", "and", HERE / "支出伝票ひな形.xlsx")
