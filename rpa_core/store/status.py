"""The statuses the run log stores, as ``StrEnum``s.

A ``StrEnum`` member *is* its string (``ItemStatus.DONE == "done"``), so the values in the
database, in JSON counts and in messages (``status.done``) stay exactly what they were.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["RERUN", "SETTLED", "ItemStatus", "ReviewStatus", "RunStatus"]


class ItemStatus(StrEnum):
    """A work item in the ledger: pending → in_progress → one of the settled states."""

    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    FAILED = "failed"
    MANUAL = "manual"
    NEEDS_CHECK = "needs_check"
    SKIPPED = "skipped"


class RunStatus(StrEnum):
    """A run: ``running`` while it goes, then how it ended (``crashed`` when its process vanished)."""

    RUNNING = "running"
    SUCCEEDED = "succeeded"
    PARTIAL = "partial"
    FAILED = "failed"
    WAITING = "waiting"
    DRY_RUN = "dry_run"
    STOPPED = "stopped"
    CRASHED = "crashed"


class ReviewStatus(StrEnum):
    """A field in the OCR review queue: waiting for a clerk, or answered."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    CORRECTED = "corrected"


# Settled items count in reports; a rerun takes the RERUN ones again.
SETTLED = (ItemStatus.DONE, ItemStatus.FAILED, ItemStatus.MANUAL, ItemStatus.NEEDS_CHECK, ItemStatus.SKIPPED)
RERUN = (ItemStatus.PENDING, ItemStatus.IN_PROGRESS, ItemStatus.FAILED)
