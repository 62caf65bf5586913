"""labels.make_pdf: real PDFs read back with pdfplumber/pypdf and rendered with pdftoppm (no tofu, text in order)."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pdfplumber
import pytest
from PIL import Image
from pypdf import PdfReader

from connectors import _label_fonts
from connectors._label_fonts import in_jis_x0208
from connectors._label_layout import LAYOUTS, MM, wrap
from connectors.labels import Sheet, make_pdf
from rpa_core.errors import ActionError
from tests.support.fake_context import Ctx


@pytest.fixture
def ctx(tmp_path: Path) -> Ctx:
    return Ctx(scenario_dir=tmp_path, artifacts_dir=tmp_path / "artifacts")


TOWNS = ["研究学園一丁目", "竹園二丁目", "吾妻三丁目", "並木四丁目", "松代五丁目", "花室", "北条", "谷田部"]
NAMES = [
    "山田 太郎",
    "髙橋 一郎",
    "山﨑 花子",
    "株式会社筑波精機",
    "鈴木 次郎",
    "佐藤 美咲",
    "㈱つくば印刷",
    "渡邊 誠",
]


def _rows(count: int) -> list[dict[str, Any]]:
    rows = []
    for i in range(count):
        town = TOWNS[i % len(TOWNS)]
        address = f"茨城県つくば市{town}{i + 1}番地{i % 5 + 1}"
        if i % 3 == 0:
            address += f" つくばグリーンハイツ{town[:2]}{100 + i}号室"
        rows.append(
            {
                "宛名番号": f"{i + 1:06d}",
                "郵便番号": f"305-{(i * 7919) % 10000:04d}" if i % 4 else f"３００３{i % 10}{i % 7}{i % 3}",
                "住所": address,
                "氏名": NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else f"{i}"),
                "_row": i + 2,
            }
        )
    return rows


def _expected(rows: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(postal, address, name) in the order labels must come: by postal code, stable."""

    def digits(s: str) -> str:
        return re.sub(r"\D", "", s.translate(str.maketrans("０１２３４５６７８９", "0123456789")))

    out = []
    for r in sorted(rows, key=lambda r: digits(r["郵便番号"])):
        d = digits(r["郵便番号"])
        honor = "御中" if any(w in r["氏名"] for w in ("株式会社", "㈱")) else "様"
        out.append((f"〒{d[:3]}-{d[3:]}", r["住所"], f"{r['氏名']}{honor}"))
    return out


def _label_texts(pdf_path: Path, sheet: Sheet, count: int, start: int = 1) -> list[str]:
    """The text inside each label box, in label order, whitespace removed."""
    texts = []
    with pdfplumber.open(pdf_path) as pdf:
        for n in range(start - 1, start - 1 + count):
            page, spot = divmod(n, sheet.per_page)
            p = pdf.pages[page]
            x, y, w, h = sheet.box(spot)
            crop = p.crop((x, p.height - y - h, x + w, p.height - y))
            texts.append(re.sub(r"\s+", "", crop.extract_text()))
    return texts


def _strip(s: str) -> str:
    return re.sub(r"[\s\u3000]+", "", s)


def _subset_tables(data: bytes) -> tuple[dict[int, int], Callable[[int], int]]:
    """From an embedded TrueType subset: its code → glyph map (reportlab writes one format 6 cmap)
    and a function giving the outline size in bytes of a glyph (0 = nothing drawn)."""
    count = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(count):
        tag, _sum, offset, _length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        tables[tag.decode("latin-1")] = offset
    cmap = tables["cmap"]
    sub = cmap + struct.unpack(">I", data[cmap + 8 : cmap + 12])[0]
    fmt, _len, _lang, first, entries = struct.unpack(">HHHHH", data[sub : sub + 10])
    assert fmt == 6
    glyphs = struct.unpack(f">{entries}H", data[sub + 10 : sub + 10 + 2 * entries])
    long_loca = struct.unpack(">h", data[tables["head"] + 50 : tables["head"] + 52])[0] == 1
    loca = tables["loca"]

    def outline(glyph: int) -> int:
        if long_loca:
            start, end = struct.unpack(">II", data[loca + 4 * glyph : loca + 4 * glyph + 8])
            return end - start
        start, end = struct.unpack(">HH", data[loca + 2 * glyph : loca + 2 * glyph + 4])
        return 2 * (end - start)

    return {first + i: g for i, g in enumerate(glyphs)}, outline


