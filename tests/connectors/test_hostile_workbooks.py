"""Hostile workbooks and CSV files (issue 13, "hostile files refused early"): each is refused by the real
action with a clear ja/en error naming the file (and the sheet part or line), before openpyxl or the csv
module does the expensive part, and the file is left as it was.

Every file is built here at test time (``tests/support/hostile_files.py``): a 1.1 GB zip bomb costs ~1 s
and 3 MB of disk. How fast each refusal is, is measured by ``benchmarks/hostile_files.py``, not asserted.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest

from connectors import csv as csv_actions
from connectors import excel
from connectors._hostile import MAX_CELLS, MAX_CSV_BYTES, MAX_MEMBERS, MAX_ROWS
from rpa_core.errors import ActionError
from tests.support.fake_context import Ctx
from tests.support.hostile_files import SHEET_HEAD, bomb_xlsx, ledger_workbook, rewrite_sheet, small_workbook


@pytest.fixture
def ctx(tmp_path: Path) -> Ctx:
    return Ctx(scenario_dir=tmp_path, artifacts_dir=tmp_path / "artifacts")


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid workbook whose sheet unzips to 1.1 GB (2.9 MB on disk): the issue's 5.9 MB → 1.7 GB file."""
    return bomb_xlsx(tmp_path_factory.mktemp("bomb") / "申請一覧.xlsx", 1_100)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused(exc: pytest.ExceptionInfo[ActionError], key: str, *places: str) -> None:
    err = exc.value
    assert err.key == key, (err.key, err.message("ja"))
    for lang in ("ja", "en"):
        message = err.message(lang)
        assert message and err.hint(lang), key
        for place in places:
            assert place in message, (place, message)


def test_zip_bomb_is_refused_from_the_zip_directory_without_memory(ctx: Ctx, bomb: Path) -> None:
    before = _digest(bomb)
    tracemalloc.start()
    try:
        with pytest.raises(ActionError) as caught:
            excel.read_rows(ctx, file=bomb)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    _refused(caught, "excel.too_large_unzipped", bomb.name, "1,1")
    assert "MB" in caught.value.message("ja")
    assert peak < 20_000_000, peak  # openpyxl would have needed gigabytes; the check reads only the directory
    assert _digest(bomb) == before


def test_every_excel_action_that_opens_a_workbook_checks_it_first(ctx: Ctx, bomb: Path, tmp_path: Path) -> None:
    before = _digest(bomb)
    calls = {
        "write_rows": lambda: excel.write_rows(ctx, file=bomb, rows=[{"氏名": "花巻 花子"}]),
        "append_rows": lambda: excel.append_rows(ctx, file=bomb, rows=[{"氏名": "花巻 花子"}]),
        "fill_template": lambda: excel.fill_template(ctx, template=bomb, out=tmp_path / "out.xlsx",
                                                     cells={"A1": "花巻 花子"}),
    }
    for name, call in calls.items():
        with pytest.raises(ActionError) as caught:
            call()
        assert caught.value.key == "excel.too_large_unzipped", name
    assert _digest(bomb) == before and not (tmp_path / "out.xlsx").exists()


def test_a_part_compressed_beyond_any_real_workbook_is_refused(ctx: Ctx, tmp_path: Path) -> None:
    """200 MB of sheet XML is under the total, but a 400 : 1 ratio is no workbook Excel saves (5–20 : 1)."""
    path = bomb_xlsx(tmp_path / "ratio.xlsx", 200)
    with pytest.raises(ActionError) as caught:
        excel.read_rows(ctx, file=path)
    _refused(caught, "excel.zip_bomb", "ratio.xlsx", "xl/worksheets/sheet1.xml")


def test_a_declared_dimension_of_a_whole_sheet_is_refused(ctx: Ctx, tmp_path: Path) -> None:
    xml = SHEET_HEAD + ('<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr">'
                   "<is><t>氏名</t></is></c></row></sheetData></worksheet>").encode()
    path = rewrite_sheet(small_workbook(tmp_path / "base.xlsx"), tmp_path / "dimension.xlsx", xml)
    with pytest.raises(ActionError) as caught:
        excel.read_rows(ctx, file=path)
    _refused(caught, "excel.too_many_cells", "dimension.xlsx", "sheet1.xml", f"{MAX_CELLS:,}")


