"""Looking at the screen: grab it, find a reference image in it (OpenCV), read text in it (Tesseract).

Matching is OpenCV's normalised cross-correlation (``TM_CCOEFF_NORMED``, what PyAutoGUI's
``locateOnScreen(confidence=…)`` uses), on grey images, searched only inside the window the step
works in: a smaller haystack is faster and cannot match a look-alike in another program.
Reference images are read once per run and kept (keyed by path and modification time). An image
that does not reach the confidence at its own size is searched at nearby sizes too, and the size
that worked is kept for its window size (:mod:`robots._desktop_scale`, issue 14).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._desktop_scale import SAME, SWEEP_EVERY, Fit, Place, pick, places, sweep

__all__ = ["Match", "Matcher", "grab", "ocr_text"]

Rect = tuple[int, int, int, int]  # x, y, width, height in screen pixels


@dataclass(frozen=True)
class Match:
    """Where a reference image was found: its top-left corner, size and score (0–1)."""

    x: int
    y: int
    width: int
    height: int
    score: float

    @property
    def center(self) -> tuple[int, int]:
        return (self.x + self.width // 2, self.y + self.height // 2)


def grab(region: Rect | None = None) -> Any:
    """A screenshot (PIL image) of the screen or a region of it."""
    from PIL import ImageGrab

    if region is None:
        return ImageGrab.grab()
    x, y, w, h = region
    return ImageGrab.grab(bbox=(x, y, x + w, y + h))


def screen_size() -> tuple[int, int]:
    from PIL import ImageGrab

    return tuple(ImageGrab.grab().size)  # type: ignore[return-value]


# A reference image is a part of a screen; an 8K screen is 33 million pixels. A PNG header can declare
# 100,000 × 100,000 in a few hundred bytes: its size is read from the header, before anything decodes it.
MAX_REFERENCE_PIXELS = 40_000_000


class ReferenceTooLarge(ValueError):
    """A reference image larger than any screen (its header's width × height)."""

    def __init__(self, width: int | None, height: int | None) -> None:
        super().__init__(f"{width}x{height}")
        self.width, self.height = width, height


def check_reference_size(path: Path) -> None:
    """Raise :class:`ReferenceTooLarge` when the image's header declares more than MAX_REFERENCE_PIXELS."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            width, height = img.size
    except Image.DecompressionBombError:  # over Pillow's own limit: name the size a PNG header declares
        with path.open("rb") as f:
            head = f.read(24)
        if head.startswith(b"\x89PNG\r\n\x1a\n") and len(head) == 24:
            raise ReferenceTooLarge(int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")) from None
        raise ReferenceTooLarge(None, None) from None
    except (OSError, UnidentifiedImageError):
        return  # not an image: OpenCV says so below
    if width * height > MAX_REFERENCE_PIXELS:
        raise ReferenceTooLarge(width, height)


class Matcher:
    """Finds reference PNGs on screen; keeps each loaded image, and the size it was found at, for the run."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, float], Any] = {}
        self._fits: dict[tuple[str, int, int], Fit] = {}  # (image, window width, height) -> size found at
        self._missing: dict[tuple[str, int, int], float] = {}  # since when an image is missing (or last swept)

    def template(self, path: Path) -> Any:
        """The image as a grey numpy array (raises FileNotFoundError / ValueError for a bad file)."""
        import cv2
        import numpy as np

        key = (str(path), path.stat().st_mtime)
        cached = self._cache.get(key)
        if cached is None:
            check_reference_size(path)
            data = np.fromfile(str(path), dtype=np.uint8)  # cv2.imread cannot open Japanese paths on Windows
            image = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
            if image is None:
                raise ValueError(f"not an image: {path}")
            self._cache[key] = cached = image
        return cached

    def fit_for(self, path: Path, size: tuple[int, int]) -> Fit:
        """The scale and shift ``path`` was last found at in a window of ``size`` (SAME until found otherwise)."""
        return self._fits.get((str(path), *size), SAME)

    def find(
        self, path: Path, region: Rect, confidence: float, *, all_scales: bool = False
    ) -> tuple[Match | None, float]:
        """Search ``region``: the match (or None) and the best score seen.

        One search at the size that worked last (as cut, at first); the other sizes only when the
        image has been missing for a while, or ``all_scales`` (a step's last look before it gives up).
        Raises :class:`~robots._desktop_scale.AmbiguousMatch` when two places match about equally."""
        import cv2
        import numpy as np

        needle = self.template(path)
        hay = cv2.cvtColor(np.asarray(grab(region).convert("RGB")), cv2.COLOR_RGB2GRAY)
        key = (str(path), region[2], region[3])
        first = self._fits.get(key, SAME)
        best, found = places(hay, needle, first, confidence)
        place = pick(found)
        if place is None and (all_scales or self._sweep_due(key)):
            best, place = self._sweep(hay, needle, path, region, confidence, skip=first, best=best)
        if place is None:
            return None, best
        self._fits[key] = place.fit
        self._missing.pop(key, None)
        return Match(region[0] + place.x, region[1] + place.y, place.width, place.height, place.score), best

    def _sweep(
        self, hay: Any, needle: Any, path: Path, region: Rect, confidence: float, *, skip: Fit, best: float
    ) -> tuple[float, Place | None]:
        """The other sizes; the first one tried is the windows' ratio when ``capture.yaml`` knows it."""
        from ._desktop_scale_record import read_records

        record = read_records(path.parent).get(path.name)
        predicted = record.ratio_to((region[2], region[3])) if record else None
        score, found = sweep(hay, needle, predicted, confidence, skip)
        return max(best, score), pick(found)

    def _sweep_due(self, key: tuple[str, int, int]) -> bool:
        """True once an image has been missing for SWEEP_EVERY seconds, then again every SWEEP_EVERY."""
        now = time.monotonic()
        since = self._missing.setdefault(key, now)
        if now - since < SWEEP_EVERY:
            return False
        self._missing[key] = now
        return True


_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def ocr_text(image: Any, lang: str = "jpn", single_line: bool = True) -> str:
    """Text in a PIL image by Tesseract; spaces Tesseract puts between Japanese characters removed."""
    import pytesseract
    from PIL import Image, ImageOps

    grey = ImageOps.grayscale(image)
    # screen text is small and anti-aliased: Tesseract reads it far better at 3× with a white margin
    big = grey.resize((grey.width * 3, grey.height * 3), Image.Resampling.LANCZOS)
    big = ImageOps.expand(big, border=20, fill=255 if _mostly_light(big) else 0)
    config = "--psm 7" if single_line else "--psm 6"
    raw = pytesseract.image_to_string(big, lang=lang, config=config)
    lines = [_CJK_SPACE.sub("", line).strip() for line in raw.splitlines()]
    return "\n".join(line for line in lines if line)


def _mostly_light(grey: Any) -> bool:
    histogram = grey.histogram()
    return sum(histogram[128:]) >= sum(histogram[:128])
