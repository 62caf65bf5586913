"""The browser actions, driven through real scenarios: real Chromium, the real sample web system.

Each test writes a small scenario and runs it through the interpreter (one browser per run,
as in production). Pages the sample system lacks (frames, tabs, a prompt) come from
``local_site``. Checks read what the system saved from its own SQLite file.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from rpa_core.language.filters import houjin_check_digit
from rpa_core.store.runlog import artifacts, steps
from tests.support.browser_fixtures import WebSystem

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("robot_env")]

HEADER = """
name: ブラウザーの試験
secrets: [tax_system]
settings: {{timeout: {timeout}}}
inputs:
  url: {{type: str, default: "{url}"}}
steps:
"""

LOGIN = """
  - browser.open: {url: "{{ inputs.url }}/login"}
  - browser.fill: {label: ユーザー名, value: "{{ secrets.tax_system.user }}"}
  - browser.fill: {label: パスワード, value: "{{ secrets.tax_system.password }}"}
  - browser.click: {role: button, name: ログイン}
  - browser.expect_url: {url: /menu}
"""


def scenario(
    write: Callable[..., Path], url: str, body: str, *, timeout: str = "5s", login: bool = False
) -> Path:
    return write(HEADER.format(url=url, timeout=timeout) + (LOGIN if login else "") + body)


def artifact_rows(run: Any, run_id: int) -> list[Any]:
    with run.log.engine.connect() as conn:
        return list(conn.execute(select(artifacts).where(artifacts.c.run_id == run_id)))


def check_digit(base12: str) -> str:
    return f"{houjin_check_digit(base12)}{base12}"


def test_register_through_popup_and_confirm_round_trips_japanese(
    web_system: WebSystem, write_scenario: Callable[..., Path], run_file: Any
) -> None:
    number = check_digit("700000000001")
    name = "有限会社髙﨑𠮷商店㈱①"
    body = f"""
  - browser.click: {{role: link, name: 事業所登録}}
  - browser.fill: {{label: 法人番号, value: "{number}"}}
  - browser.fill: {{label: 事業所名, value: "{name}"}}
  - browser.fill: {{label: 事業所名カナ, value: "{{{{ 'ﾀｶｻｷﾖｼｼｮｳﾃﾝ' | kana }}}}"}}
  - browser.fill: {{label: 郵便番号, value: "305-8555"}}
  - browser.click: {{role: button, name: 住所検索}}
  - browser.switch_to: {{window: new}}
  - browser.read_table: {{css: "#address-list"}}
    save_as: candidates
  - browser.click: {{css: "a.address-choice", nth: 1}}
  - browser.read_text: {{label: 所在地}}
    save_as: address
  - browser.fill: {{label: 電話番号, value: "029-883-1111"}}
  - browser.select: {{label: 業種, option: 製造業}}
  - browser.fill: {{label: 設立年月日, value: "{{{{ '令和2年4月1日' | to_date }}}}"}}
  - browser.fill: {{label: 従業員数, value: 12}}
  - browser.check: {{label: 給与支払報告書提出}}
  - browser.click: {{role: button, name: 登録}}
  - browser.expect_text: {{text: 登録しました}}
  - browser.read_text: {{css: ".message"}}
    save_as: message
