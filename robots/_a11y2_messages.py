"""Messages added by issue 14's second accessibility pass (helper a11y2): ja first, then en."""

from __future__ import annotations

A11Y2_MESSAGES: dict[str, tuple[str, str]] = {
    "a11y.window_unmatched": (
        "画面「{window}」は開いていて、そのプログラムは部品の情報を出していますが、どの画面が「{window}」か"
        "決められません(プログラムが出している画面の名前: {exposed})。",
        "The window '{window}' is open and its program exposes its controls, but none of its windows"
        " ({exposed}) could be paired with '{window}'.",
    ),
    "a11y.window_unmatched.hint": (
        "window: に、上の名前のどれかを書いてみてください。",
        "Try one of the names above in window:.",
    ),
    "a11y2.listing": (
        "画面「{window}」 入力欄のラベル: {fields} / そのほかの文字: {texts} / ボタン: {buttons}",
        "Window '{window}'  field labels: {fields} / other texts: {texts} / buttons: {buttons}",
    ),
    "a11y2.no_windows": (
        "ラベルで操作できる画面が見つかりません({window})。",
        "No window that can be driven by labels was found ({window}).",
    ),
    "a11y2.no_windows.hint": (
        "画面が開いているか確かめてください。開いているのにこう出るときは、そのプログラムは画像で操作します。",
        "Check that the window is open. If it is, work with that program by images.",
    ),
    "capture.need_out": (
        "保存するファイル名(.png)を書いてください(例: robosan capture images/ok.png)。名前の一覧だけなら --labels を付けます。",
        "Give the file to save (.png), e.g. robosan capture images/ok.png; for the list of names only, add --labels.",
    ),
}
