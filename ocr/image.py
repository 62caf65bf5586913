"""Images in, clean field crops out: load, align to the blank form, remove seals and box lines.

Everything here works on numpy arrays (OpenCV's BGR colour, uint8 grey). The imports of
numpy/OpenCV/Pillow live inside the functions: ``robosan validate`` must never pay for them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rpa_core.api import ActionError

__all__ = [
    "Aligner",
    "Crop",
    "checkbox_ink",
    "field_crop",
    "load_page",
    "page_is_blank",
    "prepare",
    "remove_seals",
]

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".pdf")
# Pixels in one page: an A3 scan at 600 dpi is 70 million. A PNG header can declare 100,000 × 100,000
# (10 billion, 30 GB once decoded) in a few hundred bytes; it is refused from its header, before decoding.
MAX_PAGE_PIXELS = 100_000_000
_MATCH_WIDTH = 900  # features are matched on a copy this wide: fast, and precise enough


def load_page(path: Path, page: int = 1, dpi: int = 200) -> Any:
    """The page as a BGR array. PNG/JPEG/TIFF (any page of a multi-page TIFF) or a PDF page.

    A damaged or unknown file raises ``ActionError('ocr.file.corrupt')`` naming the file.
    """
    import numpy as np
    from PIL import Image, ImageSequence, UnidentifiedImageError

    path = Path(path)
    if not path.is_file():
        raise ActionError("ocr.file.not_found", file=path.name)
    if path.suffix.lower() == ".pdf":
        return _pdf_page(path, page, dpi)
    try:
        with warnings.catch_warnings():  # Pillow warns over 89 million pixels; the size is checked below
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(path)
        with img:
            frames = [f for _, f in zip(range(page), ImageSequence.Iterator(img), strict=False)]
            if len(frames) < page:
                raise ActionError("ocr.file.no_page", file=path.name, page=page)
            _check_pixels(path, *frames[-1].size)
            frame = frames[-1].convert("RGB")
            frame.load()
    except ActionError:
        raise
    except Image.DecompressionBombError:  # Pillow's own net (over 179 million pixels), at open
        width, height = _png_size(path)
        raise ActionError("ocr.file.too_many_pixels", file=path.name, width=width, height=height,
                          limit=f"{MAX_PAGE_PIXELS:,}") from None
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError):
        raise ActionError("ocr.file.corrupt", file=path.name) from None
    return np.ascontiguousarray(np.asarray(frame)[:, :, ::-1])


def _png_size(path: Path) -> tuple[str, str]:
    """The width and height a PNG header declares, as text ("?" for another format)."""
    with path.open("rb") as f:
        head = f.read(24)
    if not head.startswith(b"\x89PNG\r\n\x1a\n") or len(head) < 24:
        return "?", "?"
    return f"{int.from_bytes(head[16:20], 'big'):,}", f"{int.from_bytes(head[20:24], 'big'):,}"


def _check_pixels(path: Path, width: int, height: int) -> None:
    if width * height > MAX_PAGE_PIXELS:
        raise ActionError("ocr.file.too_many_pixels", file=path.name, width=f"{width:,}", height=f"{height:,}",
                          limit=f"{MAX_PAGE_PIXELS:,}")


def _check_pdf_page_size(path: Path, page: int, dpi: int) -> None:
    """Refuse a PDF page that would render to more than MAX_PAGE_PIXELS (a 200-inch MediaBox at 200 dpi).

    ``pdfinfo`` comes with ``pdftoppm`` (poppler); without it the page is rendered as before."""
    exe = shutil.which("pdfinfo")
    if exe is None:
        return
    try:
        proc = subprocess.run([exe, "-f", str(page), "-l", str(page), str(path)],
                              capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return
    m = re.search(rb"Page\s+\d+\s+size:\s*([\d.]+)\s*x\s*([\d.]+)\s*pts", proc.stdout)
    if m is None:
        m = re.search(rb"Page size:\s*([\d.]+)\s*x\s*([\d.]+)\s*pts", proc.stdout)
    if m is not None:
        width, height = (round(float(v) / 72 * dpi) for v in m.groups())
        _check_pixels(path, width, height)


def _pdf_page(path: Path, page: int, dpi: int) -> Any:
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise ActionError("ocr.file.pdftoppm")
    _check_pdf_page_size(path, page, dpi)
    with tempfile.TemporaryDirectory(prefix="robosan-pdf-") as tmp:
        out = Path(tmp) / "page"
        proc = subprocess.run(
            [exe, "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", str(path), str(out)],
            capture_output=True,
            timeout=120,
            check=False,
        )
        pngs = sorted(Path(tmp).glob("page*.png"))
        if proc.returncode != 0 or not pngs:
            if b"Wrong page range" in proc.stderr or b"first page" in proc.stderr:
                raise ActionError("ocr.file.no_page", file=path.name, page=page)
            raise ActionError("ocr.file.corrupt", file=path.name)
        return load_page(pngs[0])


def to_grey(image: Any) -> Any:
    import cv2

    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def page_is_blank(grey: Any) -> bool:
    """True when hardly anything on the page is ink (a blank sheet, the back of a form)."""
    import cv2

    small = cv2.resize(
        grey, (max(grey.shape[1] // 4, 1), max(grey.shape[0] // 4, 1)), interpolation=cv2.INTER_AREA
    )
    small = cv2.medianBlur(small, 3)
    return float((small < 128).mean()) < 0.002


def remove_seals(image: Any) -> Any:
    """The page in grey with red ink (印, 受付印) made white; black ink under a seal stays."""
    import cv2

    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    h, s, v = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    red = ((h <= 12) | (h >= 160)) & (s >= 60) & (v >= 90)
    grey = to_grey(image).copy()
    grey[red] = 255
    return grey


@dataclass
class Alignment:
    image: Any  # the page warped onto the blank form's pixel grid (BGR)
    inliers: int
    angle: float  # degrees of turn undone (a scan turned with PIL rotate(2) gives 2)


class Aligner:
    """Warps scans onto the blank form (ORB features + a RANSAC similarity transform)."""

    def __init__(self, blank_path: Path) -> None:
        import cv2

        blank = load_page(blank_path)
        self.size = (blank.shape[1], blank.shape[0])
        self.scale = _MATCH_WIDTH / blank.shape[1]
        self._orb = cv2.ORB_create(nfeatures=4000)  # type: ignore[attr-defined]
        self._kp, self._des = self._features(to_grey(blank))
        self._print = _ink_small(to_grey(blank))  # the blank form's printing, to check a match

    def _features(self, grey: Any) -> tuple[Any, Any]:
        import cv2

        scale = _MATCH_WIDTH / grey.shape[1]
        small = cv2.resize(grey, (_MATCH_WIDTH, round(grey.shape[0] * scale)), interpolation=cv2.INTER_AREA)
        small = cv2.GaussianBlur(small, (3, 3), 0)  # speckle makes poor corners
        kp, des = self._orb.detectAndCompute(small, None)
        for k in kp:  # back to full-size pixel coordinates
            k.pt = (k.pt[0] / scale, k.pt[1] / scale)
        return kp, des

    def align(self, image: Any, name: str) -> Alignment:
        """``image`` turned and moved onto the blank form; ``ocr.page.not_aligned`` if it is not that form."""
        import cv2
        import numpy as np

        kp, des = self._features(to_grey(image))
        if des is None or len(kp) < 20 or self._des is None:
            raise ActionError("ocr.page.not_aligned", file=name)
        matcher = cv2.BFMatcher(cv2.NORM_HAMMING)
        pairs = matcher.knnMatch(des, self._des, k=2)
        good = [p[0] for p in pairs if len(p) == 2 and p[0].distance < 0.8 * p[1].distance]
        if len(good) < 20:
            raise ActionError("ocr.page.not_aligned", file=name)
        src = np.array([kp[m.queryIdx].pt for m in good], dtype=np.float32)
        dst = np.array([self._kp[m.trainIdx].pt for m in good], dtype=np.float32)
        matrix, mask = cv2.estimateAffinePartial2D(
            src, dst, method=cv2.RANSAC, ransacReprojThreshold=4.0, maxIters=4000, confidence=0.995
        )
        inliers = int(mask.sum()) if mask is not None else 0
        if matrix is None or inliers < 25:
            raise ActionError("ocr.page.not_aligned", file=name)
        scale = float(np.hypot(matrix[0, 0], matrix[1, 0]))
        if not 0.8 < scale < 1.25:  # a different resolution is fine; a wild scale is a false match
            raise ActionError("ocr.page.not_aligned", file=name)
        angle = float(np.degrees(np.arctan2(matrix[1, 0], matrix[0, 0])))
        warped = cv2.warpAffine(
            image,
            matrix,
            self.size,
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=(255, 255, 255),
        )
        # Features can match a few shapes of another page; the form's own printing must be there too.
        seen = cv2.dilate(_ink_small(to_grey(warped)), np.ones((3, 3), np.uint8))
        covered = float((seen[self._print > 0] > 0).mean()) if self._print.any() else 1.0
        if covered < 0.6:
            raise ActionError("ocr.page.not_aligned", file=name)
        return Alignment(warped, inliers, angle)


def _ink_small(grey: Any) -> Any:
    """Ink mask at a quarter size (for comparing pages)."""
    import cv2

    small = cv2.resize(grey, (grey.shape[1] // 4, grey.shape[0] // 4), interpolation=cv2.INTER_AREA)
    return ((small < 160) * 255).astype("uint8")


def _remove_lines(binary: Any) -> Any:
    """Ink mask with long horizontal and vertical strokes (the form's ruling) taken out."""
    import cv2

    h, w = binary.shape
    horiz = cv2.morphologyEx(
        binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(w // 4, 15), 1))
    )
    vert = cv2.morphologyEx(
        binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(int(h * 0.7), 15)))
    )
    lines = cv2.dilate(cv2.bitwise_or(horiz, vert), cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    return cv2.bitwise_and(binary, cv2.bitwise_not(lines))


def _drop_specks(ink: Any, min_area: int) -> Any:
    import cv2
    import numpy as np

    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = np.zeros(n, dtype=bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= min_area
    return np.where(keep[labels], 255, 0).astype(np.uint8)


# Ways of cleaning a crop, read separately: a value is accepted only when two readings agree.
# Each makes different mistakes, so a mistake shared by two is rare. Measured on 200
# generated scans (benchmarks/ocr_accuracy.py): the crop at its own size without a median
# filter reads best (~89 % of fields right alone) and fastest; ×1.5 is the second reading;
# ×2 with a median filter is read only to settle a disagreement of the first two.
VARIANTS = ((1.0, 0), (1.5, 0), (2.0, 3))  # (scale, median filter size)
_MARGIN = 15  # Tesseract wants white around the writing
_SPACE_GAP = 1.0  # a blank stretch this many line heights wide is a space (氏 名), not a gap in a glyph


@dataclass
class Crop:
    """A cleaned crop for the engine: dark ink on white, and where its spaces are."""

    image: Any
    ink: int  # ink pixels (0: nothing written)
    gaps: list[tuple[int, int]]  # blank stretches (x from, x to) wide enough to be a space


def prepare(raw: Any, variant: int) -> Crop:
    """The raw grey crop cleaned the ``variant``-th way (see :data:`VARIANTS`)."""
    import cv2
    import numpy as np

    scale, blur = VARIANTS[variant]
    g = cv2.resize(raw, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC) if scale != 1 else raw
    if blur:
        g = cv2.medianBlur(g, blur)
    _, ink = cv2.threshold(g, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if float(np.mean(g)) > 245 or (g < 140).mean() < 0.002:
        ink[:] = 0  # Otsu on an empty box splits paper from paper: nothing is written there
    ink = _drop_specks(_remove_lines(ink), min_area=max(int(8 * scale * scale), 6))
    count = int(np.count_nonzero(ink))
    if count == 0:
        return Crop(np.full((40, 80), 255, np.uint8), 0, [])
    ys, xs = np.nonzero(ink)
    trimmed = ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    image = cv2.copyMakeBorder(
        255 - trimmed, _MARGIN, _MARGIN, _MARGIN, _MARGIN, cv2.BORDER_CONSTANT, value=255
    )
    return Crop(image, count, _gaps(trimmed))


def _gaps(ink: Any) -> list[tuple[int, int]]:
    """Runs of empty columns at least a line height wide, in the bordered crop's coordinates."""
    cols = [*ink.any(axis=0).tolist(), True]
    wide = _SPACE_GAP * ink.shape[0]
    out: list[tuple[int, int]] = []
    start: int | None = None
    for x, inked in enumerate(cols):
        if not inked and start is None:
            start = x
        elif inked and start is not None:
            if x - start >= wide:
                out.append((start + _MARGIN, x + _MARGIN))
            start = None
    return out


def field_crop(grey: Any, box: tuple[int, int, int, int], pad: int = 6) -> Any:
    """The raw grey crop of one text field (its box and a few pixels around it).

    :func:`prepare` cleans it for the engine: upscaled, median filter against speckle,
    Otsu threshold, ruling lines removed, specks dropped, trimmed to the writing.
    """
    x, y, w, h = box
    H, W = grey.shape
    return grey[max(y - pad, 0) : min(y + h + pad, H), max(x - pad, 0) : min(x + w + pad, W)]


def checkbox_ink(grey: Any, box: tuple[int, int, int, int]) -> tuple[Any, float]:
    """(raw crop, share of ink) inside a tick box, its printed border left out."""
    import cv2

    x, y, w, h = box
    inset_x, inset_y = max(w // 5, 3), max(h // 5, 3)
    raw = grey[max(y - 4, 0) : y + h + 4, max(x - 4, 0) : x + w + 4]
    inner = grey[y + inset_y : y + h - inset_y, x + inset_x : x + w - inset_x]
    if inner.size == 0:
        return raw, 0.0
    smooth = cv2.medianBlur(inner, 3)
    return raw, float((smooth < 128).mean())


def save_png(path: Path, image: Any) -> Path:
    """Write an array as PNG (through Pillow: OpenCV's imwrite cannot take a Japanese path on Windows)."""
    from PIL import Image

    arr = image if image.ndim == 2 else image[:, :, ::-1]
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(arr).save(path)
    return path
