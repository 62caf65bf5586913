"""The main window: fixed size and fonts, a login screen, a side menu and the business screens.

It imitates an old client-server program on purpose: absolute layout, modal message boxes,
one window titled 軽自動車税システム whose content changes with the menu. Everything that
image matching depends on (window size, position, fonts, theme) is fixed here.
"""

from __future__ import annotations

import tkinter as tk
import tkinter.font as tkfont
from pathlib import Path
from tkinter import messagebox, ttk

from . import db
from .screens import DeregistrationScreen, LookupScreen, RegistrationScreen, Screen

__all__ = ["TITLE", "App", "pick_font_family"]

TITLE = "軽自動車税システム"
WIDTH, HEIGHT = 800, 560
POSITION = (40, 40)  # away from the screen corners, where PyAutoGUI's fail-safe lives
FONT_FAMILIES = ("IPAexGothic", "Noto Sans CJK JP")  # named explicitly: image matching needs the same glyphs
FONT_PX = 16


def pick_font_family(root: tk.Misc) -> str:
    """The first installed font of FONT_FAMILIES (IPAex from fonts-ipaexfont, else Noto CJK)."""
    families = set(tkfont.families(root))
    for family in FONT_FAMILIES:
        if family in families:
            return family
    raise SystemExit(
        "日本語フォント(IPAexGothic または Noto Sans CJK JP)がありません: apt install fonts-ipaexfont"
    )


