"""The Linux backend of :mod:`robots._a11y`: AT-SPI spoken over D-Bus with jeepney (pure Python).

robosan's own Python (often not Debian's) cannot import ``pyatspi``/``gi``, so the AT-SPI D-Bus
interface is used directly: the accessibility bus's address comes from the session bus
(``org.a11y.Bus.GetAddress``) or, without one, from the X root window's ``AT_SPI_BUS`` property;
the registry's root lists one application per program, each application its top-level windows.

Every call is bounded by :data:`CALL_TIMEOUT`: a program that hangs makes a step fail, never the
robot hang. Elements are snapshots holding (bus name, object path); nothing is cached, so an object
that went away (a closed form) is an error on use, and the next step lists afresh.
"""

from __future__ import annotations

import os
from dataclasses import replace
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
from ._a11y_atspi_batch import Call, pipelined

__all__ = ["CALL_TIMEOUT", "AtspiBackend", "role_of", "states_of"]

CALL_TIMEOUT = 2.0  # seconds any one D-Bus call may take
MAX_ELEMENTS = 3000  # a window's walk stops here (a table with 100,000 cells is not a form)
MAX_DEPTH = 40

_ACC = "org.a11y.atspi.Accessible"
_ROOT = ("org.a11y.atspi.Registry", "/org/a11y/atspi/accessible/root")

# AT-SPI StateType bit numbers (atspi-constants.h) for the states the interface names.
_STATE_BITS = {CHECKED: 4, EDITABLE: 7, ENABLED: 8, FOCUSED: 12, SHOWING: 25}
_ROLES = {
    "frame": WINDOW, "dialog": WINDOW, "window": WINDOW, "alert": WINDOW, "file chooser": WINDOW,
    "text": ENTRY, "entry": ENTRY, "spin button": ENTRY, "editbar": ENTRY, "paragraph": ENTRY,
    "password text": PASSWORD,
    "label": LABEL, "static": LABEL, "caption": LABEL, "heading": LABEL,
    "push button": BUTTON, "button": BUTTON,
    "check box": CHECK, "radio button": CHECK, "toggle button": CHECK,
}  # fmt: skip
_LABELLED_BY = 2  # AtspiRelationType RELATION_LABELLED_BY


def role_of(role_name: str, interfaces: list[str]) -> str:
    """The interface's role for an AT-SPI role name; text a program cannot edit stays a LABEL."""
    role = _ROLES.get(role_name, OTHER)
    if role == ENTRY and "org.a11y.atspi.EditableText" not in interfaces:
        return LABEL
    return role


def states_of(words: list[int]) -> frozenset[str]:
    """The interface's state names from AT-SPI's two 32-bit state words."""
    bits = int(words[0]) | (int(words[1]) << 32 if len(words) > 1 else 0)
    return frozenset(name for name, bit in _STATE_BITS.items() if bits >> bit & 1)


_ASKED = ("GetInterfaces", "GetRoleName", "Name", "GetState", "GetChildren", "GetExtents")


def _name_question(ref: tuple[str, str]) -> Call:
    return (ref, "org.freedesktop.DBus.Properties", "Get", "ss", (_ACC, "Name"))


def _questions(ref: tuple[str, str]) -> list[Call]:
    """What a listing asks each control, in the order of :data:`_ASKED` (extents last: it may be missing)."""
    return [
        (ref, _ACC, "GetInterfaces", None, ()),
        (ref, _ACC, "GetRoleName", None, ()),
        _name_question(ref),
        (ref, _ACC, "GetState", None, ()),
        (ref, _ACC, "GetChildren", None, ()),
        (ref, "org.a11y.atspi.Component", "GetExtents", "u", (0,)),  # 0: screen coordinates
    ]


def _made(ref: tuple[str, str], answers: list[Any]) -> Element:
    """An element from the answers to :func:`_questions` (a control without a place has extents 0)."""
    interfaces = [str(i) for i in answers[0][0]]
    raw_role = str(answers[1][0])
    extents = answers[5]
    return Element(
        role=role_of(raw_role, interfaces),
        name=str(answers[2][0][1]),
        extents=(0, 0, 0, 0) if isinstance(extents, LookupError) else tuple(int(v) for v in extents[0]),  # type: ignore[arg-type]
        states=states_of(list(answers[3][0])),
        ref=(ref, frozenset(interfaces)),
        raw_role=raw_role,
    )


def _depth_first(
    top: tuple[str, str],
    kids: dict[tuple[str, str], list[tuple[str, str]]],
    made: dict[tuple[str, str], Element],
) -> list[tuple[str, str]]:
    """The listed controls under ``top`` in the program's order (depth first), as a one-by-one walk gives them."""
    order: list[tuple[str, str]] = []
    stack = list(reversed(kids.get(top, [])))
    while stack:
        ref = stack.pop()
        if ref in made:
            order.append(ref)
            stack += reversed(kids.get(ref, []))
    return order


