"""Propose a template from a blank form: find the boxes, name each after its printed label.

A clerk cannot measure pixels. This finds the ruled cells of the blank form; an empty cell
is a field, named after the text of the nearest label cell to its left (read by OCR); a
small empty square is a checkbox, named after the text to its right. The type is guessed
from the label (生年月日 → wareki_date, フリガナ → kana ...). The result is a YAML file for
the clerk to check and correct: it is a proposal, not a finished template.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rpa_core.api import ActionError

from .engines import Engine
from .image import load_page, to_grey

__all__ = ["Proposed", "find_fields", "template_yaml"]

_TYPE_HINTS = (
    (r"フリガナ|ふりがな|カナ", "kana"),
    (r"郵便", "postal_code"),
    (r"電話|TEL|携帯", "phone"),
    (r"金額|円|税額|所得", "amount"),
    (r"人数|番号|数$", "number"),
    (r"保育所|保育園|区分|種別|続柄", "choice"),
    (r"日$|年月日|生年", "wareki_date"),
    (r"月$", "wareki_date"),
)


@dataclass
class Proposed:
    name: str
    type: str
    box: tuple[int, int, int, int]
    precision: str = "day"


def _cells(grey: Any) -> tuple[list[tuple[int, int, int, int]], Any]:
    """Boxes enclosed by ruled lines (x, y, w, h), and the ink mask without the lines."""
    import cv2
    import numpy as np

    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    k = max(grey.shape[1] // 80, 20)
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    lines = cv2.dilate(cv2.bitwise_or(horiz, vert), np.ones((3, 3), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(cv2.bitwise_not(lines), connectivity=4)
    H, W = grey.shape
    cells = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if x == 0 or y == 0 or x + w >= W or y + h >= H:  # the page around the table
            continue
        if w < 28 or h < 28 or area < 0.8 * w * h or w > 0.95 * W:
            continue
        cells.append((x, y, w, h))
    text_ink = cv2.bitwise_and(ink, cv2.bitwise_not(lines))
    return cells, text_ink


def _has_text(text_ink: Any, box: tuple[int, int, int, int]) -> bool:
    x, y, w, h = box
    inner = text_ink[y + 4 : y + h - 4, x + 4 : x + w - 4]
    return inner.size > 0 and float((inner > 0).mean()) > 0.01


def _read(engine: Engine, grey: Any, box: tuple[int, int, int, int]) -> str:
    import cv2

    x, y, w, h = box
    crop = grey[max(y, 0) : y + h, max(x, 0) : x + w]
    if crop.size == 0:
        return ""
    crop = cv2.resize(crop, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC)
    crop = cv2.copyMakeBorder(crop, 12, 12, 12, 12, cv2.BORDER_CONSTANT, value=255)
    return re.sub(r"[\s|:：_\[\]()]+", "", engine.read_line(crop).text)


def _guess_type(label: str) -> tuple[str, str]:
    for pattern, kind in _TYPE_HINTS:
        if re.search(pattern, label):
            return kind, "month" if pattern == r"月$" else "day"
    return "text", "day"


def find_fields(path: Path, engine: Engine) -> list[Proposed]:
    """The fields a blank form seems to have, top to bottom, left to right."""
    grey = to_grey(load_page(path))
    cells, text_ink = _cells(grey)
    labels = [c for c in cells if _has_text(text_ink, c)]
    fields: list[Proposed] = []
    used: set[str] = set()
    for box in sorted((c for c in cells if not _has_text(text_ink, c)), key=lambda b: (b[1] // 20, b[0])):
        x, y, w, h = box
        if abs(w - h) < 0.25 * w and w < 90:  # a small square: a checkbox, its label to the right
            name = _read(engine, grey, (x + w + 4, y - 8, min(500, grey.shape[1] - x - w - 4), h + 16))
            kind, precision = "checkbox", "day"
        else:
            left = [
                c for c in labels if c[0] + c[2] <= x + 6 and min(c[1] + c[3], y + h) - max(c[1], y) > 0.5 * h
            ]
            label_box = max(left, key=lambda c: c[0]) if left else None
            name = _read(engine, grey, label_box) if label_box else ""
            kind, precision = _guess_type(name)
        name = name or f"項目{len(fields) + 1}"
        while name in used:
            name += "_2"
        used.add(name)
        fields.append(Proposed(name, kind, box, precision))
    if not fields:
        raise ActionError("ocr.template.no_boxes", file=Path(path).name)
    return fields


def template_yaml(image: Path, fields: list[Proposed], size: tuple[int, int]) -> str:
    """The proposed template as YAML, with comments telling the clerk what to check."""
    lines = [
        "# robosan ocr template が作ったひな形の案です。項目名・種類を確かめて直してください。",
        "# This template was proposed by `robosan ocr template`: check the names and types.",
        f"form: {image.stem}",
        f"image: {image.name}",
        "dpi: 200",
        "unit: px",
        "threshold: 80",
        f"# 画像の大きさ / image size: {size[0]} x {size[1]}",
        "fields:",
    ]
    for f in fields:
        extra = ", options: [選択肢1, 選択肢2]" if f.type == "choice" else ""
        extra += ", precision: month" if f.precision == "month" else ""
        lines.append(
            f"  - {{name: {json.dumps(f.name, ensure_ascii=False)}, type: {f.type}, box: [{', '.join(str(v) for v in f.box)}]{extra}}}"
        )
    return "\n".join(lines) + "\n"
