"""Messages about ``personal:`` (issue 13: personal data kept as the city decides); merged into ``messages``."""

from __future__ import annotations

PERSONAL_MESSAGES: dict[str, tuple[str, str]] = {
    "parse.personal_shape": (
        "personal: には個人情報を持つ列・変数の名前の一覧を書いてください。",
        "personal: must be a list of the names of columns and variables that hold personal data.",
    ),
    "parse.personal_shape.hint": (
        "例: personal: [氏名, 住所, 個人番号]。ここに書いた項目の値は実行記録に残さず「＊＊＊(個人情報)」と記録します。",
        "Example: personal: [氏名, 住所, 個人番号]. Their values are recorded as '＊＊＊(個人情報)', never in clear.",
    ),
}
