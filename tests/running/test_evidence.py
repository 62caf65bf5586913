"""Issue 12, points 4 and 11 (and the run-time side of 6): evidence decides reruns, refusals are not retried.

The target is a plain text file that accepts duplicates (``file.append_text`` with ``commit: true``), so
a second registration would show as a second line: every test counts the lines. The rows come from a real
.xlsx written here, the ledger is a real SQLite file. Decisions: reruns, verify (docs/architecture.md).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from rpa_core.store.runlog import items, steps

CREDITORS = [
    ("C-0001", "株式会社花巻印刷", "0012345"),
    ("C-0002", "有限会社髙橋商店", "0203040"),
    ("C-0003", "宮沢みどり", "1234567"),
]

LOOP = """
name: 債権者の登録
inputs:
  book: {type: path, default: creditors.xlsx}
settings:
  masked_fields: [口座番号]
steps:
  - excel.read_rows: {file: "{{ inputs.book }}", sheet: 債権者}
    save_as: rows
  - for_each: "{{ rows }}"
    name: 債権者を登録
    as: row
    item_key: "{{ row.債権者番号 }}"
    on_error: continue
%(loop_extra)s
    steps:
      - reject: "{{ row.債権者名 }} は口座番号の桁が足りません(入力内容に誤りがあります)"
        name: 受け付けられない行
        when: "{{ row.口座番号 | length != 7 }}"
      - file.append_text: {path: registry.csv, text: "{{ row.債権者番号 }},{{ row.債権者名 }}"}
        name: 債権者を登録する
        commit: true
      - file.wait_for: {path: "acks/{{ row.債権者番号 }}.ok", timeout: 0.2s, stable: 0s}
        name: 登録完了の知らせを待つ
"""

VERIFY = """    verify:
      - file.read_text: {path: registry.csv}
        name: 登録簿を読む
        save_as: 登録簿
      - assert: "{{ (row.債権者番号 ~ ',') in 登録簿 }}"
        message: "{{ row.債権者番号 }} はまだ登録されていません"
