"""Many D-Bus calls in one round trip: all sent, then all answers collected (AT-SPI walks, issue 14).

Listing a window asks each control for its role, name, states, place and children: about 250 calls
for a form of 40 controls. Asked one by one, each waits for the program's main loop to answer,
and the wait, not the work, made the label path 1.6 times slower than images. Sent together, a
level of the tree costs one wait. Answers are matched to questions by serial number; an error
answer (a control that went away meanwhile) is returned as a :class:`LookupError` in its place.
"""

from __future__ import annotations

import time
from typing import Any

__all__ = ["Call", "pipelined"]

# (bus name, object path), interface, method, signature or None, arguments
Call = tuple[tuple[str, str], str, str, str | None, tuple[Any, ...]]


def pipelined(conn: Any, calls: list[Call], timeout: float) -> list[Any]:
    """The reply bodies of ``calls`` (a jeepney blocking connection), in order; ``timeout`` for them all.

    Raises TimeoutError when not every answer came in time (a program that hangs): the caller treats
    it like any failed call, and the robot never hangs.
    """
    from jeepney import DBusAddress, MessageType, new_method_call
    from jeepney.low_level import HeaderFields

    waiting: dict[int, int] = {}
    for i, (ref, iface, method, sig, body) in enumerate(calls):
        serial = next(conn.outgoing_serial)
        conn.send(
            new_method_call(DBusAddress(ref[1], bus_name=ref[0], interface=iface), method, sig, body), serial
        )
        waiting[serial] = i
    out: list[Any] = [None] * len(calls)
    deadline = time.monotonic() + timeout
    while waiting:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"{len(waiting)} of {len(calls)} AT-SPI calls unanswered")
        msg = conn.receive(timeout=left)
        i = waiting.pop(msg.header.fields.get(HeaderFields.reply_serial, -1), -1)
        if i < 0:
            continue  # a signal or a late answer to an earlier call
        error = msg.header.message_type == MessageType.error
        out[i] = LookupError(str(msg.body[0]) if msg.body else "error") if error else msg.body
    return out
