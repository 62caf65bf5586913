"""Messages of issue 14's browser side: a lost browser started anew, a busy system waited out."""

from __future__ import annotations

BRESIL_MESSAGES: dict[str, tuple[str, str]] = {
    "browser.lost": (
        "ブラウザーが閉じられていました(閉じられたか、止まったか、外から終了されました)。",
        "The browser was gone (closed, crashed or ended from outside).",
    ),
    "browser.lost.hint": (
        "起動し直してログインからやり直すには、settings: の browser: に login: でログインの手順の名前を書いてください。",
        "To start again and log in again, name the login steps in settings: browser: login:.",
    ),
    "browser.busy_wait": (
        "システムが混み合っています({reason})。{seconds}秒待ってやり直します({attempt}/{tries}回目)。",
        "The system is busy ({reason}). Waiting {seconds} s and trying again (try {attempt} of {tries}).",
    ),
    "browser.busy_gave_up": (
        "システムが混み合っていて、{tries}回試してもつながりませんでした({reason}): {detail}",
        "The system stayed busy after {tries} tries ({reason}): {detail}",
    ),
    "browser.busy_gave_up.hint": (
        "しばらくしてから実行し直してください。待つ回数と時間は settings: の browser: の busy_tries: と"
        " busy_max_wait: で変えられます。",
        "Run it again later. How many tries and how long to wait: busy_tries: and busy_max_wait: in"
        " settings: browser:.",
    ),
}