"""


def _book(folder: Path, rows: list[tuple[str, str, str]] = CREDITORS) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "債権者"
    ws.append(["債権者番号", "債権者名", "口座番号"])
    for row in rows:
        ws.append(list(row))
    path = folder / "creditors.xlsx"
    wb.save(path)
    return path


def _acks(folder: Path, *keys: str) -> None:
    (folder / "acks").mkdir(exist_ok=True)
    for key in keys:
        (folder / "acks" / f"{key}.ok").write_text("ok", encoding="utf-8")


def _commits(folder: Path) -> dict[str, int]:
    """How many times the target got each creditor: the number of its lines in the register."""
    path = folder / "registry.csv"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    counts: dict[str, int] = {}
    for line in lines:
        key = line.split(",", 1)[0]
        counts[key] = counts.get(key, 0) + 1
    return counts


def _ledger(log: Any) -> dict[str, dict[str, Any]]:
    with log.engine.connect() as conn:
        rows = conn.execute(select(items.c.key, items.c.status, items.c.committed, items.c.attempts,
                                   items.c.message))
        return {r.key: {"status": r.status, "committed": r.committed, "attempts": r.attempts,
                        "message": r.message or ""} for r in rows}


def _verify_steps(log: Any) -> list[str]:
    with log.engine.connect() as conn:
        return [k for (k,) in conn.execute(select(steps.c.item_key).where(steps.c.kind == "assert"))]


@pytest.fixture
def task(tmp_path: Path, write_scenario: Any) -> Any:
    def make(loop_extra: str = "", rows: list[tuple[str, str, str]] = CREDITORS) -> Path:
        _book(tmp_path, rows)
        return write_scenario(LOOP % {"loop_extra": loop_extra.rstrip("\n")})

    return make


def test_item_failed_after_its_commit_is_verified_on_rerun_not_committed_again(task, run_file, tmp_path):
    path = task(VERIFY)
    _acks(tmp_path, "C-0001", "C-0003")  # C-0002: registered, then the 登録完了 check times out
    first = run_file(path)
    assert first.counts == {"done": 2, "failed": 1}
    states = _ledger(run_file.log)
    assert states["C-0002"]["status"] == "failed" and states["C-0002"]["committed"] is True
    assert _commits(tmp_path) == {"C-0001": 1, "C-0002": 1, "C-0003": 1}

    second = run_file(path)  # the ack never comes: only verify can tell that C-0002 got there
    assert second.counts == {"already_done": 2, "done": 1}
    assert _commits(tmp_path) == {"C-0001": 1, "C-0002": 1, "C-0003": 1}  # committed once in total
    assert _ledger(run_file.log)["C-0002"]["status"] == "done"
    assert _verify_steps(run_file.log) == ["C-0002"]


def test_item_failed_after_its_commit_without_verify_waits_for_a_clerk(task, run_file, tmp_path):
    path = task()
    _acks(tmp_path, "C-0001", "C-0003")
    run_file(path)
    second = run_file(path)
    assert second.counts == {"already_done": 2, "needs_check": 1}
    assert second.status == "partial"
    state = _ledger(run_file.log)["C-0002"]
    assert state["status"] == "needs_check"
    assert "登録の手順" in state["message"] and "確認してください" in state["message"]
    assert _commits(tmp_path)["C-0002"] == 1
    rows = list(load_workbook(second.result_workbook).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [r[3] for r in rows if r[2] == "C-0002"] == ["要確認"]

    # the clerk looked in the target, found nothing, and says "run it again": the next run registers it
    from rpa_core.cli.console import settle_items

    (tmp_path / "registry.csv").write_text("C-0001,株式会社花巻印刷\nC-0003,宮沢みどり\n", encoding="utf-8")
    assert settle_items(run_file.log, ["C-0002"], "failed", None) == 1
    _acks(tmp_path, "C-0002")
    third = run_file(path)
    assert third.counts == {"already_done": 2, "done": 1}
    assert _commits(tmp_path) == {"C-0001": 1, "C-0002": 1, "C-0003": 1}


def test_item_failed_before_any_commit_reruns_freely(task, run_file, tmp_path):
    # C-0002's account number is short: refused before anything was sent, then fixed by the clerk
    rows = [CREDITORS[0], ("C-0002", "有限会社髙橋商店", "20304"), CREDITORS[2]]
    path = task(VERIFY, rows)
    _acks(tmp_path, "C-0001", "C-0002", "C-0003")
    run_file(path)
    assert _ledger(run_file.log)["C-0002"]["committed"] is False
    _book(tmp_path, [CREDITORS[0], CREDITORS[1], CREDITORS[2]])
    second = run_file(path)
    assert second.counts == {"already_done": 2, "done": 1}
    assert _verify_steps(run_file.log) == []  # nothing could be in the target: no need to look
    assert _commits(tmp_path) == {"C-0001": 1, "C-0002": 1, "C-0003": 1}


def test_loop_retry_after_a_commit_verifies_first(task, run_file, tmp_path):
    path = task("    retry: {times: 2, delay: 0s}\n" + VERIFY)
    _acks(tmp_path, "C-0001", "C-0003")
    result = run_file(path)
    assert result.counts == {"done": 3}  # the retry found C-0002 registered and did not send it again
    assert _commits(tmp_path) == {"C-0001": 1, "C-0002": 1, "C-0003": 1}
    assert _ledger(run_file.log)["C-0002"]["attempts"] == 1


@pytest.fixture
def without_commit_rules(monkeypatch):
    """Validate refuses these shapes (tests/language/test_rules.py); the run must still be safe if one runs
    anyway (a scenario checked by an older robosan, a file edited after validate): the checks are switched
    off so that the run-time safety net below is what is tested."""
    import rpa_core.language.constructs.for_each as for_each
    import rpa_core.language.steps as steps

    monkeypatch.setattr(steps, "check_commit_retry", lambda *args, **kwargs: None)
    monkeypatch.setattr(for_each, "check_loop_retry", lambda *args, **kwargs: None)


@pytest.mark.usefixtures("without_commit_rules")
def test_loop_retry_after_a_commit_without_verify_needs_check(task, run_file, tmp_path):
    path = task("    retry: {times: 2, delay: 0s}\n")
    _acks(tmp_path, "C-0001", "C-0003")
    result = run_file(path)
    assert result.counts == {"done": 2, "needs_check": 1}
    assert _commits(tmp_path)["C-0002"] == 1
    assert "やり直していません" in _ledger(run_file.log)["C-0002"]["message"]


@pytest.mark.usefixtures("without_commit_rules")
def test_block_retry_around_a_commit_step_is_not_repeated(write_scenario, run_file, tmp_path):
    # validate refuses this shape; the run must be safe if it runs anyway (a called file, an old robosan)
    helper = write_scenario("""
        name: 登録する
        inputs:
          key: {type: str, required: true}
        steps:
          - file.append_text: {path: registry.csv, text: "{{ inputs.key }},"}
            commit: true
          - file.wait_for: {path: "acks/{{ inputs.key }}.ok", timeout: 0.2s, stable: 0s}
        """, name="register.yaml")
    path = write_scenario("""
        name: 呼び出しで登録
        steps:
          - for_each: [{番号: "K-1"}]
            name: 各件
            as: row
            item_key: "{{ row.番号 }}"
            on_error: continue
            steps:
              - call: {file: register.yaml, with: {key: "{{ row.番号 }}"}}
                retry: {times: 3, delay: 0s}
        """)
    assert helper.exists()
    result = run_file(path)
    assert result.counts == {"failed": 1}
    assert _commits(tmp_path) == {"K-1": 1}
    state = _ledger(run_file.log)["K-1"]
    assert state["committed"] is True  # a commit step inside a called file counts
    assert any("再試行しません" in line for line in result.observer.lines)


def test_refused_row_fails_at_once_without_retry_and_reruns_after_the_fix(task, run_file, tmp_path):
    rows = [CREDITORS[0], ("C-0002", "有限会社髙橋商店", "20304"), CREDITORS[2]]
    path = task("    retry: {times: 3, delay: 0s}\n" + VERIFY, rows)
    _acks(tmp_path, "C-0001", "C-0002", "C-0003")
    first = run_file(path)
    assert first.counts == {"done": 2, "failed": 1}
    state = _ledger(run_file.log)["C-0002"]
    assert state["attempts"] == 1 and state["committed"] is False
    assert "システムが受け付けませんでした" in state["message"] and "口座番号の桁" in state["message"]
    assert not any("やり直します" in line for line in first.observer.lines)
    assert "C-0002" not in _commits(tmp_path)

    _book(tmp_path)  # the clerk fixes the row
    second = run_file(path)
    assert second.counts == {"already_done": 2, "done": 1}
    assert _commits(tmp_path) == {"C-0001": 1, "C-0002": 1, "C-0003": 1}


def test_refusal_clears_the_evidence_of_an_earlier_commit(write_scenario, run_file, tmp_path):
    # registered, then the system answered with a refusal: its answer says nothing was kept
    path = write_scenario("""
        name: 送ってから断られる
        steps:
          - for_each: [{番号: "K-1"}]
            name: 各件
            as: row
            item_key: "{{ row.番号 }}"
            on_error: continue
            steps:
              - file.append_text: {path: sent.txt, text: "{{ row.番号 }}"}
                commit: true
              - reject: 入力内容に誤りがあります(所在地を入力してください)
        """)
    result = run_file(path)
    assert result.counts == {"failed": 1}
    assert _ledger(run_file.log)["K-1"]["committed"] is False


def test_refusal_outside_an_item_loop_fails_the_run_with_the_message(write_scenario, run_file):
    path = write_scenario("""
        name: 一件だけ
        steps:
          - reject: 事業所番号が見つかりません
            retry: {times: 2}
        """)
    from rpa_core.errors import ScenarioError
    from rpa_core.language.parser import load_scenario

    with pytest.raises(ScenarioError) as exc:  # retry: on reject: would do nothing: validate says so
        load_scenario(path)
    assert "reject:" in exc.value.render() and "scenario.yaml:4:" in exc.value.render()
    path = write_scenario("""
        name: 一件だけ
        steps:
          - reject: 事業所番号が見つかりません
        """)
    result = run_file(path)
    assert result.status == "failed" and result.exit_code == 1
    assert "システムが受け付けませんでした: 事業所番号が見つかりません" in result.message


def test_result_workbook_shows_the_rows_own_columns_with_masked_fields(task, run_file, tmp_path):
    rows = [CREDITORS[0], ("C-0002", "有限会社髙橋商店", "20304")]
    path = task("", rows)
    _acks(tmp_path, "C-0001")
    result = run_file(path)
    ws = load_workbook(result.result_workbook).worksheets[0]
    table = list(ws.iter_rows(values_only=True))
    assert table[0] == ("処理", "行", "キー", "状態", "メッセージ", "債権者番号", "債権者名", "口座番号")
    refused = next(r for r in table if r[2] == "C-0002")
    assert refused[1] == 3 and refused[3] == "失敗"  # Excel row 3 of the clerk's sheet
    assert refused[6] == "有限会社髙橋商店"
    assert refused[7] == "＊＊＊(個人情報)"  # settings.masked_fields (= personal:): the account number is never written out
    assert "口座番号の桁" in refused[4]


# -- the run-time safety net of point 6: signals where they cannot act never escape the run --------------


def _with_verify(path: Path, verify: tuple[Any, ...]) -> Any:
    """The scenario with its loop's verify: replaced (shapes that validate refuses, run anyway)."""
    from rpa_core.language.model import ForEachStep
    from rpa_core.language.parser import load_scenario

    scenario = load_scenario(path)
    steps_ = tuple(dataclasses.replace(s, verify=verify) if isinstance(s, ForEachStep) else s
                   for s in scenario.steps)
    return dataclasses.replace(scenario, steps=steps_)


