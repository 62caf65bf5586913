"""The Windows backend of :mod:`robots._a11y`: UI Automation through pywinauto's ``uia`` backend.

Unverified on a real Windows PC: it is written against pywinauto 0.6.8–0.6.9 and tested on Linux
behind a faked boundary (``tests/robots/test_a11y_uia_issue14.py`` gives it a pywinauto-like tree in
place of ``pywinauto.Desktop(backend="uia")``). What it uses of pywinauto, and nothing more:

- ``Desktop(backend="uia").windows()``: the top-level windows; a wrapper's ``children()``, its
  ``element_info`` (``name``, ``control_type``, ``rectangle``, ``visible``, ``enabled`` and the raw
  ``element``: ``CurrentIsPassword``, ``CurrentLabeledBy``), ``has_keyboard_focus()``, ``set_focus()``;
- the control patterns as pywinauto exposes them: ``iface_value`` (``CurrentValue``,
  ``CurrentIsReadOnly``, ``SetValue``), ``iface_text`` (``DocumentRange.GetText``), ``iface_invoke``,
  ``iface_toggle``, ``iface_selection_item``.

Choices that differ from pywinauto's conveniences, each for a reason seen in its code or issues:

- Text is set with ``ValuePattern.SetValue`` itself, not ``set_edit_text``, which splices the new text
  into the control's *name* (``window_text()``), not its value, and so can leave old characters behind.
- ``InvokePattern.Invoke`` runs on a worker thread with a grace period: some programs answer it only
  when the modal dialog the button opened has closed (pywinauto issue 666); the press counts as done
  once sent, even when Invoke reports an error, and the next step's wait decides what happened.
- A dialog a program owns (a message box) is a child of its owner in the UIA tree, not a top-level
  window: :meth:`UIABackend.windows` lists those too, and a window's elements stop at them, so that
  「はい」 belongs to 確認, as it does through AT-SPI on Linux.

UI Automation bounds each cross-process call itself (connection 2 s, transaction 20 s by default).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

from ._a11y import (
    BUTTON,
    CHECK,
    CHECKED,
    EDITABLE,
    ENABLED,
    ENTRY,
    FOCUSED,
    LABEL,
    OTHER,
    PASSWORD,
    SHOWING,
    WINDOW,
    A11yUnavailable,
    Element,
)

__all__ = ["INVOKE_GRACE", "UIABackend", "role_of"]

INVOKE_GRACE = 1.0  # seconds a press may take before it counts as done (a modal dialog opened)
MAX_ELEMENTS = 3000  # as the AT-SPI backend: a window's walk stops here
MAX_DEPTH = 40

# UIA control types (pywinauto's element_info.control_type) onto the interface's roles.
_ROLES = {
    "Window": WINDOW,
    "Edit": ENTRY,
    "Document": ENTRY,
    "ComboBox": ENTRY,  # an editable combo takes text through its own ValuePattern
    "Text": LABEL,
    "Button": BUTTON,
    "SplitButton": BUTTON,
    "Hyperlink": BUTTON,
    "CheckBox": CHECK,
    "RadioButton": CHECK,
}


def role_of(control_type: str, is_password: bool) -> str:
    """The interface's role for a UIA control type; a password Edit is PASSWORD."""
    role = _ROLES.get(control_type, OTHER)
    return PASSWORD if role == ENTRY and is_password else role


def _boundary_errors() -> tuple[type[BaseException], ...]:
    """What a call across the UIA boundary raises when an element is gone or lacks a pattern.

    On Windows that is comtypes' ``COMError`` and pywinauto's ``NoPatternInterfaceError``, plain
    ``Exception`` subclasses importable only there; everywhere, the built-in errors a fake raises.
    """
    errors: list[type[BaseException]] = [LookupError, OSError, TimeoutError]
    try:
        from comtypes import COMError

        errors.append(COMError)
    except ImportError:
        pass
    try:
        from pywinauto.uia_defines import NoPatternInterfaceError

        errors.append(NoPatternInterfaceError)
    except ImportError:
        pass
    return tuple(errors)


def _desktop() -> Any:
    try:
        from pywinauto import Desktop
    except ImportError as exc:  # robosan installed without its Windows extras, or not on Windows
        raise A11yUnavailable("a11y.no_uia", str(exc)) from None
    return Desktop(backend="uia")


