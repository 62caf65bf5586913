"""Messages for scans refused before they are decoded (data of :mod:`ocr.messages`)."""

from __future__ import annotations

HOSTILE_MESSAGES: dict[str, tuple[str, str]] = {
    "ocr.file.too_many_pixels": (
        "{file} は {width}×{height} 画素あり、1ページの上限 {limit} 画素を超えるため読みません。",
        "{file} is {width}×{height} pixels, over the limit of {limit} pixels a page, so it is not read.",
    ),
    "ocr.file.too_many_pixels.hint": (
        "帳票は 200〜300 dpi で読み取れば十分です(A3・600 dpi でも約7,000万画素)。解像度を下げてスキャンし直してください。",
        "Forms read well at 200–300 dpi (even A3 at 600 dpi is about 70 million pixels). Scan it again at a "
        "lower resolution.",
    ),
}
