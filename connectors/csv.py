"""CSV files as Japanese core systems export them: CP932 (Shift_JIS), UTF-8, UTF-8 with a BOM.

Reading detects the encoding (a BOM → UTF-8 with BOM; valid UTF-8 → UTF-8; else CP932) and
returns :class:`~connectors._rows.Row` dicts keyed by header text, every value kept as the
text in the file ("0012" stays "0012"). Writing encodes the whole file first: a character
the chosen encoding cannot hold is reported with its row and column and nothing is written,
never replaced silently. "Shift_JIS" always means Windows' CP932, the variant Japanese
systems really use: JIS-only ``shift_jis`` cannot hold 髙, 﨑, ① or ㈱.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from connectors._codes import CodeSpec, check_codes
from connectors._file_common import atomic_write, lock_owner, resolve
from connectors._hostile import MAX_CSV_BYTES, MAX_CSV_CELLS, MAX_CSV_COLUMNS, MAX_CSV_ROWS
from connectors._rows import Row, RowSource, column_letter, columns_of
from rpa_core.api import ActionContext, ActionError, ReadPath, action, display_path, text

__all__ = ["read_rows", "write_rows"]

# The names clerks and vendors' manuals use for Windows' Shift_JIS: all mean CP932 here.
_CP932_NAMES = {
    "cp932",
    "ms932",
    "mskanji",
    "ms_kanji",
    "windows31j",
    "windows_31j",
    "shiftjis",
    "shift_jis",
    "sjis",
    "s_jis",
    "x_sjis",
    "shift_jis_2004",
    "shiftjis2004",
    "sjis_2004",
}
_UTF8_SIG_NAMES = {"utf_8_sig", "utf8sig", "utf_8_bom", "utf8bom", "utf_8_with_bom", "bom"}
_MAX_PLACES = 10
_NOT_TEXT = re.compile("[\u0080\uf8f0-\uf8f3]")
_PRIVATE = re.compile("[\ue000-\uf8ff]")
_GETA = "〓"  # the mark Japanese printing has long used for a character that cannot be set


def _encoding(name: str) -> str:
    """The codec to use for what a clerk wrote: ``auto``, ``cp932``, ``utf-8``, ``utf-8-sig`` or any codec."""
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key == "auto":
        return "auto"
    if key in _CP932_NAMES or key.replace("_", "") in _CP932_NAMES:
        return "cp932"
    if key in _UTF8_SIG_NAMES:
        return "utf-8-sig"
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ActionError("csv.unknown_encoding", encoding=name) from None


def _label(encoding: str) -> str:
    return {"cp932": "CP932 (Shift_JIS)", "utf-8-sig": "UTF-8 (BOM)", "utf-8": "UTF-8"}.get(
        encoding, encoding
    )


def _decode(data: bytes, encoding: str, path: Path) -> tuple[str, str]:
    """(text, codec used). A BOM always wins; ``auto`` tries UTF-8, then CP932."""
    if data.startswith(codecs.BOM_UTF8) and encoding in ("auto", "utf-8", "utf-8-sig"):
        tries = ["utf-8-sig"]
    elif encoding == "auto":
        tries = ["utf-8", "cp932"]
    else:
        tries = [encoding]
    for n, codec in enumerate(tries, 1):
        try:
            content = data.decode(codec)
        except UnicodeDecodeError as exc:
            if n == len(tries):
                line = data[: exc.start].count(b"\n") + 1
                raise ActionError(
                    "csv.decode", file=display_path(path), encoding=_label(codec), line=line
                ) from None
            continue
        stray = _NOT_TEXT.search(content) if codec == "cp932" else None
        if stray:  # bytes 0x80, 0xA0, 0xFD-0xFF: never text in a Shift_JIS file, so not CP932 at all
            line = content[: stray.start()].count("\n") + 1
            raise ActionError("csv.decode", file=display_path(path), encoding=_label(codec), line=line)
        return content, codec
    raise AssertionError("unreachable")


def _user_defined(rows: list[Row], path: Path) -> list[str]:
    """Warnings for characters in the user-defined area: a core system's own 外字, shown as garbage elsewhere."""
    warnings = []
    for row in rows:
        for col, (name, value) in enumerate(row.items(), 1):
            if isinstance(value, str) and _PRIVATE.search(value):
                chars = "".join(dict.fromkeys(_PRIVATE.findall(value)))
                codes = ", ".join(f"U+{ord(c):04X}" for c in chars)
                warnings.append(
                    text(
                        "csv.user_defined",
                        file=display_path(path),
                        row=row["_row"],
                        col=column_letter(col),
                        header=name,
                        codes=codes,
                    )
                )
    return warnings


def _check_readable(path: Path) -> None:
    if path.is_dir():
        raise ActionError("csv.is_folder", file=display_path(path))
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        raise ActionError("csv.is_excel", file=display_path(path))
    if not path.exists():
        raise ActionError("csv.not_found", file=display_path(path))


