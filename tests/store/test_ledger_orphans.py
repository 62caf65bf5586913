"""Orphaned keys and a clerk's audit trail (issue 12, point 8), decided on a real SQLite run log.

An orphan is a failed key that a later *finished* run over the *same data* (scenario, loop, batch
scope, any ``--fresh`` generation) did not meet again. Each rule below has the case that would
wrongly close a key a clerk still has to do by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from rpa_core.store.ledger import clerk_identity, find_orphans, settle_orphans, settle_waiting
from rpa_core.store.runlog import RunLog
from rpa_core.store.tables import item_events, items
from tests.support.runlog_seed import make_run

TASK = "債権者登録"


@pytest.fixture
def log(tmp_path: Path) -> Iterator[RunLog]:
    runlog = RunLog(f"sqlite:///{tmp_path / 'log.db'}")
    yield runlog
    runlog.close()


def _run(log: RunLog, status: str, scope: str = "債権者.xlsx", fresh: bool = False,
         **keys: str) -> tuple[int, int]:
    """A run of the 債権者 loop over ``scope`` that wrote ``keys`` (key → status); returns (run, batch)."""
    run_id = make_run(log, TASK, status=status, department="会計課/審査係", per_item=6.0)
    batch_id = log.open_batch(TASK, "債権者ごと", {"file": scope}, fresh=fresh)
    known = log.item_states(batch_id)
    for key, item_status in keys.items():
        log.write_item(batch_id, key, known.get(key, {}).get("id"), status=item_status, run_id=run_id,
                       message="債権者コードが財務会計システムにありません" if item_status == "failed" else None)
    return run_id, batch_id


def _orphan_keys(log: RunLog) -> list[str]:
    return [o.key for o in find_orphans(log)]


def test_a_failed_key_is_an_orphan_only_after_a_later_finished_run_over_the_same_data(log: RunLog) -> None:
    _run(log, "partial", K2000O01="failed", K2000002="done")
    assert _orphan_keys(log) == []  # nothing ran after: the key may still come back
    _run(log, "failed", K2000001="done")  # a run that stopped part-way may not have reached the row
    assert _orphan_keys(log) == []
    _run(log, "succeeded", K2000003="done")
    (orphan,) = find_orphans(log)
    assert (orphan.scenario_name, orphan.loop_name, orphan.key) == (TASK, "債権者ごと", "K2000O01")
    assert orphan.message == "債権者コードが財務会計システムにありません"


def test_a_key_met_again_is_no_orphan(log: RunLog) -> None:
    _run(log, "partial", A="failed", B="done")
    _run(log, "partial", A="failed", C="done")  # the later run took A again (and failed it again)
    assert _orphan_keys(log) == []
    _run(log, "succeeded", fresh=True, A="done", B="done", C="done")  # --fresh over the same file: met again
    assert _orphan_keys(log) == []


def test_another_month_s_data_never_makes_a_refusal_an_orphan(log: RunLog) -> None:
    _run(log, "partial", scope="2026-06.xlsx", A="failed", B="done")
    _run(log, "succeeded", scope="2026-07.xlsx", C="done")
    assert _orphan_keys(log) == []  # June's refusal is real hand work, not a changed key


def test_closing_orphans_writes_one_audit_row_each(log: RunLog) -> None:
    _run(log, "partial", A="failed", B="failed", C="done")
    _run(log, "succeeded", D="done")
    assert _orphan_keys(log) == ["A", "B"]
    assert settle_orphans(log, ["B"], "skipped", None, reason="コードを直した") == 1
    assert _orphan_keys(log) == ["A"]
    actor, host = clerk_identity()
    with log.engine.connect() as conn:
        (event,) = conn.execute(select(item_events))
        b = conn.execute(select(items).where(items.c.key == "B")).one()
    assert (event.item_id, event.old_status, event.new_status, event.actor, event.host, event.reason) == (
        b.id, "failed", "skipped", actor, host, "コードを直した")
    assert (b.status, b.settled_by, b.message) == ("skipped", actor, "コードを直した")


def test_a_clerk_sending_an_item_back_is_audited_but_not_settled_by_them(log: RunLog) -> None:
    run_id, batch_id = _run(log, "partial", A="needs_check", B="manual")
    assert settle_waiting(log, ["A"], "failed", None, reason="登録されていなかった") == 1
    assert settle_waiting(log, ["B"], "done", None) == 1
    with log.engine.connect() as conn:
        rows = {r.key: r for r in conn.execute(select(items))}
        events = list(conn.execute(select(item_events).order_by(item_events.c.id)))
    assert (rows["A"].status, rows["A"].settled_by) == ("failed", None)  # the next run settles it
    assert (rows["B"].status, rows["B"].settled_by) == ("done", clerk_identity()[0])
    assert [(e.old_status, e.new_status, e.reason) for e in events] == [
        ("needs_check", "failed", "登録されていなかった"), ("manual", "done", None)]
    # the robot then does A: a run's settling clears any clerk's mark
    log.write_item(batch_id, "A", rows["A"].id, status="done", run_id=run_id)
    with log.engine.connect() as conn:
        assert conn.execute(select(items.c.settled_by).where(items.c.key == "A")).scalar_one() is None


def test_the_clerk_identity_survives_a_machine_without_a_user_name(monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    def no_user() -> str:
        raise OSError("No username set in the environment")

    monkeypatch.setattr(getpass, "getuser", no_user)
    monkeypatch.delenv("USERNAME", raising=False)
    monkeypatch.setenv("USER", "")
    actor, host = clerk_identity()
    assert actor == "unknown" and host