"""
    result = run_file(scenario(write_scenario, web_system.url, body, login=True))
    assert result.status == "succeeded", result.message
    assert result.variables["candidates"] == [
        {"郵便番号": "305-8555", "住所": "茨城県つくば市研究学園一丁目1番地1"}
    ]
    assert result.variables["address"] == "茨城県つくば市研究学園一丁目1番地1"
    assert result.variables["message"].startswith("登録しました")
    rows = web_system.rows("SELECT * FROM jigyosho WHERE houjin_bangou = ?", (number,))
    assert len(rows) == 1
    row = rows[0]
    assert (row["name"], row["name_kana"], row["address"]) == (
        name,
        "タカサキヨシショウテン",
        "茨城県つくば市研究学園一丁目1番地1",
    )
    assert (row["industry"], row["established"], row["employees"], row["salary_report"]) == (
        "製造業",
        "2020-04-01",
        12,
        1,
    )
    lines = result.observer.lines
    assert any("この内容で登録しますか" in line and "OK" in line for line in lines), lines
    assert any("元の画面" in line for line in lines), (
        "the pop-up closed itself and steps went back to the form"
    )


def test_dismiss_dialog_cancels_then_default_policy_accepts(
    web_system: WebSystem, write_scenario: Callable[..., Path], run_file: Any
) -> None:
    number = check_digit("700000000002")
    body = f"""
  - browser.goto: {{url: "{{{{ inputs.url }}}}/jigyosho/new"}}
  - browser.fill: {{label: 法人番号, value: "{number}"}}
  - browser.fill: {{label: 事業所名, value: 株式会社取消確認}}
  - browser.fill: {{label: 事業所名カナ, value: カブシキガイシャ　トリケシカクニン}}
  - browser.fill: {{label: 郵便番号, value: "305-0031"}}
  - browser.fill: {{label: 所在地, value: 茨城県つくば市吾妻一丁目1番1号}}
  - browser.fill: {{label: 電話番号, value: "029-851-0001"}}
  - browser.select: {{label: 業種, option: 建設業}}
  - browser.fill: {{label: 設立年月日, value: "2001-02-03"}}
  - browser.fill: {{label: 従業員数, value: 3}}
  - browser.dismiss_dialog:
  - browser.click: {{role: button, name: 登録}}
  - browser.expect_url: {{url: /jigyosho/new}}
  - browser.read_text: {{label: 法人番号}}
    save_as: still_there
  - browser.read_text: {{label: 業種}}
    save_as: chosen
  - browser.read_text: {{css: "#houjin_bangou"}}
    save_as: by_css
  - browser.click: {{role: button, name: 登録}}
  - browser.expect_text: {{text: 登録しました}}
"""
    result = run_file(scenario(write_scenario, web_system.url, body, login=True))
    assert result.status == "succeeded", result.message
    assert result.variables["still_there"] == number  # Cancel: the form stayed, nothing was sent
    assert (result.variables["chosen"], result.variables["by_css"]) == (
        "建設業",
        number,
    )  # a list's choice, a field
    assert len(web_system.rows("SELECT * FROM jigyosho WHERE houjin_bangou = ?", (number,))) == 1
    lines = result.observer.lines
    assert [line for line in lines if "キャンセル" in line], lines
    assert [line for line in lines if "OK を押しました" in line], lines


def test_settings_dialogs_dismiss_answers_every_confirm_with_cancel(
    web_system: WebSystem, write_scenario: Callable[..., Path], run_file: Any
) -> None:
    number = check_digit("700000000003")
    text = HEADER.format(url=web_system.url, timeout="5s").replace(
        "settings: {timeout: 5s}", "settings: {timeout: 5s, browser: {dialogs: dismiss}}"
    )
    body = f"""
  - browser.goto: {{url: "{{{{ inputs.url }}}}/jigyosho/new"}}
  - browser.fill: {{label: 法人番号, value: "{number}"}}
  - browser.click: {{role: button, name: 登録}}
  - browser.expect_url: {{url: /jigyosho/new}}
  - browser.wait_for: {{css: "#errors", timeout: 0, optional: true}}
    save_as: sent
