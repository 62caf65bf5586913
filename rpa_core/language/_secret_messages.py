"""Messages about where a secret may be written (validate) and its misuse at run time."""

from __future__ import annotations

_WHERE_HINT = (
    "パスワード欄など秘密情報を入れる引数(browser.fill の value、desktop.fill の value、desktop.type の text、呼び出し先の type: secret の入力)"
    "にだけ、{{{{ secrets.x.y }}}} だけを書いてください。ログ・メッセージ・set・item_key・条件・ファイルの中身・フィルターには使えません。",
    "Write a secret only as a lone {{{{ secrets.x.y }}}} in an argument meant for one (browser.fill value, desktop.fill "
    "value, desktop.type text, a called file's input of type: secret). It cannot go into log, messages, set, item_key, conditions, file "
    "contents or filters.",
)

SECRET_MESSAGES: dict[str, tuple[str, str]] = {
    "secret.misuse": (
        "秘密情報はここには書けません: {expr}",
        "A secret cannot be used here: {expr}",
    ),
    "secret.misuse.hint": _WHERE_HINT,
    "secret.misuse_form": (
        "秘密情報は {{{{ secrets.x.y }}}} だけで書いてください(前後の文字・フィルター・計算は使えません): {expr}",
        "Write a secret as a lone {{{{ secrets.x.y }}}} (no text around it, no filter, no operator): {expr}",
    ),
    "secret.misuse_form.hint": _WHERE_HINT,
    "secret.misuse_run": (
        "秘密情報「{name}」がパスワード欄以外で使われました(文字への変換・比較・フィルター・記録はできません)。",
        "Secret '{name}' was used outside a password argument (it cannot be turned into text, compared, "
        "filtered or recorded).",
    ),
    "secret.misuse_run.hint": _WHERE_HINT,
    "parse.secret_input_default": (
        "秘密情報の入力「{name}」には default: や choices: を書けません。",
        "Secret input '{name}' cannot have default: or choices:.",
    ),
    "parse.secret_input_default.hint": (
        "値は呼び出し元の call: with: で {name}: \"{{{{ secrets.x.y }}}}\" のように渡してください。",
        "The caller passes it with call: with: {name}: \"{{{{ secrets.x.y }}}}\".",
    ),
}
