"""The value of a secret inside a run: its own type, never plain text.

A :class:`Secret` is what ``{{ secrets.tax_system.password }}`` gives an expression. It is not a
``str``: text built from it, filters on it and comparisons with it are refused, and it renders only
into the arguments meant for it (a password field, a typed text, a ``secret`` input of a called
scenario), where the runner hands the action its text.

``robosan validate`` refuses every other use statically (:mod:`rpa_core.language.parser`); the
operators below are the last net at run time, for whatever a static check cannot see. Each raises
:class:`SecretMisuse`, a :class:`~rpa_core.errors.BadValue`: the same scenario misuses the secret
the same way on every try, so no ``retry:`` repeats it.
"""

from __future__ import annotations

import re
from typing import Any, NoReturn

from rpa_core.errors import BadValue
from rpa_core.language.types import MASK

__all__ = ["LONE_SECRET", "Secret", "SecretMisuse", "lone_secret"]

# The one way a secret may be written: a lone ``{{ secrets.NAME.FIELD }}`` (spaces around allowed).
LONE_SECRET = re.compile(r"^\s*\{\{\s*secrets\.([A-Za-z][A-Za-z0-9_]*)\.([^\W\d]\w*)\s*\}\}\s*$")


def lone_secret(source: Any) -> bool:
    """True if ``source`` is exactly one ``{{ secrets.x.y }}`` and nothing else."""
    return isinstance(source, str) and LONE_SECRET.match(source) is not None


class SecretMisuse(BadValue):
    """A secret reached a place that is not meant for it (text, a filter, a comparison, a log)."""

    def __init__(self, name: str) -> None:
        super().__init__("secret.misuse_run", name=name)


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

    # Jinja's sandbox refuses to call what is marked so: ``{{ secrets.a.b.reveal() }}`` is not a way out.
    reveal.unsafe_callable = True  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return f"<secret {self._name}: {MASK}>"

    def _refuse(self, *_: Any, **__: Any) -> NoReturn:
        raise SecretMisuse(self._name)

    # Everything that would turn the value into text, a number, a sequence or a comparison is refused.
    __str__ = __format__ = __bytes__ = _refuse
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _refuse
    __hash__ = _refuse
    __bool__ = __len__ = __iter__ = __reversed__ = __contains__ = __getitem__ = _refuse
    __add__ = __radd__ = __mul__ = __rmul__ = __mod__ = __rmod__ = _refuse
    __sub__ = __rsub__ = __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = _refuse
    __int__ = __float__ = __index__ = __complex__ = __round__ = _refuse

    def __reduce__(self) -> NoReturn:  # no copy, no pickle: a copy would be a second place to leak from
        raise SecretMisuse(self._name)