def _assert_no_tofu(pdf_path: Path, tmp_path: Path) -> set[str]:
    """Every drawn character uses an embedded TrueType subset whose glyph for it is a real outline.

    Returns the family names of the embedded fonts."""
    families: set[str] = set()
    reader = PdfReader(pdf_path)
    with pdfplumber.open(pdf_path) as pdf:
        used = {c["fontname"] for page in pdf.pages for c in page.chars}
        drawn = {c["text"] for page in pdf.pages for c in page.chars}
        assert pdf.pages[0].chars, "no text drawn"
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object()
            if str(font["/BaseFont"]).lstrip("/") not in used:
                continue  # reportlab always lists Helvetica; nothing is drawn with it
            assert font["/Subtype"] == "/TrueType", font
            data = font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
            glyph_of, outline = _subset_tables(data)
            cmap = font["/ToUnicode"].get_object().get_data().decode()
            bfchar = cmap.split("beginbfchar", 1)[1]
            for code_hex, uni_hex in re.findall(r"<([0-9A-F]{2})> <([0-9A-F]+)>", bfchar):
                code = int(code_hex, 16)
                char = bytes.fromhex(uni_hex).decode("utf-16-be")
                if char not in drawn or char.isspace():
                    continue  # reportlab lists a few codes it never draws with
                glyph = glyph_of.get(code, 0)
                assert glyph != 0, f"{char!r} has no glyph in {font['/BaseFont']}"
                assert outline(glyph) > 0, f"{char!r} has an empty glyph in {font['/BaseFont']}"
            families.add(str(font["/BaseFont"]).split("+", 1)[1])
    return families


def _assert_ink(pdf_path: Path, tmp_path: Path, page_no: int = 1) -> int:
    """Render with pdftoppm and check every drawn character's box has dark pixels; returns chars checked."""
    dpi = 100
    prefix = tmp_path / f"page{page_no}"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-gray",
            "-png",
            "-f",
            str(page_no),
            "-l",
            str(page_no),
            "-singlefile",
            str(pdf_path),
            str(prefix),
        ],
        check=True,
        timeout=60,
    )
    image = Image.open(f"{prefix}.png").convert("L")
    scale = dpi / 72
    checked = 0
    with pdfplumber.open(pdf_path) as pdf:
        for c in pdf.pages[page_no - 1].chars:
            if c["text"].isspace():
                continue
            box = (
                int(c["x0"] * scale),
                int(c["top"] * scale),
                int(c["x1"] * scale) + 1,
                int(c["bottom"] * scale) + 1,
            )
            dark = int((np.asarray(image.crop(box)) < 128).sum())
            assert dark > 0, f"no ink for {c['text']!r} at {box}"
            checked += 1
    return checked


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_labels_sorted_in_order_with_gaiji_reported_and_no_tofu(ctx: Ctx, tmp_path: Path) -> None:
    rows = _rows(27)
    result = make_pdf(ctx, rows=rows, out=Path("out/宛名ラベル.pdf"), layout="A4 12面", honorific="auto")
    pdf = tmp_path / "out" / "宛名ラベル.pdf"
    assert result["file"] == pdf and result["labels"] == 27 and result["pages"] == 3
    assert len(PdfReader(pdf).pages) == 3
    texts = _label_texts(pdf, LAYOUTS["A4-12"], 27)
    for text, (postal, address, name) in zip(texts, _expected(rows), strict=True):
        assert text == _strip(
            postal + address + name
        )  # postal, then address (1-2 lines), then name, in order
    # 外字: 髙 (rows 3, 11, 19, 27), 﨑, ㈱ reported by row; ordinary JIS X 0208 text is not
    gaiji = {(g["row"], g["field"], g["char"]) for g in result["gaiji"]}
    assert (3, "氏名", "髙") in gaiji and (4, "氏名", "﨑") in gaiji and (8, "氏名", "㈱") in gaiji
    assert {g["char"] for g in result["gaiji"]} == {"髙", "﨑", "㈱"}
    assert any("3行目「氏名」の「髙」(U+9AD9)" in line for line in ctx.logs)
    assert "27 枚" in ctx.logs[-1] and ctx.artifacts == [(pdf, "pdf")]
    assert _assert_no_tofu(pdf, tmp_path) == {result["font"]} and result["font"].startswith("IPAex")
    assert _assert_ink(pdf, tmp_path, 1) > 300


