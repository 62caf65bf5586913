"""Messages of issue 14: an item ``verify:`` did not find (``running.loops``); the login steps a restarted
browser replays (``running.runners``) and the setting that names them (checked by ``language.settings``)."""

from __future__ import annotations

BRESIL_RUN_MESSAGES: dict[str, tuple[str, str]] = {
    "run.verify_not_there": (
        "{key}: verify: で見つからなかったため、まだ済んでいないと判断し、もう一度行います({detail})",
        "{key}: verify: did not find it, so it is not done yet and runs again ({detail})",
    ),
    "parse.no_such_step": (
        "{where} の「{key}」という名前の手順がありません。この名前の手順(name:)はシナリオの steps: の一番上の段に書いてください。ある手順: {allowed}",
        "{where}: there is no step named '{key}'. Give that name (name:) to a step at the top level of steps:. "
        "Steps: {allowed}",
    ),
    "parse.no_such_step_mean": (
        "{where} の「{key}」という名前の手順がありません。「{suggestion}」のことですか?",
        "{where}: there is no step named '{key}'. Did you mean '{suggestion}'?",
    ),
    "run.session_relogin": (
        "「{step}」: ブラウザーが閉じられていたので起動し直し、ログインの手順({login})からやり直します。",
        "'{step}': the browser had been closed, so it is started again and logs in again ({login}) first.",
    ),
    "run.session_restart": (
        "「{step}」: ブラウザーが閉じられていたので起動し直し、この手順をもう一度行います。",
        "'{step}': the browser had been closed, so it is started again and this step runs once more.",
    ),
    "run.session_lost_in_commit": (
        "「{step}」の途中でブラウザーが閉じられました。登録されたかどうか分からないため、この手順は繰り返しません"
        "(verify: で確かめます)。",
        "The browser was closed in the middle of '{step}'. Whether it registered is unknown, so the step is not "
        "repeated (verify: checks it).",
    ),
    "run.session_lost_in_commit.hint": (
        "for_each に verify: を書くと、対象システムで確かめてから続けます。",
        "With verify: on the for_each, robosan looks in the target system before going on.",
    ),
}
