"""Shared fixtures: every test gets its own robosan home (run log, artifacts) and language.

The fixtures of the sample web system and the browser (``tests/support/browser_fixtures.py``) and
of the virtual display (``tests/support/desktop_fixtures.py``) are loaded here with ``pytest_plugins``.
A test that uses them must carry the marker that says so (``browser``, ``display``): the hook at the
end fails it otherwise, so that ``pytest -m "not browser and not display and not tesseract and not
slow"`` stays a quick unit run that needs no Chromium and no X display.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from rpa_core.messages import set_lang
from rpa_core.running.context import Observer

pytest_plugins = ["tests.support.browser_fixtures", "tests.support.desktop_fixtures"]

# fixture -> the marker a test that uses it must carry
MARKER_OF_FIXTURE = {"robot_env": "browser", "local_site": "browser", "xvfb": "display"}


class RecordingObserver(Observer):
    """Collects what a clerk would see; answers manual steps at once."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.manual: list[str] = []
        self.items: list[tuple[str, str]] = []

    def log(self, text: str) -> None:
        self.lines.append(text)

    def item_finished(self, key: str, status: str) -> None:
        self.items.append((key, status))

    def ask_manual(self, instruction: str) -> None:
        self.manual.append(instruction)


@pytest.fixture(autouse=True)
def robosan_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "robosan-home"
    monkeypatch.setenv("ROBOSAN_HOME", str(home))
    monkeypatch.delenv("ROBOSAN_DB", raising=False)
    monkeypatch.delenv("ROBOSAN_LANG", raising=False)
    set_lang(None)
    yield home
    set_lang(None)


@pytest.fixture
def write_scenario(tmp_path: Path) -> Callable[..., Path]:
    def write(text: str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture
def run_file(tmp_path: Path) -> Callable[..., Any]:
    """Load and run a scenario file against a real SQLite run log in tmp_path."""
    from rpa_core.language.parser import load_scenario
    from rpa_core.running.scenario_run import run_scenario
    from rpa_core.store.runlog import RunLog

    log = RunLog(f"sqlite:///{tmp_path / 'runlog.db'}")

    def run(path: Path, **kwargs: Any) -> Any:
        observer = kwargs.pop("observer", None) or RecordingObserver()
        result = run_scenario(load_scenario(path), log=log, observer=observer, **kwargs)
        result.observer = observer
        return result

    run.log = log  # type: ignore[attr-defined]
    yield run
    log.close()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Stop the run if a test asks (even indirectly) for the browser or display fixtures without the marker.

    Runs before ``-m`` deselects anything, so a forgotten marker is caught on every run, quick or full.
    """
    unmarked = []
    for item in items:
        used = getattr(item, "fixturenames", ())
        marks = {mark.name for mark in item.iter_markers()}
        missing = sorted({m for fixture, m in MARKER_OF_FIXTURE.items() if fixture in used} - marks)
        if missing:
            unmarked.append(f"  {item.nodeid}: add @pytest.mark.{' / '.join(missing)}")
    if unmarked:
        raise pytest.UsageError("tests that need a browser or a display without the marker:\n" + "\n".join(unmarked))
