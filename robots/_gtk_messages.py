"""What the desktop robot says about UI Automation on Windows (issue 14; data of :mod:`robots.messages`)."""

from __future__ import annotations

GTK_MESSAGES: dict[str, tuple[str, str]] = {
    "a11y.no_uia": (
        "画面の部品(ラベル・入力欄・ボタン)を読み取るしくみ(UI Automation)を使えません: {detail}",
        "Cannot use UI Automation, which shows a program's labels, fields and buttons: {detail}",
    ),
    "a11y.no_uia.hint": (
        "Windows で robosan を入れ直すと pywinauto も入ります(pip install robosan)。"
        "ラベルを使わず、画像で操作する(desktop.click_image など)こともできます。",
        "Reinstall robosan on Windows, which installs pywinauto with it (pip install robosan)."
        " Or work by images (desktop.click_image…).",
    ),
}
