"""Messages of ``robosan validate`` about hostile files, rules across blocks and files, and referenced files.

Data of :mod:`rpa_core.language.messages` (loaded on first lookup).
"""

from __future__ import annotations

CHECK_MESSAGES: dict[str, tuple[str, str]] = {
    # -- files nobody meant to write (language.loader) ------------------------------------------------
    "yaml.control_char": (
        "見えない制御文字 {code} があります。シナリオには書けない文字です。",
        "There is an invisible control character {code}; a scenario cannot hold it.",
    ),
    "yaml.control_char.hint": (
        "この行のこの位置の文字を消して打ち直してください(Webページや Excel から貼り付けたときに紛れ込みます)。",
        "Delete the character at this line and column and type it again (it comes in when pasting from a web page or Excel).",
    ),
    "yaml.too_deep": (
        "入れ子(字下げやかっこ)が深すぎます({limit} 段まで)。",
        "The nesting (indentation or brackets) is too deep (at most {limit} levels).",
    ),
    "yaml.too_deep.hint": (
        "手順を call: で別のファイルに分けてください。かっこの閉じ忘れでも起きます。",
        "Move steps into another file with call:. An unclosed bracket can also cause this.",
    ),
    "yaml.too_many_values": (
        "値の数が多すぎます(エイリアス * の展開を含めて {limit} 個まで)。",
        "Too many values (at most {limit}, counting what aliases * expand to).",
    ),
    "yaml.too_many_values.hint": (
        "&名前 と *名前 の参照を重ねて使うのをやめ、必要な値だけを書いてください。大きなデータは Excel や CSV から読んでください。",
        "Do not stack &anchor / *alias references; write only the values you need. Read large data from Excel or CSV.",
    ),
    "yaml.too_large": (
        "ファイルが大きすぎます({size} KB。シナリオは {limit} KB まで)。",
        "The file is too large ({size} KB; a scenario may be at most {limit} KB).",
    ),
    "yaml.too_large.hint": (
        "シナリオのファイルか確かめてください。データは Excel や CSV に置き、excel.read_rows などで読みます。",
        "Check that this is a scenario file. Keep data in Excel or CSV and read it with excel.read_rows and the like.",
    ),
    "yaml.long_number": (
        "{digits} 桁の数があります。数として書けるのは {limit} 桁までです。",
        "A number has {digits} digits; a number may have at most {limit}.",
    ),
    "yaml.long_number.hint": (
        "番号やコードなら \"…\" で囲んで文字として書いてください。",
        "If it is a number such as a code, quote it as text: \"…\".",
    ),
    "yaml.not_finite": (
        "「{value}」は数ではありません(非数・無限大)。",
        "'{value}' is not a usable number (not-a-number or infinite).",
    ),
    "yaml.not_finite.hint": (
        "30、2.5 のような数を書いてください。文字として使うなら \"{value}\" と引用符で囲んでください。",
        "Write a number such as 30 or 2.5. To use it as text, quote it: \"{value}\".",
    ),
    "yaml.surrogate": (
        "文字の半分だけ(\\ud800 などのサロゲート)が書かれています。",
        "Half of a character (a surrogate such as \\ud800) is written here.",
    ),
    "yaml.surrogate.hint": (
        "\\u の書き方をやめ、文字をそのまま書いてください(𠮷 などもそのまま書けます)。",
        "Do not write \\u escapes; write the character itself (𠮷 and the like can be written as they are).",
    ),
    "expr.too_complex": (
        "式が複雑すぎて読めません(かっこの入れ子が深すぎます)。",
        "The expression is too complex to read (brackets nested too deep).",
    ),
    "expr.too_complex.hint": (
        "set: で途中の値に名前を付け、式を短く分けてください。",
        "Split it: give intermediate values a name with set:.",
    ),
    "parse.steps_too_deep": (
        "手順の入れ子が深すぎます({limit} 段まで)。",
        "Steps are nested too deep (at most {limit} levels).",
    ),
    "parse.steps_too_deep.hint": (
        "内側の手順を call: で別のファイルに分けるか、if: を when: にまとめてください。",
        "Move the inner steps into another file with call:, or fold nested if: into when:.",
    ),
    "parse.duration_range": (
        "{key} の時間「{value}」は使えません(0 から 24 時間まで)。",
        "The duration '{value}' of {key} cannot be used (0 to 24 hours).",
    ),
    "parse.duration_range.hint": (
        "30s、500ms、2m、1h のように書いてください。.nan や .inf、非常に大きな数は書けません。",
        "Write it like 30s, 500ms, 2m or 1h. .nan, .inf and huge numbers are not durations.",
    ),
    # -- retry and commit across blocks and files (language.rules) ------------------------------------
    "parse.retry_around_commit": (
        "登録など(commit: true)の手順が、retry: の付いたかたまり({retry})の中にあります。"
        "やり直すと件ごとのループ「{loop}」の同じ件を二重に登録する恐れがあります。",
        "This commit: true step is inside a block with retry: ({retry}): a retry could register an item of "
        "the item loop '{loop}' twice.",
    ),
    "parse.retry_around_commit.hint": (
        "かたまりの retry: を消し、for_each に retry: と verify: を付けてください。verify: で登録済みか確かめてからやり直します。",
        "Remove the block's retry: and put retry: and verify: on the for_each: each item is retried after verify: checks it.",
    ),
    "parse.retry_commit_in_called": (
        "このファイルは {at} の件ごとのループ「{loop}」から呼ばれます。登録など(commit: true)の手順に retry: は付けられません(二重登録の恐れ)。",
        "This file is called from the item loop '{loop}' at {at}: retry: is not allowed on a commit: true step "
        "(it could register twice).",
    ),
    "parse.retry_commit_in_called.hint": (
        "この retry: を消し、呼び出し側の for_each に retry: と verify: を付けてください。",
        "Remove this retry: and put retry: and verify: on the calling for_each.",
    ),
    "parse.loop_retry_without_verify": (
        "件ごとのループ「{loop}」に retry: がありますが verify: がありません。{commit} の登録(commit: true)が、やり直すたびにもう一度行われます。",
        "The item loop '{loop}' has retry: but no verify:: the commit step at {commit} would run again on each retry.",
    ),
    "parse.loop_retry_without_verify.hint": (
        "verify: を付けて、やり直す前に登録済みか確かめてください(例: 登録済みの一覧を読み、assert: で確かめる)。",
        "Add verify: so that each retry first checks whether the item got through (e.g. read the list of "
        "registered items and check with assert:).",
    ),
    # -- steps where they cannot work ----------------------------------------------------------------
    "parse.skip_in_verify": (
        "verify: の中では skip_item: は使えません。",
        "skip_item: cannot go inside verify:.",
    ),
    "parse.skip_in_verify.hint": (
        "verify: は「登録済みか」を確かめるだけです(assert: が成り立てば完了、成り立たなければやり直し)。対象外にするなら steps: の中に書いてください。",
        "verify: only checks whether the item got through (assert: true → done, false → run again). To leave "
        "an item out, put skip_item: in steps:.",
    ),
    "parse.manual_in_verify": (
        "verify: の中では manual:(手作業)は使えません。",
        "manual: cannot go inside verify:.",
    ),
    "parse.manual_in_verify.hint": (
        "verify: は記録や画面から確かめる手順だけにしてください。確かめられない件は自動で「要確認」になります。",
        "Keep verify: to steps that check a record or a screen; an item it cannot check becomes needs_check by itself.",
    ),
    "parse.manual_unattended_on_error": (
        "無人実行では、for_each 自身の on_error: に manual:(手作業)は書けません(そのときには件はもう「失敗」と記録されています)。",
        "In an unattended run, manual: cannot go in the for_each's own on_error: (the item is already recorded as failed).",
    ),
    "parse.manual_unattended_on_error.hint": (
        "失敗しそうな手順の方に on_error: [ {{manual: …}} ] を付けると、その件を手作業に回せます。",
        "Put on_error: [ {{manual: …}} ] on the step that may fail: that hands the item to a clerk.",
    ),
    # -- referenced files (images, templates, called files, input defaults) ---------------------------
    "parse.file_missing": (
        "ファイル「{path}」が見つかりません。",
        "File '{path}' not found.",
    ),
    "parse.file_missing.hint": (
        "シナリオのフォルダ({folder})からの場所で書きます。名前とフォルダを確かめてください。",
        "Paths are relative to the scenario's folder ({folder}). Check the name and the folder.",
    ),
    "parse.file_missing_mean.hint": (
        "「{suggestion}」のことですか?",
        "Did you mean '{suggestion}'?",
    ),
    "parse.input_default_missing": (
        "入力の既定のファイル「{path}」が見つかりません。",
        "The input's default file '{path}' not found.",
    ),
    "parse.input_default_missing.hint": (
        "default: の場所を直すか、実行時に --input で別のファイルを渡してください(場所はシナリオのフォルダ {folder} から)。",
        "Fix default:, or give another file with --input when you run (paths are relative to {folder}).",
    ),
    "parse.call_missing_mean": (
        "呼び出すシナリオ「{file}」が見つかりません。「{suggestion}」のことですか?",
        "The called scenario '{file}' was not found. Did you mean '{suggestion}'?",
    ),
    "parse.call_missing_mean.hint": (
        "call: に「{suggestion}」と書いてください。",
        "Write '{suggestion}' in call:.",
    ),
}
