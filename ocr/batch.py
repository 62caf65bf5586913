"""Reading a folder of scans into rows, through the stored reads and the review queue.

A scan already read with the same template (same file content, same template and blank
image) is not read again: its stored fields and the clerk's answers are used. So a rerun
after ``robosan review`` gives the corrected rows, and never queues a field twice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rpa_core.api import ActionError

from .image import IMAGE_SUFFIXES
from .parsers import value_from_text
from .queue import ReviewQueue, StoredForm, file_sha
from .reader import OK, FormReader
from .template import Template

__all__ = ["ERROR", "FILE", "WAITING", "form_row", "list_scans", "read_folder"]

FILE, WAITING, ERROR = "ファイル", "確認待ち", "エラー"


def list_scans(folder: Path, pattern: str = "*") -> list[Path]:
    """The images and PDFs in ``folder`` matching ``pattern``, in name order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ActionError("ocr.file.not_found", file=str(folder))
    files = sorted(p for p in folder.glob(pattern) if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
    if not files:
        raise ActionError("ocr.folder.empty", folder=str(folder))
    return files


def read_folder(
    template: Template,
    files: list[Path],
    queue: ReviewQueue,
    reader: Callable[[], FormReader],
    run_id: int | None = None,
    progress: Callable[[Path, StoredForm], None] | None = None,
    workers: int = 1,
) -> list[StoredForm]:
    """Read (or find already read) each file; flagged fields are queued. ``reader`` is made only if needed.

    The files not read before are read ``workers`` at a time (processes, see
    :mod:`ocr.parallel`); each is stored in the queue as soon as it is read, in file order.
    """
    from .parallel import read_parallel

    digest = template.digest()
    shas: list[str] = []
    for path in files:
        try:
            shas.append(file_sha(path))
        except OSError as exc:
            raise ActionError("ocr.file.corrupt", file=f"{path.name} ({exc.strerror})") from None
    found = [queue.find(digest, sha) for sha in shas]
    first: dict[str, Path] = {}
    for path, sha, stored in zip(files, shas, found, strict=True):
        if stored is None:
            first.setdefault(sha, path)  # the same scan twice in the folder is read once
    todo = list(first.values())
    results = read_parallel(reader(), todo, workers) if todo else iter(())
    forms: list[StoredForm] = []
    for path, sha, stored in zip(files, shas, found, strict=True):
        if stored is None and first.get(sha) == path:
            stored = queue.store(template.path, digest, sha, next(results), run_id)
        elif stored is None:
            stored = queue.find(digest, sha)
            assert stored is not None  # its twin earlier in the list was just stored
        forms.append(stored)
        if progress is not None:
            progress(path, stored)
    return forms


def form_row(template: Template, form: StoredForm, index: int) -> dict[str, Any]:
    """One form as a row: each field's value (a clerk's answer wins) and ``_`` keys saying where it came from.

    ``ファイル`` the scan's name, ``確認待ち`` the fields still waiting for a clerk,
    ``エラー`` why the page could not be read ('' when it was), ``_row`` its position.
    (Expressions cannot read keys starting with ``_``: the ones a scenario uses have plain names.)
    """
    row: dict[str, Any] = {}
    if form.status == OK:
        for f in template.fields:
            stored = form.fields.get(f.name, {})
            textual = form.answers.get(f.name, stored.get("text", ""))
            try:
                row[f.name] = value_from_text(f, textual) if f.name not in form.pending else None
            except ValueError:
                row[f.name] = textual
    row.update(
        {
            FILE: Path(form.file).name,
            WAITING: list(form.pending),
            ERROR: "" if form.status == OK else form.message,
            "_row": index + 1,
        }
    )
    return row
