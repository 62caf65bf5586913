"""The ledger's own decisions that are not part of a run: a clerk settling items, and orphaned keys.

``robosan items settle`` calls :func:`settle_waiting` (or :func:`settle_orphans`); the rules live
here, beside the rows they change, so the console only parses the command and prints the count.

Every change a clerk makes is written to ``item_events`` (old and new status, who, on which PC,
why) in the same transaction as the change itself: a supervisor can always see that an item was
settled by hand, and the report counts such an item as hand work, never as robot savings.

An *orphan* is a failed item whose key a later run over the same data never met again: the clerk
fixed the row and its key changed (a typo in a 債権者コード), so the old key would stay failed for
ever and count as hand work that nobody will do. Only evidence decides: a later run of the same
batch scope (scenario, loop, batch; any ``--fresh`` generation) that finished and wrote other items.
"""

from __future__ import annotations

import getpass
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from rpa_core.store.database import utcnow
from rpa_core.store.runlog import RunLog
from rpa_core.store.status import ItemStatus, RunStatus
from rpa_core.store.tables import batches, item_events, items, runs

__all__ = [
    "AmbiguousScenario", "Orphan", "clerk_identity", "find_orphans", "find_orphans_on", "settle_orphans",
    "settle_waiting",
]

WAITING = (ItemStatus.NEEDS_CHECK, ItemStatus.MANUAL)
# A later run that ended one of these went through its loop: a key it did not meet is no longer in the data.
FINISHED = (RunStatus.SUCCEEDED, RunStatus.PARTIAL, RunStatus.WAITING)


class AmbiguousScenario(Exception):
    """The keys match waiting items of several scenarios: never settle both by accident."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = list(names)
        super().__init__(", ".join(self.names))


@dataclass(frozen=True)
class Orphan:
    """A failed key never met again: where it was, what the robot last said, and when (naive UTC)."""

    item_id: int
    scenario_name: str
    loop_name: str
    key: str
    row_no: int | None
    message: str | None
    at: Any
    run_id: int | None
    settled_at: Any


def clerk_identity() -> tuple[str, str]:
    """(OS user, host) of whoever runs the command: the audit trail's actor.

    ``getpass.getuser`` reads the environment first and then the password database, which a
    service account on Windows or a container may lack; the record must be written anyway.
    """
    try:
        user = getpass.getuser()
    except Exception:  # OSError (3.13), KeyError/ImportError (older) when no name can be found
        user = os.environ.get("USERNAME") or os.environ.get("USER") or ""
    try:
        host = socket.gethostname()
    except OSError:
        host = ""
    return (user or "unknown")[:200], (host or "unknown")[:200]


def _scenario_filter(scenario_name: str | None) -> list[Any]:
    if not scenario_name:
        return []
    return [items.c.batch_id.in_(select(batches.c.id).where(batches.c.scenario_name == scenario_name))]


def settle_waiting(log: RunLog, keys: Sequence[str], status: str, scenario_name: str | None,
                   *, reason: str | None = None) -> int:
    """Set waiting items (``keys``, all if empty) to ``status``: done, failed or skipped. Returns the count.

    ``failed`` means "run it again next time", so such an item is not settled (no new ``settled_at``,
    no ``settled_by``: the next run settles it). ``done`` and ``skipped`` record the clerk in
    ``settled_by``. Without ``scenario_name``, keys found in two scenarios raise :class:`AmbiguousScenario`.
    """
    cond: list[Any] = [items.c.status.in_(WAITING), *_scenario_filter(scenario_name)]
    if keys:
        cond.append(items.c.key.in_(list(keys)))
    with log.engine.begin() as conn:
        if not scenario_name:
            names = sorted({n for (n,) in conn.execute(
                select(batches.c.scenario_name).join(items, items.c.batch_id == batches.c.id).where(*cond))})
            if len(names) > 1:
                raise AmbiguousScenario(names)
        found = [(int(r.id), str(r.status)) for r in conn.execute(select(items.c.id, items.c.status).where(*cond))]
        return _settle(conn, found, status, reason)


def _settle(conn: Connection, found: list[tuple[int, str]], status: str, reason: str | None) -> int:
    """Change ``found`` (id, old status) to ``status`` and write one audit row each, in the caller's transaction."""
    if not found:
        return 0
    actor, host = clerk_identity()
    now = utcnow()
    values: dict[str, Any] = {"status": status, "updated_at": now, "message": reason or "settled by clerk"}
    if status != ItemStatus.FAILED:
        values.update(settled_at=now, settled_by=actor)
    else:  # the clerk looked: it is not in the target system, so the next run may register it again
        values["committed"] = False
    ids = [item_id for item_id, _ in found]
    for i in range(0, len(ids), 500):
        conn.execute(update(items).where(items.c.id.in_(ids[i : i + 500])).values(**values))
    conn.execute(insert(item_events), [
        {"item_id": item_id, "at": now, "old_status": old, "new_status": status, "actor": actor, "host": host,
         "reason": reason}
        for item_id, old in found
    ])
    return len(found)