"""
    result = run_file(write_scenario(text + LOGIN + body))
    assert result.status == "succeeded", result.message
    assert result.variables["sent"] is False  # no error summary: the form was never posted
    assert web_system.rows("SELECT * FROM jigyosho WHERE houjin_bangou = ?", (number,)) == []


CSV_HEADER = (
    "法人番号,事業所名,事業所名カナ,郵便番号,所在地,電話番号,業種,設立年月日,従業員数,給与支払報告書提出"
)


def _upload_csv(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "一括.csv"
    path.write_text("\r\n".join([CSV_HEADER, *lines]) + "\r\n", encoding="utf-8-sig")  # as Excel saves it
    return path


def test_upload_then_search_read_table_and_download_csv(
    web_system: WebSystem, write_scenario: Callable[..., Path], run_file: Any, tmp_path: Path
) -> None:
    n1, n2 = check_digit("710000000001"), check_digit("710000000002")
    upload = _upload_csv(tmp_path, [
        f"{n1},株式会社一括〒丁目・番地・号,カブシキガイシャ　テスト,305-0032,茨城県つくば市竹園二丁目3番地4号,"
        "029-851-1111,情報通信業,2015-04-01,20,○",
        f"{n2},医療法人社団髙﨑会一括,イリョウホウジンシャダン　タカサキカイ,305-0044,茨城県つくば市並木一丁目1番1,"
        "029-851-2222,医療・福祉,1999-12-31,7,×",
    ])  # fmt: skip
    saved = tmp_path / "out" / "一覧.csv"
    body = f"""
  - browser.goto: {{url: "{{{{ inputs.url }}}}/jigyosho/upload"}}
  - browser.upload: {{label: CSVファイル, file: "{upload}"}}
  - browser.click: {{role: button, name: 取り込み}}
  - browser.expect_text: {{text: 2件を取り込みました}}
  - browser.goto: {{url: "{{{{ inputs.url }}}}/jigyosho"}}
  - browser.fill: {{label: 事業所名, value: 一括}}
  - browser.press: {{label: 事業所名, key: Enter}}
  - browser.expect_url: {{url: "name=%E4%B8%80%E6%8B%AC"}}
  - browser.read_table: {{css: "#jigyosho-list"}}
    save_as: table
  - browser.download: {{text: CSV出力, to: "{saved}"}}
    save_as: csv_path
"""
    result = run_file(scenario(write_scenario, web_system.url, body, login=True))
    assert result.status == "succeeded", result.message
    table = {r["法人番号"]: r for r in result.variables["table"]}
    assert set(table) == {n1, n2}
    assert table[n1]["所在地"] == "茨城県つくば市竹園二丁目3番地4号"
    assert table[n2]["事業所名"] == "医療法人社団髙﨑会一括"
    assert table[n2]["給与支払報告書提出"] == "×"
    assert result.variables["csv_path"] == str(saved)
    data = saved.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as the system sends it
    records = {r["法人番号"]: r for r in csv.DictReader(data.decode("utf-8-sig").splitlines())}
    assert records[n2]["事業所名カナ"] == "イリョウホウジンシャダン　タカサキカイ"
    kinds = [a.kind for a in artifact_rows(run_file, result.run_id)]
    assert "download" in kinds
    assert (result.artifacts_dir / "downloads" / "jigyosho.csv").read_bytes() == data


def test_frames_scope_nested_and_leave(
    local_site: str, write_scenario: Callable[..., Path], run_file: Any
) -> None:
    body = """
  - browser.open: {url: "{{ inputs.url }}/frames.html"}
  - browser.frame: {title: 申請フォーム}
  - browser.fill: {label: 氏名, value: 𠮷田　髙志}
  - browser.click: {role: button, name: 確定}
  - browser.read_text: {css: "#echo"}
    save_as: inside
  - browser.frame: {name: nested}
  - browser.read_text: {css: "#deep"}
    save_as: deep
  - browser.frame: {leave: true}
  - browser.read_text: {label: 氏名}
    save_as: outside
"""
    result = run_file(scenario(write_scenario, local_site, body))
    assert result.status == "succeeded", result.message
    assert result.variables["inside"] == "確定: 𠮷田　髙志"
    assert result.variables["deep"] == "入れ子の中の文字"
    assert result.variables["outside"] == "外の欄"  # back on the page: its own 氏名 field, untouched


def test_tabs_switch_by_title_number_and_back(
    local_site: str, write_scenario: Callable[..., Path], run_file: Any
) -> None:
    body = """
  - browser.open: {url: "{{ inputs.url }}/tabs.html"}
  - browser.click: {text: 別のタブで開く}
  - browser.switch_to: {title: 二枚目}
  - browser.read_text: {css: "#second"}
    save_as: second
  - browser.switch_to: {window: main}
  - browser.read_text: {css: "#first"}
    save_as: first
  - browser.switch_to: {window: 2}
  - browser.click: {role: button, name: 閉じる}
  - browser.read_text: {css: "#first"}
    save_as: after_close
  - browser.click: {text: 別のタブで開く}
  - browser.switch_to: {window: new}
  - browser.click: {role: button, name: 少し後に閉じる}
  - browser.read_text: {css: "#first"}
    save_as: after_late_close
  - browser.switch_to: {title: 三枚目}
    timeout: 1s
