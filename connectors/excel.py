"""Excel workbooks (.xlsx) with openpyxl: read rows by header name, write, append, fill a template.

Rows come back as :class:`Row`, a ``dict`` keyed by the header text (``row["法人番号"]``,
``row.氏名``) with the sheet row number under ``_row``. Every write goes through a
temporary file and ``os.replace``; before it, an Excel owner file ``~$name.xlsx``
beside the workbook stops the write with the name of the person who has it open.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Font
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from connectors.files import atomic_write, lock_owner, resolve
from rpa_core.errors import ActionError, display_path
from rpa_core.messages import register, text
from rpa_core.registry import ActionContext, action

__all__ = ["Row", "append_rows", "fill_template", "read_rows", "write_rows"]

register(
    {
        "excel.not_found": ("Excelファイル {file} が見つかりません。", "Excel file {file} was not found."),
        "excel.not_found.hint": ("同じフォルダーの .xlsx ファイル: {candidates}", "The .xlsx files in that folder: {candidates}"),
        "excel.not_found_none": ("Excelファイル {file} が見つかりません。", "Excel file {file} was not found."),
        "excel.not_found_none.hint": ("フォルダー {folder} には .xlsx ファイルがありません。保存場所を確認してください。", "The folder {folder} has no .xlsx files. Check where the file was saved."),
        "excel.no_folder": ("フォルダー {folder} がありません({file})。", "The folder {folder} does not exist ({file})."),
        "excel.no_folder.hint": ("相対パスはシナリオのフォルダーから数えます。", "Relative paths start from the scenario's folder."),
        "excel.is_folder": ("{file} はフォルダーです。Excelファイルを指定してください。", "{file} is a folder: give an Excel file."),
        "excel.is_xls": ("{file} は古い形式(.xls)のExcelファイルで、読み書きできません。", "{file} is an old-format (.xls) Excel file, which cannot be used."),
        "excel.is_xls.hint": ("Excelで開き「名前を付けて保存」で「Excel ブック (*.xlsx)」を選んで保存し、そのファイルを指定してください。", "Open it in Excel, Save As 'Excel Workbook (*.xlsx)', and give that file instead."),
        "excel.is_csv": ("{file} はCSVファイルで、Excelブックではありません。", "{file} is a CSV file, not an Excel workbook."),
        "excel.is_csv.hint": ("CSVは csv.read_rows で読んでください。Excelで使うなら .xlsx として保存し直してください。", "Read CSV files with csv.read_rows, or save it as .xlsx in Excel."),
        "excel.not_xlsx": ("{file} はExcelブック(.xlsx)ではありません(拡張子 {suffix})。", "{file} is not an Excel workbook (.xlsx); its extension is {suffix}."),
        "excel.not_xlsx.hint": ("Excelで「Excel ブック (*.xlsx)」として保存し、そのファイルを指定してください。", "Save it in Excel as 'Excel Workbook (*.xlsx)' and give that file."),
        "excel.broken": ("{file} をExcelブックとして開けません: {detail}", "Cannot open {file} as an Excel workbook: {detail}"),
        "excel.broken.hint": ("壊れているか、パスワードで保護されています。Excelで開けるか確かめ、保護を外して .xlsx で保存し直してください。", "It is damaged or password-protected. Check that Excel opens it, remove the protection and save it again as .xlsx."),
        "excel.no_access": ("{file} を開く権限がありません。", "No permission to open {file}."),
        "excel.no_sheet": ("{file} にシート「{sheet}」がありません。", "{file} has no sheet '{sheet}'."),
        "excel.no_sheet.hint": ("このブックのシート: {sheets}", "Sheets in this workbook: {sheets}"),
        "excel.bad_sheet_name": ("シート名「{sheet}」は使えません。", "'{sheet}' cannot be a sheet name."),
        "excel.bad_sheet_name.hint": ("31文字以内で、: \\ / ? * [ ] を含まない名前にしてください。", "Use at most 31 characters and none of : \\ / ? * [ ]."),
        "excel.no_header": ("{file} のシート「{sheet}」に見出しの行が見つかりません(先頭{rows}行を探しました)。", "No header row found in sheet '{sheet}' of {file} (searched the first {rows} rows)."),
        "excel.no_header.hint": ("見出しは文字だけが2つ以上並ぶ行です。header_row: 3 のように見出しの行番号を指定してください。", "A header is a row of two or more text cells. Give its row number, e.g. header_row: 3."),
        "excel.header_empty": ("{file} のシート「{sheet}」の{row}行目に見出しがありません。", "Row {row} of sheet '{sheet}' in {file} has no header."),
        "excel.header_empty.hint": ("header_row: に見出しの行番号を指定するか、省略して自動で探させてください。", "Give the header's row number in header_row:, or leave it out to search for it."),
        "excel.locked": ("{file} は {owner} さんがExcelで開いているため書き込めません。", "{file} is open in Excel by {owner} and cannot be written."),
        "excel.locked.hint": ("閉じてもらってから、もう一度実行してください。誰も開いていない場合は、Excelが異常終了して残ったロックファイル {lock} を削除してください。", "Ask them to close it, then run again. If nobody has it open, Excel left the lock file {lock} behind: delete it."),
        "excel.locked_unknown": ("{file} は誰か(使用者不明)がExcelで開いているため書き込めません。", "{file} is open in Excel (user unknown) and cannot be written."),
        "excel.locked_unknown.hint": ("開いている人に閉じてもらってから、もう一度実行してください。誰も開いていない場合は、ロックファイル {lock} を削除してください。", "Ask whoever has it open to close it, then run again. If nobody has it open, delete the lock file {lock}."),
        "excel.in_use": ("{file} は開かれているため保存できません。", "{file} is open in another program and cannot be saved."),
        "excel.in_use.hint": ("Excelなどで開いていたら閉じて、もう一度実行してください。", "If it is open in Excel or another program, close it and run again."),
        "excel.unknown_columns": ("{file} のシート「{sheet}」に見出し「{columns}」の列がありません。", "Sheet '{sheet}' of {file} has no column headed {columns}."),
        "excel.unknown_columns.hint": ("このシートの見出し: {headers}。名前を合わせるか、シートに列を加えてください。", "Headers in this sheet: {headers}. Match the names, or add the columns to the sheet."),
        "excel.no_cell": ("{file} に「{key}」というセルがありません。", "{file} has no cell '{key}'."),
        "excel.no_cell.hint": ("セル番地(B3、申請書!B3)か、ブックで定義された名前を指定してください。定義された名前: {names}", "Give a cell address (B3, Form!B3) or a name defined in the workbook. Defined names: {names}"),
        "excel.name_not_cell": ("名前「{key}」は1つのセルを指していません({ref})。", "The name '{key}' does not refer to one cell ({ref})."),
        "excel.name_not_cell.hint": ("Excelの「名前の管理」で、1つのセルを指すように直してください。", "In Excel's Name Manager, make it refer to a single cell."),
        "excel.wrote": ("{file} のシート「{sheet}」に {count} 行を書きました。", "Wrote {count} rows to sheet '{sheet}' of {file}."),
    }
)

XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")
HEADER_SEARCH_ROWS = 20
_ZEROS = re.compile(r"0+")
_ADDRESS = re.compile(r"(?:(?P<sheet>'(?:[^']|'')+'|[^!]+)!)?\$?(?P<col>[A-Za-z]{1,3})\$?(?P<row>[0-9]+)")
_BAD_SHEET_CHARS = re.compile(r"[:\\/?*\[\]]")


class Row(dict[str, Any]):
    """One sheet row: header text → value, plus ``_row``, its row number in the sheet.

    Keys read as attributes too (``row.氏名``). Names starting with ``_`` are not served as
    attributes: Jinja's sandbox refuses those, and falls back to ``row["_row"]`` instead.
    """

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


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
    others = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in XLSX_SUFFIXES and p.name[:2] != "~$")
    if not others:
        return ActionError("excel.not_found_none", file=display_path(path), folder=display_path(folder))
    listed = "、".join(others[:10]) + (" …" if len(others) > 10 else "")
    return ActionError("excel.not_found", file=display_path(path), candidates=listed)


def _load(path: Path, *, data_only: bool = False) -> Workbook:
    _check_suffix(path)
    if not path.exists():
        raise _not_found(path)
    try:
        return openpyxl.load_workbook(path, data_only=data_only, keep_vba=path.suffix.lower() in (".xlsm", ".xltm"))
    except PermissionError:
        raise ActionError("excel.no_access", file=display_path(path)) from None
    except Exception as exc:  # a damaged, encrypted or mislabelled file: openpyxl raises many kinds
        raise ActionError("excel.broken", file=display_path(path), detail=str(exc) or type(exc).__name__) from None


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


# -- reading ---------------------------------------------------------------------------
def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_text(value: Any) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    # Alt+Enter line breaks in a Japanese header ("設立\n年月日") are layout, not part of the name
    return re.sub(r"\s*[\r\n]+\s*", "", str(value).strip())


def _find_header(ws: Worksheet) -> int | None:
    """The first row (of the first 20) whose filled cells are all text, and at least two."""
    last = min(ws.max_row, HEADER_SEARCH_ROWS)
    for number, values in enumerate(ws.iter_rows(min_row=1, max_row=last, values_only=True), 1):
        filled = [v for v in values if not _blank(v)]
        if len(filled) >= 2 and all(isinstance(v, str) for v in filled):
            return number
    return None


def _header_end(ws: Worksheet, row: int) -> int:
    """The last row of a header that starts at ``row``: one row, or two under merged groups."""
    ranges = list(ws.merged_cells.ranges)
    tall = [m.max_row for m in ranges if m.min_row == row and m.max_row > row]
    if tall:  # 氏名 merged over two rows beside a 住所 group
        return min(max(tall), row + 2)
    groups = [m for m in ranges if m.min_row == m.max_row == row and m.max_col > m.min_col]
    if not groups:
        return row
    grouped = {c for m in groups for c in range(m.min_col, m.max_col + 1)}
    single = {c for c in range(1, ws.max_column + 1) if not _blank(ws.cell(row, c).value)} - grouped
    below = row + 1
    subheads = all(isinstance(v, str) and v.strip() for v in (ws.cell(below, c).value for c in grouped))
    # a data row would have values under the single headers too; a sub-header row does not
    if subheads and all(_blank(ws.cell(below, c).value) for c in single):
        return below
    return row


def _header(ws: Worksheet, row: int) -> tuple[int, dict[int, str]]:
    """(last header row, {column: unique header name}); the lowest text in a column wins."""
    end = _header_end(ws, row)
    anchor: dict[tuple[int, int], tuple[int, int]] = {}
    for m in ws.merged_cells.ranges:
        if m.max_row >= row and m.min_row <= end:
            for r in range(max(m.min_row, row), min(m.max_row, end) + 1):
                for c in range(m.min_col, m.max_col + 1):
                    anchor[(r, c)] = (m.min_row, m.min_col)
    names: dict[int, str] = {}
    for c in range(1, ws.max_column + 1):
        for r in range(row, end + 1):
            name = _header_text(ws.cell(*anchor.get((r, c), (r, c))).value)
            if name:
                names[c] = name
    return end, _unique(names)


def _unique(names: dict[int, str]) -> dict[int, str]:
    """Repeated names get ``_2``, ``_3`` in column order."""
    used: set[str] = set()
    out: dict[int, str] = {}
    for col, name in names.items():
        candidate, n = name, 1
        while candidate in used:
            n += 1
            candidate = f"{name}_{n}"
        used.add(candidate)
        out[col] = candidate
    return out


def _value(cell: Cell | MergedCell) -> Any:
    value = cell.value
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) and value.tzinfo is None else value
    if isinstance(value, int | float):
        fmt = str(cell.number_format)
        if _ZEROS.fullmatch(fmt):  # "00000": the sheet shows a zero-padded code
            n = int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            return ("-" if n < 0 else "") + str(abs(n)).zfill(len(fmt))
        if isinstance(value, float) and value.is_integer():
            return int(value)
    return value


def _data_rows(ws: Worksheet, first: int, names: dict[int, str], skip_blank: bool) -> list[Row]:
    width = ws.max_column
    extra = {c: f"列{get_column_letter(c)}" for c in range(1, width + 1) if c not in names}
    keys = _unique({**names, **extra})
    table: list[tuple[int, list[Any]]] = []
    for cells in ws.iter_rows(min_row=first, max_col=width):
        values = [_value(cell) for cell in cells]
        table.append((first + len(table), values))
    while table and all(v is None for v in table[-1][1]):
        table.pop()  # rows that are only formatting below the data
    used = {c for _, values in table for c, v in enumerate(values, 1) if v is not None}
    columns = [c for c in sorted(keys) if c in names or c in used]  # a headerless column only if it holds data
    rows: list[Row] = []
    for number, values in table:
        if skip_blank and all(v is None for v in values):
            continue
        row = Row((keys[c], values[c - 1]) for c in columns)
        row["_row"] = number
        rows.append(row)
    return rows


@action("excel.read_rows", summary="Excelの表を行ごとに読む", summary_en="Read the rows of an Excel table")
def read_rows(
    ctx: ActionContext, *, file: Path, sheet: str | None = None, header_row: int | None = None, skip_blank: bool = True
) -> list[Row]:
    """The rows under the header of ``sheet`` (default: the first sheet), keyed by header text.

    The header row is ``header_row``, or the first of the first 20 rows whose filled cells
    are all text and at least two (a title above it is skipped). A header cell merged
    across columns names each of them; under a merged group the lower row's text wins.
    Repeated names get ``_2``, ``_3``; a column with data but no header is ``列C``.

    Values: dates are ``datetime.date`` (``datetime`` if they carry a time); whole numbers
    are ``int``; text keeps leading zeros and loses surrounding spaces; a number shown with
    a format of zeros (``00000``) is the padded text the sheet shows; an empty cell is None.
    Formulas give the value Excel saved with the file; a file whose formulas were never
    calculated (written by a program, not saved from Excel) gives None for them.
    Blank rows are left out unless ``skip_blank`` is false. Each row has ``_row``.
    """
    path = resolve(ctx, file)
    wb = _load(path, data_only=True)
    ws = _sheet(wb, sheet, path)
    if header_row is None:
        found = _find_header(ws)
        if found is None:
            raise ActionError("excel.no_header", file=display_path(path), sheet=ws.title, rows=HEADER_SEARCH_ROWS)
        header_row = found
    end, names = _header(ws, header_row) if 1 <= header_row <= ws.max_row else (0, {})
    if not names:
        raise ActionError("excel.header_empty", file=display_path(path), sheet=ws.title, row=header_row)
    return _data_rows(ws, end + 1, names, skip_blank)


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


def _put(cell: Cell | MergedCell, value: Any) -> None:
    """Store a value as data: text is never taken for a formula, dates show as 2026/04/01."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones: keep the wall-clock time
    if value is not None and not isinstance(value, str | int | float | Decimal | dt.date | dt.time | dt.timedelta):
        value = str(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    old_format = str(cell.number_format)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    if isinstance(value, dt.date) and not is_date_format(old_format):
        cell.number_format = "yyyy/mm/dd hh:mm" if isinstance(value, dt.datetime) else "yyyy/mm/dd"


def _writable(ws: Worksheet, coord: str) -> Cell | MergedCell:
    """The cell at ``coord``, or the top-left cell of the merged area it lies in."""
    cell = ws[coord]
    if isinstance(cell, MergedCell):
        for m in ws.merged_cells.ranges:
            if coord in m:
                return ws.cell(m.min_row, m.min_col)
    return cell


def _width(value: Any) -> int:
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    lines = str(value).split("\n") if value is not None else [""]
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines)


