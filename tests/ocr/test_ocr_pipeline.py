"""The reading pipeline with real Tesseract (jpn) on generated scans of the nursery form."""

from __future__ import annotations

import json
import random
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ocr.reader import FormReader
from ocr.template import load_template
from tests.support.scenario_modules import load_scenario_module

pytestmark = pytest.mark.tesseract

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "nursery_application"
make_forms = load_scenario_module("nursery_application", "make_forms")

TEMPLATE = SCENARIO / "template.yaml"


def truth_text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_forms.make_scans(tmp_path_factory.mktemp("scans"), 3, seed=11, seal_rate=1.0, mincho_rate=0.0)


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FormReader]:
    r = FormReader(load_template(TEMPLATE), "tesserocr", crops_dir=tmp_path_factory.mktemp("crops"))
    yield r
    r.close()


def test_whole_form_end_to_end(scans: list[Path], reader: FormReader) -> None:
    """Every accepted field equals the truth; most fields are accepted; crops are written."""
    accepted = 0
    for path in scans:
        truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["fields"]
        result = reader.read(path)
        assert result.status == "ok", result.message
        assert [f.name for f in result.fields] == [f.name for f in reader.template.fields]
        for f in result.fields:
            assert f.crop is not None and f.crop.is_file()
            if not f.needs_review:
                accepted += 1
                assert f.text == truth_text(truth[f.name]), (path.name, f.name, f.raw)
    assert accepted >= 0.7 * 14 * len(scans)


def test_seal_is_removed_and_the_name_under_it_stays(scans: list[Path]) -> None:
    from ocr.image import Aligner, load_page, remove_seals

    aligned = Aligner(SCENARIO / "blank.png").align(load_page(scans[0]), scans[0].name).image
    x, y, w, h = load_template(TEMPLATE).field("保護者氏名").box
    box = aligned[y : y + h, x : x + w].astype(int)
    red = (box[:, :, 2] - box[:, :, 1] > 80) & (box[:, :, 2] > 150)
    assert red.sum() > 300  # the generator put a seal there
    grey = remove_seals(aligned)[y : y + h, x : x + w]
    assert (grey[red] == 255).all()
    dark_before = (box.max(axis=2) < 90) & ~red
    assert (grey[dark_before] < 128).mean() > 0.95  # black ink (the name) is kept


def test_rotated_scan_is_aligned(tmp_path: Path, reader: FormReader) -> None:
    rng = random.Random(5)
    filled = make_forms.sample(rng)
    page = make_forms.scan(make_forms.fill(make_forms.render_blank(), filled, rng, False), rng, angle=2.0)
    path = tmp_path / "turned.png"
    page.save(path)
    result = reader.read(path)
    assert result.status == "ok"
    assert abs(result.angle - 2.0) < 0.3, result.angle  # the two degrees were found and undone
    right = sum(f.text == truth_text(filled.truth[f.name]) for f in result.fields)
    assert right >= 11, [(f.name, f.text) for f in result.fields]


def test_blank_and_unreadable_pages_are_reported(tmp_path: Path, reader: FormReader) -> None:
    import numpy as np
    from PIL import Image

    blank = tmp_path / "白紙.png"
    arr = np.full((2339, 1654), 250, np.uint8)
    arr[np.random.default_rng(1).random(arr.shape) < 0.0003] = 30  # dust
    Image.fromarray(arr).save(blank)
    result = reader.read(blank)
    assert result.status == "blank" and "白紙.png" in result.message and not result.fields
    other = tmp_path / "other.png"
    img = Image.new("L", (1654, 2339), 255)
    from PIL import ImageDraw

    ImageDraw.Draw(img).text((200, 300), "納税通知書 別の様式です", font=make_forms.font(80), fill=0)
    img.save(other)
    result = reader.read(other)
    assert result.status == "not_aligned" and "other.png" in result.message


