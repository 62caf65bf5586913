"""The language at run time: constructs, modifiers, expressions, dry runs, manual steps."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from rpa_core.store.runlog import runs, steps
from tests.support import actions_for_tests


def test_lone_expression_keeps_type_and_text_renders_to_string(write_scenario, run_file):
    path = write_scenario("""
        name: 型のテスト
        steps:
          - set: {rows: [1, 2, 3], code: "{{ '0012' }}", label: "件数 {{ [1, 2] | length }} 件"}
          - test.echo: {value: "{{ rows }}", count: "{{ rows | length }}"}
            save_as: echoed
          - set: {d: "{{ today }}"}
        """)
    result = run_file(path)
    assert result.status == "succeeded", result.message
    v = result.variables
    assert v["rows"] == [1, 2, 3]
    assert v["code"] == "0012" and isinstance(v["code"], str)
    assert v["label"] == "件数 2 件"
    assert v["echoed"]["value"] == [1, 2, 3] and v["echoed"]["count"] == 3
    assert isinstance(v["d"], dt.date)


def test_japanese_keys_and_relative_path_arguments(write_scenario, run_file, tmp_path):
    path = write_scenario("""
        name: 日本語キー
        steps:
          - set: {row: {氏名: 山田 花子, 法人番号: "7000012050002", _row: 5}}
          - set: {a: "{{ row.氏名 }}", b: "{{ row['法人番号'] }}", n: "{{ row._row }}"}
          - test.echo: {path: data/一覧.xlsx}
            save_as: p
        """)
    result = run_file(path)
    assert (result.variables["a"], result.variables["b"], result.variables["n"]) == ("山田 花子", "7000012050002", 5)
    assert result.variables["p"]["path"] == str(tmp_path / "data" / "一覧.xlsx")  # saved values are plain text


def test_if_try_rescue_always_and_when(write_scenario, run_file):
    path = write_scenario("""
        name: 分岐
        steps:
          - set: {rows: [a, b]}
          - if: "{{ rows | length > 0 }}"
            then: [{set: {branch: then}}]
            else: [{set: {branch: else}}]
          - try: [{fail: "登録できません"}]
            rescue: [{set: {caught: "{{ error.message }}"}}]
            always: [{set: {cleaned: true}}]
          - set: {skipped: false}
          - set: {skipped: true}
            when: "{{ rows | length > 5 }}"
        """)
    v = run_file(path).variables
    assert v["branch"] == "then"
    assert v["caught"] == "登録できません"
    assert v["cleaned"] is True and v["skipped"] is False


def test_retry_then_success_and_on_error_continue(write_scenario, run_file):
    actions_for_tests.CALLS.clear()
    path = write_scenario("""
        name: 再試行
        steps:
          - test.flaky: {name: a, fail_times: 2}
            retry: {times: 2, delay: 0s}
            save_as: calls
          - test.flaky: {name: b, fail_times: 9}
            retry: {times: 1, delay: 0s}
            on_error: continue
          - test.flaky: {name: c, fail_times: 9}
            on_error:
              - set: {handled: "{{ error.message }}"}
          - set: {after: true}
        """)
    result = run_file(path)
    assert result.status == "succeeded"
    assert result.variables["calls"] == 3
    assert actions_for_tests.CALLS["b"] == 2
    assert result.variables["handled"].startswith("一時的な失敗")
    assert result.variables["after"] is True


def test_failed_step_fails_the_run_with_location(write_scenario, run_file):
    path = write_scenario("""
        name: 失敗
        steps:
          - log: 始めます
          - test.crash: {detail: 接続できません}
        """)
    result = run_file(path)
    assert result.status == "failed" and result.exit_code == 1
    assert result.error.loc.line == 4
    assert "接続できません" in result.message and "RuntimeError" in result.message
    assert "Traceback" not in result.message


def test_run_row_is_written_before_the_first_step(write_scenario, run_file):
    path = write_scenario("""
        name: 記録
        steps:
          - test.run_status: {}
            save_as: status_during
        """)
    result = run_file(path)
    assert result.variables["status_during"] == "running"
    with run_file.log.engine.connect() as conn:
        assert conn.execute(select(runs.c.status).where(runs.c.id == result.run_id)).scalar_one() == "succeeded"
        names = [r.name for r in conn.execute(select(steps).where(steps.c.run_id == result.run_id))]
    assert names == ["test.run_status"]


def test_sandbox_escapes_fail_clearly(write_scenario, run_file):
    for expr in ("{{ ''.__class__.__mro__ }}", "{{ cycler.__init__.__globals__ }}",
                 "{{ lipsum.__globals__ }}", "{{ ().__class__.__bases__[0].__subclasses__() }}"):
        path = write_scenario(f"""
            name: 逃げ道
            steps:
              - set: {{x: 1}}
              - try: [{{set: {{y: "{expr}"}}}}]
                rescue: [{{set: {{caught: "{{{{ error.message }}}}"}}}}]
            """)
        from rpa_core.errors import ScenarioError

        try:
            result = run_file(path)
        except ScenarioError as exc:  # caught before the run: also fine, as long as it says why
            assert any(p.key in ("expr.unsafe", "parse.undefined_var") for p in exc.problems), exc.render()
            continue
        assert "安全でない式" in result.variables["caught"] or "定義されていません" in result.variables["caught"]


def test_manual_step_attended_records_minutes(write_scenario, run_file):
    path = write_scenario("""
        name: 手作業
        steps:
          - manual: {instruction: 帳票を確認して押印してください}
        """)
    result = run_file(path)
    assert result.status == "succeeded"
    assert result.observer.manual == ["帳票を確認して押印してください"]
    with run_file.log.engine.connect() as conn:
        row = conn.execute(select(steps).where(steps.c.run_id == result.run_id)).one()
    assert row.kind == "manual" and row.manual_minutes is not None and row.manual_minutes >= 0


def test_manual_step_unattended_outside_loop_waits(write_scenario, run_file):
    path = write_scenario("""
        name: 手作業待ち
        steps:
          - manual: 帳票を確認してください
          - set: {never: true}
        """)
    result = run_file(path, unattended=True)
    assert result.status == "waiting"
    assert "never" not in result.variables


def test_dry_run_stops_before_commit_outside_loop(write_scenario, run_file):
    path = write_scenario("""
        name: 試行
        steps:
          - set: {a: 1}
          - log: 登録
            commit: true
          - set: {b: 2}
        """)
    result = run_file(path, dry_run=True)
    assert result.status == "dry_run" and result.exit_code == 0
    assert "b" not in result.variables


def test_dry_run_stops_before_an_action_that_commits_by_nature(write_scenario, run_file, tmp_path):
    target = tmp_path / "target.txt"
    path = write_scenario(f"""
        name: 試行
        steps:
          - for_each: [a, b]
            name: 書き込み
            as: x
            item_key: "{{{{ x }}}}"
            steps:
              - set: {{seen: "{{{{ x }}}}"}}
              - test.write_target: {{path: "{target}", line: "{{{{ x }}}}"}}
        """)
    result = run_file(path, dry_run=True)
    assert result.status == "dry_run"
    assert not target.exists()
    real = run_file(path)
    assert real.status == "succeeded"
    assert target.read_text(encoding="utf-8").splitlines() == ["a", "b"]


def test_call_passes_arguments_and_returns_variables(write_scenario, run_file):
    write_scenario("""
        name: 部品
        inputs:
          x: {type: int, required: true}
        steps:
          - set: {doubled: "{{ inputs.x * 2 }}"}
        """, "parts/sub.yaml")
    path = write_scenario("""
        name: 呼び出し
        steps:
          - call: {file: parts/sub.yaml, with: {x: 21}}
            save_as: sub
        """)
    result = run_file(path)
    assert result.variables["sub"]["doubled"] == 42


def test_result_workbook_is_written(write_scenario, run_file):
    path = write_scenario("""
        name: 結果一覧
        steps:
          - for_each: [{番号: "001"}, {番号: "002"}]
            name: 各件
            as: row
            item_key: "{{ row.番号 }}"
            steps:
              - skip_item: 対象外
                when: "{{ row.番号 == '002' }}"
              - log: "{{ row.番号 }}"
        """)
    result = run_file(path)
    wb = load_workbook(result.result_workbook)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:4] == ("処理", "行", "キー", "状態")
    assert [(r[2], r[3]) for r in rows[1:]] == [("001", "完了"), ("002", "対象外")]


@pytest.mark.parametrize("value,expected", [("３", 3), ("12", 12)])
def test_int_input_cast(write_scenario, run_file, value, expected):
    path = write_scenario("""
        name: 入力
        inputs:
          n: {type: int, default: 1}
        steps:
          - set: {m: "{{ inputs.n + 1 }}"}
        """)
    assert run_file(path, inputs={"n": value}).variables["m"] == expected + 1


def test_bad_input_is_an_input_error(write_scenario, run_file):
    from rpa_core.errors import InputError

    path = write_scenario("""
        name: 入力
        inputs:
          n: {type: int, default: 1}
        steps:
          - log: "{{ inputs.n }}"
        """)
    with pytest.raises(InputError) as info:
        run_file(path, inputs={"n": "三"})
    assert "n" in info.value.message() and "三" in info.value.message()
    with pytest.raises(InputError):
        run_file(path, inputs={"m": "1"})
