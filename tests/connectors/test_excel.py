"""connectors.excel against real .xlsx files built with openpyxl in tmp_path."""

from __future__ import annotations

import copy
import datetime as dt
import os
import pickle
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.styles import Font
from openpyxl.workbook.defined_name import DefinedName

from connectors import excel
from connectors.excel import Row, append_rows, fill_template, read_rows, write_rows
from rpa_core.errors import ActionError
from tests.support.fake_context import Ctx
from tests.support.registry import registered


@pytest.fixture
def ctx(tmp_path: Path) -> Ctx:
    return Ctx(scenario_dir=tmp_path, artifacts_dir=tmp_path / "artifacts")


def _set_cached(path: Path, formula: str, value: str) -> None:
    """Give a formula the value Excel would have saved with it (openpyxl writes none)."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(
                    f"<f>{formula}</f><v />".encode(), f"<f>{formula}</f><v>{value}</v>".encode()
                )
            dst.writestr(item, data)
    os.replace(tmp, path)


@pytest.fixture
def jigyosho(tmp_path: Path) -> Path:
    """A list as a 市民税課 receives it: a title, the header on row 3, a blank line, codes, dates, formulas."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "事業所"
    ws["A1"] = "提出事業所一覧(見本)"
    ws.merge_cells("A1:G1")
    ws.append([])
    ws.append(["法人番号", "事業所名", "設立年月日", "従業員数", "郵便コード", "受付日時", "合計"])
    ws.append(
        [
            "0012",
            "  株式会社筑波精機 ",
            dt.datetime(2001, 4, 1),
            12.0,
            305,
            dt.datetime(2026, 4, 1, 9, 30),
            "=D4*2",
        ]
    )
    ws.append([])
    ws.append(["7000012050002", "有限会社さくら商店", dt.date(1990, 12, 5), 3, 5, None, "=D6*2"])
    ws.append([None, None, None, None, None, None, None])
    for row in (4, 6):
        ws.cell(row, 5).number_format = "00000"
    ws.cell(20, 1).font = Font(bold=True)  # formatting only, far below the data
    wb.create_sheet("メモ")
    path = tmp_path / "data" / "jigyosho.xlsx"
    path.parent.mkdir()
    wb.save(path)
    _set_cached(path, "D4*2", "24")
    return path


# -- reading -----------------------------------------------------------------------------
def test_read_rows_finds_header_under_title_and_converts_values(ctx: Ctx, jigyosho: Path) -> None:
    rows = read_rows(ctx, file=jigyosho, sheet="事業所")
    assert [r["_row"] for r in rows] == [4, 6]
    first, second = rows
    assert list(first) == [
        "法人番号",
        "事業所名",
        "設立年月日",
        "従業員数",
        "郵便コード",
        "受付日時",
        "合計",
        "_row",
    ]
    assert first["法人番号"] == "0012"
    assert first["事業所名"] == "株式会社筑波精機"
    assert first["設立年月日"] == dt.date(2001, 4, 1) and type(first["設立年月日"]) is dt.date
    assert first["受付日時"] == dt.datetime(2026, 4, 1, 9, 30)
    assert first["従業員数"] == 12 and type(first["従業員数"]) is int
    assert first["郵便コード"] == "00305" and second["郵便コード"] == "00005"
    assert first["合計"] == 24  # the value cached in the file
    assert second["合計"] is None  # a formula never calculated by Excel
    assert second["受付日時"] is None
    assert second["設立年月日"] == dt.date(1990, 12, 5)


def test_read_rows_relative_path_first_sheet_and_blank_rows(ctx: Ctx, jigyosho: Path) -> None:
    rows = read_rows(ctx, file=Path("data/jigyosho.xlsx"), skip_blank=False)
    assert [r["_row"] for r in rows] == [4, 5, 6]  # trailing empty and formatted rows are never rows
    assert all(v is None for k, v in rows[1].items() if k != "_row")


