"""Messages of proven typing (issue 14): a field that cannot be read back, emptied, or was typed unchecked."""

from __future__ import annotations

DTYPE_MESSAGES: dict[str, tuple[str, str]] = {
    "desktop.readback_failed": (
        "入力した値を読み戻せませんでした({timeout}秒待っても、入力欄からコピーが返りませんでした)。"
        "正しく入ったか確かめられないため、この手順は失敗とします。",
        "The value typed could not be read back (no copy came from the field within {timeout} s). "
        "Whether it went in correctly is unknown, so this step fails.",
    ),
    "desktop.readback_failed.hint": (
        "目印の画像と offset が入力欄を指しているか(クリックで欄にカーソルが入るか)を確かめてください。"
        "コピーを禁止している欄なら、その手順に check: false を付けてください(確認しなかったことが毎回記録されます)。",
        "Check that the anchor image and offset point at the field (a click puts the caret in it). "
        "If the field forbids copying, add check: false to the step (every unchecked use is logged).",
    ),
    "desktop.not_cleared": (
        "入力欄を空にできませんでした(2回消しても「{left}」が残っています)。何も入力していません。",
        "The field could not be emptied (after two tries it still holds '{left}'). Nothing was typed.",
    ),
    "desktop.not_cleared.hint": (
        "その欄が Ctrl+A(すべて選択)と Delete で消せるか、入力できる状態か(読み取り専用でないか)を確かめてください。",
        "Check that Ctrl+A (select all) and Delete empty the field, and that it is not read-only.",
    ),
    "desktop.unchecked": (
        "check: false のため、入力した値を読み戻して確かめていません(確認なしの入力)。",
        "check: false: the value typed was not read back (typed without a check).",
    ),
}
