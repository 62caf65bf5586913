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

from rpa_core.api import ActionError

from .engines import Engine, Reading, make_engine
from .image import (
    Aligner,
    Crop,
    checkbox_ink,
    field_crop,
    load_page,
    page_is_blank,
    prepare,
    remove_seals,
    save_png,
)
from .parsers import Parsed, allowed_chars, parse, parse_checkbox
from .template import Field, Template

__all__ = ["FieldResult", "FormReader", "FormResult"]

OK, BLANK, NOT_ALIGNED, CORRUPT = "ok", "blank", "not_aligned", "corrupt"
# A kana or text value is accepted only if every character was read with at least this
# confidence. With a whitelist the word's confidence says little, the character's does
# (a correct katakana scores 97–100; an inserted or look-alike one often 85–95); in
# kanji a character under 97 was wrong about as often as right (measured on 200
# generated scans, benchmarks/ocr_accuracy.py).
CHAR_CONFIDENCE = {"kana": 95.0, "text": 97.0}


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
        texts = self._read_texts([f for f in self.template.fields if f.type != "checkbox"], grey)
        for f in self.template.fields:
            result.fields.append(self._read_field(f, grey, stem, texts.get(f.name)))
        _check_readings(self.template.fields, result.fields)

    def _read_texts(self, fields: list[Field], grey: Any) -> dict[str, tuple[Any, Crop, list[Reading]]]:
        """Every text field read twice (two cleanings), a third time where the two disagree.

        The engine gets the crops in batches sharing a whitelist: the program engine then
        starts once per batch instead of once per field.
        """
        raws = {f.name: field_crop(grey, f.box) for f in fields}
        crops = {f.name: [prepare(raws[f.name], 0)] for f in fields}
        written = [f for f in fields if crops[f.name][0].ink]
        for f in written:
            crops[f.name].append(prepare(raws[f.name], 1))
        readings: dict[str, list[Reading]] = {f.name: [] for f in fields}
        self._batch(written, crops, readings, (0, 1))
        # A third reading where the first two disagree or fail a check.
        split = [f for f in written if _agreed(f, readings[f.name]) is None]
        for f in split:
            crops[f.name].append(prepare(raws[f.name], 2))
        self._batch(split, crops, readings, (2,))
        return {f.name: (raws[f.name], crops[f.name][0], readings[f.name]) for f in fields}

    def _batch(
        self,
        fields: list[Field],
        crops: dict[str, list[Crop]],
        out: dict[str, list[Reading]],
        variants: tuple[int, ...],
    ) -> None:
        groups: dict[str | None, list[tuple[Field, int]]] = {}
        for f in fields:
            groups.setdefault(allowed_chars(f), []).extend((f, v) for v in variants)
        for whitelist, items in groups.items():
            chosen = [crops[f.name][v] for f, v in items]
            got = self.engine.read_lines(
                [c.image for c in chosen], whitelist=whitelist, gaps=[c.gaps for c in chosen]
            )
            for (f, _v), reading in zip(items, got, strict=True):
                out[f.name].append(reading)

    def _read_field(
        self, f: Field, grey: Any, stem: str, text: tuple[Any, Crop, list[Reading]] | None
    ) -> FieldResult:
        if f.type == "checkbox" or text is None:
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
            raw, first, readings = text
            if first.ink == 0:
                parsed, said, confidence = parse(f, ""), "", 100.0 if not f.required else 0.0
            else:
                parsed, said, confidence = _decide(f, readings)
            out = FieldResult(
                f.name, f.type, parsed.value, parsed.text, said, confidence, parsed.reason, parsed.reason_args
            )
            self._check_confidence(f, out, parsed)
        if f.always_review and out.reason is None:
            out.reason = "ocr.reason.always"
        if self.crops_dir is not None:
            out.crop = save_png(self.crops_dir / f"{stem}_{_safe(f.name)}.png", raw)
        return out

    @staticmethod
    def _check_confidence(f: Field, out: FieldResult, parsed: Parsed) -> None:
        if parsed.reason is None and out.raw and out.confidence < f.threshold:
            out.reason = "ocr.reason.low_confidence"
            out.reason_args = {"confidence": round(out.confidence), "threshold": round(f.threshold)}


def _safe(name: str) -> str:
    """A field name usable in a file name on Windows too."""
    return "".join("_" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in name)


def _agreed(f: Field, readings: list[Reading]) -> tuple[Parsed, int, float] | None:
    """(value, index of its reading, confidence) of two readings that agree and pass the checks.

    Pairs are tried in order (first two, then the third with each); the pair's first
    reading must be valid, above the threshold (the better of the two confidences) and,
    for kana and text, have every character read confidently.
    """
    parsed = [parse(f, r.text) for r in readings]
    floor = CHAR_CONFIDENCE.get(f.type)
    for i, j in ((0, 1), (0, 2), (1, 2)):
        if j >= len(readings) or parsed[i].reason is not None or parsed[i].text != parsed[j].text:
            continue
        confidence = max(readings[i].confidence, readings[j].confidence)
        if readings[i].text and confidence < f.threshold:
            continue
        # A character scored 0 has no score (the program engine gives 0 to the first
        # character after a space when the whitelist is set): only scored ones are judged.
        scored = [c.confidence for c in readings[i].chars if c.confidence > 0]
        if floor is not None and scored and min(scored) < floor:
            continue
        return parsed[i], i, confidence
    return None


def _decide(f: Field, readings: list[Reading]) -> tuple[Parsed, str, float]:
    """The value two readings agree on (see :func:`_agreed`), else the first reading, flagged.

    The flag says why: the first reading's own reason (type, characters), its confidence
    under the threshold, a doubtful character, or that the readings disagree.
    """
    agreed = _agreed(f, readings)
    if agreed is not None:
        value, i, confidence = agreed
        return value, readings[i].text, confidence
    first = parse(f, readings[0].text)
    confidence = max(r.confidence for r in readings)
    if first.reason is not None:
        return first, readings[0].text, confidence
    texts = [parse(f, r.text).text for r in readings]
    floor = CHAR_CONFIDENCE.get(f.type)
    scored = [c for c in readings[0].chars if c.confidence > 0]
    weakest = min(scored, key=lambda c: c.confidence) if scored else None
    if texts.count(first.text) > 1 and confidence < f.threshold:
        first.reason = "ocr.reason.low_confidence"
        first.reason_args = {"confidence": round(confidence), "threshold": round(f.threshold)}
    elif (
        texts.count(first.text) > 1
        and floor is not None
        and weakest is not None
        and weakest.confidence < floor
    ):
        first.reason = "ocr.reason.doubtful_char"
        first.reason_args = {"char": weakest.text, "confidence": round(weakest.confidence)}
    else:
        first.reason = "ocr.reason.disagree"
        first.reason_args = {"other": " / ".join(texts[1:])}
    return first, readings[0].text, confidence


def _check_readings(fields: tuple[Field, ...], results: list[FieldResult]) -> None:
    """A フリガナ must have as many parts (氏 / 名) as the name it reads (``reading_of``)."""
    by_name = {r.name: r for r in results}
    for f in fields:
        kana, name = by_name.get(f.name), by_name.get(f.reading_of or "")
        if kana is None or name is None or not kana.text or not name.text:
            continue
        if len(kana.text.split("\u3000")) == len(name.text.split("\u3000")):
            continue
        for mine, other in ((kana, name), (name, kana)):
            if mine.reason is None:
                mine.reason = "ocr.reason.reading_mismatch"
                mine.reason_args = {"other": other.name, "text": other.text}
