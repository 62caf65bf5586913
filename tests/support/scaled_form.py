"""A tiny Tk program whose picture follows its window's size, for the reference-image tests (issue 14).

``python tests/support/scaled_form.py 277x244 CLICKS.txt [--twice]``: a 住民登録 form drawn at
277×244 and stretched to the window, as a remote-desktop window that fits its picture to the window
does, or a program at another display scaling. Each click is appended to CLICKS.txt as the name of
what was under it (``登録``, ``取消``, ``-``), measured in the drawing's own coordinates, so a test
knows whether the robot clicked the right place. ``--twice`` draws a second 登録 button (a tie);
``--other`` writes 携帯 where 電話 was (a look-alike that must not be taken for it).
Only for tests: it imports no robosan code.
"""

from __future__ import annotations

import base64
import io
import sys
import tkinter as tk
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

TITLE = "住民登録(縮尺)"
DESIGN = (277, 244)
FONTS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf")
BUTTONS = {"登録": (120, 196, 70, 32), "取消": (198, 196, 70, 32)}
SECOND = {"登録": (12, 196, 70, 32)}


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def design(twice: bool, other: bool = False) -> tuple[Image.Image, dict[str, tuple[int, int, int, int]]]:
    """The form at its design size, and where its buttons are (``other``: 携帯 where 電話 was)."""
    img = Image.new("RGB", DESIGN, (240, 240, 236))
    draw = ImageDraw.Draw(img)
    font = _font(15)
    draw.text((12, 10), "住民登録", fill=(20, 20, 20), font=_font(18))
    for row, label in enumerate(("氏名", "住所", "携帯" if other else "電話")):
        y = 50 + row * 44
        draw.text((14, y + 6), label, fill=(20, 20, 20), font=font)
        draw.rectangle((70, y, 262, y + 30), fill="white", outline=(120, 120, 120))
    buttons = dict(BUTTONS) | ({"登録2": SECOND["登録"]} if twice else {})
    for name, (x, y, w, h) in buttons.items():
        draw.rounded_rectangle((x, y, x + w, y + h), radius=5, fill=(225, 228, 235), outline=(90, 90, 110))
        draw.text((x + 19, y + 5), name[:2], fill=(10, 10, 60), font=font)
    return img, buttons


class Form:
    def __init__(self, size: str, clicks: Path, twice: bool, other: bool) -> None:
        self.picture, self.buttons = design(twice, other)
        self.clicks = clicks
        self.root = tk.Tk()
        self.root.title(TITLE)
        self.root.geometry(f"{size}+60+60")
        self.label = tk.Label(self.root, borderwidth=0, highlightthickness=0)
        self.label.pack(fill="both", expand=True)
        self.label.bind("<Configure>", self.redraw)
        self.label.bind("<Button-1>", self.clicked)
        self.shown: tk.PhotoImage | None = None

    def redraw(self, event: tk.Event) -> None:  # type: ignore[type-arg]
        stretched = self.picture.resize((max(1, event.width), max(1, event.height)), Image.Resampling.BILINEAR)
        data = io.BytesIO()
        stretched.save(data, "PNG")
        self.shown = tk.PhotoImage(data=base64.b64encode(data.getvalue()))
        self.label.configure(image=self.shown)

    def clicked(self, event: tk.Event) -> None:  # type: ignore[type-arg]
        x = event.x * DESIGN[0] / self.label.winfo_width()
        y = event.y * DESIGN[1] / self.label.winfo_height()
        hit = [n for n, (bx, by, w, h) in self.buttons.items() if bx <= x <= bx + w and by <= y <= by + h]
        with self.clicks.open("a", encoding="utf-8") as f:
            f.write((hit[0] if hit else "-") + "\n")


if __name__ == "__main__":
    Form(sys.argv[1], Path(sys.argv[2]), "--twice" in sys.argv, "--other" in sys.argv).root.mainloop()
