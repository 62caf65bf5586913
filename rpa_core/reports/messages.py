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
}
