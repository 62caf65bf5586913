"""Hostile workbooks and images, built at test time (nothing binary is committed).

A zip bomb is written without compressing its gigabyte: one 1 MB piece of sheet XML is deflated once and
ended with a full flush, which resets the compressor, so the same bytes deflate the same way each time; the
member's data is that block repeated, then a final empty block. Only the CRC needs a pass over the
unzipped size (zlib's crc32, ~1 GB/s). The zip itself is written by hand (local headers, central
directory), since :mod:`zipfile` will only write data it compresses itself.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import openpyxl

__all__ = ["SHEET_HEAD", "bomb_xlsx", "huge_png", "ledger_workbook", "rewrite_sheet", "small_workbook"]

SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def small_workbook(path: Path) -> Path:
    """An ordinary two-row table, the starting point every hostile variant is made from."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "受付"
    ws.append(["氏名", "住所"])
    ws.append(["花巻 太郎", "岩手県花巻市大通一丁目1番1号"])
    wb.save(path)
    return path


def ledger_workbook(path: Path, rows: int) -> Path:
    """An ordinary 受付台帳 of ``rows`` rows × 12 columns: the baseline no check may refuse."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["受付番号", "氏名", "住所", *[f"項目{i}" for i in range(9)]])
    for n in range(rows):
        ws.append([f"R{n:06d}", f"花巻 {n}", f"岩手県花巻市大通一丁目{n}番", *range(9)])
    wb.save(path)
    return path


def _deflated(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def _repeated(piece: bytes, times: int, head: bytes, tail: bytes) -> tuple[bytes, int, int]:
    """(raw deflate data, crc32, unzipped size) of head + piece × times + tail, deflating piece once."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(piece) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(piece) + c.flush(zlib.Z_FULL_FLUSH)
    assert block == again, "a full flush must make the deflate of one piece repeatable"
    last = c.compress(tail) + c.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(piece, crc)
    crc = zlib.crc32(tail, crc)
    data = first + block * times + last
    return data, crc, len(head) + len(piece) * times + len(tail)


def _write_zip(path: Path, members: list[tuple[str, bytes, int, int, int]]) -> None:
    """members: (name, data, crc, unzipped size, method 8 = deflate / 0 = stored)."""
    out = io.BytesIO()
    central = []
    for name, data, crc, size, method in members:
        raw = name.encode()
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, method, 0, 0x21, crc, len(data), size,
                              len(raw), 0))
        out.write(raw)
        out.write(data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, method, 0, 0x21, crc,
                                   len(data), size, len(raw), 0, 0, 0, 0, 0, offset) + raw)
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    path.write_bytes(out.getvalue())


def rewrite_sheet(
    source: Path, target: Path, sheet: tuple[bytes, int, int, int] | bytes, *, stored: bool = False,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """``source`` with its first sheet's XML replaced (raw deflate data, crc, size, method, or plain bytes)."""
    import zipfile

    members = []
    with zipfile.ZipFile(source) as zf:
        for info in zf.infolist():
            if info.filename == SHEET:
                if isinstance(sheet, bytes):
                    data = sheet if stored else _deflated(sheet)
                    members.append((SHEET, data, zlib.crc32(sheet), len(sheet), 0 if stored else 8))
                else:
                    members.append((SHEET, *sheet))
                continue
            content = zf.read(info)
            members.append((info.filename, _deflated(content), zlib.crc32(content), len(content), 8))
    for name, content in (extra or {}).items():
        members.append((name, _deflated(content), zlib.crc32(content), len(content), 8))
    _write_zip(target, members)
    return target


def bomb_xlsx(path: Path, unzipped_mb: int, *, dimension: str = "A1:A1") -> Path:
    """A valid workbook whose sheet XML unzips to ``unzipped_mb`` MB of identical rows (~1000 : 1)."""
    piece = b"<row><c><v>1</v></c></row>" * 40_330  # ~1 MB
    head = SHEET_HEAD + f'<dimension ref="{dimension}"/><sheetData>'.encode()
    data, crc, size = _repeated(piece, unzipped_mb, head, b"</sheetData></worksheet>")
    base = small_workbook(path.with_name(path.stem + "_base.xlsx"))
    return rewrite_sheet(base, path, (data, crc, size, 8))


def huge_png(path: Path, width: int, height: int) -> Path:
    """A PNG whose header declares width × height pixels; its data is one short row (never decodable)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
                     + chunk(b"IEND", b""))
    return path
