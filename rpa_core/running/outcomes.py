"""How a step or a work item ended, from what it raised; and the one retry loop every construct uses."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from rpa_core.errors import BadValue, DryRunStop, ItemManual, Rejected, RunWaiting, SkipItem, StepFailed
from rpa_core.language.model import Retry
from rpa_core.store.runlog import FAILED, MANUAL, SKIPPED

__all__ = ["DRY_RUN", "STOPPED", "outcome", "retrying"]

DRY_RUN, STOPPED = "dry_run", "stopped"
T = TypeVar("T")


def outcome(exc: BaseException) -> tuple[str, str]:
    """The status (run log and ledger words) and the message a step or an item ends with when ``exc`` escapes.

    DryRunStop → dry_run; SkipItem → skipped (its reason); ItemManual / RunWaiting → manual (the
    instruction); KeyboardInterrupt → stopped; anything else (StepFailed, AssertionFailed …) → failed.
    """
    if isinstance(exc, DryRunStop):
        return DRY_RUN, ""
    if isinstance(exc, SkipItem):
        return SKIPPED, exc.reason
    if isinstance(exc, ItemManual | RunWaiting):
        return MANUAL, exc.instruction
    if isinstance(exc, KeyboardInterrupt):
        return STOPPED, ""
    return FAILED, str(exc)


def retrying(retry: Retry | None, attempt: Callable[[int], T], on_retry: Callable[[int, int, StepFailed], None],
             may_retry: Callable[[StepFailed], bool] | None = None) -> T:
    """``attempt(n)`` for n = 1, 2 … until it returns, at most 1 + ``retry.times`` times.

    Between attempts ``on_retry(n, retries, exc)`` tells the clerk and ``retry.delay`` passes; the
    last failure propagates. Only StepFailed is retried: control signals (skip, dry-run stop) are not failures,
    a :class:`Rejected` row would be refused again and a :class:`BadValue` would fail again, and ``may_retry(exc)`` false (a commit step passed during
    the attempt: repeating it could register twice) ends the retries with that failure.
    """
    tries = 1 + (retry.times if retry else 0)
    n = 1
    while True:
        try:
            return attempt(n)
        except StepFailed as exc:
            if retry is None or n >= tries or isinstance(exc, Rejected | BadValue) or (may_retry and not may_retry(exc)):
                raise
            on_retry(n, tries - 1, exc)
            time.sleep(retry.delay)
            n += 1