def test_corrupt_file_is_named_and_nothing_else_lost(tmp_path: Path, scans: list[Path]) -> None:
    from ocr.batch import form_row, list_scans, read_folder
    from ocr.queue import ReviewQueue
    from rpa_core.store.runlog import RunLog

    folder = tmp_path / "pile"
    folder.mkdir()
    for p in scans[:2]:
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "scan_0000_broken.jpg").write_bytes(scans[2].read_bytes()[:3000])  # cut off mid-file
    tpl = load_template(TEMPLATE)
    queue = ReviewQueue(RunLog(f"sqlite:///{tmp_path / 'log.db'}"))
    forms = read_folder(tpl, list_scans(folder), queue, lambda: FormReader(tpl, "tesserocr"))
    rows = [form_row(tpl, f, i) for i, f in enumerate(forms)]
    assert [r["ファイル"] for r in rows] == ["scan_0000_broken.jpg", scans[0].name, scans[1].name]
    assert "scan_0000_broken.jpg" in rows[0]["エラー"]
    assert rows[1]["エラー"] == "" and rows[2]["エラー"] == ""
    assert rows[1]["郵便番号"] is not None or "郵便番号" in rows[1]["確認待ち"]
    # read again: the stored readings are used, nothing is queued twice
    before = queue.counts()
    again = read_folder(tpl, list_scans(folder), queue, lambda: pytest.fail("read again"))  # type: ignore[arg-type,return-value]
    assert [f.id for f in again] == [f.id for f in forms] and queue.counts() == before


def test_pages_read_in_parallel_equal_pages_read_one_by_one(scans: list[Path], reader: FormReader) -> None:
    """Two worker processes give the same fields, in file order, as one process."""
    from ocr.parallel import read_parallel

    files = [scans[0], scans[1], scans[2], scans[0]]
    alone = [reader.read(p) for p in files]
    together = list(read_parallel(reader, files, workers=2))
    assert [r.file for r in together] == files
    for a, b in zip(alone, together, strict=True):
        assert [(f.name, f.text, f.reason) for f in a.fields] == [
            (f.name, f.text, f.reason) for f in b.fields
        ]


def test_pdf_page_and_the_program_engine(tmp_path: Path, scans: list[Path]) -> None:
    from PIL import Image

    from ocr.image import load_page

    pdf = tmp_path / "scan.pdf"
    Image.open(scans[1]).save(pdf, resolution=200)
    page = load_page(pdf)
    assert abs(page.shape[1] - 1654) < 5
    reader = FormReader(load_template(TEMPLATE), "pytesseract")
    result = reader.read(pdf)
    truth = json.loads(scans[1].with_suffix(".json").read_text(encoding="utf-8"))["fields"]
    assert result.status == "ok"
    accepted = [f for f in result.fields if not f.needs_review]
    assert len(accepted) >= 9
    assert all(f.text == truth_text(truth[f.name]) for f in accepted)


def test_ocr_test_and_template_commands(tmp_path: Path, scans: list[Path]) -> None:
    robosan = [str(ROOT / ".venv" / "bin" / "robosan")]
    out = tmp_path / "annotated.png"
    proc = subprocess.run(
        [*robosan, "ocr", "test", str(TEMPLATE), str(scans[0]), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "郵便番号" in proc.stdout and out.is_file()
    blank = tmp_path / "様式.png"
    blank.write_bytes((SCENARIO / "blank.png").read_bytes())
    proc = subprocess.run(
        [*robosan, "ocr", "template", str(blank)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    proposed = load_template(tmp_path / "様式.yaml")  # what it wrote loads as a template
    names = {f.name for f in proposed.fields}
    assert sum(f.type == "checkbox" for f in proposed.fields) == 4
    assert len(names & {f.name for f in load_template(TEMPLATE).fields}) >= 8, names
    assert proposed.field("郵便番号").type == "postal_code"
    bad = subprocess.run(
        [*robosan, "ocr", "test", str(tmp_path / "none.yaml"), str(scans[0])],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "none.yaml" in bad.stderr
