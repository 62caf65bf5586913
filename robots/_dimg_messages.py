"""Messages of issue 14's reference-image work: size changes, two matching places, capture's notes.

Data of :mod:`robots.messages` (kept apart so that the issue's parts merge without conflicts).
"""

from __future__ import annotations

DIMG_MESSAGES: dict[str, tuple[str, str]] = {
    "desktop.image_not_found_resized": (
        "画像 {image} が画面「{window}」に {seconds} 秒待っても見つかりません(一番近い場所の一致度 {best}、"
        "必要 {confidence}。大きさを 0.9〜1.1 倍に変えても探しました)。"
        "この画像は {cut} の画面で切り出されました。今の画面は {now} です。",
        "The image {image} was not found in the window '{window}' (waited {seconds} s; best match {best}, "
        "needed {confidence}; also searched at 0.9 to 1.1 times its size). "
        "This image was cut on a window of {cut}; the window is now {now}.",
    ),
    "desktop.image_not_found_resized.hint": (
        "画面を切り出したときと同じ大きさにするか、今の画面で robosan capture を使って画像を切り出し直してください。"
        "画面全体ではなく、ボタンや項目名だけの小さな画像にすると、画面の大きさが変わっても見つかります。"
        "スクリーンショット: {shot}",
        "Give the window the size it had when the image was cut, or cut the image again on the window as it is now "
        "with robosan capture. A small image of just a button or a field's name is found even when the window's "
        "size changes; an image of the whole window is not. Screenshot: {shot}",
    ),
    "desktop.image_ambiguous": (
        "画像 {image} が画面「{window}」の2か所に見つかり、どちらか決められません"
        "(画面の左上から {first} の一致度 {score1}、{second} の一致度 {score2})。",
        "The image {image} matches in two places in the window '{window}' and robosan cannot choose "
        "({first} from the window's top-left corner scores {score1}; {second} scores {score2}).",
    ),
    "desktop.image_ambiguous.hint": (
        "隣の項目名や枠も含めて、その場所にしかない形に切り出し直してください(robosan capture)。"
        "別の画面にある同じ形なら window: で探す画面を決めてください。",
        "Cut the image again with something only that place has, such as the field's name or frame beside it "
        "(robosan capture). If the other one is in another window, name the window to search with window:.",
    ),
    "capture.recorded": (
        "画面「{window}」の大きさ {size} を {file} に記録しました。",
        "Recorded the size {size} of the window '{window}' in {file}.",
    ),
    "capture.size_differs": (
        "注意: このフォルダーの {names} は、画面「{window}」が {old} のときに切り出されました。今は {now} です。"
        "画面の大きさが違うと、画像が見つからないことがあります。",
        "Note: {names} in this folder were cut when the window '{window}' was {old}; it is now {now}. "
        "Images may not be found when the window's size differs.",
    ),
    "capture.size_differs.hint": (
        "プログラムの画面をいつも同じ大きさで開くようにし、画像はその大きさで切り出してください。",
        "Open the program's window at the same size each time, and cut the images at that size.",
    ),
    "capture.large_image": (
        "注意: この画像は画面「{window}」の大きな部分({percent}%)です。参照画像に使うと、"
        "画面の大きさが少し変わるだけで見つからなくなります。参照画像には、ボタンや項目名だけを小さく切り出してください。",
        "Note: this image is a large part ({percent}%) of the window '{window}'. As a reference image it stops "
        "being found when the window's size changes a little: for reference images, cut just a button or a "
        "field's name.",
    ),
}
