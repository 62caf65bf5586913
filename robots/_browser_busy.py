"""A system that says it is busy: HTTP 502/503/504, or a page the scenario names (``settings.browser.busy_text``).

Real back offices answer a share of requests with 「ただいま混み合っています」 and a ``Retry-After``. A person
waits and presses the button again; a robot should too, but only where pressing again cannot register twice:

- A step that is not a commit step and met a busy page (its own navigation answered busy, or it failed on a
  busy page a navigation of an earlier non-commit step landed on) waits ``Retry-After`` (seconds or an HTTP
  date; 3 s when absent), asks for the page again, and runs again: at most ``busy_tries`` tries and
  ``busy_max_wait`` seconds of waiting in all, each wait written to the run log.
- A page whose request a commit step sent is never asked for again (it may have registered): the step fails as
  before, and the item's ``verify:`` decides. A commit step itself is never repeated here.

The session notes, for each page load of the main frame, whether a commit step sent its request
(:class:`Documents`); each browser action decides at its step with that knowledge
(:func:`robots._browser_base.busy_retry`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page, Request, Response

__all__ = ["BUSY_STATUSES", "DEFAULT_WAIT", "Busy", "Documents", "retry_after_seconds"]

BUSY_STATUSES = frozenset({502, 503, 504})
DEFAULT_WAIT = 3.0  # seconds, when a busy answer does not say how long


@dataclass(frozen=True)
class Busy:
    """Why the page is busy (``HTTP 503`` or the text found), how long it asks to wait, may it be asked again."""

    reason: str
    wait: float
    again: bool  # False when a commit step sent the request that got this page


def retry_after_seconds(value: str | None, now: dt.datetime | None = None) -> float:
    """``Retry-After`` in seconds: a number, or an HTTP date (RFC 9110); the default when absent or unreadable."""
    text = (value or "").strip()
    if not text:
        return DEFAULT_WAIT
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return DEFAULT_WAIT
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


class Documents:
    """Page loads of each window's main frame: the last one's answer, and whether a commit step asked for it.

    Playwright's click waits for the page load it starts, so a load is seen during the step that caused it.
    A form sent a moment later by the page's own script may be seen during the next step: a request other
    than GET seen in the step right after a commit step is counted as the commit step's too.
    """

    def __init__(self) -> None:
        self.count = 0  # page loads seen so far (a step compares before and after)
        self._step = 0  # browser steps begun so far
        self._commit_step = -2  # the number of the last commit step
        self._by_commit: dict[int, bool] = {}  # id(request) -> sent by a commit step
        self._last: dict[int, tuple[int, str | None, bool]] = {}  # id(page) -> (status, Retry-After, by commit)

    def begin_step(self, *, commit: bool) -> None:
        """A browser step begins: requests from now on are its own."""
        self._step += 1
        if commit:
            self._commit_step = self._step

    def watch(self, page: Page) -> None:
        page.on("request", self._request)
        page.on("response", lambda response: self._response(page, response))

    @staticmethod
    def _main(request: Request) -> bool:
        try:
            return request.is_navigation_request() and request.frame.parent_frame is None
        except Exception:  # a frame already detached: not the page a clerk looks at
            return False

    def _request(self, request: Request) -> None:
        if self._main(request):
            since_commit = self._step - self._commit_step
            self._by_commit[id(request)] = since_commit == 0 or (since_commit == 1 and request.method != "GET")

    def _response(self, page: Page, response: Response) -> None:
        request = response.request
        if not self._main(request):
            return
        self.count += 1
        by_commit = self._by_commit.pop(id(request), True)  # not seen sent: never assume it is safe to resend
        self._last[id(page)] = (response.status, response.headers.get("retry-after"), by_commit)

    def busy(self, page: Page, texts: tuple[str, ...]) -> Busy | None:
        """Is ``page`` a busy page now: its last load answered 502/503/504, or it shows one of ``texts``?"""
        status, retry_after, by_commit = self._last.get(id(page), (200, None, False))
        if status in BUSY_STATUSES:
            return Busy(f"HTTP {status}", retry_after_seconds(retry_after), not by_commit)
        for text in texts:
            try:
                shown = page.get_by_text(text).first.is_visible()
            except Exception:  # a page in the middle of loading: look again at the next step
                shown = False
            if shown:
                return Busy(text, DEFAULT_WAIT, not by_commit)
        return None
