"""The main window: a header, a side menu (after login), the current screen and a status line.

One window titled 軽自動車税システム whose content changes with the menu, as in the Tk program. The menu
buttons also answer to function keys (F2 車両登録, F3 車両抹消, F4 車両照会), as Japanese business systems
often do; the keys work only while the menu is shown, that is after login.
"""

from __future__ import annotations

from pathlib import Path

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402

from sample_systems.desktop import db  # noqa: E402

from . import TITLE  # noqa: E402
from .dialogs import ask_yes_no, show_error, show_info  # noqa: E402
from .screens import (  # noqa: E402
    DeregistrationScreen,
    LoginScreen,
    LookupScreen,
    MenuScreen,
    RegistrationScreen,
    Screen,
)

__all__ = ["App"]

WIDTH, HEIGHT = 800, 560
POSITION = (40, 40)  # away from the screen corners, where PyAutoGUI's fail-safe lives
CSS = b"""
* { font-family: "IPAexGothic", "Noto Sans CJK JP"; font-size: 16px; }
.heading { font-size: 22px; font-weight: bold; }
.header { background-color: #1f3a6e; color: white; padding: 8px 12px; }
.menu { background-color: #c4ccd8; padding: 12px; }
.state { font-size: 22px; font-weight: bold; }
.status { border-top: 1px solid #999999; padding: 4px 10px; }
"""


class App:
    """The program's single main window."""

    def __init__(self, db_path: Path, *, notice_after: int = 0) -> None:
        self.db_path = db_path
        self.notice_after = notice_after
        self.registered_count = 0
        self.notice_shown = False
        self.user = ""
        GLib.set_prgname("keijidoshazei")  # the name accessibility tools list the program under
        self.window = Gtk.Window(title=TITLE)
        self.window.set_size_request(WIDTH, HEIGHT)
        self.window.set_resizable(False)
        self.window.move(*POSITION)
        self.window.connect("destroy", lambda _w: Gtk.main_quit())
        self._style()
        self.accelerators = Gtk.AccelGroup()
        self.window.add_accel_group(self.accelerators)
        outer = Gtk.Box(orientation=Gtk.Orientation.VERTICAL)
        outer.pack_start(self._header(), False, False, 0)
        body = Gtk.Box()
        self.menu = self._menu()
        body.pack_start(self.menu, False, False, 0)
        self.content = Gtk.Box()
        body.pack_start(self.content, True, True, 0)
        outer.pack_start(body, True, True, 0)
        self.status = Gtk.Label(xalign=0)
        self.status.get_style_context().add_class("status")
        outer.pack_end(self.status, False, False, 0)
        self.window.add(outer)
        self.current: Screen | None = None
        self.window.show_all()
        self.menu.hide()
        self._swap(LoginScreen(self))

    def _style(self) -> None:
        provider = Gtk.CssProvider()
        provider.load_from_data(CSS)
        Gtk.StyleContext.add_provider_for_screen(
            Gdk.Screen.get_default(), provider, Gtk.STYLE_PROVIDER_PRIORITY_APPLICATION
        )

    def _header(self) -> Gtk.Box:
        header = Gtk.Box()
        header.get_style_context().add_class("header")
        header.pack_start(Gtk.Label(label="軽自動車税 課税台帳管理", xalign=0), True, True, 0)
        self.user_label = Gtk.Label(label="", xalign=1)
        header.pack_end(self.user_label, False, False, 0)
        return header

    def _menu(self) -> Gtk.Box:
        menu = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=12)
        menu.get_style_context().add_class("menu")
        for label, key, command in (
            ("車両登録", Gdk.KEY_F2, lambda: self._swap(RegistrationScreen(self), notice=True)),
            ("車両抹消", Gdk.KEY_F3, lambda: self._swap(DeregistrationScreen(self))),
            ("車両照会", Gdk.KEY_F4, lambda: self._swap(LookupScreen(self))),
            ("終了", None, self.quit),
        ):
            button = Gtk.Button(label=label, focus_on_click=False)
            button.set_size_request(130, 40)
            button.connect("clicked", lambda _b, cmd=command: cmd())
            if key is not None:
                button.add_accelerator("clicked", self.accelerators, key, 0, Gtk.AccelFlags.VISIBLE)
                button.set_tooltip_text(Gtk.accelerator_get_label(key, 0))
            menu.pack_start(button, False, False, 0)
        return menu

    def _swap(self, screen: Screen, *, notice: bool = False) -> None:
        if self.current is not None:
            self.current.destroy()
        self.current = screen
        self.content.pack_start(screen, True, True, 0)
        screen.show_all()
        self.set_status("")
        if screen.first_field is not None:
            screen.first_field.grab_focus()
        if (
            notice
            and self.notice_after
            and self.registered_count == self.notice_after
            and not self.notice_shown
        ):
            # old systems pop up notices at odd moments: `--notice-after N` shows one on the next screen
            self.notice_shown = True
            GLib.timeout_add(100, self._notice)

    def _notice(self) -> bool:
        show_info(self.window, "お知らせ", "本日17時よりシステムメンテナンスを行います。")
        return False  # once

    def set_status(self, text: str) -> None:
        self.status.set_text(text)

    def login(self, user: str, password: str) -> None:
        if not db.check_login(self.db_path, user, password):
            show_error(self.window, "ログインエラー", ["ユーザーIDまたはパスワードが違います。"])
            return
        self.user = user
        self.user_label.set_text(f"ログイン中: {user}")
        self.menu.show_all()
        self._swap(MenuScreen(self))

    def after_registration(self) -> None:
        self.registered_count += 1

    def quit(self) -> None:
        if ask_yes_no(self.window, "終了確認", "システムを終了しますか?"):
            self.window.destroy()

    def run(self) -> None:
        Gtk.main()
