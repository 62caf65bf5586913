"""Secrets: looked up at run time, never written in a scenario, never shown anywhere.

A secret ``tax_system`` has fields (``user``, ``password``…). Lookup order per field:
the OS keyring (service ``robosan:tax_system``, stored by ``robosan secrets set``), then
the environment variable ``ROBOSAN_SECRET_TAX_SYSTEM_PASSWORD`` (CI, headless PCs).

**Scope.** A secret says who may use it: department paths (``市民部`` covers ``市民部/市民税課``)
and/or scenario names, kept beside the fields (keyring entry ``__for__``, or
``ROBOSAN_SECRET_TAX_SYSTEM_FOR=市民部/市民税課,事業所確認``); ``*`` is everyone on this PC.
A secret with no scope is refused: a scenario copied from another 課 must not inherit its
passwords by declaring a name (:func:`check_scopes`, at run start, before any step).

**Masking, the last net.** Inside a run a secret is a :class:`~rpa_core.language.secret_value.Secret`
that only a password argument turns into text; every value read is still handed to the
:class:`Masker`, which replaces it with ``****`` in everything robosan writes, in the
variants a filter would make (case, full/half width, reversed).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from rpa_core.errors import InputError, StepFailed
from rpa_core.language.secret_value import Secret
from rpa_core.language.types import MASK

__all__ = ["EVERYONE", "MASK", "Masker", "SecretView", "check_scopes", "field_names", "mask_everywhere",
           "may_use", "secret_scope", "secret_uses", "store_scope", "store_secret"]


_FIELDS_KEY = "__fields__"
_FOR_KEY = "__for__"
EVERYONE = "*"  # a scope entry that lets every scenario on this PC use the secret (a conscious choice)


def _service(name: str) -> str:
    return f"robosan:{name}"


def _env_name(name: str, field: str) -> str:
    return f"ROBOSAN_SECRET_{name.upper()}_{field.upper()}"


def _keyring_get(name: str, field: str) -> str | None:
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(_service(name), field)
        except (KeyringError, RuntimeError):
            return None
    except Exception:  # no usable backend on a headless machine: fall back to the environment
        return None


def store_secret(name: str, values: dict[str, str], scope: Iterable[str] | None = None) -> None:
    """Store the fields of a secret in the OS keyring (Windows Credential Manager on office PCs)."""
    import keyring

    for field, value in values.items():
        keyring.set_password(_service(name), field, value)
    keyring.set_password(_service(name), _FIELDS_KEY, json.dumps(sorted(values)))
    if scope is not None:
        store_scope(name, scope)


def store_scope(name: str, scope: Iterable[str]) -> None:
    """Who may use the secret: department paths and/or scenario names (replaces what was there)."""
    import keyring

    keyring.set_password(_service(name), _FOR_KEY, json.dumps([_norm_scope(s) for s in scope if s.strip()],
                                                                ensure_ascii=False))


def field_names(name: str) -> list[str]:
    raw = _keyring_get(name, _FIELDS_KEY)
    return list(json.loads(raw)) if raw else []


# -- scope ---------------------------------------------------------------------


def _norm_scope(entry: str) -> str:
    """``市民部／市民税課 `` and ``/市民部/市民税課/`` are ``市民部/市民税課``: width and slashes as typed vary."""
    return "/".join(p.strip() for p in unicodedata.normalize("NFKC", entry).strip().strip("/").split("/"))


def secret_scope(name: str) -> list[str] | None:
    """The scope stored for a secret (keyring ``__for__``, else ``ROBOSAN_SECRET_<NAME>_FOR``); None: none stored."""
    raw = _keyring_get(name, _FOR_KEY)
    if raw:
        try:
            entries = json.loads(raw)
        except ValueError:
            entries = [raw]
        return [_norm_scope(str(e)) for e in entries if str(e).strip()]
    env = os.environ.get(_env_name(name, "FOR"))
    if env is None:
        return None
    return [_norm_scope(e) for e in re.split(r"[,、，]", env) if e.strip()]


def may_use(scope: Iterable[str], scenario_name: str, department: str) -> bool:
    """A scope entry admits a scenario by its name, or by its department or a department above it."""
    dept = _norm_scope(department)
    name = unicodedata.normalize("NFKC", scenario_name).strip()
    for entry in scope:
        if entry == EVERYONE or entry == name:
            return True
        if dept and (dept == entry or dept.startswith(entry + "/")):
            return True
    return False


def check_scopes(uses: Iterable[tuple[str, str, str]]) -> None:
    """Refuse the run before any step if a scenario (name, department, secret) may not use a secret it declares."""
    for scenario_name, department, secret in uses:
        scope = secret_scope(secret)
        if scope is None and not known_values(secret):
            continue  # not stored on this PC at all: nothing to leak; a step that uses it says how to store it
        if scope is None:
            raise InputError("secret.unscoped", name=secret, scenario=scenario_name,
                             department=department or "-", env=_env_name(secret, "FOR"))
        if not may_use(scope, scenario_name, department):
            raise InputError("secret.not_allowed", name=secret, scenario=scenario_name,
                             department=department or "-", scope=", ".join(scope) or "-",
                             env=_env_name(secret, "FOR"))


def secret_uses(scenario: Any) -> list[tuple[str, str, str]]:
    """(scenario name, department, secret) for the scenario and every file it calls, each checked by its own scope."""
    out: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def visit_scenario(sc: Any) -> None:
        if id(sc) in seen:
            return
        seen.add(id(sc))
        out.extend((sc.name, sc.department, s) for s in sc.secrets)
        visit_steps(sc.steps)

    def visit_steps(steps: Any) -> None:
        for step in steps if isinstance(steps, tuple) else ():
            called = getattr(step, "scenario", None)
            if called is not None and hasattr(called, "secrets"):
                visit_scenario(called)
            for f in dataclasses.fields(step) if dataclasses.is_dataclass(step) else ():
                value = getattr(step, f.name)
                if isinstance(value, tuple) and value and dataclasses.is_dataclass(value[0]):
                    visit_steps(value)

    visit_scenario(scenario)
    return out


def known_values(name: str) -> list[str]:
    """Every field value of a secret that can be found without knowing its field names (for the masker)."""
    out = [v for f in field_names(name) if (v := _keyring_get(name, f))]
    prefix = f"ROBOSAN_SECRET_{name.upper()}_"
    out += [v for k, v in os.environ.items() if k.startswith(prefix) and not k.endswith("_FOR") and v]
    return out


# -- masking -------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).casefold()


def _fold(text: str) -> tuple[str, list[int]]:
    """``text`` in NFKC + casefold, and for each folded character the index of the character it came from.

    Folded per character, so that a match in the folded text maps back to a span of the original
    (``ＰＡＳＳ`` folds to ``pass``, four characters from four)."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    parts: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        parts.append(f)
        origin.extend([i] * len(f))
    return "".join(parts), origin


