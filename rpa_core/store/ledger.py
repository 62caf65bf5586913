"""The ledger's own decisions that are not part of a run: a clerk settling waiting items.

``robosan items settle`` calls :func:`settle_waiting`; the rules live here, beside the rows
they change, so the console only parses the command and prints the count.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update

from rpa_core.store.database import utcnow
from rpa_core.store.runlog import RunLog
from rpa_core.store.status import ItemStatus
from rpa_core.store.tables import batches, items

__all__ = ["AmbiguousScenario", "settle_waiting"]

WAITING = (ItemStatus.NEEDS_CHECK, ItemStatus.MANUAL)


class AmbiguousScenario(Exception):
    """The keys match waiting items of several scenarios: never settle both by accident."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = list(names)
        super().__init__(", ".join(self.names))


def settle_waiting(log: RunLog, keys: Sequence[str], status: str, scenario_name: str | None) -> int:
    """Set waiting items (``keys``, all if empty) to ``status``: done, failed or skipped. Returns the count.

    ``failed`` means "run it again next time", so such an item is not settled (no ``settled_at``).
    Without ``scenario_name``, keys found in two scenarios raise :class:`AmbiguousScenario`.
    """
    cond: list[Any] = [items.c.status.in_(WAITING)]
    if keys:
        cond.append(items.c.key.in_(list(keys)))
    if scenario_name:
        cond.append(items.c.batch_id.in_(select(batches.c.id).where(batches.c.scenario_name == scenario_name)))
    values: dict[str, Any] = {"status": status, "updated_at": utcnow(), "message": "settled by clerk"}
    if status != ItemStatus.FAILED:
        values["settled_at"] = utcnow()
    else:  # the clerk looked: it is not in the target system, so the next run may register it again
        values["committed"] = False
    with log.engine.begin() as conn:
        if not scenario_name:
            names = sorted({n for (n,) in conn.execute(
                select(batches.c.scenario_name).join(items, items.c.batch_id == batches.c.id).where(*cond))})
            if len(names) > 1:
                raise AmbiguousScenario(names)
        return int(conn.execute(update(items).where(*cond).values(**values)).rowcount)
