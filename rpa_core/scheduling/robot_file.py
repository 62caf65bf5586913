"""The robot file (``robot.yaml``): which scenarios a robot PC runs, when, and on which days.

::

    robot: 市民税課ロボット1号
    calendar: {business_days: true, closed: [2026-08-14], open: [], if_closed: next_business_day}
    notify: {mail_to: [zeimu@city.example.lg.jp], mail_from: robot1@city.example.lg.jp, smtp_host: mail.example}
    jobs:
      - scenario: scenarios/business_registration/scenario.yaml
        at: every weekday 07:30          # or cron: "30 7 * * mon-fri"
        inputs: {file: data/jigyosho.xlsx}
        grace: 2h
        allowed_paths: ['\\\\fileserver\\share\\市民税課\\申告書']   # this job only
    allowed_paths: ['C:\\共有\\市民税課']   # every job (issue 13: folders the scenarios may use)

Loaded with the line-stamped loader and checked like a scenario: every problem is reported
at once as ``file:line:col: message`` in Japanese and English, including the problems of
each job's scenario file and of its inputs. Scenario paths resolve from the robot file's
folder; input values are given to the scenario as if typed after ``--input`` (so relative
paths among them resolve from the scenario's folder, as in ``robosan run``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rpa_core.errors import InputError, Loc, Problem, ScenarioError

# Imported for their side effect: they register the robot.* messages and the reused unknown-key ones.
from rpa_core.language.checks import Checker
from rpa_core.language.loader import Node, item_loc, load_yaml
from rpa_core.language.types import parse_duration
from rpa_core.scheduling.calendar_jp import BusinessCalendar, Plan, ScheduleError, parse_schedule

__all__ = ["Job", "Notify", "RobotFile", "load_robot"]

TOP_KEYS = ("robot", "calendar", "notify", "jobs", "retention", "allowed_paths")
CALENDAR_KEYS = ("business_days", "closed", "open", "if_closed")
JOB_KEYS = ("name", "scenario", "at", "cron", "inputs", "grace", "timeout", "allowed_paths")
NOTIFY_KEYS = ("mail_to", "mail_from", "smtp_host", "smtp_port", "starttls", "ssl", "smtp_secret", "events")
NOTIFY_ON = ("failed", "missed", "locked")
DEFAULT_GRACE = 3600.0


@dataclass(frozen=True)
class Notify:
    """Where a failed or missed scheduled run is reported by mail."""

    mail_to: tuple[str, ...]
    mail_from: str
    smtp_host: str = "localhost"
    smtp_port: int = 25
    starttls: bool = False
    ssl: bool = False
    smtp_secret: str | None = None  # a robosan secret with fields user and password
    on: tuple[str, ...] = ("failed", "missed")  # `events:` in the file (YAML reads a key `on` as true)


@dataclass(frozen=True)
class Job:
    """One scheduled scenario of the robot."""

    id: str
    scenario: Path
    plan: Plan
    inputs: dict[str, Any]
    grace: float
    timeout: float | None
    loc: Loc
    scenario_name: str = ""
    allowed_paths: tuple[Path, ...] = ()  # the robot file's and the job's own grants (rpa_core.running.places)


@dataclass(frozen=True)
class RobotFile:
    """A checked robot file."""

    path: Path
    robot: str
    calendar: BusinessCalendar
    jobs: tuple[Job, ...]
    notify: Notify | None = None
    retention: int | None = None  # days of personal data the run log keeps (issue 13); None: not set here
    problems: tuple[Problem, ...] = field(default=(), compare=False)
    allowed_paths: tuple[Path, ...] = ()

    def job(self, job_id: str) -> Job:
        for job in self.jobs:
            if job.id == job_id:
                return job
        raise KeyError(job_id)


def load_robot(path: str | Path, *, check_scenarios: bool = True) -> RobotFile:
    """Load and check ``path``; raise ScenarioError listing every problem found."""
    checker = _Checker(Path(path))
    robot = checker.load(check_scenarios)
    if checker.problems or robot is None:
        raise ScenarioError(checker.problems)
    return robot


class _Checker(Checker):
    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path
        self.granted: tuple[Path, ...] = ()  # the top-level allowed_paths:, added to every job's own

    def keys(self, node: Node, allowed: tuple[str, ...], where: str) -> None:
        self.unknown_keys(node, allowed, where)

    def load(self, check_scenarios: bool) -> RobotFile | None:
        try:
            data, dup = load_yaml(self.path, self.display)
        except ScenarioError as exc:
            self.problems.extend(exc.problems)
            return None
        except ValueError:  # PyYAML builds dates while parsing: 2026-13-14 raises here, without a line
            self.problems.append(self.bad_date_in_source())
            return None
        self.problems.extend(dup)
        if not isinstance(data, Node):
            self.err(Loc(self.display, 1), "robot.not_mapping")
            return None
        self.keys(data, TOP_KEYS, "robot.yaml")
        name = data.get("robot")
        if not isinstance(name, str) or not name.strip():
            self.err(data.loc_of("robot"), "robot.no_name")
            name = self.path.stem
        calendar = self.calendar(data)
        notify = self.notify(data)
        self.granted = self.allowed_paths(data)
        jobs = self.jobs(data, calendar, check_scenarios)
        return RobotFile(self.path.resolve(), name.strip(), calendar, tuple(jobs), notify, self.retention(data),
                         allowed_paths=self.granted)

    def retention(self, data: Node) -> int | None:
        """``retention: 400d``: the days the run log keeps personal data (the PC's own setting may be shorter)."""
        from rpa_core.store.purge import MIN_DAYS, retention_days

        if data.get("retention") is None:
            return None
        try:
            return retention_days(data["retention"], path=self.display)
        except InputError:
            self.err(data.loc_of("retention"), "robot.bad_retention", value=data["retention"], minimum=MIN_DAYS)
            return None
    def allowed_paths(self, node: Node) -> tuple[Path, ...]:
        """``allowed_paths:``: folders the scenarios may read and write; relative ones from this file's folder."""
        raw = node.get("allowed_paths")
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.err(node.loc_of("allowed_paths"), "robot.need_list", key="allowed_paths")
            return ()
        out: list[Path] = []
        for i, value in enumerate(raw):
            if not isinstance(value, str) or not value.strip():
                self.err(item_loc(raw, i, node.loc_of("allowed_paths")), "robot.bad_text", key="allowed_paths")
                continue
            out.append(self.path.parent.resolve() / value.strip())
        return tuple(out)

    def bad_date_in_source(self) -> Problem:
        """Find the impossible date that made PyYAML fail, to report it at its line."""
        source = self.path.read_text(encoding="utf-8-sig")
        for n, line in enumerate(source.splitlines(), 1):
            for m in re.finditer(r"(?<![\w-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w-])", line):
                try:
                    dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    key = line.split(":", 1)[0].strip(" -{") if ":" in line else "calendar"
                    return Problem(
                        Loc(self.display, n, m.start() + 1),
                        "robot.bad_date",
                        {"key": key, "value": m.group(0)},
                    )
        return Problem(Loc(self.display, 1), "robot.bad_date", {"key": "?", "value": "?"})

    # -- calendar ----------------------------------------------------------------
    def calendar(self, data: Node) -> BusinessCalendar:
        raw = data.get("calendar")
        if raw is None:
            return BusinessCalendar()
        if not isinstance(raw, Node):
            self.err(data.loc_of("calendar"), "robot.need_mapping", key="calendar")
            return BusinessCalendar()
        self.keys(raw, CALENDAR_KEYS, "calendar")
        business = self.boolean(raw, "business_days", True)
        if_closed = raw.get("if_closed", "next_business_day")
        if if_closed not in ("next_business_day", "skip"):
            self.err(
                raw.loc_of("if_closed"),
                "robot.bad_choice",
                key="if_closed",
                value=if_closed,
                choices="next_business_day, skip",
            )
            if_closed = "next_business_day"
        return BusinessCalendar(business, self.dates(raw, "closed"), self.dates(raw, "open"), if_closed)

    def boolean(self, node: Node, key: str, default: bool) -> bool:
        value = node.get(key, default)
        if not isinstance(value, bool):
            self.err(node.loc_of(key), "robot.bad_bool", key=key)
            return default
        return value

    def dates(self, node: Node, key: str) -> frozenset[dt.date]:
        raw = node.get(key)
        if raw is None:
            return frozenset()
        if not isinstance(raw, list):
            self.err(node.loc_of(key), "robot.need_list", key=key)
            return frozenset()
        out: set[dt.date] = set()
        for i, value in enumerate(raw):
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                out.add(value)
                continue
            try:
                out.add(dt.date.fromisoformat(str(value)))
            except ValueError:
                self.err(item_loc(raw, i, node.loc_of(key)), "robot.bad_date", key=key, value=value)
        return frozenset(out)

    # -- notify ------------------------------------------------------------------
    def notify(self, data: Node) -> Notify | None:
        raw = data.get("notify")
        if raw is None:
            return None
        if not isinstance(raw, Node):
            self.err(data.loc_of("notify"), "robot.need_mapping", key="notify")
            return None
        self.keys(raw, NOTIFY_KEYS, "notify")
        to = raw.get("mail_to")
        to_list = [to] if isinstance(to, str) else to if isinstance(to, list) else []
        sender = raw.get("mail_from")
        if not to_list or not all(isinstance(a, str) for a in to_list) or not isinstance(sender, str):
            self.err(raw.loc, "robot.mail_needs")
            return None
        port = raw.get("smtp_port", 25)
        if not isinstance(port, int) or isinstance(port, bool):
            self.err(raw.loc_of("smtp_port"), "robot.bad_number", key="smtp_port")
            port = 25
        on = raw.get("events", ["failed", "missed"])
        on_list = [on] if isinstance(on, str) else on if isinstance(on, list) else []
        for i, kind in enumerate(on_list):
            if kind not in NOTIFY_ON:
                self.err(
                    item_loc(on_list, i, raw.loc_of("events")),
                    "robot.bad_choice",
                    key="events",
                    value=kind,
                    choices=", ".join(NOTIFY_ON),
                )
        secret = raw.get("smtp_secret")
        return Notify(
            tuple(to_list),
            sender,
            str(raw.get("smtp_host", "localhost")),
            port,
            self.boolean(raw, "starttls", False),
            self.boolean(raw, "ssl", False),
            str(secret) if secret else None,
            tuple(k for k in on_list if k in NOTIFY_ON),
        )

    # -- jobs ----------------------------------------------------------------------
    def jobs(self, data: Node, calendar: BusinessCalendar, check_scenarios: bool) -> list[Job]:
        raw = data.get("jobs")
        if not isinstance(raw, list) or not raw:
            if raw is not None and not isinstance(raw, list):
                self.err(data.loc_of("jobs"), "robot.need_list", key="jobs")
            else:
                self.err(data.loc_of("jobs") if "jobs" in data else data.loc, "robot.no_jobs")
            return []
        jobs: list[Job] = []
        seen: dict[str, Loc] = {}
        for i, node in enumerate(raw):
            here = item_loc(raw, i, data.loc_of("jobs"))
            if not isinstance(node, Node):
                self.err(here, "robot.need_mapping", key=f"jobs[{i + 1}]")
                continue
            job = self.job(node, calendar, check_scenarios)
            if job is None:
                continue
            if job.id in seen:
                self.err(node.loc, "robot.duplicate_job", name=job.id, first=seen[job.id].line)
                continue
            seen[job.id] = node.loc
            jobs.append(job)
        return jobs

    def duration(self, node: Node, key: str, default: float | None) -> float | None:
        if key not in node:
            return default
        try:
            return parse_duration(node[key])
        except ValueError:
            self.err(node.loc_of(key), "robot.bad_duration", key=key, value=node[key])
            return default

    def schedule(self, node: Node, calendar: BusinessCalendar) -> Plan | None:
        at, cron = node.get("at"), node.get("cron")
        if at is None and cron is None:
            self.err(node.loc, "robot.no_schedule")
            return None
        if at is not None and cron is not None:
            self.err(node.loc_of("cron"), "robot.two_schedules")
            return None
        key = "at" if at is not None else "cron"
        try:
            return Plan(
                parse_schedule(at=None if at is None else str(at), cron=None if cron is None else str(cron)),
                calendar,
            )
        except ScheduleError as exc:
            self.problems.append(Problem(node.loc_of(key), exc.key, exc.kwargs))
            return None

    def job(self, node: Node, calendar: BusinessCalendar, check_scenarios: bool) -> Job | None:
        self.keys(node, JOB_KEYS, "jobs")
        scenario = node.get("scenario")
        plan = self.schedule(node, calendar)
        grace = self.duration(node, "grace", DEFAULT_GRACE) or 0.0
        timeout = self.duration(node, "timeout", None)
        inputs = node.get("inputs") or {}
        if not isinstance(inputs, dict):
            self.err(node.loc_of("inputs"), "robot.need_mapping", key="inputs")
            inputs = {}
        if not isinstance(scenario, str) or not scenario.strip():
            self.err(node.loc_of("scenario") if "scenario" in node else node.loc, "robot.no_scenario")
            return None
        path = (self.path.parent / scenario).resolve()
        name = node.get("name")
        if name is not None and not isinstance(name, str):
            self.err(node.loc_of("name"), "robot.bad_text", key="name")
            name = None
        scenario_name = self.check_scenario(node, path, inputs) if check_scenarios else ""
        if plan is None:
            return None
        job_id = (name or scenario).strip()
        granted = self.granted + self.allowed_paths(node)
        return Job(job_id, path, plan, dict(inputs), grace, timeout, node.loc, scenario_name, granted)

    def check_scenario(self, node: Node, path: Path, inputs: dict[str, Any]) -> str:
        """Load the job's scenario (its own problems are reported at its own lines) and try the inputs."""
        from rpa_core.language.parser import load_scenario
        from rpa_core.running.inputs import resolve_inputs

        if not path.is_file():
            self.err(node.loc_of("scenario"), "file.not_found", path=str(node.get("scenario")))
            return ""
        try:
            scenario = load_scenario(path, unattended=True, given_inputs=tuple(inputs))
        except ScenarioError as exc:
            self.problems.extend(exc.problems)
            return ""
        try:
            resolve_inputs(scenario, dict(inputs))
        except InputError as exc:
            name = str(exc.kwargs.get("name", ""))
            loc = (
                inputs.loc_of(name) if isinstance(inputs, Node) and name in inputs else node.loc_of("inputs")
            )
            self.problems.append(Problem(loc if "inputs" in node else node.loc, exc.key, dict(exc.kwargs)))
        return scenario.name
