"""The Japanese business-day calendar and the schedules of the robot runner.

A city hall is closed on weekends, on public holidays (``jpholiday``, including 振替休日 and
国民の休日) and over 年末年始 (December 29 to January 3, which no holiday library knows), plus
days a robot file names under ``closed:``; ``open:`` days override all of these. A run that
falls on a closed day is either moved to the next business day at the same time
(``if_closed: next_business_day``) or dropped (``skip``). A moved run that lands on a time the
job already runs at is run once, not twice (docs/architecture.md, Decisions: cron).

Schedules are either plain words (``every weekday 07:30``, ``every day 06:00``,
``every month 1st 08:00``, ``every mon,thu 09:00``, ``every month last 17:00``, and the
Japanese ``平日 07:30``, ``毎日 06:00``, ``毎月1日 08:00``) or a standard five-field cron string
with cron's meaning (day of week 0 and 7 = Sunday; when both day-of-month and day-of-week are
restricted a day matching either runs, as in Vixie cron), translated for APScheduler, whose own
day-of-week counts from Monday. All times are Japan time (a fixed +09:00 offset: Windows PCs
may lack tz data, and Japan has no daylight saving time).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from rpa_core.messages import text

__all__ = [
    "JST",
    "BusinessCalendar",
    "Plan",
    "PlannedRun",
    "Schedule",
    "ScheduleError",
    "format_day",
    "parse_schedule",
]

JST = dt.timezone(dt.timedelta(hours=9), "JST")
WEEKDAYS_JA = "月火水木金土日"
_CRON_DOW = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_DOW_ALIASES = {
    **{name: i for i, name in enumerate(_CRON_DOW)},
    "sunday": 0,
    "monday": 1,
    "tuesday": 2,
    "wednesday": 3,
    "thursday": 4,
    "friday": 5,
    "saturday": 6,
    "日": 0,
    "月": 1,
    "火": 2,
    "水": 3,
    "木": 4,
    "金": 5,
    "土": 6,
}
IfClosed = Literal["next_business_day", "skip"]

class ScheduleError(ValueError):
    """A schedule string that cannot be read; ``key``/``kwargs`` name a catalogue message."""

    def __init__(self, key: str, **kwargs: object) -> None:
        self.key, self.kwargs = key, kwargs
        super().__init__(text(key, **kwargs))


def format_day(day: dt.date, lang: str | None = None) -> str:
    """``2026-05-07(木)`` in Japanese, ``2026-05-07 (Thu)`` in English."""
    from rpa_core.messages import get_lang

    if (lang or get_lang()) == "en":
        return f"{day.isoformat()} ({day.strftime('%a')})"
    return f"{day.isoformat()}({WEEKDAYS_JA[day.weekday()]})"


# -- the calendar ------------------------------------------------------------------
@dataclass(frozen=True)
class BusinessCalendar:
    """Which days the office is open. ``business_days: false`` means every day is open."""

    business_days: bool = True
    closed: frozenset[dt.date] = frozenset()
    open: frozenset[dt.date] = frozenset()
    if_closed: IfClosed = "next_business_day"

    def closed_reason(self, day: dt.date) -> str | None:
        """Why ``day`` is closed, in the current language; None when it is a business day."""
        import jpholiday

        if day in self.open:
            return None
        if day in self.closed:
            return text("cal.closed")
        if not self.business_days:
            return None
        if (day.month, day.day) in ((12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3)):
            return text("cal.year_end")
        holiday = jpholiday.is_holiday_name(day)
        if holiday:
            return text("cal.holiday", name=holiday)
        if day.weekday() >= 5:
            return text("cal.weekend")
        return None

    def is_business_day(self, day: dt.date) -> bool:
        return self.closed_reason(day) is None

    def next_business_day(self, day: dt.date) -> dt.date | None:
        """The first business day on or after ``day`` (None if none within two years)."""
        for offset in range(731):
            candidate = day + dt.timedelta(days=offset)
            if self.is_business_day(candidate):
                return candidate
        return None


# -- schedules -----------------------------------------------------------------------
@dataclass(frozen=True)
class Schedule:
    """A job's timetable before the calendar is applied: an APScheduler trigger in Japan time."""

    source: str
    trigger: Any = field(compare=False, repr=False)

    def raw_times(self, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
        """Fire times ``start <= t < end`` as the trigger alone gives them (no calendar)."""
        out: list[dt.datetime] = []
        t = self.trigger.get_next_fire_time(None, start)
        while t is not None and t < end:
            out.append(t)
            t = self.trigger.get_next_fire_time(t, t + dt.timedelta(seconds=1))
        return out


def _cron(**fields: Any) -> Any:
    from apscheduler.triggers.cron import CronTrigger

    return CronTrigger(timezone=JST, second=0, **fields)


_TIME = re.compile(r"^(\d{1,2})[:：](\d{2})$")


def _hm(value: str, source: str) -> tuple[int, int]:
    m = _TIME.match(value.strip())
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ScheduleError("sched.bad_time", value=value if m else source)
    return int(m.group(1)), int(m.group(2))


def _dow_names(tokens: Iterable[str], source: str) -> str:
    names: list[str] = []
    for token in tokens:
        token = token.strip().lower().removesuffix("曜日").removesuffix("曜")
        if token not in _DOW_ALIASES:
            raise ScheduleError("sched.bad_at", value=source)
        names.append(_CRON_DOW[_DOW_ALIASES[token]])
    return ",".join(names)


def _plain(source: str) -> Any:
    """Plain words: 'every weekday 07:30', '平日 07:30', 'every month 1st 08:00', '毎月1日 08:00'…"""
    words = source.strip().replace("　", " ").split()
    if len(words) < 2:
        raise ScheduleError("sched.bad_at", value=source)
    hour, minute = _hm(words[-1], source)
    what = " ".join(words[:-1]).lower()
    what = what.removeprefix("every ").strip()
    if what in ("day", "毎日"):
        return _cron(hour=hour, minute=minute)
    if what in ("weekday", "平日", "毎平日"):
        return _cron(day_of_week="mon-fri", hour=hour, minute=minute)
    month = re.fullmatch(r"(?:month\s+(\d{1,2})(?:st|nd|rd|th)?|毎月\s*(\d{1,2})日)", what)
    if month:
        day = int(month.group(1) or month.group(2))
        if not 1 <= day <= 31:
            raise ScheduleError("sched.bad_at", value=source)
        return _cron(day=day, hour=hour, minute=minute)
    if what in ("month last", "毎月末日", "毎月末"):
        return _cron(day="last", hour=hour, minute=minute)
    weekly = what.removeprefix("毎週").strip()
    return _cron(day_of_week=_dow_names(re.split(r"[,、・]", weekly), source), hour=hour, minute=minute)


def _cron_dow(field_: str, source: str) -> str:
    """Standard cron day-of-week (0 or 7 = Sunday, names) → APScheduler names (its 0 is Monday)."""
    if field_ == "*":
        return "*"
    days: set[int] = set()
    for part in field_.lower().split(","):
        rng, _, step_s = part.partition("/")
        step = int(step_s) if step_s.isdigit() else 1
        if step_s and not step_s.isdigit():
            raise ScheduleError("sched.bad_cron", value=source, detail=part)
        if rng == "*":
            lo, hi = 0, 6
        else:
            a, _, b = rng.partition("-")
            lo, hi = _dow_number(a, source), _dow_number(b, source) if b else None  # type: ignore[assignment]
            if hi is None:
                hi = 6 if step_s else lo
        if hi == 0 and lo > 0:  # "5-0" or "mon-sun": Sunday closes the range
            hi = 7
        if hi < lo:
            raise ScheduleError("sched.bad_cron", value=source, detail=part)
        days.update(d % 7 for d in range(lo, hi + 1, step))
    return ",".join(_CRON_DOW[d] for d in sorted(days))


def _dow_number(token: str, source: str) -> int:
    token = token.strip()
    if token.isdigit() and int(token) <= 7:
        return int(token)  # 7 is Sunday too: ranges like 5-7 keep it last, then % 7
    if token in _CRON_DOW:
        return _CRON_DOW.index(token)
    raise ScheduleError("sched.bad_cron", value=source, detail=token)


def _crontab(source: str) -> Any:
    from apscheduler.triggers.combining import OrTrigger

    fields = source.split()
    if len(fields) != 5:
        raise ScheduleError("sched.bad_cron", value=source, detail=f"{len(fields)} fields")
    minute, hour, dom, month, dow = fields
    try:
        dow_ap = _cron_dow(dow, source)
        if dom != "*" and dow != "*" and not dom.startswith("*") and not dow.startswith("*"):
            # Vixie cron: both restricted means either matches.
            return OrTrigger(
                [
                    _cron(minute=minute, hour=hour, day=dom, month=month),
                    _cron(minute=minute, hour=hour, day_of_week=dow_ap, month=month),
                ]
            )
        return _cron(minute=minute, hour=hour, day=dom, month=month, day_of_week=dow_ap)
    except ScheduleError:
        raise
    except ValueError as exc:
        raise ScheduleError("sched.bad_cron", value=source, detail=str(exc)) from None


def parse_schedule(*, at: str | None = None, cron: str | None = None) -> Schedule:
    """A :class:`Schedule` from plain words (``at``) or a standard cron string (``cron``)."""
    if cron is not None:
        return Schedule(f"cron: {cron}", _crontab(str(cron)))
    if at is None:
        raise ScheduleError("sched.bad_at", value="")
    return Schedule(str(at), _plain(str(at)))


# -- the plan: schedule + calendar ----------------------------------------------------
@dataclass(frozen=True)
class PlannedRun:
    """One run the job will make: when, and which closed days' runs were moved onto it."""

    at: dt.datetime
    moved_from: tuple[dt.date, ...] = ()
    own: bool = True  # False when only moved runs land here


@dataclass(frozen=True)
class SkippedRun:
    """A run dropped because its day is closed (``if_closed: skip``) or no business day follows."""

    at: dt.datetime
    reason: str


@dataclass(frozen=True)
class Plan:
    """A job's schedule with the calendar applied: the times it really runs."""

    schedule: Schedule
    calendar: BusinessCalendar

    def _lookback(self, start: dt.datetime) -> dt.datetime:
        """Back to the first day of the closed stretch before ``start``: its runs may move past it."""
        if self.calendar.if_closed == "skip":
            return start
        day = start.date()
        for _ in range(366):
            prev = day - dt.timedelta(days=1)
            if self.calendar.is_business_day(prev):
                break
            day = prev
        return min(start, dt.datetime.combine(day, dt.time(), JST))

    def window(self, start: dt.datetime, end: dt.datetime) -> tuple[list[PlannedRun], list[SkippedRun]]:
        """Planned runs with ``start <= at < end``, merged by time, and the runs skipped there."""
        merged: dict[dt.datetime, tuple[list[dt.date], bool]] = {}
        skipped: list[SkippedRun] = []
        for t in self.schedule.raw_times(self._lookback(start), end):
            reason = self.calendar.closed_reason(t.date())
            if reason is None:
                target, moved = t, None
            else:
                nxt = self.calendar.next_business_day(t.date()) if self.calendar.if_closed != "skip" else None
                if nxt is None:
                    if t >= start:
                        skipped.append(SkippedRun(t, reason))
                    continue
                target, moved = dt.datetime.combine(nxt, t.timetz()), t.date()
            if not start <= target < end:
                continue
            days, own = merged.get(target, ([], False))
            if moved is not None:
                days.append(moved)
            merged[target] = (days, own or moved is None)
        runs = [PlannedRun(at, tuple(days), own) for at, (days, own) in sorted(merged.items())]
        return runs, skipped

    def next_runs(self, start: dt.datetime, count: int) -> list[PlannedRun]:
        """The first ``count`` planned runs at or after ``start``.

        The window starts at an hour and doubles: the answer does not depend on it, the cost does (a
        job every minute has 11,520 times in 8 days, and APScheduler asks at every fire).
        """
        span = dt.timedelta(hours=1)
        while True:
            runs, _ = self.window(start, start + span)
            if len(runs) >= count or span > dt.timedelta(days=800):
                return runs[:count]
            span *= 2

    def next_after(self, previous: dt.datetime | None, now: dt.datetime) -> dt.datetime | None:
        """The next planned time after ``previous`` (or at/after ``now`` when there is none)."""
        start = previous + dt.timedelta(seconds=1) if previous is not None else now
        runs = self.next_runs(start, 1)
        return runs[0].at if runs else None

    def between(self, after: dt.datetime, until: dt.datetime) -> list[PlannedRun]:
        """Planned runs with ``after < at <= until`` (what a stopped runner missed)."""
        runs, _ = self.window(after + dt.timedelta(seconds=1), until + dt.timedelta(seconds=1))
        return runs
