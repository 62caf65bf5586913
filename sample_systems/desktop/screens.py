"""The business screens: 車両登録, 車両抹消 and 車両照会, laid out at fixed positions."""

from __future__ import annotations

import tkinter as tk
import tkinter.font as tkfont
from pathlib import Path
from tkinter import messagebox, ttk
from typing import Protocol

from . import db


class App(Protocol):
    """What a screen needs of the program's window (``app.App``); no import of ``app``, so no cycle."""

    root: tk.Tk
    status: tk.StringVar
    db_path: Path
    user: str
    big_font: tkfont.Font

    def after_registration(self) -> None: ...

__all__ = ["DeregistrationScreen", "LookupScreen", "RegistrationScreen", "Screen"]

BG = "#eef0f4"
LABEL_X, FIELD_X, ROW_Y, ROW_H = 30, 170, 80, 44


class Screen(tk.Frame):
    """A screen with a title, label/field rows and a first field that gets the focus."""

    first_field: tk.Widget

    def __init__(self, parent: tk.Misc, app: App, title: str) -> None:
        super().__init__(parent, bg=BG)
        self.app = app
        tk.Label(self, text=title, font=app.big_font, bg=BG).place(x=LABEL_X, y=20)

    def row_label(self, row: int, text: str) -> None:
        tk.Label(self, text=text, bg=BG).place(x=LABEL_X, y=ROW_Y + row * ROW_H + 4)

    def entry(self, row: int, width: int = 260) -> tk.Entry:
        widget = tk.Entry(self)
        widget.place(x=FIELD_X, y=ROW_Y + row * ROW_H, width=width, height=30)
        return widget

    def combobox(self, row: int, values: tuple[str, ...], width: int = 260) -> ttk.Combobox:
        # editable, as in old systems where a clerk may type the value: checked against the list on save
        widget = ttk.Combobox(self, values=values)
        widget.place(x=FIELD_X, y=ROW_Y + row * ROW_H, width=width, height=30)
        return widget

    def value_label(self, row: int, width: int = 420) -> tk.StringVar:
        var = tk.StringVar(value="")
        tk.Label(self, textvariable=var, bg="white", anchor="w", relief="sunken", padx=4).place(
            x=FIELD_X, y=ROW_Y + row * ROW_H, width=width, height=30
        )
        return var

    def error(self, lines: list[str]) -> None:
        messagebox.showerror("入力エラー", "\n".join(lines), parent=self.app.root)


class RegistrationScreen(Screen):
    """車両登録: six fields, 登録 asks for confirmation in a modal dialog, then saves."""

    FIELDS = (
        ("chassis_no", "車台番号"),
        ("plate_no", "標識番号"),
        ("kind", "車種"),
        ("owner_name", "所有者氏名"),
        ("owner_address", "所有者住所"),
        ("registered_on", "登録年月日"),
    )

    def __init__(self, parent: tk.Misc, app: App) -> None:
        super().__init__(parent, app, "車両登録")
        self.widgets: dict[str, tk.Entry | ttk.Combobox] = {}
        for i, (key, label) in enumerate(self.FIELDS):
            self.row_label(i, label)
            if key == "kind":
                self.widgets[key] = self.combobox(i, db.KINDS)
            else:
                self.widgets[key] = self.entry(i, width=420 if key == "owner_address" else 260)
        tk.Label(self, text="(YYYY/MM/DD)", bg=BG, fg="#555555").place(
            x=FIELD_X + 270, y=ROW_Y + 5 * ROW_H + 4
        )
        tk.Button(self, text="登録", command=self.submit).place(
            x=FIELD_X, y=ROW_Y + 6 * ROW_H + 12, width=110, height=36
        )
        tk.Button(self, text="クリア", command=self.clear).place(
            x=FIELD_X + 130, y=ROW_Y + 6 * ROW_H + 12, width=110, height=36
        )
        self.first_field = self.widgets["chassis_no"]

    def values(self) -> dict[str, str]:
        return {key: widget.get() for key, widget in self.widgets.items()}

    def clear(self) -> None:
        for widget in self.widgets.values():
            widget.delete(0, "end")
        self.first_field.focus_set()

    def submit(self) -> None:
        self.app.status.set("")
        fields = self.values()
        errors = db.validate_registration(fields)
        if errors:
            self.error(errors)
            return
        question = f"この内容で登録しますか?\n標識番号: {fields['plate_no']}\n所有者: {fields['owner_name']}"
        if not messagebox.askyesno("確認", question, parent=self.app.root):
            return
        try:
            receipt = db.register_vehicle(self.app.db_path, fields, self.app.user)
        except ValueError as exc:
            self.error([str(exc)])
            return
        self.clear()
        self.app.status.set(f"登録しました  受付番号 {receipt}")
        self.app.after_registration()


