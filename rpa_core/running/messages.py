"""The catalogue of ``rpa_core.running``: what a run says while it runs (plain data, loaded by :mod:`rpa_core.messages`)."""

from __future__ import annotations

from rpa_core.running._bresil_messages import BRESIL_RUN_MESSAGES
from rpa_core.running._lock_messages import LOCK_MESSAGES
from rpa_core.running._places_messages import PLACES_MESSAGES
from rpa_core.running._secret_messages import SECRET_RUN_MESSAGES

MESSAGES: dict[str, tuple[str, str]] = {
    **SECRET_RUN_MESSAGES,
    "run.no_action": ("動作「{action}」が見つかりません。", "Action '{action}' was not found."),
    "run.action_crashed": ("{action} が失敗しました({type}): {detail}", "{action} failed ({type}): {detail}"),
    "run.action_crashed.hint": ("内容を確認してやり直してください。繰り返す場合は --debug を付けて実行し、担当者に連絡してください。", "Check and try again. If it keeps happening, run with --debug and contact the maintainer."),
    "run.fail": ("{message}", "{message}"),
    "run.bad_wait": ("待ち時間が読めません: {detail}", "Cannot read the wait time: {detail}"),
    "run.assert": ("条件が成り立ちませんでした: {expr}", "The condition did not hold: {expr}"),
    "run.assert_message": ("{message}", "{message}"),
    "run.retrying": ("「{step}」が失敗したので再試行します({attempt}/{retries}): {detail}", "'{step}' failed, retrying ({attempt}/{retries}): {detail}"),
    "run.item_retry": ("{key} をやり直します({attempt}回目の失敗): {detail}", "Retrying {key} (failure {attempt}): {detail}"),
    "run.for_each_not_list": ("for_each の対象が一覧ではありません({got})。", "for_each needs a list (got {got})."),
    "run.for_each_not_list.hint": ("excel.read_rows などで読んだ一覧を save_as: で保存し、for_each: \"{{{{ rows }}}}\" と書いてください。", "Save a list with save_as: (e.g. from excel.read_rows) and write for_each: \"{{{{ rows }}}}\"."),
    "run.item_key_empty": ("{row} 行目の item_key が空です。", "The item_key of row {row} is empty."),
    "run.item_key_empty.hint": ("その行の番号の列を埋めるか、空の行を消してください。", "Fill in the key column of that row, or delete the empty row."),
    "run.item_key_duplicate": ("同じ item_key の行があります: {keys}(かっこ内は行番号)。", "Rows share an item_key: {keys} (row numbers in brackets)."),
    "run.item_key_duplicate.hint": ("重複した行を直してから実行し直してください。二重登録を防ぐため、処理は始めていません。", "Fix the duplicated rows and run again. Nothing was processed, to avoid registering twice."),
    "run.verified_done": ("処理済みでした(verify で確認)。", "Already done (confirmed by verify)."),
    "run.needs_check": ("前回の実行が途中で止まりました。処理済みか確認してください。", "The previous run stopped half-way: check whether this item was done."),
    "run.needs_check_committed": (
        "前回、登録の手順(commit: true)のあとで失敗しました。二重登録を防ぐため、やり直していません。システムに登録済みか確認してください。",
        "Last time this item failed after its registering step (commit: true). It was not run again, to avoid registering it twice: check in the system whether it got there.",
    ),
    "run.needs_check_committed.hint": (
        "確認したら robosan items settle で「完了」か「失敗」(次の実行でやり直す)にしてください。自動で確かめるには for_each に verify: を書きます。",
        "When checked, settle it with robosan items settle as done, or as failed to run it again next time. Add verify: to the for_each to have it checked automatically.",
    ),
    "run.needs_check_retry": (
        "登録の手順(commit: true)のあとで失敗しました({detail})。二重登録を防ぐため、やり直していません。システムに登録済みか確認してください。",
        "Failed after its registering step (commit: true) ({detail}). Not retried, to avoid registering it twice: check in the system whether it got there.",
    ),
    "run.needs_check_retry.hint": (
        "確認したら robosan items settle で「完了」か「失敗」にしてください。for_each に verify: を書けば、やり直す前に自動で確かめます。",
        "When checked, settle it with robosan items settle as done or failed. With verify: on the for_each, robosan checks before retrying.",
    ),
    "run.no_retry_after_commit": (
        "「{step}」は登録の手順(commit: true)のあとで失敗したので、二重登録を防ぐため再試行しません: {detail}",
        "'{step}' failed after a registering step (commit: true): not retried, to avoid registering twice: {detail}",
    ),
    "run.reject": ("システムが受け付けませんでした: {message}", "The system refused this row: {message}"),
    "run.reject.hint": (
        "この行はやり直しても同じ結果になるため、再試行していません。Excel の内容を直してからもう一度実行してください(直した行だけが処理されます)。",
        "Retrying cannot help, so it was not retried. Fix the row in the workbook and run again (only the rows not done are processed).",
    ),
    "run.reject_no_message": ("(システムからのメッセージなし)", "(no message from the system)"),
    "run.signal_in_verify": (
        "verify: の中の {what} では処理済みかどうかを決められないため、この件は要確認にしました。",
        "{what} inside verify: cannot tell whether the item was done, so it was set to needs check.",
    ),
    "run.signal_in_verify.hint": (
        "verify: には、システムで確かめる手順と assert: だけを書いてください。",
        "Put only steps that look in the system and assert: in verify:.",
    ),
    "run.signal_after_item": (
        "{key} は失敗と記録済みのため、on_error: の skip_item: は何もしません。",
        "{key} is already recorded as failed: skip_item: in on_error: does nothing.",
    ),
    "run.signal_misplaced": (
        "{what} はここでは使えないため、実行を止めました(場所: {where})。",
        "{what} cannot be used here, so the run was stopped (at {where}).",
    ),
    "input.bad_value": ("入力「{name}」の値「{value}」は {type} として読めません。", "Input '{name}': '{value}' is not a valid {type}."),
    "input.bad_value.hint": ("--input {name}=値 の値を確認してください。", "Check the value given with --input {name}=VALUE."),
    "input.unknown": ("入力「{name}」はこのシナリオにありません(ある入力: {known})。", "This scenario has no input '{name}' (its inputs: {known})."),
    "input.missing": ("入力「{name}」が必要です。", "Input '{name}' is required."),
    "input.missing.hint": ("--input {name}=値 を付けて実行してください。", "Run with --input {name}=VALUE."),
    "input.not_a_choice": ("入力「{name}」の値「{value}」は選べません(選べる値: {choices})。", "Input '{name}': '{value}' is not one of {choices}."),
    "input.syntax": ("--input は 名前=値 の形で書いてください: {value}", "--input must be NAME=VALUE: {value}"),
    "run.stopped": ("{signal} を受けて中断しました。途中までの記録は残っています。もう一度実行すると続きから再開します。", "Stopped by {signal}. What was done is recorded; run again to resume."),
    "run.internal": ("予期しない問題で実行を終えました({type}): {detail}", "The run ended on an unexpected problem ({type}): {detail}"),
    "run.internal.hint": ("途中までの記録と結果の一覧は残っています。もう一度実行すると、処理中だった件を確かめてから続けます。続く場合は --debug を付けて実行した結果を担当者に送ってください。", "What was done and the result workbook are kept. Run again: the item in progress is checked before it goes on. If it persists, send the output of the same command with --debug to the maintainer."),
    "run.misplaced_signal.hint": ("robosan validate でシナリオを確かめ、{kind}: の位置を直してください。", "Check the scenario with robosan validate and move the {kind}: step."),
    "run.book_failed": ("結果の一覧(result.xlsx)を書けませんでした: {detail}", "The result workbook (result.xlsx) could not be written: {detail}"),
    "book.items_sheet": ("処理結果", "Items"),
    "book.run_sheet": ("実行情報", "Run"),
    "book.loop": ("処理", "Loop"),
    "book.row": ("行", "Row"),
    "book.key": ("キー", "Key"),
    "book.status": ("状態", "Status"),
    "book.message": ("メッセージ", "Message"),
    "book.scenario": ("業務名", "Task"),
    "book.run_id": ("実行番号", "Run"),
    "book.note": ("注意", "Note"),
    "book.open_item": ("実行が止まったとき処理中でした。次の実行で verify: により確かめてから続けます(verify: が無ければ要確認)。", "In progress when the run stopped. The next run checks it with verify: first (without verify: it waits as needs check)."),
    "book.controls_replaced": ("制御文字(改ページ・NUL など)が {count} か所あり、Excel に書けないため \\x0c のような表記に置き換えました。元のデータを確かめてください。", "{count} control character(s) (form feed, NUL…) cannot be stored in Excel and are written as \\x0c and the like. Check the source data."),
    "status.done": ("完了", "done"),
    "status.failed": ("失敗", "failed"),
    "status.manual": ("手作業へ", "manual"),
    "status.needs_check": ("要確認", "needs check"),
    "status.skipped": ("対象外", "skipped"),
    "status.pending": ("未処理", "pending"),
    "status.in_progress": ("処理中", "in progress"),
    "status.dry_run": ("試行(登録せず)", "dry run"),
    "status.succeeded": ("成功", "succeeded"),
    "status.partial": ("一部失敗", "partly failed"),
    "status.waiting": ("手作業待ち", "waiting"),
    "status.stopped": ("中断", "stopped"),
    "status.running": ("実行中", "running"),
    "status.crashed": ("異常終了", "crashed"),
    "status.ok": ("OK", "ok"),
    "secret.missing": ("秘密情報「{name}」の「{field}」が登録されていません。", "Secret '{name}' has no field '{field}'."),
    "secret.missing.hint": (
        "robosan secrets set {name} で登録するか、環境変数 {env} を設定してください。",
        "Register it with 'robosan secrets set {name}' or set the environment variable {env}.",
    ),
    "lock.held": (
        "「{what}」は別の実行が使用中です(PC {host}、プロセス {pid}、{since} から)。",
        "'{what}' is in use by another run (PC {host}, process {pid}, since {since}).",
    ),
    "lock.held.hint": (
        "同じロボットファイルのスケジューラーは、このPCで同時に1つしか動かせません。その実行が終わるのを待ってください。"
        "プロセスが止まっていれば自動的に解除されます。",
        "A robot file's scheduler runs once at a time on this PC. Wait for that one to end; "
        "if its process has died the lock is released by itself.",
    ),
    **LOCK_MESSAGES,
    **PLACES_MESSAGES,
    **BRESIL_RUN_MESSAGES,
}
