"""OCR engines behind one interface.

An engine reads one line of print from a prepared (grey, cleaned) crop and returns its
words with their boxes and confidences; spacing and confidence of the whole field are
worked out from those by :func:`join_words`, the same way for every engine.

- ``tesserocr``: Tesseract in-process (pip ``tesserocr``): ~13 ms a field after a 0.13 s start.
- ``pytesseract``: the ``tesseract`` program, one process per field (what a Windows PC with
  the UB Mannheim installer has); ~0.2 s a field, most of it process start-up.

``auto`` picks tesserocr when it can be imported, else pytesseract: benchmarks/ocr_accuracy.py
measured both (see docs/parts/ocr.en.md). A handwriting engine can be added later with
:func:`register_engine`; the review queue is what keeps handwritten forms safe until then.
"""

from __future__ import annotations

import itertools
import os
import shlex
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rpa_core.errors import ActionError

from . import _messages  # noqa: F401

__all__ = ["Engine", "Reading", "Word", "find_tessdata", "join_words", "make_engine", "register_engine"]


@dataclass
class Word:
    text: str
    confidence: float  # 0–100
    box: tuple[int, int, int, int]  # left, top, width, height in the crop


@dataclass
class Reading:
    """What an engine read in one field: the text (words joined) and its confidence (0–100)."""

    text: str
    confidence: float
    words: list[Word]


class Engine(ABC):
    """Reads single lines of print. Subclasses implement :meth:`_do_read`."""

    name = "engine"

    def read_line(self, image: Any, *, whitelist: str | None = None, lang: str = "jpn") -> Reading:
        """Read ``image`` (a 2-D uint8 numpy array, dark ink on white) as one line."""
        words = [w for w in self._do_read(image, whitelist, lang) if w.text.strip()]
        return join_words(words)

    @abstractmethod
    def _do_read(self, image: Any, whitelist: str | None, lang: str) -> list[Word]: ...

    def close(self) -> None:  # noqa: B027  (optional hook: most engines hold nothing)
        """Free what the engine holds (an in-process API, a temp folder)."""


def join_words(words: list[Word]) -> Reading:
    """Join words (or characters) into a line: a space only where the gap on paper is wide.

    Tesseract's ``jpn`` puts spaces between CJK characters by whim; a real gap (氏 and 名)
    is about a character wide. The field's confidence is its weakest word's: one
    doubtful character is enough to make a value doubtful.
    """
    if not words:
        return Reading("", 0.0, [])
    words = sorted(words, key=lambda w: w.box[0])
    heights = sorted(w.box[3] for w in words)
    char_h = max(heights[len(heights) // 2], 1)
    parts = [words[0].text.strip()]
    for prev, word in itertools.pairwise(words):
        gap = word.box[0] - (prev.box[0] + prev.box[2])
        parts.append((" " if gap > 0.8 * char_h else "") + word.text.strip())
    return Reading("".join(parts), min(w.confidence for w in words), words)


def find_tessdata(lang: str = "jpn") -> str | None:
    """The folder holding ``<lang>.traineddata`` (TESSDATA_PREFIX first, then the usual places)."""
    candidates = [
        os.environ.get("TESSDATA_PREFIX", ""),
        "/usr/share/tesseract-ocr/5/tessdata",
        "/usr/share/tesseract-ocr/4.00/tessdata",
        "/usr/share/tessdata",
        "/usr/local/share/tessdata",
        "/opt/homebrew/share/tessdata",
        r"C:\Program Files\Tesseract-OCR\tessdata",
        r"C:\Program Files (x86)\Tesseract-OCR\tessdata",
    ]
    for folder in candidates:
        if folder and (Path(folder) / f"{lang}.traineddata").is_file():
            return str(Path(folder))
    return None


class TesserocrEngine(Engine):
    """Tesseract in-process through tesserocr: one API object, reused for every field."""

    name = "tesserocr"

    def __init__(self, lang: str = "jpn") -> None:
        try:
            import tesserocr
        except ImportError as exc:
            raise ActionError("ocr.engine.missing", engine=self.name, detail=str(exc)) from None
        self._tesserocr = tesserocr
        path = find_tessdata(lang)
        if path is None:
            raise ActionError("ocr.engine.missing", engine=self.name, detail=f"{lang}.traineddata")
        self._lang = lang
        self._api = tesserocr.PyTessBaseAPI(path=path, lang=lang, psm=tesserocr.PSM.SINGLE_LINE)
        self._whitelist: str | None = None

    def _do_read(self, image: Any, whitelist: str | None, lang: str) -> list[Word]:
        from PIL import Image

        tr = self._tesserocr
        if whitelist != self._whitelist:
            self._api.SetVariable("tessedit_char_whitelist", whitelist or "")
            self._whitelist = whitelist
        self._api.SetImage(Image.fromarray(image))
        self._api.Recognize()
        words: list[Word] = []
        it = self._api.GetIterator()
        level = tr.RIL.WORD
        for w in tr.iterate_level(it, level):
            try:
                text = w.GetUTF8Text(level)
                box = w.BoundingBox(level)
            except RuntimeError:  # tesserocr raises when a recognised word has no text
                continue
            if text is None or box is None:
                continue
            x0, y0, x1, y1 = box
            words.append(Word(text, float(w.Confidence(level)), (x0, y0, x1 - x0, y1 - y0)))
        return words

    def close(self) -> None:
        self._api.End()


class PytesseractEngine(Engine):
    """The ``tesseract`` program through pytesseract: a process per field."""

    name = "pytesseract"

    def __init__(self, lang: str = "jpn") -> None:
        try:
            import pytesseract

            langs = pytesseract.get_languages(config="")
        except Exception as exc:  # not installed, not on PATH
            raise ActionError("ocr.engine.missing", engine=self.name, detail=str(exc)) from None
        if lang not in langs:
            raise ActionError("ocr.engine.missing", engine=self.name, detail=f"{lang}.traineddata")
        self._pt = pytesseract

    def _do_read(self, image: Any, whitelist: str | None, lang: str) -> list[Word]:
        config = "--psm 7"
        if whitelist:
            config += " -c tessedit_char_whitelist=" + shlex.quote(whitelist)
        data = self._pt.image_to_data(image, lang=lang, config=config, output_type=self._pt.Output.DICT)
        words = []
        for i, text in enumerate(data["text"]):
            conf = float(data["conf"][i])
            if conf < 0 or not str(text).strip():
                continue
            words.append(
                Word(
                    str(text),
                    conf,
                    (
                        int(data["left"][i]),
                        int(data["top"][i]),
                        int(data["width"][i]),
                        int(data["height"][i]),
                    ),
                )
            )
        return words


_ENGINES: dict[str, Callable[[], Engine]] = {"tesserocr": TesserocrEngine, "pytesseract": PytesseractEngine}


def register_engine(name: str, factory: Callable[[], Engine]) -> None:
    """Make another engine (a handwriting recogniser, a cloud service) selectable by name."""
    _ENGINES[name] = factory


def make_engine(name: str | None = None) -> Engine:
    """The engine ``name``; ``auto`` (or None) prefers tesserocr, as the benchmark found it faster."""
    name = name or os.environ.get("ROBOSAN_OCR_ENGINE") or "auto"
    if name == "auto":
        try:
            return TesserocrEngine()
        except ActionError:
            return PytesseractEngine()
    factory = _ENGINES.get(name)
    if factory is None:
        raise ActionError("ocr.engine.unknown", engine=name, allowed=", ".join(["auto", *_ENGINES]))
    return factory()
