"""The plug-in interface: everything robots/, connectors/, ocr/ and outside packages import from the core.

An action namespace is a module of typed functions marked with :func:`action`; it is found through
the ``robosan.actions`` entry point group, and a command group through ``robosan.commands``. Nothing
else of ``rpa_core`` is part of the contract: its subpackages may change between releases.
See ``docs/architecture.md`` for a complete example.
"""

from __future__ import annotations

from typing import Any

from rpa_core.errors import ActionError, InputError, Loc, Problem, RobosanError, ScenarioError, display_path
from rpa_core.language.types import Duration, parse_duration
from rpa_core.messages import register, text
from rpa_core.registry import ActionContext, action

__all__ = [
    "ActionContext",
    "ActionError",
    "Duration",
    "InputError",
    "Loc",
    "Problem",
    "RobosanError",
    "ScenarioError",
    "action",
    "display_path",
    "open_run_log",
    "parse_duration",
    "register",
    "review_store",
    "text",
]


# -- the run log, for plug-ins that keep their own records in it (ocr's review queue) ----------
# Functions, not re-exported classes, so importing this module never imports SQLAlchemy.
def open_run_log(db: str | None = None) -> Any:
    """The run log: ``db`` is a SQLAlchemy URL or a SQLite file; None means ROBOSAN_DB or this PC's log."""
    from rpa_core.store.database import db_url
    from rpa_core.store.runlog import RunLog

    return RunLog(db_url(db))


def review_store(log: Any) -> Any:
    """The OCR review queue's tables in ``log`` (a :class:`rpa_core.store.review_queue.ReviewStore`)."""
    from rpa_core.store.review_queue import ReviewStore

    return ReviewStore(log)
