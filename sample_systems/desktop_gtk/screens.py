"""The screens: ログイン, メインメニュー, 車両登録, 車両抹消 and 車両照会, each a grid of label and field rows.

Labels are written as the vendor's designers would (「車台番号（必須）：」), not as the database calls the
field. Most point at their field with ``set_mnemonic_widget`` (AT-SPI: LABEL_FOR / LABELLED_BY); the rows
built with ``related=False`` do not (所有者住所, 登録年月日, the read-only result fields), as in programs
whose authors never thought of accessibility.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import gi

gi.require_version("Gtk", "3.0")
from gi.repository import Gtk  # noqa: E402

from sample_systems.desktop import db  # noqa: E402

from .dialogs import ask_yes_no, show_error  # noqa: E402

__all__ = [
    "DeregistrationScreen",
    "LoginScreen",
    "LookupScreen",
    "MenuScreen",
    "RegistrationScreen",
    "Screen",
]


class App(Protocol):
    """What a screen needs of the main window (``app.App``); no import of ``app``, so no cycle."""

    window: Gtk.Window
    db_path: Path
    user: str

    def set_status(self, text: str) -> None: ...

    def login(self, user: str, password: str) -> None: ...

    def after_registration(self) -> None: ...


def entry(max_length: int, width_chars: int = 20) -> Gtk.Entry:
    """A text field that, like many real systems, silently cuts text longer than ``max_length``."""
    return Gtk.Entry(max_length=max_length, width_chars=width_chars, halign=Gtk.Align.START)


def read_only(width_chars: int = 34) -> Gtk.Entry:
    """A field that shows a value the program found; it can be focused and copied, not edited."""
    field = Gtk.Entry(editable=False, width_chars=width_chars, halign=Gtk.Align.START)
    field.get_style_context().add_class("result")
    return field


def combo(values: tuple[str, ...], max_length: int = 20) -> Gtk.ComboBoxText:
    """An editable drop-down, as in old systems where a clerk may type the value (checked on save)."""
    box = Gtk.ComboBoxText.new_with_entry()
    box.set_halign(Gtk.Align.START)
    for value in values:
        box.append_text(value)
    box.get_child().set_max_length(max_length)
    return box


def text_of(field: Gtk.Entry | Gtk.ComboBoxText) -> str:
    """What a field holds now (the typed text of an editable drop-down)."""
    return str((field.get_child() if isinstance(field, Gtk.ComboBoxText) else field).get_text())


def set_text(field: Gtk.Entry | Gtk.ComboBoxText, value: str) -> None:
    (field.get_child() if isinstance(field, Gtk.ComboBoxText) else field).set_text(value)


class Screen(Gtk.Box):
    """A title and a grid of rows; ``first_field`` gets the focus when the screen opens."""

    def __init__(self, app: App, title: str) -> None:
        super().__init__(orientation=Gtk.Orientation.VERTICAL, spacing=16)
        self.set_border_width(24)
        self.app = app
        heading = Gtk.Label(label=title, xalign=0)
        heading.get_style_context().add_class("heading")
        self.pack_start(heading, False, False, 0)
        self.grid = Gtk.Grid(column_spacing=12, row_spacing=12)
        self.pack_start(self.grid, False, False, 0)
        self.rows = 0
        self.first_field: Gtk.Widget | None = None

    def add_row(
        self, text: str, field: Gtk.Widget, *, related: bool = True, after: Gtk.Widget | None = None
    ) -> None:
        """Label, field and an optional widget after the field (a hint or a button) on the next row."""
        label = Gtk.Label(label=text, xalign=1)
        if related:
            label.set_mnemonic_widget(field)
        self.grid.attach(label, 0, self.rows, 1, 1)
        if after is None:
            self.grid.attach(field, 1, self.rows, 1, 1)
        else:
            pair = Gtk.Box(spacing=12)
            pair.pack_start(field, False, False, 0)
            pair.pack_start(after, False, False, 0)
            self.grid.attach(pair, 1, self.rows, 1, 1)
        self.rows += 1
        if self.first_field is None:
            self.first_field = field

    def add_buttons(self, *buttons: tuple[str, Callable[[], None]]) -> None:
        """A row of buttons under the fields, from (label, callback) pairs."""
        row = Gtk.Box(spacing=12)
        for label, callback in buttons:
            button = Gtk.Button(label=label)
            button.connect("clicked", lambda _b, cb=callback: cb())
            row.pack_start(button, False, False, 0)
        self.grid.attach(row, 1, self.rows, 1, 1)
        self.rows += 1

    def error(self, lines: list[str]) -> None:
        show_error(self.app.window, "入力エラー", lines)


class LoginScreen(Screen):
    """ユーザーID and パスワード; Enter in the password field logs in."""

    def __init__(self, app: App) -> None:
        super().__init__(app, "ログイン")
        self.user = entry(20)
        self.password = entry(40)
        self.password.set_visibility(False)
        self.add_row("ユーザーID：", self.user)
        self.add_row("パスワード：", self.password)
        self.add_buttons(("ログイン", self.submit))
        self.password.connect("activate", lambda _e: self.submit())

    def submit(self) -> None:
        self.app.login(self.user.get_text(), self.password.get_text())


class MenuScreen(Screen):
    """What shows after login, until the clerk picks a task from the side menu."""

    def __init__(self, app: App) -> None:
        super().__init__(app, "メインメニュー")
        self.pack_start(Gtk.Label(label="左のメニューから業務を選んでください。", xalign=0), False, False, 0)


class RegistrationScreen(Screen):
    """車両登録: six fields; 登録 checks them, asks for confirmation, saves and clears the form."""

    FIELDS = (  # key, label as printed on the screen, max_length, has a label relation
        ("chassis_no", "車台番号（必須）：", 20, True),
        ("plate_no", "標識番号（必須）：", 20, True),
        ("kind", "車種：", 20, True),
        ("owner_name", "所有者氏名（必須）：", 40, True),
        ("owner_address", "所有者住所：", 100, False),
        ("registered_on", "登録年月日：", 10, False),
    )

    def __init__(self, app: App) -> None:
        super().__init__(app, "車両登録")
        self.widgets: dict[str, Gtk.Entry | Gtk.ComboBoxText] = {}
        for key, label, max_length, related in self.FIELDS:
            field = (
                combo(db.KINDS, max_length)
                if key == "kind"
                else entry(max_length, 34 if key == "owner_address" else 20)
            )
            hint = Gtk.Label(label="(YYYY/MM/DD)", xalign=0) if key == "registered_on" else None
            self.add_row(label, field, related=related, after=hint)
            self.widgets[key] = field
        self.widgets["registered_on"].connect("activate", lambda _e: self.submit())  # Enter in the last field
        self.add_buttons(("登録", self.submit), ("クリア", self.clear))

    def values(self) -> dict[str, str]:
        return {key: text_of(field) for key, field in self.widgets.items()}

    def clear(self) -> None:
        for field in self.widgets.values():
            set_text(field, "")
        self.widgets["chassis_no"].grab_focus()

    def submit(self) -> None:
        self.app.set_status("")
        fields = self.values()
        errors = db.validate_registration(fields)
        if errors:
            self.error(errors)
            return
        question = f"この内容で登録しますか?\n標識番号: {fields['plate_no']}\n所有者: {fields['owner_name']}"
        if not ask_yes_no(self.app.window, "確認", question):
            return
        try:
            receipt = db.register_vehicle(self.app.db_path, fields, self.app.user)
        except ValueError as exc:
            self.error([str(exc)])
            return
        self.clear()
        self.app.set_status(f"登録しました  受付番号 {receipt}")
        self.app.after_registration()


SHOWN = (
    ("chassis_no", "車台番号："),
    ("kind", "車種："),
    ("owner_name", "所有者氏名："),
    ("owner_address", "所有者住所："),
)


class DeregistrationScreen(Screen):
    """車両抹消: search by 標識番号, check what was found, give a reason, 抹消 (with confirmation)."""

    def __init__(self, app: App) -> None:
        super().__init__(app, "車両抹消")
        self.plate = entry(20)
        search = Gtk.Button(label="検索")
        search.connect("clicked", lambda _b: self.search())
        self.add_row("標識番号：", self.plate, after=search)
        self.shown = {key: read_only() for key, _label in SHOWN}
        for key, label in SHOWN:
            self.add_row(label, self.shown[key], related=False)
        self.reason = combo(db.REASONS)
        self.add_row("抹消理由：", self.reason)
        self.add_buttons(("抹消", self.submit))
        self.found: db.Vehicle | None = None

    def show(self, vehicle: db.Vehicle | None) -> None:
        self.found = vehicle
        for key, field in self.shown.items():
            field.set_text(getattr(vehicle, key) if vehicle else "")

    def search(self) -> None:
        self.app.set_status("")
        vehicle = db.find_vehicle(self.app.db_path, self.plate.get_text())
        if vehicle is None or vehicle.status != "registered":
            self.show(None)
            self.error(["登録中の車両が見つかりません。標識番号を確認してください。"])
            return
        self.show(vehicle)
        self.app.set_status("検索しました")

    def submit(self) -> None:
        self.app.set_status("")
        reason = text_of(self.reason)
        if self.found is None or self.found.plate_no != self.plate.get_text().strip():
            self.error(["先に標識番号で検索してください。"])
            return
        if reason not in db.REASONS:
            self.error(["抹消理由は一覧から選んでください。"])
            return
        if not ask_yes_no(self.app.window, "確認", f"{self.found.plate_no} を抹消しますか?"):
            return
        try:
            db.deregister(self.app.db_path, self.found.plate_no, reason)
        except ValueError as exc:
            self.error([str(exc)])
            return
        self.show(None)
        self.plate.set_text("")
        set_text(self.reason, "")
        self.app.set_status("抹消しました")
        self.plate.grab_focus()


class LookupScreen(Screen):
    """車両照会: what the program knows about a plate, with a large 状態 (登録済 / 抹消済 / 該当なし)."""

    def __init__(self, app: App) -> None:
        super().__init__(app, "車両照会")
        self.plate = entry(20)
        lookup = Gtk.Button(label="照会")
        lookup.connect("clicked", lambda _b: self.lookup())
        self.plate.connect("activate", lambda _e: self.lookup())
        self.add_row("標識番号：", self.plate, after=lookup)
        self.state = read_only(10)
        self.state.get_style_context().add_class("state")
        self.add_row("状態：", self.state, related=False)
        self.shown = {key: read_only() for key, _label in (*SHOWN, ("registered_on", ""))}
        for key, label in (*SHOWN, ("registered_on", "登録年月日：")):
            self.add_row(label, self.shown[key], related=False)

    def lookup(self) -> None:
        vehicle = db.find_vehicle(self.app.db_path, self.plate.get_text())
        if vehicle is None:
            self.state.set_text("該当なし")
        else:
            self.state.set_text("登録済" if vehicle.status == "registered" else "抹消済")
        for key, field in self.shown.items():
            field.set_text(getattr(vehicle, key) if vehicle else "")