def _records(content: str, delimiter: str, path: Path) -> list[list[str]]:
    """The file's records, refused with the line where it goes wrong: a field longer than Python's csv limit
    (an unclosed quote swallows the rest of the file), a NUL byte, too many columns or rows for Excel."""
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    start, cells = 1, 0
    try:
        for record in reader:
            cells += len(record)
            if len(record) > MAX_CSV_COLUMNS:
                raise ActionError("csv.too_many_columns", file=display_path(path), line=start,
                                  count=f"{len(record):,}", limit=f"{MAX_CSV_COLUMNS:,}")
            if len(records) >= MAX_CSV_ROWS or cells > MAX_CSV_CELLS:
                raise ActionError("csv.too_many_rows", file=display_path(path), line=start,
                                  limit=f"{MAX_CSV_ROWS:,}", cells=f"{MAX_CSV_CELLS:,}")
            records.append(record)
            start = reader.line_num + 1
    except csv.Error as exc:
        detail = str(exc)
        if "field larger than field limit" in detail:
            raise ActionError("csv.field_too_large", file=display_path(path), line=start,
                              limit=f"{csv.field_size_limit():,}") from None
        raise ActionError("csv.malformed", file=display_path(path), line=start, detail=detail) from None
    return records


def _header_names(cells: list[str]) -> dict[int, str]:
    names: dict[int, str] = {}
    used: set[str] = set()
    for col, raw in enumerate(cells, 1):
        name = raw.strip() or f"列{column_letter(col)}"
        candidate, n = name, 1
        while candidate in used:  # 備考, 備考 → 備考, 備考_2 (as excel.read_rows does)
            n += 1
            candidate = f"{name}_{n}"
        used.add(candidate)
        names[col] = candidate
    return names


@action("csv.read_rows", summary="CSVファイルを行ごとに読む", summary_en="Read the rows of a CSV file")
def read_rows(
    ctx: ActionContext,
    *,
    file: ReadPath,
    encoding: str = "auto",
    delimiter: str = ",",
    header_row: int = 1,
    skip_blank: bool = True,
    strip: bool = True,
    text_columns: CodeSpec | None = None,
) -> list[Row]:
    """The records under the header line, keyed by header text, each with ``_row``.

    ``encoding: auto`` reads UTF-8 with a BOM, UTF-8, then CP932 (Shift_JIS), whichever fits;
    give ``cp932`` or ``utf-8`` to insist. Values stay text exactly as in the file (codes keep
    their leading zeros, dates are not converted: use the ``to_date`` filter); an empty field
    is None. ``strip`` removes surrounding spaces, full-width ones too. ``header_row: 0``
    means no header: the columns are named 列A, 列B… as Excel would show them. Lines above the
    header are skipped. ``_row`` is the record's row number as Excel shows the file.
    Repeated headers get ``_2``, ``_3``; values beyond the header are ``列F``… columns.
    ``text_columns`` (as in ``excel.read_rows``: ``{口座番号: 7}``) fails the step naming the
    rows whose code has another number of digits (a CSV saved again from Excel lost its zeros).
    """
    path = resolve(ctx, file, arg="file", write=False)
    _check_readable(path)
    if len(delimiter) != 1:
        raise ActionError("csv.bad_delimiter", delimiter=delimiter)
    codec = _encoding(encoding)
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise ActionError("csv.too_large", file=display_path(path), size=f"{size / 1e6:,.0f}",
                              limit=f"{MAX_CSV_BYTES / 1e6:,.0f}")
        data = path.read_bytes()
    except PermissionError:
        raise ActionError("csv.no_access", file=display_path(path)) from None
    content, used = _decode(data, codec, path)
    del data
    records = _records(content, delimiter, path)
    names: dict[int, str] = {}
    if header_row > 0:
        header = records[header_row - 1] if header_row <= len(records) else []
        if not any(cell.strip() for cell in header):
            raise ActionError("csv.no_header", file=display_path(path), row=header_row)
        names = _header_names(header)
    rows: list[Row] = []
    source = RowSource("csv", path.name)
    for number, record in enumerate(records[header_row:], header_row + 1):
        values = [(v.strip() if strip else v) or None for v in record]
        if skip_blank and all(v is None for v in values):
            continue
        for col in range(len(names) + 1, len(values) + 1):
            names[col] = f"列{column_letter(col)}"
        row = Row(((name, values[col - 1] if col <= len(values) else None) for col, name in names.items()),
                  source=source)
        row["_row"] = number
        rows.append(row)
    if text_columns:
        check_codes(rows, {}, text_columns, columns=list(names.values()), file=display_path(path))
    for warning in _user_defined(rows, path):
        ctx.log(warning)
    ctx.log(text("csv.read", file=display_path(path), count=len(rows), encoding=_label(used)))
    return rows


