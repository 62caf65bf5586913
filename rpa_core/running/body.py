"""What a construct's runner may ask of the interpreter running it (a small interface, not the Interpreter)."""

from __future__ import annotations

from typing import Any, Protocol

from rpa_core.errors import StepFailed
from rpa_core.language.model import OnError, Scenario, Step
from rpa_core.running.context import RunContext

__all__ = ["Body"]


class Body(Protocol):
    """Runs bodies of steps for one scenario; implemented by :class:`rpa_core.running.interpreter.Interpreter`."""

    scenario: Scenario
    root: Scenario  # the scenario the run started with (its login steps, its settings)
    ctx: RunContext
    fresh: bool

    def run_steps(self, steps: tuple[Step, ...]) -> None: ...

    def render(self, value: Any) -> Any: ...

    def truthy(self, value: Any) -> bool: ...

    def count(self, status: str, n: int = 1) -> None: ...

    def handle_error(self, on_error: OnError, exc: StepFailed) -> None: ...

    def error_info(self, exc: StepFailed) -> dict[str, Any]: ...

    def nested(self, scenario: Scenario) -> Body:
        """A body runner for a called scenario, sharing this run's context."""
        ...
