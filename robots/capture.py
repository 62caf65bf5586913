"""``robosan capture OUT.png [--region x,y,w,h] [--window TITLE]``: cut a reference image from the screen.

``robosan capture --labels [--window TITLE]`` cuts nothing: it lists what ``desktop.fill: {label: …}`` and
``desktop.click: {button: …}`` can name in the window (or every window), in reading order.

Without ``--region`` the whole screen (or the window) is saved, for the clerk to open in Paint
and read the coordinates of what to cut; with it, just that part. With ``--window`` the region
counts from the window's top-left corner, so it stays right wherever the window is.

Each cut is written down in ``capture.yaml`` beside the image: the window it was cut from (the one
named, or the one around the region) and its size. Capture warns when that folder's images were cut
while the same window had another size, and when an image is most of its window (issue 14): both
are why an image is later "not found".
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from rpa_core.api import InputError, display_path, text

__all__ = ["capture", "parse_region"]

LARGE_PERCENT = 50  # an image this much of its window breaks as soon as the window's size changes

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
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("--region", default=None, help="x,y,幅,高さ (--window があればその左上から)")
@click.option("--window", default=None, help="画面のタイトル / window title")
@click.option(
    "--labels",
    is_flag=True,
    help="画像は切らず、画面のラベル・入力欄・ボタンの名前を一覧する / list the window's labels, fields and buttons",
)
def capture(out: Path | None, region: str | None, window: str | None, labels: bool) -> None:
    if labels:
        _list_labels(window)
        return
    if out is None:
        raise InputError("capture.need_out")
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
        listed = window_system().list()
        win = _named_window(listed, window) if window else None
        origin = (win.x, win.y) if win else (0, 0)
        if win is not None and box is None:
            box = (0, 0, win.width, win.height)
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
    around = win or (_window_around(listed, box) if box else None)
    if around is not None and box is not None:
        _note_window(out, around, box)
    sys.stdout.flush()


def _list_labels(window: str | None) -> None:
    """Print the labels, fields and buttons of ``window`` (else of every window) as a clerk names them."""
    from robots._a11y import A11yUnavailable
    from robots._desktop_a11y_actions import list_window_labels, open_backend
    from robots._desktop_session import _import_pyautogui
    from robots._desktop_windows import window_system

    try:
        _import_pyautogui()  # same display set-up as a run (Xauthority)
        screen = [w for w in window_system().list() if window and (w.title == window or window in w.title)]
        backend = open_backend()
    except A11yUnavailable as exc:
        raise InputError(exc.key, detail=exc.detail or "-") from None
    except Exception as exc:
        raise InputError("capture.no_display", detail=str(exc) or type(exc).__name__) from None
    try:
        lines = list_window_labels(backend, window, screen)
    finally:
        backend.close()
    if not lines:
        raise InputError("a11y2.no_windows", window=window or "-")
    for line in lines:
        click.echo(line)


def _named_window(listed: list[Any], window: str) -> Any:
    """The window titled ``window`` (or whose title contains it); the open windows' titles if none."""
    wins = [w for w in listed if w.title == window or window in w.title]
    if not wins:
        titles = "、".join(sorted({w.title for w in listed})) or "-"
        raise InputError("capture.no_window", window=window, titles=titles)
    return wins[-1]


def _window_around(listed: list[Any], box: tuple[int, int, int, int]) -> Any:
    """The smallest window that holds the whole region (None if none does): a dialog before the window under
    it, a program before the desktop (Windows lists it as a window the size of the screen), whatever order
    the platform lists windows in."""
    x, y, w, h = box
    inside = [v for v in listed if v.x <= x and v.y <= y and x + w <= v.x + v.width and y + h <= v.y + v.height]
    return min(inside, key=lambda v: v.width * v.height, default=None)


def _note_window(out: Path, win: Any, box: tuple[int, int, int, int]) -> None:
    """Record the window's size for this image; warn about other sizes in the folder, and about large cuts."""
    from robots._desktop_scale_record import CutRecord, now_text, other_sizes, write_record
    from rpa_core.api import render

    size = (win.width, win.height)
    record = CutRecord(win.title, size, (box[0] - win.x, box[1] - win.y, box[2], box[3]), now_text())
    try:
        path = write_record(out, record)
    except OSError:  # a folder the clerk may not write a second file in: the image itself is saved
        return
    click.echo(text("capture.recorded", window=win.title, size=_size(size), file=display_path(path)))
    for old, names in sorted(other_sizes(out.parent, record, skip=out.name).items()):
        note = text("capture.size_differs", names="、".join(names), window=win.title, old=_size(old), now=_size(size))
        click.echo(render(note, text("capture.size_differs.hint")))
    percent = round(100 * box[2] * box[3] / max(1, size[0] * size[1]))
    if percent >= LARGE_PERCENT:
        click.echo(text("capture.large_image", window=win.title, percent=percent))


def _size(size: tuple[int, int]) -> str:
    return f"{size[0]}×{size[1]}"