def _single(folded: str) -> str:
    """A one-character value is masked only where it stands alone as a token (see :class:`Masker`)."""
    cls = "[A-Za-z0-9]" if folded.isascii() and folded.isalnum() else r"\w"
    return f"(?<!{cls}){re.escape(folded)}(?!{cls})"


class Masker:
    """Replaces every secret value it has seen with ``****``, in the variants a filter would make.

    Matching is on NFKC + casefold of both sides, so ``PASSWORD``, ``ｐａｓｓｗｏｒｄ`` and full-width
    digits are caught, and on the reversed value (``| reverse``). A one-character value (a PIN ``7``)
    is masked where it is not part of a longer run of ASCII letters and digits (after folding):
    ``PIN 7``, ``暗証7``, ``pin=7``, ``７`` are masked, the 7 of ``2026-12-07``, ``17件`` or ``A7`` is not
    (a one-character value that is not an ASCII letter or digit: where no word character touches it).
    Masking every ``7`` would blank every date and amount of the log and, by the gaps, still tell where it was.
    """

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._folded: set[str] = set()  # the values as matched (a reversed copy is matched too)
        self._pattern: re.Pattern[str] | None = None
        self._long: re.Pattern[str] | None = None  # values of 4+ characters: what reveals() looks for

    def add(self, value: str) -> None:
        if not value or value in self._values:
            return
        self._values.add(value)
        self._folded.add(_fold(value)[0])
        alternatives: set[str] = set()
        singles: set[str] = set()
        for v in self._values:
            folded = _fold(v)[0]
            if len(folded) == 1:
                singles.add(folded)
            elif folded.strip():
                alternatives.update((folded, folded[::-1]))
        longest_first = [re.escape(v) for v in sorted(alternatives, key=len, reverse=True)]
        self._pattern = re.compile("|".join(longest_first + [_single(s) for s in sorted(singles)]))
        long = [v for v in longest_first if len(v) >= 4]
        self._long = re.compile("|".join(long)) if long else None

    def reveals(self, value: Any) -> bool:
        """True when ``value`` (text, or text inside lists and mappings) holds a secret of four or more
        characters, in any variant masking knows. Shorter values are left to masking: a two-letter user id
        or a PIN is too likely to be a clerk's own data."""
        return bool(self.revealed(value))

    def revealed(self, value: Any) -> set[str]:
        """The secrets of four or more characters ``value`` holds, as folded text (what :meth:`reveals` finds)."""
        if self._long is None:
            return set()
        if isinstance(value, str):
            return {m.group(0)[::-1] if m.group(0) not in self._folded else m.group(0)
                    for m in self._long.finditer(_fold(value)[0])}
        if isinstance(value, dict):
            return set().union(*(self.revealed(k) | self.revealed(v) for k, v in value.items()))
        if isinstance(value, list | tuple):
            return set().union(*(self.revealed(v) for v in value))
        return set()

    def add_all(self, values: Iterable[str]) -> None:
        for v in values:
            self.add(v)

    def _mask_text(self, text: str) -> str:
        assert self._pattern is not None
        folded, origin = _fold(text)
        spans: list[tuple[int, int]] = []
        for m in self._pattern.finditer(folded):
            if m.end() > m.start():
                start, end = origin[m.start()], origin[m.end() - 1] + 1
                if spans and start <= spans[-1][1]:
                    spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
                else:
                    spans.append((start, end))
        if not spans:
            return text
        out, at = [], 0
        for start, end in spans:
            out += [text[at:start], MASK]
            at = end
        out.append(text[at:])
        return "".join(out)

    def mask(self, text: Any) -> Any:
        """Mask strings, and strings inside lists and mappings (keys too: an item key may be one)."""
        if self._pattern is None:
            return text
        if isinstance(text, str):
            return self._mask_text(text)
        if isinstance(text, dict):
            return {self.mask(k): self.mask(v) for k, v in text.items()}
        if isinstance(text, list | tuple):
            return [self.mask(v) for v in text]
        return text


