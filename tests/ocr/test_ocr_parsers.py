"""The OCR field parsers on their edge cases, and template checking (no Tesseract needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ocr.parsers import parse, parse_answer, parse_checkbox, value_from_text
from ocr.template import Field, load_template
from rpa_core.errors import ScenarioError

BLANK = Path(__file__).resolve().parents[2] / "scenarios" / "nursery_application" / "blank.png"


def field(kind: str, **kw: object) -> Field:
    return Field(name="項目", type=kind, box=(0, 0, 10, 10), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("令和6年4月1日", "2024-04-01"),
        ("R6.4.1", "2024-04-01"),
        ("令和元年5月1日", "2019-05-01"),
        ("平成31年4月30日", "2019-04-30"),
        ("平成元年1月8日", "1989-01-08"),
        ("令和６年１２月２５日", "2024-12-25"),  # 全角数字
        ("令和 6 年 11 月 3 日", "2024-11-03"),  # Tesseract's spaces
        ("R6.1O.1", "2024-10-01"),  # O read for 0
    ],
)
def test_wareki_dates(raw: str, iso: str) -> None:
    parsed = parse(field("wareki_date"), raw)
    assert parsed.reason is None, parsed.reason_args
    assert parsed.value == dt.date.fromisoformat(iso)
    assert parsed.text == iso


def test_heisei_after_its_end_is_given_but_flagged() -> None:
    parsed = parse(field("wareki_date"), "平成31年5月1日")
    assert parsed.value == dt.date(2019, 5, 1)
    assert parsed.reason == "ocr.reason.era_overlap"


@pytest.mark.parametrize("raw", ["令和7和 1月29", "令和6年2月30日", "R.11.3", "昭和元年1月1日"])
def test_bad_dates_go_to_review(raw: str) -> None:
    parsed = parse(field("wareki_date"), raw)
    assert parsed.reason == "ocr.reason.invalid"
    assert parsed.value is None


def test_month_precision() -> None:
    f = field("wareki_date", precision="month")
    assert parse(f, "令和7年4月").text == "2025-04"
    assert parse(f, "R7.10").text == "2025-10"
    assert parse(f, "令和7年").reason == "ocr.reason.invalid"


def test_kana_half_width_and_hiragana() -> None:
    f = field("kana")
    assert parse(f, "ﾔﾏﾀﾞ ﾀﾛｳ").text == "ヤマダ\u3000タロウ"
    assert parse(f, "やまだ　はなこ").text == "ヤマダ\u3000ハナコ"
    bad = parse(f, "ヤマ田")
    assert bad.reason == "ocr.reason.chars" and bad.reason_args["chars"] == "田"


def test_postal_and_phone() -> None:
    assert parse(field("postal_code"), "〒O25-0075").text == "025-0075"
    assert parse(field("postal_code"), "０２５－００７５").text == "025-0075"
    assert parse(field("postal_code"), "〒025-00011").reason == "ocr.reason.invalid"
    assert parse(field("phone"), "090-1234-5678").text == "090-1234-5678"
    assert parse(field("phone"), "09012345678").reason is None  # mobile: grouping is certain
    landline = parse(field("phone"), "0198234567")
    assert landline.reason == "ocr.reason.no_separator"  # 0198-23-4567 or 019-823-4567?
    assert parse(field("phone"), "0198-23-4567").text == "0198-23-4567"


def test_amount_and_number() -> None:
    assert parse(field("amount"), "12,345円").value == 12345
    assert parse(field("amount"), "¥1,000").value == 1000
    assert parse(field("amount"), "１２３４５").value == 12345
    assert parse(field("amount"), "12,34円").reason == "ocr.reason.invalid"
    assert parse(field("number"), "3 2").value == 32
    assert parse(field("number"), "3人").reason == "ocr.reason.invalid"


def test_choice_by_closest_option() -> None:
    f = field("choice", options=("さくら保育園", "ひかり保育所", "わかば保育園"))
    assert parse(f, "わかば保育").value == "わかば保育園"
    assert parse(f, "ひかリ保育所").value == "ひかり保育所"
    assert parse(f, "保育園").reason == "ocr.reason.choice"


def test_checkbox_by_ink_ratio() -> None:
    f = field("checkbox", ink=0.06)
    ticked, conf = parse_checkbox(f, 0.25)
    assert ticked.value is True and ticked.reason is None and conf > 90
    empty, conf = parse_checkbox(f, 0.0)
    assert empty.value is False and empty.reason is None
    unsure, _ = parse_checkbox(f, 0.07)
    assert unsure.reason == "ocr.reason.ambiguous_mark"


def test_text_spaces_and_widths() -> None:
    assert parse(field("text"), "山田  太郎").text == "山田\u3000太郎"
    assert parse(field("text", spaces=False), "みどり市 中央 1丁目").text == "みどり市中央1丁目"
    assert parse(field("text"), "ＡＢＣ１２３").text == "ABC123"
    assert parse(field("text"), "   ").reason == "ocr.reason.empty"
    assert parse(field("text", required=False), "").reason is None


def test_clerk_answers_are_checked() -> None:
    assert parse_answer(field("wareki_date"), "R6.4.1").text == "2024-04-01"
    assert parse_answer(field("wareki_date"), "6/4/1").reason == "ocr.reason.invalid"
    assert parse_answer(field("checkbox"), "はい").value is True
    assert parse_answer(field("checkbox"), "0").value is False
    assert parse_answer(field("choice", options=("A園", "B園")), "2").value == "B園"
    assert parse_answer(field("phone"), "0198234567").reason is None  # the clerk looked at it
    assert value_from_text(field("wareki_date"), "2024-04-01") == dt.date(2024, 4, 1)
    assert value_from_text(field("amount"), "1200") == 1200


def test_template_mistakes_are_reported_with_lines(tmp_path: Path) -> None:
    (tmp_path / "blank.png").write_bytes(BLANK.read_bytes())
    bad = tmp_path / "form.yaml"
    bad.write_text(
        "form: 見本\nimage: blank.png\nfields:\n"
        "  - {name: 申請日, type: wareki, box: [1, 2, 3, 4]}\n"
        "  - {name: 氏名, type: text, box: [1, 2, 3]}\n"
        "  - {name: 園, type: choice, box: [1, 2, 30, 40]}\n"
        "  - {name: 氏名, type: text, box: [1, 2, 30, 40], colour: red}\n"
        "  - {name: 外, type: text, box: [1600, 2300, 300, 300]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        load_template(bad)
    rendered = info.value.render("ja")
    lines = {p.loc.line for p in info.value.problems}
    assert {4, 5, 6, 7, 8} <= lines, rendered
    assert "wareki" in rendered and "colour" in rendered and "options" in info.value.render("en")
    assert str(bad) + ":4" in rendered


def test_template_in_mm(tmp_path: Path) -> None:
    (tmp_path / "blank.png").write_bytes(BLANK.read_bytes())
    path = tmp_path / "mm.yaml"
    path.write_text(
        "image: blank.png\ndpi: 200\nunit: mm\nfields:\n  - {name: 氏名, box: [50.8, 25.4, 25.4, 12.7]}\n",
        encoding="utf-8",
    )
    tpl = load_template(path)
    assert tpl.fields[0].box == (400, 200, 200, 100)
    assert tpl.fields[0].threshold == 80.0  # text's default


def test_reading_of_must_name_a_field(tmp_path: Path) -> None:
    (tmp_path / "blank.png").write_bytes(BLANK.read_bytes())
    path = tmp_path / "kana.yaml"
    path.write_text(
        "image: blank.png\nfields:\n"
        "  - {name: 氏名, box: [10, 10, 300, 40]}\n"
        "  - {name: フリガナ, type: kana, box: [10, 60, 300, 40], reading_of: 名前}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        load_template(path)
    assert "reading_of" in info.value.render("en") and "名前" in info.value.render("ja")
    path.write_text(path.read_text(encoding="utf-8").replace("名前", "氏名"), encoding="utf-8")
    assert load_template(path).field("フリガナ").reading_of == "氏名"


def test_spaces_come_from_the_gaps_on_paper() -> None:
    """Character boxes run on to the next character; a space goes where the ink has a gap."""
    from ocr.engines import Word, join_words

    def char(text: str, left: int, width: int) -> Word:
        return Word(text, 99.0, (left, 10, width, 40))

    # 佐藤 蒼 read as one word whose last box reaches over the space (as Tesseract's LSTM does)
    word = Word(
        "佐藤蒼", 90.0, (15, 10, 160, 40), [char("佐", 15, 35), char("藤", 54, 112), char("蒼", 137, 32)]
    )
    assert join_words([word], [(89, 132)]).text == "佐藤 蒼"
    assert join_words([word], []).text == "佐藤蒼"  # no gap measured: no space invented
    # a gap inside a glyph narrower than a line height is no gap (ハ, 川): the caller leaves it out
    kana = Word("ハナ", 95.0, (15, 10, 90, 40), [char("ハ", 15, 40), char("ナ", 60, 40)])
    assert join_words([kana], []).text == "ハナ"


def test_kana_reading_must_match_the_name_parts() -> None:
    from ocr.reader import FieldResult, _check_readings

    fields = (
        Field("氏名", "text", (0, 0, 10, 10)),
        Field("フリガナ", "kana", (0, 0, 10, 10), threshold=0.0, reading_of="氏名"),
    )
    name = FieldResult("氏名", "text", "山本直樹", "山本直樹", "山本直樹", 91.0)
    kana = FieldResult("フリガナ", "kana", "ヤマモト\u3000ナオキ", "ヤマモト\u3000ナオキ", "", 93.0)
    _check_readings(fields, [name, kana])
    assert name.reason == kana.reason == "ocr.reason.reading_mismatch"
    good = FieldResult("氏名", "text", "", "山本\u3000直樹", "", 91.0)
    kana.reason = None
    _check_readings(fields, [good, kana])
    assert good.reason is None and kana.reason is None
