"""Errors, in three families kept apart (as in Robot Framework's ``errors.py``).

::

    RobosanError                    anything robosan reports to a clerk (never a traceback)
    ├── ScenarioError               bad data found before the run: stops everything, exit 2
    │                               (carries one Problem per mistake, each with file:line:col)
    ├── InputError                  a bad --input value or a bad file given to a command, exit 2
    └── StepFailed                  a step failed while running: what retry/rescue/on_error catch
        ├── ActionError             raised by an action's code ("the file is locked", "no such label")
        │   ├── NotFoundYet         a waiting action's text, address or element did not appear in time
        │   │                       (in `verify:`: like a false assert, the item did not get through)
        │   └── SessionRestarted    the program a step drove (the browser) was gone and is started anew:
        │                           the scenario's login steps run again, then the step (not a commit step)
        ├── AssertionFailed         an `assert:` was false (in `verify:`: the item did not get through)
        └── Rejected                `reject:`: the target system refused the row for its content;
                                    never retried (retrying cannot help), the item fails at once

    ControlSignal (BaseException)   not errors: they steer the interpreter and are never rescued
    ├── SkipItem                    `skip_item:` ends the current work item as skipped
    ├── ItemManual                  an unattended `manual:` step hands the item to a clerk
    ├── RunWaiting                  an unattended `manual:` step outside a loop ends the run as waiting
    └── DryRunStop                  a `commit: true` step reached in a dry run

Messages are built in ``__init__`` from the ja/en catalogue (``rpa_core.messages``),
so every error has a Japanese and an English text and a hint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rpa_core.messages import get_lang, has, render, text

__all__ = [
    "ActionError",
    "AssertionFailed",
    "BadValue",
    "ControlSignal",
    "DryRunStop",
    "InputError",
    "ItemManual",
    "Loc",
    "NotFoundYet",
    "Problem",
    "Rejected",
    "RobosanError",
    "RunWaiting",
    "ScenarioError",
    "SessionRestarted",
    "SkipItem",
    "StepFailed",
]


@dataclass(frozen=True)
class Loc:
    """Where a node came from: file, 1-based line and column."""

    file: str
    line: int
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Problem:
    """One mistake in a scenario: where, which message, and its values."""

    loc: Loc
    key: str
    kwargs: dict[str, object] = field(default_factory=dict)
    hint_key: str | None = None

    def message(self, lang: str | None = None) -> str:
        return text(self.key, lang or get_lang(), **self.kwargs)

    def hint(self, lang: str | None = None) -> str:
        key = self.hint_key or (self.key + ".hint")
        return text(key, lang or get_lang(), **self.kwargs) if has(key) else ""

    def render(self, lang: str | None = None) -> str:
        return render(f"{self.loc}: {self.message(lang)}", self.hint(lang), lang)


class RobosanError(Exception):
    """Base of everything robosan reports to a clerk."""

    key: str = "error.generic"

    def __init__(self, key: str | None = None, /, **kwargs: object) -> None:
        self.key = key or self.key
        self.kwargs = kwargs
        super().__init__(self.message())

    def message(self, lang: str | None = None) -> str:
        return text(self.key, lang or get_lang(), **self.kwargs)

    def hint(self, lang: str | None = None) -> str:
        key = self.key + ".hint"
        return text(key, lang or get_lang(), **self.kwargs) if has(key) else ""

    def render(self, lang: str | None = None) -> str:
        """The message and its hint, as a clerk reads them: ``message\n    対処: hint``."""
        return render(self.message(lang), self.hint(lang), lang)

    def __str__(self) -> str:
        return self.message()


class ScenarioError(RobosanError):
    """One or more problems found in a scenario before it ran."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.loc.file, p.loc.line, p.loc.col))
        super().__init__("error.scenario", count=len(problems))

    def render(self, lang: str | None = None) -> str:
        return "\n".join(p.render(lang) for p in self.problems)

    def __str__(self) -> str:
        return self.render()


class InputError(RobosanError):
    """A bad value given on the command line, or a file a command cannot use."""


