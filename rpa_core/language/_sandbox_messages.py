"""Messages of the expression sandbox (issue 13): calls that are not data, limits of work, values that are not data.

Plain data, merged into :mod:`rpa_core.language.messages`.
"""

from __future__ import annotations

__all__ = ["SANDBOX_MESSAGES"]

_LIMIT_HINT = (
    "式の中の繰り返し(*、~、join、center、range、{{% for %}} の入れ子など)の回数や幅を確かめてください。"
    "多くの行を扱うときは、式の中ではなく for_each の手順で1行ずつ繰り返してください。",
    "Check the counts and widths of repetition in the expression (*, ~, join, center, range, nested {{% for %}}). "
    "To handle many rows, repeat with a for_each step, one row at a time, not inside an expression.",
)

SANDBOX_MESSAGES: dict[str, tuple[str, str]] = {
    "expr.unsafe_call": (
        "式の中で「{name}」は使えません: {expr}",
        "'{name}' cannot be used in an expression: {expr}",
    ),
    "expr.unsafe_call.hint": (
        "式で使えるのは値(文字・数値・日付・一覧・表の行)と、それを読むための操作(upper、lower、strip、split、"
        "replace、zfill、startswith、strftime、keys、items、get など)だけです。ファイルやパソコンの操作"
        "(read_text、write_text、unlink、iterdir、home、open など)はできません。"
        "ファイルは file.* や excel.* の手順で読み書きしてください。",
        "Expressions see values (text, numbers, dates, lists, table rows) and the operations that read them (upper, "
        "lower, strip, split, replace, zfill, startswith, strftime, keys, items, get …). File and computer operations "
        "(read_text, write_text, unlink, iterdir, home, open …) are not available: read and write files with the "
        "file.* and excel.* steps.",
    ),
    "expr.limit_size": (
        "式が大きすぎる値を作ろうとしたため止めました(上限 {limit} 文字・件): {expr}",
        "The expression tried to make a value that is too large (limit {limit} characters or elements): {expr}",
    ),
    "expr.limit_size.hint": _LIMIT_HINT,
    "expr.limit_steps": (
        "式の中の繰り返しが多すぎるため止めました(上限 {limit} 回): {expr}",
        "The expression repeats too many times (limit {limit} iterations): {expr}",
    ),
    "expr.limit_steps.hint": _LIMIT_HINT,
    "expr.limit_time": (
        "式の計算が {seconds} 秒を超えたため止めました: {expr}",
        "The expression took longer than {seconds} seconds and was stopped: {expr}",
    ),
    "expr.limit_time.hint": _LIMIT_HINT,
    "expr.limit_depth": (
        "式の中の呼び出し(マクロや loop())の入れ子が深すぎるため止めました: {expr}",
        "Calls inside the expression (macros, loop()) are nested too deep: {expr}",
    ),
    "expr.limit_depth.hint": (
        "マクロや recursive の繰り返しが自分自身を終わりなく呼んでいないか確かめてください。",
        "Check that a macro or a recursive loop does not call itself without end.",
    ),
    "plain.not_data": (
        "「{what}」の結果({type})は文字・数値・日付・一覧・表の行のどれでもないため、保存できません。",
        "The result of '{what}' ({type}) is not text, a number, a date, a list or a table row, so it cannot be saved.",
    ),
    "plain.not_data.hint": (
        "この手順の save_as: を消してください。中身が必要なら、それを読む手順(file.read_text、excel.read など)の"
        "結果を保存してください。",
        "Remove this step's save_as:. If you need its contents, save the result of a step that reads them "
        "(file.read_text, excel.read …).",
    ),
    "plain.too_deep": (
        "「{what}」の結果は入れ子が深すぎるため保存できません({depth} 段まで)。",
        "The result of '{what}' is nested too deeply to be saved (at most {depth} levels).",
    ),
    "plain.too_long": (
        "「{what}」の結果は件数が多すぎるため保存できません(上限 {limit} 件)。",
        "The result of '{what}' has too many elements to be saved (limit {limit}).",
    ),
}
