"""The catalogue of ``rpa_core.language``: what ``robosan validate`` says is wrong, and (``.hint``) what to do.

Plain data, loaded by :mod:`rpa_core.messages` on its first lookup. Here: the YAML file (loader), its keys,
names and expressions; the steps' and the filters' messages are in the private data modules merged below.
"""

from __future__ import annotations

from rpa_core.language._check_messages import CHECK_MESSAGES
from rpa_core.language._filter_messages import FILTER_MESSAGES
from rpa_core.language._hostile_messages import HOSTILE_MESSAGES
from rpa_core.language._personal_messages import PERSONAL_MESSAGES
from rpa_core.language._sandbox_messages import SANDBOX_MESSAGES
from rpa_core.language._secret_messages import SECRET_MESSAGES
from rpa_core.language._step_messages import STEP_MESSAGES

# The YAML file and reading it (language.loader).
_FILE: dict[str, tuple[str, str]] = {
    "yaml.syntax": ("YAMLの書き方に誤りがあります: {detail}", "YAML syntax error: {detail}"),
    "yaml.syntax.hint": (
        "字下げ(スペース)の数、「:」の後の空白、かっこやクォートの閉じ忘れを確認してください。タブは使えません。",
        "Check the indentation (spaces), the space after ':', and unclosed brackets or quotes. Tabs are not allowed.",
    ),
    "yaml.bad_date": ("「{value}」は日付の形ですが、ありえない日付です。", "'{value}' looks like a date but no such date exists."),
    "yaml.bad_date.hint": (
        "年-月-日 の数字を確かめてください(例: 2026-04-01)。文字のままにするなら \"{value}\" と引用符で囲んでください。",
        "Check the year-month-day numbers (e.g. 2026-04-01). To keep it as text, quote it: \"{value}\".",
    ),
    "yaml.duplicate_key": (
        "「{key}」が同じ場所に2回書かれています(前は {first} 行目)。",
        "'{key}' is written twice here (first on line {first}).",
    ),
    "yaml.duplicate_key.hint": ("どちらか一方を消してください。", "Delete one of them."),
    "yaml.not_mapping": (
        "シナリオの一番外側は「name:」「steps:」などのキーの並びである必要があります。",
        "The top level of a scenario must be a mapping of keys like 'name:' and 'steps:'.",
    ),
    "yaml.empty": ("ファイルが空です。", "The file is empty."),
    "yaml.empty.hint": (
        "「name:」と「steps:」を書いてください。",
        "Write at least 'name:' and 'steps:'.",
    ),
    "file.not_found": ("ファイルが見つかりません: {path}", "File not found: {path}"),
    "file.not_found.hint": (
        "ファイル名とフォルダを確認してください。",
        "Check the file name and folder.",
    ),
    "file.not_utf8": ("文字コードがUTF-8ではありません: {path}", "The file is not UTF-8: {path}"),
    "file.not_utf8.hint": (
        "メモ帳などで「UTF-8」を選んで保存し直してください。",
        "Save it again as UTF-8 (e.g. in Notepad choose UTF-8).",
    ),
    "file.is_directory": (
        "「{path}」はフォルダです。シナリオのファイル(.yaml)を指定してください。",
        "'{path}' is a folder, not a scenario file (.yaml).",
    ),
    "file.is_directory.hint": (
        "フォルダの中の .yaml ファイルの名前まで書いてください。",
        "Give the name of the .yaml file inside the folder.",
    ),
    "file.is_directory.scenario.hint": (
        "このフォルダのシナリオなら「{suggestion}」と書いてください。",
        "For the scenario of this folder write '{suggestion}'.",
    ),
    "file.unreadable": (
        "ファイルを読めません: {path}({detail})",
        "Cannot read the file {path} ({detail}).",
    ),
    "file.unreadable.hint": (
        "ファイルを他のソフトで開いていないか、読む権限があるかを確認してください。",
        "Check that no other program holds the file and that you may read it.",
    ),
    "yaml.not_mapping.hint": (
        "先頭に「name: 業務名」、次に「steps:」を書き、手順はその下に字下げして並べてください。",
        "Start with 'name: TASK', then 'steps:', and indent the steps below it.",
    ),
    "yaml.not_mapping.list.hint": (
        "手順の並びだけが書かれています。先頭に「name: 業務名」と「steps:」を書き、手順をその下に2文字字下げしてください。",
        "This is only a list of steps. Add 'name: TASK' and 'steps:' above it and indent the steps by two spaces.",
    ),
    "yaml.fullwidth_colon.hint": (
        "「：」が全角です。キーの後の「:」は半角で書き、その後に半角スペースを1つ入れてください(例: name: 事業所登録)。",
        "The colon '：' is full-width. Write the colon after a key as a half-width ':' followed by a space (e.g. name: 事業所登録).",
    ),
    "yaml.unclosed": (
        "YAMLの書き方に誤りがあります: この行で始まった「{char}」が閉じられていません。",
        "YAML syntax error: the {char} opened on this line is never closed.",
    ),
    "yaml.unclosed.hint": (
        "この行の「{char}」で始めた値や並びの終わりに、閉じる「{closing}」を書いてください。",
        "Add the closing {closing} at the end of the value or list that starts with {char} on this line.",
    ),
    "yaml.unquoted_expression": (
        '「{{{{ … }}}}」で始まる値は「"」で囲んでください: {expr} ではなく "{expr}" と書きます。',
        "Quote a value that starts with '{{{{ … }}}}': write \"{expr}\" instead of {expr}.",
    ),
    "yaml.unquoted_expression.hint": (
        'YAML では「{{」で始まる値は別の意味(入れ子の組)になります。値全体を「"」で囲めば式として読まれます。',
        "In YAML a value starting with '{{' means a nested mapping. Put the whole value in double quotes to make it an expression.",
    ),
    "yaml.unquoted_expression_line.hint": (
        'この行の「{{{{ … }}}}」を含む値全体を「"」で囲んでください(例: log: "{{{{ total }}}} 件")。',
        "Put the whole value holding '{{{{ … }}}}' on this line in double quotes (e.g. log: \"{{{{ total }}}} items\").",
    ),
    "yaml.bad_key": (
        "キーに「{{ }}」や「[ ]」の組は使えません。",
        "A key cannot be a '{{ }}' or '[ ]' collection.",
    ),
    "yaml.bad_key.hint": (
        'キーは「name」のような文字で書いてください。値なら「"」で囲んでください。',
        "Write keys as plain text like 'name'; quote values with double quotes.",
    ),
}


