"""Plain files: read, write and append text, and tell whether a file is there (the ``file.*`` actions).

This module is the ``file`` namespace the registry loads (entry point ``robosan.actions``). The
actions on files in folders (``file.list``, ``file.copy``, ``file.move``, ``file.archive``,
``file.wait_for``) are in :mod:`connectors._file_ops`, imported here; what both halves and the
other connectors share (:func:`atomic_write`, :func:`lock_owner`, :func:`is_temporary`, the
``files.*`` messages) is in :mod:`connectors._file_common`, which imports neither.

Writes never leave half a file (:func:`atomic_write`). Appends are one ``write`` call of the
whole encoded line, so a killed robot does not leave half a line in practice.
Message keys are ``files.*``: ``file.not_found`` belongs to the scenario loader.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from connectors._file_common import atomic_write, is_temporary, lock_owner, resolve
from connectors._file_ops import archive, copy, list_files, move, wait_for
from connectors._hostile import MAX_TEXT_BYTES
from rpa_core.api import ActionContext, ActionError, ReadPath, ReadsPath, action, display_path

__all__ = [
    "append_text",
    "archive",
    "atomic_write",
    "copy",
    "exists",
    "is_temporary",
    "list_files",
    "lock_owner",
    "move",
    "read_text",
    "resolve",
    "wait_for",
    "write_text",
]


def _encoder(encoding: str) -> codecs.IncrementalEncoder:
    try:
        return codecs.getincrementalencoder(encoding)()
    except LookupError:
        raise ActionError("files.unknown_encoding", encoding=encoding) from None


def _encode(text: str, encoding: str, path: Path, *, continuing: bool = False) -> bytes:
    encoder = _encoder(encoding)
    if continuing:  # the file has content: no second byte-order mark (utf-16, utf-8-sig)
        encoder.setstate(0)
    try:
        return encoder.encode(text, final=True)
    except UnicodeEncodeError as exc:
        char = exc.object[exc.start : exc.end]
        raise ActionError("files.encode", char=char, encoding=encoding, path=display_path(path)) from None


def _check_readable(path: Path) -> None:
    if path.is_dir():
        raise ActionError("files.is_folder", path=display_path(path))
    if not path.exists():
        raise ActionError("files.not_found", path=display_path(path))


@action("file.read_text", summary="テキストファイルを読む", summary_en="Read a text file")
def read_text(ctx: ActionContext, *, path: ReadPath, encoding: str = "utf-8") -> str:
    """The whole text of ``path``; line endings become ``\\n``, a UTF-8 byte-order mark is dropped."""
    path = resolve(ctx, path, arg="path", write=False)
    _check_readable(path)
    _encoder(encoding)  # an unknown encoding is reported as such, not as a decoding error
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:  # a hostile or mistaken file is refused before a byte is read
            raise ActionError("files.too_large", file=display_path(path), size=f"{size / 1e6:,.0f}",
                              limit=f"{MAX_TEXT_BYTES / 1e6:,.0f}")
        data = path.read_bytes()
    except PermissionError:
        raise ActionError("files.no_access", path=display_path(path)) from None
    if codecs.lookup(encoding).name == "utf-8":
        encoding_used = "utf-8-sig"  # Notepad may add a BOM; the text never wants it
    else:
        encoding_used = encoding
    try:
        text = data.decode(encoding_used)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        suggest = "utf-8" if codecs.lookup(encoding).name in ("cp932", "shift_jis") else "cp932"
        raise ActionError(
            "files.decode", path=display_path(path), encoding=encoding, line=line, suggest=suggest
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


@action(
    "file.write_text",
    summary="テキストファイルを書く(置き換え)",
    summary_en="Write a text file (replacing it)",
)
def write_text(ctx: ActionContext, *, path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` as is (no line-ending translation), replacing the file in one step.

    Missing folders are created. A reader never sees a half-written file.
    """
    path = resolve(ctx, path)
    if path.is_dir():
        raise ActionError("files.is_folder", path=display_path(path))
    data = _encode(text, encoding, path)
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))


@action("file.append_text", summary="テキストファイルに追記する", summary_en="Append to a text file")
def append_text(
    ctx: ActionContext, *, path: Path, text: str, newline: bool = True, encoding: str = "utf-8"
) -> Path:
    """Add ``text`` at the end of ``path`` (created with its folders if missing).

    With ``newline`` the text ends with ``\\n`` (added unless already there), and if the
    file's last line has no line ending one is added first, so lines never run together.
    The encoded text goes to the file in a single unbuffered write.
    """
    path = resolve(ctx, path)
    if path.is_dir():
        raise ActionError("files.is_folder", path=display_path(path))
    size = path.stat().st_size if path.exists() else 0
    if newline:
        if not text.endswith(("\n", "\r")):
            text += "\n"
        if size and _ascii_compatible(encoding) and not _ends_with_newline(path):
            text = "\n" + text
    data = _encode(text, encoding, path, continuing=size > 0)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "ab", buffering=0) as fh:
            written = 0
            while written < len(data):  # one call in practice; loop only on a short write
                written += fh.write(data[written:]) or 0
    except PermissionError:
        raise ActionError("files.in_use", path=display_path(path)) from None
    return path


def _ascii_compatible(encoding: str) -> bool:
    return _encode("\n", encoding, Path(), continuing=True) == b"\n"


def _ends_with_newline(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            fh.seek(-1, os.SEEK_END)
            return fh.read(1) in (b"\n", b"\r")
    except OSError:  # cannot tell: the append itself will report a real problem
        return True


@action("file.exists", summary="ファイルがあるか調べる", summary_en="Tell whether a file exists")
def exists(ctx: ActionContext, *, path: ReadsPath) -> bool:
    """True if ``path`` is there (a file or a folder)."""
    return resolve(ctx, path, arg="path", write=False).exists()

