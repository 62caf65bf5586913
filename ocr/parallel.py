"""Reading many scans on several cores: one :class:`FormReader` per worker process.

Tesseract reads one field at a time on one core (the tesserocr wheel has no OpenMP), so a
pile of scans is read page-parallel. Each worker process loads the template, the blank
form's features and the engine once, then reads the pages it is given. Results come back
in the order of the files. The processes are started with the platform's own method
(spawn on Windows and macOS), so everything here is importable at module level.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .reader import FormReader, FormResult

__all__ = ["MIN_FILES", "default_workers", "read_parallel"]

# A worker costs ~1 s to start (OpenCV, the engine, the blank form's features): below this
# many scans one process is as quick.
MIN_FILES = 4

_reader: FormReader | None = None


def default_workers() -> int:
    """One worker per core, at most 4 (more only waits on the disk and the memory)."""
    return max(1, min(os.cpu_count() or 1, 4))


def _start(template: str, engine: str, crops_dir: str | None) -> None:
    global _reader
    from .reader import FormReader
    from .template import load_template

    _reader = FormReader(
        load_template(Path(template)), engine, crops_dir=Path(crops_dir) if crops_dir else None
    )


def _read(path: Path) -> FormResult:
    assert _reader is not None
    return _reader.read(path)


def read_parallel(reader: FormReader, files: list[Path], workers: int) -> Iterator[FormResult]:
    """``reader.read`` of each file, ``workers`` at a time; one process when that is quicker."""
    if workers <= 1 or len(files) < MIN_FILES:
        yield from (reader.read(p) for p in files)
        return
    from concurrent.futures import ProcessPoolExecutor

    crops = str(reader.crops_dir) if reader.crops_dir is not None else None
    with ProcessPoolExecutor(
        max_workers=min(workers, len(files)),
        initializer=_start,
        initargs=(str(reader.template.path), reader.engine.name, crops),
    ) as pool:
        yield from pool.map(_read, files)
