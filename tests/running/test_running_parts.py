"""The running layer's single places: the exception → status mapping, the retry loop, the item key."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from rpa_core.errors import AssertionFailed, DryRunStop, ItemManual, Loc, RunWaiting, SkipItem, StepFailed
from rpa_core.language.model import Retry
from rpa_core.running.context import Observer, RunContext
from rpa_core.running.outcomes import outcome, retrying
from rpa_core.running.recorder import Recorder
from rpa_core.running.secrets import Masker

RUNNING = Path(__file__).resolve().parents[2] / "rpa_core" / "running"


@pytest.mark.parametrize(("exc", "expected"), [
    (DryRunStop("s", Loc("f", 1, 1)), ("dry_run", "")),
    (SkipItem("対象外"), ("skipped", "対象外")),
    (ItemManual("確認して"), ("manual", "確認して")),
    (RunWaiting("押印"), ("manual", "押印")),
    (KeyboardInterrupt(), ("stopped", "")),
])
def test_outcome_of_each_signal(exc: BaseException, expected: tuple[str, str]) -> None:
    assert outcome(exc) == expected


def test_failures_are_failed() -> None:
    assert outcome(StepFailed("run.fail", message="x"))[0] == "failed"
    assert outcome(AssertionFailed("run.assert", expr="x"))[0] == "failed"


def test_retrying_tries_times_plus_one_and_reports_between() -> None:
    seen: list[tuple[int, int]] = []

    def attempt(n: int) -> int:
        if n < 3:
            raise StepFailed("run.fail", message=str(n))
        return n

    assert retrying(Retry(times=2), attempt, lambda n, r, _e: seen.append((n, r))) == 3
    assert seen == [(1, 2), (2, 2)]
    with pytest.raises(StepFailed):
        retrying(Retry(times=1), lambda n: attempt(0), lambda *_: None)
    with pytest.raises(StepFailed):
        retrying(None, lambda n: attempt(0), lambda *_: pytest.fail("no retry without retry:"))


def test_signals_are_not_retried() -> None:
    calls: list[int] = []

    def attempt(n: int) -> None:
        calls.append(n)
        raise SkipItem("x")

    with pytest.raises(SkipItem):
        retrying(Retry(times=3), attempt, lambda *_: None)
    assert calls == [1]


def test_the_item_key_is_held_by_the_recorder_only(tmp_path: Path) -> None:
    recorder = Recorder(log=None, masker=Masker(), dry_run=True)  # type: ignore[arg-type]
    ctx = RunContext(scenario_dir=tmp_path, artifacts_dir=tmp_path, settings={}, dry_run=True, unattended=True,
                     masker=Masker(), recorder=recorder, observer=Observer())
    assert ctx.item_key is None
    with recorder.working_on("123"):
        assert ctx.item_key == "123"
    assert ctx.item_key is None
    assert not hasattr(ctx, "step_timeout")


def test_no_import_cycles_in_the_running_layer() -> None:
    """loops and runners never import the interpreter; call: never imports scenario_run."""
    for name in ("loops.py", "runners.py", "body.py", "outcomes.py", "inputs.py", "recorder.py", "context.py"):
        tree = ast.parse((RUNNING / name).read_text(encoding="utf-8"))
        modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not modules & {"rpa_core.running.interpreter", "rpa_core.running.scenario_run"}, name
