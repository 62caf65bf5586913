"""Messages of a value longer than its field allows (``max_length:``, issue 14): named by its Excel cell."""

from __future__ import annotations

DTYPE_RUN_MESSAGES: dict[str, tuple[str, str]] = {
    "arg.too_long": (
        "{kind}{row}行目の「{column}」の値は {length} 文字で、{action} の max_length({limit} 文字)を超えています{where}。"
        "何も入力していません。",
        "Row {row} of {kind_en}: 「{column}」 has {length} characters, more than the {limit} of {action}'s "
        "max_length{where_en}. Nothing was typed.",
    ),
    "arg.too_long.hint": (
        "元の表のその値を {limit} 文字以内に直してから再実行してください(ロボットが値を切り詰めることはありません)。",
        "Shorten that value to at most {limit} characters in the source table and run again "
        "(the robot never cuts a value short).",
    ),
    "arg.too_long_no_cell": (
        "{action} の {arg} の値は {length} 文字で、max_length({limit} 文字)を超えています。何も入力していません。",
        "{action}'s {arg} has {length} characters, more than its max_length of {limit}. Nothing was typed.",
    ),
    "arg.too_long_no_cell.hint": (
        "値を {limit} 文字以内にしてから再実行してください(ロボットが値を切り詰めることはありません)。",
        "Make the value at most {limit} characters and run again (the robot never cuts a value short).",
    ),
}
