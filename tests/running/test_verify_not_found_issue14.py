"""Issue 14: inside ``verify:``, a waiting action that looked and did not find means "not done yet".

Unit tests of the decision in ``rpa_core.running.loops`` (Decisions: verify): the loop's ``verify`` is run
with a body that raises what the real actions raise; of ``settings.browser.login`` at validate time; and of the
action runner's answer to a lost program (:class:`SessionRestarted`), with a test action standing in for the
browser. The same rules against a real browser and a real ledger are in
``tests/robots/test_browser_resilience_issue14.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import pytest

from rpa_core.api import NotFoundYet as ApiNotFoundYet
from rpa_core.errors import ActionError, AssertionFailed, NotFoundYet, SessionRestarted, SkipItem, StepFailed
from rpa_core.messages import set_lang
from rpa_core.registry import action
from rpa_core.running.loops import LoopHooks, _ItemLoop


class _Recorder:
    """Only what ``verify`` asks of the recorder: the item its steps belong to."""

    def __init__(self) -> None:
        self.working: list[str] = []

    @contextmanager
    def working_on(self, key: str, item_id: int | None = None) -> Iterator[None]:
        self.working.append(key)
        yield


def _loop(raised: BaseException | None) -> tuple[_ItemLoop, list[str]]:
    logged: list[str] = []

    def run_body(_steps: Any) -> None:
        if raised is not None:
            raise raised

    ctx = SimpleNamespace(recorder=_Recorder(), log=logged.append, variables={})
    step = SimpleNamespace(verify=("verify step",), name="登録", as_="row")
    hooks = LoopHooks(render=lambda v: v, run_body=run_body, on_error=lambda *_: None, count=lambda _s: None)
    return _ItemLoop(step, [], ctx, hooks, "s", (), False), logged  # type: ignore[arg-type]


def _text_not_shown() -> NotFoundYet:
    return NotFoundYet("browser.text_not_shown", text="K-0002", title="一覧", url="http://x/list", seconds="2",
                       shot="-")


@pytest.mark.parametrize(
    ("raised", "verdict"),
    [
        (None, "done"),
        (AssertionFailed("run.assert", expr="False"), "rerun"),
        (_text_not_shown(), "rerun"),  # browser.expect_text found nothing: not done yet
        (ActionError("browser.cannot_open", url="http://x/list", detail="net::ERR_CONNECTION_REFUSED"),
         "needs_check"),  # the system is down: nobody can tell
        (StepFailed("run.action_crashed", action="browser.open", type="Error", detail="Target closed"),
         "needs_check"),
        (SkipItem("対象外"), "needs_check"),
    ],
    ids=["all-pass", "assert-false", "not-found-yet", "system-down", "browser-crashed", "signal"],
)
def test_verify_decides_three_ways(raised: BaseException | None, verdict: str) -> None:
    set_lang("ja")
    loop, logged = _loop(raised)
    assert loop.verify("K-0002") == verdict
    assert loop.ctx.recorder.working == ["K-0002"]  # verify's steps belong to the item
    assert bool(logged) == (raised is not None)  # every verdict but "done" tells the clerk why
    if isinstance(raised, NotFoundYet):
        assert "K-0002" in logged[0] and "もう一度" in logged[0]


def test_not_found_yet_outside_verify_is_the_same_step_error_as_before() -> None:
    set_lang("ja")
    plain = ActionError("browser.url_not_reached", expected="/menu", title="ログイン", url="http://x/login",
                        seconds="10", shot="-")
    marked = NotFoundYet.like(plain)
    assert isinstance(marked, ActionError) and isinstance(marked, StepFailed)  # rescue/retry/on_error catch it
    assert marked.message() == plain.message() and marked.message("en") == plain.message("en")
    assert marked.hint() == plain.hint() and marked.hint()
    assert ApiNotFoundYet is NotFoundYet  # plug-ins raise it through rpa_core.api


# -- settings.browser.login: the login steps a restarted browser runs again, checked by validate -----------

LOGIN_SCENARIO = """
name: ログインの名前
settings:
  browser: {login: %s}