def test_gaiji_outside_the_font_is_an_error_and_ipamj_draws_it(ctx: Ctx, tmp_path: Path) -> None:
    rows = _rows(3)
    rows[1]["氏名"] = "𠮷田 太郎"
    with pytest.raises(ActionError) as info:
        make_pdf(ctx, rows=rows, out=tmp_path / "a.pdf", font="IPAexGothic")
    err = info.value
    assert err.key == "labels.missing_glyph" and "3行目 「𠮷」(U+20BB7)" in err.message("ja")
    assert "row 3: '𠮷'" in err.message("en") and "IPAmjMincho" in err.hint("ja")
    assert not (tmp_path / "a.pdf").exists()
    result = make_pdf(ctx, rows=rows, out=tmp_path / "a.pdf")  # auto: the installed font that has 𠮷
    assert result["font"] == "IPAmjMincho"
    assert {"row": 3, "field": "氏名", "char": "𠮷", "code": "U+20BB7"} in result["gaiji"]
    assert _assert_no_tofu(tmp_path / "a.pdf", tmp_path) == {"IPAmjMincho"}
    with pdfplumber.open(tmp_path / "a.pdf") as pdf:
        assert "𠮷田 太郎" in pdf.pages[0].extract_text()  # copied text keeps the character too
    _assert_ink(tmp_path / "a.pdf", tmp_path)


