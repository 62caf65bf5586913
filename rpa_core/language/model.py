"""The parsed scenario: immutable nodes, each with the file:line it came from.

Steps are frozen dataclasses (cheap to build, fast to read in the interpreter's hot
loop); the scenario's header (baseline, inputs, settings) is validated with pydantic.
The parser (``rpa_core.language.parser``) builds these from the loader's line-stamped mappings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rpa_core.errors import Loc
from rpa_core.language.types import Duration

__all__ = [
    "ActionStep",
    "After",
    "AssertStep",
    "Baseline",
    "CallStep",
    "FailStep",
    "ForEachStep",
    "IfStep",
    "InputSpec",
    "LogStep",
    "ManualStep",
    "OnError",
    "RejectStep",
    "Retry",
    "Scenario",
    "SetStep",
    "SkipItemStep",
    "Step",
    "TryStep",
    "WaitStep",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Baseline(_Strict):
    """How long the task takes by hand: the basis of every time-saved figure."""

    minutes_per_item: float = Field(default=0.0, ge=0)
    minutes_per_run: float = Field(default=0.0, ge=0)
    measured_on: dt.date | None = None
    note: str | None = None


class After(_Strict):
    """Human minutes still spent per run after automation (preparation, checking)."""

    minutes_per_run: float = Field(default=0.0, ge=0)


InputType = Literal["str", "int", "float", "bool", "path", "date", "list", "secret"]  # secret: only by call: with:


class InputSpec(_Strict):
    type: InputType = "str"
    default: Any = None
    required: bool = False
    description: str | None = None
    choices: list[Any] | None = None


class Retry(_Strict):
    times: int = Field(ge=1, le=100)
    delay: Duration = 0.0


class Settings(_Strict):
    """The core's settings; ``plugins`` holds each action namespace's block, parsed with its model."""

    timeout: Duration | None = None
    screenshots: Literal["on_failure", "always", "never"] = "on_failure"
    masked_fields: list[str] = Field(default_factory=list)  # an older name for the scenario's ``personal:``
    personal_in_result_book: bool = False  # show ``personal:`` fields in result.xlsx (the run folder is 0700)
    plugins: dict[str, Any] = Field(default_factory=dict, exclude=True)

    def for_run(self) -> dict[str, Any]:
        """What ``ctx.settings`` holds: the core keys, and ``namespace -> parsed settings model``."""
        return {**self.model_dump(), **self.plugins}


OnError = Literal["continue", "stop"] | tuple["Step", ...] | None


@dataclass(frozen=True, slots=True, kw_only=True)
class StepBase:
    """The modifiers any step may carry."""

    loc: Loc
    name: str | None = None
    when: Any = None  # an expression string or a literal bool
    retry: Retry | None = None
    timeout: float | None = None
    save_as: str | None = None
    commit: bool = False
    on_error: OnError = None

    @property
    def kind(self) -> str:
        return type(self).__name__.removesuffix("Step").lower()


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionStep(StepBase):
    action: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class ForEachStep(StepBase):
    items: Any
    as_: str = "item"
    item_key: str | None = None
    batch: str | None = None
    verify: tuple[Step, ...] = ()
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class IfStep(StepBase):
    condition: Any
    then: tuple[Step, ...] = ()
    else_: tuple[Step, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TryStep(StepBase):
    body: tuple[Step, ...] = ()
    rescue: tuple[Step, ...] = ()
    always: tuple[Step, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SetStep(StepBase):
    values: dict[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class CallStep(StepBase):
    file: str
    with_: dict[str, Any] = field(default_factory=dict)
    scenario: Scenario | None = None  # the called scenario, parsed with the caller


@dataclass(frozen=True, slots=True, kw_only=True)
class ManualStep(StepBase):
    instruction: Any


@dataclass(frozen=True, slots=True, kw_only=True)
class LogStep(StepBase):
    message: Any


@dataclass(frozen=True, slots=True, kw_only=True)
class FailStep(StepBase):
    message: Any


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectStep(StepBase):
    """``reject:``: the target system refused the row; the item fails at once, without retry."""

    message: Any


@dataclass(frozen=True, slots=True, kw_only=True)
class WaitStep(StepBase):
    seconds: Any  # float, or an expression giving a duration


@dataclass(frozen=True, slots=True, kw_only=True)
class AssertStep(StepBase):
    condition: Any
    message: Any = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SkipItemStep(StepBase):
    reason: Any = ""


Step = (
    ActionStep
    | ForEachStep
    | IfStep
    | TryStep
    | SetStep
    | CallStep
    | ManualStep
    | LogStep
    | FailStep
    | RejectStep
    | WaitStep
    | AssertStep
    | SkipItemStep
)


@dataclass(frozen=True, slots=True)
class Scenario:
    path: Path
    name: str
    steps: tuple[Step, ...]
    description: str = ""
    department: str = ""
    owner: str = ""
    baseline: Baseline = field(default_factory=Baseline)
    after: After = field(default_factory=After)
    inputs: dict[str, InputSpec] = field(default_factory=dict)
    secrets: tuple[str, ...] = ()
    settings: Settings = field(default_factory=Settings)
    personal: tuple[str, ...] = ()  # columns and variables holding personal data: kept out of the run log

    @property
    def personal_fields(self) -> tuple[str, ...]:
        """``personal:`` and the older ``settings: {masked_fields: …}``, which means the same."""
        return tuple(dict.fromkeys((*self.personal, *self.settings.masked_fields)))

    @property
    def folder(self) -> Path:
        return self.path.parent
