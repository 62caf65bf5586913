"""What every browser action shares: the run's session, timeouts, the locator arguments, and what a step
does when the browser was lost (:func:`restartable`) or the system is busy (:func:`busy_retry`, issue 14).

Every action that acts on an element takes the same locator arguments (``label``, ``text``
+ ``exact``, ``role`` + ``name``, ``placeholder``, ``title``, ``css``, ``nth``). They are
declared once, as the fields of :class:`Target` (name, type, default, doc text), and added to each action's signature by
:func:`element_action`, so the registry builds them into the argument model and
``robosan validate`` checks them like any other argument; the action's function receives
them as one :class:`Target`.
"""

from __future__ import annotations

import functools
import inspect
import time
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rpa_core.api import ActionContext, ActionError, NotFoundYet, SessionRestarted, action

from ._browser_busy import Busy
from ._browser_locate import Target, WindowClosed
from ._browser_session import BrowserSession

__all__ = [
    "LOCATOR_TYPES",
    "busy_retry",
    "element_action",
    "locate",
    "msg",
    "not_found_yet",
    "restartable",
    "seconds_for",
    "session_of",
]

LOCATOR_TYPES: dict[str, Any] = Target.arguments()  # the locator arguments, from Target


def session_of(ctx: ActionContext) -> BrowserSession:
    """The run's browser session (one per run, shared by every item; started on first use)."""
    session: BrowserSession = ctx.resource(
        "browser", factory=lambda: BrowserSession(ctx), close=BrowserSession.close
    )
    return session


def restartable(func: Callable[..., Any]) -> Callable[..., Any]:
    """A browser action that notices a lost browser (closed, crashed, killed, or its Playwright driver gone)
    raises :class:`SessionRestarted` instead of a confusing "Target closed", after dropping the dead browser:
    the interpreter logs in again through the scenario's own steps and runs the step once more.

    Lost before the step did anything: ``acted`` is False. Lost in the middle: True (a commit step is then
    not repeated; its item's ``verify:`` decides).
    """

    @functools.wraps(func)
    def wrapper(ctx: ActionContext, **kwargs: Any) -> Any:
        session = session_of(ctx)
        if session.started and not session.connected():
            raise session.restarted(acted=False)
        try:
            return func(ctx, **kwargs)
        except SessionRestarted:
            raise
        except Exception as exc:
            if session.lost():
                raise session.restarted(acted=True) from exc
            raise

    return wrapper


def seconds_for(session: BrowserSession, timeout: float | None) -> float:
    return float(timeout) if timeout is not None else session.default_timeout