class App:
    """The program's single main window."""

    def __init__(self, db_path: Path, *, notice_after: int = 0) -> None:
        self.db_path = db_path
        self.notice_after = notice_after
        self.registered_count = 0
        self.notice_shown = False
        self.user = ""
        self.root = tk.Tk(className="KeiJidoshaZei")
        self.root.title(TITLE)
        self.root.geometry(f"{WIDTH}x{HEIGHT}+{POSITION[0]}+{POSITION[1]}")
        self.root.resizable(False, False)
        self._setup_style()
        self._japanese_dialogs()
        self._bind_windows_keys()
        self.status = tk.StringVar(value="")
        self._build_frame()
        self.current: Screen | tk.Frame | None = None
        self.show_login()

    # -- look and feel ------------------------------------------------------------
    def _setup_style(self) -> None:
        family = pick_font_family(self.root)
        for name in (
            "TkDefaultFont",
            "TkTextFont",
            "TkMenuFont",
            "TkHeadingFont",
            "TkCaptionFont",
            "TkFixedFont",
            "TkTooltipFont",
            "TkSmallCaptionFont",
            "TkIconFont",
        ):
            tkfont.nametofont(name).configure(family=family, size=-FONT_PX, weight="normal", slant="roman")
        self.big_font = tkfont.Font(root=self.root, family=family, size=-22, weight="bold")
        self.root.option_add("*Font", "TkDefaultFont")
        # no hover highlight: a button under the mouse pointer must look the same as elsewhere (image matching)
        self.root.option_add("*Button.activeBackground", "#d9d9d9")
        self.root.option_add("*Button.background", "#d9d9d9")
        style = ttk.Style(self.root)
        style.theme_use("clam")
        self.root.configure(background="#d9d9d9")

    def _japanese_dialogs(self) -> None:
        # Tk ships no Japanese message catalogue: without this, message boxes say Yes/No by the PC's locale
        self.root.tk.call("::msgcat::mclocale", "ja")
        for english, japanese in (
            ("&Yes", "はい(&Y)"),
            ("&No", "いいえ(&N)"),
            ("&OK", "OK"),
            ("&Cancel", "キャンセル"),
            ("&Retry", "再試行(&R)"),
            ("&Abort", "中止(&A)"),
            ("&Ignore", "無視(&I)"),
        ):
            self.root.tk.eval(f"namespace eval ::tk {{::msgcat::mcset ja {{{english}}} {{{japanese}}}}}")

    def _bind_windows_keys(self) -> None:
        # Ctrl+A selects all, as in the Windows programs this imitates (Tk's default moves to line start)
        def select_all(event: tk.Event) -> str:
            widget = event.widget
            widget.select_range(0, "end")  # type: ignore[attr-defined]
            widget.icursor("end")  # type: ignore[attr-defined]
            return "break"

        for cls in ("Entry", "TEntry", "TCombobox"):
            self.root.bind_class(cls, "<Control-a>", select_all)
            self.root.bind_class(cls, "<Control-A>", select_all)

    def _build_frame(self) -> None:
        header = tk.Label(
            self.root, text="軽自動車税 課税台帳管理", bg="#1f3a6e", fg="white", anchor="w", padx=12
        )
        header.place(x=0, y=0, width=WIDTH, height=36)
        self.user_label = tk.Label(self.root, text="", bg="#1f3a6e", fg="white", anchor="e", padx=12)
        self.user_label.place(x=WIDTH - 300, y=0, width=300, height=36)
        self.menu = tk.Frame(self.root, bg="#c4ccd8")
        for i, (label, command) in enumerate(
            (
                ("車両登録", self.show_registration),
                ("車両抹消", self.show_deregistration),
                ("車両照会", self.show_lookup),
                ("終了", self.quit),
            )
        ):
            tk.Button(self.menu, text=label, command=command, takefocus=False).place(
                x=10, y=16 + i * 52, width=130, height=40
            )
        self.content = tk.Frame(self.root, bg="#eef0f4")
        self.content.place(x=150, y=36, width=WIDTH - 150, height=HEIGHT - 36 - 28)
        tk.Label(
            self.root, textvariable=self.status, anchor="w", padx=10, bg="#d9d9d9", relief="sunken"
        ).place(x=0, y=HEIGHT - 28, width=WIDTH, height=28)

    # -- screens -------------------------------------------------------------------
    def _swap(self, screen: Screen | tk.Frame) -> None:
        if self.current is not None:
            self.current.destroy()
        self.current = screen
        screen.place(x=0, y=0, width=WIDTH - 150, height=HEIGHT - 36 - 28)
        self.status.set("")

    def show_login(self) -> None:
        self.menu.place_forget()
        frame = tk.Frame(self.content, bg="#eef0f4")
        box = tk.LabelFrame(frame, text="ログイン", bg="#eef0f4", padx=10, pady=10)
        box.place(x=120, y=110, width=400, height=200)
        tk.Label(box, text="ユーザーID", bg="#eef0f4").place(x=10, y=14)
        user = tk.Entry(box)
        user.place(x=130, y=12, width=220, height=28)
        tk.Label(box, text="パスワード", bg="#eef0f4").place(x=10, y=60)
        password = tk.Entry(box, show="*")
        password.place(x=130, y=58, width=220, height=28)
        tk.Button(box, text="ログイン", command=lambda: self._login(user.get(), password.get())).place(
            x=130, y=106, width=120, height=34
        )
        password.bind("<Return>", lambda _e: self._login(user.get(), password.get()))
        self._swap(frame)
        user.focus_set()

    def _login(self, username: str, password: str) -> None:
        if not db.check_login(self.db_path, username, password):
            messagebox.showerror("ログインエラー", "ユーザーIDまたはパスワードが違います。", parent=self.root)
            return
        self.user = username
        self.user_label.configure(text=f"ログイン中: {username}")
        self.menu.place(x=0, y=36, width=150, height=HEIGHT - 36 - 28)
        frame = tk.Frame(self.content, bg="#eef0f4")
        tk.Label(frame, text="メインメニュー", font=self.big_font, bg="#eef0f4").place(x=30, y=24)
        tk.Label(frame, text="左のメニューから業務を選んでください。", bg="#eef0f4").place(x=30, y=80)
        self._swap(frame)

    def show_registration(self) -> None:
        self._swap(RegistrationScreen(self.content, self))
        if isinstance(self.current, Screen):
            self.current.first_field.focus_set()
        if self.notice_after and self.registered_count == self.notice_after and not self.notice_shown:
            # old systems pop up notices at odd moments: `--notice-after N` shows one on the next screen
            self.notice_shown = True
            self.root.after(100, self._notice)

    def _notice(self) -> None:
        messagebox.showinfo("お知らせ", "本日17時よりシステムメンテナンスを行います。", parent=self.root)

    def show_deregistration(self) -> None:
        self._swap(DeregistrationScreen(self.content, self))
        if isinstance(self.current, Screen):
            self.current.first_field.focus_set()

    def show_lookup(self) -> None:
        self._swap(LookupScreen(self.content, self))
        if isinstance(self.current, Screen):
            self.current.first_field.focus_set()

    def after_registration(self) -> None:
        self.registered_count += 1

    def quit(self) -> None:
        if messagebox.askyesno("終了確認", "システムを終了しますか?", parent=self.root):
            self.root.destroy()

    def run(self) -> None:
        self.root.protocol("WM_DELETE_WINDOW", self.root.destroy)
        self.root.mainloop()