def _columns(rows: Iterable[dict[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            if not str(key).startswith("_"):
                seen.setdefault(str(key), None)
    return list(seen)


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
    ctx: ActionContext, *, file: Path, rows: list[dict[str, Any]], sheet: str = "Sheet1", columns: list[str] | None = None
) -> Path:
    """Write a header and ``rows`` to ``sheet``, replacing that sheet and keeping the others.

    Columns are ``columns``, or the keys of the rows in order of first appearance; keys
    starting with ``_`` (``_row``) are left out. The header is bold and stays in view when
    scrolling; widths fit the text (a full-width character counts twice). Missing folders
    are created. Text is stored as text (``"0012"`` stays ``0012``, ``"=..."`` is no formula).
    Rewriting a workbook with openpyxl drops what it cannot read back (charts, images).
    """
    path = resolve(ctx, file)
    _check_suffix(path)
    if len(sheet) > 31 or _BAD_SHEET_CHARS.search(sheet) or not sheet.strip():
        raise ActionError("excel.bad_sheet_name", sheet=sheet)
    _check_lock(path)
    names = list(columns) if columns is not None else _columns(rows)
    fresh = not path.exists()
    wb = openpyxl.Workbook() if fresh else _load(path)
    ws = _target_sheet(wb, sheet, fresh)
    widths = [_width(name) for name in names]
    for c, name in enumerate(names, 1):
        ws.cell(1, c, name).font = Font(bold=True)
    for r, row in enumerate(rows, 2):
        for c, name in enumerate(names, 1):
            value = row.get(name)
            _put(ws.cell(r, c), value)
            widths[c - 1] = max(widths[c - 1], _width(value))
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = min(max(w + 2, 6), 60)
    if names:
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{len(rows) + 1}"
    for other in wb.worksheets:  # open on this sheet, and only this one selected
        other.sheet_view.tabSelected = other is ws
    wb.active = ws
    _save(wb, path)
    ctx.log(text("excel.wrote", file=display_path(path), sheet=sheet, count=len(rows)))
    ctx.add_artifact(path, "excel")
    return path


@action("excel.append_rows", summary="Excelの表の下に行を追加する", summary_en="Append rows under an Excel table")
def append_rows(ctx: ActionContext, *, file: Path, rows: list[dict[str, Any]], sheet: str | None = None) -> int:
    """Add ``rows`` under the last filled row, each value in the column of its header name.

    The header is found as in ``excel.read_rows``. Keys starting with ``_`` are ignored; a key
    with no matching column is an error naming it. Number formats are copied from the row
    above. Returns the number of rows added.
    """
    path = resolve(ctx, file)
    wb = _load(path)
    ws = _sheet(wb, sheet, path)
    header_row = _find_header(ws)
    if header_row is None:
        raise ActionError("excel.no_header", file=display_path(path), sheet=ws.title, rows=HEADER_SEARCH_ROWS)
    end, names = _header(ws, header_row)
    by_name = {name: c for c, name in names.items()}
    unknown = [k for k in _columns(rows) if k not in by_name]
    if unknown:
        raise ActionError("excel.unknown_columns", file=display_path(path), sheet=ws.title,
                          columns="、".join(unknown), headers="、".join(by_name))
    if not rows:
        return 0
    last = end
    for r in range(ws.max_row, end, -1):
        if any(not _blank(ws.cell(r, c).value) for c in by_name.values()):
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
            _put(cell, value)
    _save(wb, path)
    return len(rows)


def _cell_for(wb: Workbook, key: str, path: Path) -> tuple[Worksheet, str]:
    """A defined name (workbook or sheet scope) or an address (``A1``, ``申請書!B3``) → (sheet, A1)."""
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
    if m is None or not (1 <= int(m["row"]) <= 1_048_576 and column_index_from_string(m["col"].upper()) <= 16_384):
        names = sorted([*wb.defined_names, *(n for ws in wb.worksheets for n in ws.defined_names)])
        raise ActionError("excel.no_cell", key=key, file=display_path(path), names="、".join(names) or "-")
    sheet = m["sheet"]
    if sheet and sheet.startswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return _sheet(wb, sheet, path), m["col"].upper() + m["row"]


@action("excel.fill_template", summary="Excelのひな形に値を入れて保存する", summary_en="Fill an Excel template and save a copy")
def fill_template(ctx: ActionContext, *, template: Path, out: Path, cells: dict[str, Any]) -> Path:
    """Copy ``template`` to ``out`` with ``cells`` filled in; the template itself is not changed.

    Keys of ``cells`` are names defined in the workbook (数式 → 名前の管理) or addresses
    (``B3`` on the first sheet, ``申請書!B3``). A merged area is filled through its top-left
    cell; the template's formatting stays. Text is stored as text, never as a formula.
    """
    tpath, opath = resolve(ctx, template), resolve(ctx, out)
    _check_suffix(opath)
    wb = _load(tpath)
    for key, value in cells.items():
        ws, coord = _cell_for(wb, key, tpath)
        _put(_writable(ws, coord), value)
    _save(wb, opath)
    ctx.add_artifact(opath, "excel")
    return opath
