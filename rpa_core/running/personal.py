"""Personal data kept out of the run log: the scenario's ``personal:`` fields and every 個人番号.

A scenario names the row columns and variables that hold personal data (``personal: [氏名, 住所, 個人番号]``;
``settings: {masked_fields: […]}`` is honoured as the same list). While a run goes, the values those names
hold *now* (in the row being worked on, in variables of those names, in ``inputs`` of a called scenario)
and, for the item being worked on, every such value met since it started, are replaced by
:data:`PERSONAL_MARK` in everything the recorder writes: step and item messages, item results, the run's
message, artifacts' names, and the console (a scheduled run's output is kept in a log file too). A value
stored under a personal name is stored as the mark, whatever it is. The built-in detector
(:mod:`rpa_core.running.my_number`) redacts a 個人番号 anywhere, with or without ``personal:``.

Item keys: a key that would show personal data (a redacted key differs from the clear one) is stored as
a digest, ``個人情報#`` and 16 hex digits of SHA-256 of the NFKC key: stable across runs and PCs, so the
ledger still finds the item on a rerun; ``robosan items settle`` takes the clear key and digests it the
same way. The result workbook shows it beside the item's Excel row.

Secrets are masked first by the secret :class:`~rpa_core.running.secrets.Masker` (not changed here); this
module only adds the personal side, composed with it in the Recorder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from rpa_core.language.model import CallStep, Scenario, Step
from rpa_core.running.my_number import is_my_number, redact_my_numbers

__all__ = ["KEY_PREFIX", "PERSONAL_MARK", "PersonalData", "key_digest", "scenario_fields"]

PERSONAL_MARK = "＊＊＊(個人情報)"
KEY_PREFIX = "個人情報#"
_MIN_LEN = 2  # a one-character value (a 区分 "1") would blank every 1 in the log: the field itself is marked


def key_digest(key: str) -> str:
    """The stored form of an item key that holds personal data (the same on every PC and every run)."""
    clear = unicodedata.normalize("NFKC", key).strip()
    return KEY_PREFIX + hashlib.sha256(("robosan-item-key\0" + clear).encode()).hexdigest()[:16]


def scenario_fields(scenario: Scenario) -> tuple[str, ...]:
    """The personal fields of a run: the scenario's and those of every scenario it calls (their inputs)."""
    from rpa_core.language.constructs import BY_STEP_TYPE

    found = dict.fromkeys(scenario.personal_fields)

    def walk(steps: tuple[Step, ...]) -> None:
        for step in steps:
            if isinstance(step, CallStep) and step.scenario is not None:
                found.update(dict.fromkeys(scenario_fields(step.scenario)))
            for _label, body in BY_STEP_TYPE[type(step)].children(step):
                walk(body)
            if isinstance(step.on_error, tuple):
                walk(step.on_error)

    walk(scenario.steps)
    return tuple(found)


def _texts(value: Any) -> Iterable[str]:
    """The forms a value may take in a message: as written, NFKC, without spaces; dates also in 年月日."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, Mapping):
        for v in value.values():
            yield from _texts(v)
        return
    if isinstance(value, list | tuple):
        for v in value:
            yield from _texts(v)
        return
    if isinstance(value, dt.date):
        yield value.isoformat()
        yield f"{value.year}年{value.month}月{value.day}日"
        yield f"{value.year}/{value.month}/{value.day}"
    text = str(value).strip()
    for form in {text, unicodedata.normalize("NFKC", text), re.sub(r"[ \u3000]+", "", text)}:
        if len(form) >= _MIN_LEN:
            yield form


class PersonalData:
    """Redacts personal values from what a run writes; ``fields`` may be empty (the detector still works)."""

    def __init__(self, fields: Iterable[str] = ()) -> None:
        self.fields = frozenset(str(f) for f in fields if str(f).strip())
        self._source: Callable[[], Mapping[str, Any]] = dict
        self._sticky: set[str] = set()
        self._in_item = False
        self._known: frozenset[str] = frozenset()
        self._pattern: re.Pattern[str] | None = None

    def watch(self, source: Callable[[], Mapping[str, Any]]) -> None:
        """Where the run's variables are (read at each redaction: rows and variables change as the run goes)."""
        self._source = source

    def new_item(self) -> None:
        """A work item starts: the values met for the previous one are forgotten, this one's are kept until the
        next starts (its failure message is written after its steps, maybe after a ``call:`` returned)."""
        self._sticky = set()
        self._in_item = True

    # -- what is personal now ----------------------------------------------------
    def _current(self) -> frozenset[str]:
        if not self.fields:
            return frozenset()
        found: set[str] = set()
        for name, value in self._source().items():
            if name in self.fields:
                found.update(_texts(value))
            elif isinstance(value, Mapping):  # a row, inputs of a called scenario, a saved record
                for field in self.fields:
                    if field in value:
                        found.update(_texts(value[field]))
        if self._in_item:
            self._sticky |= found
            return frozenset(self._sticky)
        return frozenset(found)

    def _compiled(self) -> re.Pattern[str] | None:
        known = self._current()
        if known != self._known:
            self._known = known
            alternatives = sorted(known, key=len, reverse=True)
            self._pattern = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None
        return self._pattern

    # -- redaction -----------------------------------------------------------------
    def redact(self, value: Any) -> Any:
        """``value`` (text, or text inside lists and mappings) with personal values replaced by the mark."""
        return self._redact(value, self._compiled())

    def _redact(self, value: Any, pattern: re.Pattern[str] | None) -> Any:
        if isinstance(value, str):
            text = pattern.sub(PERSONAL_MARK, value) if pattern is not None else value
            return redact_my_numbers(text, PERSONAL_MARK)
        if isinstance(value, Mapping):
            return {k: PERSONAL_MARK if str(k) in self.fields and value[k] not in (None, "")
                    else self._redact(v, pattern) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self._redact(v, pattern) for v in value]
        if isinstance(value, int | Decimal) and not isinstance(value, bool) and _whole(value):
            return PERSONAL_MARK if is_my_number(int(value)) else value
        return value

    def stored_key(self, key: str) -> str:
        """An item key as the ledger stores it: as it is, or its digest when it holds personal data."""
        if key.startswith(KEY_PREFIX):
            return key
        return key_digest(key) if self.redact(key) != key else key

    def show_in_book(self, column: str, value: Any) -> Any:
        """A row's own cell for the result workbook when personal data is not to be shown there."""
        if column in self.fields and value not in (None, ""):
            return PERSONAL_MARK
        return self._redact(value, None)


def _whole(value: int | Decimal) -> bool:
    return isinstance(value, int) or (value.is_finite() and value == value.to_integral_value())
