"""Cut this scenario's reference images from the real sample program (starts Xvfb if there is no display).

python scenarios/vehicle_registration/images/make_images.py
"""

from __future__ import annotations

from pathlib import Path

from sample_systems.desktop.reference_images import run_with_display

NAMES = [
    "ユーザーIDラベル.png",
    "パスワードラベル.png",
    "ログインボタン.png",
    "メインメニュー.png",
    "車両登録メニュー.png",
    "車両照会メニュー.png",
    "車両登録画面.png",
    "車台番号ラベル.png",
    "標識番号ラベル.png",
    "車種ラベル.png",
    "所有者氏名ラベル.png",
    "所有者住所ラベル.png",
    "登録年月日ラベル.png",
    "登録ボタン.png",
    "はいボタン.png",
    "登録完了.png",
    "照会ボタン.png",
    "状態ラベル.png",
]

if __name__ == "__main__":
    for path in run_with_display(Path(__file__).parent, NAMES):
        print(path)
