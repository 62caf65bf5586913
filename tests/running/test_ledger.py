"""Work items in the ledger: reruns, verify after a crash, dry runs, keys.

The rules are in docs/architecture.md, Decisions: reruns, verify, dry run, item keys, crashed runs.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from rpa_core.store.runlog import IN_PROGRESS, batches, from_json, items, steps, to_json
from tests.support import actions_for_tests  # noqa: F401  (registers test.* actions)

LOOP = """
name: 台帳
inputs:
  fail_on: {type: str, default: ""}
steps:
  - set: {rows: [{番号: "１"}, {番号: "2"}, {番号: "3"}]}
  - for_each: "{{ rows }}"
    name: 各件
    as: row
    item_key: "{{ row.番号 }}"
    on_error: continue
    %(verify)s
    steps:
      - fail: "{{ row.番号 }} は登録できません"
        when: "{{ row.番号 == inputs.fail_on }}"
      - set: {registered: "{{ row.番号 }}"}
        commit: true
"""


def _states(log):
    with log.engine.connect() as conn:
        return dict(conn.execute(select(items.c.key, items.c.status)).all())


def test_rerun_takes_only_what_is_not_done(write_scenario, run_file):
    path = write_scenario(LOOP % {"verify": ""})
    first = run_file(path, inputs={"fail_on": "2"})
    assert first.status == "partial" and first.exit_code == 1
    assert _states(run_file.log) == {"1": "done", "2": "failed", "3": "done"}  # "１" is NFKC-normalised
    second = run_file(path)
    assert second.counts == {"already_done": 2, "done": 1}
    assert _states(run_file.log) == {"1": "done", "2": "done", "3": "done"}


def test_results_of_earlier_runs_survive_a_resume(write_scenario, run_file):
    path = write_scenario(LOOP.replace('    %(verify)s\n', '') .replace(
        "    on_error: continue", "    on_error: continue\n    save_as: results"))
    run_file(path, inputs={"fail_on": "3"})
    result = run_file(path)
    got = {r["key"]: r["result"].get("registered") for r in result.variables["results"]}
    assert got == {"1": "１", "2": "2", "3": "3"}  # the value as the sheet had it; the key is NFKC


def test_amounts_and_dates_keep_their_types_across_a_resume(write_scenario, run_file):
    # issue 12: money is Decimal and dates are dates in expressions; a total summed after a resume must add
    # the earlier run's amounts as numbers, not fail on (or concatenate) their text
    path = write_scenario("""
        name: 支払の合計
        inputs:
          fail_on: {type: str, default: ""}
        steps:
          - set: {rows: [{番号: "1", 金額: "12,000円"}, {番号: "2", 金額: "△1,200"}, {番号: "3", 金額: "¥300"}]}
          - for_each: "{{ rows }}"
            name: 支払ごと
            as: row
            item_key: "{{ row.番号 }}"
            on_error: continue
            save_as: results
            steps:
              - fail: "{{ row.番号 }} は止めます"
                when: "{{ row.番号 == inputs.fail_on }}"
              - set: {金額: "{{ row.金額 | amount }}", 支払日: "{{ '令和8年12月7日' | to_date }}"}
          - set: {合計: "{{ results | map(attribute='result.金額') | sum }}"}
        """)
    run_file(path, inputs={"fail_on": "3"})
    result = run_file(path)
    assert result.counts == {"already_done": 2, "done": 1}
    assert result.variables["合計"] == Decimal("11100")
    dates = {r["key"]: r["result"]["支払日"] for r in result.variables["results"]}
    assert dates == {"1": dt.date(2026, 12, 7), "2": dt.date(2026, 12, 7), "3": dt.date(2026, 12, 7)}


def test_stored_values_round_trip_with_their_types() -> None:
    value = {"金額": Decimal("-1200.50"), "日": dt.date(2026, 4, 1), "時": dt.datetime(2026, 4, 1, 9, 30),
             "一覧": [Decimal("1"), "0012345", None, True, 3], "入れ子": {"$decimal": "looks like a tag"}}
    stored = json.loads(json.dumps(to_json(value)))  # as the JSON column keeps it
    back = from_json(stored)
    assert back["金額"] == Decimal("-1200.50") and isinstance(back["金額"], Decimal)
    assert back["日"] == dt.date(2026, 4, 1) and back["時"] == dt.datetime(2026, 4, 1, 9, 30)
    assert back["一覧"] == [Decimal("1"), "0012345", None, True, 3]
    assert back["入れ子"] == {"$decimal": "looks like a tag"}  # a clerk's mapping is never taken for a tag
    assert back == value


def test_fresh_starts_a_new_batch(write_scenario, run_file):
    path = write_scenario(LOOP % {"verify": ""})
    run_file(path)
    result = run_file(path, fresh=True)
    assert result.counts == {"done": 3}
    with run_file.log.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(batches)).scalar_one() == 2


def _leave_in_progress(log, key: str) -> None:
    """What a crash leaves: the item marked in_progress by a run whose process is gone."""
    run_id = log.start_run(scenario_name="台帳", scenario_file="x", department="", dry_run=False,
                           baseline={}, inputs={})
    batch = log.open_batch("台帳", "各件", {}, fresh=False)
    log.write_item(batch, key, None, status=IN_PROGRESS, run_id=run_id)
    log.finish_run(run_id, "crashed", None, {})


VERIFY_TRUE = 'verify: [{assert: "{{ true }}"}]'
VERIFY_FALSE = 'verify: [{assert: "{{ false }}"}]'
VERIFY_DOWN = 'verify: [{fail: "システムに接続できません"}]'


def test_crash_leftover_with_passing_verify_is_done_without_rerunning(write_scenario, run_file):
    _leave_in_progress(run_file.log, "2")
    result = run_file(write_scenario(LOOP % {"verify": VERIFY_TRUE}))
    assert result.counts == {"done": 3}
    lines = [k for k, s in result.observer.items]
    assert lines == ["1", "2", "3"]
    with run_file.log.engine.connect() as conn:
        msg = conn.execute(select(items.c.message).where(items.c.key == "2")).scalar_one()
        verify_keys = [k for (k,) in conn.execute(select(steps.c.item_key).where(steps.c.kind == "assert"))]
    assert "verify" in msg
    assert verify_keys == ["2"]  # the verify step is logged against its item


def test_crash_leftover_with_false_assertion_runs_again(write_scenario, run_file):
    _leave_in_progress(run_file.log, "2")
    result = run_file(write_scenario(LOOP % {"verify": VERIFY_FALSE}))
    assert result.counts == {"done": 3}
    with run_file.log.engine.connect() as conn:
        attempts = conn.execute(select(items.c.attempts).where(items.c.key == "2")).scalar_one()
    assert attempts == 1


def test_crash_leftover_with_system_down_needs_check(write_scenario, run_file):
    _leave_in_progress(run_file.log, "2")
    result = run_file(write_scenario(LOOP % {"verify": VERIFY_DOWN}))
    assert result.counts == {"done": 2, "needs_check": 1}
    assert result.status == "partial"


def test_crash_leftover_without_verify_needs_check_and_clerk_settles(write_scenario, run_file):
    from rpa_core.cli.console import settle_items

    _leave_in_progress(run_file.log, "2")
    path = write_scenario(LOOP % {"verify": ""})
    result = run_file(path)
    assert _states(run_file.log)["2"] == "needs_check"
    again = run_file(path)
    assert again.counts == {"already_done": 2, "needs_check": 1}
    assert settle_items(run_file.log, ["2"], "done", None) == 1
    assert _states(run_file.log)["2"] == "done"
    assert result.counts == {"done": 2, "needs_check": 1}


def test_item_retry_runs_verify_first(write_scenario, run_file):
    path = write_scenario("""
        name: 件ごとの再試行
        steps:
          - for_each: [{id: A}]
            name: 各件
            as: row
            item_key: "{{ row.id }}"
            retry: {times: 2, delay: 0s}
            verify:
              - assert: "{{ attempted is defined }}"
            steps:
              - set: {attempted: true}
                commit: true
              - fail: 画面がタイムアウトしました
        """)
    result = run_file(path)
    # the commit step got through before the error: verify sees it, so the item is not done twice
    assert result.counts == {"done": 1}


def test_duplicate_keys_fail_before_the_loop(write_scenario, run_file):
    path = write_scenario("""
        name: 重複
        steps:
          - for_each: [{id: "A"}, {id: "Ａ"}, {id: "B"}]
            name: 各件
            as: row
            item_key: "{{ row.id }}"
            steps:
              - set: {touched: true}
        """)
    result = run_file(path)
    assert result.status == "failed"
    assert "A (1, 2)" in result.message
    assert "touched" not in result.variables
    assert _states(run_file.log) == {}


def test_dry_run_writes_nothing_to_the_ledger(write_scenario, run_file):
    path = write_scenario(LOOP % {"verify": ""})
    result = run_file(path, dry_run=True)
    assert result.status == "dry_run"
    assert result.counts == {"dry_run": 3}
    assert "registered" not in result.variables
    assert _states(run_file.log) == {}


def test_unattended_manual_inside_loop_hands_item_to_clerk(write_scenario, run_file):
    path = write_scenario("""
        name: 手作業へ
        steps:
          - for_each: [{id: "1"}, {id: "2"}]
            name: 各件
            as: row
            item_key: "{{ row.id }}"
            steps:
              - manual: "{{ row.id }} の書類を確認してください"
                when: "{{ row.id == '1' }}"
              - set: {ok: true}
        """)
    result = run_file(path, unattended=True)
    assert result.counts == {"manual": 1, "done": 1}
    assert _states(run_file.log) == {"1": "manual", "2": "done"}
    # the run went on and waits for a clerk: not a failure for the scheduler (exit 0)
    assert result.status == "waiting" and result.exit_code == 0


def test_skip_item_is_not_done(write_scenario, run_file):
    path = write_scenario("""
        name: 対象外
        steps:
          - for_each: [{id: "1"}, {id: "2"}]
            name: 各件
            as: row
            item_key: "{{ row.id }}"
            steps:
              - skip_item: 廃止済み
                when: "{{ row.id == '2' }}"
        """)
    run_file(path)
    assert _states(run_file.log) == {"1": "done", "2": "skipped"}


def test_settling_a_key_shared_by_two_tasks_needs_the_task_name(run_file):
    from rpa_core.cli.console import settle_items
    from rpa_core.errors import InputError

    for name in ("台帳", "別の業務"):
        run_id = run_file.log.start_run(scenario_name=name, scenario_file="x", department="", dry_run=False,
                                        baseline={}, inputs={})
        batch = run_file.log.open_batch(name, "各件", {}, fresh=False)
        run_file.log.write_item(batch, "7", None, status="needs_check", run_id=run_id)
        run_file.log.finish_run(run_id, "partial", None, {})
    with pytest.raises(InputError) as exc:
        settle_items(run_file.log, ["7"], "done", None)
    assert "別の業務" in exc.value.message() and "台帳" in exc.value.message()
    assert settle_items(run_file.log, ["7"], "done", "台帳") == 1
    with run_file.log.engine.connect() as conn:
        assert sorted(s for (s,) in conn.execute(select(items.c.status))) == ["done", "needs_check"]


def test_what_verify_saves_is_the_result_of_an_item_it_found_done(write_scenario, run_file):
    _leave_in_progress(run_file.log, "2")
    path = write_scenario("""
        name: 台帳
        steps:
          - for_each: [{番号: "1"}, {番号: "2"}]
            name: 各件
            as: row
            item_key: "{{ row.番号 }}"
            save_as: results
            verify:
              - set: {receipt: "R-{{ row.番号 }}"}
              - assert: "{{ true }}"
            steps:
              - set: {receipt: "N-{{ row.番号 }}"}
        """)
    result = run_file(path)
    assert result.counts == {"done": 2}
    receipts = {r["key"]: r["result"].get("receipt") for r in result.variables["results"]}
    assert receipts == {"1": "N-1", "2": "R-2"}  # item 2 was found by verify, with its receipt
    with run_file.log.engine.connect() as conn:
        stored = conn.execute(select(items.c.result).where(items.c.key == "2")).scalar_one()
    assert stored == {"receipt": "R-2"}
