"""Messages about who may use a secret (its scope), checked when a run starts."""

from __future__ import annotations

SECRET_RUN_MESSAGES: dict[str, tuple[str, str]] = {
    "secret.unscoped": (
        "秘密情報「{name}」は使ってよいシナリオ・所属が登録されていないため、シナリオ「{scenario}」(所属 {department})では使えません。",
        "Secret '{name}' has no list of who may use it, so scenario '{scenario}' (department {department}) cannot use it.",
    ),
    "secret.unscoped.hint": (
        "この PC の管理者(情報政策課)が robosan secrets set {name} --for {department} のように使える所属を登録してください"
        "(環境変数なら {env})。",
        "The PC's administrator registers who may use it: robosan secrets set {name} --for {department} "
        "(or the environment variable {env}).",
    ),
    "secret.not_allowed": (
        "秘密情報「{name}」はシナリオ「{scenario}」(所属 {department})には使えません。使えるのは {scope} です。",
        "Secret '{name}' may not be used by scenario '{scenario}' (department {department}); it is for {scope}.",
    ),
    "secret.not_allowed.hint": (
        "別の課のパスワードは使えません。必要なら管理者(情報政策課)が robosan secrets allow {name} --for {department} で"
        "追加します(環境変数なら {env})。シナリオの department: が正しいかも確認してください。",
        "Another department's password cannot be used. If this is needed, the administrator adds it with "
        "robosan secrets allow {name} --for {department} (or the environment variable {env}). Check the "
        "scenario's department: too.",
    ),
    "secret.value_in_argument": (
        "{action} の {arg} に、秘密情報(パスワードなど)と同じ文字が入っています。そのまま渡すと画面やファイルに残るため、"
        "この手順は行いませんでした。",
        "{action} {arg} holds the same text as a secret (a password or login), so this step was not done: "
        "it would leave the secret on a screen or in a file.",
    ),
    "secret.value_in_argument.hint": (
        "相手のシステムから読んだ文字にパスワードなどが含まれていないか確かめてください。秘密情報は "
        "browser.fill・desktop.fill の value や desktop.type の text に {{{{ secrets.名前.項目 }}}} と書いたときだけ渡せます。",
        "Check whether text read from the target system contains the password or login. A secret is passed "
        "only where written as {{{{ secrets.name.field }}}} in browser.fill or desktop.fill value or desktop.type text.",
    ),
    "input.secret_only": (
        "入力「{name}」には秘密情報しか渡せず、秘密情報は type: secret の入力にしか渡せません。",
        "Input '{name}': a secret goes only into an input of type: secret, and such an input takes only a secret.",
    ),
    "input.secret_only.hint": (
        "呼び出し元で call: with: {{{{ {name}: \"{{{{ secrets.x.y }}}}\" }}}} と渡してください。コマンドの --input では渡せません。",
        "Pass it from the caller: call: with: {{{{ {name}: \"{{{{ secrets.x.y }}}}\" }}}}. It cannot be given with --input.",
    ),
}
