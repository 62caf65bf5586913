"""``robosan capture OUT.png [--region x,y,w,h] [--window TITLE]``: cut a reference image from the screen.

Without ``--region`` the whole screen (or the window) is saved, for the clerk to open in Paint
and read the coordinates of what to cut; with it, just that part. With ``--window`` the region
counts from the window's top-left corner, so it stays right wherever the window is.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from rpa_core.api import InputError, display_path, text

__all__ = ["capture", "parse_region"]

def parse_region(value: str) -> tuple[int, int, int, int]:
    """``"x,y,w,h"`` (spaces and full-width digits/commas allowed) → four ints, width and height > 0."""
    import unicodedata

    parts = [p.strip() for p in unicodedata.normalize("NFKC", value).split(",")]
    try:
        x, y, w, h = (int(p) for p in parts)
    except ValueError:
        raise InputError("capture.bad_region", value=value) from None
    if w <= 0 or h <= 0 or x < 0 or y < 0:
        raise InputError("capture.bad_region", value=value)
    return (x, y, w, h)


@click.command("capture", help="参照画像を画面から切り出す / cut a reference image from the screen")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--region", default=None, help="x,y,幅,高さ (--window があればその左上から)")
@click.option("--window", default=None, help="画面のタイトル / window title")
def capture(out: Path, region: str | None, window: str | None) -> None:
    if out.suffix.lower() != ".png":
        raise InputError("capture.not_png", file=str(out))
    box = parse_region(region) if region else None
    try:
        from robots._desktop_ops import _screen_rect
        from robots._desktop_screen import grab
        from robots._desktop_session import _import_pyautogui
        from robots._desktop_windows import window_system

        _import_pyautogui()  # same display set-up as a run (Xauthority, no gnome-screenshot)
        screen = _screen_rect()
        origin = (0, 0)
        if window:
            wins = [w for w in window_system().list() if w.title == window or window in w.title]
            if not wins:
                titles = "、".join(sorted({w.title for w in window_system().list()})) or "-"
                raise InputError("capture.no_window", window=window, titles=titles)
            origin = (wins[-1].x, wins[-1].y)
            if box is None:
                box = (0, 0, wins[-1].width, wins[-1].height)
    except InputError:
        raise
    except Exception as exc:
        raise InputError("capture.no_display", detail=str(exc) or type(exc).__name__) from None
    if box is not None:
        box = (box[0] + origin[0], box[1] + origin[1], box[2], box[3])
        if box[0] + box[2] > screen[2] or box[1] + box[3] > screen[3]:
            raise InputError(
                "capture.outside", region=",".join(map(str, box)), width=screen[2], height=screen[3]
            )
    image = grab(box)
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out)
    click.echo(text("capture.saved", file=display_path(out), width=image.width, height=image.height))
    sys.stdout.flush()
