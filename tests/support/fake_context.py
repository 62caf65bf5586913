"""The smallest thing that satisfies ``rpa_core.registry.ActionContext``, for unit tests of actions.

The tests that show a connector works against real files call its functions with this context;
the run-time context is exercised by the scenario tests (``run_file``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Ctx"]


@dataclass
class Ctx:
    scenario_dir: Path
    artifacts_dir: Path
    dry_run: bool = False
    unattended: bool = True
    settings: dict[str, Any] = field(default_factory=dict)
    logs: list[str] = field(default_factory=list)
    artifacts: list[tuple[Path, str]] = field(default_factory=list)

    def log(self, message: str) -> None:
        self.logs.append(message)

    def resource(
        self, name: str, factory: Callable[[], Any], close: Callable[[Any], None] | None = None
    ) -> Any:
        return factory()

    def add_artifact(self, path: Path, kind: str) -> None:
        self.artifacts.append((path, kind))
