"""The reading pipeline: a scan in, one checked value per field out.

load → (blank page?) → align to the blank form → remove red seals → per field: crop,
clean, engine → normalise and parse → value, confidence, reason for review, crop path.

A file that cannot be read (missing, damaged, blank, another form) gives a
:class:`FormResult` with ``status`` and ``message`` instead of fields: one bad scan in a
pile never stops the others.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rpa_core.errors import ActionError

from .engines import Engine, make_engine
from .image import Aligner, checkbox_ink, field_crop, load_page, page_is_blank, remove_seals, save_png
from .parsers import Parsed, allowed_chars, parse, parse_checkbox
from .template import Field, Template

__all__ = ["FieldResult", "FormReader", "FormResult"]

OK, BLANK, NOT_ALIGNED, CORRUPT = "ok", "blank", "not_aligned", "corrupt"


@dataclass
class FieldResult:
    """One field of one form as read."""

    name: str
    type: str
    value: Any
    text: str  # normalised value as stored ('' when nothing was read)
    raw: str  # what the engine read
    confidence: float  # 0–100
    reason: str | None = None  # message key: why a clerk must look at it (None: accepted)
    reason_args: dict[str, Any] = field(default_factory=dict)
    crop: Path | None = None

    @property
    def needs_review(self) -> bool:
        return self.reason is not None


@dataclass
class FormResult:
    """One scanned page: its fields, or why it could not be read."""

    file: Path
    page: int = 1
    status: str = OK
    message: str = ""
    fields: list[FieldResult] = field(default_factory=list)
    angle: float = 0.0
    seconds: float = 0.0
    aligned: Any = None  # the aligned page (BGR), kept only when asked for

    @property
    def flagged(self) -> list[FieldResult]:
        return [f for f in self.fields if f.needs_review]

    def values(self) -> dict[str, Any]:
        return {f.name: f.value for f in self.fields}


class FormReader:
    """Reads scans of one template. Holds the engine and the blank form's features: reuse it."""

    def __init__(
        self,
        template: Template,
        engine: Engine | str | None = None,
        *,
        crops_dir: Path | None = None,
        keep_aligned: bool = False,
    ) -> None:
        self.template = template
        self.engine = engine if isinstance(engine, Engine) else make_engine(engine or template.engine)
        self.crops_dir = crops_dir
        self.keep_aligned = keep_aligned
        self.aligner = Aligner(template.image_path)

    def close(self) -> None:
        self.engine.close()

    def read(self, path: Path, page: int = 1) -> FormResult:
        """Read one page; never raises for a bad scan (see ``status``)."""
        t0 = time.perf_counter()
        result = FormResult(Path(path), page)
        try:
            self._read_into(result)
        except ActionError as exc:
            result.status = {"ocr.page.blank": BLANK, "ocr.page.not_aligned": NOT_ALIGNED}.get(
                exc.key, CORRUPT
            )
            result.message = exc.message()
        result.seconds = time.perf_counter() - t0
        return result

    def _read_into(self, result: FormResult) -> None:
        from .image import to_grey

        name = result.file.name
        image = load_page(result.file, result.page, self.template.dpi)
        if page_is_blank(to_grey(image)):
            raise ActionError("ocr.page.blank", file=name)
        aligned = self.aligner.align(image, name)
        result.angle = aligned.angle
        grey = remove_seals(aligned.image)
        if self.keep_aligned:
            result.aligned = aligned.image
        stem = f"{result.file.stem}_p{result.page}" if result.page > 1 else result.file.stem
        for f in self.template.fields:
            result.fields.append(self._read_field(f, grey, stem))

    def _read_field(self, f: Field, grey: Any, stem: str) -> FieldResult:
        if f.type == "checkbox":
            raw, ink = checkbox_ink(grey, f.box)
            parsed, confidence = parse_checkbox(f, ink)
            out = FieldResult(
                f.name,
                f.type,
                parsed.value,
                parsed.text,
                f"{ink:.3f}",
                confidence,
                parsed.reason,
                parsed.reason_args,
            )
        else:
            raw, variants, ink_px = field_crop(grey, f.box)
            if ink_px == 0:
                parsed, text, confidence = parse(f, ""), "", 100.0 if not f.required else 0.0
            else:
                parsed, text, confidence = self._read_text(f, variants)
            out = FieldResult(
                f.name, f.type, parsed.value, parsed.text, text, confidence, parsed.reason, parsed.reason_args
            )
            self._check_confidence(f, out, parsed)
        if f.always_review and out.reason is None:
            out.reason = "ocr.reason.always"
        if self.crops_dir is not None:
            out.crop = save_png(self.crops_dir / f"{stem}_{_safe(f.name)}.png", raw)
        return out

    def _read_text(self, f: Field, variants: list[Any]) -> tuple[Parsed, str, float]:
        """Read each cleaned variant; the first is the value, the others must agree with it."""
        whitelist = allowed_chars(f)
        readings = [self.engine.read_line(v, whitelist=whitelist) for v in variants]
        parsed = [parse(f, r.text) for r in readings]
        first = parsed[0]
        if first.reason is None and any(p.text != first.text for p in parsed[1:]):
            first.reason = "ocr.reason.disagree"
            first.reason_args = {"other": " / ".join(p.text for p in parsed[1:])}
        confidence = max(r.confidence for r in readings)
        return first, readings[0].text, confidence

    @staticmethod
    def _check_confidence(f: Field, out: FieldResult, parsed: Parsed) -> None:
        if parsed.reason is None and out.raw and out.confidence < f.threshold:
            out.reason = "ocr.reason.low_confidence"
            out.reason_args = {"confidence": round(out.confidence), "threshold": round(f.threshold)}


def _safe(name: str) -> str:
    """A field name usable in a file name on Windows too."""
    return "".join("_" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in name)