"""
    result = run_file(scenario(write_scenario, local_site, body))
    assert result.variables["second"] == "二枚目の画面"
    assert result.variables["first"] == "一枚目の画面"
    assert result.variables["after_close"] == "一枚目の画面"  # the tab closed itself: back to its opener
    # the tab closed while the step was already looking in it: the step went on in the opener
    assert result.variables["after_late_close"] == "一枚目の画面"
    assert result.status == "failed"
    assert "三枚目" in result.message and "一枚目" in result.message  # names what is open instead


def test_widgets_nth_press_wait_uncheck_prompt_alert_table_screenshot(
    local_site: str, write_scenario: Callable[..., Path], run_file: Any
) -> None:
    body = """
  - browser.open: {url: "{{ inputs.url }}/widgets.html"}
  - browser.wait_for: {text: 読み込み中…, state: hidden}
  - browser.click: {role: button, name: 保存, nth: 2}
  - browser.read_text: {css: "#saved"}
    save_as: saved
  - browser.fill: {placeholder: ここに入力, value: "ﾃｽﾄ ①②"}
  - browser.read_text: {label: メモ}
    save_as: memo
  - browser.uncheck: {label: 通知する}
  - browser.wait_for: {css: "#notify:checked", state: detached}
  - browser.fill: {title: 検索語, value: 住民税}
  - browser.press: {title: 検索語, key: Enter}
  - browser.expect_text: {text: "Enterで検索: 住民税", exact: true}
  - browser.accept_dialog: {answer: 山田花子}
  - browser.click: {role: button, name: 名前を聞く}
  - browser.read_text: {css: "#answer"}
    save_as: answer
  - browser.dismiss_dialog:
  - browser.click: {role: button, name: 名前を聞く}
  - browser.expect_text: {text: 取り消し}
  - browser.click: {role: button, name: お知らせ}
  - browser.expect_text: {text: OK済み}
  - browser.read_table: {css: "#plain"}
    save_as: table
  - browser.read_text: {role: button, name: 保存, all: true}
    save_as: buttons
  - browser.screenshot: {}
    save_as: shot
  - browser.click: {text: タブの画面へ}
  - browser.goto: {back: true}
  - browser.expect_url: {url: widgets.html}
  - browser.wait_for: {text: 存在しない文字, timeout: 0, optional: true}
    save_as: missing
"""
    result = run_file(scenario(write_scenario, local_site, body))
    assert result.status == "succeeded", result.message
    v = result.variables
    assert v["saved"] == "二つ目で保存"
    assert v["memo"] == "ﾃｽﾄ ①②"  # typed as given: half-width kana is only changed by a filter
    assert v["answer"] == "山田花子"
    assert v["table"] == [
        {"区分": "住民税", "金額": "12,000", "金額_2": "1,000"}
    ]  # 「以上」 across the table is left out
    assert v["buttons"] == ["保存", "保存"]
    assert v["missing"] is False
    assert Path(v["shot"]).is_file() and Path(v["shot"]).parent == result.artifacts_dir
    assert "screenshot" in [a.kind for a in artifact_rows(run_file, result.run_id)]


def test_one_browser_serves_every_item(
    local_site: str, write_scenario: Callable[..., Path], run_file: Any
) -> None:
    body = """
  - for_each: [1, 2, 3]
    name: 三回
    as: n
    item_key: "{{ n }}"
    steps:
      - browser.open: {url: "{{ inputs.url }}/widgets.html"}
      - browser.fill: {label: メモ, value: "{{ n }}件目"}
