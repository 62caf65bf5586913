"""The program's modal message boxes: a question with はい/いいえ, an error, a notice.

Each is a ``Gtk.MessageDialog`` with the window title a clerk sees (確認, 入力エラー, お知らせ) and buttons
with Japanese labels of their own: GTK's stock buttons would follow the PC's locale.
"""

from __future__ import annotations

import gi

gi.require_version("Gtk", "3.0")
from gi.repository import Gtk  # noqa: E402

__all__ = ["ask_yes_no", "show_error", "show_info"]


def _run(
    parent: Gtk.Window, kind: Gtk.MessageType, title: str, message: str, buttons: list[tuple[str, int]]
) -> int:
    """Show one modal dialog and wait for its answer; the last button is the default (Enter)."""
    dialog = Gtk.MessageDialog(transient_for=parent, modal=True, message_type=kind, text=message)
    dialog.set_title(title)
    for label, response in buttons:
        dialog.add_button(label, response)
    dialog.set_default_response(buttons[-1][1])
    try:
        return int(dialog.run())
    finally:
        dialog.destroy()


def ask_yes_no(parent: Gtk.Window, title: str, question: str) -> bool:
    """True when the clerk answers はい (the default button), False for いいえ or closing the box."""
    answer = _run(
        parent,
        Gtk.MessageType.QUESTION,
        title,
        question,
        [("いいえ", Gtk.ResponseType.NO), ("はい", Gtk.ResponseType.YES)],
    )
    return answer == Gtk.ResponseType.YES


def show_error(parent: Gtk.Window, title: str, lines: list[str]) -> None:
    """An error box with one line per problem and an OK button."""
    _run(parent, Gtk.MessageType.ERROR, title, "\n".join(lines), [("OK", Gtk.ResponseType.OK)])


def show_info(parent: Gtk.Window, title: str, message: str) -> None:
    """A notice with an OK button."""
    _run(parent, Gtk.MessageType.INFO, title, message, [("OK", Gtk.ResponseType.OK)])
