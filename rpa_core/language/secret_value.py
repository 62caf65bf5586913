"""The value of a secret inside a run: its own type, never plain text.

A :class:`Secret` is what ``{{ secrets.tax_system.password }}`` gives an expression. It is not a
``str``: text built from it, filters on it and comparisons with it are refused, and it renders only
into the arguments meant for it (a password field, a typed text, a ``secret`` input of a called
scenario), where the runner hands the action its text.
"""

from __future__ import annotations

from rpa_core.language.types import MASK

__all__ = ["Secret"]


class Secret:
    """A secret's value with the name it came from; ``reveal()`` is for the one place that types it."""

    __slots__ = ("_name", "_value")

    def __init__(self, name: str, value: str) -> None:
        self._name = name
        self._value = value

    @property
    def name(self) -> str:
        return self._name

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"<secret {self._name}: {MASK}>"