class DeregistrationScreen(Screen):
    """車両抹消: search by 標識番号, check what was found, give a reason, 抹消 (with confirmation)."""

    def __init__(self, parent: tk.Misc, app: App) -> None:
        super().__init__(parent, app, "車両抹消")
        self.row_label(0, "標識番号")
        self.plate = self.entry(0)
        tk.Button(self, text="検索", command=self.search).place(
            x=FIELD_X + 275, y=ROW_Y - 2, width=90, height=34
        )
        self.shown: dict[str, tk.StringVar] = {}
        for i, (key, label) in enumerate(
            (
                ("chassis_no", "車台番号"),
                ("kind", "車種"),
                ("owner_name", "所有者氏名"),
                ("owner_address", "所有者住所"),
            ),
            1,
        ):
            self.row_label(i, label)
            self.shown[key] = self.value_label(i)
        self.row_label(5, "抹消理由")
        self.reason = self.combobox(5, db.REASONS, width=200)
        tk.Button(self, text="抹消", command=self.submit).place(
            x=FIELD_X, y=ROW_Y + 6 * ROW_H + 12, width=110, height=36
        )
        self.found: db.Vehicle | None = None
        self.first_field = self.plate

    def search(self) -> None:
        self.app.status.set("")
        vehicle = db.find_vehicle(self.app.db_path, self.plate.get())
        if vehicle is None or vehicle.status != "registered":
            self.found = None
            for var in self.shown.values():
                var.set("")
            self.error(["登録中の車両が見つかりません。標識番号を確認してください。"])
            return
        self.found = vehicle
        for key, var in self.shown.items():
            var.set(getattr(vehicle, key))
        self.app.status.set("検索しました")

    def submit(self) -> None:
        self.app.status.set("")
        if self.found is None or self.found.plate_no != self.plate.get().strip():
            self.error(["先に標識番号で検索してください。"])
            return
        if self.reason.get() not in db.REASONS:
            self.error(["抹消理由は一覧から選んでください。"])
            return
        if not messagebox.askyesno("確認", f"{self.found.plate_no} を抹消しますか?", parent=self.app.root):
            return
        try:
            db.deregister(self.app.db_path, self.found.plate_no, self.reason.get())
        except ValueError as exc:
            self.error([str(exc)])
            return
        self.found = None
        self.plate.delete(0, "end")
        self.reason.delete(0, "end")
        for var in self.shown.values():
            var.set("")
        self.app.status.set("抹消しました")
        self.plate.focus_set()


class LookupScreen(Screen):
    """車両照会: what the program knows about a plate, with a large 状態 (登録済 / 抹消済 / 該当なし)."""

    def __init__(self, parent: tk.Misc, app: App) -> None:
        super().__init__(parent, app, "車両照会")
        self.row_label(0, "標識番号")
        self.plate = self.entry(0)
        tk.Button(self, text="照会", command=self.lookup).place(
            x=FIELD_X + 275, y=ROW_Y - 2, width=90, height=34
        )
        self.row_label(1, "状態")
        self.state = tk.StringVar(value="")
        tk.Label(
            self, textvariable=self.state, font=app.big_font, bg="white", anchor="w", relief="sunken", padx=6
        ).place(x=FIELD_X, y=ROW_Y + ROW_H, width=200, height=34)
        self.shown: dict[str, tk.StringVar] = {}
        for i, (key, label) in enumerate(
            (
                ("chassis_no", "車台番号"),
                ("kind", "車種"),
                ("owner_name", "所有者氏名"),
                ("owner_address", "所有者住所"),
                ("registered_on", "登録年月日"),
            ),
            2,
        ):
            self.row_label(i, label)
            self.shown[key] = self.value_label(i)
        self.plate.bind("<Return>", lambda _e: self.lookup())
        self.first_field = self.plate

    def lookup(self) -> None:
        vehicle = db.find_vehicle(self.app.db_path, self.plate.get())
        if vehicle is None:
            self.state.set("該当なし")
            for var in self.shown.values():
                var.set("")
            return
        self.state.set("登録済" if vehicle.status == "registered" else "抹消済")
        for key, var in self.shown.items():
            var.set(getattr(vehicle, key))
