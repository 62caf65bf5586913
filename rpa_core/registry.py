"""The action registry: actions are declared, not wired.

An action is a typed function marked with ``@action("namespace.name")``. The registry
builds a pydantic argument model from its keyword parameters, and from that the
argument checks of ``robosan validate``, ``robosan actions`` and the JSON Schema.

    @action("file.exists", summary="ファイルがあるか調べる", summary_en="Tell whether a file exists")
    def exists(ctx: ActionContext, *, path: Path) -> bool:
        return path.exists()

A first parameter named ``ctx`` receives the run's :class:`ActionContext`. ``Path``
arguments that are relative are resolved from the scenario's folder before the call.
Modules holding actions must import heavy libraries (Playwright, OpenCV, Tesseract)
inside the functions, so that ``robosan validate`` stays fast.
"""

from __future__ import annotations

import importlib
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, create_model

__all__ = ["ActionContext", "ActionSpec", "action", "all_actions", "get_action", "load_builtin_actions"]

# Modules that hold the built-in actions, imported on first use of the registry.
BUILTIN_MODULES = [
    "connectors.excel",
    "connectors.files",
    "connectors.csv",
    "connectors.labels",
    "connectors.printing",
    "robots.browser",
    "robots.desktop",
    "ocr.actions",
]

_REGISTRY: dict[str, ActionSpec] = {}
_loaded = False


class ActionContext(Protocol):
    """What an action may ask of the run it is part of."""

    scenario_dir: Path
    artifacts_dir: Path
    dry_run: bool
    unattended: bool
    settings: dict[str, Any]

    def log(self, message: str) -> None: ...

    def resource(self, name: str, factory: Callable[[], Any], close: Callable[[Any], None] | None = None) -> Any:
        """A session shared by the steps of one run (a browser, a desktop app), closed at its end."""
        ...

    def add_artifact(self, path: Path, kind: str) -> None: ...


@dataclass(frozen=True)
class ActionSpec:
    name: str
    func: Callable[..., Any]
    model: type[BaseModel]
    summary: str
    summary_en: str
    wants_ctx: bool
    path_fields: tuple[str, ...]
    commit: bool  # True if the action changes data in a target system by nature

    @property
    def namespace(self) -> str:
        return self.name.split(".", 1)[0]

    def params(self) -> list[tuple[str, str, bool, Any]]:
        """(name, type text, required, default) for docs and explain."""
        out = []
        for fname, f in self.model.model_fields.items():
            out.append((fname, _type_text(f.annotation), f.is_required(), f.default))
        return out


def _type_text(tp: Any) -> str:
    text = getattr(tp, "__name__", None) or str(tp)
    return text.replace("typing.", "").replace("pathlib.", "")


def action(
    name: str, *, summary: str, summary_en: str = "", commit: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``func`` as the action ``name`` (``namespace.verb``)."""

    def deco(func: Callable[..., Any]) -> Callable[..., Any]:
        sig = inspect.signature(func)
        hints = typing.get_type_hints(func, include_extras=True)
        fields: dict[str, Any] = {}
        wants_ctx = False
        path_fields: list[str] = []
        for pname, param in sig.parameters.items():
            if pname == "ctx":
                wants_ctx = True
                continue
            ann = hints.get(pname, Any)
            default = ... if param.default is inspect.Parameter.empty else param.default
            fields[pname] = (ann, default)
            if _is_path(ann):
                path_fields.append(pname)
        model = create_model(
            "Args_" + name.replace(".", "_"),
            __config__=ConfigDict(extra="forbid", arbitrary_types_allowed=True),
            **fields,
        )
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise ValueError(f"action registered twice: {name}")
        _REGISTRY[name] = ActionSpec(
            name=name,
            func=func,
            model=model,
            summary=summary,
            summary_en=summary_en or summary,
            wants_ctx=wants_ctx,
            path_fields=tuple(path_fields),
            commit=commit,
        )
        func.__robosan_action__ = name  # type: ignore[attr-defined]
        return func

    return deco


def _is_path(ann: Any) -> bool:
    if ann is Path:
        return True
    args = typing.get_args(ann)
    return any(a is Path for a in args)


def load_builtin_actions() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in BUILTIN_MODULES:
        importlib.import_module(module)


def get_action(name: str) -> ActionSpec | None:
    load_builtin_actions()
    return _REGISTRY.get(name)


def all_actions() -> list[ActionSpec]:
    load_builtin_actions()
    return sorted(_REGISTRY.values(), key=lambda s: s.name)
