"""Messages of the robosan command. Japanese first."""

from .messages import register

register(
    {
        "cli.internal": ("robosan の内部で問題が起きました({type}): {detail}", "robosan hit an internal problem ({type}): {detail}"),
        "cli.internal.hint": ("記録は残っています。もう一度実行し、続く場合は --debug を付けて実行した結果を担当者に送ってください。", "What was done is recorded. Try again; if it persists, send the output of the same command with --debug to the maintainer."),
        "cli.valid": ("OK: {file}", "OK: {file}"),
        "cli.problems": ("{count} 件の誤りがあります。直してからもう一度実行してください。", "{count} problem(s) found. Fix them and try again."),
        "cli.interrupted": ("中断しました。途中までの記録は残っています。もう一度実行すると続きから再開します。", "Interrupted. What was done is recorded; run again to resume."),
        "cli.settle_what": ("確定する件のキーを指定するか --all を付けてください。", "Give the keys to settle, or --all."),
        "cli.settled": ("{count} 件を確定しました。", "Settled {count} item(s)."),
        "cli.keyring_failed": ("OSの資格情報に保存できませんでした: {detail}", "Could not store in the OS keyring: {detail}"),
        "cli.keyring_failed.hint": ("代わりに環境変数 {env} などを設定してください。", "Set environment variables such as {env} instead."),
        "cli.secret_saved": ("「{name}」を保存しました。", "Saved '{name}'."),
        "summary.title": ("実行結果: {name}(実行番号 {run_id})", "Result: {name} (run {run_id})"),
        "summary.status": ("状態", "Status"),
        "summary.items": ("件数", "Items"),
        "summary.workbook": ("結果の一覧", "Result workbook"),
        "summary.error": ("エラー", "Error"),
        "runs.title": ("実行の履歴", "Run history"),
        "runs.none": ("まだ実行の記録がありません。", "No runs recorded yet."),
        "runs.id": ("番号", "Run"),
        "runs.started": ("開始", "Started"),
        "runs.scenario": ("業務名", "Task"),
        "runs.status": ("状態", "Status"),
        "runs.items": ("件数", "Items"),
        "runs.seconds": ("所要", "Took"),
        "runs.steps": ("手順", "Steps"),
        "runs.waiting": ("確認を待っている件", "Items waiting for a clerk"),
        "runs.no_run": ("実行番号 {run_id} は記録にありません。", "There is no run {run_id}."),
        "report.title": ("削減時間の報告 {start} 〜 {end}", "Time saved {start} to {end}"),
        "report.bad_date": ("日付が読めません: {value}", "Cannot read the date: {value}"),
        "report.bad_date.hint": ("2026-04-01 の形で書いてください。", "Write it like 2026-04-01."),
        "loop.progress": ("{name}", "{name}"),
        "manual.prompt": ("【手作業】{instruction}\n終わったら Enter を押してください", "[Manual step] {instruction}\nPress Enter when done"),
    }
)