def bus_address() -> str:
    """The AT-SPI bus: asked of the session bus, else read from the X root window (AT_SPI_BUS)."""
    problems: list[str] = []
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        try:
            return _address_from_session()
        except Exception as exc:  # no org.a11y.Bus on it: at-spi2-core not installed or not started
            problems.append(f"org.a11y.Bus: {exc}")
    else:
        problems.append("DBUS_SESSION_BUS_ADDRESS is not set")
    try:
        found = _address_from_x()
    except Exception as exc:  # no X display either
        problems.append(f"AT_SPI_BUS: {exc}")
        found = None
    if found:
        return found
    raise A11yUnavailable("a11y.no_bus", "; ".join(problems) or "AT_SPI_BUS is not set")


def _address_from_session() -> str:
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection(bus="SESSION") as conn:
        bus = DBusAddress("/org/a11y/bus", bus_name="org.a11y.Bus", interface="org.a11y.Bus")
        reply = conn.send_and_get_reply(new_method_call(bus, "GetAddress"), timeout=CALL_TIMEOUT)
    return str(reply.body[0])


def _address_from_x() -> str | None:
    from Xlib import X, display

    d = display.Display()
    try:
        prop = d.screen().root.get_full_property(d.intern_atom("AT_SPI_BUS"), X.AnyPropertyType)
    finally:
        d.close()
    if prop is None:
        return None
    value = prop.value
    return value.decode() if isinstance(value, bytes) else str(value)


