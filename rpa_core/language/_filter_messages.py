"""Messages of the filters (``filter.*``): the value that could not be read, and what to write instead (data of :mod:`rpa_core.language.messages`)."""

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
}