def test_cells_are_counted_while_streaming_whatever_the_dimension_says(ctx: Ctx, tmp_path: Path) -> None:
    """Stored without compression (ratio 1 : 1) and declaring A1:A1, the sheet still holds 3 million cells."""
    row = b"<row>" + b"<c/>" * 1_000 + b"</row>"
    xml = SHEET_HEAD + b'<dimension ref="A1:A1"/><sheetData>' + row * (MAX_CELLS // 1_000 + 1) + b"</sheetData></worksheet>"
    path = rewrite_sheet(small_workbook(tmp_path / "base.xlsx"), tmp_path / "cells.xlsx", xml, stored=True)
    with pytest.raises(ActionError) as caught:
        excel.read_rows(ctx, file=path)
    _refused(caught, "excel.too_many_cells", "cells.xlsx", "sheet1.xml")


def test_more_rows_than_excel_has_are_refused(ctx: Ctx, tmp_path: Path) -> None:
    xml = SHEET_HEAD + b"<sheetData>" + b"<row/>" * (MAX_ROWS + 1) + b"</sheetData></worksheet>"
    path = rewrite_sheet(small_workbook(tmp_path / "base.xlsx"), tmp_path / "rows.xlsx", xml, stored=True)
    with pytest.raises(ActionError) as caught:
        excel.read_rows(ctx, file=path)
    _refused(caught, "excel.too_many_rows", "rows.xlsx", f"{MAX_ROWS:,}")


def test_an_archive_inside_the_workbook_is_refused_outside_embeddings(ctx: Ctx, tmp_path: Path) -> None:
    base = small_workbook(tmp_path / "base.xlsx")
    inner = small_workbook(tmp_path / "inner.xlsx")
    with zipfile.ZipFile(base) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml")
    nested = rewrite_sheet(base, tmp_path / "nested.xlsx", xml, extra={"xl/media/image1.png": inner.read_bytes()})
    with pytest.raises(ActionError) as caught:
        excel.read_rows(ctx, file=nested)
    _refused(caught, "excel.nested_archive", "nested.xlsx", "xl/media/image1.png")
    # Office keeps an embedded workbook (an OLE object) under xl/embeddings/: that one is an ordinary file
    embedded = rewrite_sheet(base, tmp_path / "embedded.xlsx", xml,
                             extra={"xl/embeddings/Microsoft_Excel_Worksheet.xlsx": inner.read_bytes()})
    assert [r["氏名"] for r in excel.read_rows(ctx, file=embedded)] == ["花巻 太郎"]


def test_a_zip_of_thousands_of_parts_is_refused(ctx: Ctx, tmp_path: Path) -> None:
    base = small_workbook(tmp_path / "base.xlsx")
    with zipfile.ZipFile(base) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml")
    extra = {f"xl/junk/{i}.xml": b"<a/>" for i in range(MAX_MEMBERS)}
    path = rewrite_sheet(base, tmp_path / "parts.xlsx", xml, extra=extra)
    with pytest.raises(ActionError) as caught:
        excel.read_rows(ctx, file=path)
    _refused(caught, "excel.too_many_parts", "parts.xlsx", f"{MAX_MEMBERS:,}")


def test_an_ordinary_workbook_passes_the_checks(ctx: Ctx, tmp_path: Path) -> None:
    """No false alarm: 3,000 rows × 12 columns of realistic data (over 1 MB of XML, so it is counted)."""
    path = ledger_workbook(tmp_path / "受付台帳.xlsx", 3_000)
    rows = excel.read_rows(ctx, file=path)
    assert len(rows) == 3_000 and rows[-1]["受付番号"] == "R002999"


# -- CSV --------------------------------------------------------------------------------------------------
def test_csv_over_the_size_limit_is_refused_before_it_is_read(ctx: Ctx, tmp_path: Path) -> None:
    path = tmp_path / "住民一覧.csv"
    with path.open("wb") as f:
        f.write("氏名,住所\n".encode())
        f.truncate(MAX_CSV_BYTES + 1)  # sparse: no disk space used, and never read
    with pytest.raises(ActionError) as caught:
        csv_actions.read_rows(ctx, file=path)
    _refused(caught, "csv.too_large", "住民一覧.csv", "MB")


def test_csv_unclosed_quote_is_refused_at_the_line_it_starts(ctx: Ctx, tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('氏名,備考\n花巻 太郎,ok\n花巻 花子,"閉じていない' + "あ" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(ActionError) as caught:
        csv_actions.read_rows(ctx, file=path)
    _refused(caught, "csv.field_too_large", "quote.csv")
    assert "3行目" in caught.value.message("ja") and "line 3" in caught.value.message("en")


def test_csv_with_more_columns_than_excel_is_refused(ctx: Ctx, tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("氏名,住所\n" + "," * 20_000 + "\n", encoding="utf-8")
    with pytest.raises(ActionError) as caught:
        csv_actions.read_rows(ctx, file=path)
    _refused(caught, "csv.too_many_columns", "wide.csv", "20,001")
    assert "2行目" in caught.value.message("ja")


def test_csv_with_more_rows_than_excel_is_refused(ctx: Ctx, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes("番号\n".encode() + b"1\n" * MAX_ROWS)
    with pytest.raises(ActionError) as caught:
        csv_actions.read_rows(ctx, file=path)
    _refused(caught, "csv.too_many_rows", "long.csv", f"{MAX_ROWS:,}")


# -- the real command, with the address space capped ------------------------------------------------------
_VENV_ROBOSAN = Path(sys.executable).parent / "robosan"
ROBOSAN = str(_VENV_ROBOSAN) if _VENV_ROBOSAN.exists() else (shutil.which("robosan") or "robosan")


def _cap_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    limit = 1_500_000_000  # Python, SQLAlchemy and openpyxl fit in well under this; the bomb's XML does not
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX; the check itself is the same on Windows")
def test_robosan_run_refuses_the_bomb_under_a_memory_cap(bomb: Path, tmp_path: Path) -> None:
    shutil.copy(bomb, tmp_path / "申請一覧.xlsx")
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text("name: 申請の受付\nsteps:\n  - excel.read_rows: {file: 申請一覧.xlsx}\n"
                        "    save_as: rows\n  - log: \"{{ rows | length }}\"\n", encoding="utf-8")
    env = {**os.environ, "ROBOSAN_HOME": str(tmp_path / "home"), "ROBOSAN_LANG": "ja",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    env.pop("ROBOSAN_DB", None)
    res = subprocess.run([ROBOSAN, "run", str(scenario)], capture_output=True, text=True, env=env, cwd=tmp_path,
                         timeout=120, preexec_fn=_cap_memory, stdin=subprocess.DEVNULL)
    out = res.stdout + res.stderr
    assert res.returncode != 0, out[-2000:]
    assert "展開すると" in out and "申請一覧.xlsx" in out, out[-2000:]
    assert "Traceback" not in out and "MemoryError" not in out, out[-2000:]
    assert zlib.crc32((tmp_path / "申請一覧.xlsx").read_bytes()) == zlib.crc32(bomb.read_bytes())


def test_read_rows_streams_and_does_not_trust_a_wrong_dimension(ctx: Ctx, tmp_path: Path) -> None:
    """read_rows reads in openpyxl's read-only mode; a sheet declaring A1:B2 that holds data up to column C
    and row 4 is read whole (a dimension cut short must never drop data silently)."""
    xml = SHEET_HEAD + (
        '<dimension ref="A1:B2"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>氏名</t></is></c><c r="B1" t="inlineStr"><is><t>住所</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>花巻 太郎</t></is></c><c r="B2" t="inlineStr"><is><t>大通</t></is></c>'
        '<c r="C2" t="inlineStr"><is><t>備考あり</t></is></c></row>'
        '<row r="4"><c r="A4" t="inlineStr"><is><t>花巻 花子</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    path = rewrite_sheet(small_workbook(tmp_path / "base.xlsx"), tmp_path / "short.xlsx", xml)
    rows = excel.read_rows(ctx, file=path)
    assert [(r["_row"], r["氏名"], r["住所"], r["列C"]) for r in rows] == [
        (2, "花巻 太郎", "大通", "備考あり"), (4, "花巻 花子", None, None)]
    os.replace(path, tmp_path / "moved.xlsx")  # the workbook was closed after reading (Windows locks open files)
