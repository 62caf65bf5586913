"""Fixtures for the browser tests: the real sample web system, a few pages of our own, the robot's env.

The fixtures are loaded for every test by ``pytest_plugins`` in ``tests/conftest.py``: ask for them by name.
The helpers (``WebSystem``, ``ledger``, ``run_in_process``, …) are imported normally from here.
A test that asks for ``robot_env`` or ``local_site`` drives Chromium and must be marked ``browser``.

- ``web_system`` (session): ``python -m sample_systems.web --port 0`` as a subprocess, shared by the
  tests of one xdist worker; tests that count rows start their own with ``start_web_system``.
- ``local_site`` (session): pages the sample system does not have (frames, tabs, an ambiguous
  button, a prompt dialog), served by ``http.server`` on a free port.
- ``robot_env``: headless browser and the ``tax_system`` secret through environment variables,
  as on a CI machine without a keyring.
"""

from __future__ import annotations

import functools
import http.server
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

__all__ = [
    "PASSWORD",
    "USER",
    "WebSystem",
    "ledger",
    "local_site",
    "robot_env",
    "run_in_process",
    "sqlite_rows",
    "start_web_system",
    "web_system",
]

REPO = Path(__file__).resolve().parents[2]
USER, PASSWORD = "robot01", "Robo#2026"


class WebSystem:
    """The sample web system in its own process: ``url``, and its SQLite file to check what it saved."""

    def __init__(self, db: Path, *extra: str) -> None:
        self.db = db
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sample_systems.web", "--port", "0", "--db", str(db), "--quiet", *extra],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.startswith("READY "):
            self.proc.kill()
            raise RuntimeError(f"sample web system did not start: {line!r}")
        self.url = line.split(" ", 1)[1]

    def rows(
        self, sql: str = "SELECT * FROM jigyosho ORDER BY id", params: tuple[Any, ...] = ()
    ) -> list[dict[str, Any]]:
        return sqlite_rows(self.db, sql, params)

    def stop(self) -> None:
        end_process(self.proc)


def end_process(proc: subprocess.Popen[Any], timeout: float = 10) -> None:
    """Terminate a server the test started, and kill it if it does not end within ``timeout`` seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout)


def sqlite_rows(
    db: Path, sql: str = "SELECT * FROM jigyosho ORDER BY id", params: tuple[Any, ...] = ()
) -> list[dict[str, Any]]:
    """Rows of the sample system's own SQLite file, read directly."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


@pytest.fixture(scope="session")
def web_system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebSystem]:
    system = WebSystem(tmp_path_factory.mktemp("web") / "tax.sqlite3")
    yield system
    system.stop()


@pytest.fixture
def start_web_system(tmp_path: Path) -> Iterator[Callable[..., WebSystem]]:
    """Start a fresh sample system (own database): ``start_web_system("--flaky", "15")``."""
    started: list[WebSystem] = []

    def start(*extra: str) -> WebSystem:
        system = WebSystem(tmp_path / f"tax-{len(started)}.sqlite3", *extra)
        started.append(system)
        return system

    yield start
    for system in started:
        system.stop()


@pytest.fixture
def robot_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROBOSAN_HEADLESS", "1")
    monkeypatch.setenv("ROBOSAN_SECRET_TAX_SYSTEM_USER", USER)
    monkeypatch.setenv("ROBOSAN_SECRET_TAX_SYSTEM_PASSWORD", PASSWORD)
    monkeypatch.setenv("ROBOSAN_SECRET_TAX_SYSTEM_FOR", "市民部/市民税課,こども未来部/こども課,総務部/会計課,ブラウザーの試験")  # its scope (issue 13)


PAGES = {
    "frames.html": """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>枠のある画面</title></head>
<body><h1>枠の外</h1><p id="outer">外側の文字</p>
<label for="name">氏名</label><input id="name" value="外の欄">
<iframe title="申請フォーム" src="frame_inner.html" width="600" height="300"></iframe></body></html>""",
    "frame_inner.html": """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>申請</title></head>
<body><label for="name">氏名</label><input id="name">
<button onclick="document.getElementById('echo').textContent = '確定: ' + document.getElementById('name').value">確定</button>
<p id="echo"></p><iframe name="nested" src="frame_nested.html"></iframe></body></html>""",
    "frame_nested.html": """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>入れ子</title></head>
<body><p id="deep">入れ子の中の文字</p></body></html>""",
    "tabs.html": """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>一枚目</title></head>
<body><a href="second.html" target="_blank">別のタブで開く</a><p id="first">一枚目の画面</p></body></html>""",
    "second.html": """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>二枚目</title></head>
<body><p id="second">二枚目の画面</p><button onclick="window.close()">閉じる</button>
<button onclick="setTimeout(function(){ window.close(); }, 300)">少し後に閉じる</button></body></html>""",
    "widgets.html": """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>部品の見本</title></head>
<body><h1>部品の見本</h1>
<button onclick="document.getElementById('saved').textContent='一つ目で保存'">保存</button>
<button onclick="document.getElementById('saved').textContent='二つ目で保存'">保存</button><p id="saved"></p>
<label for="memo">メモ</label><input id="memo" placeholder="ここに入力">
<label><input type="checkbox" id="notify" checked>通知する</label>
<input id="enter" title="検索語" onkeydown="if(event.key==='Enter'){document.getElementById('pressed').textContent='Enterで検索: '+this.value}">
<p id="pressed"></p>
<div id="spinner">読み込み中…</div>
<button onclick="var a = prompt('お名前は？'); document.getElementById('answer').textContent = a === null ? '取り消し' : a">名前を聞く</button>
<p id="answer"></p>
<button onclick="alert('保存しました'); document.getElementById('alerted').textContent='OK済み'">お知らせ</button><p id="alerted"></p>
<table id="plain"><tr><th>区分</th><th>金額</th><th>金額</th></tr>
<tr><td>住民税</td><td>12,000</td><td>1,000</td></tr><tr><td colspan="3">以上</td></tr></table>
<a href="tabs.html">タブの画面へ</a>
<script>setTimeout(function(){ document.getElementById('spinner').style.display='none'; }, 300);</script>
</body></html>""",
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def local_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base address of our own test pages (``{local_site}/frames.html``)."""
    folder = tmp_path_factory.mktemp("site")
    for name, html in PAGES.items():
        (folder / name).write_text(html, encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def run_in_process(path: Path, db: Path, **inputs: str) -> Any:
    """Run a scenario unattended in this process against the run log ``db``."""
    from rpa_core.language.parser import load_scenario
    from rpa_core.running.scenario_run import run_scenario
    from rpa_core.store.runlog import RunLog

    log = RunLog(f"sqlite:///{db}")
    try:
        return run_scenario(load_scenario(path), inputs=inputs, log=log, unattended=True)
    finally:
        log.close()


def ledger(db: Path) -> dict[str, dict[str, Any]]:
    """The work items of the run log ``db``, by key."""
    from sqlalchemy import select

    from rpa_core.store.runlog import RunLog, items

    log = RunLog(f"sqlite:///{db}")
    try:
        with log.engine.connect() as conn:
            return {r.key: dict(r._mapping) for r in conn.execute(select(items))}
    finally:
        log.close()