"""
    result = run_file(scenario(write_scenario, local_site, body))
    assert result.status == "succeeded", result.message
    assert result.counts == {"done": 3}
    assert len([line for line in result.observer.lines if "ブラウザーを起動しました" in line]) == 1


def test_close_then_open_starts_a_new_browser(
    local_site: str, write_scenario: Callable[..., Path], run_file: Any
) -> None:
    body = """
  - browser.open: {url: "{{ inputs.url }}/tabs.html"}
  - browser.close:
  - browser.open: {url: "{{ inputs.url }}/second.html"}
  - browser.read_text: {css: "#second"}
    save_as: second
"""
    result = run_file(scenario(write_scenario, local_site, body))
    assert result.status == "succeeded", result.message
    assert result.variables["second"] == "二枚目の画面"
    assert len([line for line in result.observer.lines if "ブラウザーを起動しました" in line]) == 2


def test_ambiguous_and_unknown_option_and_bad_role_are_explained(
    local_site: str, web_system: WebSystem, write_scenario: Callable[..., Path], run_file: Any, tmp_path: Path
) -> None:
    ambiguous = run_file(
        scenario(
            write_scenario,
            local_site,
            """
  - browser.open: {url: "{{ inputs.url }}/widgets.html"}
  - browser.click: {role: button, name: 保存}
""",
            timeout="2s",
        )
    )
    assert ambiguous.status == "failed"
    assert "ボタン「保存」に当てはまるものが2個あります" in ambiguous.message
    assert "nth: 1" in ambiguous.message

    option = run_file(
        write_scenario(
            HEADER.format(url=web_system.url, timeout="2s")
            + LOGIN
            + """
  - browser.goto: {url: "{{ inputs.url }}/jigyosho/new"}
  - browser.select: {label: 業種, option: 農業}
""",
            name="option.yaml",
        )
    )
    assert option.status == "failed"
    assert "「農業」という選択肢がありません" in option.message and "製造業、建設業" in option.message

    role = run_file(
        scenario(
            write_scenario,
            local_site,
            """
  - browser.open: {url: "{{ inputs.url }}/widgets.html"}
  - browser.click: {role: ぼたん, name: 保存}
""",
            timeout="2s",
        )
    )
    assert role.status == "failed" and "role「ぼたん」はありません" in role.message


def test_wrong_locator_names_file_line_page_and_saves_screenshot_and_html(
    web_system: WebSystem, tmp_path: Path
) -> None:
    """Through the real `robosan run` command, as a clerk would see it."""
    path = tmp_path / "間違い.yaml"
    path.write_text(
        HEADER.format(url=web_system.url, timeout="2s").lstrip()
        + LOGIN
        + """
  - browser.goto: {url: "{{ inputs.url }}/jigyosho/new"}
  - browser.fill: {label: 事業所めい, value: 株式会社見本}
    name: 事業所名を入れる
""",
        encoding="utf-8",
    )
    db = tmp_path / "runlog.db"
    env = {**os.environ, "ROBOSAN_HOME": str(tmp_path / "home"), "COLUMNS": "300"}
    robosan = Path(sys.executable).parent / "robosan"
    done = subprocess.run(
        [str(robosan), "run", str(path), "--db", str(db), "--unattended"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    line = next(
        n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "事業所めい" in text
    )
    assert f"間違い.yaml:{line}:" in out
    flat = " ".join(out.split())  # the console may wrap long lines
    assert "ラベル「事業所めい」の欄が見つかりません" in flat
    assert "事業所登録 - 税務総合システム(見本)" in flat and "/jigyosho/new" in flat
    assert "2秒待ちました" in flat
    assert "Traceback" not in out

    from rpa_core.store.runlog import RunLog

    log = RunLog(f"sqlite:///{db}")
    try:
        with log.engine.connect() as conn:
            found = {a.kind: Path(a.path) for a in conn.execute(select(artifacts))}
            failed = list(conn.execute(select(steps).where(steps.c.status == "failed")))
    finally:
        log.close()
    assert found["screenshot"].read_bytes().startswith(b"\x89PNG")
    assert "事業所登録" in found["html"].read_text(encoding="utf-8")
    assert any(s.line == line and "事業所めい" in (s.message or "") for s in failed)


def test_validate_checks_locator_arguments_without_a_browser(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(
        """name: 綴り間違い
