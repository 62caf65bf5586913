"""Issue 14, the browser's side of trust: verify that says "not done yet", busy pages, a browser killed from outside.

The target is a small back office of its own (Flask, served in this process on a free port): a login, a
registration form whose 登録 is the commit step, a searchable list, and switches for what goes wrong on real
systems: a registration lost behind a 503, a list that answers 503 with ``Retry-After`` or a maintenance page,
a server that goes down. Scenarios are written as a clerk writes them; everything runs in real Chromium with a
real SQLite ledger, and checks read what the target kept.
"""

from __future__ import annotations

import html
import secrets
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from rpa_core.store.runlog import items, steps

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("robot_env")]

USER, PASSWORD = "robot14", "Mado#2026"
PEOPLE = [("K-001", "髙橋 一郎"), ("K-002", "山﨑 花子"), ("K-003", "佐藤　翔")]


@dataclass
class BackOffice:
    """What the target kept and the faults it is told to show (each switch is used up as it fires)."""

    url: str = ""
    registered: list[tuple[str, str]] = field(default_factory=list)
    lose_post: set[str] = field(default_factory=set)  # these keys' first 登録 answers 503, nothing saved
    down_after_loss: bool = False  # after losing a registration, the whole system goes down
    busy_list: int = 0  # the list answers 503 + Retry-After this many times
    busy_post: int = 0  # 登録 answers 503 + Retry-After (nothing saved) this many times
    maintenance_list: int = 0  # the list shows the maintenance page this many times
    retry_after: str = "1"
    on_new: dict[str, Callable[[], None]] = field(default_factory=dict)  # key -> run once when its form opens
    on_post: dict[str, Callable[[], None]] = field(default_factory=dict)  # key -> run once after it is saved
    logins: int = 0
    answered: list[str] = field(default_factory=list)  # "METHOD path status", in order
    stop: Callable[[], None] = lambda: None

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for key, _name in self.registered:
            out[key] = out.get(key, 0) + 1
        return out


def _page(title: str, body: str, status: int = 200, **headers: str) -> Any:
    from flask import Response

    text = f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>{title}</title></head><body>{body}</body></html>'
    return Response(text, status=status, headers=headers, content_type="text/html; charset=utf-8")


def _busy(office: BackOffice) -> Any:
    return _page("Service Unavailable", "<h1>503 Service Unavailable</h1><p>ただいま混み合っています。</p>", 503,
                 **{"Retry-After": office.retry_after})


def _app(office: BackOffice) -> Any:
    from flask import Flask, redirect, request

    app = Flask("back_office_14")
    sessions: set[str] = set()

    @app.after_request
    def note(response: Any) -> Any:
        office.answered.append(f"{request.method} {request.path} {response.status_code}")
        return response

    @app.before_request
    def must_log_in() -> Any:
        if request.path != "/login" and request.cookies.get("sid") not in sessions:
            return redirect("/login")
        return None

    @app.route("/login", methods=["GET", "POST"])
    def login() -> Any:
        if request.method == "POST" and (request.form.get("u"), request.form.get("p")) == (USER, PASSWORD):
            office.logins += 1
            sid = secrets.token_hex(8)
            sessions.add(sid)
            response = redirect("/menu")
            response.set_cookie("sid", sid)
            return response
        return _page("ログイン", '<form method="post"><label for="u">ユーザー名</label><input id="u" name="u">'
                     '<label for="p">パスワード</label><input id="p" name="p" type="password">'
                     "<button>ログイン</button></form>")

    @app.route("/menu")
    def menu() -> Any:
        return _page("メニュー", '<h1>メニュー</h1><a href="/new">利用者の登録</a> <a href="/list">利用者一覧</a>')

    @app.route("/new", methods=["GET", "POST"])
    def new() -> Any:
        if request.method == "GET":
            hook = office.on_new.pop(request.args.get("key", ""), None)
            if hook is not None:
                hook()
            return _page("利用者の登録", '<form method="post"><label for="k">番号</label><input id="k" name="k">'
                         '<label for="n">氏名</label><input id="n" name="n"><button>登録</button></form>')
        key, name = request.form["k"], request.form["n"]
        if key in office.lose_post:
            office.lose_post.discard(key)
            if office.down_after_loss:
                threading.Thread(target=office.stop, daemon=True).start()
            return _busy(office)
        if office.busy_post > 0:
            office.busy_post -= 1
            return _busy(office)
        office.registered.append((key, name))
        hook = office.on_post.pop(key, None)
        if hook is not None:
            hook()
        return redirect(f"/done/{key}")

    @app.route("/done/<key>")
    def done(key: str) -> Any:
        return _page("登録完了", f"<p>登録しました: {html.escape(key)}</p>")

    @app.route("/list")
    def listing() -> Any:
        if office.busy_list > 0:
            office.busy_list -= 1
            return _busy(office)
        if office.maintenance_list > 0:
            office.maintenance_list -= 1
            return _page("お知らせ", "<h1>ただいまメンテナンス中です</h1><p>しばらくお待ちください。</p>")
        q = request.args.get("q", "")
        rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{html.escape(n)}</td></tr>"
                       for k, n in office.registered if q in k)
        return _page("利用者一覧", f'<h1>利用者一覧</h1><table id="list"><tr><th>番号</th><th>氏名</th></tr>{rows}'
                     f'</table><p>{"該当する利用者はいません。" if not rows else ""}</p>')

    return app