def _run(scenario: Any, run_file: Any, **kwargs: Any) -> Any:
    from rpa_core.running.scenario_run import run_scenario
    from tests.conftest import RecordingObserver

    observer = RecordingObserver()
    result = run_scenario(scenario, log=run_file.log, observer=observer, **kwargs)
    result.observer = observer
    return result


@pytest.mark.parametrize("signal", ["skip_item", "manual"])
def test_skip_item_or_manual_inside_verify_leaves_the_item_to_a_clerk(signal, task, run_file, tmp_path):
    from rpa_core.errors import Loc
    from rpa_core.language.model import ManualStep, SkipItemStep

    path = task()
    _acks(tmp_path, "C-0001", "C-0003")
    run_file(path)  # C-0002 failed after its commit
    where = Loc(str(path), 20)
    step = SkipItemStep(loc=where, reason="済") if signal == "skip_item" else ManualStep(loc=where, instruction="見て")
    result = _run(_with_verify(path, (step,)), run_file, unattended=True)
    assert result.counts == {"already_done": 2, "needs_check": 1}
    assert _ledger(run_file.log)["C-0002"]["status"] == "needs_check"
    assert any("verify:" in line for line in result.observer.lines)
    assert result.result_workbook is not None and result.result_workbook.exists()
    _assert_no_run_left_running(run_file.log)


