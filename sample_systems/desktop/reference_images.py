"""Cut the scenarios' reference images from the real program, so they can be made again at any time.

The program is built in this process (same code, fonts and window as ``python -m
sample_systems.desktop``), taken through its screens, and each image is cut at the exact
position Tk reports for the widget (``winfo_rootx``…): no hand-measured coordinates.
Needs a display; ``python -m sample_systems.desktop.reference_images OUT_DIR`` starts a private
Xvfb when DISPLAY is not set.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import tkinter as tk
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["ALL_IMAGES", "make_images"]

# file name -> what to cut (a widget found by its text, or a status-bar text)
ALL_IMAGES: dict[str, tuple[str, str]] = {
    "ユーザーIDラベル.png": ("label", "ユーザーID"),
    "パスワードラベル.png": ("label", "パスワード"),
    "ログインボタン.png": ("button", "ログイン"),
    "メインメニュー.png": ("label", "メインメニュー"),
    "車両登録メニュー.png": ("button", "車両登録"),
    "車両抹消メニュー.png": ("button", "車両抹消"),
    "車両照会メニュー.png": ("button", "車両照会"),
    "車両登録画面.png": ("label", "車両登録"),
    "車台番号ラベル.png": ("label", "車台番号"),
    "標識番号ラベル.png": ("label", "標識番号"),
    "車種ラベル.png": ("label", "車種"),
    "所有者氏名ラベル.png": ("label", "所有者氏名"),
    "所有者住所ラベル.png": ("label", "所有者住所"),
    "登録年月日ラベル.png": ("label", "登録年月日"),
    "登録ボタン.png": ("button", "登録"),
    "はいボタン.png": ("dialog", "yes"),
    "登録完了.png": ("status", "登録しました"),
    "車両抹消画面.png": ("label", "車両抹消"),
    "検索ボタン.png": ("button", "検索"),
    "検索完了.png": ("status", "検索しました"),
    "抹消理由ラベル.png": ("label", "抹消理由"),
    "抹消ボタン.png": ("button", "抹消"),
    "抹消完了.png": ("status", "抹消しました"),
    "車両照会画面.png": ("label", "車両照会"),
    "照会ボタン.png": ("button", "照会"),
    "状態ラベル.png": ("label", "状態"),
}

SAMPLE = {
    "chassis_no": "HA36S-100001",
    "plate_no": "岩手 580 あ 10-01",
    "kind": "軽四輪乗用(自家用)",
    "owner_name": "見本 太郎",
    "owner_address": "岩手県花巻市見本町1-1",
    "registered_on": "2026/04/01",
}


def _find(root: tk.Misc, cls: type, text: str) -> tk.Misc:
    for child in root.winfo_children():
        if isinstance(child, cls) and str(child.cget("text")) == text and child.winfo_viewable():
            return child
        try:
            return _find(child, cls, text)
        except LookupError:
            continue
    raise LookupError(text)


class _Cutter:
    def __init__(self, out_dir: Path, wanted: set[str]) -> None:
        from .app import App

        self.out_dir = out_dir
        self.wanted = wanted
        self.made: list[Path] = []
        self.tmp = Path(tempfile.mkdtemp(prefix="robosan-refimg-"))
        from . import db

        db.init_db(self.tmp / "app.db")
        self.app = App(self.tmp / "app.db")
        self.root = self.app.root

    def settle(self) -> None:
        for _ in range(3):
            self.root.update()
            time.sleep(0.05)

    def cut_box(self, name: str, box: tuple[int, int, int, int]) -> None:
        from PIL import ImageGrab

        if name not in self.wanted:
            return
        x, y, w, h = box
        path = self.out_dir / name
        ImageGrab.grab(bbox=(x, y, x + w, y + h)).save(path)
        self.made.append(path)

    def cut_widget(self, name: str, widget: tk.Misc) -> None:
        self.cut_box(
            name, (widget.winfo_rootx(), widget.winfo_rooty(), widget.winfo_width(), widget.winfo_height())
        )

    def cut_all(self, kinds: Iterable[str]) -> None:
        """Cut every wanted label/button visible now."""
        self.settle()
        for name, (kind, text) in ALL_IMAGES.items():
            if kind not in kinds or name not in self.wanted or any(p.name == name for p in self.made):
                continue
            try:
                self.cut_widget(name, _find(self.root, tk.Label if kind == "label" else tk.Button, text))
            except LookupError:
                continue

    def cut_status(self, text: str) -> None:
        name = next(n for n, (k, t) in ALL_IMAGES.items() if k == "status" and t == text)
        self.settle()
        label = next(
            w
            for w in self.root.winfo_children()
            if isinstance(w, tk.Label) and str(w.cget("textvariable")) == str(self.app.status)
        )
        font = tk.font.nametofont("TkDefaultFont")
        width = 10 + font.measure(text) + 4  # padx 10, then just the words: the receipt number varies
        self.cut_box(name, (label.winfo_rootx(), label.winfo_rooty() + 2, width, label.winfo_height() - 4))

    def answer_dialog(self, action: Callable[[], None]) -> None:
        """Run ``action`` (it opens a yes/no box), cut its はい button, then press it."""

        def inside() -> None:
            self.settle()
            yes = ".__tk__messagebox.yes"  # a Tcl-only widget: asked through Tcl
            info = [
                int(self.root.tk.call("winfo", what, yes)) for what in ("rootx", "rooty", "width", "height")
            ]
            self.cut_box("はいボタン.png", (info[0], info[1], info[2], info[3]))
            self.root.tk.call(yes, "invoke")

        self.root.after(400, inside)
        action()

    def run(self) -> list[Path]:
        import tkinter.font  # noqa: F401  (tk.font in cut_status)

        app = self.app
        self.root.event_generate("<Motion>", warp=True, x=5, y=5)  # the pointer away from every button
        self.cut_all({"label", "button"})
        app._login("kanri01", "Kei-2026")
        self.cut_all({"label", "button"})
        app.show_registration()
        self.cut_all({"label", "button"})
        screen = app.current
        for key, value in SAMPLE.items():
            screen.widgets[key].insert(0, value)  # type: ignore[union-attr]
        self.answer_dialog(screen.submit)  # type: ignore[union-attr]
        self.cut_status("登録しました")
        app.show_deregistration()
        self.cut_all({"label", "button"})
        dereg = app.current
        dereg.plate.insert(0, SAMPLE["plate_no"])  # type: ignore[union-attr]
        dereg.search()  # type: ignore[union-attr]
        self.cut_status("検索しました")
        dereg.reason.insert(0, "廃車")  # type: ignore[union-attr]
        self.answer_dialog(dereg.submit)  # type: ignore[union-attr]
        self.cut_status("抹消しました")
        app.show_lookup()
        self.cut_all({"label", "button"})
        self.root.destroy()
        shutil.rmtree(self.tmp, ignore_errors=True)
        return self.made


def make_images(out_dir: Path, names: Iterable[str] | None = None) -> list[Path]:
    """Cut the named reference images (default: all) into ``out_dir``; return the files written."""
    wanted = set(names) if names is not None else set(ALL_IMAGES)
    unknown = wanted - set(ALL_IMAGES)
    if unknown:
        raise ValueError(f"unknown reference images: {sorted(unknown)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    made = _Cutter(out_dir, wanted).run()
    missing = wanted - {p.name for p in made}
    if missing:
        raise RuntimeError(f"could not cut: {sorted(missing)}")
    return made


def run_with_display(out_dir: Path, names: Iterable[str] | None = None) -> list[Path]:
    """As make_images, starting a private Xvfb (1280x800x24, as the tests use) when there is no DISPLAY."""
    if os.environ.get("DISPLAY"):
        return make_images(out_dir, names)
    from sample_systems.display import virtual_display

    with virtual_display(90 + os.getpid() % 9):
        return make_images(out_dir, names)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    for made_path in run_with_display(target, sys.argv[2:] or None):
        print(made_path)