# Every value any secret of this process has revealed: the net for what is printed outside a run's
# own masker (the final error of ``robosan run``, an error that escaped the run).
_PROCESS = Masker()


def mask_everywhere(text: str) -> str:
    """``text`` with every secret value this process has read masked (for the console's last words)."""
    return str(_PROCESS.mask(text))


class SecretView:
    """``secrets.tax_system`` in an expression: ``.password`` gives a :class:`Secret`, looked up on first use."""

    def __init__(self, name: str, masker: Masker) -> None:
        self._name = name
        self._masker = masker
        self._cache: dict[str, Secret] = {}

    def __getattr__(self, field: str) -> Secret:
        if field.startswith("_"):
            raise AttributeError(field)
        return self[field]

    def __getitem__(self, field: str) -> Secret:
        if not isinstance(field, str):
            raise StepFailed("secret.missing", name=self._name, field=str(field), env=_env_name(self._name, "…"))
        if field not in self._cache:
            value = _keyring_get(self._name, field) if field not in (_FIELDS_KEY, _FOR_KEY) else None
            if value is None and field.upper() != "FOR":
                value = os.environ.get(_env_name(self._name, field))
            if value is None:
                raise StepFailed("secret.missing", name=self._name, field=field, env=_env_name(self._name, field))
            self._masker.add(value)
            _PROCESS.add(value)
            self._cache[field] = Secret(f"{self._name}.{field}", value)
        return self._cache[field]

    def preload(self) -> None:
        """Hand the masker every value of this secret found, before any step could leak one unread."""
        for value in known_values(self._name):
            self._masker.add(value)
            _PROCESS.add(value)

    def __repr__(self) -> str:
        return f"<secret {self._name}: {MASK}>"

    __str__ = __repr__