class AtspiBackend:
    """AT-SPI over one connection to the accessibility bus, opened on first use."""

    # GTK answers DoAction only after the handler returns, and a button that opens a modal dialog
    # (gtk_dialog_run) returns when the dialog closes: the program then answers no AT-SPI call, so the
    # dialog's own buttons could not even be found. A mouse click does not hold the D-Bus dispatch.
    pointer_press = True

    def __init__(self, address: str | None = None) -> None:
        from jeepney.io.blocking import open_dbus_connection

        self.address = address or bus_address()
        try:
            self.conn = open_dbus_connection(bus=self.address)
        except Exception as exc:
            raise A11yUnavailable("a11y.no_bus", f"{self.address}: {exc}") from None

    # -- D-Bus -------------------------------------------------------------------------------------
    def _call(self, ref: tuple[str, str], iface: str, method: str, sig: str | None = None, *body: Any) -> Any:
        from jeepney import DBusAddress, MessageType, new_method_call

        msg = new_method_call(DBusAddress(ref[1], bus_name=ref[0], interface=iface), method, sig, body)
        reply = self.conn.send_and_get_reply(msg, timeout=CALL_TIMEOUT)
        if reply.header.message_type == MessageType.error:
            raise LookupError(f"{iface}.{method}: {reply.body[0] if reply.body else ''}")
        return reply.body

    def _prop(self, ref: tuple[str, str], iface: str, name: str) -> Any:
        (value,) = self._call(ref, "org.freedesktop.DBus.Properties", "Get", "ss", iface, name)
        return value[1]  # a variant: (signature, value)

    def _children(self, ref: tuple[str, str]) -> list[tuple[str, str]]:
        return [(str(b), str(p)) for b, p in self._call(ref, _ACC, "GetChildren")[0]]

    def _element(self, ref: tuple[str, str]) -> Element:
        """One control asked call by call (a window of the list; controls inside are asked in bulk)."""
        interfaces = list(self._call(ref, _ACC, "GetInterfaces")[0])
        raw_role = str(self._call(ref, _ACC, "GetRoleName")[0])
        extents = (0, 0, 0, 0)
        if "org.a11y.atspi.Component" in interfaces:  # 0: screen coordinates
            x, y, w, h = self._call(ref, "org.a11y.atspi.Component", "GetExtents", "u", 0)[0]
            extents = (int(x), int(y), int(w), int(h))
        return Element(
            role=role_of(raw_role, interfaces),
            name=str(self._prop(ref, _ACC, "Name")),
            extents=extents,
            states=states_of(list(self._call(ref, _ACC, "GetState")[0])),
            ref=(ref, frozenset(interfaces)),
            raw_role=raw_role,
        )

    # -- the interface ------------------------------------------------------------------------------
    def windows(self) -> list[Element]:
        out: list[Element] = []
        for app in self._children(_ROOT):
            try:
                pid = self._pid(app[0])
                for ref in self._children(app):
                    found = self._element(ref)
                    if found.role == WINDOW or found.name:
                        out.append(
                            Element(
                                WINDOW,
                                found.name,
                                found.extents,
                                found.states,
                                (),
                                found.ref,
                                found.raw_role,
                                pid,
                            )
                        )
            except (LookupError, TimeoutError, OSError):
                continue  # a program that quit (or hangs) while we asked is not a window now
        return out

    def _pid(self, bus_name: str) -> int | None:
        """The process behind an application's bus name (the bus daemon knows it), None if it will not say."""
        try:
            bus = ("org.freedesktop.DBus", "/org/freedesktop/DBus")
            return int(
                self._call(bus, "org.freedesktop.DBus", "GetConnectionUnixProcessID", "s", bus_name)[0]
            )
        except (LookupError, TimeoutError, OSError):
            return None

    def elements(self, window: Element) -> list[Element]:
        try:
            return self._snapshot(window.ref[0])
        except (LookupError, TimeoutError, OSError):
            return []  # the window closed (or hangs) since it was listed: nothing in it now

    def _snapshot(self, top: tuple[str, str]) -> list[Element]:
        """Every control under ``top``, depth first in the program's order, asked level by level.

        Each level's questions go out together (:func:`pipelined`): one wait per level of the tree
        instead of one per question. A control gone meanwhile is left out; the caller looks again.
        """
        kids: dict[tuple[str, str], list[tuple[str, str]]] = {top: self._children(top)}
        facts: dict[tuple[str, str], list[Any]] = {}
        level, depth = kids[top], 1
        while level and depth <= MAX_DEPTH and len(facts) < MAX_ELEMENTS:
            level = level[: MAX_ELEMENTS - len(facts)]
            answers = pipelined(self.conn, [q for ref in level for q in _questions(ref)], CALL_TIMEOUT)
            following: list[tuple[str, str]] = []
            for k, ref in enumerate(level):
                mine = answers[k * len(_ASKED) : (k + 1) * len(_ASKED)]
                if any(isinstance(a, LookupError) for a in mine[:-1]):  # only extents may be missing
                    continue
                facts[ref] = mine
                kids[ref] = [(str(b), str(p)) for b, p in mine[4][0]]
                following += kids[ref]
            level, depth = following, depth + 1
        made = {ref: _made(ref, answers) for ref, answers in facts.items()}
        labels = self._declared_labels([ref for ref, e in made.items() if e.role in (ENTRY, PASSWORD)])
        return [replace(made[ref], labels=labels.get(ref, ())) for ref in _depth_first(top, kids, made)]

    def _declared_labels(self, refs: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, ...]]:
        """The names of the controls each of ``refs`` declares as its label (LABELLED_BY), two waits in all."""
        sets = pipelined(self.conn, [(r, _ACC, "GetRelationSet", None, ()) for r in refs], CALL_TIMEOUT)
        targets = {
            ref: [
                (str(b), str(p)) for kind, found in answer[0] if int(kind) == _LABELLED_BY for b, p in found
            ]
            for ref, answer in zip(refs, sets, strict=True)
            if not isinstance(answer, LookupError)
        }
        wanted = sorted({t for ts in targets.values() for t in ts})
        names = pipelined(self.conn, [_name_question(t) for t in wanted], CALL_TIMEOUT)
        named = {
            t: str(n[0][1]) for t, n in zip(wanted, names, strict=True) if not isinstance(n, LookupError)
        }
        return {ref: tuple(named[t] for t in ts if t in named) for ref, ts in targets.items() if ts}

    def read_text(self, element: Element) -> str | None:
        ref, interfaces = element.ref
        if "org.a11y.atspi.Text" not in interfaces:
            name = element.name
            return name if element.role == LABEL else None
        try:
            return str(self._call(ref, "org.a11y.atspi.Text", "GetText", "ii", 0, -1)[0])
        except (LookupError, TimeoutError, OSError):
            return None

    def set_text(self, element: Element, text: str) -> bool:
        ref, interfaces = element.ref
        if "org.a11y.atspi.EditableText" not in interfaces:
            return False
        try:
            return bool(self._call(ref, "org.a11y.atspi.EditableText", "SetTextContents", "s", text)[0])
        except (LookupError, TimeoutError, OSError):
            return False

    def press(self, element: Element) -> bool:
        """DoAction sent once without waiting for its answer (NO_REPLY_EXPECTED): a modal dialog the press
        opens cannot hold the robot. Only for a button the mouse cannot reach (see ``pointer_press``)."""
        from jeepney import DBusAddress, new_method_call
        from jeepney.low_level import MessageFlag

        ref, interfaces = element.ref
        if "org.a11y.atspi.Action" not in interfaces:
            return False
        try:
            count = int(self._prop(ref, "org.a11y.atspi.Action", "NActions"))
            names = [
                str(self._call(ref, "org.a11y.atspi.Action", "GetName", "i", i)[0]) for i in range(count)
            ]
        except (LookupError, TimeoutError, OSError):
            return False
        wanted = next((names.index(n) for n in ("click", "press", "activate", "toggle") if n in names), None)
        if wanted is None:
            return False
        action = DBusAddress(ref[1], bus_name=ref[0], interface="org.a11y.atspi.Action")
        msg = new_method_call(action, "DoAction", "i", (wanted,))
        msg.header.flags |= MessageFlag.no_reply_expected
        self.conn.send(msg)
        return True

    def focus(self, element: Element) -> bool:
        ref, interfaces = element.ref
        if "org.a11y.atspi.Component" not in interfaces:
            return False
        try:
            return bool(self._call(ref, "org.a11y.atspi.Component", "GrabFocus")[0])
        except (LookupError, TimeoutError, OSError):
            return False

    def close(self) -> None:
        self.conn.close()
