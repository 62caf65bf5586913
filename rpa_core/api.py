"""The plug-in interface: everything robots/, connectors/, ocr/ and outside packages import from the core.

An action namespace is a module of typed functions marked with :func:`action`; it is found through
the ``robosan.actions`` entry point group (name = namespace, value = module), and a command through
``robosan.commands`` (name = command, value = ``module:click_command``). A module-level ``SETTINGS``
(a pydantic model) declares what ``settings: {namespace: {...}}`` of a scenario may hold: ``robosan
validate`` checks it, and actions find the parsed model in ``ctx.settings[namespace]``.
Nothing else of ``rpa_core`` is part of the contract: its subpackages may change between releases.
See ``docs/architecture.md`` for a complete example.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from rpa_core.errors import (
    ActionError,
    InputError,
    Loc,
    NotFoundYet,
    Problem,
    RobosanError,
    ScenarioError,
    SessionRestarted,
    display_path,
)
from rpa_core.language import filters as normalize
from rpa_core.language.cells import RowSource
from rpa_core.language.cells import note_empty as note_empty_cell
from rpa_core.language.checks import Checker, did_you_mean
from rpa_core.language.loader import Node, item_loc, load_yaml
from rpa_core.language.types import (
    SECRET_OK,
    Duration,
    ExistingPath,
    ReadPath,
    ReadsPath,
    StepNames,
    parse_duration,
)
from rpa_core.messages import get_lang, render, text, visible
from rpa_core.registry import ActionContext, PluginError, action, check_place, check_program, resolve_path

if TYPE_CHECKING:
    from rpa_core.store.runlog import RunLog, utcnow

__all__ = [
    "SECRET_OK",
    "ActionContext",
    "ActionError",
    "Checker",
    "Duration",
    "ExistingPath",
    "InputError",
    "Loc",
    "Node",
    "NotFoundYet",
    "PluginError",
    "Problem",
    "ReadPath",
    "ReadsPath",
    "RobosanError",
    "RowSource",
    "RunLog",
    "ScenarioError",
    "ScenarioPath",
    "SessionRestarted",
    "StepNames",
    "Timeout",
    "action",
    "check_place",
    "check_program",
    "db_option",
    "did_you_mean",
    "display_path",
    "get_lang",
    "item_loc",
    "lang_option",
    "load_yaml",
    "normalize",
    "note_empty_cell",
    "open_run_log",
    "parse_duration",
    "render",
    "resolve",
    "resolve_path",
    "review_store",
    "robosan_home",
    "text",
    "utcnow",
    "visible",
]

# ExistingPath: a file the scenario brings (a reference image, a template): `robosan validate` reports a
# literal one that does not exist, with a did-you-mean. ReadPath: a file the action reads: the default of a
# path input that flows into it must exist. ReadsPath: a path the action only reads or looks at, with no rule
# for validate (file.exists). All are Paths (resolved like any other), only marked; a path argument without
# a mark may be written (the run's places tell reads from writes by them, issue 13).
# A path argument: relative to the scenario's folder, resolved before the action is called
# (any ``Path`` argument is; this name says so in a signature).
ScenarioPath = Annotated[Path, "scenario-relative"]

# The ``timeout`` argument every waiting action takes, declared once (name, type, doc; default None:
# the action's own default, usually ``settings.timeout``): ``timeout: Timeout = None``.
Timeout = Annotated[
    Duration | None,
    Field(
        description="待つ時間の上限(30s、500ms、2m)。省略時は settings の timeout など /"
        " how long to wait at most (30s, 500ms, 2m); default: the settings' timeout or the action's own"
    ),
]


def resolve(ctx: ActionContext, path: Path | str, *, arg: str = "", write: bool = True) -> Path:
    """``path`` from the scenario's folder if relative, checked against the run's places (issue 13).

    Inside a run a path outside the scenario's folder, its given inputs, the run folder and the folders
    of ``allowed_paths:`` raises a clear refusal (never retried); outside a run nothing is checked.
    ``arg`` and ``write`` only shape the message (which argument; reading or writing).
    """
    resolved: Path = resolve_path(Path(ctx.scenario_dir), Path(path))
    check_place(ctx, resolved, arg=arg, write=write)
    return resolved


def lang_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--lang ja|en`` option of every robosan command."""
    from rpa_core.cli.options import lang_option as option

    return option(f)


def db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--db`` option (run log: SQLAlchemy URL or SQLite file; ROBOSAN_DB)."""
    from rpa_core.cli.options import db_option as option

    return option(f)


def open_run_log(db: str | None = None) -> RunLog:
    """The run log: ``db`` is a SQLAlchemy URL or a SQLite file; None means ROBOSAN_DB or this PC's log."""
    from rpa_core.store.runlog import RunLog

    return RunLog(db)


def review_store(log: RunLog) -> Any:
    """The OCR review queue's tables in ``log`` (a :class:`rpa_core.store.review_queue.ReviewStore`)."""
    from rpa_core.store.review_queue import ReviewStore

    return ReviewStore(log)


def robosan_home() -> Path:
    """robosan's data folder (``ROBOSAN_HOME``; %LOCALAPPDATA%\\robosan on Windows)."""
    from rpa_core.store.runlog import robosan_home as home

    return home()


def __getattr__(name: str) -> Any:
    # The run log's classes load SQLAlchemy: only when a plug-in asks for them, never at validate time.
    if name in ("RunLog", "utcnow"):
        from rpa_core.store import runlog

        return getattr(runlog, name)
    raise AttributeError(f"module 'rpa_core.api' has no attribute {name!r}")