# Expressions (language.expressions).
_EXPRESSIONS: dict[str, tuple[str, str]] = {
    "expr.undefined": ("式の中の名前が定義されていません: {detail}", "A name in an expression is not defined: {detail}"),
    "expr.undefined.hint": (
        "綴りを確認し、使う前に save_as: や set: で値を作ってください。入力なら inputs.名前 と書きます。",
        "Check the spelling, and create the value with save_as: or set: before using it. Inputs are written inputs.NAME.",
    ),
    "expr.unsafe": ("安全でない式は使えません: {expr}", "Unsafe expressions are not allowed: {expr}"),
    "expr.unsafe.hint": (
        "式で使えるのは値とそれを読む操作(upper、split、strftime、get など)だけです。ファイルやパソコンの操作、"
        "「_」で始まる属性、Python の内部には触れられません。列名は row.氏名 や row['氏名'] で読んでください。",
        "Expressions see values and the operations that read them (upper, split, strftime, get …); file and computer "
        "operations, attributes starting with '_' and Python internals are off limits. Read columns as row.NAME or "
        "row['NAME'].",
    ),
    "expr.syntax": ("式の書き方に誤りがあります: {detail}", "Expression syntax error: {detail}"),
    "expr.syntax.hint": (
        "「{{{{ 」と「 }}}}」の対応、かっこ、クォートを確認してください。",
        "Check that '{{{{' and '}}}}', brackets and quotes are paired.",
    ),
    "expr.failed": ("式を計算できません「{expr}」: {detail}", "Cannot evaluate '{expr}': {detail}"),
}


# The scenario: its keys, names, header.
_SCENARIO: dict[str, tuple[str, str]] = {
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
        "Invalid value for '{field}' in {where}: {detail_en}",
    ),
    "parse.bad_value.hint": (
        "数値は 5 や 2.5、日付は 2026-04-10 の形で書いてください。",
        "Write numbers like 5 or 2.5 and dates like 2026-04-10.",
    ),
    "parse.bad_choice_mean": (
        "{where} の「{field}」に「{value}」は書けません。「{suggestion}」のことですか?",
        "'{value}' is not a choice for '{field}' in {where}. Did you mean '{suggestion}'?",
    ),
    "parse.bad_choice_mean.hint": ("綴りを「{suggestion}」に直してください。", "Change the spelling to '{suggestion}'."),
    "parse.bad_choice": (
        "{where} の「{field}」に「{value}」は書けません。",
        "'{value}' is not a choice for '{field}' in {where}.",
    ),
    "parse.bad_choice.hint": ("次のどれかを書いてください: {choices}", "Write one of: {choices}"),
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


MESSAGES: dict[str, tuple[str, str]] = {**_FILE, **_EXPRESSIONS, **_SCENARIO, **STEP_MESSAGES, **FILTER_MESSAGES,
                                   **CHECK_MESSAGES, **PERSONAL_MESSAGES, **HOSTILE_MESSAGES, **SECRET_MESSAGES, **SANDBOX_MESSAGES}