class UIABackend:
    """UI Automation over pywinauto; ``desktop`` replaces ``pywinauto.Desktop(backend="uia")`` (tests)."""

    pointer_press = False  # a press runs on a worker thread with a grace period (see press)

    def __init__(self, desktop: Any = None) -> None:
        self.desktop = desktop if desktop is not None else _desktop()
        self.errors = _boundary_errors()

    # -- snapshots ---------------------------------------------------------------------------------
    def _element(self, wrapper: Any, role: str | None = None) -> Element:
        info = wrapper.element_info
        control_type = str(info.control_type or "")
        found_role = role or role_of(control_type, bool(self._get(lambda: info.element.CurrentIsPassword)))
        rect = info.rectangle
        return Element(
            role=found_role,
            name=str(info.name or ""),
            extents=(int(rect.left), int(rect.top), int(rect.right - rect.left), int(rect.bottom - rect.top)),
            states=self._states(wrapper, found_role, control_type),
            labels=self._labels(info),
            ref=wrapper,
            raw_role=control_type,
        )

    def _get(self, read: Callable[[], Any], default: Any = None) -> Any:
        """One property read across the boundary; ``default`` when the element or pattern is not there."""
        try:
            return read()
        except self.errors:
            return default

    def _states(self, wrapper: Any, role: str, control_type: str) -> frozenset[str]:
        info = wrapper.element_info
        states = set()
        if self._get(lambda: info.visible, False):
            states.add(SHOWING)
        if self._get(lambda: info.enabled, False):
            states.add(ENABLED)
        if self._get(wrapper.has_keyboard_focus, False):
            states.add(FOCUSED)
        if role in (ENTRY, PASSWORD) and ENABLED in states and self._editable(wrapper, control_type):
            states.add(EDITABLE)
        if role == CHECK and self._checked(wrapper, control_type):
            states.add(CHECKED)
        return frozenset(states)

    def _editable(self, wrapper: Any, control_type: str) -> bool:
        read_only = self._get(lambda: wrapper.iface_value.CurrentIsReadOnly)
        if read_only is not None:
            return not read_only
        # a rich text box without ValuePattern (TextPattern only) is typed into, not set
        return control_type == "Document" and bool(self._get(wrapper.is_keyboard_focusable, False))

    def _checked(self, wrapper: Any, control_type: str) -> bool:
        if control_type == "RadioButton":
            return bool(self._get(lambda: wrapper.iface_selection_item.CurrentIsSelected, False))
        return self._get(lambda: wrapper.iface_toggle.CurrentToggleState) == 1  # 0 off, 1 on, 2 mixed

    def _labels(self, info: Any) -> tuple[str, ...]:
        label = self._get(lambda: info.element.CurrentLabeledBy)
        name = self._get(lambda: label.CurrentName) if label else None  # a NULL COM pointer is falsy
        return (str(name),) if name else ()

    # -- the interface ------------------------------------------------------------------------------
    def windows(self) -> list[Element]:
        out: list[Element] = []
        for top in self._get(self.desktop.windows, []):
            try:
                out.append(self._element(top, WINDOW))
                out += [self._element(d, WINDOW) for d in top.children(control_type="Window")]
            except self.errors:
                continue  # a program that quit while we asked has no window now
        return out

    def elements(self, window: Element) -> list[Element]:
        return list(self._walk(window.ref))

    def _walk(self, top: Any) -> Iterator[Element]:
        """Depth first in the program's order; an owned dialog inside is its own window, not walked."""
        stack: list[tuple[Any, int]] = [(c, 1) for c in reversed(self._get(top.children, []))]
        seen = 0
        while stack and seen < MAX_ELEMENTS:
            wrapper, depth = stack.pop()
            seen += 1
            try:
                found = self._element(wrapper)
            except self.errors:
                continue  # gone while we walked: the caller looks again
            if found.raw_role == "Window":
                continue
            yield found
            if depth < MAX_DEPTH:
                stack += [(c, depth + 1) for c in reversed(self._get(wrapper.children, []))]

    def read_text(self, element: Element) -> str | None:
        wrapper = element.ref
        if element.role == LABEL:
            return element.name
        if element.role not in (ENTRY, PASSWORD):
            return None
        value = self._get(lambda: wrapper.iface_value.CurrentValue)
        if value is None:  # no ValuePattern (a rich text box), or a password the program will not tell
            value = self._get(lambda: wrapper.iface_text.DocumentRange.GetText(-1))
        return None if value is None else str(value)

    def set_text(self, element: Element, text: str) -> bool:
        if element.role not in (ENTRY, PASSWORD) or EDITABLE not in element.states:
            return False
        try:
            element.ref.iface_value.SetValue(text)
        except self.errors:
            return False
        return True

    def press(self, element: Element) -> bool:
        """Invoke a button, toggle a check box, select a radio button; False only when nothing was sent.

        Once the pattern's method is called the press counts, whatever it answers: an error from
        Invoke itself often comes after the click took effect (UIA_E_ELEMENTNOTAVAILABLE when the
        button's window closed, pywinauto issue 1057), and pressing again could register twice.
        """
        action = self._action(element)
        if action is None:
            return False
        worker = threading.Thread(target=self._quietly, args=(action,), name="uia-press", daemon=True)
        worker.start()
        worker.join(INVOKE_GRACE)  # still running: the program is in the modal dialog the press opened
        return True

    def _action(self, element: Element) -> Callable[[], Any] | None:
        wrapper = element.ref
        try:
            if element.role == BUTTON:
                return wrapper.iface_invoke.Invoke
            if element.role == CHECK and element.raw_role == "RadioButton":
                return wrapper.iface_selection_item.Select
            if element.role == CHECK:
                return wrapper.iface_toggle.Toggle
        except self.errors:
            return None  # no such pattern, or the control is gone: nothing was sent
        return None

    def _quietly(self, action: Callable[[], Any]) -> None:
        try:
            action()
        except self.errors:
            pass  # sent: what it did is for the next step to see

    def focus(self, element: Element) -> bool:
        try:
            element.ref.set_focus()
        except self.errors:
            return False
        return True

    def close(self) -> None:
        """Nothing to close: UIA holds no connection of ours (COM objects go with their wrappers)."""