def test_skip_item_outside_an_item_ends_the_run_on_the_record(write_scenario, run_file):
    from rpa_core.errors import Loc
    from rpa_core.language.model import SkipItemStep
    from rpa_core.language.parser import load_scenario

    path = write_scenario("""
        name: 外で対象外
        steps:
          - log: はじめ
        """)
    scenario = load_scenario(path)
    scenario = dataclasses.replace(scenario, steps=(SkipItemStep(loc=Loc(str(path), 3), reason="x"),))
    result = _run(scenario, run_file)
    assert result.status == "failed"
    assert "skip_item:" in result.message and ":3" in result.message
    assert result.result_workbook is not None and result.result_workbook.exists()
    _assert_no_run_left_running(run_file.log)


def test_skip_item_in_an_item_loops_on_error_keeps_the_item_failed(write_scenario, run_file):
    from rpa_core.errors import Loc
    from rpa_core.language.model import ForEachStep, SkipItemStep
    from rpa_core.language.parser import load_scenario

    path = write_scenario("""
        name: on_error で対象外
        steps:
          - for_each: [{番号: "1"}, {番号: "2"}]
            name: 各件
            as: row
            item_key: "{{ row.番号 }}"
            on_error: continue
            steps:
              - fail: 登録できません
                when: "{{ row.番号 == '1' }}"
        """)
    scenario = load_scenario(path)
    skip = (SkipItemStep(loc=Loc(str(path), 6)),)
    scenario = dataclasses.replace(scenario, steps=tuple(
        dataclasses.replace(s, on_error=skip) if isinstance(s, ForEachStep) else s for s in scenario.steps))
    result = _run(scenario, run_file)
    assert result.counts == {"failed": 1, "done": 1}  # the loop went on to item 2
    assert _ledger(run_file.log)["1"]["status"] == "failed"
    _assert_no_run_left_running(run_file.log)


