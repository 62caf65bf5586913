"""Secrets: looked up at run time, never written in a scenario, never shown anywhere.

A secret ``tax_system`` has fields (``user``, ``password``…). Lookup order per field:
the OS keyring (service ``robosan:tax_system``, stored by ``robosan secrets set``), then
the environment variable ``ROBOSAN_SECRET_TAX_SYSTEM_PASSWORD``. Every value read is
handed to the :class:`Masker`, which replaces it with ``****`` in everything robosan
writes: the run log, the console, explain and error messages.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from typing import Any

from rpa_core.errors import StepFailed
from rpa_core.language.types import MASK

__all__ = ["MASK", "Masker", "SecretView", "field_names", "store_secret"]


_FIELDS_KEY = "__fields__"


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


def store_secret(name: str, values: dict[str, str]) -> None:
    """Store the fields of a secret in the OS keyring (Windows Credential Manager on office PCs)."""
    import keyring

    for field, value in values.items():
        keyring.set_password(_service(name), field, value)
    keyring.set_password(_service(name), _FIELDS_KEY, json.dumps(sorted(values)))


def field_names(name: str) -> list[str]:
    raw = _keyring_get(name, _FIELDS_KEY)
    return list(json.loads(raw)) if raw else []


class Masker:
    """Replaces every secret value it has seen with ``****``."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._pattern: re.Pattern[str] | None = None

    def add(self, value: str) -> None:
        if value and len(value) >= 2 and value not in self._values:
            self._values.add(value)
            alternatives = sorted(self._values, key=len, reverse=True)
            self._pattern = re.compile("|".join(re.escape(v) for v in alternatives))

    def add_all(self, values: Iterable[str]) -> None:
        for v in values:
            self.add(v)

    def mask(self, text: Any) -> Any:
        """Mask strings, and strings inside lists and mappings."""
        if self._pattern is None:
            return text
        if isinstance(text, str):
            return self._pattern.sub(MASK, text)
        if isinstance(text, dict):
            return {k: self.mask(v) for k, v in text.items()}
        if isinstance(text, list | tuple):
            return [self.mask(v) for v in text]
        return text


class SecretView:
    """``secrets.tax_system.password`` in an expression: looked up on first use, then masked everywhere."""

    def __init__(self, name: str, masker: Masker) -> None:
        self._name = name
        self._masker = masker
        self._cache: dict[str, str] = {}

    def __getattr__(self, field: str) -> str:
        if field.startswith("_"):
            raise AttributeError(field)
        return self[field]

    def __getitem__(self, field: str) -> str:
        if field not in self._cache:
            value = _keyring_get(self._name, field)
            if value is None:
                value = os.environ.get(_env_name(self._name, field))
            if value is None:
                raise StepFailed("secret.missing", name=self._name, field=field, env=_env_name(self._name, field))
            self._masker.add(value)
            self._cache[field] = value
        return self._cache[field]

    def __repr__(self) -> str:
        return f"<secret {self._name}: {MASK}>"

    __str__ = __repr__
