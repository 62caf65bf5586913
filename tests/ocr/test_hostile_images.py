"""Hostile images (issue 13): a scan, a PDF page, a template's blank form or a desktop reference image whose
header declares more pixels than any form or screen has is refused from its header, before anything decodes
it, with a clear ja/en error naming the file. A PNG declaring 100,000 × 100,000 is 30 GB once decoded.

Every file is built here at test time (``tests/support/hostile_files.py``); no image is committed.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from ocr.image import MAX_PAGE_PIXELS, load_page
from rpa_core.errors import ActionError, ScenarioError
from tests.support.hostile_files import huge_png


def _check(err: ActionError, key: str, *places: str) -> None:
    assert err.key == key, err.key
    for lang in ("ja", "en"):
        assert err.message(lang) and err.hint(lang)
        for place in places:
            assert place in err.message(lang), err.message(lang)


def test_a_png_declaring_ten_billion_pixels_is_refused(tmp_path: Path) -> None:
    path = huge_png(tmp_path / "申請書_001.png", 100_000, 100_000)
    with pytest.raises(ActionError) as caught:
        load_page(path)
    _check(caught.value, "ocr.file.too_many_pixels", "申請書_001.png", "100,000×100,000", f"{MAX_PAGE_PIXELS:,}")


def test_a_png_under_pillows_own_limit_but_over_a_page_is_refused_with_its_size(tmp_path: Path) -> None:
    """120 million pixels: Pillow only warns (its error starts at 179 million); no form needs this many."""
    path = huge_png(tmp_path / "big.png", 12_000, 10_000)
    with pytest.raises(ActionError) as caught:
        load_page(path)
    _check(caught.value, "ocr.file.too_many_pixels", "big.png", "12,000×10,000")


@pytest.mark.skipif(shutil.which("pdfinfo") is None or shutil.which("pdftoppm") is None,
                    reason="poppler-utils (pdfinfo, pdftoppm) not installed")
def test_a_pdf_page_of_two_hundred_inches_is_refused_before_it_is_rendered(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>",  # 200 × 200 inches
    ]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(out)
    with pytest.raises(ActionError) as caught:
        load_page(path, dpi=200)
    _check(caught.value, "ocr.file.too_many_pixels", "scan.pdf", "40,000×40,000")


def test_a_template_whose_blank_form_is_huge_is_refused_at_its_image_line(tmp_path: Path) -> None:
    from ocr.template import load_template

    huge_png(tmp_path / "blank.png", 100_000, 100_000)
    template = tmp_path / "form.yaml"
    template.write_text("dpi: 200\nimage: blank.png\nfields:\n  - {name: 氏名, box: [10, 10, 100, 30]}\n",
                        encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_template(template)
    found = [p for p in caught.value.problems if p.key == "ocr.file.too_many_pixels"]
    assert found and found[0].loc.line == 2, [(p.key, p.loc.line) for p in caught.value.problems]


def test_a_desktop_reference_image_larger_than_any_screen_is_refused(tmp_path: Path) -> None:
    """desktop.click/type with ``image:``: the reference PNG is checked from its header before OpenCV decodes it."""
    from robots._desktop_ops import locate
    from robots._desktop_screen import MAX_REFERENCE_PIXELS, Matcher

    path = huge_png(tmp_path / "登録ボタン.png", 30_000, 30_000)  # 900 million: OpenCV's own limit is 1,073 million
    session = SimpleNamespace(matcher=Matcher())
    with pytest.raises(ActionError) as caught:
        locate(None, session, path, confidence=0.9, timeout=0.1, window=None)  # type: ignore[arg-type]
    _check(caught.value, "desktop.image_too_large", "登録ボタン.png", "30,000×30,000", f"{MAX_REFERENCE_PIXELS:,}")
