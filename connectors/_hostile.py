"""Limits that refuse a hostile workbook or CSV before it is parsed (issue 13, "hostile files refused early").

An .xlsx is a zip of XML: 6 MB on disk can unzip to 2 GB of sheet XML, which openpyxl turns into Python
objects at ~370 bytes a cell (measured: a 20,000 × 30 sheet is 22 MB of XML and 222 MB of memory). So
before openpyxl opens a workbook, :func:`check_workbook` reads the zip's directory (no decompression),
then streams each large sheet once in 1 MB pieces counting its cells, and refuses the file if a limit is
passed. The sizes a zip declares cannot lie upwards: :mod:`zipfile` never returns more bytes than a
member declares (a longer stream ends in a CRC error), so the declared total bounds all later work.

The figures are chosen from what a 市役所 workbook needs: 100,000 rows × 30 columns (a whole city's
residents with their address, a year of 口座振替) is about 110 MB of sheet XML and 3,000,000 cells.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO, Any

from rpa_core.api import ActionError, display_path

__all__ = [
    "MAX_CELLS",
    "MAX_CSV_BYTES",
    "MAX_CSV_CELLS",
    "MAX_CSV_COLUMNS",
    "MAX_CSV_FIELD",
    "MAX_CSV_ROWS",
    "MAX_ELEMENTS",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_ROWS",
    "MAX_TEXT_BYTES",
    "MAX_UNZIPPED",
    "check_workbook",
    "count_xml",
]

MAX_UNZIPPED = 300_000_000  # bytes of XML once unzipped: 100,000 rows × 30 columns is ~110 MB
MAX_CELLS = 3_000_000  # cells in one sheet: 100,000 × 30; openpyxl needs ~1.1 GB for this many
MAX_ROWS = 1_048_576  # Excel's own limit: a sheet with more rows was not written by Excel
MAX_ELEMENTS = 15_000_000  # XML elements in one part: 3,000,000 text cells are ~12 million (c, is, t, row)
MAX_MEMBERS = 5_000  # parts in the zip: a workbook of 200 sheets with images has a few hundred
MAX_RATIO = 100  # unzipped : zipped, for a part over RATIO_FROM bytes: real sheet XML is 5–20 : 1
RATIO_FROM = 5_000_000
MAX_TEXT_BYTES = 50_000_000  # file.read_text: a letter, a template or a log is kilobytes; 50 MB is no text a step reads
MAX_CSV_BYTES = 200_000_000  # a core system's export of 100,000 residents × 50 columns is ~100 MB
MAX_CSV_ROWS = 1_048_576  # Excel's own row limit: a longer CSV could not be opened by the clerk either
MAX_CSV_CELLS = 5_000_000  # fields in the whole file: 100,000 rows × 50 columns
MAX_CSV_COLUMNS = 16_384  # Excel's column limit (XFD)
MAX_CSV_FIELD = 131_072  # characters in one field (Python's own default, left as it is): an unclosed quote

_CHUNK = 1 << 20
_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>]")  # "x:" when the sheet's XML uses a prefix
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\s+ref=\"([A-Za-z]{1,3})(\d+)(?::([A-Za-z]{1,3})(\d+))?\"")
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")
_EMBEDDED = "xl/embeddings/"  # where Office keeps embedded objects (an .xlsx inside an .xlsx): openpyxl skips them


def _mb(n: int) -> str:
    return f"{n / 1_000_000:,.0f}"


def _refuse(key: str, path: Path, **kwargs: Any) -> ActionError:
    return ActionError(key, **{"file": display_path(path), **kwargs})


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _declared_cells(head: bytes) -> int:
    """rows × columns of a sheet's ``<dimension ref="A1:AD100001"/>`` (0 when it has none)."""
    m = _DIMENSION.search(head)
    if m is None:
        return 0
    first_col, first_row, last_col, last_row = m.groups()
    if last_col is None:
        return 1
    rows = int(last_row) - int(first_row) + 1
    cols = _column_number(last_col) - _column_number(first_col) + 1
    return max(rows, 0) * max(cols, 0)