steps:
  - browser.click: {lable: 登録}
  - browser.fill: {label: 氏名, value: 山田, nth: 二番目}
""",
        encoding="utf-8",
    )
    robosan = Path(sys.executable).parent / "robosan"
    done = subprocess.run(
        [str(robosan), "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "300"},
    )
    out = " ".join((done.stdout + done.stderr).split())
    assert done.returncode == 2, out
    assert "typo.yaml:3:" in out and "label" in out  # did you mean label?
    assert "typo.yaml:4:" in out and "nth" in out


# -- choosing the browser (the Windows paths behind a faked file system: unverified on Windows) -----------


def test_find_browser_prefers_edge_then_chrome_on_windows() -> None:
    from robots._browser_session import find_browser

    env = {
        "PROGRAMFILES(X86)": r"C:\Program Files (x86)",
        "PROGRAMFILES": r"C:\Program Files",
        "LOCALAPPDATA": r"C:\Users\shokuin\AppData\Local",
    }
    edge = Path(r"C:\Program Files (x86)") / "Microsoft" / "Edge" / "Application" / "msedge.exe"
    chrome = Path(r"C:\Users\shokuin\AppData\Local") / "Google" / "Chrome" / "Application" / "chrome.exe"
    assert find_browser(env, "win32", exists=lambda p: p in (edge, chrome)) == edge
    assert find_browser(env, "win32", exists=lambda p: p == chrome) == chrome
    assert find_browser(env, "win32", exists=lambda p: False) is None
    assert find_browser({**env, "ROBOSAN_BROWSER": r"D:\portable\chrome.exe"}, "win32") == Path(
        r"D:\portable\chrome.exe"
    )


def test_find_browser_on_this_machine_finds_debian_chromium() -> None:
    from robots._browser_session import find_browser

    assert find_browser({}, "linux") == Path("/usr/bin/chromium")


def test_launch_options_channel_passes_through_and_path_wins(tmp_path: Path) -> None:
    from robots._browser_session import decide_headless, launch_options, parse_settings

    edge = launch_options(parse_settings({"channel": "msedge"}, tmp_path), headless=False, found=lambda: None)
    assert edge["channel"] == "msedge" and "executable_path" not in edge
    assert "--disable-features=Translate" in edge["args"]
    both = parse_settings(
        {"channel": "msedge", "executable_path": "bin/chrome.exe", "slow_mo": 250}, tmp_path
    )
    chosen = launch_options(both, headless=True, found=lambda: None)
    assert chosen["executable_path"] == str(tmp_path / "bin" / "chrome.exe") and "channel" not in chosen
    assert chosen["slow_mo"] == 250.0
    detected = launch_options(
        parse_settings({}, tmp_path), headless=True, found=lambda: Path("/usr/bin/chromium")
    )
    assert detected["executable_path"] == "/usr/bin/chromium"
    s = parse_settings({}, tmp_path)
    assert decide_headless(s, unattended=True, env={}, platform="win32") is True
    assert decide_headless(s, unattended=False, env={}, platform="win32") is False
    assert decide_headless(s, unattended=False, env={}, platform="linux") is True  # no screen
    assert (
        decide_headless(
            parse_settings({"headless": False}, tmp_path),
            unattended=True,
            env={"ROBOSAN_HEADLESS": "1"},
            platform="linux",
        )
        is True
    )


def test_bad_browser_settings_are_explained(tmp_path: Path) -> None:
    from robots._browser_session import parse_settings
    from rpa_core.errors import ActionError

    with pytest.raises(ActionError) as unknown:
        parse_settings({"chanel": "msedge"}, tmp_path)
    assert "chanel" in unknown.value.message() and "channel" in unknown.value.hint()
    with pytest.raises(ActionError) as channel:
        parse_settings({"channel": "firefox"}, tmp_path)
    assert "msedge" in channel.value.hint()
    with pytest.raises(ActionError) as dialogs:
        parse_settings({"dialogs": "ok"}, tmp_path)
    assert "accept / dismiss" in dialogs.value.hint()
