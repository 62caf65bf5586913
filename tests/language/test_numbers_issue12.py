"""Issue 12, points 1 and 3: numbers that cannot lie, codes restored to their length, type errors in Japanese.

Expressions are rendered through the real sandboxed environment; rows are the real ``connectors`` Row type.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from connectors._rows import Row, RowSource
from rpa_core.errors import ActionError, StepFailed
from rpa_core.language.expressions import render_value
from rpa_core.language.filters import FILTERS, amount, digits, to_float, to_int, withholding, yen


def render(source: str, **variables: Any) -> Any:
    return render_value(source, variables)


def refused(source: str, **variables: Any) -> StepFailed:
    with pytest.raises(StepFailed) as info:
        render(source, **variables)
    err = info.value
    for lang in ("ja", "en"):  # every refusal has a message and a hint in both languages, never a traceback
        assert err.message(lang) and err.hint(lang), (err.key, lang)
    assert err.message("ja") != err.message("en")
    return err


# --- amount -----------------------------------------------------------------------------------

ACCEPTED = [
    ("12000", Decimal(12000)),
    ("12,000", Decimal(12000)),
    ("１２，０００円", Decimal(12000)),
    ("¥12,000", Decimal(12000)),
    ("￥12,000", Decimal(12000)),
    ("12,000円", Decimal(12000)),
    (" 12,000 ", Decimal(12000)),
    ("-1,200", Decimal(-1200)),
    ("△1,200", Decimal(-1200)),
    ("▲1,200", Decimal(-1200)),
    ("1,234,567", Decimal(1234567)),
    ("1,234.50", Decimal("1234.50")),
    (12000, Decimal(12000)),
    (Decimal("12000.5"), Decimal("12000.5")),
    (0.1, Decimal("0.1")),  # the float as written, not 0.1000000000000000055511151231257827
    (12345678901234567890, Decimal(12345678901234567890)),
]
REFUSED = ["12,00", "1,2000", "約1000", "1.2.3", "12000ドル", "△-1,200", "--12", "1,000,00", "12 千円", True]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_amount_reads_japanese_amounts_as_decimal(text: Any, expected: Decimal) -> None:
    result = amount(text)
    assert isinstance(result, Decimal) and result == expected and str(result) == str(expected)


@pytest.mark.parametrize("text", REFUSED)
def test_amount_refuses_everything_else_showing_the_value(text: Any) -> None:
    with pytest.raises(ActionError) as info:
        amount(text)
    assert info.value.key == "filter.amount"
    assert str(text) in info.value.message("ja") and str(text) in info.value.message("en")
    assert "△1,200" in info.value.hint("ja")


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_amount_refuses_an_empty_value(empty: Any) -> None:
    with pytest.raises(ActionError) as info:
        amount(empty)
    assert info.value.key == "filter.empty" and "amount" in info.value.message("ja")


def test_yen_and_withholding_read_amounts_the_same_way() -> None:
    for text, expected in ACCEPTED:
        if expected == expected.to_integral_value():
            assert yen(text) == f"{int(expected):,}円"
    with pytest.raises(ActionError):
        yen("1,234.50")  # a fraction of a yen: yen refuses it, amount keeps it
    for text in REFUSED:
        with pytest.raises(ActionError):
            yen(text)
    assert withholding("¥12,000") == 1225
    with pytest.raises(ActionError):
        withholding("△1,200")  # a negative payment has no withholding


def test_decimals_sum_with_ints_and_floats_in_expressions() -> None:
    rows = [Row({"金額": "12,000"}), Row({"金額": "△1,200"}), Row({"金額": "300"})]
    assert render("{{ rows | map(attribute='金額') | map('amount') | sum }}", rows=rows) == Decimal(11100)
    assert render("{{ ('12,000' | amount) + 500 }}") == Decimal(12500)
    assert render("{{ ('12,000' | amount) * 0.1021 }}") == Decimal("1225.2000")  # exact, not 1225.1999999…
    assert render("{{ 0.5 + ('1' | amount) }}") == Decimal("1.5")
    assert render("{{ ('12,000' | amount) > 10000 }}") is True


# --- int and float ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), ("１２", 12), (" 12 ", 12), ("-7", -7), ("12.0", 12), (12, 12), (12.0, 12),
     (Decimal("123456789012345678901234567890"), 123456789012345678901234567890)],
)
def test_int_reads_plain_numbers_without_loss(value: Any, expected: int) -> None:
    assert to_int(value) == expected and type(to_int(value)) is int


def test_int_refuses_an_amount_and_names_the_amount_filter() -> None:
    err = refused("{{ '12,000' | int }}")
    assert err.key == "filter.int.amount"
    assert "12,000" in err.message("ja") and "| amount" in err.hint("ja") and "| amount" in err.hint("en")


@pytest.mark.parametrize("text", ["abc", "1.2.3", "1e3", "約1000"])
def test_int_refuses_text_it_cannot_read_instead_of_zero(text: str) -> None:
    err = refused("{{ v | int }}", v=text)
    assert err.key in ("filter.int", "filter.int.amount") and text in err.message("ja")


def test_int_refuses_a_fraction_and_suggests_round() -> None:
    err = refused("{{ 12.5 | int }}")
    assert err.key == "filter.int.fraction" and "| round | int" in err.hint("ja")
    assert render("{{ 12.5 | round | int }}") == 13  # 四捨五入, not Python's round-half-even (12)
    assert render("{{ 2.675 | round(2) }}") == 2.68 and render("{{ 2.5 | round(0, 'floor') }}") == 2.0
    assert render("{{ ('12.5' | amount) | round }}") == Decimal(13)


def test_int_and_float_with_an_explicit_default() -> None:
    assert render("{{ '' | int(0) }}") == 0 and render("{{ 'abc' | int(-1) }}") == -1
    assert render("{{ none | float(0) }}") == 0
    assert render("{{ 'ff' | int(base=16) }}") == 255


def test_float_reads_numbers_and_refuses_amounts() -> None:
    assert to_float("１．５") == 1.5 and to_float(Decimal("2.25")) == 2.25 and to_float(3) == 3.0
    assert refused("{{ '1,500' | float }}").key == "filter.float.amount"
    assert refused("{{ 'nan' | float }}").key == "filter.float"
    assert refused("{{ 'abc' | float }}").key == "filter.float"


def test_the_guides_comparison_is_safe_now() -> None:
    row = Row({"金額": "12,000"}, source=RowSource("excel", "支出.xlsx", "11月"))
    assert render("{{ row.金額 | amount > 10000 }}", row=row) is True
    err = refused("{{ row.金額 | int > 10000 }}", row=row)
    assert err.key == "filter.int.amount"


# --- digits(n) --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "n", "expected"),
    [(12345, 7, "0012345"), (5, 4, "0005"), (12, 3, "012"), ("0012345", 7, "0012345"), ("１２３", 5, "00123"),
     ("123-4567", 7, "1234567"), (" 42 ", 4, "0042"), (Decimal(77), 3, "077"), (1234567, 7, "1234567")],
)
def test_digits_n_pads_a_code_to_its_length(value: Any, n: int, expected: str) -> None:
    assert digits(value, n) == expected
    assert render(f"{{{{ v | digits({n}) }}}}", v=value) == expected


@pytest.mark.parametrize("value", [12345.0, 12.5, "12a45", "12345.0", -5, True, "一二三"])
def test_digits_n_refuses_what_is_not_made_of_digits(value: Any) -> None:
    with pytest.raises(ActionError) as info:
        digits(value, 7)
    assert info.value.key == "filter.digits"


def test_digits_never_turns_a_float_into_wrong_digits() -> None:
    with pytest.raises(ActionError):
        digits(12345.0)  # used to give "123450"
    assert digits("０２９－１２３－４５６７") == "0291234567" and digits(None) == ""


def test_digits_n_refuses_a_longer_value_and_a_bad_length() -> None:
    with pytest.raises(ActionError) as info:
        digits(12345678, 7)
    assert info.value.key == "filter.digits.too_long"
    assert "8桁" in info.value.message("ja") and "7" in info.value.message("ja")
    for bad in (0, -1, "7", 7.0):
        with pytest.raises(ActionError) as info:
            digits("1", bad)  # type: ignore[arg-type]
        assert info.value.key == "filter.digits.length"


# --- type errors ------------------------------------------------------------------------------


def test_adding_a_number_and_text_is_explained_in_japanese() -> None:
    err = refused("{{ 1 + \"2\" }}")
    assert err.key == "expr.type"
    assert err.message("ja") == "数値の 1 と文字列の \"2\" は「+」で計算できません。"
    assert err.message("en") == "Cannot compute 1 (number) + \"2\" (text)."
    for name in ("| int", "| amount", "| string"):
        assert name in err.hint("ja")
    assert "unsupported operand" not in err.render("ja")


@pytest.mark.parametrize(
    ("source", "words"),
    [("{{ d + 1 }}", ("日付", "数値")), ("{{ n - 'x' }}", ("なし(空)", "文字列")), ("{{ [1] + 1 }}", ("一覧", "数値"))],
)
def test_type_errors_name_both_types_in_clerk_words(source: str, words: tuple[str, str]) -> None:
    err = refused(source, d=dt.date(2026, 12, 7), n=None)
    assert all(w in err.message("ja") for w in words), err.message("ja")


def test_text_times_a_number_is_refused_when_the_text_is_a_number() -> None:
    assert refused("{{ '12,000' * 2 }}").key == "expr.type"
    assert render("{{ '-' * 3 }}") == "---"  # a divider line still works


def test_comparing_text_with_a_number_is_explained() -> None:
    err = refused("{{ v > 10000 }}", v="12,000")
    assert err.key == "expr.compare_type"
    assert "文字列と数値は「>」で比べられません" in err.message("ja") and "| amount" in err.hint("ja")


def test_division_by_zero_is_explained() -> None:
    assert refused("{{ 1 / n }}", n=0).key == "expr.zero_division"
    assert refused("{{ ('1' | amount) / n }}", n=0).key == "expr.zero_division"


# --- empty cells ------------------------------------------------------------------------------


def _row5() -> Row:
    return Row({"番号": 4, "氏名": None, "金額": "", "_row": 5}, source=RowSource("excel", "名簿.xlsx", "名簿"))


@pytest.mark.parametrize("filter_name", ["int", "float", "amount", "digits(7)", "to_date", "yen", "postal", "wareki"])
def test_a_filter_that_needs_a_value_names_the_empty_excel_cell(filter_name: str) -> None:
    err = refused(f"{{{{ row.氏名 | {filter_name} }}}}", row=_row5())
    assert err.message("ja") == "Excel 5行目の「氏名」が空です(ファイル 名簿.xlsx、シート 名簿)。"
    assert err.message("en") == "Row 5 of the Excel file: 「氏名」 is empty (名簿.xlsx, sheet 名簿)."


def test_an_empty_csv_cell_read_by_key_is_named_too() -> None:
    row = Row({"金額": None, "_row": 9}, source=RowSource("csv", "支出.csv"))
    err = refused("{{ row['金額'] | amount }}", row=row)
    assert err.message("ja") == "CSV 9行目の「金額」が空です(ファイル 支出.csv)。"


def test_comparing_an_empty_cell_names_the_cell() -> None:
    assert refused("{{ row.氏名 > 3 }}", row=_row5()).key == "cell.empty"
    assert refused("{{ row.氏名 + 1 }}", row=_row5()).key == "cell.empty"


def test_an_empty_cell_inside_text_writes_nothing_not_none() -> None:
    row = _row5()
    assert render("宛名: {{ row.氏名 }} 様", row=row) == "宛名:  様"
    assert render("{{ row.氏名 | trim }}|{{ row.氏名 | upper }}|{{ row.氏名 | replace('a', 'b') }}", row=row) == "||"
    assert render("{{ row.氏名 or '(未記入)' }}", row=row) == "(未記入)"
    assert render("{{ row.氏名 is none }}", row=row) is True


def test_values_inside_text_are_written_as_the_guide_shows() -> None:
    now = dt.datetime(2026, 12, 7, 16, 3, 1, 321745)
    assert render("時刻 {{ now }}\n", now=now) == "時刻 2026-12-07 16:03:01\n"
    assert render("金額 {{ a }}", a=Decimal("1.2E+4")) == "金額 12000"
    assert render("{{ d }}です", d=dt.date(2026, 12, 7)) == "2026-12-07です"


def test_every_new_filter_is_registered() -> None:
    assert FILTERS["int"] is to_int and FILTERS["float"] is to_float and FILTERS["amount"] is amount


# --- validate reads argument types as the runner does ----------------------------------------


def test_validate_takes_a_literal_number_for_text_and_explains_a_wrong_value(write_scenario: Any) -> None:
    from rpa_core.errors import ScenarioError
    from rpa_core.language.parser import load_scenario

    ok = write_scenario("""
        name: 文字の引数
        steps:
          - file.append_text: {path: 記録.txt, text: 12}
          - file.append_text: {path: 記録.txt, text: 2026-12-07}
    """)
    load_scenario(ok)  # no ScenarioError: the runner writes them as text
    bad = write_scenario("""
        name: 見出し行
        steps:
          - excel.read_rows: {file: a.xlsx, header_row: 三}
    """, name="bad.yaml")
    with pytest.raises(ScenarioError) as info:
        load_scenario(bad)
    ja, en = info.value.render("ja"), info.value.render("en")
    assert "excel.read_rows の引数「header_row」の値「三」が正しくありません: 整数が必要です。" in ja
    assert "it needs a whole number." in en and "Input should" not in en and "expected" not in ja


def test_a_total_over_text_is_explained_not_reported_in_python_words() -> None:
    rows = [Row({"金額": "12,000"}), Row({"金額": "500"})]
    err = refused("{{ rows | map(attribute='金額') | sum }}", rows=rows)
    assert err.key == "expr.operand_type"
    assert "数値と文字列は「+」で計算できません" in err.message("ja") and "map('amount')" in err.hint("ja")
    assert "unsupported operand" not in err.render("ja") + err.render("en")


def test_absurd_arithmetic_is_refused_at_once() -> None:
    import time

    t0 = time.monotonic()
    assert refused("{{ 10 ** 100000 }}").key == "expr.too_large"
    assert refused("{{ 'x' * 10 ** 9 }}").key == "expr.too_large"
    assert time.monotonic() - t0 < 2
    assert render("{{ 2 ** 10 }}") == 1024 and render("{{ '-' * 40 }}") == "-" * 40
