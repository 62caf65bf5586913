"""What ``robosan purge`` prints (plain data, merged into ``rpa_core.cli.messages``)."""

from __future__ import annotations

PURGE_CLI_MESSAGES: dict[str, tuple[str, str]] = {
    "purge.title": (
        "個人データの削除: {date} 0:00(日本時間)より前の記録(保存期間 {days} 日)",
        "Deleting personal data recorded before {date} 0:00 Japan time (retention {days} days)",
    ),
    "purge.dry_title": (
        "【試し】{date} 0:00(日本時間)より前の記録で削除の対象になるもの(保存期間 {days} 日)。何も削除していません。",
        "[Dry run] What would be deleted before {date} 0:00 Japan time (retention {days} days). Nothing was deleted.",
    ),
    "purge.kind.items": ("処理対象の結果・メッセージ", "Item results and messages"),
    "purge.kind.runs": ("実行の入力値・メッセージ", "Run inputs and messages"),
    "purge.kind.steps": ("手順のメッセージ", "Step messages"),
    "purge.kind.artifacts": ("成果物の記録", "Artifact records"),
    "purge.kind.item_events": ("手作業の確定理由", "Reasons given when settling items"),
    "purge.kind.reviews": ("OCR 確認の読み取り値", "OCR review values"),
    "purge.kind.ocr_forms": ("OCR 読み取り結果", "Stored OCR reads"),
    "purge.kind.schedule_events": ("スケジュール記録のメッセージ", "Schedule event messages"),
    "purge.kind.files": ("ファイル(画面写真・結果の一覧・ログ)", "Files (screenshots, result workbooks, logs)"),
    "purge.count": ("{count} 件", "{count}"),
    "purge.kept": (
        "未完了(要確認・手作業・失敗・処理中)の {count} 件は期間を過ぎても残しました。",
        "{count} unfinished item(s) (needs check, manual, failed, in progress) were kept although past the period.",
    ),
    "purge.recorded": (
        "削除の記録を残しました(番号 {id}、実行者 {actor}、PC {host})。robosan purge --list で見られます。",
        "The purge is recorded (no. {id}, by {actor} on {host}). See robosan purge --list.",
    ),
    "purge.files_failed": (
        "{count} 個のファイルを削除できませんでした(ほかのプログラムが開いている可能性があります)。",
        "{count} file(s) could not be deleted (another program may have them open).",
    ),
    "purge.files_failed.hint": (
        "ファイルを開いているプログラムを閉じてから、もう一度 robosan purge を実行してください。",
        "Close the program that has them open and run robosan purge again.",
    ),
    "purge.confirm": ("上の記録を削除します。元には戻せません。よろしいですか?",
                      "The records above will be deleted; this cannot be undone. Go ahead?"),
    "purge.cancelled": ("削除をやめました。何も変えていません。", "Cancelled. Nothing was changed."),
    "purge.need_yes": (
        "確認の入力ができないため削除しませんでした。",
        "Nothing was deleted: there is no terminal to confirm on.",
    ),
    "purge.need_yes.hint": (
        "スクリプトや予定の処理から実行するときは --yes を付けてください。先に --dry-run で件数を確かめられます。",
        "From a script or a scheduled task, add --yes. Check the counts first with --dry-run.",
    ),
    "purge.need_period": (
        "--older-than で保存期間を指定してください(例: --older-than 400d)。PCの設定(settings.yaml)にも retention: がありません。",
        "Give the retention period with --older-than (e.g. --older-than 400d); the PC settings (settings.yaml) "
        "have no retention: either.",
    ),
    "purge.need_period.hint": ("一覧を見るだけなら --list を付けてください。", "To see past purges, use --list."),
    "purge.list.title": ("個人データの削除の記録", "Purges of personal data"),
    "purge.list.none": ("削除の記録はまだありません。", "No purge recorded yet."),
    "purge.list.id": ("番号", "No."),
    "purge.list.at": ("日時(日本時間)", "When (Japan time)"),
    "purge.list.actor": ("実行者", "By"),
    "purge.list.host": ("PC", "PC"),
    "purge.list.trigger": ("契機", "Trigger"),
    "purge.list.before": ("この日より前", "Before"),
    "purge.list.counts": ("件数", "Counts"),
    "purge.list.reason": ("理由", "Reason"),
    "purge.list.state": ("状態", "State"),
    "purge.trigger.manual": ("手動", "manual"),
    "purge.trigger.retention": ("保存期間(自動)", "retention (scheduled)"),
    "purge.state.complete": ("完了", "complete"),
    "purge.state.incomplete": ("途中で終了", "stopped part-way"),
}
