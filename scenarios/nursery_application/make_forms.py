"""Render the blank 保育所入所申込書 and filled, scanned-looking copies with their ground truth.

    python scenarios/nursery_application/make_forms.py blank            # writes blank.png beside this file
    python scenarios/nursery_application/make_forms.py scans OUT -n 20  # OUT/scan_0001.jpg + .json ...

All names, addresses and numbers are fictitious (みどり市 does not exist). The blank form is
A4 at 200 dpi; the copies are printed on it, then degraded as a cheap office scanner would:
skew up to ±2°, a shift, blur, speckle, JPEG artefacts, a red seal (印) over the guardian's
name on some forms, and values written slightly off their lines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
DPI = 200
PAGE = (1654, 2339)  # A4 at 200 dpi
FONT_DIRS = (
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
)
FONT_NAMES = ("gothic", "mincho")
MARK = 36  # registration marks: filled squares in the four corners

# (name, label, y) of each ruled row; the value box is right of the label column.
LABEL_X, VALUE_X, RIGHT_X = 110, 420, 1545
ROW_H = 96
ROWS = [
    "申請日",
    "保護者氏名",
    "フリガナ",
    "郵便番号",
    "住所",
    "電話番号",
    "児童氏名",
    "生年月日",
    "希望保育所",
    "希望開始月",
]
TOP_Y = 400
CHECKS = ["きょうだい在園", "ひとり親世帯", "育児休業中", "障がい者手帳"]
CHECK_Y = TOP_Y + ROW_H * len(ROWS) + 170
CHECK_BOX = 44
NURSERIES = [
    "みどり中央保育園",
    "さくら保育園",
    "ひかり保育所",
    "わかば保育園",
    "あおば保育園",
    "こすもす保育園",
]

SURNAMES = [
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("山田", "ヤマダ"),
    ("佐々木", "ササキ"),
    ("山口", "ヤマグチ"),
    ("松本", "マツモト"),
    ("井上", "イノウエ"),
    ("木村", "キムラ"),
    ("林", "ハヤシ"),
    ("清水", "シミズ"),
    ("森", "モリ"),
]
ADULTS = [
    ("太郎", "タロウ"),
    ("花子", "ハナコ"),
    ("健一", "ケンイチ"),
    ("美咲", "ミサキ"),
    ("大輔", "ダイスケ"),
    ("由美", "ユミ"),
    ("直樹", "ナオキ"),
    ("恵子", "ケイコ"),
    ("浩二", "コウジ"),
    ("真理子", "マリコ"),
    ("和也", "カズヤ"),
    ("香織", "カオリ"),
]
CHILDREN = [
    ("陽翔", "ハルト"),
    ("結菜", "ユイナ"),
    ("蓮", "レン"),
    ("陽葵", "ヒマリ"),
    ("湊", "ミナト"),
    ("凛", "リン"),
    ("蒼", "アオイ"),
    ("紬", "ツムギ"),
    ("悠真", "ユウマ"),
    ("芽依", "メイ"),
    ("大和", "ヤマト"),
    ("花音", "カノン"),
]
TOWNS = [
    ("中央", "025-0075"),
    ("桜町", "025-0082"),
    ("東町", "025-0033"),
    ("若葉町", "025-0064"),
    ("北上台", "025-0011"),
    ("緑が丘", "025-0041"),
    ("南新田", "025-0096"),
    ("西野", "025-0057"),
]
KANJI_NUM = ["一", "二", "三", "四", "五", "六", "七", "八", "九"]


def font(size: int, index: int = 0) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_DIRS[index], size)


def row_box(index: int) -> tuple[int, int, int, int]:
    """The value box (x, y, w, h) of ruled row ``index`` in blank-form pixels."""
    y = TOP_Y + index * ROW_H
    return VALUE_X, y, RIGHT_X - VALUE_X, ROW_H


def check_box(index: int) -> tuple[int, int, int, int]:
    x = LABEL_X + 20 + (index % 2) * 700
    y = CHECK_Y + (index // 2) * 90
    return x, y, CHECK_BOX, CHECK_BOX


def render_blank() -> Image.Image:
    img = Image.new("RGB", PAGE, "white")
    d = ImageDraw.Draw(img)
    for x, y in (
        (60, 60),
        (PAGE[0] - 60 - MARK, 60),
        (60, PAGE[1] - 60 - MARK),
        (PAGE[0] - 60 - MARK, PAGE[1] - 60 - MARK),
    ):
        d.rectangle((x, y, x + MARK, y + MARK), fill="black")
    d.text((PAGE[0] // 2, 190), "保育所入所申込書", font=font(64), fill="black", anchor="mm")
    d.text((LABEL_X, 290), "みどり市長 様", font=font(34), fill="black")
    d.text((LABEL_X, 335), "次のとおり、保育所への入所を申し込みます。", font=font(30), fill="black")
    for i, label in enumerate(ROWS):
        y = TOP_Y + i * ROW_H
        d.rectangle((LABEL_X, y, RIGHT_X, y + ROW_H), outline="black", width=3)
        d.line((VALUE_X, y, VALUE_X, y + ROW_H), fill="black", width=3)
        d.text((LABEL_X + 20, y + ROW_H // 2), label, font=font(34), fill="black", anchor="lm")
    d.text((LABEL_X, CHECK_Y - 80), "該当するものに印をつけてください", font=font(32), fill="black")
    for i, label in enumerate(CHECKS):
        x, y, w, h = check_box(i)
        d.rectangle((x, y, x + w, y + h), outline="black", width=3)
        d.text((x + w + 24, y + h // 2), label, font=font(34), fill="black", anchor="lm")
    d.text((LABEL_X, PAGE[1] - 260), "みどり市 こども未来部 こども課 保育係", font=font(28), fill="black")
    d.text((LABEL_X, PAGE[1] - 215), "※ 受付印欄(職員記入)", font=font(28), fill="black")
    return img


# -- sample data --------------------------------------------------------------------------------


def _wareki(day: dt.date, style: str) -> str:
    era, start = ("令和", 2019) if day >= dt.date(2019, 5, 1) else ("平成", 1989)
    year = day.year - start + 1
    if style == "short":
        return f"{'R' if era == '令和' else 'H'}{year}.{day.month}.{day.day}"
    text = f"{era}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    if style == "zenkaku":
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return text


@dataclass
class Filled:
    written: dict[str, str]  # what is printed in each box
    truth: dict[str, Any]  # the value a clerk would key in (normalised)


def sample(rng: random.Random) -> Filled:
    fam, fam_k = rng.choice(SURNAMES)
    adult, adult_k = rng.choice(ADULTS)
    child, _child_kana = rng.choice(CHILDREN)
    town, zipcode = rng.choice(TOWNS)
    chome = rng.randint(1, 9)
    address = f"みどり市{town}{KANJI_NUM[chome - 1]}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号"
    applied = dt.date(2024, 10, 1) + dt.timedelta(days=rng.randint(0, 170))
    if rng.random() < 0.1:
        born = rng.choice([dt.date(2019, 4, 30), dt.date(2019, 5, 1), dt.date(2019, 5, 20)])
    else:
        born = dt.date(2019, 6, 1) + dt.timedelta(days=rng.randint(0, 1900))
    start = dt.date(2025, rng.choice([4, 4, 4, 5, 6, 7, 9, 10]), 1)
    if rng.random() < 0.5:
        phone = f"090-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
    else:
        phone = f"0198-{rng.randint(20, 39)}-{rng.randint(1000, 9999)}"
    nursery = rng.choice(NURSERIES)
    checks = {c: rng.random() < 0.35 for c in CHECKS}
    style = rng.choices(["kanji", "short", "zenkaku"], [6, 2, 2])[0]
    written = {
        "申請日": _wareki(applied, style),
        "保護者氏名": f"{fam}　{adult}",
        "フリガナ": f"{fam_k}　{adult_k}",
        "郵便番号": f"〒{zipcode}",
        "住所": address,
        "電話番号": phone,
        "児童氏名": f"{fam}　{child}",
        "生年月日": _wareki(born, rng.choice(["kanji", "kanji", "short"])),
        "希望保育所": nursery,
        "希望開始月": f"令和{start.year - 2018}年{start.month}月",
    }
    truth: dict[str, Any] = {
        "申請日": applied.isoformat(),
        "保護者氏名": f"{fam}　{adult}",
        "フリガナ": f"{fam_k}　{adult_k}",
        "郵便番号": zipcode,
        "住所": address,
        "電話番号": phone,
        "児童氏名": f"{fam}　{child}",
        "生年月日": born.isoformat(),
        "希望保育所": nursery,
        "希望開始月": start.strftime("%Y-%m"),
        **checks,
    }
    return Filled({**written, **{c: "x" if v else "" for c, v in checks.items()}}, truth)


# -- printing and scanning ----------------------------------------------------------------------


def fill(blank: Image.Image, filled: Filled, rng: random.Random, seal: bool, face: int = 0) -> Image.Image:
    img = blank.copy()
    d = ImageDraw.Draw(img)
    size = rng.randint(34, 40)
    for i, name in enumerate(ROWS):
        x, y, w, h = row_box(i)
        dx, dy = rng.randint(8, 40), rng.randint(-10, 10)  # values rarely sit exactly on the line
        d.text(
            (x + dx, y + h // 2 + dy),
            filled.written[name],
            font=font(size, face),
            fill=(20, 20, 25),
            anchor="lm",
        )
    for i, name in enumerate(CHECKS):
        if filled.written[name]:
            x, y, w, h = check_box(i)
            j = rng.randint(-3, 3)
            width = rng.randint(4, 6)
            if rng.random() < 0.5:
                d.line((x + 8 + j, y + 8, x + w - 8, y + h - 8 + j), fill=(20, 20, 25), width=width)
                d.line((x + w - 8, y + 8 + j, x + 8 + j, y + h - 8), fill=(20, 20, 25), width=width)
            else:
                d.line((x + 8, y + h // 2 + j, x + w // 2 - 2, y + h - 8), fill=(20, 20, 25), width=width)
                d.line((x + w // 2 - 2, y + h - 8, x + w - 4, y + 4 + j), fill=(20, 20, 25), width=width)
    if seal:
        x, y, w, h = row_box(ROWS.index("保護者氏名"))
        stamp(
            img,
            (x + rng.randint(150, 330), y + h // 2 + rng.randint(-8, 8)),
            filled.written["保護者氏名"][0],
            rng,
        )
    return img


def stamp(img: Image.Image, centre: tuple[int, int], char: str, rng: random.Random) -> None:
    """A red 認印 multiplied onto the page: black ink under it stays black, as on paper."""
    r = rng.randint(40, 48)
    layer = Image.new("RGB", (2 * r + 4, 2 * r + 4), "white")
    d = ImageDraw.Draw(layer)
    red = (rng.randint(200, 230), rng.randint(30, 60), rng.randint(40, 70))
    d.ellipse((2, 2, 2 * r + 2, 2 * r + 2), outline=red, width=5)
    d.text((r + 2, r + 2), char, font=font(int(r * 1.2), 1), fill=red, anchor="mm")
    layer = layer.rotate(rng.uniform(-20, 20), fillcolor="white")
    box = (centre[0] - r - 2, centre[1] - r - 2)
    region = img.crop((*box, box[0] + layer.width, box[1] + layer.height))
    from PIL import ImageChops

    img.paste(ImageChops.multiply(region, layer), box)


def scan(img: Image.Image, rng: random.Random, *, angle: float | None = None) -> Image.Image:
    """Degrade a clean page the way a cheap scanner does."""
    import numpy as np

    angle = rng.uniform(-2.0, 2.0) if angle is None else angle
    shift = (rng.randint(-15, 15), rng.randint(-15, 15))
    out = img.rotate(angle, resample=Image.Resampling.BILINEAR, translate=shift, fillcolor=(250, 250, 248))
    out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.0)))
    arr = np.asarray(out).astype(np.int16)
    nprng = np.random.default_rng(rng.randint(0, 2**31))
    arr = arr + nprng.normal(0, 6, arr.shape[:2])[..., None].astype(np.int16)
    arr = (arr * 0.96 + 8).astype(np.int16)  # paper is never pure white, ink never pure black
    for _ in range(rng.randint(200, 600)):  # speckle: dust and toner dots
        y, x = int(nprng.integers(0, arr.shape[0] - 3)), int(nprng.integers(0, arr.shape[1] - 3))
        s = int(nprng.integers(1, 3))
        arr[y : y + s, x : x + s] = int(nprng.integers(0, 90))
    out = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    return out


def make_scans(
    out: Path, count: int, seed: int = 1, *, seal_rate: float = 0.3, mincho_rate: float = 0.2
) -> list[Path]:
    """Write ``count`` scans (JPEG) with their ground truth (``.json``) into ``out``; return the JPEG paths."""
    out.mkdir(parents=True, exist_ok=True)
    blank = render_blank()
    rng = random.Random(seed)
    paths = []
    for n in range(1, count + 1):
        filled = sample(rng)
        seal = rng.random() < seal_rate
        face = 1 if rng.random() < mincho_rate else 0
        page = scan(fill(blank, filled, rng, seal, face), rng)
        path = out / f"scan_{n:04d}.jpg"
        page.save(path, quality=rng.randint(55, 80))
        truth = {"file": path.name, "seal": seal, "font": FONT_NAMES[face], "fields": filled.truth}
        path.with_suffix(".json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("blank", help="the blank form (blank.png beside this script)")
    b.add_argument("--out", type=Path, default=HERE / "blank.png")
    s = sub.add_parser("scans", help="filled, scanned-looking copies with ground truth")
    s.add_argument("out", type=Path)
    s.add_argument("-n", "--count", type=int, default=20)
    s.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.cmd == "blank":
        render_blank().convert("L").save(args.out, optimize=True)
        print(args.out)
    else:
        for p in make_scans(args.out, args.count, args.seed):
            print(p)


if __name__ == "__main__":
    main()