def find_orphans(log: RunLog, scenario_name: str | None = None, keys: Sequence[str] = ()) -> list[Orphan]:
    """Failed, never settled by a clerk, and not met again by a later finished run over the same data.

    Sorted by scenario, loop and key. Reads only failed items and, per batch scope that has some,
    the runs that wrote its items: cheap even on a log of a million items.
    """
    with log.engine.connect() as conn:
        return find_orphans_on(conn, scenario_name, keys)


def find_orphans_on(conn: Connection, scenario_name: str | None = None, keys: Sequence[str] = ()) -> list[Orphan]:
    """:func:`find_orphans` on an open connection (the report reads them in its own snapshot).

    Narrowed in SQL first: only batches holding a failed item whose scope was written by a later run
    come back (none, on most logs), read from the report's covering index; then, for those only,
    which runs they were and how they ended, and the details of the few orphans.
    """
    cond: list[Any] = [items.c.status == ItemStatus.FAILED, items.c.settled_by.is_(None),
                       items.c.run_id.is_not(None), *_scenario_filter(scenario_name)]
    if keys:
        cond.append(items.c.key.in_(list(keys)))
    failed = select(items.c.batch_id, func.min(items.c.run_id).label("first")).where(*cond) \
        .group_by(items.c.batch_id).subquery()
    other, written = batches.alias("other"), items.alias("written")
    newest = (select(func.max(written.c.run_id)).select_from(written.join(other, other.c.id == written.c.batch_id))
              .where(other.c.scenario_name == batches.c.scenario_name, other.c.loop_name == batches.c.loop_name,
                     other.c.scope_hash == batches.c.scope_hash)
              .correlate(batches).scalar_subquery())
    first_failed: dict[tuple[str, str, str], int] = {}  # scope → the earliest run that left a failed item
    for r in conn.execute(select(failed.c.first, batches.c.scenario_name, batches.c.loop_name, batches.c.scope_hash)
                          .join(batches, batches.c.id == failed.c.batch_id).where(newest > failed.c.first)):
        scope = (r.scenario_name, r.loop_name, r.scope_hash)
        first_failed[scope] = min(first_failed.get(scope, r.first), r.first)
    if not first_failed:
        return []
    scope_of, generation = _scope_batches(conn, set(first_failed))
    latest = _latest_finished(conn, set(scope_of), scope_of, first_failed)
    candidates: list[Any] = []
    for chunk in _chunks(sorted(b for b, scope in scope_of.items() if latest.get(scope, 0))):
        candidates += (r for r in conn.execute(
            select(items.c.id, items.c.key, items.c.row_no, items.c.message, items.c.updated_at, items.c.run_id,
                   items.c.settled_at, batches.c.scenario_name, batches.c.loop_name, batches.c.scope_hash,
                   batches.c.generation)
            .join(batches, items.c.batch_id == batches.c.id).where(*cond, items.c.batch_id.in_(chunk)))
            if latest[(r.scenario_name, r.loop_name, r.scope_hash)] > r.run_id)
    met_again = _met_again(conn, candidates, scope_of, generation)
    out = [Orphan(int(r.id), r.scenario_name, r.loop_name, r.key, r.row_no, r.message, r.updated_at, r.run_id,
                  r.settled_at) for r in candidates if int(r.id) not in met_again]
    return sorted(out, key=lambda o: (o.scenario_name, o.loop_name, o.key))


