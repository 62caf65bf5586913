"""Messages of ``robosan validate``: what is wrong, and (``.hint``) what to do. Japanese first.

Here: the scenario file, its keys, names and expressions. The messages of steps (modifiers,
actions, constructs) are in :mod:`rpa_core.language.step_messages`, registered with these.
"""

from rpa_core.language import step_messages as _step_messages  # noqa: F401  (the messages of steps)
from rpa_core.messages import register

register(
    {
        "parse.unknown_key_mean": (
            "「{key}」は {where} には書けません。「{suggestion}」のことですか?",
            "'{key}' is not valid in {where}. Did you mean '{suggestion}'?",
        ),
        "parse.unknown_key_mean.hint": (
            "綴りを「{suggestion}」に直してください。",
            "Change the spelling to '{suggestion}'.",
        ),
        "parse.unknown_key": ("「{key}」は {where} には書けません。", "'{key}' is not valid in {where}."),
        "parse.unknown_key.hint": ("書けるのは次のキーです: {allowed}", "Valid keys here: {allowed}"),
        "parse.missing_name": ("シナリオの名前(name:)がありません。", "The scenario has no name (name:)."),
        "parse.missing_name.hint": (
            "先頭に「name: 事業所登録」のように業務名を書いてください。報告書の業務名になります。",
            "Add e.g. 'name: 事業所登録' at the top; it is the task name in reports.",
        ),
        "parse.missing_steps": ("手順(steps:)がありません。", "The scenario has no steps (steps:)."),
        "parse.missing_steps.hint": (
            "「steps:」の下に「- log: こんにちは」のように手順を並べてください。",
            "Add 'steps:' with a list of steps such as '- log: hello'.",
        ),
        "parse.need_mapping": (
            "「{key}」には「名前: 値」の組を書いてください。",
            "'{key}' needs 'name: value' pairs.",
        ),
        "parse.need_mapping.hint": (
            "「{key}:」の下に字下げして「名前: 値」を1行に1つずつ書くか、1行で {key}: {example} のように書きます。",
            "Indent 'name: value' lines under '{key}:', one per line, or write it on one line like {key}: {example}.",
        ),
        "parse.need_mapping.plain.hint": (
            "「{key}:」の下に字下げして「名前: 値」を1行に1つずつ書いてください。",
            "Indent 'name: value' lines under '{key}:', one per line.",
        ),
        "parse.missing_arg": ("{where} に必要な「{arg}」がありません。", "{where} needs '{arg}'."),
        "parse.missing_arg.hint": (
            "「{arg}: 値」を書き足してください。使い方は robosan actions で確認できます。",
            "Add '{arg}: value'. See 'robosan actions' for usage.",
        ),
        "parse.bad_value": (
            "{where} の「{field}」の値が正しくありません: {detail}",
            "Invalid value for '{field}' in {where}: {detail}",
        ),
        "parse.bad_value.hint": (
            "数値は 5 や 2.5、日付は 2026-04-10 の形で書いてください。",
            "Write numbers like 5 or 2.5 and dates like 2026-04-10.",
        ),
        "parse.bad_name": ("「{name}」は名前として使えません。", "'{name}' cannot be used as a name."),
        "parse.bad_name.hint": (
            "文字で始め、文字・数字・「_」だけを使ってください(日本語も可)。inputs と secrets は予約済みです。",
            "Start with a letter and use letters, digits and '_' only (Japanese is fine). 'inputs' and 'secrets' are reserved.",
        ),
        "parse.input_shape": (
            "入力「{name}」は「{{type: …, default: …}}」の形で書いてください。",
            "Input '{name}' must look like '{{type: …, default: …}}'.",
        ),
        "parse.input_shape.hint": (
            "例: file: {{type: path, default: data/list.xlsx}}",
            "Example: file: {{type: path, default: data/list.xlsx}}",
        ),
        "parse.secrets_shape": (
            "secrets: には名前の一覧を書いてください。",
            "secrets: must be a list of names.",
        ),
        "parse.secrets_shape.hint": (
            "例: secrets: [tax_system]。パスワード自体はファイルに書かず robosan secrets set で登録します。",
            "Example: secrets: [tax_system]. Passwords never go in the file: use 'robosan secrets set'.",
        ),
        "parse.secret_name": (
            "秘密情報の名前「{name}」は半角英数字と「_」で書いてください。",
            "Secret name '{name}' must use ASCII letters, digits and '_'.",
        ),
        "parse.not_text": ("「{key}」には文字を書いてください。", "'{key}' must be text."),
        "parse.steps_not_list": (
            "steps: は「- 」で始まる手順の並びにしてください。",
            "steps: must be a list of steps, each starting with '- '.",
        ),
        "parse.steps_not_list.hint": ("各手順の行頭に「- 」を付けてください。", "Put '- ' before each step."),
        "parse.steps_not_list_key": (
            "「{key}」には「- 」で始まる手順の並びを書いてください。",
            "'{key}' must be a list of steps, each starting with '- '.",
        ),
        "parse.step_not_mapping": (
            "手順 {value} は「動作: 引数」の形になっていません。",
            "Step {value} is not of the form 'action: arguments'.",
        ),
        "parse.step_not_mapping.hint": (
            "例: - log: こんにちは  /  - excel.read_rows: {{file: 名簿.xlsx}}",
            "Example: - log: hello  /  - excel.read_rows: {{file: list.xlsx}}",
        ),
        "parse.undefined_var_mean": (
            "「{name}」は定義されていません。「{suggestion}」のことですか?",
            "'{name}' is not defined. Did you mean '{suggestion}'?",
        ),
        "parse.undefined_var_mean.hint": (
            "綴りを直すか、前の手順で save_as: {name} や set: で作ってください。",
            "Fix the spelling, or create it earlier with 'save_as: {name}' or 'set:'.",
        ),
        "parse.undefined_var": ("「{name}」は定義されていません。", "'{name}' is not defined."),
        "parse.undefined_var.hint": (
            "使う前の手順で save_as: {name} や set: で作ってください。入力なら inputs.{name} と書きます。",
            "Create it in an earlier step with 'save_as: {name}' or 'set:'. For an input write inputs.{name}.",
        ),
        "parse.undefined_input": (
            "入力「{name}」は inputs: に宣言されていません(宣言済み: {known})。",
            "Input '{name}' is not declared under inputs: (declared: {known}).",
        ),
        "parse.undefined_input.hint": (
            "inputs: に「{name}: {{type: str}}」を書き足すか、綴りを直してください。",
            "Add '{name}: {{type: str}}' under inputs:, or fix the spelling.",
        ),
        "parse.undefined_secret": (
            "秘密情報「{name}」は secrets: に宣言されていません。",
            "Secret '{name}' is not declared under secrets:.",
        ),
        "parse.undefined_secret.hint": (
            "secrets: [{name}] のように宣言してください。",
            "Declare it like secrets: [{name}].",
        ),
        "parse.unknown_step_mean": (
            "「{key}」という手順はありません。「{suggestion}」のことですか?",
            "There is no step '{key}'. Did you mean '{suggestion}'?",
        ),
        "parse.unknown_step_mean.hint": (
            "綴りを「{suggestion}」に直してください。",
            "Change it to '{suggestion}'.",
        ),
        "parse.unknown_step": ("「{key}」という手順はありません。", "There is no step '{key}'."),
        "parse.unknown_step.hint": (
            "使える動作は robosan actions で一覧できます。",
            "List the available actions with 'robosan actions'.",
        ),
        "parse.no_action": (
            "この手順には動作がありません(name: などの修飾だけです)。",
            "This step has no action (only modifiers such as name:).",
        ),
        "parse.no_action.hint": (
            "「- log: …」や「- excel.read_rows: …」のように動作を1つ書いてください。",
            "Write one action, e.g. '- log: …' or '- excel.read_rows: …'.",
        ),
        "parse.two_actions": (
            "1つの手順に動作が2つあります(「{first}」と「{second}」)。",
            "One step has two actions ('{first}' and '{second}').",
        ),
        "parse.two_actions.hint": (
            "「- 」を付けて2つの手順に分けてください。字下げのずれでも起きます。",
            "Split them into two steps, each starting with '- '. Wrong indentation can also cause this.",
        ),
        "expr.unknown_filter_mean": (
            "フィルタ「{name}」はありません。「{suggestion}」のことですか?",
            "There is no filter '{name}'. Did you mean '{suggestion}'?",
        ),
        "expr.unknown_filter_mean.hint": ("「| {suggestion}」と書いてください。", "Write '| {suggestion}'."),
        "expr.unknown_filter": ("フィルタ「{name}」はありません。", "There is no filter '{name}'."),
        "expr.unknown_filter.hint": ("使えるフィルタ: {known}", "Available filters: {known}"),
    }
)
