"""A pywinauto-like UI Automation tree for testing ``robots._a11y_uia`` where there is no Windows.

The shapes are pywinauto 0.6.9's ``uia`` backend, as far as the backend uses them: ``Desktop.windows()``,
wrappers with ``element_info`` (``name``, ``control_type``, ``rectangle``, ``visible``, ``enabled`` and
the raw ``element``), ``children(control_type=…)``, ``has_keyboard_focus()``, ``set_focus()``,
``is_keyboard_focusable()`` and the ``iface_*`` control patterns, which raise pywinauto's
``NoPatternInterfaceError`` when the control has no such pattern. A control that went away raises
comtypes' ``COMError`` on every property. :func:`install` puts fake ``pywinauto`` and ``comtypes``
modules in ``sys.modules``, so the backend's own imports find them.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

__all__ = ["COMError", "Control", "FakeDesktop", "NoPatternInterfaceError", "install"]


class COMError(Exception):
    """comtypes.COMError: the element is gone (UIA_E_ELEMENTNOTAVAILABLE) or refused the call."""


class NoPatternInterfaceError(Exception):
    """pywinauto.uia_defines.NoPatternInterfaceError: the control has no such pattern."""


@dataclass
class Rect:
    left: int
    top: int
    right: int
    bottom: int


class Value:
    """ValuePattern: the value, read-only or not; a password refuses to be read, as Windows does."""

    def __init__(self, control: Control, value: str, read_only: bool, max_length: int | None) -> None:
        self.control, self.value, self.read_only, self.max_length = control, value, read_only, max_length

    @property
    def CurrentValue(self) -> str:
        self.control.check_alive()
        if self.control.password:
            raise COMError(-2147024891, "Access is denied")
        return self.value

    @property
    def CurrentIsReadOnly(self) -> bool:
        self.control.check_alive()
        return self.read_only

    def SetValue(self, text: str) -> None:
        self.control.check_alive()
        if self.read_only:
            raise COMError(-2147220992, "UIA_E_ELEMENTNOTENABLED")
        self.value = text[: self.max_length] if self.max_length else text  # a real edit cuts silently


class Invoke:
    """InvokePattern; ``on_invoke`` runs in the caller's thread, as a program's handler would."""

    def __init__(self, control: Control, on_invoke: Callable[[], None]) -> None:
        self.control, self.on_invoke, self.count = control, on_invoke, 0

    def Invoke(self) -> None:
        self.control.check_alive()
        self.count += 1
        self.on_invoke()


class Toggle:
    def __init__(self) -> None:
        self.CurrentToggleState = 0

    def Toggle(self) -> None:
        self.CurrentToggleState = 1 - self.CurrentToggleState


class SelectionItem:
    def __init__(self) -> None:
        self.CurrentIsSelected = False

    def Select(self) -> None:
        self.CurrentIsSelected = True


class TextRange:
    def __init__(self, control: Control) -> None:
        self.control = control

    def GetText(self, max_length: int) -> str:
        return self.control.document


class TextPattern:
    def __init__(self, control: Control) -> None:
        self.DocumentRange = TextRange(control)


@dataclass
class Control:
    """One control and its wrapper at once (pywinauto separates them; the backend cannot tell)."""

    control_type: str
    name: str = ""
    rect: tuple[int, int, int, int] = (0, 0, 0, 0)  # left, top, width, height
    children_: list[Control] = field(default_factory=list)
    enabled: bool = True
    visible: bool = True
    password: bool = False
    labelled_by: Control | None = None
    patterns: dict[str, Any] = field(default_factory=dict)
    document: str = ""  # the text of a rich text box (TextPattern)
    alive: bool = True
    focused: bool = False

    # -- UIAElementInfo ------------------------------------------------------------------------------
    @property
    def element_info(self) -> Control:
        self.check_alive()
        return self

    @property
    def rectangle(self) -> Rect:
        self.check_alive()
        x, y, w, h = self.rect
        return Rect(x, y, x + w, y + h)

    @property
    def element(self) -> Control:  # the raw IUIAutomationElement
        return self

    @property
    def CurrentIsPassword(self) -> bool:
        self.check_alive()
        return self.password

    @property
    def CurrentLabeledBy(self) -> Control | None:
        self.check_alive()
        return self.labelled_by

    @property
    def CurrentName(self) -> str:
        self.check_alive()
        return self.name

    def check_alive(self) -> None:
        if not self.alive:
            raise COMError(-2147220991, "UIA_E_ELEMENTNOTAVAILABLE")

    # -- UIAWrapper ----------------------------------------------------------------------------------
    def children(self, **criteria: str) -> list[Control]:
        self.check_alive()
        wanted = criteria.get("control_type")
        return [c for c in self.children_ if wanted is None or c.control_type == wanted]

    def has_keyboard_focus(self) -> bool:
        return self.focused

    def is_keyboard_focusable(self) -> bool:
        return self.enabled

    def set_focus(self) -> Control:
        self.check_alive()
        self.focused = True
        return self

    def _pattern(self, name: str) -> Any:
        self.check_alive()
        if name not in self.patterns:
            raise NoPatternInterfaceError()
        return self.patterns[name]

    @property
    def iface_value(self) -> Value:
        return self._pattern("value")

    @property
    def iface_invoke(self) -> Invoke:
        return self._pattern("invoke")

    @property
    def iface_toggle(self) -> Toggle:
        return self._pattern("toggle")

    @property
    def iface_selection_item(self) -> SelectionItem:
        return self._pattern("selection_item")

    @property
    def iface_text(self) -> TextPattern:
        return self._pattern("text")


def edit(
    name: str = "",
    rect: tuple[int, int, int, int] = (0, 0, 0, 0),
    *,
    value: str = "",
    read_only: bool = False,
    max_length: int | None = None,
    **kw: Any,
) -> Control:
    """An Edit with a ValuePattern."""
    control = Control("Edit", name, rect, **kw)
    control.patterns["value"] = Value(control, value, read_only, max_length)
    return control


def button(
    name: str, rect: tuple[int, int, int, int], on_invoke: Callable[[], None] = lambda: None
) -> Control:
    control = Control("Button", name, rect)
    control.patterns["invoke"] = Invoke(control, on_invoke)
    return control


class FakeDesktop:
    """``pywinauto.Desktop(backend="uia")``: its top-level windows are the root's children."""

    def __init__(self, *windows: Control) -> None:
        self.top = list(windows)
        self.backend = ""

    def windows(self) -> list[Control]:
        return list(self.top)


def install(monkeypatch: pytest.MonkeyPatch, desktop: FakeDesktop) -> None:
    """Fake ``pywinauto`` (Desktop, uia_defines) and ``comtypes`` (COMError) for the backend's imports."""
    pywinauto = types.ModuleType("pywinauto")

    def make_desktop(backend: str = "win32") -> FakeDesktop:
        desktop.backend = backend
        return desktop

    pywinauto.Desktop = make_desktop
    uia_defines = types.ModuleType("pywinauto.uia_defines")
    uia_defines.NoPatternInterfaceError = NoPatternInterfaceError
    pywinauto.uia_defines = uia_defines
    comtypes = types.ModuleType("comtypes")
    comtypes.COMError = COMError
    monkeypatch.setitem(sys.modules, "pywinauto", pywinauto)
    monkeypatch.setitem(sys.modules, "pywinauto.uia_defines", uia_defines)
    monkeypatch.setitem(sys.modules, "comtypes", comtypes)
