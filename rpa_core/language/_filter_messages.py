"""Messages of the filters (``filter.*``): the value that could not be read, and what to write instead; of the
values expressions make (``cell.*`` empty cells, ``expr.type`` and friends) and of action arguments that do
not fit (``arg.*``). Data of :mod:`rpa_core.language.messages`."""

from __future__ import annotations

FILTER_MESSAGES: dict[str, tuple[str, str]] = {
    "filter.empty": ("{filter} に渡された値が空です。", "The value given to {filter} is empty."),
    "filter.empty.hint": (
        "元のデータ(表のセルなど)に値が入っているか確認してください。",
        "Check that the source data (e.g. the spreadsheet cell) has a value.",
    ),
    "filter.to_date": ("日付として読めません: 「{value}」", "Cannot read as a date: '{value}'"),
    "filter.to_date.hint": (
        "「2024/4/1」や「令和6年4月1日」の形で入力してください。",
        "Write it like 2024/4/1 or 令和6年4月1日.",
    ),
    "filter.to_date.no_such_day": ("存在しない日付です: 「{value}」", "There is no such day: '{value}'"),
    "filter.to_date.no_such_day.hint": (
        "月と日を確認してください(2月30日や4月31日はありません)。",
        "Check the month and day (there is no 30 February or 31 April).",
    ),
    "filter.to_date.outside_era": (
        "「{value}」は{era}の期間({span})に入っていません。",
        "'{value}' is not within the {era_en} era ({span}).",
    ),
    "filter.to_date.outside_era.hint": (
        "元号と年を確認してください。平成は2019年4月30日まで、令和は2019年5月1日からです。",
        "Check the era and the year. Heisei ended on 2019-04-30; Reiwa began on 2019-05-01.",
    ),
    "filter.wareki.before_meiji": (
        "明治より前の日付は和暦にできません: 「{value}」",
        "Dates before the Meiji era cannot be written in wareki: '{value}'",
    ),
    "filter.wareki.before_meiji.hint": (
        "日付が正しいか確認してください(明治は1868年1月25日からとしています)。",
        "Check the date (Meiji is taken to begin on 1868-01-25).",
    ),
    "filter.wareki.style": (
        "wareki の書き方の指定が正しくありません: 「{value}」",
        "Unknown wareki style: '{value}'",
    ),
    "filter.wareki.style.hint": (
        'style には "kanji"(令和6年4月1日)か "short"(R6.4.1)を指定してください。',
        'Use style="kanji" (令和6年4月1日) or style="short" (R6.4.1).',
    ),
    "filter.yen": (
        "円の金額(整数)として読めません: 「{value}」",
        "Cannot read as a whole number of yen: '{value}'",
    ),
    "filter.yen.hint": (
        "「12345」や「12,345」のように数字で入力してください(1円未満の端数は使えません)。",
        "Write it in digits, like 12345 or 12,345 (no fractions of a yen).",
    ),
    "filter.postal": (
        "郵便番号として読めません(7桁の数字が必要です): 「{value}」",
        "Not a postal code (7 digits needed): '{value}'",
    ),
    "filter.postal.hint": (
        "「305-8555」のように7桁で入力してください。表計算ソフトで先頭の0が消えていないかも確認してください(セルを文字列にしてください)。",
        "Write all 7 digits, like 305-8555. If the spreadsheet dropped a leading 0, format the cell as text.",
    ),
    "filter.phone": ("電話番号として読めません: 「{value}」", "Not a Japanese phone number: '{value}'"),
    "filter.phone.hint": (
        "0から始まる10桁(固定電話)か11桁(携帯電話など)で入力してください。例: 03-1234-5678、090-1234-5678。表計算ソフトで先頭の0が消えていないかも確認してください。",
        "Write 10 digits (landline) or 11 digits (mobile etc.) starting with 0, e.g. 03-1234-5678 or 090-1234-5678. Check that the spreadsheet did not drop the leading 0.",
    ),
    "filter.amount": ("金額として読めません: 「{value}」", "Cannot read as an amount: '{value}'"),
    "filter.amount.hint": (
        "「12000」「12,000」「12,000円」「¥12,000」のように数字で書いてください。マイナスは「-1,200」「△1,200」「▲1,200」です。"
        "3桁ごとのカンマの位置、「約」や「ドル」などの文字がないかを確かめてください。",
        "Write it in digits, like 12000, 12,000, 12,000円 or ¥12,000; negative as -1,200, △1,200 or ▲1,200. "
        "Check the commas (every 3 digits) and words such as 約 or ドル.",
    ),
    "filter.int": ("整数として読めません: 「{value}」", "Cannot read as a whole number: '{value}'"),
    "filter.int.hint": (
        "数字だけで書いてください。空や読めないときに 0 とするなら「| int(0)」と書けます。",
        "Write digits only. To get 0 when the value is empty or unreadable, write '| int(0)'.",
    ),
    "filter.int.amount": (
        "「{value}」は金額の書き方なので int では読めません。",
        "'{value}' is written as an amount, which int does not read.",
    ),
    "filter.int.amount.hint": (
        "カンマや「円」「¥」「△」の付いた金額は「| amount」で読んでください(例: {{{{ row.金額 | amount > 10000 }}}})。",
        "Read amounts with commas, 円, ¥ or △ with '| amount' (e.g. {{{{ row.金額 | amount > 10000 }}}}).",
    ),
    "filter.int.fraction": (
        "「{value}」には小数があるので、そのままでは整数にできません。",
        "'{value}' has a fraction, so it is not a whole number.",
    ),
    "filter.int.fraction.hint": (
        "四捨五入するなら「| round | int」、切り捨てるなら「| round(0, 'floor') | int」と書いてください。",
        "To round, write '| round | int'; to round down, '| round(0, 'floor') | int'.",
    ),
    "filter.float": ("数として読めません: 「{value}」", "Cannot read as a number: '{value}'"),
    "filter.float.hint": (
        "「1.5」のように数字で書いてください。空や読めないときに 0 とするなら「| float(0)」と書けます。",
        "Write it in digits, like 1.5. To get 0 when empty or unreadable, write '| float(0)'.",
    ),
    "filter.float.amount": (
        "「{value}」は金額の書き方なので float では読めません。",
        "'{value}' is written as an amount, which float does not read.",
    ),
    "filter.float.amount.hint": (
        "カンマや「円」「¥」の付いた金額は「| amount」で読んでください。",
        "Read amounts with commas, 円 or ¥ with '| amount'.",
    ),
    "filter.digits": (
        "数字のコードとして読めません: 「{value}」",
        "Cannot read as a code of digits: '{value}'",
    ),
    "filter.digits.hint": (
        "コードは数字だけで書いてください(間の「-」や空白は除きます)。小数(12345.0 など)はコードではありません。"
        "Excel で数値として入力されたなら、セルを「文字列」にするか、書式を「0000000」にしてください。",
        "Write codes in digits only (hyphens and spaces between them are dropped). A decimal such as 12345.0 is no code. "
        "If Excel holds it as a number, format the cell as text or with a format such as 0000000.",
    ),
    "filter.digits.length": (
        "digits の桁数の指定が正しくありません: 「{value}」",
        "The length given to digits is wrong: '{value}'",
    ),
    "filter.digits.length.hint": (
        "digits(7) のように 1 以上の整数で桁数を書いてください。",
        "Give the length as a whole number of at least 1, like digits(7).",
    ),
    "filter.digits.too_long": (
        "「{value}」は{count}桁あり、{length}桁に収まりません。",
        "'{value}' has {count} digits, more than {length}.",
    ),
    "filter.digits.too_long.hint": (
        "元のデータの値と、digits({length}) の桁数が正しいか確かめてください。",
        "Check the value in the source data and the length in digits({length}).",
    ),
    "cell.empty": ("{kind}{row}行目の「{column}」が空です{where}。", "Row {row} of {kind_en}: 「{column}」 is empty{where_en}."),
    "cell.empty.hint": (
        "元の表のその行に値を入れて再実行してください。空のままでよい列なら、式を "
        "{{{{ row.{column} or '' }}}} とするか、when: を付けた手順で使ってください。",
        "Fill in that cell and run again. If the column may stay empty, write {{{{ row.{column} or '' }}}}, "
        "or use it in a step with when:.",
    ),
    "cell.empty_no_row": ("「{column}」が空です{where}。", "「{column}」 is empty{where_en}."),
    "cell.empty_no_row.hint": (
        "元のデータに値を入れて再実行してください。",
        "Fill in the value in the source data and run again.",
    ),
    "expr.type": (
        "{lt}の {left} と{rt}の {right} は「{op}」で計算できません。",
        "Cannot compute {left} ({lt_en}) {op} {right} ({rt_en}).",
    ),
    "expr.type.hint": (
        "文字の数字を数にするには「| int」(例: \"2\" | int)、金額(12,000円など)は「| amount」、"
        "文字としてつなぐには「~」か「| string」を使ってください(例: 件数 ~ \"件\")。",
        "Make text digits a number with '| int' (e.g. \"2\" | int), an amount (12,000円) with '| amount'; "
        "join as text with '~' or '| string' (e.g. count ~ \"件\").",
    ),
    "expr.compare_type": (
        "{lt}と{rt}は「{op}」で比べられません: {expr}",
        "A {lt_en} and a {rt_en} cannot be compared with '{op}': {expr}",
    ),
    "expr.compare_type.hint": (
        "数として比べるなら両方を数にしてください: 文字の数字は「| int」、金額は「| amount」"
        "(例: {{{{ row.金額 | amount > 10000 }}}})。日付は「| to_date」です。",
        "To compare as numbers, make both numbers: '| int' for digits, '| amount' for amounts "
        "(e.g. {{{{ row.金額 | amount > 10000 }}}}); '| to_date' for dates.",
    ),
    "expr.operand_type": (
        "{lt}と{rt}は「{op}」で計算できません: {expr}",
        "A {lt_en} and a {rt_en} cannot be combined with '{op}': {expr}",
    ),
    "expr.operand_type.hint": (
        "一覧の合計(| sum)なら、先に数にしてください: 金額は「| map('amount') | sum」、数字は「| map('int') | sum」。",
        "For a total (| sum), make the values numbers first: \"| map('amount') | sum\" for amounts, "
        "\"| map('int') | sum\" for digits.",
    ),
    "expr.too_large": ("値が大きすぎて計算できません: {left} {op} {right}", "The result would be too large: {left} {op} {right}"),
    "expr.too_large.hint": (
        "式を確かめてください(べき乗 ** の指数は 1000 まで、文字や一覧の繰り返しは 100万文字(件)までです)。",
        "Check the expression (exponents of ** up to 1000; repeated text or lists up to a million).",
    ),
    "expr.zero_division": ("0 で割ることはできません: {left} {op} {right}", "Cannot divide by zero: {left} {op} {right}"),
    "expr.zero_division.hint": (
        "割る数が 0 にならないか確かめてください(例: when: \"{{{{ 件数 > 0 }}}}\")。",
        "Make sure the divisor is not 0 (e.g. when: \"{{{{ count > 0 }}}}\").",
    ),
    "arg.bad_value": (
        "{action} の引数「{arg}」に{type}の「{value}」は使えません: {reason}",
        "{action}: '{value}' ({type_en}) cannot be used for '{arg}': {reason_en}",
    ),
    "arg.bad_value.hint": (
        "式が作る値の型を確かめてください。文字の数字を数にするには「| int」、金額は「| amount」、"
        "日付は「| to_date」、数を文字にするには「| string」です。",
        "Check the type of the value the expression gives: '| int' for digits, '| amount' for amounts, "
        "'| to_date' for dates, '| string' to make a number text.",
    ),
    "arg.empty": ("{action} の引数「{arg}」の値が空(なし)です。", "The value of '{arg}' of {action} is empty (nothing)."),
    "arg.empty.hint": (
        "式が空の値を返しています。元のデータや、set: で覚えた値が空でないか確かめてください。",
        "The expression gives nothing. Check the source data, or the value set: stored.",
    ),
    "arg.bool_text": (
        "{action} の引数「{arg}」は文字ですが、式の値が真偽値({value})です。",
        "'{arg}' of {action} takes text, but the expression gives true/false ({value}).",
    ),
    "arg.bool_text.hint": (
        "文字にするなら {{{{ 'はい' if 条件 else 'いいえ' }}}} のように書いてください。",
        "To write it as text, use {{{{ 'yes' if condition else 'no' }}}}.",
    ),
    # What an action argument needs, by pydantic's error type (the {reason} of arg.bad_value).
    "arg.need.string_type": ("文字が必要です。", "it needs text."),
    "arg.need.int_type": ("整数が必要です。", "it needs a whole number."),
    "arg.need.int_parsing": ("整数が必要です。", "it needs a whole number."),
    "arg.need.int_from_float": ("小数のない数が必要です。", "it needs a number without a fraction."),
    "arg.need.float_type": ("数が必要です。", "it needs a number."),
    "arg.need.float_parsing": ("数が必要です。", "it needs a number."),
    "arg.need.decimal_type": ("数が必要です。", "it needs a number."),
    "arg.need.decimal_parsing": ("数が必要です。", "it needs a number."),
    "arg.need.bool_type": ("true か false が必要です。", "it needs true or false."),
    "arg.need.bool_parsing": ("true か false が必要です。", "it needs true or false."),
    "arg.need.missing": ("省略できません。値を書いてください。", "it cannot be left out."),
    "arg.need.literal_error": ("次のどれかを書いてください: {expected}", "it must be one of: {expected}"),
    "arg.need.list_type": ("一覧(「- 」で始まる行や、表の行の一覧)が必要です。", "it needs a list."),
    "arg.need.dict_type": ("「名前: 値」の組が必要です。", "it needs 'name: value' pairs."),
    "arg.need.model_type": ("「名前: 値」の組が必要です。", "it needs 'name: value' pairs."),
    "arg.need.path_type": ("ファイルやフォルダーの場所が必要です。", "it needs a file or folder path."),
    "arg.need.date_type": ("日付が必要です(| to_date で日付にできます)。", "it needs a date (| to_date makes one)."),
    "arg.need.date_parsing": ("日付が必要です(| to_date で日付にできます)。", "it needs a date (| to_date makes one)."),
    "arg.need.datetime_type": ("日時が必要です。", "it needs a date and time."),
    "arg.need.datetime_parsing": ("日時が必要です。", "it needs a date and time."),
    "arg.need.greater_than": ("{gt} より大きい値が必要です。", "it must be greater than {gt}."),
    "arg.need.greater_than_equal": ("{ge} 以上の値が必要です。", "it must be at least {ge}."),
    "arg.need.less_than": ("{lt} より小さい値が必要です。", "it must be less than {lt}."),
    "arg.need.less_than_equal": ("{le} 以下の値が必要です。", "it must be at most {le}."),
    "arg.need.too_short": ("{min_length} 個以上必要です。", "it needs at least {min_length} entries."),
    "arg.need.too_long": ("{max_length} 個までです。", "it takes at most {max_length} entries."),
    "arg.need.string_too_short": ("{min_length} 文字以上必要です。", "it needs at least {min_length} characters."),
    "arg.need.string_too_long": ("{max_length} 文字までです。", "it takes at most {max_length} characters."),
    "arg.need.value_error": (
        "この値は使えません(時間なら 30s、500ms、2m のように書きます)。",
        "this value cannot be used (durations are written 30s, 500ms, 2m).",
    ),
    "arg.need.other": ("この値は使えません。", "this value cannot be used."),
}
