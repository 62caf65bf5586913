"""Messages of the purge and the ``retention:`` setting (plain data, merged into ``rpa_core.store.messages``)."""

from __future__ import annotations

PURGE_MESSAGES: dict[str, tuple[str, str]] = {
    "purge.bad_period": (
        "{where} の期間「{value}」が読めません。",
        "{where}: cannot read the period '{value}'.",
    ),
    "purge.bad_period.hint": (
        "日数で書いてください(例: 400d、400日、400)。月や年は日数が一定でないため使えません。",
        "Write it in days (e.g. 400d or 400). Months and years are not accepted: their length varies.",
    ),
    "purge.too_short": (
        "{where} の期間 {days} 日は短すぎます(最低 {minimum} 日)。",
        "{where}: {days} days is too short (at least {minimum} days).",
    ),
    "purge.too_short.hint": (
        "誤って最近の記録を消さないための下限です。本当に消すときは robosan purge に --force を付けてください。",
        "This floor keeps recent records from being deleted by mistake. To do it anyway, add --force to robosan purge.",
    ),
    "retention.bad": (
        "{path}{line}: retention: の値「{value}」が読めません。",
        "{path}{line}: retention: cannot read '{value}'.",
    ),
    "retention.bad.hint": (
        "保存期間を日数で書いてください(例: retention: 400d)。最低 {minimum} 日です。",
        "Write the retention period in days (e.g. retention: 400d), at least {minimum} days.",
    ),
}