@pytest.fixture
def office() -> Iterator[BackOffice]:
    from werkzeug.serving import make_server

    office = BackOffice()
    server = make_server("127.0.0.1", 0, _app(office), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stopped = threading.Event()

    def stop() -> None:  # the system goes down: nothing listens on its port any more
        if not stopped.is_set():
            stopped.set()
            server.shutdown()
            server.server_close()

    office.url = f"http://127.0.0.1:{server.server_port}"
    office.stop = stop
    yield office
    stop()


HEADER = """
name: 利用者の登録
inputs:
  site: {type: str}
  password: {type: str}
settings:
  timeout: 5s
%(settings)s
steps:
"""

LOGIN = """
  - browser.open: {url: "{{ inputs.site }}/login"}
    name: ログイン画面を開く
  - browser.fill: {label: ユーザー名, value: %(user)s}
    name: ユーザー名を入れる
  - browser.fill: {label: パスワード, value: "{{ inputs.password }}"}
    name: パスワードを入れる
  - browser.click: {role: button, name: ログイン}
    name: ログインする
  - browser.expect_text: {text: メニュー}
    name: メニューが出たか
"""

LOOP = """
  - for_each: "{{ people }}"
    name: 利用者を登録
    as: row
    item_key: "{{ row.番号 }}"
    on_error: continue
%(loop_extra)s
    verify:
      - browser.open: {url: "{{ inputs.site }}/list?q={{ row.番号 }}"}
        name: 一覧で探す
      - browser.expect_text: {text: "{{ row.番号 }}", css: "#list", timeout: 1s}
        name: 一覧にあるか
    steps:
      - browser.open: {url: "{{ inputs.site }}/new?key={{ row.番号 }}"}
        name: 登録の画面を開く
      - browser.fill: {label: 番号, value: "{{ row.番号 }}"}
      - browser.fill: {label: 氏名, value: "{{ row.氏名 }}"}
      - browser.click: {role: button, name: 登録}
        name: 登録する
        commit: true
      - browser.expect_text: {text: 登録しました, timeout: 2s}
        name: 登録できたか
"""


def _people() -> str:
    rows = ", ".join(f'{{番号: "{k}", 氏名: "{n}"}}' for k, n in PEOPLE)
    return f"  - set: {{people: [{rows}]}}\n"


def _scenario(write: Callable[..., Path], *, settings: str = "", loop_extra: str = "", login: str = LOGIN) -> Path:
    text = (HEADER % {"settings": settings} + login % {"user": USER} + _people()
            + LOOP % {"loop_extra": loop_extra})
    return write(text)


def _ledger(log: Any) -> dict[str, dict[str, Any]]:
    with log.engine.connect() as conn:
        rows = conn.execute(select(items.c.key, items.c.status, items.c.attempts, items.c.message))
        return {r.key: {"status": r.status, "attempts": r.attempts, "message": r.message or ""} for r in rows}


def _run(run_file: Any, path: Path, office: BackOffice) -> Any:
    return run_file(path, inputs={"site": office.url, "password": PASSWORD}, unattended=True)


# -- 1. verify with expect_text: "not in the list" means "not done yet" -------------------------------------


def test_expect_text_in_verify_that_finds_nothing_reruns_the_item_once(office, run_file, write_scenario):
    office.lose_post = {"K-002"}  # 登録 of K-002 answers 503 and keeps nothing
    path = _scenario(write_scenario, loop_extra="    retry: {times: 1, delay: 0s}")
    result = _run(run_file, path, office)
    assert result.counts == {"done": 3}
    assert office.counts() == {"K-001": 1, "K-002": 1, "K-003": 1}  # nobody twice, nobody missing
    assert dict(office.registered)["K-002"] == "山﨑 花子"
    states = _ledger(run_file.log)
    assert states["K-002"]["attempts"] == 2 and {s["status"] for s in states.values()} == {"done"}
    assert any("K-002" in line and "もう一度" in line for line in result.observer.lines)


def test_verify_on_a_system_that_went_down_leaves_the_item_to_a_clerk(office, run_file, write_scenario):
    office.lose_post = {"K-002"}
    office.down_after_loss = True  # and then nothing answers any more
    path = _scenario(write_scenario, loop_extra="    retry: {times: 1, delay: 0s}")
    result = _run(run_file, path, office)
    states = _ledger(run_file.log)
    assert states["K-002"]["status"] == "needs_check"  # could not look: never "not done", never "done"
    assert states["K-001"]["status"] == "done" and office.counts() == {"K-001": 1}
    assert states["K-003"]["status"] == "failed"  # its form never opened: nothing was sent
    assert result.counts.get("done") == 1


# -- 2. busy pages: waited out and tried again, unless a commit step sent the request ------------------------

LIST = """
  - browser.open: {url: "{{ inputs.site }}/list"}
    name: 一覧を開く
  - browser.expect_text: {text: 利用者一覧}
    name: 一覧が出たか
"""


def _step_messages(log: Any) -> str:
    with log.engine.connect() as conn:
        return "\n".join(m for (m,) in conn.execute(select(steps.c.message)) if m)


def test_a_busy_list_page_is_waited_out_after_its_retry_after_and_every_wait_is_logged(
        office, run_file, write_scenario):
    office.busy_list, office.retry_after = 2, "1"  # 503 + Retry-After: 1, twice, then the list
    path = write_scenario(HEADER % {"settings": ""} + LOGIN % {"user": USER} + LIST)
    result = _run(run_file, path, office)
    assert result.status == "succeeded", result.message
    assert office.answered.count("GET /list 503") == 2 and office.answered.count("GET /list 200") == 1
    waits = [line for line in result.observer.lines if "混み合っています" in line]
    assert len(waits) == 2 and "HTTP 503" in waits[0] and "1秒待って" in waits[0] and "1/3" in waits[0]
    assert _step_messages(run_file.log).count("混み合っています") == 2  # in the run log, on the step


def test_a_maintenance_page_named_in_settings_is_busy_too_and_the_bounds_hold(office, run_file, write_scenario):
    office.maintenance_list = 1
    settings = "  browser: {busy_text: [ただいまメンテナンス中, 混み合っています]}"
    path = write_scenario(HEADER % {"settings": settings} + LOGIN % {"user": USER} + LIST)
    assert _run(run_file, path, office).status == "succeeded"
    assert office.maintenance_list == 0

    office.busy_list = 10  # busy for longer than the scenario allows: a clear failure after 2 tries
    bounded = "  browser: {busy_tries: 2, busy_max_wait: 5s}"
    path = write_scenario(HEADER % {"settings": bounded} + LOGIN % {"user": USER} + LIST, name="bounded.yaml")
    result = _run(run_file, path, office)
    assert result.status == "failed" and "2回試してもつながりませんでした" in result.message
    assert office.busy_list == 8


def test_a_commit_step_that_gets_a_busy_answer_is_never_sent_again(office, run_file, write_scenario):
    office.busy_post = 1  # K-001's 登録 answers 503 (nothing kept): only verify may decide to send it again
    path = _scenario(write_scenario)
    result = _run(run_file, path, office)
    assert office.answered.count("POST /new 503") == 1  # not resent by a reload or a retry
    states = _ledger(run_file.log)
    assert states["K-001"]["status"] == "failed" and "混み合っています" not in "\n".join(result.observer.lines)
    assert office.counts() == {"K-002": 1, "K-003": 1}
    rerun = _run(run_file, path, office)  # the next run asks verify: not in the list, so it is registered once
    assert rerun.counts == {"already_done": 2, "done": 1} and office.counts()["K-001"] == 1


def test_retry_after_is_read_as_seconds_or_an_http_date() -> None:
    import datetime as dt

    from robots._browser_busy import DEFAULT_WAIT, retry_after_seconds

    now = dt.datetime(2026, 12, 8, 3, 0, 0, tzinfo=dt.UTC)
    assert retry_after_seconds("7", now) == 7.0
    assert retry_after_seconds("Tue, 08 Dec 2026 03:00:12 GMT", now) == 12.0
    assert retry_after_seconds("Tue, 08 Dec 2026 02:59:00 GMT", now) == 0.0  # a date already past: at once
    assert retry_after_seconds(None, now) == retry_after_seconds("そのうち", now) == DEFAULT_WAIT


def test_a_page_is_asked_for_again_only_when_no_commit_step_sent_its_request() -> None:
    """The bookkeeping alone (fake requests, one fake window): which busy pages may be asked for again."""
    from types import SimpleNamespace

    from robots._browser_busy import Documents

    docs, page = Documents(), SimpleNamespace()

    def load(method: str, status: int = 503) -> bool:
        request = SimpleNamespace(method=method, is_navigation_request=lambda: True,
                                  frame=SimpleNamespace(parent_frame=None))
        docs._request(request)  # type: ignore[arg-type]
        docs._response(page, SimpleNamespace(request=request, status=status,  # type: ignore[arg-type]
                                             headers={"retry-after": "2"}))
        busy = docs.busy(page, ())  # type: ignore[arg-type]
        assert busy is not None and busy.wait == 2.0 and busy.reason == f"HTTP {status}"
        return busy.again

    docs.begin_step(commit=False)
    assert load("GET") and load("POST")  # a search or a login: may be sent again
    docs.begin_step(commit=True)
    assert not load("POST") and not load("GET")  # 登録: never
    docs.begin_step(commit=False)
    assert not load("POST")  # a form the page sent a moment after 登録: still the commit's
    assert load("GET")
    docs.begin_step(commit=False)
    assert load("POST") and docs.count == 7
    docs._response(page, SimpleNamespace(request=SimpleNamespace(method="POST", is_navigation_request=lambda: True,
                   frame=SimpleNamespace(parent_frame=None)), status=503, headers={}))  # type: ignore[arg-type]
    unseen = docs.busy(page, ())  # type: ignore[arg-type]
    assert unseen is not None and not unseen.again  # its request never seen sent: never assumed safe


# -- 3. a browser killed from outside: log in again through the scenario's own steps, run the step again -----

LOGIN_SETTING = "  browser: {login: [ログイン画面を開く, ユーザー名を入れる, パスワードを入れる, ログインする, メニューが出たか]}"


def _playwright_processes() -> tuple[Any, Any]:
    """This test process's Playwright driver (node) and the Chromium browser it started."""
    import psutil

    driver = next(p for p in psutil.Process().children() if "node" in p.name())
    browser = next(p for p in driver.children() if "chrom" in p.name())
    return driver, browser


def _kill(which: str, killed: list[Any] | None = None) -> Callable[[], None]:
    """Kill the browser (or the driver) from outside; ``killed`` gets the whole process tree that was there."""

    def kill() -> None:
        driver, browser = _playwright_processes()
        if killed is not None:
            killed.extend([driver, *driver.children(recursive=True)])
        (browser if which == "browser" else driver).kill()

    return kill


def _still_running(processes: list[Any]) -> list[int]:
    import psutil

    def running(p: Any) -> bool:
        try:
            return bool(p.is_running() and p.status() != psutil.STATUS_ZOMBIE)
        except psutil.NoSuchProcess:
            return False

    return [p.pid for p in processes if running(p)]


@pytest.mark.parametrize("which", ["browser", "driver"])
def test_browser_killed_mid_run_logs_in_again_and_every_item_is_done_once(which, office, run_file, write_scenario):
    killed: list[Any] = []
    office.on_new = {"K-003": _kill(which, killed)}  # killed while K-003's registration form is being opened
    path = _scenario(write_scenario, settings=LOGIN_SETTING)
    result = _run(run_file, path, office)
    assert result.counts == {"done": 3}
    assert office.counts() == {"K-001": 1, "K-002": 1, "K-003": 1}
    assert dict(office.registered)["K-003"] == "佐藤　翔"  # the full-width space kept
    assert office.logins == 2  # the scenario's own login steps ran again on the new browser
    lines = "\n".join(result.observer.lines)
    assert "ブラウザーが閉じられていたので" in lines and "ログインの手順" in lines
    assert "Target page, context or browser has been closed" not in lines
    assert _ledger(run_file.log)["K-003"]["attempts"] == 1  # the step ran again, not the whole item
    assert len(killed) > 2 and _still_running(killed) == []  # nothing of the lost browser outlives the run


def test_browser_killed_right_after_a_commit_is_never_registered_twice(office, run_file, write_scenario):
    path = _scenario(write_scenario, settings=LOGIN_SETTING, loop_extra="    retry: {times: 1, delay: 0s}")
    office.on_post = {"K-002": _kill("browser")}  # K-002 is saved, and the browser dies before it sees the answer
    result = _run(run_file, path, office)
    assert office.counts() == {"K-001": 1, "K-002": 1, "K-003": 1}  # never registered twice
    assert result.counts == {"done": 3}
    states = _ledger(run_file.log)
    assert "verify" in states["K-002"]["message"]  # done because verify found it in the list, not by repeating
    assert office.logins == 2
