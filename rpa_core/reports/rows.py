"""One line of the time-saved report (:mod:`rpa_core.reports.savings`): counts, minutes and their ratios.

A module of its own so that the queries (:mod:`rpa_core.reports.savings`) and the formatting
(:mod:`rpa_core.reports.table`) both build on it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["TOTAL_LABEL", "UNSET_LABEL", "ReportNotes", "ReportRow"]

TOTAL_LABEL = "合計"
UNSET_LABEL = "(未設定)"


@dataclass
class ReportRow:
    """One line of the report: a scenario (業務名) or a department (部/課/係), or the total (合計)."""

    label: str
    department: str = ""
    items: int = 0
    runs: int = 0
    before_minutes: float = 0.0
    after_minutes: float = 0.0
    robot_seconds: float = 0.0
    manual_items: int = 0
    errors: int = 0

    @property
    def saved_minutes(self) -> float:
        """削減時間 in minutes: before − after (negative when automation cost staff time)."""
        return self.before_minutes - self.after_minutes

    @property
    def rate(self) -> float | None:
        """削減率 as a fraction of ``before``; None when there was no baseline time to save."""
        return self.saved_minutes / self.before_minutes if self.before_minutes else None

    @property
    def before_hours(self) -> float:
        return self.before_minutes / 60.0

    @property
    def after_hours(self) -> float:
        return self.after_minutes / 60.0

    @property
    def saved_hours(self) -> float:
        return self.saved_minutes / 60.0

    @property
    def robot_hours(self) -> float:
        return self.robot_seconds / 3600.0

    def saved_yen(self, hourly_cost: float) -> float:
        """削減時間 × the hourly staff cost (e.g. the overtime rate): what the saved hours are worth."""
        return self.saved_hours * hourly_cost

    def add(self, other: ReportRow) -> None:
        """Add ``other``'s counts and minutes to this row (how the total is built)."""
        for name in (
            "items",
            "runs",
            "before_minutes",
            "after_minutes",
            "robot_seconds",
            "manual_items",
            "errors",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class ReportNotes:
    """What the report counted and what it left out: the footnote a supervisor reads under the figures.

    ``by_status`` holds the counted items by ledger status (done, failed, manual, needs_check) and
    the skipped ones it left out; ``clerk_done`` of the done ones were settled by a clerk and are
    priced as hand work. Trials are runs marked ``--trial``: left out unless ``trials_included``.
    ``orphans`` are counted failed items whose key no later run met again (closable by a clerk).
    """

    batches: int = 0
    itemless_runs: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    clerk_done: int = 0
    trials_included: bool = False
    trial_runs: int = 0
    trial_items: int = 0
    orphans: int = 0

    @property
    def runs(self) -> int:
        """Runs of work: batches with a settled item, plus finished runs of scenarios without an item loop."""
        return self.batches + self.itemless_runs

    @property
    def news(self) -> bool:
        """True when the footnote has something a 0.1.0 report did not say (trials, a clerk's done, orphans)."""
        return bool(self.trial_runs or self.clerk_done or self.orphans)

    def count(self, status: str, n: int) -> None:
        self.by_status[status] = self.by_status.get(status, 0) + n