steps:
  - browser.open: {url: "http://127.0.0.1:9/login"}
    name: ログイン画面を開く
  - browser.click: {role: button, name: ログイン}
    name: ログインする
"""


def test_login_names_steps_of_the_scenario(write_scenario) -> None:
    from rpa_core.language.parser import load_scenario

    scenario = load_scenario(write_scenario(LOGIN_SCENARIO % "[ログイン画面を開く, ログインする]"))
    assert scenario.settings.plugins["browser"].login == ("ログイン画面を開く", "ログインする")
    one = load_scenario(write_scenario(LOGIN_SCENARIO % "ログインする", name="one.yaml"))
    assert one.settings.plugins["browser"].login == ("ログインする",)


def test_a_login_name_that_is_no_step_is_a_validate_error_with_did_you_mean(write_scenario) -> None:
    from rpa_core.errors import ScenarioError
    from rpa_core.language.parser import load_scenario

    set_lang("ja")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write_scenario(LOGIN_SCENARIO % "[ログイン画面をひらく, 認証]"))
    rendered = caught.value.render()
    assert "scenario.yaml:3:" in rendered  # at the setting's line
    assert "「ログイン画面をひらく」" in rendered and "「ログイン画面を開く」のことですか" in rendered
    assert "「認証」" in rendered and "ログイン画面を開く、ログインする" in rendered  # no near name: all are listed
    assert "there is no step named" in caught.value.render("en")


# -- the action runner after a lost browser: log in again, run the step again; never repeat a commit --------

LOST: dict[str, int] = {}  # name -> how many more times the fake program is "lost" when that step runs
DONE: list[str] = []  # the steps that did their work, in order


@action("bresil_test.step", summary="テスト用: 手順(指定回数だけプログラムが失われる)", summary_en="test: a step")
def _step(*, name: str, acted: bool = False) -> None:
    if LOST.get(name, 0) > 0:
        LOST[name] -= 1
        raise SessionRestarted("browser.lost", acted=acted, login=("ログインする",))
    DONE.append(name)


RESTART_SCENARIO = """
name: 起動し直しの試験
steps:
  - bresil_test.step: {name: ログイン}
    name: ログインする
  - bresil_test.step: {name: 開く}
    name: 開く
  - bresil_test.step: {name: 登録, acted: true}
    name: 登録する
    commit: true
"""


def test_a_lost_program_logs_in_again_then_the_step_runs_again(write_scenario, run_file) -> None:
    set_lang("ja")
    LOST.clear()
    DONE.clear()
    LOST["開く"] = 1
    result = run_file(write_scenario(RESTART_SCENARIO))
    assert result.status == "succeeded"
    assert DONE == ["ログイン", "ログイン", "開く", "登録"]
    assert any("ログインの手順(ログインする)からやり直します" in line for line in result.observer.lines)


def test_a_commit_step_lost_half_way_is_not_repeated(write_scenario, run_file) -> None:
    set_lang("ja")
    LOST.clear()
    DONE.clear()
    LOST["登録"] = 1
    result = run_file(write_scenario(RESTART_SCENARIO))
    assert result.status == "failed" and "繰り返しません" in result.message
    assert DONE == ["ログイン", "開く", "ログイン"]  # logged in again (for verify), the commit never repeated


def test_a_program_lost_again_and_again_ends_the_step(write_scenario, run_file) -> None:
    from rpa_core.running.runners import MAX_RESTARTS

    set_lang("ja")
    LOST.clear()
    DONE.clear()
    LOST["開く"] = MAX_RESTARTS + 1  # lost every time: bounded, then the step's own clear failure
    result = run_file(write_scenario(RESTART_SCENARIO))
    assert result.status == "failed" and "ブラウザーが閉じられていました" in result.message
    assert DONE == ["ログイン"] * (1 + MAX_RESTARTS)
