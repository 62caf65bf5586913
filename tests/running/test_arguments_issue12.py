"""Issue 12, points 3 and 10: an action step's arguments as the runner renders and checks them.

The argument models are the real ones of registered actions (``file.append_text``, ``wait``-like durations);
the rows are the real ``connectors`` Row type.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, create_model

from connectors._rows import Row, RowSource
from rpa_core.errors import StepFailed
from rpa_core.language.expressions import render_value
from rpa_core.registry import get_action
from rpa_core.running.arguments import check_args, render_args
from tests.support.fake_context import Ctx


def checked(model: type[BaseModel], raw: dict[str, Any], action: str = "file.append_text", **variables: Any) -> Any:
    args, reads = render_args(lambda v: render_value(v, variables), raw)
    return check_args(action, model, args, reads, lambda s: s)


def append_model() -> type[BaseModel]:
    spec = get_action("file.append_text")
    assert spec is not None
    return spec.model


def test_text_arguments_get_dates_numbers_and_decimals_as_text() -> None:
    now = dt.datetime(2026, 12, 7, 16, 3, 1, 321745)
    for raw, variables, expected in [
        ("{{ now }}\n", {"now": now}, "2026-12-07 16:03:01\n"),
        ("{{ 金額 }}", {"金額": Decimal("1.2E+4")}, "12000"),
        ("{{ 件数 }}", {"件数": 7}, "7"),
        ("{{ 率 }}", {"率": 0.5}, "0.5"),
        ("{{ 日 }}", {"日": dt.date(2026, 12, 7)}, "2026-12-07"),
        ("  {{ 名 }}  ", {"名": "山田"}, "  山田  "),
    ]:
        parsed = checked(append_model(), {"path": "a.txt", "text": raw}, **variables)
        assert parsed.text == expected, raw  # type: ignore[attr-defined]


def test_data_arguments_keep_the_python_value() -> None:
    model = create_model("Args_demo", rows=(list[dict[str, Any]], ...), value=(Any, None), note=(str | None, None))
    rows = [{"金額": Decimal(12000)}]
    parsed = checked(model, {"rows": "{{ rows }}", "value": "{{ d }}"}, action="demo.write", rows=rows,
                     d=dt.date(2026, 12, 7))
    assert parsed.rows == rows and parsed.value == dt.date(2026, 12, 7)  # type: ignore[attr-defined]


def test_an_optional_text_argument_takes_an_empty_cell_as_nothing() -> None:
    model = create_model("Args_demo", note=(str | None, None))
    row = Row({"備考": None, "_row": 3}, source=RowSource("excel", "a.xlsx"))
    assert checked(model, {"note": "{{ row.備考 }}"}, action="demo.note", row=row).note is None  # type: ignore[attr-defined]


def test_an_empty_cell_reaching_a_required_text_argument_names_the_cell() -> None:
    row = Row({"氏名": None, "_row": 5}, source=RowSource("excel", "名簿.xlsx", "名簿"))
    for raw in ("{{ row.氏名 }}", "様 {{ row.氏名 }}"):
        with pytest.raises(StepFailed) as info:
            checked(append_model(), {"path": "a.txt", "text": raw}, row=row)
        assert info.value.message("ja") == "Excel 5行目の「氏名」が空です(ファイル 名簿.xlsx、シート 名簿)。"
    # A cell read but not written (a choice made from it) is no error.
    parsed = checked(append_model(), {"path": "a.txt", "text": "{{ row.氏名 or '(未記入)' }}"}, row=row)
    assert parsed.text == "(未記入)"  # type: ignore[attr-defined]


def test_a_wrong_value_is_explained_without_pydantic_words() -> None:
    with pytest.raises(StepFailed) as info:
        checked(append_model(), {"path": "a.txt", "text": "{{ rows }}"}, rows=[1, 2])
    err = info.value
    assert err.key == "arg.bad_value"
    assert err.message("ja") == "file.append_text の引数「text」に一覧の「[1, 2]」は使えません: 文字が必要です。"
    assert "text.str" not in err.render("ja") and "Input should" not in err.render("en")
    assert err.hint("ja") and err.hint("en")


def test_a_nested_argument_is_named_as_the_clerk_wrote_it() -> None:
    model = create_model("Args_demo", cells=(dict[str, int], ...))
    with pytest.raises(StepFailed) as info:
        checked(model, {"cells": {"金額": "{{ v }}"}}, action="demo.fill", v="abc")
    assert "「cells.金額」" in info.value.message("ja") and "整数が必要です" in info.value.message("ja")


def test_rows_read_by_excel_and_csv_know_their_file_and_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from connectors.csv import read_rows as read_csv
    from connectors.excel import read_rows as read_excel

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "名簿"
    ws.append(["氏名", "住所"])
    ws.append([None, "花巻市花城町9-30"])
    wb.save(tmp_path / "名簿.xlsx")
    (tmp_path / "名簿.csv").write_text("氏名,住所\n,花巻市花城町9-30\n", encoding="utf-8")
    ctx = Ctx(scenario_dir=tmp_path, artifacts_dir=tmp_path / "artifacts")
    rows = read_excel(ctx, file=tmp_path / "名簿.xlsx")
    assert rows[0].source == RowSource("excel", "名簿.xlsx", "名簿")  # the default sheet is named too
    rows = read_csv(ctx, file=tmp_path / "名簿.csv")
    assert rows[0].source == RowSource("csv", "名簿.csv", None)


def test_desktop_type_gets_an_amount_as_its_digits_and_refuses_an_empty_cell() -> None:
    spec = get_action("desktop.type")
    assert spec is not None
    parsed = checked(spec.model, {"text": "{{ '12,000' | amount }}"}, action="desktop.type")
    assert parsed.text == "12000"  # type: ignore[attr-defined]  # never the float 12000.0
    assert checked(spec.model, {"text": "{{ 7 }}"}, action="desktop.type").text == 7  # type: ignore[attr-defined]
    row = Row({"氏名": None, "_row": 5}, source=RowSource("excel", "名簿.xlsx", "名簿"))
    with pytest.raises(StepFailed) as info:
        checked(spec.model, {"text": "{{ row.氏名 }}"}, action="desktop.type", row=row)
    assert info.value.message("ja") == "Excel 5行目の「氏名」が空です(ファイル 名簿.xlsx、シート 名簿)。"
    assert "text.str" not in info.value.render("ja")


def test_an_empty_cell_never_clears_a_browser_field_silently() -> None:
    spec = get_action("browser.fill")
    assert spec is not None
    row = Row({"氏名": None, "_row": 5}, source=RowSource("excel", "名簿.xlsx"))
    with pytest.raises(StepFailed) as info:
        checked(spec.model, {"label": "氏名", "value": "{{ row.氏名 }}"}, action="browser.fill", row=row)
    assert info.value.message("ja") == "Excel 5行目の「氏名」が空です(ファイル 名簿.xlsx)。"
    parsed = checked(spec.model, {"label": "氏名", "value": "{{ row.氏名 or '' }}"}, action="browser.fill", row=row)
    assert parsed.value == ""  # type: ignore[attr-defined]  # clearing it is said in so many words


def test_space_around_text_is_kept_once() -> None:
    for raw, expected in [("  {{ a }} - {{ b }}\n", "  x - y\n"), ("{{ a }}\n", "x\n"), ("{{ a }}{{ b }}", "xy")]:
        parsed = checked(append_model(), {"path": "a.txt", "text": raw}, a="x", b="y")
        assert parsed.text == expected, raw  # type: ignore[attr-defined]


def test_nothing_from_a_variable_is_said_to_be_empty() -> None:
    with pytest.raises(StepFailed) as info:
        checked(append_model(), {"path": "a.txt", "text": "{{ 名前 }}"}, 名前=None)
    assert info.value.key == "arg.empty"
    assert info.value.message("ja") == "file.append_text の引数「text」の値が空(なし)です。"
