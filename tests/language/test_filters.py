"""Filters for clerks' messy data: dates and wareki, widths, kana, amounts, postal codes, phones."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from rpa_core.errors import ActionError, StepFailed
from rpa_core.language import filters
from rpa_core.language.expressions import render_value
from rpa_core.language.filters import (
    FILTERS,
    digits,
    hankaku,
    houjin_bangou_ok,
    kana,
    phone,
    postal,
    to_date,
    wareki,
    yen,
    zenkaku,
)
from rpa_core.messages import CATALOGUE, text


def assert_names_value(err: ActionError, key: str, shown: str) -> None:
    """The error has the key, shows the value in ja and en, and has a hint in both."""
    assert err.key == key
    for lang in ("ja", "en"):
        assert shown in err.message(lang), (lang, err.message(lang))
        assert err.hint(lang), (lang, key)
    assert err.message("ja") != err.message("en")


# --- the module's surface ---------------------------------------------------------------------


def test_filters_table_names_every_filter():
    assert set(FILTERS) == {
        "to_date", "wareki", "zenkaku", "hankaku", "kana", "digits",
        "yen", "postal", "phone", "houjin_bangou_ok", "withholding", "int", "float", "amount", "round",
    }
    assert all(callable(f) for f in FILTERS.values())
    # Jinja's int, float and round are replaced by to_int / to_float / round_half_up (Python's names are not shadowed).
    assert set(filters.__all__) == {"FILTERS", "to_int", "to_float", "round_half_up", *FILTERS} - {"int", "float", "round"}
    assert all(f.__doc__ for f in FILTERS.values())


def test_every_filter_message_has_japanese_english_and_a_hint():
    keys = [k for k in CATALOGUE if k.startswith("filter.") and not k.endswith(".hint")]
    assert len(keys) >= 9
    for key in keys:
        ja, en = CATALOGUE[key]
        assert ja and en and ja != en
        assert key + ".hint" in CATALOGUE
        hint_ja, hint_en = CATALOGUE[key + ".hint"]
        assert hint_ja and hint_en and hint_ja != hint_en


def test_filters_work_inside_expressions():
    row = {"生年月日": "Ｓ５０．１．２", "電話": "09012345678", "金額": "１２３４５"}
    assert render_value("{{ row.生年月日 | to_date }}", {"row": row}) == date(1975, 1, 2)
    assert render_value("{{ row.生年月日 | wareki }}", {"row": row}) == "昭和50年1月2日"
    assert render_value("{{ row.生年月日 | wareki(style='short') }}", {"row": row}) == "S50.1.2"
    assert render_value("{{ row.生年月日 | wareki('short') }}", {"row": row}) == "S50.1.2"
    assert render_value("{{ row.電話 | phone }}様", {"row": row}) == "090-1234-5678様"
    assert render_value("{{ row.金額 | yen }}", {"row": row}) == "12,345円"


def test_filter_error_inside_an_expression_reaches_the_clerk_as_is():
    with pytest.raises(StepFailed) as info:
        render_value("{{ d | to_date }}", {"d": "2月30日ごろ"})
    assert info.value.key == "filter.to_date"
    assert "2月30日ごろ" in info.value.message("ja")


# --- to_date ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    (date(2024, 4, 1), date(2024, 4, 1)),
    (datetime(2024, 4, 1, 13, 45), date(2024, 4, 1)),
    ("1990/12/05", date(1990, 12, 5)),
    ("2012/2/2", date(2012, 2, 2)),
    ("2012-02-02", date(2012, 2, 2)),
    ("2012.2.2", date(2012, 2, 2)),
    ("2012年2月2日", date(2012, 2, 2)),
    ("2012年02月02日", date(2012, 2, 2)),
    ("２０１２／２／２", date(2012, 2, 2)),
    ("２０１２年２月２日", date(2012, 2, 2)),
    ("  2012/2/2  ", date(2012, 2, 2)),
    ("2012/2/2 0:00:00", date(2012, 2, 2)),
    ("2012-02-02T10:30", date(2012, 2, 2)),
    ("2024/2/29", date(2024, 2, 29)),
    ("令和元年5月1日", date(2019, 5, 1)),
    ("令和1年5月1日", date(2019, 5, 1)),
    ("令和6年4月1日", date(2024, 4, 1)),
    ("令和 6 年 4 月 1 日", date(2024, 4, 1)),
    ("令和６年４月１日", date(2024, 4, 1)),
    ("㋿6年4月1日", date(2024, 4, 1)),
    ("平成31年4月30日", date(2019, 4, 30)),
    ("平成元年1月8日", date(1989, 1, 8)),
    ("㍻2年3月4日", date(1990, 3, 4)),
    ("昭和64年1月7日", date(1989, 1, 7)),
    ("昭和元年12月25日", date(1926, 12, 25)),
    ("大正15年12月24日", date(1926, 12, 24)),
    ("大正元年7月30日", date(1912, 7, 30)),
    ("明治45年7月29日", date(1912, 7, 29)),
    ("明治元年1月25日", date(1868, 1, 25)),
    ("R6.4.1", date(2024, 4, 1)),
    ("r6.4.1", date(2024, 4, 1)),
    ("H31.4.30", date(2019, 4, 30)),
    ("Ｒ６．４．１", date(2024, 4, 1)),
    ("R06/04/01", date(2024, 4, 1)),
    ("R6-4-1", date(2024, 4, 1)),
    ("R元.5.1", date(2019, 5, 1)),
    ("S50.1.2", date(1975, 1, 2)),
    ("T10.3.4", date(1921, 3, 4)),
    ("M40.1.1", date(1907, 1, 1)),
    ("R6年4月1日", date(2024, 4, 1)),
])
def test_to_date_reads(value: Any, expected: date):
    result = to_date(value)
    assert result == expected
    assert type(result) is date


@pytest.mark.parametrize("value", [
    "2012/2", "12/2/2", "2012/2/2/2", "2012/02-02", "20120202", "2012年2月", "2012年2月2",
    "令和六年四月一日", "令和/6/4/1", "X6.4.1", "令和123年1月1日", "元年5月1日", "R.6.4.1",
    "abc", "2012/2/2 夕方", "明日", 20120202, 43831, 1.5, ["2012/2/2"],
])
def test_to_date_rejects_what_it_cannot_read(value: Any):
    with pytest.raises(ActionError) as info:
        to_date(value)
    assert_names_value(info.value, "filter.to_date", str(value))


@pytest.mark.parametrize("value", [
    "2023/2/29", "2012/2/30", "2024/4/31", "2024/13/1", "2024/0/1", "2024/1/0", "令和6年2月30日", "R5.2.29",
])
def test_to_date_rejects_days_the_calendar_does_not_have(value: str):
    with pytest.raises(ActionError) as info:
        to_date(value)
    assert_names_value(info.value, "filter.to_date.no_such_day", value)


@pytest.mark.parametrize(("value", "era", "era_en"), [
    ("令和1年4月30日", "令和", "Reiwa"),
    ("令和元年4月30日", "令和", "Reiwa"),
    ("令和0年5月1日", "令和", "Reiwa"),
    ("平成31年5月1日", "平成", "Heisei"),
    ("平成32年1月1日", "平成", "Heisei"),
    ("H31.5.1", "平成", "Heisei"),
    ("平成元年1月7日", "平成", "Heisei"),
    ("昭和64年1月8日", "昭和", "Showa"),
    ("昭和元年12月24日", "昭和", "Showa"),
    ("大正15年12月25日", "大正", "Taisho"),
    ("明治45年7月30日", "明治", "Meiji"),
    ("明治元年1月1日", "明治", "Meiji"),
])
def test_to_date_rejects_a_date_outside_its_era(value: str, era: str, era_en: str):
    with pytest.raises(ActionError) as info:
        to_date(value)
    err = info.value
    assert_names_value(err, "filter.to_date.outside_era", value)
    assert era in err.message("ja")
    assert era_en in err.message("en")


def test_to_date_outside_era_shows_the_span():
    with pytest.raises(ActionError) as info:
        to_date("平成31年5月1日")
    assert "1989-01-08～2019-04-30" in info.value.message("ja")
    with pytest.raises(ActionError) as info:
        to_date("令和1年4月30日")
    assert "2019-05-01～" in info.value.message("en")


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000"])
def test_to_date_empty_names_the_filter(value: Any):
    with pytest.raises(ActionError) as info:
        to_date(value)
    assert info.value.key == "filter.empty"
    assert "to_date" in info.value.message("ja")
    assert "to_date" in info.value.message("en")
    assert info.value.hint("ja") and info.value.hint("en")


def test_long_values_are_shortened_in_messages():
    with pytest.raises(ActionError) as info:
        to_date("x" * 500)
    assert len(info.value.message("en")) < 120
    assert "x" * 50 in info.value.message("en")


# --- wareki -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "kanji", "short"), [
    (date(2024, 4, 1), "令和6年4月1日", "R6.4.1"),
    (datetime(2024, 4, 1, 9, 0), "令和6年4月1日", "R6.4.1"),
    (date(2019, 5, 1), "令和元年5月1日", "R1.5.1"),
    (date(2019, 4, 30), "平成31年4月30日", "H31.4.30"),
    (date(1989, 1, 8), "平成元年1月8日", "H1.1.8"),
    (date(1989, 1, 7), "昭和64年1月7日", "S64.1.7"),
    (date(1926, 12, 25), "昭和元年12月25日", "S1.12.25"),
    (date(1926, 12, 24), "大正15年12月24日", "T15.12.24"),
    (date(1912, 7, 30), "大正元年7月30日", "T1.7.30"),
    (date(1912, 7, 29), "明治45年7月29日", "M45.7.29"),
    (date(1868, 1, 25), "明治元年1月25日", "M1.1.25"),
    (date(2000, 12, 31), "平成12年12月31日", "H12.12.31"),
    ("2024/4/1", "令和6年4月1日", "R6.4.1"),
    ("R6.4.1", "令和6年4月1日", "R6.4.1"),
    ("Ｈ３１．４．３０", "平成31年4月30日", "H31.4.30"),
])
def test_wareki(value: Any, kanji: str, short: str):
    assert wareki(value) == kanji
    assert wareki(value, style="kanji") == kanji
    assert wareki(value, style="short") == short
    assert to_date(wareki(value)) == to_date(value)
    assert to_date(wareki(value, "short")) == to_date(value)


def test_wareki_before_meiji():
    with pytest.raises(ActionError) as info:
        wareki(date(1868, 1, 24))
    assert_names_value(info.value, "filter.wareki.before_meiji", "1868-01-24")


def test_wareki_unknown_style():
    with pytest.raises(ActionError) as info:
        wareki(date(2024, 4, 1), style="long")
    assert_names_value(info.value, "filter.wareki.style", "long")


def test_wareki_passes_on_to_date_errors_and_names_itself_when_empty():
    with pytest.raises(ActionError) as info:
        wareki("2024/2/30")
    assert info.value.key == "filter.to_date.no_such_day"
    with pytest.raises(ActionError) as info:
        wareki(None)
    assert info.value.key == "filter.empty"
    assert "wareki" in info.value.message("en")


# --- widths and kana --------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("abcXYZ019", "ａｂｃＸＹＺ０１９"),
    ("!#$%&()*+,-./:;<=>?@[]^_{|}~", "！＃＄％＆（）＊＋，－．／：；＜＝＞？＠［］＾＿｛｜｝～"),
    ("\\", "＼"),
    ("a b", "ａ\u3000ｂ"),
    ("ｶﾞｷﾞｸﾞ", "ガギグ"),
    ("ﾊﾟﾋﾟﾌﾟ ﾊﾞ", "パピプ\u3000バ"),
    ("ｳﾞｧｲｵﾘﾝ", "ヴァイオリン"),
    ("ｺｰﾋｰ", "コーヒー"),
    ("｡｢｣､･", "。「」、・"),
    ("ｱﾞ", "ア゛"),
    ("ﾞ", "゛"),
    ("ﾟ", "゜"),
    ("山田 ﾀﾛｳ 123", "山田\u3000タロウ\u3000１２３"),
    ("ＡＢＣ　ガ", "ＡＢＣ　ガ"),
    ("ひらがな", "ひらがな"),
    ("", ""),
    (None, ""),
    (123, "１２３"),
])
def test_zenkaku(value: Any, expected: str):
    assert zenkaku(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("ａｂｃＸＹＺ０１９", "abcXYZ019"),
    ("！＃＄％＆（）＊＋，－．／：；＜＝＞？＠［］＾＿｛｜｝～＼", "!#$%&()*+,-./:;<=>?@[]^_{|}~\\"),
    ("ａ\u3000ｂ", "a b"),
    ("０３－１２３４－５６７８", "03-1234-5678"),
    ("ガギグ　ｶﾞ　ひらがな", "ガギグ ｶﾞ ひらがな"),  # kana is left alone
    ("山田　太郎", "山田 太郎"),
    ("ー", "ー"),
    ("abc", "abc"),
    ("", ""),
    (None, ""),
    (12, "12"),
])
def test_hankaku(value: Any, expected: str):
    assert hankaku(value) == expected


def test_zenkaku_and_hankaku_round_trip_ascii():
    ascii_text = "".join(chr(c) for c in range(0x20, 0x7F))
    assert hankaku(zenkaku(ascii_text)) == ascii_text


@pytest.mark.parametrize(("value", "expected"), [
    ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ\u3000タロウ"),
    ("やまだ　たろう", "ヤマダ\u3000タロウ"),
    ("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", "パピプペポ"),
    ("ｶﾞｷﾞｸﾞｹﾞｺﾞ", "ガギグゲゴ"),
    ("ぱぴぷぺぽ", "パピプペポ"),
    ("ゔぁいおりん", "ヴァイオリン"),
    ("ゕゖ", "ヵヶ"),
    ("ゝゞ", "ヽヾ"),
    ("らーめん", "ラーメン"),
    ("ﾗｰﾒﾝ", "ラーメン"),
    ("カタカナ", "カタカナ"),
    ("  ﾔﾏﾀﾞ   \u3000 ﾀﾛｳ  ", "ヤマダ\u3000タロウ"),
    ("やま\tだ", "ヤマ\u3000ダ"),
    ("ひらがなとｶﾀｶﾅ", "ヒラガナトカタカナ"),
    ("山田たろう", "山田タロウ"),
    ("abc", "abc"),
    ("   ", ""),
    ("", ""),
    (None, ""),
])
def test_kana(value: Any, expected: str):
    assert kana(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("０３－１２３４", "031234"),
    ("03-1234-5678", "0312345678"),
    ("〒305-8555", "3058555"),
    ("TEL: (029) 868-1111", "0298681111"),
    ("abc", ""),
    ("", ""),
    (None, ""),
    (12345, "12345"),
    ("一二三", ""),
    ("①②", ""),
])
def test_digits(value: Any, expected: str):
    assert digits(value) == expected


# --- yen --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    (12345, "12,345円"),
    (0, "0円"),
    (999, "999円"),
    (1000, "1,000円"),
    (1234567890, "1,234,567,890円"),
    (-12345, "-12,345円"),
    (12345.0, "12,345円"),
    (-5.0, "-5円"),
    (Decimal("12345"), "12,345円"),
    (Decimal("12345.00"), "12,345円"),
    ("12345", "12,345円"),
    ("12,345", "12,345円"),
    ("１２３４５", "12,345円"),
    ("１２，３４５", "12,345円"),
    (" 12,345 ", "12,345円"),
    ("12,345円", "12,345円"),
    ("¥12,345", "12,345円"),
    ("￥１２，３４５", "12,345円"),
    ("-12,345", "-12,345円"),
    ("－１２３４５", "-12,345円"),
    ("−12345", "-12,345円"),
    ("¥-500", "-500円"),
    ("-¥500", "-500円"),
    ("12345.0", "12,345円"),
    ("007", "7円"),
])
def test_yen(value: Any, expected: str):
    assert yen(value) == expected


@pytest.mark.parametrize("value", [
    12.5, Decimal("1.5"), float("nan"), float("inf"), Decimal("NaN"), True, False,
    "12.5", "12,34", "1,2345", ",123", "abc", "12a", "--5", "-¥-5", "1 2 3 4 5円円", "一万円", [1],
])
def test_yen_rejects(value: Any):
    with pytest.raises(ActionError) as info:
        yen(value)
    assert_names_value(info.value, "filter.yen", str(value))


@pytest.mark.parametrize("value", [None, "", "  "])
def test_yen_empty(value: Any):
    with pytest.raises(ActionError) as info:
        yen(value)
    assert info.value.key == "filter.empty"
    assert "yen" in info.value.message("ja")


# --- postal -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("3058555", "305-8555"),
    ("305-8555", "305-8555"),
    ("３０５－８５５５", "305-8555"),
    ("〒305-8555", "305-8555"),
    ("〒 305-8555", "305-8555"),
    ("〒３０５ー８５５５", "305-8555"),
    ("305 8555", "305-8555"),
    ("305‐8555", "305-8555"),
    (" 305-8555 ", "305-8555"),
    (3058555, "305-8555"),
    (3058555.0, "305-8555"),
    ("0010010", "001-0010"),
    ("001-0010", "001-0010"),
    ("１００－０００１", "100-0001"),
])
def test_postal(value: Any, expected: str):
    assert postal(value) == expected


@pytest.mark.parametrize("value", [
    10010, 305855, 30585550, -3058555, True, 305.5, "305-855", "305-85555", "30-58555", "3058-555",
    "305--8555", "〒〒305-8555", "abc-defg", "305-8555-1", "3 0 5 8 5 5 5",
])
def test_postal_rejects(value: Any):
    with pytest.raises(ActionError) as info:
        postal(value)
    assert_names_value(info.value, "filter.postal", str(value))


def test_postal_hint_mentions_the_lost_leading_zero():
    with pytest.raises(ActionError) as info:
        postal(10010)
    assert "0" in info.value.hint("ja") and "leading 0" in info.value.hint("en")


@pytest.mark.parametrize("value", [None, "", " "])
def test_postal_empty(value: Any):
    with pytest.raises(ActionError) as info:
        postal(value)
    assert info.value.key == "filter.empty"
    assert "postal" in info.value.message("en")


# --- phone ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("09012345678", "090-1234-5678"),
    ("08012345678", "080-1234-5678"),
    ("07012345678", "070-1234-5678"),
    ("05012345678", "050-1234-5678"),
    ("02012345678", "020-1234-5678"),
    ("0120123456", "0120-123-456"),
    ("0570064123", "0570-064-123"),
    ("08001234567", "0800-123-4567"),
    ("0312345678", "03-1234-5678"),
    ("0612345678", "06-1234-5678"),
    ("0298681111", "029-868-1111"),
    ("0451234567", "045-123-4567"),
    ("０９０１２３４５６７８", "090-1234-5678"),
    (" 0312345678 ", "03-1234-5678"),
    # an input with separators keeps its grouping
    ("029(868)1111", "029-868-1111"),
    ("(029)868-1111", "029-868-1111"),
    ("（０２９）８６８－１１１１", "029-868-1111"),
    ("０２９－８６８－１１１１", "029-868-1111"),
    ("029ー868ー1111", "029-868-1111"),
    ("029 868 1111", "029-868-1111"),
    ("0299-12-3456", "0299-12-3456"),
    ("03-1234-5678", "03-1234-5678"),
    ("090 1234 5678", "090-1234-5678"),
    ("0120-12-3456", "0120-12-3456"),
    ("0120-123-456", "0120-123-456"),
])
def test_phone(value: Any, expected: str):
    assert phone(value) == expected


@pytest.mark.parametrize("value", [
    "1234567890", "031234567", "031234567890", "0901234567", "0801234567", "0800123456",
    "03123456789", "01201234567", "090-1234-567", "TEL 03-1234-5678", "03-1234-5678 内線12",
    "+81-3-1234-5678", "abc", 312345678, 9012345678, True, "090-1234-5678-9",
])
def test_phone_rejects(value: Any):
    with pytest.raises(ActionError) as info:
        phone(value)
    assert_names_value(info.value, "filter.phone", str(value))


@pytest.mark.parametrize("value", [None, "", "\u3000"])
def test_phone_empty(value: Any):
    with pytest.raises(ActionError) as info:
        phone(value)
    assert info.value.key == "filter.empty"
    assert "phone" in info.value.message("ja")


# --- houjin_bangou_ok -------------------------------------------------------------------------


def check_digit(base: str) -> int:
    """The 法人番号 check digit, computed left to right (weights 2,1,2,1... from the left)."""
    total = sum(int(c) * (2 if i % 2 == 0 else 1) for i, c in enumerate(base))
    return 9 - total % 9


@pytest.mark.parametrize("base", [
    "000012050002", "180301018771", "000000000000", "999999999999", "123456789012", "010001008843",
])
def test_houjin_bangou_constructed_numbers(base: str):
    number = f"{check_digit(base)}{base}"
    assert houjin_bangou_ok(number)
    wrong = [d for d in "0123456789" if d != number[0]]
    assert not any(houjin_bangou_ok(d + base) for d in wrong)


@pytest.mark.parametrize("value", [
    "7000012050002",  # 国税庁, the National Tax Agency's own example
    "1180301018771",
    "７０００ー０１２０ー５０００２",
    "７０００－０１２０－５０００２",
    "7000-01-2050002",
    "7 0000 1205 0002",
    "\u30007000012050002\u3000",
    7000012050002,
])
def test_houjin_bangou_known_numbers(value: Any):
    assert houjin_bangou_ok(value) is True


@pytest.mark.parametrize("value", [
    "8000012050002", "7000012050003", "7000012050020", "700001205000", "70000120500021", "",
    "700001205000a", "abc", None, True, 7000012050002.0, Decimal("7000012050002"), ["7000012050002"],
    "0000012050002",
])
def test_houjin_bangou_wrong(value: Any):
    assert houjin_bangou_ok(value) is False


def test_messages_follow_the_chosen_language(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ROBOSAN_LANG", "en")
    with pytest.raises(ActionError) as info:
        postal("12")
    assert str(info.value) == text("filter.postal", "en", value="12")
    assert "'12'" in str(info.value)