def test_read_rows_explicit_header_row(ctx: Ctx, jigyosho: Path) -> None:
    rows = read_rows(ctx, file=jigyosho, sheet="事業所", header_row=3)
    assert rows[0]["法人番号"] == "0012"


def test_row_is_a_dict_with_attributes_that_jinja_reads(ctx: Ctx, jigyosho: Path) -> None:
    from rpa_core.language.expressions import ENV

    row = read_rows(ctx, file=jigyosho)[0]
    assert isinstance(row, dict) and isinstance(row, Row)
    assert row.事業所名 == row["事業所名"]
    with pytest.raises(AttributeError):
        _ = row.ない列
    out = ENV.from_string("{{ row._row }}:{{ row.法人番号 }}:{{ row['事業所名'] }}").render(row=row)
    assert out == "4:0012:株式会社筑波精機"
    assert pickle.loads(pickle.dumps(row)) == row
    assert copy.deepcopy(row) == row and type(copy.deepcopy(row)) is Row


def test_two_row_header_under_merged_groups(ctx: Ctx, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"], ws["B1"], ws["D1"], ws["F1"] = "氏名", "住所", "電話", "備考"
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:C1")
    ws.merge_cells("D1:E1")
    ws.merge_cells("F1:F2")
    ws["B2"], ws["C2"], ws["D2"], ws["E2"] = "都道府県", "市区町村", "自宅", "自宅"
    ws.append(["山田 太郎", "茨城県", "つくば市", "029-111-2222", "090-1111-2222", None])
    path = tmp_path / "meibo.xlsx"
    wb.save(path)
    rows = read_rows(ctx, file=path)
    assert rows == [
        {
            "氏名": "山田 太郎",
            "都道府県": "茨城県",
            "市区町村": "つくば市",
            "自宅": "029-111-2222",
            "自宅_2": "090-1111-2222",
            "備考": None,
            "_row": 3,
        }
    ]


def test_merged_header_spanning_columns_names_each_column(ctx: Ctx, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["氏名", "住所", None, "設立\n年月日", "備考", "備考"])
    ws.merge_cells("B1:C1")
    ws.append(["山田", "茨城県", "つくば市", dt.date(2020, 1, 1), "a", "b", "欄外のメモ"])
    path = tmp_path / "a.xlsx"
    wb.save(path)
    (row,) = read_rows(ctx, file=path)
    assert list(row) == ["氏名", "住所", "住所_2", "設立年月日", "備考", "備考_2", "列G", "_row"]
    assert row["住所_2"] == "つくば市" and row["列G"] == "欄外のメモ"


def test_read_rows_missing_file_lists_the_workbooks_beside_it(ctx: Ctx, jigyosho: Path) -> None:
    with pytest.raises(ActionError) as info:
        read_rows(ctx, file=jigyosho.with_name("jigyosyo.xlsx"))
    err = info.value
    assert err.key == "excel.not_found"
    assert "jigyosyo.xlsx" in err.message("ja") and "jigyosyo.xlsx" in err.message("en")
    assert "jigyosho.xlsx" in err.hint("ja") and "jigyosho.xlsx" in err.hint("en")


def test_read_rows_missing_file_in_folder_without_workbooks(ctx: Ctx, tmp_path: Path) -> None:
    with pytest.raises(ActionError) as info:
        read_rows(ctx, file=tmp_path / "none.xlsx")
    assert info.value.key == "excel.not_found_none"
    assert "none.xlsx" in info.value.message("en") and str(tmp_path.name) in info.value.hint("en")
    with pytest.raises(ActionError) as info:
        read_rows(ctx, file=tmp_path / "nofolder" / "x.xlsx")
    assert info.value.key == "excel.no_folder" and "nofolder" in info.value.message("ja")


@pytest.mark.parametrize(
    ("name", "key", "hint_word"),
    [
        ("old.xls", "excel.is_xls", ".xlsx"),
        ("list.csv", "excel.is_csv", "csv.read_rows"),
        ("memo.txt", "excel.not_xlsx", ".xlsx"),
    ],
)
def test_read_rows_rejects_other_formats(
    ctx: Ctx, tmp_path: Path, name: str, key: str, hint_word: str
) -> None:
    (tmp_path / name).write_text("a,b\n", encoding="utf-8")
    with pytest.raises(ActionError) as info:
        read_rows(ctx, file=tmp_path / name)
    assert info.value.key == key
    assert name in info.value.message("ja") and name in info.value.message("en")
    assert hint_word in info.value.hint("ja") and hint_word in info.value.hint("en")


def test_read_rows_broken_workbook_and_folder(ctx: Ctx, tmp_path: Path) -> None:
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip at all")
    with pytest.raises(ActionError) as info:
        read_rows(ctx, file=tmp_path / "broken.xlsx")
    assert info.value.key == "excel.broken" and "broken.xlsx" in info.value.message("en")
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(ActionError) as info:
        read_rows(ctx, file=tmp_path / "dir.xlsx")
    assert info.value.key == "excel.is_folder"


def test_read_rows_unknown_sheet_lists_sheets_and_tolerates_spaces(ctx: Ctx, jigyosho: Path) -> None:
    with pytest.raises(ActionError) as info:
        read_rows(ctx, file=jigyosho, sheet="事業者")
    err = info.value
    assert err.key == "excel.no_sheet"
    assert "事業者" in err.message("ja") and "jigyosho.xlsx" in err.message("en")
    assert "事業所" in err.hint("ja") and "メモ" in err.hint("en")
    assert read_rows(ctx, file=jigyosho, sheet=" 事業所 ")[0]["法人番号"] == "0012"


def test_read_rows_without_header(ctx: Ctx, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "数値"
    for i in range(25):
        ws.append([i, i * 2])
    path = tmp_path / "n.xlsx"
    wb.save(path)
    with pytest.raises(ActionError) as info:
        read_rows(ctx, file=path)
    assert info.value.key == "excel.no_header"
    assert "数値" in info.value.message("ja") and "n.xlsx" in info.value.message("en")
    assert "header_row" in info.value.hint("en")
    with pytest.raises(ActionError) as info:
        read_rows(ctx, file=path, header_row=40)
    assert info.value.key == "excel.header_empty" and "40" in info.value.message("en")


# -- locks and safe saving --------------------------------------------------------------
def _owner_file(name: str) -> bytes:
    """An owner file laid out as Excel writes it (see connectors.files.lock_owner)."""
    data = bytes([len(name)]) + name.encode("cp932")
    return (data.ljust(55, b" ") + bytes([len(name), 0]) + name.encode("utf-16-le")).ljust(165, b" ")


def test_write_refuses_when_someone_has_the_workbook_open(ctx: Ctx, jigyosho: Path) -> None:
    before = jigyosho.read_bytes()
    lock = jigyosho.with_name("~$" + jigyosho.name)
    lock.write_bytes(_owner_file("佐藤 花子"))
    with pytest.raises(ActionError) as info:
        write_rows(ctx, file=jigyosho, rows=[{"a": 1}])
    err = info.value
    assert err.key == "excel.locked"
    assert "佐藤 花子" in err.message("ja") and "jigyosho.xlsx" in err.message("en")
    assert "~$jigyosho.xlsx" in err.hint("ja")
    lock.write_bytes(b"\x00garbage")
    for call in (
        lambda: append_rows(ctx, file=jigyosho, rows=[{"法人番号": "1"}], sheet="事業所"),
        lambda: fill_template(ctx, template=jigyosho, out=jigyosho, cells={"A1": "x"}),
    ):
        with pytest.raises(ActionError) as info:
            call()
        assert info.value.key == "excel.locked_unknown" and "jigyosho.xlsx" in info.value.message("en")
    assert jigyosho.read_bytes() == before


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if ".tmp" in p.name]


def test_write_is_atomic_and_reports_a_file_held_open(
    ctx: Ctx, jigyosho: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = jigyosho.read_bytes()

    def denied(src: Any, dst: Any) -> None:
        raise PermissionError(13, "denied")

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(ActionError) as info:
        write_rows(ctx, file=jigyosho, rows=[{"a": 1}], sheet="新")
    assert info.value.key == "excel.in_use"
    assert "jigyosho.xlsx" in info.value.message("ja") and "close" in info.value.hint("en")
    assert jigyosho.read_bytes() == before and _leftovers(jigyosho.parent) == []
    monkeypatch.undo()

    def broken_save(self: Any, filename: Any) -> None:
        Path(filename).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        write_rows(ctx, file=jigyosho, rows=[{"a": 1}], sheet="新")
    assert jigyosho.read_bytes() == before and _leftovers(jigyosho.parent) == []


# -- writing ----------------------------------------------------------------------------
def test_write_then_read_round_trip(ctx: Ctx, tmp_path: Path) -> None:
    rows = [
        {"法人番号": "0012", "事業所名": "株式会社筑波精機", "設立年月日": dt.date(2001, 4, 1), "_row": 4},
        {
            "法人番号": "7000012050002",
            "事業所名": "=危険な式",
            "従業員数": 12,
            "受付": dt.datetime(2026, 4, 1, 9, 30),
        },
    ]
    out = write_rows(ctx, file=Path("out/結果/点検済み.xlsx"), rows=rows, sheet="点検済み")
    assert out == tmp_path / "out" / "結果" / "点検済み.xlsx"
    assert _leftovers(out.parent) == []
    back = read_rows(ctx, file=out, sheet="点検済み")
    assert back == [
        {
            "法人番号": "0012",
            "事業所名": "株式会社筑波精機",
            "設立年月日": dt.date(2001, 4, 1),
            "従業員数": None,
            "受付": None,
            "_row": 2,
        },
        {
            "法人番号": "7000012050002",
            "事業所名": "=危険な式",
            "設立年月日": None,
            "従業員数": 12,
            "受付": dt.datetime(2026, 4, 1, 9, 30),
            "_row": 3,
        },
    ]
    ws = openpyxl.load_workbook(out)["点検済み"]
    assert ws["A1"].font.b and ws.freeze_panes == "A2"
    assert ws["C2"].number_format == "yyyy/mm/dd"
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width  # 全角 counts twice
    assert ctx.artifacts == [(out, "excel")] and "2" in ctx.logs[0]


def test_write_rows_replaces_only_its_sheet_and_honours_columns(ctx: Ctx, jigyosho: Path) -> None:
    write_rows(ctx, file=jigyosho, rows=[{"a": 1, "b": 2}], sheet="事業所", columns=["b", "c"])
    wb = openpyxl.load_workbook(jigyosho)
    assert wb.sheetnames == ["事業所", "メモ"]
    assert [[c.value for c in r] for r in wb["事業所"].iter_rows()] == [["b", "c"], [2, None]]
    write_rows(ctx, file=jigyosho, rows=[], sheet="空")
    assert openpyxl.load_workbook(jigyosho).sheetnames == ["事業所", "メモ", "空"]


def test_write_rows_rejects_bad_sheet_names_and_formats(ctx: Ctx, tmp_path: Path) -> None:
    with pytest.raises(ActionError) as info:
        write_rows(ctx, file=tmp_path / "a.xlsx", rows=[], sheet="R6/4")
    assert info.value.key == "excel.bad_sheet_name" and "R6/4" in info.value.message("en")
    with pytest.raises(ActionError) as info:
        write_rows(ctx, file=tmp_path / "a.xls", rows=[])
    assert info.value.key == "excel.is_xls"


def test_append_rows_under_existing_header(ctx: Ctx, jigyosho: Path) -> None:
    added = append_rows(
        ctx,
        file=jigyosho,
        sheet="事業所",
        rows=[
            {"法人番号": "0099", "事業所名": "合同会社学園システム", "郵便コード": 7, "_row": 99},
            {"事業所名": "株式会社花室建設", "設立年月日": dt.date(2010, 10, 1)},
        ],
    )
    assert added == 2
    rows = read_rows(ctx, file=jigyosho, sheet="事業所")
    assert [r["_row"] for r in rows] == [4, 6, 7, 8]
    assert rows[2]["法人番号"] == "0099" and rows[2]["郵便コード"] == "00007"  # format copied from above
    assert rows[3]["設立年月日"] == dt.date(2010, 10, 1)
    assert append_rows(ctx, file=jigyosho, rows=[], sheet="事業所") == 0


def test_append_rows_unknown_columns_are_named(ctx: Ctx, jigyosho: Path) -> None:
    with pytest.raises(ActionError) as info:
        append_rows(
            ctx, file=jigyosho, sheet="事業所", rows=[{"法人番号": "1", "電話番号": "029", "FAX": "x"}]
        )
    err = info.value
    assert err.key == "excel.unknown_columns"
    assert "電話番号" in err.message("ja") and "FAX" in err.message("en") and "事業所" in err.message("en")
    assert "法人番号" in err.hint("en")


# -- templates --------------------------------------------------------------------------
@pytest.fixture
def template(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "申請書"
    ws["A1"] = "申請書"
    ws.merge_cells("B3:D3")
    ws["B5"].number_format = "ggge年m月d日"
    wb.defined_names["氏名欄"] = DefinedName("氏名欄", attr_text="'申請書'!$B$3")
    wb.defined_names["明細"] = DefinedName("明細", attr_text="'申請書'!$A$10:$C$12")
    wb.create_sheet("控え")
    path = tmp_path / "ひな形.xlsx"
    wb.save(path)
    return path


def test_fill_template_by_name_and_address(ctx: Ctx, template: Path, tmp_path: Path) -> None:
    before = template.read_bytes()
    out = fill_template(
        ctx,
        template=template,
        out=Path("out/申請書_山田.xlsx"),
        cells={
            "氏名欄": "山田 太郎",
            "B5": dt.date(2026, 4, 1),
            "控え!C2": "0012",
            "'申請書'!C3": "無視されない",
            "E1": "=1+1",
        },
    )
    assert template.read_bytes() == before and out == tmp_path / "out" / "申請書_山田.xlsx"
    wb = openpyxl.load_workbook(out)
    ws = wb["申請書"]
    assert ws["B3"].value == "無視されない"  # C3 lies in the merged B3:D3: its top-left cell is filled
    assert ws["B5"].value == dt.datetime(2026, 4, 1) and ws["B5"].number_format == "ggge年m月d日"
    assert wb["控え"]["C2"].value == "0012" and ws["E1"].data_type == "s"
    assert ctx.artifacts == [(out, "excel")]


def test_fill_template_errors(ctx: Ctx, template: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.xlsx"
    with pytest.raises(ActionError) as info:
        fill_template(ctx, template=template, out=out, cells={"住所欄": "x"})
    err = info.value
    assert err.key == "excel.no_cell" and "住所欄" in err.message("en") and "ひな形.xlsx" in err.message("ja")
    assert "氏名欄" in err.hint("ja")
    with pytest.raises(ActionError) as info:
        fill_template(ctx, template=template, out=out, cells={"明細": 1})
    assert info.value.key == "excel.name_not_cell" and "明細" in info.value.message("en")
    with pytest.raises(ActionError) as info:
        fill_template(ctx, template=template, out=out, cells={"別紙!A1": 1})
    assert info.value.key == "excel.no_sheet" and "控え" in info.value.hint("en")
    with pytest.raises(ActionError) as info:
        fill_template(ctx, template=tmp_path / "ない.xlsx", out=out, cells={})
    assert info.value.key == "excel.not_found" and "ひな形.xlsx" in info.value.hint("ja")
    assert not out.exists()


# -- registry ---------------------------------------------------------------------------
def test_actions_are_registered_with_typed_arguments() -> None:
    assert excel.read_rows is read_rows
    specs = {
        name: registered(name)
        for name in ("excel.read_rows", "excel.write_rows", "excel.append_rows", "excel.fill_template")
    }
    assert all(spec.wants_ctx and spec.summary and spec.summary_en for spec in specs.values())
    assert specs["excel.read_rows"].path_fields == ("file",)
    assert specs["excel.fill_template"].path_fields == ("template", "out")
    args = specs["excel.read_rows"].model.model_validate({"file": "data/a.xlsx", "header_row": 3})
    assert args.file == Path("data/a.xlsx") and args.header_row == 3  # type: ignore[attr-defined]
    with pytest.raises(ValueError):
        specs["excel.read_rows"].model.model_validate({"file": "a.xlsx", "header_row": "三"})


# -- one sheet per item, copied from the template sheet -----------------------------------
def test_fill_template_copies_the_template_sheet_per_item(ctx: Ctx, template: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "申請書まとめ.xlsx"
    for name in ("山田 太郎", "髙橋 一郎", "山田 太郎"):  # the third call is an item run again
        fill_template(
            ctx,
            template=template,
            out=out,
            as_sheet=name,
            sheet="申請書",
            cells={"氏名欄": name, "B5": dt.date(2026, 4, 1), "A1": f"申請書({name})"},
        )
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["申請書", "控え", "山田 太郎", "髙橋 一郎"]
    assert (
        wb["申請書"].sheet_state == "hidden" and wb["申請書"]["B3"].value is None
    )  # the template stays blank
    for name in ("山田 太郎", "髙橋 一郎"):
        ws = wb[name]
        assert ws.sheet_state == "visible" and ws["B3"].value == name and ws["A1"].value == f"申請書({name})"
        assert "B3:D3" in {str(m) for m in ws.merged_cells.ranges}  # merged cells copied
        assert ws["B5"].number_format == "ggge年m月d日"  # formats copied
    assert wb.active.title == "山田 太郎"
    with pytest.raises(ActionError) as info:
        fill_template(ctx, template=template, out=out, as_sheet="R6/4", cells={})
    assert info.value.key == "excel.bad_sheet_name"


_KILLED_SAVE = """
import sys, time
from pathlib import Path
import openpyxl
from connectors.excel import write_rows

real_save = openpyxl.Workbook.save

def slow_save(self, filename):
    real_save(self, filename)
    data = Path(filename).read_bytes()
    Path(filename).write_bytes(data[: len(data) // 2])  # half of the new workbook is on disk
    print("HALF", flush=True)
    time.sleep(60)  # killed here, before the replace

openpyxl.Workbook.save = slow_save

class Ctx:
    scenario_dir = Path(sys.argv[1]).parent
    artifacts_dir = scenario_dir
    def log(self, m): pass
    def add_artifact(self, p, k): pass

write_rows(Ctx(), file=Path(sys.argv[1]), rows=[{"法人番号": "9999", "事業所名": "書きかけ"}], sheet="事業所")
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_workbook_write_killed_half_way_keeps_the_old_workbook(ctx: Ctx, jigyosho: Path) -> None:
    import signal
    import subprocess
    import sys

    before = read_rows(ctx, file=jigyosho, sheet="事業所")
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_SAVE, str(jigyosho)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "HALF"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert read_rows(ctx, file=jigyosho, sheet="事業所") == before  # the old workbook, whole
    assert len(_leftovers(jigyosho.parent)) == 1
    write_rows(
        ctx, file=jigyosho, rows=[{"法人番号": "0012", "事業所名": "株式会社筑波精機"}], sheet="点検済み"
    )
    assert _leftovers(jigyosho.parent) == []  # the killed run's half file is swept on the next write
    assert read_rows(ctx, file=jigyosho, sheet="点検済み")[0]["法人番号"] == "0012"