@pytest.mark.parametrize("layout", ["A4-18", "21面", "A4 24面"])
def test_other_layouts_place_labels_in_their_boxes(ctx: Ctx, tmp_path: Path, layout: str) -> None:
    rows = _rows(30)
    result = make_pdf(ctx, rows=rows, out=tmp_path / "l.pdf", layout=layout, honorific="auto")
    sheet = LAYOUTS[{"A4-18": "A4-18", "21面": "A4-21", "A4 24面": "A4-24"}[layout]]
    assert result["pages"] == -(-30 // sheet.per_page)
    texts = _label_texts(tmp_path / "l.pdf", sheet, 30)
    assert texts == [_strip(p + a + n) for p, a, n in _expected(rows)]


def test_custom_sheet_start_position_and_address2(ctx: Ctx, tmp_path: Path) -> None:
    sheet = Sheet(columns=2, rows=5, width=90, height=50, top=20, left=12, pitch_x=96, pitch_y=52)
    rows = [
        {
            "〒": "305-8555",
            "所在地": "茨城県つくば市研究学園一丁目1番地1",
            "方書": "市民税課気付",
            "宛名": "山田 太郎",
            "敬称": "殿",
            "番号": "000123",
        }
    ]
    make_pdf(
        ctx,
        rows=rows,
        out=tmp_path / "c.pdf",
        custom=sheet,
        start=4,
        postal_field="〒",
        address_field="所在地",
        address2_field="方書",
        name_field="宛名",
        honorific_field="敬称",
        note_field="番号",
        border=True,
    )
    texts = _label_texts(tmp_path / "c.pdf", sheet, 1, start=4)
    assert texts == ["〒305-8555000123茨城県つくば市研究学園一丁目1番地1市民税課気付山田太郎殿"]
    with pdfplumber.open(tmp_path / "c.pdf") as pdf:
        x, _y, w, _h = sheet.box(3)
        assert any(
            abs(r["x0"] - x) < 1 and abs(r["width"] - w) < 1 for r in pdf.pages[0].rects
        )  # outlines drawn
        assert len(pdf.pages[0].rects) == 10


def test_long_address_wraps_at_the_building_and_long_lines_never_overflow(ctx: Ctx, tmp_path: Path) -> None:
    address = "茨城県つくば市研究学園一丁目1番地1グリーンハイツ研究学園ウエストタワー1201号室"
    rows = [{"郵便番号": "3058555", "住所": address, "氏名": "社会福祉法人筑波山福祉会 理事長 山田 太郎"}]
    make_pdf(ctx, rows=rows, out=tmp_path / "w.pdf", layout="A4-24", honorific="auto")
    sheet = LAYOUTS["A4-24"]
    with pdfplumber.open(tmp_path / "w.pdf") as pdf:
        page = pdf.pages[0]
        x, y, w, h = sheet.box(0)
        lines = page.crop((x, page.height - y - h, x + w, page.height - y)).extract_text().splitlines()
        assert lines[1] == "茨城県つくば市研究学園一丁目1番地1"
        assert lines[2].strip() == "グリーンハイツ研究学園ウエストタワー1201号室"
        assert "".join(lines[3:]).replace(" ", "").endswith("山田太郎御中")
        for c in page.chars:  # every character inside the label box
            assert (
                x <= c["x0"]
                and c["x1"] <= x + w
                and page.height - y - h <= c["top"]
                and c["bottom"] <= page.height - y
            )


def test_wrap_prefers_natural_breaks() -> None:
    def fits(s: str) -> bool:
        return len(s) <= 20

    assert wrap("茨城県つくば市吾妻三丁目12番地4 つくばハイツ305", fits, 2) == [
        "茨城県つくば市吾妻三丁目12番地4",
        "\u3000つくばハイツ305",
    ]
    assert wrap("茨城県つくば市吾妻三丁目12番地4グリーンハイツ", fits, 2) == [
        "茨城県つくば市吾妻三丁目12番地4",
        "\u3000グリーンハイツ",
    ]
    assert wrap("北海道札幌市中央区北一条西二丁目一番地一号", fits, 2) == [
        "北海道札幌市中央区",
        "\u3000北一条西二丁目一番地一号",
    ]
    assert wrap("あ" * 50, fits, 2) is None and wrap("あ" * 30, fits, 2, hard=False) is None


def test_bad_rows_columns_layouts_are_reported(ctx: Ctx, tmp_path: Path) -> None:
    rows = [
        {"郵便番号": "30585", "住所": "つくば市", "氏名": "山田", "_row": 7},
        {"郵便番号": "305-8555", "住所": "", "氏名": "鈴木", "_row": 9},
    ]
    with pytest.raises(ActionError) as info:
        make_pdf(ctx, rows=rows, out=tmp_path / "a.pdf")
    ja, en = info.value.message("ja"), info.value.message("en")
    assert "7行目 郵便番号「30585」が7桁ではありません" in ja and "9行目 住所が空です" in ja
    assert "row 9: the address is empty" in en
    with pytest.raises(ActionError) as info:
        make_pdf(ctx, rows=rows, out=tmp_path / "a.pdf", name_field="宛名")
    assert info.value.key == "labels.no_column" and "氏名" in info.value.hint("ja")
    cases: list[tuple[dict[str, Any], str]] = [
        ({"layout": "A4-10"}, "labels.bad_layout"),
        ({"start": 13}, "labels.bad_start"),
        ({"custom": Sheet(columns=3, rows=6, width=80, height=40)}, "labels.off_page"),
        ({"font": "NoSuchFont"}, "labels.no_font"),
    ]
    for kwargs, key in cases:
        with pytest.raises(ActionError) as info:
            make_pdf(ctx, rows=[{**rows[1], "住所": "つくば市"}], out=tmp_path / "a.pdf", **kwargs)
        assert info.value.key == key
    with pytest.raises(ActionError) as info:
        make_pdf(ctx, rows=[], out=tmp_path / "a.pdf")
    assert info.value.key == "labels.no_rows"
    assert not (tmp_path / "a.pdf").exists()


def test_opentype_font_is_refused_with_a_clear_message(ctx: Ctx, tmp_path: Path) -> None:
    noto = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    if not noto.exists():
        pytest.skip("fonts-noto-cjk not installed")
    with pytest.raises(ActionError) as info:
        make_pdf(ctx, rows=_rows(1), out=tmp_path / "a.pdf", font=str(noto))
    assert info.value.key == "labels.bad_font" and ".ttf" in info.value.hint("ja")


def test_without_truetype_fonts_the_cid_font_is_used_and_gaiji_refused(
    ctx: Ctx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_label_fonts, "candidates", lambda style="gothic": [])
    result = make_pdf(ctx, rows=_rows(3), out=tmp_path / "a.pdf")
    assert result["font"] == "HeiseiKakuGo-W5" and any("HeiseiKakuGo-W5" in line for line in ctx.logs)
    with pdfplumber.open(tmp_path / "a.pdf") as pdf:
        assert "髙橋" in pdf.pages[0].extract_text()
    rows = _rows(2)
    rows[0]["住所"] += "𠮷"
    with pytest.raises(ActionError) as info:
        make_pdf(ctx, rows=rows, out=tmp_path / "b.pdf")
    assert info.value.key == "labels.missing_glyph" and "HeiseiKakuGo-W5" in info.value.message("en")


def test_jis_x0208_membership() -> None:
    for ch in "亜熙漢字かなカナＡａ１〜～−－￥¥ｱ 　":
        assert in_jis_x0208(ch), ch
    for ch in "髙﨑①㈱𠮷\ue000":
        assert not in_jis_x0208(ch), ch


def test_layout_sizes_fit_a4() -> None:
    for name, sheet in LAYOUTS.items():
        assert sheet.fits_page(), name
        x, y, w, _h = sheet.box(sheet.per_page - 1)
        assert x + w <= 210 * MM + 1 and y >= -1, name
