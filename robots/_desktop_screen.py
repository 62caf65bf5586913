"""Looking at the screen: grab it, find a reference image in it (OpenCV), read text in it (Tesseract).

Matching is OpenCV's normalised cross-correlation (``TM_CCOEFF_NORMED``, what PyAutoGUI's
``locateOnScreen(confidence=…)`` uses), on grey images, searched only inside the window the step
works in: a smaller haystack is faster and cannot match a look-alike in another program.
Reference images are read once per run and kept (keyed by path and modification time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    """Finds reference PNGs on screen; keeps each loaded image for the rest of the run."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, float], Any] = {}

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

    def find(self, path: Path, region: Rect, confidence: float) -> tuple[Match | None, float]:
        """Search ``region`` once: the match (or None) and the best score seen."""
        import cv2
        import numpy as np

        needle = self.template(path)
        shot = grab(region)
        hay = cv2.cvtColor(np.asarray(shot.convert("RGB")), cv2.COLOR_RGB2GRAY)
        th, tw = needle.shape[:2]
        if hay.shape[0] < th or hay.shape[1] < tw:
            return None, 0.0
        result = cv2.matchTemplate(hay, needle, cv2.TM_CCOEFF_NORMED)
        _min, best, _minloc, loc = cv2.minMaxLoc(result)
        best = float(best) if np.isfinite(best) else 0.0
        if best < confidence:
            return None, best
        return Match(region[0] + int(loc[0]), region[1] + int(loc[1]), int(tw), int(th), best), best


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
