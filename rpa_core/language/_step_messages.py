"""Messages of ``robosan validate`` about steps: modifiers, actions and each construct (data of :mod:`rpa_core.language.messages`)."""

from __future__ import annotations

STEP_MESSAGES: dict[str, tuple[str, str]] = {
    "parse.when_shape": (
        "条件は「{{{{ … }}}}」の式か true / false で書いてください(「{value}」)。",
        "A condition must be a '{{{{ … }}}}' expression or true/false (got '{value}').",
    ),
    "parse.when_shape.hint": (
        "例: when: \"{{{{ row.区分 == '新規' }}}}\"",
        "Example: when: \"{{{{ row.kind == 'new' }}}}\"",
    ),
    "parse.retry_shape": (
        "retry: は {{times: 3, delay: 2s}} の形で書いてください。",
        "retry: must look like {{times: 3, delay: 2s}}.",
    ),
    "parse.retry_shape.hint": (
        "times は1〜100の回数、delay は待ち時間(2s、500ms、1m)です。",
        "times is 1 to 100, delay a duration (2s, 500ms, 1m).",
    ),
    "parse.duration": (
        "{key} の時間「{value}」が読めません。",
        "Cannot read the duration '{value}' of {key}.",
    ),
    "parse.duration.hint": (
        "30s(秒)、500ms(ミリ秒)、2m(分)、1h(時間)のように書いてください。",
        "Write it like 30s, 500ms, 2m or 1h.",
    ),
    "parse.need_bool": (
        "「{key}」には true か false を書いてください。",
        "'{key}' must be true or false.",
    ),
    "parse.on_error_shape": (
        "on_error: には continue、stop、または手順の並びを書いてください(「{value}」)。",
        "on_error: must be continue, stop or a list of steps (got '{value}').",
    ),
    "parse.modifier_no_effect": (
        "{key} はこの手順（{step}）では使えません。書いても何も変わりません。",
        "{key}: does nothing on this step ({step}), so it is not allowed here.",
    ),
    "parse.timeout_no_effect.hint": (
        "timeout: は、待つ時間を受け付ける動作（browser.wait_for、file.wait_for など）にだけ付けられます。"
        "中の動作に付けるか、失敗したときにやり直すなら retry: を使ってください。",
        "timeout: only goes on an action that accepts a waiting time (browser.wait_for, file.wait_for …). "
        "Put it on the action inside, or use retry: to try again after a failure.",
    ),
    "parse.retry_commit_in_item": (
        "登録など(commit: true)の手順に retry: は付けられません。二重登録の恐れがあるためです。",
        "retry: is not allowed on a commit: true step inside an item loop: it could register twice.",
    ),
    "parse.retry_commit_in_item.hint": (
        "retry: は for_each に付けてください。件ごとにやり直す前に verify: で登録済みか確かめます。",
        "Put retry: on the for_each instead: each item is retried after verify: checks whether it already got through.",
    ),
    "parse.unknown_action_mean": (
        "動作「{action}」はありません。「{suggestion}」のことですか?",
        "There is no action '{action}'. Did you mean '{suggestion}'?",
    ),
    "parse.unknown_action_mean.hint": (
        "綴りを「{suggestion}」に直してください。",
        "Change it to '{suggestion}'.",
    ),
    "parse.unknown_action": ("動作「{action}」はありません。", "There is no action '{action}'."),
    "parse.unknown_action.hint": (
        "使える動作は robosan actions で一覧できます。",
        "List the available actions with 'robosan actions'.",
    ),
    "parse.args_shape": (
        "{action} の引数は「{{名前: 値}}」の形で書いてください。",
        "The arguments of {action} must be '{{name: value}}' pairs.",
    ),
    "parse.args_shape.hint": ("例: {action}: {example}", "Example: {action}: {example}"),
    "parse.unknown_arg_mean": (
        "{action} に引数「{arg}」はありません。「{suggestion}」のことですか?",
        "{action} has no argument '{arg}'. Did you mean '{suggestion}'?",
    ),
    "parse.unknown_arg_mean.hint": (
        "綴りを「{suggestion}」に直してください。",
        "Change it to '{suggestion}'.",
    ),
    "parse.unknown_arg": ("{action} に引数「{arg}」はありません。", "{action} has no argument '{arg}'."),
    "parse.unknown_arg.hint": ("使える引数: {allowed}", "Valid arguments: {allowed}"),
    "parse.bad_arg": (
        "{action} の引数「{arg}」の値「{value}」が正しくありません: {detail}",
        "Invalid value '{value}' for '{arg}' of {action}: {detail_en}",
    ),
    "parse.bad_arg.hint": (
        "robosan actions で {action} の引数の型を確認してください。",
        "Check the argument types of {action} with 'robosan actions'.",
    ),
    "parse.missing_block": ("「{key}:」がありません。", "'{key}:' is missing."),
    "parse.missing_block.hint": (
        "「{key}:」の下に手順を並べてください。",
        "Add '{key}:' with a list of steps.",
    ),
    "parse.for_each_shape": (
        "for_each: には一覧(「{{{{ rows }}}}」の式か、並び)を書いてください。",
        "for_each: needs a list (a '{{{{ rows }}}}' expression or a list).",
    ),
    "parse.for_each_shape.hint": (
        '例: for_each: "{{{{ rows }}}}"',
        'Example: for_each: "{{{{ rows }}}}"',
    ),
    "parse.item_key_shape": (
        "item_key: には「{{{{ row.番号 }}}}」のような式を書いてください。",
        "item_key: must be an expression like '{{{{ row.id }}}}'.",
    ),
    "parse.item_loop_needs_name": (
        "item_key: のある for_each には name: が必要です(処理台帳の名前になります)。",
        "A for_each with item_key: needs a name: (it names the work-item ledger).",
    ),
    "parse.item_loop_needs_name.hint": (
        "例: name: 事業所ごとに登録",
        "Example: name: register each business",
    ),
    "parse.loop_name_twice": (
        "item_key: のある for_each の名前「{name}」が2回使われています。",
        "The item loop name '{name}' is used twice.",
    ),
    "parse.loop_name_twice.hint": (
        "ループごとに違う名前を付けてください。",
        "Give each loop its own name.",
    ),
    "parse.batch_without_key": (
        "batch: は item_key: のある for_each にだけ書けます。",
        "batch: only goes with item_key:.",
    ),
    "parse.verify_without_key": (
        "verify: は item_key: のある for_each にだけ書けます。",
        "verify: only goes with item_key:.",
    ),
    "parse.verify_without_key.hint": (
        'for_each に item_key: "{{{{ row.番号 }}}}" を書き足してください。',
        'Add item_key: "{{{{ row.id }}}}" to the for_each.',
    ),
    "parse.try_alone": ("try: には rescue: か always: が必要です。", "try: needs rescue: or always:."),
    "parse.set_shape": ("set: には「名前: 値」の組を書いてください。", "set: needs 'name: value' pairs."),
    "parse.call_shape": (
        "call: には {{file: 別シナリオ.yaml, with: {{…}}}} の形で書いてください。",
        "call: must look like {{file: other.yaml, with: {{…}}}}.",
    ),
    "parse.call_dynamic": (
        "call: のファイル名に式は使えません(実行前に確認できないため)。",
        "call: file names cannot contain expressions (they must be checked before the run).",
    ),
    "parse.call_missing": (
        "呼び出すシナリオ「{file}」が見つかりません({folder} から探しました)。",
        "The called scenario '{file}' was not found (looked in {folder}).",
    ),
    "parse.call_missing.hint": (
        "ファイル名と、このシナリオのフォルダからの相対位置を確認してください。",
        "Check the file name and its place relative to this scenario's folder.",
    ),
    "parse.call_cycle": (
        "シナリオ「{file}」が自分自身を呼び出しています(終わらなくなります)。",
        "Scenario '{file}' calls itself (it would never end).",
    ),
    "parse.call_unknown_input": (
        "「{file}」に入力「{name}」はありません(ある入力: {known})。",
        "'{file}' has no input '{name}' (its inputs: {known}).",
    ),
    "parse.call_missing_input": (
        "「{file}」の必須入力「{name}」が with: にありません。",
        "The required input '{name}' of '{file}' is missing from with:.",
    ),
    "parse.need_text": ("「{key}」の内容を書いてください。", "Write the text of '{key}'."),
    "parse.reject_modifier": (
        "reject: に {key}: は付けられません(システムが受け付けなかった件は、やり直しても同じ結果になります)。",
        "{key}: cannot go on reject: (a row the system refused is refused again on every try).",
    ),
    "parse.reject_modifier.hint": (
        "{key}: を消してください。時間切れなど一時的な失敗には fail: を使い、retry: は for_each に付けます。",
        "Remove {key}:. For passing failures (time-outs) use fail:, and put retry: on the for_each.",
    ),
    "parse.assert_shape": (
        "assert: には「{{{{ … }}}}」の式を書いてください(「{value}」)。",
        "assert: needs a '{{{{ … }}}}' expression (got '{value}').",
    ),
    "parse.skip_outside_item": (
        "skip_item: は item_key: のある for_each の中でだけ使えます。",
        "skip_item: is only valid inside a for_each with item_key:.",
    ),
    "parse.steps_empty.hint": (
        "「steps:」の下の行に、字下げして「- log: 開始」のように手順を1つ以上書いてください。",
        "On the lines below 'steps:', indent at least one step such as '- log: start'.",
    ),
    "parse.item_key_shape.hint": (
        '「{value}」は全件で同じ値になり、全件が同じ1件として扱われます。件ごとに違う列を式で書いてください。例: item_key: "{{{{ row.法人番号 }}}}"',
        "'{value}' is the same for every item, so all items would count as one. Use an expression naming a column that differs per item, e.g. item_key: \"{{{{ row.id }}}}\".",
    ),
    "parse.assert_shape.hint": (
        '確かめたい条件を式で書いてください。例: assert: "{{{{ rows | length > 0 }}}}"',
        'Write the condition to check as an expression, e.g. assert: "{{{{ rows | length > 0 }}}}".',
    ),
    "parse.batch_without_key.hint": (
        'for_each に item_key: "{{{{ row.番号 }}}}" を書き足すか、batch: を消してください。',
        'Add item_key: "{{{{ row.id }}}}" to the for_each, or delete batch:.',
    ),
    "parse.call_cycle.hint": (
        "呼び出しの輪を断ってください。共通の手順は別のファイルに分け、両方からそれを呼び出します。",
        "Break the loop of calls: move the shared steps to a separate file and call that from both.",
    ),
    "parse.call_dynamic.hint": (
        'ファイル名はそのまま書き、変わる値は with: で渡してください。例: call: {{file: 通知書.yaml, with: {{name: "{{{{ row.氏名 }}}}"}}}}',
        'Write the file name as is and pass changing values with with:, e.g. call: {{file: notice.yaml, with: {{name: "{{{{ row.name }}}}"}}}}.',
    ),
    "parse.call_missing_input.hint": (
        "with: に「{name}: 値」を書き足してください。",
        "Add '{name}: value' to with:.",
    ),
    "parse.call_unknown_input.hint": (
        "綴りを「{file}」の inputs: の名前に合わせるか、その行を消してください。",
        "Match the spelling to the inputs: of '{file}', or delete the entry.",
    ),
    "parse.call_directory": (
        "呼び出すシナリオ「{file}」はフォルダです。",
        "The called scenario '{file}' is a folder.",
    ),
    "parse.call_directory.hint": (
        "フォルダの中のシナリオファイル(.yaml)の名前まで書いてください。",
        "Give the name of the scenario file (.yaml) inside the folder.",
    ),
    "parse.call_directory.scenario.hint": ("「{suggestion}」と書いてください。", "Write '{suggestion}'."),
    "parse.call_not_yaml": (
        "呼び出すシナリオ「{file}」はシナリオのファイル(.yaml)ではありません。",
        "The called scenario '{file}' is not a scenario file (.yaml).",
    ),
    "parse.call_not_yaml.hint": (
        "call: にはシナリオ(.yaml)を書きます。Excel などのファイルは excel.read_rows などの動作で読みます。",
        "call: takes a scenario (.yaml). Read Excel and other files with actions such as excel.read_rows.",
    ),
    "parse.need_bool.hint": (
        "true(する)か false(しない)を書いてください。はい/いいえ は使えません。",
        "Write true or false.",
    ),
    "parse.need_text.hint": (
        '例: {key}: 事業所一覧を読み込みました。「{{{{ }}}}」で始まるときは全体を「"」で囲みます。',
        "Example: {key}: the list was read. If it starts with '{{{{ }}}}', put the whole text in double quotes.",
    ),
    "parse.not_text.hint": (
        "「{key}: 事業所一覧を読む」のように1行の文字で書いてください。",
        "Write one line of text, e.g. '{key}: read the list'.",
    ),
    "parse.on_error_shape.hint": (
        "on_error: continue(続ける)、on_error: stop(止める)、または下に「- log: …」のような手順を並べます。",
        "Write on_error: continue, on_error: stop, or a list of steps such as '- log: …' below it.",
    ),
    "parse.secret_name.hint": (
        "例: secrets: [tax_system]。日本語の説明は name: などに書いてください。",
        "Example: secrets: [tax_system].",
    ),
    "parse.set_shape.hint": (
        '例: set: {{count: 0, title: "{{{{ row.事業所名 }}}}"}}',
        'Example: set: {{count: 0, title: "{{{{ row.name }}}}"}}',
    ),
    "parse.skip_outside_item.hint": (
        "skip_item: は item_key: のある for_each の steps: の中に書いてください。ループの外で止めるなら fail: を使います。",
        "Put skip_item: inside the steps: of a for_each with item_key:. To stop outside a loop use fail:.",
    ),
    "parse.skip_in_loop_on_error": (
        "for_each 自身の on_error: では skip_item: は使えません(そのときには件はもう「失敗」と記録されています)。",
        "skip_item: cannot go in the for_each's own on_error: (by then the item is already recorded as failed).",
    ),
    "parse.skip_in_loop_on_error.hint": (
        "失敗しそうな手順の方に「on_error: [ {{skip_item: 理由}} ]」を付けるか、try: と rescue: で囲んで rescue: の中で skip_item: を使ってください。",
        "Put 'on_error: [ {{skip_item: reason}} ]' on the step that may fail, or wrap it in try: and use skip_item: in rescue:.",
    ),
    "parse.steps_not_list_key.hint": (
        "「{key}:」の下に、字下げして「- 」で始まる手順を並べてください。",
        "Below '{key}:', indent steps that each start with '- '.",
    ),
    "parse.try_alone.hint": (
        "失敗したときの手順を rescue: に、いつも最後にする手順を always: に書いてください。",
        "Add rescue: with the steps to run on failure, or always: with the steps to run in any case.",
    ),
    "parse.unknown_key_fullwidth_space.hint": (
        "行頭に全角スペースがあります。字下げは半角スペースだけで書いてください。",
        "The line starts with a full-width space. Indent with half-width spaces only.",
    ),
    "parse.step_not_mapping_fullwidth.hint": (
        "「：」が全角です。動作名の後の「:」は半角で書き、後ろに半角スペースを入れてください(例: - log: 開始)。",
        "The colon '：' is full-width. Write a half-width ':' and a space after the action name (e.g. - log: start).",
    ),
    # a setting naming top-level steps (settings.browser.login, issue 14)
    "parse.no_such_step": (
        "{where} の「{key}」という名前の手順がありません。この名前の手順(name:)はシナリオの steps: の一番上の段に書いてください。ある手順: {allowed}",
        "{where}: there is no step named '{key}'. Give that name (name:) to a step at the top level of steps:. "
        "Steps: {allowed}",
    ),
    "parse.no_such_step_mean": (
        "{where} の「{key}」という名前の手順がありません。「{suggestion}」のことですか?",
        "{where}: there is no step named '{key}'. Did you mean '{suggestion}'?",
    ),
}