class StepFailed(RobosanError):
    """A step failed while running. ``loc`` and ``step`` say which one."""

    def __init__(
        self, key: str | None = None, /, *, loc: Loc | None = None, step: str = "", **kwargs: object
    ) -> None:
        self.loc = loc
        self.step = step
        super().__init__(key, **kwargs)

    def at(self, loc: Loc, step: str) -> StepFailed:
        """Attach the step's location if the error does not have one yet."""
        if self.loc is None:
            self.loc = loc
            self.step = step
        return self

    def render(self, lang: str | None = None) -> str:
        where = f"{self.loc}: " if self.loc else ""
        return render(where + self.message(lang), self.hint(lang), lang)


class ActionError(StepFailed):
    """Raised by an action: what is wrong, from the catalogue, with a hint if there is one.

    ``ActionError("excel.no_sheet", sheet="事業所", file=path)``; or for a one-off text,
    ``ActionError.plain(ja, en)``.
    """

    @classmethod
    def plain(cls, ja: str, en: str | None = None) -> ActionError:
        return cls("error.plain", ja=ja, en=en or ja)


class BadValue(ActionError):
    """A value of the clerk's data cannot be used as it is: an empty cell where a value is needed, text a
    filter cannot read (``"12,000" | int``), an argument of the wrong kind. The same data gives the same
    error, so no ``retry:`` repeats it (like :class:`Rejected`): the item fails at once, and the clerk fixes
    the row."""


class NotFoundYet(ActionError):
    """What a waiting action looked for (a text, an address, an element) did not appear within its timeout.

    Outside ``verify:`` it is an ordinary step failure with the action's own message. Inside ``verify:`` it
    means what a false ``assert:`` means: the item is not in the target system yet, so it runs again
    (Decisions: verify). Only "looked and did not find" raises it: a system that is down, a browser that
    crashed or a page that answered with an error still raise plain errors, and those leave the item 要確認.
    """

    @classmethod
    def like(cls, exc: StepFailed) -> NotFoundYet:
        """The same failure (message, hint, place) as ``exc``, marked as "not found yet"."""
        made = cls(exc.key, loc=exc.loc, step=exc.step, **exc.kwargs)
        made.__cause__ = exc.__cause__
        return made


class SessionRestarted(ActionError):
    """The program a step drives (the run's browser) was gone, closed by the clerk, crashed or killed, and is
    started anew at the next step. The new one starts logged out on a blank page, so the interpreter first runs
    the scenario's login steps again (``login``: the names of top-level steps), then this step once more.

    ``acted``: the loss was noticed in the middle of the step, which may already have done part of its work.
    A commit step that ``acted`` is never repeated (it may have registered): it fails, and ``verify:`` decides.
    """

    def __init__(self, key: str, /, *, acted: bool, login: tuple[str, ...] = ()) -> None:
        self.acted = acted
        self.login = login
        super().__init__(key)


class AssertionFailed(StepFailed):
    """An ``assert:`` step found its condition false."""


class Rejected(StepFailed):
    """A ``reject:`` step: the system refused this row for its content (UiPath's BusinessRuleException).

    Still a failure that ``rescue:``/``on_error:`` may handle, but :func:`rpa_core.running.outcomes.retrying`
    never retries it: the same data would be refused again, and each try costs the clerk time.
    """


class ControlSignal(BaseException):
    """Steers the interpreter; never caught by rescue, retry or on_error."""


class SkipItem(ControlSignal):
    def __init__(self, reason: str = "", loc: Loc | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.loc = loc  # where the skip_item: step is, should it be reached outside an item


class ItemManual(ControlSignal):
    def __init__(self, instruction: str) -> None:
        super().__init__(instruction)
        self.instruction = instruction


class RunWaiting(ControlSignal):
    def __init__(self, instruction: str) -> None:
        super().__init__(instruction)
        self.instruction = instruction


class DryRunStop(ControlSignal):
    def __init__(self, step: str, loc: Loc) -> None:
        super().__init__(step)
        self.step = step
        self.loc = loc


def display_path(path: str | Path) -> str:
    """A path as a clerk would like to read it: relative to the current folder when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
