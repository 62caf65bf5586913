"""Cut this scenario's reference images from the real sample program (starts Xvfb if there is no display).

python scenarios/vehicle_deregistration/images/make_images.py
"""

from __future__ import annotations

from pathlib import Path

from sample_systems.desktop.reference_images import run_with_display

NAMES = [
    "ユーザーIDラベル.png",
    "パスワードラベル.png",
    "ログインボタン.png",
    "メインメニュー.png",
    "車両抹消メニュー.png",
    "車両照会メニュー.png",
    "車両抹消画面.png",
    "標識番号ラベル.png",
    "検索ボタン.png",
    "検索完了.png",
    "抹消理由ラベル.png",
    "抹消ボタン.png",
    "はいボタン.png",
    "抹消完了.png",
    "照会ボタン.png",
    "状態ラベル.png",
]

if __name__ == "__main__":
    for path in run_with_display(Path(__file__).parent, NAMES):
        print(path)
