"""The arguments the desktop actions share, declared once: where on screen a step acts.

An action names them with these types (``anchor: Anchor = None``, ``offset: Offset = NO_OFFSET``,
``confidence: Confidence = CONFIDENCE``); the name, the type and the text of the reference live
here only, and the scenario language is unchanged (``desktop.type: {text: …, anchor: images/氏名.png,
offset: [180, 0]}``). The ``timeout`` every waiting action takes is ``rpa_core.api.Timeout``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from rpa_core.api import ExistingPath

__all__ = ["CONFIDENCE", "NO_OFFSET", "Anchor", "At", "Confidence", "Image", "Offset", "RequiredAnchor", "Window"]

CONFIDENCE = 0.9  # how closely a reference image must match, unless a step says otherwise
NO_OFFSET = (0, 0)

_ANCHOR = (
    "目印の画像(PNG)。その中心から offset ずらした所が対象 /"
    " an anchor image (PNG); the step acts offset pixels from its centre"
)

Image = Annotated[ExistingPath, Field(description="画面で探す見本の画像(PNG)/ the reference image (PNG) to find on screen")]
Anchor = Annotated[ExistingPath | None, Field(description=_ANCHOR)]
RequiredAnchor = Annotated[ExistingPath, Field(description=_ANCHOR)]
Offset = Annotated[
    tuple[int, int],
    Field(description="画像の中心からずらすピクセル数 [横, 縦] / pixels [x, y] from the image's centre"),
]
# ``at:`` is the last resort (issue 14): for a window whose layout never changes and that has nothing
# distinctive to cut as an image (a blank area, a field without a label). It counts from the window's
# top-left corner, so it survives the window moving, but not the window changing size or layout.
At = Annotated[
    tuple[int, int] | None,
    Field(
        description="画面(ウィンドウ)の左上からのピクセル数 [横, 縦]。目印の画像にできる物がない、配置の変わらない画面でだけ使う"
        "(画面の大きさが変わると違う所を押す)/ pixels [x, y] from the window's top-left corner; only for a window"
        " whose layout never changes and that has nothing to cut as an image (it misses when the window's size changes)"
    ),
]
Window = Annotated[
    str | None,
    Field(
        description="探す画面(ウィンドウ)のタイトル。省略時は起動したプログラムの画面 /"
        " the title of the window to work in; default: the launched program's main window"
    ),
]
Confidence = Annotated[
    float, Field(description="画像がどれだけ似ていればよいか(0〜1)/ how closely the image must match (0 to 1)")
]
