"""The OCR review queue's storage: read forms (``ocr_forms``) and flagged fields (``ocr_queue``).

Plain values in, plain dicts out: the OCR side (``ocr/queue.py``) turns its read results into
these and back into its own types, so the store never imports ``ocr``. Every answer also
goes into the run log's ``reviews`` (with the run that read the form), so the time-saved
report counts review minutes against that scenario.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, insert, select, update

from rpa_core.store.database import utcnow
from rpa_core.store.runlog import RunLog
from rpa_core.store.status import ReviewStatus
from rpa_core.store.tables import ocr_forms, ocr_queue

__all__ = ["ReviewStore"]


class ReviewStore:
    """Stored reads and their review queue, in the run log's database."""

    def __init__(self, log: RunLog) -> None:
        self.log = log

    def find(self, digest: str, sha: str, page: int = 1) -> int | None:
        """The id of the form already read from this file (by SHA-256) with this template, if any."""
        with self.log.engine.connect() as conn:
            return conn.execute(
                select(ocr_forms.c.id).where(
                    ocr_forms.c.template_digest == digest, ocr_forms.c.file_sha == sha, ocr_forms.c.page == page
                )
            ).scalar()

    def add_form(self, form: Mapping[str, Any], flagged: Sequence[Mapping[str, Any]]) -> int:
        """Store a read page (columns of ``ocr_forms``) and queue its flagged fields; returns the form id.

        ``flagged``: field, type, guess, raw, confidence, reason, crop per field a clerk must look at.
        """
        now = utcnow()
        with self.log.engine.begin() as conn:
            form_id = int(conn.execute(insert(ocr_forms).values(read_at=now, **form)).inserted_primary_key[0])  # type: ignore[index]
            rows = [dict(f, form_id=form_id, status=ReviewStatus.PENDING, created_at=now) for f in flagged]
            if rows:
                conn.execute(insert(ocr_queue), rows)
        return form_id

    def form(self, form_id: int) -> dict[str, Any]:
        """A stored form: id, file, status, message, fields, answers {field: value}, pending [field]."""
        with self.log.engine.connect() as conn:
            f = conn.execute(select(ocr_forms).where(ocr_forms.c.id == form_id)).one()
            queued = list(conn.execute(
                select(ocr_queue.c.field, ocr_queue.c.status, ocr_queue.c.value).where(ocr_queue.c.form_id == form_id)
            ))
        return {
            "id": form_id,
            "file": f.file,
            "status": f.status,
            "message": f.message or "",
            "fields": dict(f.fields),
            "answers": {q.field: q.value or "" for q in queued if q.status != ReviewStatus.PENDING},
            "pending": [q.field for q in queued if q.status == ReviewStatus.PENDING],
        }

    def pending(self, form_ids: Sequence[int] | None = None) -> list[dict[str, Any]]:
        """Fields waiting for a clerk, oldest first, with their form's file, template and run_id."""
        query = (
            select(ocr_queue, ocr_forms.c.file, ocr_forms.c.template, ocr_forms.c.run_id)
            .join(ocr_forms, ocr_forms.c.id == ocr_queue.c.form_id)
            .where(ocr_queue.c.status == ReviewStatus.PENDING)
            .order_by(ocr_queue.c.id)
        )
        if form_ids is not None:
            query = query.where(ocr_queue.c.form_id.in_(list(form_ids)))
        with self.log.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def resolve(self, queue_id: int, *, accepted: bool, value: str, minutes: float, review: Mapping[str, Any]) -> None:
        """Record a clerk's answer here, and in the run log's reviews (``review``: run_id, item_key, field, guess)."""
        status = ReviewStatus.ACCEPTED if accepted else ReviewStatus.CORRECTED
        with self.log.engine.begin() as conn:
            conn.execute(
                update(ocr_queue)
                .where(ocr_queue.c.id == queue_id)
                .values(status=status, value=value, minutes=minutes, reviewed_at=utcnow())
            )
        self.log.add_review(value=value, minutes=minutes, **review)

    def counts(self) -> dict[str, int]:
        """How many queued fields are pending, accepted and corrected."""
        with self.log.engine.connect() as conn:
            return {
                r[0]: int(r[1])
                for r in conn.execute(select(ocr_queue.c.status, func.count()).group_by(ocr_queue.c.status))
            }
