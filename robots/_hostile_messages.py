"""Messages for reference images refused before they are decoded (data of :mod:`robots.messages`)."""

from __future__ import annotations

HOSTILE_MESSAGES: dict[str, tuple[str, str]] = {
    "desktop.image_too_large": (
        "参照画像 {image} は {width}×{height} 画素あり、上限 {limit} 画素(画面より大きい)を超えるため使いません。",
        "The reference image {image} is {width}×{height} pixels, over the limit of {limit} (larger than any "
        "screen), so it is not used.",
    ),
    "desktop.image_too_large.hint": (
        "探したいボタンや欄だけを robosan capture で切り出して保存し直してください。",
        "Cut out just the button or field to find with robosan capture and save it again.",
    ),
}