def count_xml(stream: IO[bytes], head: bytes = b"", cells: int = MAX_CELLS) -> tuple[int, int, int]:
    """(cells, rows, elements) in a sheet's XML (``head`` is the part of it already read), counted in 1 MB
    pieces with ``bytes.count`` (a regex is 30 times slower). ``<c`` also counts the few ``<col>`` and
    ``<cfRule>`` of a sheet, ``<row`` its ``<rowBreaks>``: a bound, not an exact figure. It stops as soon as a limit is passed, so that a
    2 GB stream costs no more than its first few MB. Rows and elements are bounded too: 50 million empty
    ``<row/>`` hold no cell but would keep openpyxl's parser busy for minutes."""
    found = _PREFIX.search(head)
    prefix = found.group(1) or b"" if found else b""
    cell_tag, row_tag = b"<" + prefix + b"c", b"<" + prefix + b"row"
    n_cells = n_rows = n_elements = 0
    tail = head
    while True:
        chunk = stream.read(_CHUNK)
        data = tail + chunk
        # a tag cut at the end of this piece is counted with the next one
        cut = data.rfind(b"<") if chunk else -1
        if cut == -1 or len(data) - cut > 64:
            cut = len(data)
        piece = data[:cut]
        n_cells += piece.count(cell_tag)
        n_rows += piece.count(row_tag)
        n_elements += piece.count(b"<") - piece.count(b"</")
        tail = data[cut:]
        if not chunk or n_cells > cells or n_rows > MAX_ROWS or n_elements > MAX_ELEMENTS:
            return n_cells, n_rows, n_elements


def check_workbook(path: Path, sheet_cells: int = MAX_CELLS) -> None:
    """Refuse ``path`` (an .xlsx) if unzipping or loading it would take more than a workbook needs.

    Not a zip at all is left to openpyxl, which says the file is damaged. Raises ActionError naming the
    file, the part (a sheet's XML) and the limit.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # openpyxl reports a damaged or unreadable file with its own message
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise _refuse("excel.too_many_parts", path, count=f"{len(members):,}", limit=f"{MAX_MEMBERS:,}")
        total = sum(m.file_size for m in members)
        if total > MAX_UNZIPPED:
            raise _refuse("excel.too_large_unzipped", path, size=_mb(total), limit=_mb(MAX_UNZIPPED))
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > RATIO_FROM and ratio > MAX_RATIO:
                raise _refuse("excel.zip_bomb", path, part=member.filename, ratio=f"{ratio:,.0f}", limit=MAX_RATIO)
        for member in members:
            _check_member(archive, member, path, sheet_cells)


def _check_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, path: Path, sheet_cells: int) -> None:
    name = member.filename
    if member.is_dir() or member.file_size == 0:
        return
    try:
        with archive.open(member) as stream:
            head = stream.read(4096)
            if head.startswith(_ARCHIVE_MAGIC) and not name.startswith(_EMBEDDED):
                raise _refuse("excel.nested_archive", path, part=name)
            if not name.lower().endswith(".xml"):
                return
            declared = _declared_cells(head)
            if declared > sheet_cells:
                raise _refuse("excel.too_many_cells", path, part=name, count=f"{declared:,}", limit=f"{sheet_cells:,}")
            if member.file_size < _CHUNK:
                return  # a part under 1 MB cannot hold more than ~250,000 cells: openpyxl reads it quickly
            counted, rows, elements = count_xml(stream, head, sheet_cells)
    except ActionError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        return  # a damaged or encrypted part: openpyxl says so when it opens the workbook
    if counted > sheet_cells:
        raise _refuse("excel.too_many_cells", path, part=name, count=f"{sheet_cells:,}+", limit=f"{sheet_cells:,}")
    if rows > MAX_ROWS:
        raise _refuse("excel.too_many_rows", path, part=name, limit=f"{MAX_ROWS:,}")
    if elements > MAX_ELEMENTS:
        raise _refuse("excel.too_many_elements", path, part=name, limit=f"{MAX_ELEMENTS:,}")
