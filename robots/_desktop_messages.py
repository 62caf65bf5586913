"""What the desktop robot says to a clerk (the ``desktop.*`` keys; data of :mod:`robots.messages`)."""

from __future__ import annotations

DESKTOP_MESSAGES: dict[str, tuple[str, str]] = {
    "desktop.no_display": (
        "画面(ディスプレイ)に接続できません: {detail}",
        "Cannot connect to the display: {detail}",
    ),
    "desktop.no_display.hint": (
        "ロボットはログインしたデスクトップで動かしてください。Linux では DISPLAY を設定するか Xvfb を起動してください。",
        "Run the robot on a logged-in desktop. On Linux set DISPLAY or start Xvfb.",
    ),
    "desktop.launch_failed": (
        "プログラムを起動できません: {command}({detail})",
        "Cannot start the program {command} ({detail}).",
    ),
    "desktop.launch_failed.hint": (
        "command: に書いたプログラムの名前と場所を確かめてください。",
        "Check the program name and folder in command:.",
    ),
    "desktop.launch_exited": (
        "プログラム {command} が画面「{window}」を出す前に終了しました(終了コード {code})。{output}",
        "The program {command} exited (code {code}) before showing the window '{window}'. {output}",
    ),
    "desktop.launch_exited.hint": (
        "プログラムのログ {log} を見てください。",
        "See the program's log {log}.",
    ),
    "desktop.already_running": (
        "画面「{window}」がすでに開いています。",
        "The window '{window}' is already open.",
    ),
    "desktop.already_running.hint": (
        "閉じてから実行するか、if_running: restart(閉じて起動し直す)か attach(そのまま使う)を指定してください。",
        "Close it first, or set if_running: restart (close and start again) or attach (use it as it is).",
    ),
    "desktop.still_running": (
        "前回の画面「{window}」が閉じられません。",
        "The earlier window '{window}' does not close.",
    ),
    "desktop.still_running.hint": (
        "手で閉じてから、もう一度実行してください。",
        "Close it by hand, then run again.",
    ),
    "desktop.window_not_found": (
        "画面「{window}」が {seconds} 秒待っても見つかりません。開いている画面: {titles}",
        "The window '{window}' was not found (waited {seconds} s). Open windows: {titles}",
    ),
    "desktop.window_not_found.hint": (
        "画面のタイトルバーの文字と同じか確かめてください。スクリーンショット: {shot}",
        "Check that it matches the text in the window's title bar. Screenshot: {shot}",
    ),
    "desktop.app_gone": (
        "操作していたプログラムの画面「{window}」が閉じています。",
        "The program's window '{window}' has closed.",
    ),
    "desktop.app_gone.hint": (
        "プログラムが異常終了した可能性があります。desktop.launch で起動し直してください。",
        "The program may have crashed. Start it again with desktop.launch.",
    ),
    "desktop.image_missing": (
        "参照画像 {image} がありません。",
        "The reference image {image} does not exist.",
    ),
    "desktop.image_missing.hint": (
        "フォルダー {folder} にある画像: {candidates}。robosan capture で作れます。",
        "Images in {folder}: {candidates}. robosan capture makes one.",
    ),
    "desktop.image_bad": (
        "{image} を画像として読めません(PNG にしてください)。",
        "{image} cannot be read as an image (use PNG).",
    ),
    "desktop.image_not_found": (
        "画像 {image} が画面「{window}」に {seconds} 秒待っても見つかりません(一番近い場所の一致度 {best}、必要 {confidence})。",
        "The image {image} was not found in the window '{window}' (waited {seconds} s; best match {best}, needed {confidence}).",
    ),
    "desktop.image_not_found.hint": (
        "スクリーンショット {shot} で画面の様子を確かめてください。見た目が変わったなら robosan capture で参照画像を撮り直してください。",
        "Look at the screenshot {shot}. If the screen has changed, cut the reference image again with robosan capture.",
    ),
    "desktop.unexpected_dialog": (
        "予期しないダイアログ「{title}」が出ました: {text}(閉じたうえで、この件を失敗にしました)",
        "An unexpected dialog '{title}' appeared: {text} (it was closed and this item marked failed)",
    ),
    "desktop.unexpected_dialog.hint": (
        "スクリーンショット {shot} を見て、入力データか業務システムの状態を確かめてください。",
        "Look at the screenshot {shot} and check the input data or the state of the system.",
    ),
    "desktop.dialog_stuck": (
        "予期しないダイアログ「{title}」が閉じられません: {text}",
        "An unexpected dialog '{title}' cannot be closed: {text}",
    ),
    "desktop.dialog_stuck.hint": (
        "スクリーンショット {shot} を見て、手で閉じてください。",
        "See the screenshot {shot} and close it by hand.",
    ),
    "desktop.no_target": (
        "{action} には anchor:(参照画像)か at:(画面内の位置)が必要です。画面全体の座標は使えません。",
        "{action} needs anchor: (a reference image) or at: (a position in a window): bare screen coordinates are not used.",
    ),
    "desktop.no_target.hint": (
        "例: anchor: images/氏名ラベル.png, offset: [180, 0] または window: 軽自動車税システム, at: [120, 80]",
        "E.g. anchor: images/name_label.png, offset: [180, 0] or window: MyApp, at: [120, 80]",
    ),
    "desktop.both_targets": ("anchor: と at: は同時に使えません。", "Use anchor: or at:, not both."),
    "desktop.bad_key": ("キー名「{key}」が分かりません。", "Unknown key name '{key}'."),
    "desktop.bad_key.hint": ("使えるキー名の例: {examples}", "Key names look like: {examples}"),
    "desktop.type_mismatch": (
        "入力した文字を読み戻すと違っていました(2回試しました)。入れたい値「{expected}」、画面の値「{got}」",
        "The field does not hold what was typed (tried twice): meant '{expected}', the field has '{got}'",
    ),
    "desktop.type_mismatch.hint": (
        "入力欄の文字数制限や入力形式(全角/半角)を確かめてください。",
        "Check the field's length limit and input format (full/half width).",
    ),
    "desktop.no_window_yet": (
        "操作する画面がありません。先に desktop.launch か desktop.activate を実行してください。",
        "No window to work in: run desktop.launch or desktop.activate first.",
    ),
    "desktop.failsafe": (
        "マウスが画面の隅に動かされたため、ロボットを止めました(フェイルセーフ)。",
        "The mouse was moved into a screen corner: the robot stopped (fail-safe).",
    ),
    "desktop.launched": ("プログラムを起動しました: {window}", "Started the program: {window}"),
    "desktop.restarted": (
        "開いていた画面「{window}」を閉じて起動し直します。",
        "Closing the open window '{window}' to start again.",
    ),
}
