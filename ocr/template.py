"""Form templates: a YAML file beside a blank form image, listing the fields to read.

::

    form: 保育所入所申込書
    image: blank.png          # the blank form, relative to this file
    dpi: 200                  # only needed for boxes in mm
    unit: px                  # px (pixels of the blank image) or mm
    threshold: 80             # default confidence threshold (0–100)
    fields:
      - name: 申請日
        type: wareki_date     # text kana wareki_date date postal_code phone amount number checkbox choice
        box: [420, 400, 1125, 96]   # left, top, width, height
      - name: 希望保育所
        type: choice
        options: [さくら保育園, ひかり保育所]

Every mistake is reported as ``file:line: message`` with a hint, in Japanese and English,
through the same loader and error type as scenarios.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rpa_core.api import Checker, Loc, Node, Problem, ScenarioError, item_loc, load_yaml

from .image import MAX_PAGE_PIXELS

__all__ = ["FIELD_TYPES", "Field", "Template", "load_template"]

FIELD_TYPES = (
    "text",
    "kana",
    "wareki_date",
    "date",
    "postal_code",
    "phone",
    "amount",
    "number",
    "checkbox",
    "choice",
)
TOP_KEYS = ("form", "description", "image", "dpi", "unit", "threshold", "engine", "fields")
FIELD_KEYS = (
    "name",
    "type",
    "box",
    "label",
    "threshold",
    "chars",
    "options",
    "required",
    "precision",
    "ink",
    "spaces",
    "review",
    "reading_of",
)
# Default confidence thresholds by type, used when neither the field nor the template sets one.
# With a whitelist (kana, digits) Tesseract's confidence says little: a correct katakana line
# often scores under 25 because the model preferred a look-alike outside the list (一 for ー).
# Those types rely on the two readings agreeing and on their own checks instead.
TYPE_THRESHOLDS = {"text": 80.0, "kana": 0.0, "choice": 0.0, "checkbox": 60.0}
DEFAULT_THRESHOLD = 40.0
# A checkbox is ticked when this share of its inside is ink (after its border is cut away).
DEFAULT_INK = 0.06


@dataclass(frozen=True)
class Field:
    """One box of the form to read."""

    name: str
    type: str
    box: tuple[int, int, int, int]  # left, top, width, height in blank-image pixels
    threshold: float = 80.0
    chars: str | None = None  # allowed characters (None: the type's own set)
    options: tuple[str, ...] = ()
    required: bool = True
    precision: str = "day"  # dates: "day" or "month" (希望開始月)
    ink: float = DEFAULT_INK
    spaces: bool = True  # text: keep a space where the writing has a gap (氏 名); False for addresses
    always_review: bool = False  # review: always (handwritten fields, 個人番号): a person checks every one
    reading_of: str | None = None  # kana: the name field this is the reading of (same number of parts)
    line: int = 0

    @property
    def is_mark(self) -> bool:
        return self.type == "checkbox"


@dataclass(frozen=True)
class Template:
    """A form template, loaded and checked."""

    path: Path
    form: str
    image_path: Path
    size: tuple[int, int]  # width, height of the blank image
    dpi: int
    fields: tuple[Field, ...]
    engine: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def digest(self) -> str:
        """A hash of the template file and its image: stored reads are reused only for the same template."""
        h = hashlib.sha256(self.path.read_bytes())
        h.update(self.image_path.read_bytes())
        return h.hexdigest()[:16]


class _Checker(Checker):
    def unknown_template_keys(self, node: Node, allowed: tuple[str, ...], where: str, where_en: str) -> None:
        self.unknown_keys(node, allowed, where, message="ocr.tpl.unknown_key", suggest=None, where_en=where_en)

    def number(self, node: Node, key: str, default: float, lo: float, hi: float) -> float:
        value = node.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
            self.err(node.loc_of(key), "ocr.tpl.bad_value", key=key, detail=f"{value!r} ({lo:g}–{hi:g})")
            return default
        return float(value)


def _box(chk: _Checker, node: Node, scale: float) -> tuple[int, int, int, int] | None:
    raw = node.get("box")
    if raw is None:
        chk.err(node.loc, "ocr.tpl.missing", key="box")
        return None
    if (
        not isinstance(raw, list)
        or len(raw) != 4
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in raw)
        or raw[2] <= 0
        or raw[3] <= 0
    ):
        chk.err(node.loc_of("box"), "ocr.tpl.bad_box", value=raw)
        return None
    x, y, w, h = (round(float(v) * scale) for v in raw)
    return x, y, w, h


def _field(chk: _Checker, node: Any, loc: Loc, scale: float, threshold: float | None) -> Field | None:
    if not isinstance(node, Node):
        chk.err(loc, "ocr.tpl.not_mapping")
        return None
    chk.unknown_template_keys(node, FIELD_KEYS, "項目", "a field")
    name = node.get("name")
    if not isinstance(name, str | int) or not str(name).strip():
        chk.err(node.loc, "ocr.tpl.missing", key="name")
        return None
    ftype = node.get("type", "text")
    if ftype not in FIELD_TYPES:
        chk.err(node.loc_of("type"), "ocr.tpl.bad_type", value=ftype, allowed=", ".join(FIELD_TYPES))
        return None
    box = _box(chk, node, scale)
    options = node.get("options") or []
    if ftype == "choice" and (not isinstance(options, list) or not options):
        chk.err(node.loc, "ocr.tpl.no_options", field=name)
    precision = node.get("precision", "day")
    if precision not in ("day", "month"):
        chk.err(
            node.loc_of("precision"),
            "ocr.tpl.bad_value",
            key="precision",
            detail=f"{precision!r} (day / month)",
        )
    chars = node.get("chars")
    if chars is not None and not isinstance(chars, str):
        chk.err(node.loc_of("chars"), "ocr.tpl.bad_value", key="chars", detail=repr(chars))
        chars = None
    if box is None:
        return None
    return Field(
        name=str(name).strip(),
        type=ftype,
        box=box,
        threshold=chk.number(
            node,
            "threshold",
            TYPE_THRESHOLDS.get(ftype, DEFAULT_THRESHOLD) if threshold is None else threshold,
            0,
            100,
        ),
        chars=chars,
        options=tuple(str(o) for o in options) if isinstance(options, list) else (),
        required=bool(node.get("required", ftype != "checkbox")),
        precision=str(precision),
        ink=chk.number(node, "ink", DEFAULT_INK, 0.001, 0.9),
        spaces=bool(node.get("spaces", True)),
        always_review=_review_mode(chk, node),
        reading_of=str(node["reading_of"]) if node.get("reading_of") is not None else None,
        line=node.loc.line,
    )


def _review_mode(chk: _Checker, node: Node) -> bool:
    mode = node.get("review", "auto")
    if mode not in ("auto", "always"):
        chk.err(node.loc_of("review"), "ocr.tpl.bad_value", key="review", detail=f"{mode!r} (auto / always)")
    return mode == "always"


def _image_size(path: Path) -> tuple[int, int] | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            return img.size
    except Image.DecompressionBombError:
        return (0, 0)  # over Pillow's own limit: too large, size not read
    except (OSError, UnidentifiedImageError):
        return None


def load_template(path: Path) -> Template:
    """Load and check a template; every problem found is reported at once (ScenarioError)."""
    path = Path(path)
    display = str(path)
    data, problems = load_yaml(path, display)
    chk = _Checker(display)
    chk.problems.extend(problems)
    if not isinstance(data, Node):
        raise ScenarioError([Problem(Loc(display, 1), "ocr.tpl.not_mapping")])
    chk.unknown_template_keys(data, TOP_KEYS, "ひな形", "a template")
    unit = data.get("unit", "px")
    dpi = int(chk.number(data, "dpi", 200, 50, 1200))
    if unit not in ("px", "mm"):
        chk.err(data.loc_of("unit"), "ocr.tpl.bad_value", key="unit", detail=f"{unit!r} (px / mm)")
    scale = dpi / 25.4 if unit == "mm" else 1.0
    threshold = chk.number(data, "threshold", 0, 0, 100) if "threshold" in data else None
    image_rel = data.get("image")
    image_path = path.parent / str(image_rel) if image_rel else path.parent
    size = _image_size(image_path) if image_rel else None
    if not image_rel:
        chk.err(data.loc, "ocr.tpl.missing", key="image")
    elif size is None:
        chk.err(data.loc_of("image"), "ocr.tpl.no_image", path=str(image_rel))
    elif size == (0, 0) or size[0] * size[1] > MAX_PAGE_PIXELS:
        shown = [f"{n:,}" if n else "?" for n in size]
        chk.err(data.loc_of("image"), "ocr.file.too_many_pixels", file=str(image_rel), width=shown[0], height=shown[1],
                limit=f"{MAX_PAGE_PIXELS:,}")
    raw_fields = data.get("fields")
    fields: list[Field] = []
    if not isinstance(raw_fields, list) or not raw_fields:
        chk.err(data.loc_of("fields") if "fields" in data else data.loc, "ocr.tpl.missing", key="fields")
        raw_fields = []
    first: dict[str, int] = {}
    for i, raw in enumerate(raw_fields):
        loc = item_loc(raw_fields, i, data.loc)
        f = _field(chk, raw, loc, scale, threshold)
        if f is None:
            continue
        if f.name in first:
            chk.err(Loc(display, f.line), "ocr.tpl.duplicate_field", field=f.name, first=first[f.name])
            continue
        first[f.name] = f.line
        x, y, w, h = f.box
        if size is not None and (x < 0 or y < 0 or x + w > size[0] or y + h > size[1]):
            chk.err(Loc(display, f.line), "ocr.tpl.box_outside", field=f.name, width=size[0], height=size[1])
        fields.append(f)
    for f in fields:
        if f.reading_of is not None and f.reading_of not in first:
            detail = f"{f.reading_of!r} ({', '.join(first)})"
            chk.err(Loc(display, f.line), "ocr.tpl.bad_value", key="reading_of", detail=detail)
    if chk.problems:
        raise ScenarioError(chk.problems)
    assert size is not None
    engine = data.get("engine")
    return Template(
        path=path,
        form=str(data.get("form") or path.stem),
        image_path=image_path,
        size=size,
        dpi=dpi,
        fields=tuple(fields),
        engine=str(engine) if engine else None,
    )