def element_action(
    name: str, *, summary: str, summary_en: str, commit: bool = False, required: bool = True
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register an action whose function takes ``target: Target``; clerks write the locator keys."""

    def deco(func: Callable[..., Any]) -> Callable[..., Any]:
        hints = typing.get_type_hints(func, include_extras=True)
        sig = inspect.signature(func)
        own = [p for p in sig.parameters.values() if p.name not in ("ctx", "target")]
        before = [p for p in own if p.name != "timeout"]
        after = [p for p in own if p.name == "timeout"]
        added = [
            inspect.Parameter(k, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=tp)
            for k, tp in LOCATOR_TYPES.items()
        ]

        @functools.wraps(func)
        def wrapper(ctx: ActionContext, **kwargs: Any) -> Any:
            target = Target.pop_from(kwargs)
            if required or target.given():
                target.check(name)
            chosen = target if target.given() else None
            try:
                return func(ctx, target=chosen, **kwargs)
            except WindowClosed:
                # the pop-up this step meant closed itself a moment before (its close event had not
                # arrived yet): the step never happened there, so do it once in the window now in front
                return func(ctx, target=chosen, **kwargs)

        ctx_param = sig.parameters["ctx"]
        wrapper.__signature__ = sig.replace(parameters=[ctx_param, *before, *added, *after])  # type: ignore[attr-defined]
        wrapper.__annotations__ = {**{k: v for k, v in hints.items() if k != "target"}, **LOCATOR_TYPES}
        return action(name, summary=summary, summary_en=summary_en, commit=commit)(restartable(busy_retry()(wrapper)))

    return deco


def locate(session: BrowserSession, target: Target) -> Any:
    return target.build(session.scope())


@contextmanager
def not_found_yet() -> Iterator[None]:
    """A wait that timed out (the error :func:`guard` made of Playwright's TimeoutError) becomes
    :class:`NotFoundYet` with the same message: inside ``verify:`` the item is then "not there yet" and runs
    again, like a false ``assert:``. Any other failure (the page would not open, the browser is gone) stays
    a plain error, which ``verify:`` turns into 要確認. Looks at the cause, not the message, so that a
    better worded "not found" message keeps the rule."""
    from playwright.sync_api import TimeoutError

    try:
        yield
    except (NotFoundYet, SessionRestarted):
        raise
    except ActionError as exc:
        if isinstance(exc.__context__, TimeoutError):
            raise NotFoundYet.like(exc) from None
        raise


def busy_retry(*, navigates: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Wrap a browser action so that a busy page it met is waited out and the step tried again (module doc).

    ``navigates``: the action asks for its page itself (``browser.open``, ``goto``): trying again is enough.
    Any other action first asks for the busy page again (a reload), then runs again if it had failed.
    """

    def deco(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(ctx: ActionContext, **kwargs: Any) -> Any:
            session = session_of(ctx)
            commit = bool(getattr(ctx, "current_commit", False))
            session.documents.begin_step(commit=commit)
            if commit:
                return func(ctx, **kwargs)  # a commit step is never repeated: the ledger and verify: decide
            return _Tries(ctx, session, navigates).run(lambda: func(ctx, **kwargs))

        return wrapper

    return deco


class _Tries:
    """The tries of one step against a busy system, within the settings' bounds."""

    def __init__(self, ctx: ActionContext, session: BrowserSession, navigates: bool) -> None:
        self.ctx = ctx
        self.session = session
        self.navigates = navigates
        self.tries = session.settings.busy_tries
        self.budget = float(session.settings.busy_max_wait)

    def run(self, step: Callable[[], Any]) -> Any:
        result, failed, landed = self._once(step)
        attempt = 1
        while True:
            busy = self._busy(landed=landed)
            if busy is None or not busy.again:
                if failed is not None:
                    raise failed
                return result
            self._wait(busy, attempt, failed)  # gives up (raises) at the bounds
            attempt += 1
            if not self.navigates:
                self._reload()
            if self.navigates or failed is not None:
                result, failed, landed = self._once(step)
            else:  # the step did its part; its own page load answered busy and was just asked for again
                landed = True

    def _once(self, step: Callable[[], Any]) -> tuple[Any, ActionError | None, bool]:
        """Run the step: its result or its failure, and whether it may have met a busy page (a page loaded
        during it, or it failed: a busy page may have landed after an earlier step)."""
        before = self.session.documents.count
        try:
            return step(), None, self.session.documents.count != before
        except SessionRestarted:
            raise
        except ActionError as exc:
            return None, exc, True

    def _busy(self, *, landed: bool) -> Busy | None:
        session = self.session
        if not landed or not session.started:
            return None
        return session.documents.busy(session.page, session.settings.busy_text)

    def _wait(self, busy: Busy, attempt: int, failed: ActionError | None) -> None:
        """Wait what the system asked (within what is left of the budget), or give up with a clear error."""
        seconds = min(busy.wait, self.budget)
        if attempt >= self.tries or self.budget <= 0:
            detail = failed.message() if failed is not None else busy.reason
            raise ActionError("browser.busy_gave_up", reason=busy.reason, tries=attempt, detail=detail)
        self.ctx.log(msg("browser.busy_wait", reason=busy.reason, seconds=f"{seconds:g}", attempt=attempt,
                           tries=self.tries))
        self.budget -= seconds
        time.sleep(seconds)

    def _reload(self) -> None:
        from playwright.sync_api import Error

        page = self.session.page
        try:
            page.reload(timeout=self.session.default_timeout * 1000)
        except Error:  # still unreachable: the next try meets the same page and decides again
            pass


def msg(key: str, **kwargs: object) -> str:
    from rpa_core.api import text

    return text(key, **kwargs)
