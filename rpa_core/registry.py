"""The action registry: actions are declared, not wired.

An action is a typed function marked with ``@action("namespace.name")``. The registry
builds a pydantic argument model from its keyword parameters, and from that the
argument checks of ``robosan validate``, ``robosan actions`` and the JSON Schema.

    @action("file.exists", summary="ファイルがあるか調べる", summary_en="Tell whether a file exists")
    def exists(ctx: ActionContext, *, path: Path) -> bool:
        return path.exists()

A first parameter named ``ctx`` receives the run's :class:`ActionContext`. ``Path``
arguments (and lists of paths) that are relative are resolved from the scenario's folder
before the call, here only (:func:`resolve_path`). Action modules are found through the
``robosan.actions`` entry points (name = namespace, value = module), imported on first use.
Modules holding actions must import heavy libraries (Playwright, OpenCV, Tesseract)
inside the functions, so that ``robosan validate`` stays fast.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, create_model

from rpa_core.plugins import ACTIONS_GROUP, PluginError, entry_points, load_entry_point

__all__ = [
    "ActionContext",
    "ActionSpec",
    "PluginError",
    "action",
    "all_actions",
    "all_settings",
    "check_place",
    "check_program",
    "get_action",
    "load_actions",
    "resolve_path",
    "settings_model",
]


_REGISTRY: dict[str, ActionSpec] = {}
_SETTINGS: dict[str, type[BaseModel]] = {}
_loaded = False


class ActionContext(Protocol):
    """What an action may ask of the run it is part of."""

    scenario_dir: Path
    artifacts_dir: Path
    dry_run: bool
    unattended: bool
    settings: dict[str, Any]  # core keys, and each namespace's block as its parsed settings model
    run_id: int | None  # None outside a run (a dry run has an id too)
    run_log: Any  # the run log (rpa_core.store.runlog.RunLog) the run writes to

    def log(self, message: str) -> None: ...

    def ask(self, question: str) -> str | None:
        """Ask the clerk at the PC; None when nobody can answer (unattended, end of input)."""
        ...

    def resource(self, name: str, factory: Callable[[], Any], close: Callable[[Any], None] | None = None) -> Any:
        """A session shared by the steps of one run (a browser, a desktop app), closed at its end."""
        ...

    def add_artifact(self, path: Path, kind: str) -> None: ...

    # A run's context also has ``places`` (rpa_core.running.places.Places: the folders it may use) and
    # ``current_action``; a context without them (an action called outside a run, in a unit test) checks
    # nothing. Actions reach the check through :func:`check_place` (or ``rpa_core.api.resolve``).


def check_place(ctx: Any, path: Any, *, arg: str = "", write: bool = True) -> Any:
    """``path`` (a path, text or a list of them) when the run may use it; else the run's refusal (PlaceRefused).

    The second net behind the runner's check of ``Path`` arguments: for paths an action finds by itself
    (a string argument, a file listed from a folder, a template's image). Outside a run: no check.
    """
    places = getattr(ctx, "places", None)
    if places is None:
        return path
    return places.check(path, action=str(getattr(ctx, "current_action", "") or ""), arg=arg, write=write)


def check_program(ctx: Any, argv: list[str], *, arg: str = "command") -> None:
    """Refuse (PlaceRefused) starting ``argv`` unless this PC allows the program (``allowed_programs:``).

    Outside a run (an action called by a unit test): no check.
    """
    places = getattr(ctx, "places", None)
    programs = getattr(places, "programs", None)
    if programs is None:
        return
    programs.check(argv, action=str(getattr(ctx, "current_action", "") or ""), arg=arg)


def resolve_path(base: Path, value: Any) -> Any:
    """The one place relative paths are resolved: ``value`` (a path, text, or a list of them) from ``base``.

    Empty text and values that are not paths are given back unchanged.
    """
    if isinstance(value, list | tuple):
        return [resolve_path(base, v) for v in value]
    if (isinstance(value, str) and value) or isinstance(value, Path):
        p = Path(value)
        return p if p.is_absolute() else Path(base) / p
    return value


def load_actions() -> None:
    """Import every action module of the ``robosan.actions`` entry points (once, on first use).

    The entry point's name is the namespace; a module attribute ``SETTINGS`` (a pydantic model)
    declares what ``settings: {namespace: ...}`` may hold, checked by ``robosan validate``.
    """
    global _loaded
    if _loaded:
        return
    _loaded = True
    problems: list[PluginError] = []
    for ep in entry_points(ACTIONS_GROUP):
        try:
            module = load_entry_point(ep)
        except PluginError as exc:
            problems.append(exc)
            continue
        model = getattr(module, "SETTINGS", None)
        if isinstance(model, type) and issubclass(model, BaseModel):
            _SETTINGS.setdefault(ep.name, model)
    if problems:
        raise problems[0]


def settings_model(namespace: str) -> type[BaseModel] | None:
    """The settings model the ``namespace`` plug-in declared (None: it takes no settings)."""
    load_actions()
    return _SETTINGS.get(namespace)


def all_settings() -> dict[str, type[BaseModel] | None]:
    """Every action namespace a ``settings:`` block may name, with its model (None: no settings)."""
    load_actions()
    names = {s.namespace for s in _REGISTRY.values()} | set(_SETTINGS)
    return {n: _SETTINGS.get(n) for n in sorted(names)}


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
    """How the reference shows a type: ``Duration | None``, not ``Optional`` (a shared alias's metadata is not shown)."""
    if typing.get_origin(tp) is typing.Annotated:
        inner, *meta = typing.get_args(tp)
        if any(getattr(getattr(m, "func", None), "__name__", "") == "parse_duration" for m in meta):
            return "Duration"
        return _type_text(inner)
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType) and any(
        typing.get_origin(a) is typing.Annotated for a in args
    ):
        return " | ".join("None" if a is type(None) else _type_text(a) for a in args)
    if typing.get_origin(tp) is list and any(typing.get_origin(a) is typing.Annotated for a in args):
        # list[ReadsPath] shows as list[Path], as list[Path] itself does
        return f"list[{_type_text(args[0])}]"
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
    return any(_is_path(a) for a in typing.get_args(ann))


def get_action(name: str) -> ActionSpec | None:
    load_actions()
    return _REGISTRY.get(name)


def all_actions() -> list[ActionSpec]:
    load_actions()
    return sorted(_REGISTRY.values(), key=lambda s: s.name)
