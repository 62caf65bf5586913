"""The catalogue of ``rpa_core.reports``: the time-saved table and its xlsx/html forms (plain data).

``savings.total`` and ``savings.unset`` are the same words as ``rows.TOTAL_LABEL`` / ``UNSET_LABEL``
(a test checks it).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "savings.col.task": ("業務名", "Task"),
    "savings.col.items": ("件数", "Items"),
    "savings.col.before": ("従来の作業時間", "Before"),
    "savings.col.saved": ("削減時間", "Saved"),
    "savings.col.rate": ("削減率", "Rate"),
    "savings.col.robot": ("ロボット稼働時間", "Robot time"),
    "savings.col.by_hand": ("手作業に回した件数", "Items by hand"),
    "savings.col.errors": ("エラー", "Errors"),
    "savings.col.yen": ("削減額(円)", "Saved (yen)"),
    "savings.total": ("合計", "Total"),
    "savings.subtotal": ("小計 {name}", "Subtotal {name}"),
    "savings.unset": ("(未設定)", "(not set)"),
    "savings.minutes": ("{n}分", "{n} min"),
    "export.col.dept": ("部署", "Department"),
    "export.col.runs": ("実行回数", "Runs"),
    "export.col.before_h": ("従来の作業時間(時間)", "Hours before"),
    "export.col.after_h": ("削減後の作業時間(時間)", "Hours after"),
    "export.col.saved_h": ("削減時間(時間)", "Hours saved"),
    "export.col.robot_h": ("ロボット稼働時間(時間)", "Robot hours"),
    "export.chart": ("作業時間の比較(時間)", "Staff hours before and after (h)"),
    "export.before": ("従来", "Before"),
    "export.after": ("導入後", "After"),
    "export.period": ("対象期間: {start} 〜 {end}", "Period: {start} to {end}"),
    "export.cost": ("削減額は 1時間あたり {cost} 円で計算", "Savings in yen at {cost} yen per hour"),
    "export.note": (
        "従来の作業時間 = 件数 × 1件あたりの手作業時間 + 回数 × 1回あたりの時間。"
        "削減後 = 手作業に回した件数 × 1件あたりの時間 + 手作業の記録時間 + OCR確認時間 + 導入後も残る時間。"
        "ロボット稼働時間は職員の時間ではないため差し引いていません。",
        "Before = items × minutes per item + runs × minutes per run. After = items handled by hand × minutes "
        "per item + recorded manual steps + OCR review + declared remaining minutes. Robot time is shown, "
        "not subtracted: it is not staff time.",
    ),
    "export.written": ("書き出しました: {path}", "Written: {path}"),
    "report.note.counted": (
        "※ 数えたもの: 実行 {runs} 回(件ごとの処理 {batches} 回、件のない業務 {itemless} 回)、"
        "{items} 件(完了 {done}、失敗 {failed}、手作業 {manual}、要確認 {needs_check})。対象外 {skipped} 件は数えていません。",
        "* Counted: {runs} run(s) ({batches} item batch(es), {itemless} run(s) without items), {items} item(s) "
        "(done {done}, failed {failed}, manual {manual}, needs check {needs_check}); {skipped} skipped item(s) left out.",
    ),
    "report.note.clerk": (
        "※ 完了のうち {n} 件は職員が robosan items settle で確定したもので、ロボットの削減ではなく手作業として数えています。",
        "* {n} done item(s) were settled by a clerk (robosan items settle): counted as hand work, not as robot savings.",
    ),
    "report.note.trials_out": (
        "※ 試行の実行 {runs} 回({items} 件)は数えていません。含めるには --include-trials を付けてください。",
        "* {runs} trial run(s) ({items} item(s)) left out. Add --include-trials to count them.",
    ),
    "report.note.trials_in": (
        "※ 試行の実行 {runs} 回({items} 件)も含めています(--include-trials)。",
        "* {runs} trial run(s) ({items} item(s)) included (--include-trials).",
    ),
    "report.note.no_trials": (
        "※ この期間に試行の実行はありません(--include-trials)。",
        "* No trial runs in this period (--include-trials).",
    ),
    "report.note.orphans": (
        "※ 失敗のまま、その後の実行で現れなくなったキー(孤立)が {n} 件あり、手作業として数えています。"
        "一覧は robosan items orphans、対象外にするには robosan items settle --orphans --as skipped --reason 理由",
        "* {n} failed key(s) never met again by a later run (orphans) are counted as hand work. "
        "List them with robosan items orphans; close them with robosan items settle --orphans --as skipped --reason TEXT",
    ),
}
