"""Desktop fields by accessible name: one interface, a backend per platform.

A program that exposes its controls to screen readers (GTK and Qt on Linux through AT-SPI, most
Windows programs through UI Automation) can be driven by what a clerk reads on screen: the label
「氏名」, the button 「OK」, the window 「受付入力」. Images stay for programs that expose nothing.

The backend (:class:`A11yBackend`) only lists and acts; everything a clerk's words decide (which
window, which field belongs to a label, decorations such as 「：」 or 「（必須）」, two candidates)
is decided once, here and in :mod:`robots._a11y_find`, for both backends:

- Linux: :class:`robots._a11y_atspi.AtspiBackend` (AT-SPI over D-Bus with jeepney).
- Windows: ``robots._a11y_uia.UIABackend`` (UI Automation).

:func:`robots._desktop_a11y_actions.open_backend` picks one by platform and imports it lazily
(kept out of this module so that the backends, which import it, form no import cycle).

An :class:`Element` is a snapshot: backends cache nothing across steps, because a form that was
closed and reopened between two steps has new elements. Every backend call is bounded in time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = [
    "BUTTON",
    "CHECK",
    "CHECKED",
    "EDITABLE",
    "ENABLED",
    "ENTRY",
    "FOCUSED",
    "LABEL",
    "OTHER",
    "PASSWORD",
    "SHOWING",
    "WINDOW",
    "A11yBackend",
    "A11yUnavailable",
    "Element",
    "label_key",
    "title_key",
]

# The roles the finding logic knows; a backend maps its own role names onto these.
WINDOW = "window"  # a top-level frame or dialog
ENTRY = "entry"  # a one-line or multi-line text field
PASSWORD = "password"  # a text field that shows ●●●
LABEL = "label"  # static text
BUTTON = "button"  # a push button
CHECK = "check"  # a check box, toggle button or radio button
OTHER = "other"  # anything else (panels, fillers, menus…)

# States an element may have (the names both backends use).
FOCUSED, ENABLED, SHOWING, EDITABLE, CHECKED = "focused", "enabled", "showing", "editable", "checked"


@dataclass(frozen=True)
class Element:
    """One control as the backend saw it a moment ago.

    ``extents`` is (x, y, width, height) in screen pixels; ``labels`` are the names of the elements
    the program declares as this one's label (AT-SPI LABELLED_BY, UIA LabeledBy); ``ref`` is the
    backend's own handle, opaque to everything but the backend that made it.
    """

    role: str
    name: str
    extents: tuple[int, int, int, int] = (0, 0, 0, 0)
    states: frozenset[str] = frozenset()
    labels: tuple[str, ...] = ()
    ref: Any = field(default=None, compare=False, repr=False)
    raw_role: str = ""  # the backend's own role name, for messages and listings
    pid: int | None = (
        None  # a window's process, when the backend knows it (to pair it with the screen's windows)
    )

    @property
    def editable(self) -> bool:
        return self.role in (ENTRY, PASSWORD) and EDITABLE in self.states

    @property
    def center(self) -> tuple[int, int]:
        x, y, w, h = self.extents
        return (x + w // 2, y + h // 2)

    @property
    def visible(self) -> bool:
        """Showing on screen with a size (a hidden tab's fields are listed but not visible)."""
        return SHOWING in self.states and self.extents[2] > 0 and self.extents[3] > 0


class A11yBackend(Protocol):
    """What a platform's accessibility API must offer; it lists and acts, it never decides.

    ``pointer_press``: True when the API's own press can hold the program (GTK runs a modal dialog
    inside AT-SPI's DoAction, and answers no accessibility call until it closes): a button is then
    clicked at its centre with the mouse, once.
    """

    pointer_press: bool

    def windows(self) -> list[Element]:
        """The top-level windows (role WINDOW) of every program on the screen, with their titles."""
        ...

    def elements(self, window: Element) -> list[Element]:
        """Every control inside ``window`` (depth first, in the program's order)."""
        ...

    def read_text(self, element: Element) -> str | None:
        """The text an entry or label holds now (None: the program does not say)."""
        ...

    def set_text(self, element: Element, text: str) -> bool:
        """Replace an entry's whole text through the API; False if the program does not allow it."""
        ...

    def press(self, element: Element) -> bool:
        """Do the element's click/press/activate action; False if it has none."""
        ...

    def focus(self, element: Element) -> bool:
        """Give the element the keyboard; False if the API could not."""
        ...

    def close(self) -> None:
        """End of the run: close connections (nothing may outlive the run)."""
        ...


class A11yUnavailable(Exception):
    """The accessibility service cannot be reached (no AT-SPI bus, UIA not available).

    ``key`` is a message key of the catalogue, ``detail`` what the platform said.
    """

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key}: {detail}")
        self.key = key
        self.detail = detail


# -- what a clerk's words mean ---------------------------------------------------------------------
# Decorations systems put around a label's words: 「氏名：」「*氏名」「氏名（必須）」「※氏名」「氏名 必須」.
# After NFKC (full-width ：＊（） become : * ( )) one pattern covers both widths; a bare 必須 counts only
# when set apart by a space or a mark, so that 「必須項目」 keeps its name.
_MARKS = r"[\s:*※]|\(必須\)"
_DECORATION = re.compile(rf"^(?:{_MARKS}|必須(?=\s|[:*※]))+|(?:{_MARKS}|(?<=[\s:*※])必須)+$")
_SPACES = re.compile(r"\s+")


def title_key(text: str) -> str:
    """A window title as compared: NFKC (full-width letters and spaces), spaces collapsed, trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def label_key(text: str) -> str:
    """A label as compared: :func:`title_key` without decorations (``:`` ``：`` ``*`` ``※`` ``（必須）``).

    Whole names are still compared: 「氏名」 and 「氏名カナ」 stay different. A label that is only
    decoration (「*」) keeps its text, so it can still be named.
    """
    key = title_key(text)
    stripped = _DECORATION.sub("", key).strip()
    return stripped or key
