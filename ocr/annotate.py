"""The annotated image of ``robosan ocr test``: the aligned scan with every field's box.

Green: accepted. Red: goes to review. The field's number matches the table printed beside it.
"""

from __future__ import annotations

from pathlib import Path

from .reader import FormResult
from .template import Template

__all__ = ["annotate"]

FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"


def annotate(template: Template, result: FormResult, out: Path) -> Path:
    """Draw the boxes (and each value) over the aligned page; write a PNG to ``out``."""
    from PIL import Image, ImageDraw, ImageFont

    img = (
        Image.fromarray(result.aligned[:, :, ::-1]) if result.aligned is not None else Image.open(result.file)
    )
    img = img.convert("RGB")
    draw = ImageDraw.Draw(img)
    try:
        font: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.truetype(FONT, 22)
    except OSError:  # no IPAex font on this PC (Windows): boxes still help
        font = ImageFont.load_default()
    by_name = {f.name: f for f in result.fields}
    for n, field in enumerate(template.fields, 1):
        x, y, w, h = field.box
        got = by_name.get(field.name)
        colour = (220, 0, 0) if got is None or got.needs_review else (0, 160, 0)
        draw.rectangle((x, y, x + w, y + h), outline=colour, width=3)
        label = f"{n} {field.name}: {got.text if got else ''}"
        draw.text((x + 4, max(y - 24, 0)), label, fill=colour, font=font)
    out.parent.mkdir(parents=True, exist_ok=True)
    img.save(out)
    return out
