"""Messages of the runner's daily retention purge (plain data, merged into ``rpa_core.scheduling.messages``)."""

from __future__ import annotations

RETENTION_MESSAGES: dict[str, tuple[str, str]] = {
    "robot.bad_retention": (
        "retention: の値「{value}」が読めないか、{minimum} 日より短い期間です。",
        "retention: '{value}' cannot be read or is shorter than {minimum} days.",
    ),
    "robot.bad_retention.hint": (
        "個人データを残す日数を書いてください(例: retention: 400d)。PCの設定(settings.yaml)の retention: と"
        "両方あるときは短いほうを使います。",
        "Write the days personal data is kept (e.g. retention: 400d). If the PC's settings.yaml also has "
        "retention:, the shorter one applies.",
    ),
    "sched.event.purge": ("保存期間を過ぎた個人データを削除しました", "purged personal data past retention"),
    "sched.event.purge_failed": ("保存期間を過ぎた個人データを削除できませんでした",
                                 "could not purge personal data past retention"),
    "sched.retention": (
        "  保存期間 {days} 日({source}): 毎日 3:00 にそれより古い個人データを削除します。次回 {at}",
        "  Retention {days} days ({source}): older personal data is purged daily at 3:00. Next {at}",
    ),
    "sched.retention.reason": ("保存期間 {days} 日による自動削除({source})",
                               "retention of {days} days ({source})"),
}
