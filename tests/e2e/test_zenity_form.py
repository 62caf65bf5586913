"""Issue 14: a stock GTK form (zenity --forms) on Xvfb, filled by labels as a clerk reads them.

Nobody here wrote the program: the scenario names what the screen shows (氏名, 住所, 電話番号, OK),
without colons, and the rows carry 髙/﨑 and full-width spaces. Every row must arrive once, exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.a11y_fixtures import a11y_desktop  # noqa: F401  (fixture)
from tests.support.zenity_form import EXPECTED, ROWS, FormCase, form_case  # noqa: F401  (fixture)

pytestmark = [pytest.mark.display, pytest.mark.usefixtures("a11y_desktop")]


@pytest.mark.slow
def test_eight_rows_by_label_into_stock_zenity_each_once_and_exact(
    form_case: FormCase,  # noqa: F811
    run_file: Callable[..., Any],
    robosan_home: Path,
) -> None:
    scenario, output, inputs = form_case

    result = run_file(scenario, unattended=True, inputs=inputs)

    assert result.status == "succeeded", result.message
    assert result.counts.get("done") == len(ROWS)
    entered = output.read_text(encoding="utf-8").splitlines()
    assert entered == EXPECTED  # once each, in order, every field exact
