"""The state of one run that steps and actions share: variables, settings, sessions, artifacts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rpa_core.running.secrets import Masker

if TYPE_CHECKING:
    from rpa_core.running.locks import RunLocks
    from rpa_core.running.places import Places
    from rpa_core.running.recorder import Recorder

__all__ = ["Observer", "RunContext"]


class Observer:
    """What the person in front of the PC sees. The CLI subclasses it with Rich; tests use it as is."""

    def log(self, text: str) -> None:
        pass

    def loop_started(self, name: str, total: int) -> None:
        pass

    def item_finished(self, key: str, status: str) -> None:
        pass

    def loop_finished(self) -> None:
        pass

    def ask_manual(self, instruction: str) -> None:
        """Show a manual step and return when the clerk says it is done."""
        input(f"{instruction}\n[Enter] ")

    def ask(self, question: str) -> str | None:
        """Ask the clerk a question an action needs answered; None if nobody answers."""
        try:
            return input(question)
        except EOFError:
            return None


class RunContext:
    """Implements :class:`rpa_core.registry.ActionContext` for the actions."""

    def __init__(
        self,
        *,
        scenario_dir: Path,
        artifacts_dir: Path,
        settings: dict[str, Any],
        dry_run: bool,
        unattended: bool,
        masker: Masker,
        recorder: Recorder,
        observer: Observer,
        locks: RunLocks | None = None,
    ) -> None:
        self.scenario_dir = scenario_dir
        self.artifacts_dir = artifacts_dir
        self.settings = settings
        self.dry_run = dry_run
        self.unattended = unattended
        self.masker = masker
        self.recorder = recorder
        self.observer = observer
        self.locks = locks  # the run's locks in the run log: item loops lock their batch here
        self.variables: dict[str, Any] = {}
        self.places: Places | None = None  # the folders this run may use (None: no check, as outside a run)
        self.current_action = ""  # the action step running now, named in a refused path's message
        self.current_commit = False  # is it a commit step? (an action never repeats one by itself)
        self._resources: dict[str, tuple[Any, Callable[[Any], None] | None]] = {}

    @property
    def run_id(self) -> int | None:
        return self.recorder.run_id or None

    @property
    def run_log(self) -> Any:
        return self.recorder.log

    def ask(self, question: str) -> str | None:
        """Ask the clerk (through the observer); an unattended run has nobody to ask."""
        return None if self.unattended else self.observer.ask(question)

    @property
    def item_key(self) -> str | None:
        """The work item being run (held by the recorder, which stamps it on every step row)."""
        return self.recorder.item_key

    def log(self, message: str) -> None:
        text = str(self.recorder.clean(message))  # secrets and personal data: the console may be a log file
        self.recorder.note(text)
        self.observer.log(text)

    def resource(self, name: str, factory: Callable[[], Any], close: Callable[[Any], None] | None = None) -> Any:
        if name not in self._resources:
            self._resources[name] = (factory(), close)
        return self._resources[name][0]

    def add_artifact(self, path: Path, kind: str) -> None:
        self.recorder.artifact(path, kind, self.item_key)

    def close_resources(self) -> list[str]:
        """Close sessions in reverse order of opening; return the errors met (cleanup never hides the run's result)."""
        problems: list[str] = []
        for name, (obj, close) in reversed(list(self._resources.items())):
            try:
                if close is not None:
                    close(obj)
                elif hasattr(obj, "close"):
                    obj.close()
            except Exception as exc:
                problems.append(f"{name}: {exc}")
        self._resources.clear()
        return problems

    def base_variables(self, run_id: int, scenario_name: str) -> dict[str, Any]:
        now = dt.datetime.now()
        return {"today": now.date(), "now": now, "run": {"id": run_id}, "scenario": {"name": scenario_name}}
