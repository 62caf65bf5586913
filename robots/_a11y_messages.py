"""What the desktop robot says about fields found by their labels (issue 14; data of :mod:`robots.messages`)."""

from __future__ import annotations

A11Y_MESSAGES: dict[str, tuple[str, str]] = {
    "a11y.no_bus": (
        "画面の部品(ラベル・入力欄・ボタン)を読み取るしくみ(AT-SPI)に接続できません: {detail}",
        "Cannot reach the accessibility service (AT-SPI) that shows a program's labels, fields and buttons: {detail}",
    ),
    "a11y.no_bus.hint": (
        "Linux では at-spi2-core と dbus-x11 を入れ、デスクトップにログインした状態で動かしてください"
        "(画面のないサーバーでは dbus-launch と /usr/libexec/at-spi-bus-launcher を起動します)。"
        "ラベルを使わず、画像で操作する(desktop.click_image など)こともできます。",
        "On Linux install at-spi2-core and dbus-x11 and run on a logged-in desktop (on a server without a screen,"
        " start dbus-launch and /usr/libexec/at-spi-bus-launcher). Or work by images (desktop.click_image…).",
    ),
    "a11y.not_exposed": (
        "画面「{window}」は開いていますが、ラベルや入力欄の情報を出していません(このプログラムはラベルで操作できません)。",
        "The window '{window}' is open but exposes no labels or fields: this program cannot be driven by labels.",
    ),
    "a11y.not_exposed.hint": (
        "画像で操作してください(desktop.click_image、desktop.type の anchor:)。GTK のプログラムは環境変数"
        " GTK_MODULES=gail:atk-bridge、Qt のプログラムは QT_ACCESSIBILITY=1 を付けて起動すると、ラベルで操作できることがあります。",
        "Work by images (desktop.click_image, desktop.type with anchor:). GTK programs started with"
        " GTK_MODULES=gail:atk-bridge, Qt programs with QT_ACCESSIBILITY=1, may then be driven by labels.",
    ),
    "a11y.field_not_found": (
        "画面「{window}」にラベル「{name}」の入力欄が見つかりません。もしかして: {guess}",
        "No field labelled '{name}' in the window '{window}'. Did you mean: {guess}",
    ),
    "a11y.field_not_found.hint": (
        "label: には画面に見えるとおりに書いてください(「：」「*」「(必須)」は書かなくてもかまいません)。"
        "この画面のラベル: {labels}。ボタン: {buttons}",
        "Write label: as the screen shows it (':' '*' '(必須)' may be left out). Labels in this window: {labels}."
        " Buttons: {buttons}",
    ),
    "a11y.button_not_found": (
        "画面「{window}」にボタン「{name}」が見つかりません。もしかして: {guess}",
        "No button '{name}' in the window '{window}'. Did you mean: {guess}",
    ),
    "a11y.button_not_found.hint": (
        "button: にはボタンに書かれた文字を書いてください。この画面のボタン: {buttons}。ラベル: {labels}",
        "Write button: as the button reads. Buttons in this window: {buttons}. Labels: {labels}",
    ),
    "a11y.ambiguous": (
        "画面「{window}」に「{name}」が2つ以上あり、どれか決められません: {candidates}",
        "'{name}' appears more than once in the window '{window}'; the robot will not guess: {candidates}",
    ),
    "a11y.ambiguous.hint": (
        "画面の作りを確かめてください。同じ名前の欄が並ぶ画面は、画像で操作してください。",
        "Check the form. Where two fields share a name, work by images.",
    ),
    "a11y.readback_failed": (
        "画面「{window}」の「{name}」に入れた値を読み戻せません。入力が正しいか確かめられないため、失敗とします。",
        "The value put in '{name}' of the window '{window}' cannot be read back; unconfirmed, so the step fails.",
    ),
    "a11y.readback_failed.hint": (
        "このプログラムは欄の内容を外に見せていません。画像と desktop.type(読み戻しあり)で入力してください。",
        "This program does not show the field's content. Type with desktop.type (with its read-back) and images.",
    ),
    "a11y.not_cleared": (
        "画面「{window}」の「{name}」を空にできません(残っている値: 「{got}」)。",
        "Cannot empty '{name}' in the window '{window}' (it still holds '{got}').",
    ),
    "a11y.fill_mismatch": (
        "画面「{window}」の「{name}」に「{expected}」と入れましたが、読み戻すと「{got}」でした(2回試しました)。",
        "Put '{expected}' in '{name}' of the window '{window}', but it reads back '{got}' (tried twice).",
    ),
    "a11y.fill_mismatch.hint": (
        "欄が入れられる文字数や種類(数字だけ、など)を確かめてください。",
        "Check how many and which characters the field accepts (digits only, for example).",
    ),
    "a11y.too_long": (
        "「{name}」に入れる値が {length} 文字あり、max_length の {limit} 文字を超えています。",
        "The value for '{name}' has {length} characters, more than max_length {limit}.",
    ),
    "a11y.too_long.hint": (
        "Excel の値を確かめてください。値を切り詰めて入れることはしません。",
        "Check the value in the Excel sheet. robosan never shortens a value.",
    ),
    "a11y.read_failed": (
        "画面「{window}」の「{name}」の値を読み取れません(このプログラムは値を外に見せていません)。",
        "Cannot read the value of '{name}' in the window '{window}' (the program does not show it).",
    ),
    "a11y.press_failed": (
        "画面「{window}」のボタン「{name}」を押せません(使えない状態か、押す操作がありません)。",
        "Cannot press the button '{name}' in the window '{window}' (disabled, or it offers no press).",
    ),
    "a11y.wait_open": (
        "画面「{window}」が {seconds} 秒待っても開きません。開いている画面: {titles}",
        "The window '{window}' did not open within {seconds} s. Open windows: {titles}",
    ),
    "a11y.wait_closed": (
        "画面「{window}」が {seconds} 秒待っても閉じません。",
        "The window '{window}' did not close within {seconds} s.",
    ),
    "a11y.click_mixed": (
        "desktop.click の button:(画面のボタンの名前)と、{other}(画像や位置でクリックする指定)は一緒に使えません。",
        "desktop.click cannot take button: (a button's name) together with {other} (clicking by image or position).",
    ),
    "a11y.click_mixed.hint": (
        "ボタンを名前で押すなら button: だけを、画像や位置でクリックするなら anchor: か at: を書いてください"
        "(マウスのボタンは mouse_button: left/right/middle)。",
        "To press a button by name write only button:; to click by image or position write anchor: or at:"
        " (the mouse button is mouse_button: left/right/middle).",
    ),
    "arg.need.a11y_mouse_button": (
        "button: には画面のボタンの名前を書きます。マウスの左・右・中ボタンは mouse_button: {value} と書いてください。",
        "button: takes the name of a button on screen; write the mouse button as mouse_button: {value}.",
    ),
}
