"""Messages of issue 14's verify rule (``rpa_core.running.loops``): an item ``verify:`` did not find."""

from __future__ import annotations

BRESIL_RUN_MESSAGES: dict[str, tuple[str, str]] = {
    "run.verify_not_there": (
        "{key}: verify: で見つからなかったため、まだ済んでいないと判断し、もう一度行います({detail})",
        "{key}: verify: did not find it, so it is not done yet and runs again ({detail})",
    ),
}
