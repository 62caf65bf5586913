"""Excel workbooks (.xlsx) with openpyxl: read rows by header name, write, append, fill a template.

Rows come back as :class:`Row`, a ``dict`` keyed by the header text (``row["法人番号"]``,
``row.氏名``) with the sheet row number under ``_row``. Every write goes through a
temporary file and ``os.replace``; before it, an Excel owner file ``~$name.xlsx``
beside the workbook stops the write with the name of the person who has it open.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from connectors._codes import CodeSpec, check_codes, mixed_warnings
from connectors._excel_read import HEADER_SEARCH_ROWS, blank, data_rows, find_header, header
from connectors._excel_stream import head_and_rest
from connectors._excel_write import note_replaced, put, text_width, writable
from connectors._file_common import atomic_write, lock_owner, resolve
from connectors._hostile import check_workbook
from connectors._rows import Row, RowSource, columns_of
from rpa_core.api import ActionContext, ActionError, ExistingPath, ReadPath, action, display_path, text

# openpyxl (and numpy, which it imports) is loaded by the first action that opens a workbook, not
# by importing this module: `robosan validate` imports every action module and must stay light.
if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["Row", "append_rows", "fill_template", "read_rows", "write_rows"]


XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")
_ADDRESS = re.compile(r"(?:(?P<sheet>'(?:[^']|'')+'|[^!]+)!)?\$?(?P<col>[A-Za-z]{1,3})\$?(?P<row>[0-9]+)")
_BAD_SHEET_CHARS = re.compile(r"[:\\/?*\[\]]")


# -- opening ---------------------------------------------------------------------------
def _check_suffix(path: Path) -> None:
    if path.is_dir():
        raise ActionError("excel.is_folder", file=display_path(path))
    suffix = path.suffix.lower()
    if suffix not in XLSX_SUFFIXES:
        key = {".xls": "excel.is_xls", ".csv": "excel.is_csv"}.get(suffix, "excel.not_xlsx")
        raise ActionError(key, file=display_path(path), suffix=suffix or "-")


def _not_found(path: Path) -> ActionError:
    folder = path.parent
    if not folder.is_dir():
        return ActionError("excel.no_folder", file=display_path(path), folder=display_path(folder))
    others = sorted(
        p.name for p in folder.iterdir() if p.suffix.lower() in XLSX_SUFFIXES and p.name[:2] != "~$"
    )
    if not others:
        return ActionError("excel.not_found_none", file=display_path(path), folder=display_path(folder))
    listed = "、".join(others[:10]) + (" …" if len(others) > 10 else "")
    return ActionError("excel.not_found", file=display_path(path), candidates=listed)


def _load(path: Path, *, data_only: bool = False, read_only: bool = False) -> Workbook:
    import openpyxl

    _check_suffix(path)
    if not path.exists():
        raise _not_found(path)
    check_workbook(path)  # a zip bomb or a sheet of millions of cells is refused before openpyxl reads it
    try:
        return openpyxl.load_workbook(path, data_only=data_only, read_only=read_only,
                                      keep_vba=not read_only and path.suffix.lower() in (".xlsm", ".xltm"))
    except PermissionError:
        raise ActionError("excel.no_access", file=display_path(path)) from None
    except Exception as exc:  # a damaged, encrypted or mislabelled file: openpyxl raises many kinds
        raise ActionError(
            "excel.broken", file=display_path(path), detail=str(exc) or type(exc).__name__
        ) from None


def _sheet(wb: Workbook, name: str | None, path: Path) -> Worksheet:
    sheets = {ws.title: ws for ws in wb.worksheets}
    if name is None or name in sheets:
        return sheets[name] if name is not None else wb.worksheets[0]
    # "事業所 " or "Ｒ６" typed as "R6": accept a single match once spaces and widths are normalised
    loose = [ws for title, ws in sheets.items() if _norm(title) == _norm(name)]
    if len(loose) == 1:
        return loose[0]
    raise ActionError("excel.no_sheet", file=display_path(path), sheet=name, sheets="、".join(sheets))


def _norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s).strip()


@action("excel.read_rows", summary="Excelの表を行ごとに読む", summary_en="Read the rows of an Excel table")
def read_rows(
    ctx: ActionContext,
    *,
    file: ReadPath,
    sheet: str | None = None,
    header_row: int | None = None,
    skip_blank: bool = True,
    text_columns: CodeSpec | None = None,
) -> list[Row]:
    """見出しの下の行を、見出しの文字をキーにして読みます。

    コード(金融機関コード、支店コード、口座番号、郵便番号など)の先頭の0は、Excel で数値として
    入力すると消え、robosan にも戻せません。セルの書式を「文字列」にして入力するか、表示形式を
    ``0000``(桁数だけ0。``000-0000`` も可)にしてください。robosan は画面に表示されている文字
    (``0005``)を読みます。``text_columns`` にコードの列を書くと(``[口座番号, 金融機関コード]``、
    桁数も書くなら ``{金融機関コード: 4, 支店コード: 3, 口座番号: 7}``)、その列の値は文字で返り、
    数値として保存されたセル(0が消えたもの。桁数を書いたときは桁数に足りないもの)や桁数の違う値が
    あれば、列と行番号を示してエラーにします。黙って0を補うことはしません。補ってよいと確かめた
    列だけ、その列を ``text_columns`` から外して ``{{ row.口座番号 | digits(7) }}`` で補います。
    数値のセルと、数字を文字で入れたセルが混ざった列は、``text_columns`` がなくても1列に1回、
    記録に警告を書きます。

    The rows under the header of ``sheet`` (default: the first sheet), keyed by header text.

    The header row is ``header_row``, or the first of the first 20 rows whose filled cells
    are all text and at least two (a title above it is skipped). A header cell merged
    across columns names each of them; under a merged group the lower row's text wins.
    Repeated names get ``_2``, ``_3``; a column with data but no header is ``列C``.

    Values: dates are ``datetime.date`` (``datetime`` if they carry a time); whole numbers
    are ``int``; text keeps leading zeros and loses surrounding spaces; a number shown with
    a format of zeros (``0000``, ``000-0000``) is the padded text the sheet shows, and a
    number in a text-formatted (``@``) cell is its text; an empty cell is None.
    Formulas give the value Excel saved with the file; a file whose formulas were never
    calculated (written by a program, not saved from Excel) gives None for them.
    Blank rows are left out unless ``skip_blank`` is false. Each row has ``_row``.

    ``text_columns`` names the code columns, as a list or with each one's number of digits.
    Their values come back as text. A cell stored as a plain number (Excel dropped its
    zeros; with a length, one shorter than it), or a value with another number of digits,
    fails the step naming the column and rows: zeros are never padded silently. A column
    mixing numbers with digits typed as text is warned about once in the run's log.
    """
    path = resolve(ctx, file, arg="file", write=False)
    wb = _load(path, data_only=True, read_only=True)  # streamed: the sheet is never held whole
    try:
        ws, rest = head_and_rest(_sheet(wb, sheet, path), max(HEADER_SEARCH_ROWS, header_row or 0) + 2)
        if header_row is None:
            found = find_header(ws)  # a HeadSheet answers the calls the search makes
            if found is None:
                raise ActionError(
                    "excel.no_header", file=display_path(path), sheet=ws.title, rows=HEADER_SEARCH_ROWS
                )
            header_row = found
        end, names = header(ws, header_row) if 1 <= header_row <= ws.max_row else (0, {})
        if not names:
            raise ActionError("excel.header_empty", file=display_path(path), sheet=ws.title, row=header_row)
        source = RowSource("excel", path.name, ws.title)
        rows, numbers = data_rows(chain(ws.rows[end:], rest), end + 1, names, skip_blank, source)
    finally:
        wb.close()
    where = {"file": display_path(path), "sheet": ws.title}
    if text_columns:
        columns = list(rows[0]) if rows else list(names.values())
        check_codes(rows, numbers, text_columns, columns=[c for c in columns if c != "_row"], **where)
    for warning in mixed_warnings(rows, numbers, skip=set(text_columns or ()), **where):
        ctx.log(warning)
    return rows


# -- writing ---------------------------------------------------------------------------
def _check_lock(path: Path) -> None:
    """Refuse to write a workbook that Excel has open: its owner file ``~$name.xlsx`` is beside it."""
    lock = path.with_name("~$" + path.name)
    if lock.exists():
        owner = lock_owner(lock)
        key = "excel.locked" if owner else "excel.locked_unknown"
        raise ActionError(key, file=display_path(path), owner=owner or "", lock=lock.name)


def _save(wb: Workbook, path: Path) -> None:
    _check_lock(path)
    wb.template = path.suffix.lower() in (".xltx", ".xltm")
    atomic_write(path, lambda tmp: wb.save(tmp), in_use_key="excel.in_use")


def _target_sheet(wb: Workbook, sheet: str, fresh: bool) -> Worksheet:
    if fresh:
        wb.worksheets[0].title = sheet
        return wb.worksheets[0]
    index = len(wb.sheetnames)
    if sheet in wb.sheetnames:  # replace it where it was
        index = wb.sheetnames.index(sheet)
        wb.remove(wb[sheet])
    return wb.create_sheet(sheet, index)


@action("excel.write_rows", summary="行をExcelのシートに書く", summary_en="Write rows to an Excel sheet")
def write_rows(
    ctx: ActionContext,
    *,
    file: Path,
    rows: list[dict[str, Any]],
    sheet: str = "Sheet1",
    columns: list[str] | None = None,
) -> Path:
    """Write a header and ``rows`` to ``sheet``, replacing that sheet and keeping the others.

    Columns are ``columns``, or the keys of the rows in order of first appearance; keys
    starting with ``_`` (``_row``) are left out. The header is bold and stays in view when
    scrolling; widths fit the text (a full-width character counts twice). Missing folders
    are created. Text is stored as text (``"0012"`` stays ``0012``, ``"=..."`` is no formula).
    Rewriting a workbook with openpyxl drops what it cannot read back (charts, images).
    """
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    path = resolve(ctx, file)
    _check_suffix(path)
    if len(sheet) > 31 or _BAD_SHEET_CHARS.search(sheet) or not sheet.strip():
        raise ActionError("excel.bad_sheet_name", sheet=sheet)
    _check_lock(path)
    names = list(columns) if columns is not None else columns_of(rows)
    fresh = not path.exists()
    wb = openpyxl.Workbook() if fresh else _load(path)
    ws = _target_sheet(wb, sheet, fresh)
    widths = [text_width(name) for name in names]
    for c, name in enumerate(names, 1):
        ws.cell(1, c, name).font = Font(bold=True)
    replaced = 0
    for r, row in enumerate(rows, 2):
        for c, name in enumerate(names, 1):
            value = row.get(name)
            replaced += put(ws.cell(r, c), value)
            widths[c - 1] = max(widths[c - 1], text_width(value))
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = min(max(w + 2, 6), 60)
    if names:
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{len(rows) + 1}"
    for other in wb.worksheets:  # open on this sheet, and only this one selected
        other.sheet_view.tabSelected = other is ws
    wb.active = ws
    _save(wb, path)
    note_replaced(ctx, replaced, path)
    ctx.log(text("excel.wrote", file=display_path(path), sheet=sheet, count=len(rows)))
    ctx.add_artifact(path, "excel")
    return path


@action(
    "excel.append_rows", summary="Excelの表の下に行を追加する", summary_en="Append rows under an Excel table"
)
def append_rows(
    ctx: ActionContext, *, file: Path, rows: list[dict[str, Any]], sheet: str | None = None
) -> int:
    """Add ``rows`` under the last filled row, each value in the column of its header name.

    The header is found as in ``excel.read_rows``. Keys starting with ``_`` are ignored; a key
    with no matching column is an error naming it. Number formats are copied from the row
    above. Returns the number of rows added.
    """
    path = resolve(ctx, file)
    wb = _load(path)
    ws = _sheet(wb, sheet, path)
    header_row = find_header(ws)
    if header_row is None:
        raise ActionError("excel.no_header", file=display_path(path), sheet=ws.title, rows=HEADER_SEARCH_ROWS)
    end, names = header(ws, header_row)
    by_name = {name: c for c, name in names.items()}
    unknown = [k for k in columns_of(rows) if k not in by_name]
    if unknown:
        raise ActionError(
            "excel.unknown_columns",
            file=display_path(path),
            sheet=ws.title,
            columns="、".join(unknown),
            headers="、".join(by_name),
        )
    if not rows:
        return 0
    last, replaced = end, 0
    for r in range(ws.max_row, end, -1):
        if any(not blank(ws.cell(r, c).value) for c in by_name.values()):
            last = r
            break
    for i, row in enumerate(rows, 1):
        r = last + i
        for key, value in row.items():
            if str(key).startswith("_"):
                continue
            cell = ws.cell(r, by_name[str(key)])
            if r - 1 > end:
                cell.number_format = ws.cell(r - 1, cell.column).number_format
            replaced += put(cell, value)
    _save(wb, path)
    note_replaced(ctx, replaced, path)
    return len(rows)


def _cell_for(wb: Workbook, key: str, path: Path) -> tuple[Worksheet, str]:
    """A defined name (workbook or sheet scope) or an address (``A1``, ``申請書!B3``) → (sheet, A1)."""
    from openpyxl.utils import column_index_from_string

    defined = wb.defined_names.get(key)
    for ws in wb.worksheets:
        if defined is None and key in ws.defined_names:
            defined = ws.defined_names[key]
    if defined is not None:
        places = list(defined.destinations)
        if len(places) != 1 or ":" in places[0][1]:
            raise ActionError("excel.name_not_cell", key=key, ref=str(defined.attr_text))
        title, coord = places[0]
        return _sheet(wb, title, path), coord.replace("$", "")
    m = _ADDRESS.fullmatch(key.strip())
    if m is None or not (
        1 <= int(m["row"]) <= 1_048_576 and column_index_from_string(m["col"].upper()) <= 16_384
    ):
        names = sorted([*wb.defined_names, *(n for ws in wb.worksheets for n in ws.defined_names)])
        raise ActionError("excel.no_cell", key=key, file=display_path(path), names="、".join(names) or "-")
    sheet = m["sheet"]
    if sheet and sheet.startswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return _sheet(wb, sheet, path), m["col"].upper() + m["row"]


def _copy_template_sheet(
    wb: Workbook, sheet: str | None, as_sheet: str, path: Path
) -> tuple[Worksheet, Worksheet]:
    """(template sheet, its filled copy named ``as_sheet``). The template sheet stays in the
    workbook, hidden, so the next item can be copied from it; a sheet already named
    ``as_sheet`` (an item run again) is replaced where it was."""
    if len(as_sheet) > 31 or _BAD_SHEET_CHARS.search(as_sheet) or not as_sheet.strip():
        raise ActionError("excel.bad_sheet_name", sheet=as_sheet)
    source = (
        _sheet(wb, sheet, path)
        if sheet
        else next((ws for ws in wb.worksheets if ws.sheet_state == "hidden"), wb.worksheets[0])
    )
    index = len(wb.sheetnames)
    if as_sheet in wb.sheetnames:
        if wb[as_sheet] is source:
            raise ActionError("excel.bad_sheet_name", sheet=as_sheet)
        index = wb.sheetnames.index(as_sheet)
        wb.remove(wb[as_sheet])
    copied = wb.copy_worksheet(source)
    copied.title = as_sheet
    wb.move_sheet(copied, index - wb.sheetnames.index(as_sheet))
    copied.sheet_state = "visible"
    source.sheet_state = "hidden"
    for other in wb.worksheets:
        other.sheet_view.tabSelected = other is copied
    wb.active = copied
    return source, copied


@action(
    "excel.fill_template",
    summary="Excelのひな形に値を入れて保存する",
    summary_en="Fill an Excel template and save a copy",
)
def fill_template(
    ctx: ActionContext,
    *,
    template: ExistingPath,
    out: Path,
    cells: dict[str, Any],
    sheet: str | None = None,
    as_sheet: str | None = None,
) -> Path:
    """Copy ``template`` to ``out`` with ``cells`` filled in; the template itself is not changed.

    Keys of ``cells`` are names defined in the workbook (数式 → 名前の管理) or addresses
    (``B3`` on the first sheet, ``申請書!B3``). A merged area is filled through its top-left
    cell; the template's formatting stays. Text is stored as text, never as a formula.

    One workbook per item: give each item its own ``out`` (``out/伝票_{{ row.氏名 }}.xlsx``).
    One sheet per item in a single workbook: give ``as_sheet`` (``"{{ row.氏名 }}"``): the
    template sheet (``sheet``, default the first) is copied to a new sheet of that name in
    ``out`` (created from the template the first time), and names and plain addresses fill
    the copy. The template sheet is kept hidden in ``out`` for the next items; an item run
    again replaces its own sheet. Copies keep values, styles, merged cells and print setup;
    openpyxl does not copy images or charts.
    """
    tpath, opath = resolve(ctx, template, arg="template", write=False), resolve(ctx, out, arg="out")
    _check_suffix(opath)
    _check_lock(opath)
    wb = _load(opath if as_sheet is not None and opath.exists() else tpath)
    source = copied = None
    if as_sheet is not None:
        source, copied = _copy_template_sheet(wb, sheet, as_sheet, opath)
    replaced = 0
    for key, value in cells.items():
        ws, coord = _cell_for(wb, key, tpath)
        if copied is not None and (ws is source or _is_plain_address(key)):
            ws = copied
        replaced += put(writable(ws, coord), value)
    _save(wb, opath)
    note_replaced(ctx, replaced, opath)
    ctx.add_artifact(opath, "excel")
    return opath


def _is_plain_address(key: str) -> bool:
    """True for a cell address without a sheet (``B3``): it means the sheet being filled."""
    m = _ADDRESS.fullmatch(key.strip())
    return m is not None and not m["sheet"]
