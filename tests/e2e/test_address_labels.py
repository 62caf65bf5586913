"""The address_labels scenario end to end: the committed CP932 sample → filter → sorted label PDF → save or print."""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from connectors._label_fonts import in_jis_x0208
from connectors._label_layout import LAYOUTS

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "address_labels" / "scenario.yaml"
SAMPLE = SCENARIO.parent / "data" / "宛名一覧.csv"


def _sample(kubun: str) -> list[dict[str, Any]]:
    """The sample's rows of one 宛名区分, read independently of the connector, with their CSV row numbers."""
    records = list(csv.DictReader(io.StringIO(SAMPLE.read_bytes().decode("cp932"), newline="")))
    return [{**r, "_row": n} for n, r in enumerate(records, 2) if r["宛名区分"] == kubun]


def _label_texts(pdf_path: Path, count: int) -> list[str]:
    sheet = LAYOUTS["A4-12"]
    texts = []
    with pdfplumber.open(pdf_path) as pdf:
        for n in range(count):
            page, spot = divmod(n, sheet.per_page)
            p = pdf.pages[page]
            x, y, w, h = sheet.box(spot)
            texts.append(
                re.sub(r"\s+", "", p.crop((x, p.height - y - h, x + w, p.height - y)).extract_text())
            )
    return texts


def test_taxpayer_agents_become_sorted_labels_with_gaiji_listed(
    run_file: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "ラベル.pdf"
    result = run_file(SCENARIO, inputs={"out": str(out)}, unattended=True)
    assert result.status == "succeeded", result.message
    agents = _sample("納税管理人")
    assert len(agents) == 16
    ordered = sorted(agents, key=lambda r: r["郵便番号"].replace("-", ""))
    texts = _label_texts(out, len(agents))
    for text, row in zip(texts, ordered, strict=True):
        postal = row["郵便番号"].replace("-", "")
        honor = "御中" if re.search("株式会社|法人|㈱", row["送付先氏名"]) else "様"
        expected = f"〒{postal[:3]}-{postal[3:]}{row['宛名番号']}{row['住所']}{row['方書']}{row['送付先氏名']}{honor}"
        assert text == re.sub(r"\s+", "", expected)
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 2 and "本人" not in "".join(p.extract_text() for p in pdf.pages)
    lines = result.observer.lines
    summary = next(line for line in lines if line.startswith("宛名ラベル 16 枚("))
    gaiji = [
        (r["_row"], ch)
        for r in agents
        for ch in dict.fromkeys(r["送付先氏名"] + r["住所"] + r["方書"])
        if not in_jis_x0208(ch)
    ]
    assert gaiji and f"外字 {len(gaiji)} か所" in summary
    for row, ch in gaiji:
        assert f"{row}行目 {ch}" in summary
        assert any(
            f"{row}行目「送付先氏名」の「{ch}」" in line or f"{row}行目「住所」の「{ch}」" in line
            for line in lines
        )
    assert any("保存だけ" in line for line in lines)


@pytest.mark.skipif(os.name == "nt", reason="POSIX shell scripts")
def test_print_through_cups_and_other_kubun(
    run_file: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    args = tmp_path / "lp.args"
    (bin_dir / "lpstat").write_text(
        '#!/bin/sh\n[ "$1" = -e ] && echo 総務課_ラベル\n'
        "[ \"$1\" = -d ] && echo 'system default destination: 総務課_ラベル'\nexit 0\n",
        encoding="utf-8",
    )
    (bin_dir / "lp").write_text(
        f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {args}\necho 'request id is 総務課_ラベル-7 (1 file(s))'\n",
        encoding="utf-8",
    )
    for name in ("lp", "lpstat"):
        (bin_dir / name).chmod(stat.S_IRWXU)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    out = tmp_path / "送付先.pdf"
    result = run_file(
        SCENARIO,
        inputs={"out": str(out), "kubun": "送付先", "print": "はい", "layout": "A4 24面"},
        unattended=True,
    )
    assert result.status == "succeeded", result.message
    count = len(_sample("送付先"))
    assert any(line.startswith(f"宛名ラベル {count} 枚(") for line in result.observer.lines)
    assert args.read_text(encoding="utf-8").splitlines()[:2] == ["-d", "総務課_ラベル"] and str(
        out
    ) in args.read_text(encoding="utf-8")
    assert any("総務課_ラベル-7" in line for line in result.observer.lines)