def _assert_no_run_left_running(log: Any) -> None:
    from rpa_core.store.runlog import runs

    with log.engine.connect() as conn:
        assert [s for (s,) in conn.execute(select(runs.c.status))].count("running") == 0


def test_cli_rerun_after_a_commit_and_a_refusal(task, tmp_path):
    """The same story through the real `robosan run` command: exit codes, Japanese messages, no traceback."""
    import os
    import subprocess
    import sys

    rows = [CREDITORS[0], CREDITORS[1], ("C-0003", "宮沢みどり", "12345")]
    path = task("    retry: {times: 2, delay: 0s}\n" + VERIFY, rows)
    _acks(tmp_path, "C-0001", "C-0003")
    env = {**os.environ, "ROBOSAN_HOME": str(tmp_path / "home"), "ROBOSAN_LANG": "ja", "COLUMNS": "200"}
    cmd = [str(Path(sys.executable).parent / "robosan"), "run", str(path), "--db", str(tmp_path / "cli.db"),
           "--unattended"]
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    out = first.stdout + first.stderr
    assert first.returncode == 1, out  # partly failed: C-0003 refused
    assert "Traceback" not in out and "システムが受け付けませんでした" in out
    assert _commits(tmp_path) == {"C-0001": 1, "C-0002": 1}  # C-0002 verified by the retry, C-0003 never sent
    _book(tmp_path)  # the clerk fixes C-0003's account number
    _acks(tmp_path, "C-0003")
    second = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert second.returncode == 0, second.stdout + second.stderr
    assert _commits(tmp_path) == {"C-0001": 1, "C-0002": 1, "C-0003": 1}


def test_plain_loop_retry_does_not_repeat_a_row_that_passed_its_commit(write_scenario, run_file, tmp_path):
    path = write_scenario("""
        name: 台帳なしの繰り返し
        steps:
          - for_each: [{番号: "P-1"}]
            as: row
            retry: {times: 2, delay: 0s}
            on_error: continue
            steps:
              - file.append_text: {path: registry.csv, text: "{{ row.番号 }},"}
                commit: true
              - file.wait_for: {path: "acks/{{ row.番号 }}.ok", timeout: 0.2s, stable: 0s}
        """)
    result = run_file(path)
    assert _commits(tmp_path) == {"P-1": 1}
    assert any("再試行しません" in line for line in result.observer.lines)


def test_row_columns_with_control_characters_and_odd_values_still_give_a_workbook(write_scenario, run_file):
    path = write_scenario("""
        name: 変わった値
        steps:
          - set:
              rows:
                - {番号: "1", 債権者名: "花巻\\f商店", 金額: "{{ 1.5 }}", 明細: [1, 2]}
          - for_each: "{{ rows }}"
            name: 各件
            as: row
            item_key: "{{ row.番号 }}"
            steps:
              - log: "{{ row.債権者名 }}"
        """)
    result = run_file(path)
    assert result.status == "succeeded", result.message
    table = list(load_workbook(result.result_workbook).worksheets[0].iter_rows(values_only=True))
    assert table[0][5:] == ("番号", "債権者名", "金額", "明細")
    assert table[1][5:] == ("1", "花巻\\x0c商店", 1.5, "[1, 2]")