def _scope_batches(conn: Connection, scopes: set[tuple[str, str, str]]
                   ) -> tuple[dict[int, tuple[str, str, str]], dict[int, int]]:
    """Every batch of ``scopes`` (any generation): batch id → scope, and batch id → generation."""
    scope_of: dict[int, tuple[str, str, str]] = {}
    generation: dict[int, int] = {}
    for b in conn.execute(select(batches.c.id, batches.c.scenario_name, batches.c.loop_name, batches.c.scope_hash,
                                 batches.c.generation)
                          .where(batches.c.scenario_name.in_(sorted({s[0] for s in scopes})))):
        scope = (b.scenario_name, b.loop_name, b.scope_hash)
        if scope in scopes:
            scope_of[int(b.id)], generation[int(b.id)] = scope, int(b.generation)
    return scope_of, generation


def _latest_finished(conn: Connection, batch_ids: set[int], scope_of: dict[int, tuple[str, str, str]],
                     first_failed: dict[tuple[str, str, str], int]) -> dict[tuple[str, str, str], int]:
    """Scope → the latest finished run that wrote one of its items after its first failed one."""
    writers: dict[tuple[str, str, str], set[int]] = {}
    for chunk in _chunks(sorted(batch_ids)):
        for batch_id, run_id in conn.execute(select(items.c.batch_id, items.c.run_id)
                                             .where(items.c.batch_id.in_(chunk), items.c.run_id.is_not(None))
                                             .group_by(items.c.batch_id, items.c.run_id)):
            scope = scope_of[int(batch_id)]
            if int(run_id) > first_failed[scope]:
                writers.setdefault(scope, set()).add(int(run_id))
    finished: set[int] = set()
    for chunk in _chunks(sorted(set().union(*writers.values()))):
        finished.update(int(r) for (r,) in conn.execute(
            select(runs.c.id).where(runs.c.id.in_(chunk), runs.c.status.in_(FINISHED))))
    return {scope: max(ws & finished, default=0) for scope, ws in writers.items()}


def _met_again(conn: Connection, candidates: list[Any], scope_of: dict[int, tuple[str, str, str]],
               generation: dict[int, int]) -> set[int]:
    """Ids of candidate items whose key is in a later (``--fresh``) batch of the same scope."""
    by_scope: dict[tuple[str, str, str], list[int]] = {}
    for batch_id, scope in scope_of.items():
        by_scope.setdefault(scope, []).append(batch_id)

    def later(r: Any) -> list[int]:
        return [b for b in by_scope[(r.scenario_name, r.loop_name, r.scope_hash)] if generation[b] > r.generation]

    later_batches = sorted({b for r in candidates for b in later(r)})
    if not later_batches:
        return set()
    seen: set[tuple[int, str]] = set()  # (batch id, key) of later batches holding a candidate's key
    for chunk in _chunks(sorted({r.key for r in candidates})):
        seen.update((int(b), str(k)) for b, k in conn.execute(
            select(items.c.batch_id, items.c.key).where(items.c.batch_id.in_(later_batches), items.c.key.in_(chunk))))
    return {int(r.id) for r in candidates if any((b, r.key) in seen for b in later(r))}


def _chunks(values: Sequence[Any], size: int = 500) -> list[Sequence[Any]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def settle_orphans(log: RunLog, keys: Sequence[str], status: str, scenario_name: str | None,
                   *, reason: str | None = None) -> int:
    """Close the orphans (``keys``, all if empty; of ``scenario_name`` if given) as ``status``, with audit rows."""
    with log.engine.begin() as conn:
        found = [(o.item_id, str(ItemStatus.FAILED)) for o in find_orphans_on(conn, scenario_name, keys)]
        return _settle(conn, found, status, reason)