def _cell_text(value: Any, date_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.strftime(date_format + " %H:%M:%S" if value.time() != dt.time(0) else date_format)
    if isinstance(value, dt.date):
        return value.strftime(date_format)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _places(problems: list[tuple[int, int, str, str, int | None]]) -> tuple[str, str]:
    """The first problems as text for a clerk, in Japanese and English."""
    ja, en = [], []
    for line, col, header, char, source in problems[:_MAX_PLACES]:
        code = "+".join(f"U+{ord(c):04X}" for c in char)
        src_ja = f"(元の{source}行目)" if source else ""
        src_en = f" (source row {source})" if source else ""
        ja.append(f"{line}行目{src_ja} {column_letter(col)}列「{header}」の「{char}」({code})")
        en.append(f"row {line}{src_en}, column {column_letter(col)} ({header}): '{char}' ({code})")
    more = len(problems) - _MAX_PLACES
    if more > 0:
        ja.append(f"ほか{more}か所")
        en.append(f"and {more} more")
    return "、".join(ja), "; ".join(en)


def _bad_chars(value: str, codec: str) -> list[str]:
    try:
        value.encode(codec)
        return []
    except UnicodeEncodeError:
        pass
    out: list[str] = []
    for ch in value:
        try:
            ch.encode(codec)
        except UnicodeEncodeError:
            out.append(ch)
    return out


def _table(rows: list[dict[str, Any]], columns: list[str], header: bool, date_format: str) -> list[list[str]]:
    table = [list(columns)] if header else []
    table += [[_cell_text(row.get(name), date_format) for name in columns] for row in rows]
    return table


def _check_encodable(
    table: list[list[str]], columns: list[str], rows: list[dict[str, Any]], codec: str, header: bool
) -> list[tuple[int, int, str, str, int | None]]:
    """Every (line, column, header, character, source row) the codec cannot hold."""
    problems: list[tuple[int, int, str, str, int | None]] = []
    for line, record in enumerate(table, 1):
        index = line - 2 if header else line - 1
        source = rows[index].get("_row") if index >= 0 else None
        source = source if isinstance(source, int) else None
        for col, value in enumerate(record, 1):
            for ch in _bad_chars(value, codec):
                problems.append((line, col, columns[col - 1], ch, source))
    return problems


@action("csv.write_rows", summary="行をCSVファイルに書く", summary_en="Write rows to a CSV file")
def write_rows(
    ctx: ActionContext,
    *,
    file: Path,
    rows: list[dict[str, Any]],
    columns: list[str] | None = None,
    encoding: str = "cp932",
    header: bool = True,
    delimiter: str = ",",
    newline: Literal["crlf", "lf"] = "crlf",
    quote_all: bool = False,
    date_format: str = "%Y/%m/%d",
    unencodable: Literal["error", "replace"] = "error",
) -> Path:
    """Write ``rows`` as CSV, replacing ``file`` in one step (never half a file).

    Default: CP932 (what Japanese core systems import), CRLF line endings, a header line.
    Columns are ``columns`` or the row keys in order of first appearance (``_row`` left out).
    Dates are written with ``date_format`` (``2026/04/01``). A character the encoding cannot
    hold (𠮷, emoji) is an error listing each place by row (as Excel shows the file), column
    letter and header; nothing is written. ``unencodable: replace`` writes 〓 instead and logs
    every place. ``encoding: utf-8-sig`` writes UTF-8 with a BOM, which Excel opens correctly.
    """
    path = resolve(ctx, file)
    if path.is_dir():
        raise ActionError("csv.is_folder", file=display_path(path))
    if len(delimiter) != 1:
        raise ActionError("csv.bad_delimiter", delimiter=delimiter)
    codec = _encoding(encoding)
    codec = "utf-8" if codec == "auto" else codec
    lock = path.with_name("~$" + path.name)
    if lock.exists():
        owner = lock_owner(lock)
        raise ActionError("csv.locked", file=display_path(path), owner=owner or "?", lock=lock.name)
    names = list(columns) if columns is not None else columns_of(rows)
    table = _table(rows, names, header, date_format)
    problems = _check_encodable(table, names, rows, codec, header)
    if problems and unencodable == "error":
        places, places_en = _places(problems)
        raise ActionError(
            "csv.unencodable",
            file=display_path(path),
            encoding=_label(codec),
            count=len(problems),
            places=places,
            places_en=places_en,
        )
    for line, col, _header, char, source in problems:
        table[line - 1][col - 1] = table[line - 1][col - 1].replace(char, _GETA)
        place, place_en = _places([(line, col, _header, char, source)])
        ctx.log(
            text(
                "csv.replaced",
                file=display_path(path),
                place=place,
                place_en=place_en,
                char=char,
                code=f"U+{ord(char):04X}",
            )
        )
    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        lineterminator="\r\n" if newline == "crlf" else "\n",
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerows(table)
    data = buffer.getvalue().encode(codec)
    atomic_write(path, lambda tmp: tmp.write_bytes(data), in_use_key="csv.in_use")
    ctx.log(text("csv.wrote", file=display_path(path), count=len(rows), encoding=_label(codec)))
    ctx.add_artifact(path, "csv")
    return path
