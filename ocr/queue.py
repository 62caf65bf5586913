"""The review queue: every read form and every field a person must look at, in the run log's database.

Two tables of our own, beside the core's (SQLAlchemy Core, so SQLite and PostgreSQL alike):

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

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    insert,
    select,
    update,
)

from rpa_core.api import RunLog, text, utcnow

from .reader import FormResult

__all__ = ["QueueItem", "ReviewQueue", "StoredForm", "file_sha"]

metadata = MetaData()

ocr_forms = Table(
    "ocr_forms",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("template", Text, nullable=False),
    Column("template_digest", String(32), nullable=False),
    Column("file", Text, nullable=False),
    Column("file_sha", String(64), nullable=False),
    Column("page", Integer, nullable=False, default=1),
    Column("status", String(20), nullable=False),
    Column("message", Text),
    Column("fields", JSON, nullable=False),
    Column("run_id", Integer),
    Column("read_at", DateTime, nullable=False),
    UniqueConstraint("template_digest", "file_sha", "page"),
)

ocr_queue = Table(
    "ocr_queue",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("form_id", Integer, ForeignKey("ocr_forms.id"), nullable=False, index=True),
    Column("field", Text, nullable=False),
    Column("type", String(20), nullable=False),
    Column("guess", Text),
    Column("raw", Text),
    Column("confidence", Float),
    Column("reason", Text),
    Column("crop", Text),
    Column("status", String(20), nullable=False, index=True),  # pending | accepted | corrected
    Column("value", Text),
    Column("minutes", Float),
    Column("created_at", DateTime, nullable=False),
    Column("reviewed_at", DateTime),
)

PENDING, ACCEPTED, CORRECTED = "pending", "accepted", "corrected"


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
    """Stored reads and their review queue, in the run log's database."""

    def __init__(self, log: RunLog) -> None:
        self.log = log
        metadata.create_all(log.engine)

    def find(self, digest: str, sha: str, page: int = 1) -> StoredForm | None:
        with self.log.engine.connect() as conn:
            row = conn.execute(
                select(ocr_forms.c.id).where(
                    ocr_forms.c.template_digest == digest,
                    ocr_forms.c.file_sha == sha,
                    ocr_forms.c.page == page,
                )
            ).first()
        return self.form(int(row.id)) if row else None

    def store(
        self, template_path: Path, digest: str, sha: str, result: FormResult, run_id: int | None
    ) -> StoredForm:
        """Record a read page and queue its flagged fields; returns the stored form."""
        now = utcnow()
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
        with self.log.engine.begin() as conn:
            form_id = int(
                conn.execute(
                    insert(ocr_forms).values(
                        template=str(Path(template_path).resolve()),
                        template_digest=digest,
                        file=str(result.file.resolve()),
                        file_sha=sha,
                        page=result.page,
                        status=result.status,
                        message=result.message or None,
                        fields=fields,
                        run_id=run_id,
                        read_at=now,
                    )
                ).inserted_primary_key[0]  # type: ignore[index]
            )
            rows = [
                dict(
                    form_id=form_id,
                    field=f.name,
                    type=f.type,
                    guess=f.text,
                    raw=f.raw,
                    confidence=round(f.confidence, 1),
                    reason=fields[f.name]["reason"],
                    crop=fields[f.name]["crop"],
                    status=PENDING,
                    created_at=now,
                )
                for f in result.flagged
            ]
            if rows:
                conn.execute(insert(ocr_queue), rows)
        return self.form(form_id)

    def form(self, form_id: int) -> StoredForm:
        with self.log.engine.connect() as conn:
            f = conn.execute(select(ocr_forms).where(ocr_forms.c.id == form_id)).one()
            queued = list(
                conn.execute(
                    select(ocr_queue.c.field, ocr_queue.c.status, ocr_queue.c.value).where(
                        ocr_queue.c.form_id == form_id
                    )
                )
            )
        answers = {q.field: q.value or "" for q in queued if q.status != PENDING}
        pending = [q.field for q in queued if q.status == PENDING]
        return StoredForm(form_id, f.file, f.status, f.message or "", dict(f.fields), answers, pending)

    def pending(self, form_ids: list[int] | None = None) -> list[QueueItem]:
        """Fields waiting for a clerk, oldest first (only those of ``form_ids`` if given)."""
        query = (
            select(ocr_queue, ocr_forms.c.file, ocr_forms.c.template, ocr_forms.c.run_id)
            .join(ocr_forms, ocr_forms.c.id == ocr_queue.c.form_id)
            .where(ocr_queue.c.status == PENDING)
            .order_by(ocr_queue.c.id)
        )
        if form_ids is not None:
            query = query.where(ocr_queue.c.form_id.in_(form_ids))
        with self.log.engine.connect() as conn:
            return [
                QueueItem(
                    r.id,
                    r.form_id,
                    r.file,
                    r.template,
                    r.field,
                    r.type,
                    r.guess or "",
                    r.raw or "",
                    r.confidence or 0.0,
                    r.reason or "",
                    r.crop,
                    r.run_id,
                )
                for r in conn.execute(query)
            ]

    def resolve(self, item: QueueItem, value: str, minutes: float) -> None:
        """Record the clerk's answer (and the minutes it took) here and in the run log's reviews."""
        status = ACCEPTED if value == item.guess else CORRECTED
        with self.log.engine.begin() as conn:
            conn.execute(
                update(ocr_queue)
                .where(ocr_queue.c.id == item.id)
                .values(status=status, value=value, minutes=minutes, reviewed_at=utcnow())
            )
        self.log.add_review(
            run_id=item.run_id,
            item_key=Path(item.file).name,
            field=item.field,
            guess=item.guess,
            value=value,
            minutes=minutes,
        )

    def counts(self) -> dict[str, int]:
        from sqlalchemy import func

        with self.log.engine.connect() as conn:
            return {
                r[0]: int(r[1])
                for r in conn.execute(select(ocr_queue.c.status, func.count()).group_by(ocr_queue.c.status))
            }


def _reason(key: str | None, args: dict[str, Any]) -> str | None:
    """The reason as a clerk reads it, in Japanese and English (stored once, shown later)."""
    if key is None:
        return None
    return f"{text(key, 'ja', **args)} / {text(key, 'en', **args)}"
