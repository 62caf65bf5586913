"""The catalogue of ``robots`` (entry point ``robosan.messages``: ``robots = "robots.messages:MESSAGES"``)."""

from __future__ import annotations

from robots._a11y2_messages import A11Y2_MESSAGES
from robots._a11y_messages import A11Y_MESSAGES
from robots._blocate_messages import BLOCATE_MESSAGES
from robots._bresil_messages import BRESIL_MESSAGES
from robots._browser_messages import BROWSER_MESSAGES
from robots._desktop_messages import DESKTOP_MESSAGES
from robots._dimg_messages import DIMG_MESSAGES
from robots._dtype_messages import DTYPE_MESSAGES
from robots._gtk_messages import GTK_MESSAGES
from robots._hostile_messages import HOSTILE_MESSAGES

# robosan capture (robots.capture).
_CAPTURE: dict[str, tuple[str, str]] = {
    "capture.bad_region": (
        "--region「{value}」が正しくありません。x,y,幅,高さ の4つの整数で指定してください(例: 120,80,90,30)。",
        "--region '{value}' is not valid: give x,y,width,height as four integers (e.g. 120,80,90,30).",
    ),
    "capture.outside": (
        "範囲 {region} が画面({width}×{height})からはみ出しています。",
        "The region {region} goes outside the screen ({width}×{height}).",
    ),
    "capture.no_window": (
        "画面「{window}」が見つかりません。開いている画面: {titles}",
        "No window '{window}'. Open windows: {titles}",
    ),
    "capture.no_display": ("画面を撮れません: {detail}", "Cannot take a screenshot: {detail}"),
    "capture.saved": ("{file} に保存しました({width}×{height})。", "Saved {file} ({width}×{height})."),
    "capture.not_png": ("保存先は .png にしてください: {file}", "Save as .png: {file}"),
}


MESSAGES: dict[str, tuple[str, str]] = {
    **BROWSER_MESSAGES,
    **DESKTOP_MESSAGES,
    **HOSTILE_MESSAGES,
    **_CAPTURE,
    **A11Y_MESSAGES,
    **DIMG_MESSAGES,
    **GTK_MESSAGES,
    **DTYPE_MESSAGES,
    **BLOCATE_MESSAGES,
    **BRESIL_MESSAGES,
    **A11Y2_MESSAGES,
}
