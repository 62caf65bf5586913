"""The review queue: every read form and every field a person must look at, in the run log's database.

Two tables, kept by the core's store (``rpa_core.store.review_queue``, reached through
``rpa_core.api``); this module turns OCR results into their rows and back:

- ``ocr_forms``: one row per scanned page and template (keyed by the file's SHA-256, so a
  scan read once is never read again, and a rerun reuses the clerk's answers);
- ``ocr_queue``: one row per flagged field: guess, confidence, reason, crop, and once a
  clerk answered it, the value and the minutes it took.

Every answer also goes into the core ``reviews`` table (``RunLog.add_review``) with the run
that read the form, so the time-saved report counts review minutes against that scenario.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rpa_core.api import review_store, text

from .reader import FormResult

__all__ = ["QueueItem", "ReviewQueue", "StoredForm", "file_sha"]

PENDING, ACCEPTED, CORRECTED = "pending", "accepted", "corrected"  # ReviewStatus in the store


def file_sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class QueueItem:
    id: int
    form_id: int
    file: str
    template: str
    field: str
    type: str
    guess: str
    raw: str
    confidence: float
    reason: str
    crop: str | None
    run_id: int | None


@dataclass
class StoredForm:
    id: int
    file: str
    status: str
    message: str
    fields: dict[str, dict[str, Any]]  # name -> {text, raw, confidence, reason, crop}
    answers: dict[str, str]  # name -> the clerk's value (text form)
    pending: list[str]  # names still waiting for a clerk


class ReviewQueue:
    """Stored reads and their review queue: OCR results in, the store's plain rows out as OCR types."""

    def __init__(self, log: Any) -> None:
        self.log = log
        self.records = review_store(log)

    def find(self, digest: str, sha: str, page: int = 1) -> StoredForm | None:
        form_id = self.records.find(digest, sha, page)
        return self.form(int(form_id)) if form_id is not None else None

    def store(
        self, template_path: Path, digest: str, sha: str, result: FormResult, run_id: int | None
    ) -> StoredForm:
        """Record a read page and queue its flagged fields; returns the stored form."""
        fields = {
            f.name: {
                "text": f.text,
                "raw": f.raw,
                "confidence": round(f.confidence, 1),
                "reason": _reason(f.reason, f.reason_args),
                "crop": str(f.crop) if f.crop else None,
            }
            for f in result.fields
        }
        form = dict(
            template=str(Path(template_path).resolve()),
            template_digest=digest,
            file=str(result.file.resolve()),
            file_sha=sha,
            page=result.page,
            status=result.status,
            message=result.message or None,
            fields=fields,
            run_id=run_id,
        )
        flagged = [
            dict(
                field=f.name,
                type=f.type,
                guess=f.text,
                raw=f.raw,
                confidence=round(f.confidence, 1),
                reason=fields[f.name]["reason"],
                crop=fields[f.name]["crop"],
            )
            for f in result.flagged
        ]
        return self.form(self.records.add_form(form, flagged))

    def form(self, form_id: int) -> StoredForm:
        f = self.records.form(form_id)
        return StoredForm(f["id"], f["file"], f["status"], f["message"], f["fields"], f["answers"], f["pending"])

    def pending(self, form_ids: list[int] | None = None) -> list[QueueItem]:
        """Fields waiting for a clerk, oldest first (only those of ``form_ids`` if given)."""
        return [
            QueueItem(
                r["id"],
                r["form_id"],
                r["file"],
                r["template"],
                r["field"],
                r["type"],
                r["guess"] or "",
                r["raw"] or "",
                r["confidence"] or 0.0,
                r["reason"] or "",
                r["crop"],
                r["run_id"],
            )
            for r in self.records.pending(form_ids)
        ]

    def resolve(self, item: QueueItem, value: str, minutes: float) -> None:
        """Record the clerk's answer (and the minutes it took) here and in the run log's reviews."""
        review = dict(run_id=item.run_id, item_key=Path(item.file).name, field=item.field, guess=item.guess)
        self.records.resolve(item.id, accepted=value == item.guess, value=value, minutes=minutes, review=review)

    def counts(self) -> dict[str, int]:
        return dict(self.records.counts())


def _reason(key: str | None, args: dict[str, Any]) -> str | None:
    """The reason as a clerk reads it, in Japanese and English (stored once, shown later)."""
    if key is None:
        return None
    return f"{text(key, 'ja', **args)} / {text(key, 'en', **args)}"
