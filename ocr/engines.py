"""OCR engines behind one interface.

An engine reads lines of print from prepared (grey, cleaned) crops and returns, per crop,
its words with their boxes and confidences, and the characters inside them when the
engine can say (their boxes place the spaces, their confidences find a doubtful
character). Spacing and confidence of the whole field are worked out from those by
:func:`join_words`, the same way for every engine.

- ``tesserocr``: Tesseract in-process (pip ``tesserocr``): ~13 ms a field after a 0.13 s start.
- ``pytesseract``: the ``tesseract`` program (what a Windows PC with the UB Mannheim installer
  has). Starting the program costs ~0.2 s, so :meth:`Engine.read_lines` gives it all the crops
  of a page that share a whitelist in one run (a list file), not one run per field.

``auto`` picks tesserocr when it can be imported, else pytesseract: benchmarks/ocr_accuracy.py
measured both (see docs/guide.en.md, "Reading paper forms"). A handwriting engine can be added later with
:func:`register_engine`; the review queue is what keeps handwritten forms safe until then.
"""

from __future__ import annotations

import html
import itertools
import os
import re
import subprocess
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rpa_core.api import ActionError

__all__ = ["Engine", "Reading", "Word", "find_tessdata", "join_words", "make_engine", "register_engine"]


@dataclass
class Word:
    """A word (or one character of it) as the engine saw it."""

    text: str
    confidence: float  # 0–100
    box: tuple[int, int, int, int]  # left, top, width, height in the crop
    chars: list[Word] = field(default_factory=list)  # its characters, when the engine gives them


@dataclass
class Reading:
    """What an engine read in one field: the text (words joined) and its confidence (0–100)."""

    text: str
    confidence: float
    words: list[Word]

    @property
    def chars(self) -> list[Word]:
        """Every character with its confidence (a word stands for its characters if the engine gave none)."""
        return [c for w in self.words for c in (w.chars or [w])]


class Engine(ABC):
    """Reads single lines of print. Subclasses implement :meth:`_do_read` (and may batch)."""

    name = "engine"

    def read_line(
        self,
        image: Any,
        *,
        whitelist: str | None = None,
        lang: str = "jpn",
        gaps: Sequence[tuple[int, int]] = (),
    ) -> Reading:
        """Read ``image`` (a 2-D uint8 numpy array, dark ink on white) as one line.

        ``gaps``: the blank stretches of the crop (x from, x to) wide enough to be a space.
        """
        words = [w for w in self._do_read(image, whitelist, lang) if w.text.strip()]
        return join_words(words, gaps)

    def read_lines(
        self,
        images: Sequence[Any],
        *,
        whitelist: str | None = None,
        lang: str = "jpn",
        gaps: Sequence[Sequence[tuple[int, int]]] | None = None,
    ) -> list[Reading]:
        """Read several crops with the same whitelist (an engine may do them in one go)."""
        gaps = gaps or [()] * len(images)
        return [
            self.read_line(im, whitelist=whitelist, lang=lang, gaps=g)
            for im, g in zip(images, gaps, strict=True)
        ]

    @abstractmethod
    def _do_read(self, image: Any, whitelist: str | None, lang: str) -> list[Word]: ...

    def close(self) -> None:  # noqa: B027  (optional hook: most engines hold nothing)
        """Free what the engine holds (an in-process API, a temp folder)."""


def join_words(words: list[Word], gaps: Sequence[tuple[int, int]] = ()) -> Reading:
    """Join words (or characters) into a line: a space only where the paper has a gap.

    Tesseract's ``jpn`` puts spaces between CJK characters by whim, and sometimes none where
    a full-width space is (佐藤 蒼 read as one word). With ``gaps`` (blank stretches of the
    crop measured on the ink) and character boxes, a space goes exactly where a gap lies
    between two characters' centres; without them, where two words are about a character
    apart. The field's confidence is its weakest word's: one doubtful character is enough
    to make a value doubtful.
    """
    if not words:
        return Reading("", 0.0, [])
    words = sorted(words, key=lambda w: w.box[0])
    units = [c for w in words for c in (w.chars or [w])]
    if gaps and all(w.chars for w in words):
        # Character boxes of the LSTM run on to the next character, but where a character
        # *starts* is sound: a space goes where a gap lies between two characters' starts.
        parts = [units[0].text.strip()]
        for prev, char in itertools.pairwise(units):
            spaced = any(prev.box[0] < (g0 + g1) / 2 <= char.box[0] + (g1 - g0) / 2 for g0, g1 in gaps)
            parts.append((" " if spaced else "") + char.text.strip())
    else:
        heights = sorted(w.box[3] for w in words)
        char_h = max(heights[len(heights) // 2], 1)
        parts = [words[0].text.strip()]
        for prev, word in itertools.pairwise(words):
            gap = word.box[0] - (prev.box[0] + prev.box[2])
            parts.append((" " if gap > 0.8 * char_h else "") + word.text.strip())
    return Reading("".join(parts), min(w.confidence for w in words), words)


def _centre(w: Word) -> float:
    return w.box[0] + w.box[2] / 2


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

        if whitelist != self._whitelist:
            self._api.SetVariable("tessedit_char_whitelist", whitelist or "")
            self._whitelist = whitelist
        self._api.SetImage(Image.fromarray(image))
        self._api.Recognize()
        ril = self._tesserocr.RIL
        words: list[Word] = []
        for it in self._tesserocr.iterate_level(self._api.GetIterator(), ril.SYMBOL):
            if it.IsAtBeginningOf(ril.WORD) or not words:
                word = _unit(it, ril.WORD)
                if word is None:
                    continue
                words.append(word)
            char = _unit(it, ril.SYMBOL)
            if char is not None:
                words[-1].chars.append(char)
        return words

    def close(self) -> None:
        self._api.End()


def _unit(it: Any, level: Any) -> Word | None:
    """The word or character at the iterator, or None when Tesseract gives it no text."""
    try:
        text = it.GetUTF8Text(level)
        box = it.BoundingBox(level)
    except RuntimeError:  # tesserocr raises when a recognised unit has no text
        return None
    if text is None or box is None:
        return None
    x0, y0, x1, y1 = box
    return Word(text, float(it.Confidence(level)), (x0, y0, x1 - x0, y1 - y0))


_HOCR_WORD = re.compile(
    r"<span class='ocrx_word'[^>]*title='bbox (\d+) (\d+) (\d+) (\d+); x_wconf (\d+)'[^>]*>"
)
_HOCR_CHAR = re.compile(
    r"<span class='ocrx_cinfo' title='x_bboxes (-?\d+) (-?\d+) (-?\d+) (-?\d+); x_conf ([\d.]+)'>([^<]*)</span>"
)
_HOCR_PAGE = re.compile(r"<div class='ocr_page'")


class PytesseractEngine(Engine):
    """The ``tesseract`` program (found through pytesseract): one run per batch of crops.

    The program is run with ``OMP_THREAD_LIMIT=1``: its OpenMP threads only fight over the
    cores (measured: a batch of 10 fields took 0.45–0.56 s with one thread, 0.74–1.8 s without).
    """

    name = "pytesseract"

    def __init__(self, lang: str = "jpn") -> None:
        try:
            import pytesseract

            langs = pytesseract.get_languages(config="")
        except Exception as exc:  # not installed, not on PATH
            raise ActionError("ocr.engine.missing", engine=self.name, detail=str(exc)) from None
        if lang not in langs:
            raise ActionError("ocr.engine.missing", engine=self.name, detail=f"{lang}.traineddata")
        self._cmd = str(pytesseract.pytesseract.tesseract_cmd)
        self._tmp = tempfile.TemporaryDirectory(prefix="robosan-tess-")
        self._env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def _do_read(self, image: Any, whitelist: str | None, lang: str) -> list[Word]:
        return self._run([image], whitelist, lang)[0]

    def read_lines(
        self,
        images: Sequence[Any],
        *,
        whitelist: str | None = None,
        lang: str = "jpn",
        gaps: Sequence[Sequence[tuple[int, int]]] | None = None,
    ) -> list[Reading]:
        gaps = gaps or [()] * len(images)
        pages = self._run(list(images), whitelist, lang) if images else []
        return [
            join_words([w for w in words if w.text.strip()], g) for words, g in zip(pages, gaps, strict=True)
        ]

    def _run(self, images: list[Any], whitelist: str | None, lang: str) -> list[list[Word]]:
        """One run of the program over ``images`` (hOCR with character boxes), words per image."""
        from PIL import Image

        folder = Path(self._tmp.name)
        names = []
        for i, image in enumerate(images):
            names.append(str(folder / f"crop{i}.png"))
            Image.fromarray(image).save(names[-1])
        listing = folder / "crops.txt"
        listing.write_text("\n".join(names) + "\n", encoding="utf-8")
        args = [self._cmd, str(listing), "stdout", "-l", lang, "--psm", "7", "-c", "hocr_char_boxes=1"]
        if whitelist:
            args += ["-c", f"tessedit_char_whitelist={whitelist}"]
        proc = subprocess.run(
            [*args, "hocr"], capture_output=True, env=self._env, timeout=60 + 10 * len(images), check=False
        )
        if proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace").strip()[-300:]
            raise ActionError("ocr.engine.missing", engine=self.name, detail=detail)
        pages = _HOCR_PAGE.split(proc.stdout.decode("utf-8", "replace"))[1:]
        if len(pages) != len(images):
            raise ActionError(
                "ocr.engine.missing", engine=self.name, detail=f"{len(pages)} of {len(images)} pages"
            )
        return [_hocr_words(page) for page in pages]

    def close(self) -> None:
        self._tmp.cleanup()


def _hocr_words(page: str) -> list[Word]:
    """Words (with characters) of one hOCR page."""
    words: list[Word] = []
    starts = list(_HOCR_WORD.finditer(page))
    for m, nxt in itertools.zip_longest(starts, starts[1:]):
        x0, y0, x1, y1, conf = (int(v) for v in m.groups())
        body = page[m.end() : nxt.start() if nxt else len(page)]
        chars = [
            Word(
                html.unescape(c[5]),
                float(c[4]),
                (int(c[0]), int(c[1]), int(c[2]) - int(c[0]), int(c[3]) - int(c[1])),
            )
            for c in _HOCR_CHAR.findall(body)
        ]
        text = "".join(c.text for c in chars)
        if text.strip():
            words.append(Word(text, float(conf), (x0, y0, x1 - x0, y1 - y0), chars))
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
