"""Issue 14: labels and names as a clerk reads them, whatever decorates them on the page; and a "not found"
that says what the page has instead.

Real Chromium opens pages written by the test into the scenario's folder (a ``file:`` address, one of the
run's places). A page's 「確認」 button writes every field's value, by its id, into ``#out`` as JSON: what
the fields hold is read by the page itself, not through the locators under test.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from robots._browser_names import name_pattern, plain_name
from rpa_core.messages import set_lang

DUMP = """<button type="button" onclick="document.getElementById('out').textContent = JSON.stringify(Object.fromEntries(
  Array.from(document.querySelectorAll('input, select, textarea')).map(e => [e.id, e.type === 'checkbox' ? e.checked : e.value])))">確認</button>
<pre id="out"></pre>"""

# What Japanese systems do to their labels: colons of both widths, required marks, table cells, width.
DECORATED = f"""<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>申請書の入力</title></head><body>
<form>
<label for="user">ユーザー名:</label><input id="user">
<label for="name">氏名：</label><input id="name">
<label for="kana">氏名（カナ）</label><input id="kana">
<label for="addr">* 住所</label><input id="addr">
<label for="tel">電話番号（必須）</label><input id="tel">
<label for="mail">※メールアドレス [必須]</label><input id="mail">
<label><input type="checkbox" id="notify">通知する</label>
<span id="birth-label">生年月日 ＊</span><input id="birth" aria-labelledby="birth-label">
<label for="member">ＩＤ番号：</label><input id="member">
<label for="furi">ﾌﾘｶﾞﾅ</label><input id="furi">
<input id="zip" placeholder="　郵便番号＊">
<table>
  <tr><th>事業所名<span class="req">必須</span></th><td><input id="office"></td></tr>
  <tr><th>事業所名カナ</th><td><input id="office_kana"></td></tr>
  <tr><td>備考：</td><td><textarea id="note"></textarea></td></tr>
</table>
{DUMP}
</form></body></html>"""

HEADER = """
name: ラベルの試験
settings: {{timeout: {timeout}}}
steps:
  - browser.open: {{url: "{url}"}}
"""


def page(tmp_path: Path, html: str, name: str = "form.html") -> str:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path.as_uri()


def run(write_scenario: Callable[..., Path], run_file: Any, url: str, body: str, timeout: str = "5s") -> Any:
    return run_file(write_scenario(HEADER.format(url=url, timeout=timeout) + body))


# -- the rules, without a browser -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("ユーザー名", "ユーザー名:"),
        ("ユーザー名：", "ユーザー名"),
        ("氏名", "　氏名　："),
        ("住所", "＊住所"),
        ("電話番号", "電話番号 (必須)"),
        ("電話番号", "※電話番号［必須］"),
        ("ID番号", "ＩＤ番号"),
        ("フリガナ", "ﾌﾘｶﾞﾅ"),
        ("氏名(カナ)", "氏名（カナ）"),
        ("髙﨑 𠮷", "髙﨑　𠮷"),
        ("㈱名", "㈱名"),
    ],
)
def test_a_name_matches_whatever_decorates_it(written: str, shown: str) -> None:
    assert name_pattern(written).search(shown), (written, shown, name_pattern(written).pattern)


@pytest.mark.parametrize(
    ("written", "shown"),
    [("事業所名", "事業所名カナ"), ("氏名", "氏名（カナ）"), ("氏名", "氏"), ("住所", "住所2"), ("ID", "ＩＤ番号")],
)
def test_a_name_still_matches_whole(written: str, shown: str) -> None:
    assert not name_pattern(written).search(shown), (written, shown)


def test_plain_name_keeps_a_label_that_is_only_a_mark() -> None:
    assert plain_name("（必須）") == "(必須)"
    assert plain_name("　氏　名：") == "氏 名"


# -- in a real browser ------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.usefixtures("robot_env")
def test_clerk_labels_find_decorated_fields(
    tmp_path: Path, write_scenario: Callable[..., Path], run_file: Any
) -> None:
    body = """
  - browser.fill: {label: ユーザー名, value: tanaka01}
  - browser.fill: {label: 氏名, value: "髙﨑　𠮷"}
  - browser.fill: {label: 氏名(カナ), value: タカサキ　ヨシ}
  - browser.fill: {label: 住所, value: 茨城県つくば市研究学園一丁目1番地1}
  - browser.fill: {label: 電話番号, value: 029-883-1111}
  - browser.fill: {label: メールアドレス, value: takasaki@example.jp}
  - browser.check: {label: "通知する："}
  - browser.fill: {label: 生年月日, value: 1980-04-01}
  - browser.fill: {label: ID番号, value: "０１２３"}
  - browser.fill: {label: フリガナ, value: ﾀｶｻｷ}
  - browser.fill: {placeholder: 郵便番号, value: 305-8555}
  - browser.fill: {label: 事業所名, value: 有限会社髙﨑商店}
  - browser.fill: {label: 事業所名カナ, value: タカサキショウテン}
  - browser.fill: {label: 備考, value: 二階の窓口}
  - browser.click: {role: button, name: 確認}
  - browser.read_text: {css: "#out"}
    save_as: out
"""
    result = run(write_scenario, run_file, page(tmp_path, DECORATED), body)
    assert result.status == "succeeded", result.message
    assert json.loads(result.variables["out"]) == {
        "user": "tanaka01",
        "name": "髙﨑　𠮷",  # the clerk's values go in exactly as written: only names are normalised
        "kana": "タカサキ　ヨシ",
        "addr": "茨城県つくば市研究学園一丁目1番地1",
        "tel": "029-883-1111",
        "mail": "takasaki@example.jp",
        "notify": True,
        "birth": "1980-04-01",
        "member": "０１２３",
        "furi": "ﾀｶｻｷ",
        "zip": "305-8555",
        "office": "有限会社髙﨑商店",
        "office_kana": "タカサキショウテン",
        "note": "二階の窓口",
    }


@pytest.mark.browser
@pytest.mark.usefixtures("robot_env")
def test_exact_true_keeps_the_strict_match(
    tmp_path: Path, write_scenario: Callable[..., Path], run_file: Any
) -> None:
    url = page(tmp_path, DECORATED)
    strict = run(write_scenario, run_file, url, "  - browser.fill: {label: ユーザー名, exact: true, value: x}\n", "1s")
    assert strict.status == "failed"
    assert "ラベル「ユーザー名」の欄が見つかりません" in strict.message, strict.message
    body = """
  - browser.fill: {label: "ユーザー名:", exact: true, value: sato02}
  - browser.click: {role: button, name: 確認, exact: true}
  - browser.read_text: {css: "#out"}
    save_as: out
"""
    as_shown = run(write_scenario, run_file, url, body)
    assert as_shown.status == "succeeded", as_shown.message
    assert json.loads(as_shown.variables["out"])["user"] == "sato02"


TWO = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>二重の欄</title></head><body>
<label for="a">氏名</label><input id="a"><label for="b">氏名：</label><input id="b">
<table><tr><th>住所</th><td><input id="c"></td></tr></table><label for="d">住所（必須）</label><input id="d">
</body></html>"""


@pytest.mark.browser
@pytest.mark.usefixtures("robot_env")
@pytest.mark.parametrize(("label", "names"), [("氏名", "「氏名」「氏名：」"), ("住所", "「住所」「住所（必須）」")])
def test_two_fields_that_match_after_normalising_are_an_error_naming_both(
    tmp_path: Path, write_scenario: Callable[..., Path], run_file: Any, label: str, names: str
) -> None:
    body = f"  - browser.fill: {{label: {label}, value: 山田太郎}}\n"
    result = run(write_scenario, run_file, page(tmp_path, TWO), body, "2s")
    assert result.status == "failed"
    assert f"ラベル「{label}」の欄に当てはまるものが2個あります: {names}" in result.message, result.message
    assert "exact: true" in result.message


LOGIN = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>ログイン | 管理サイト</title></head><body>
<form><label for="u">ユーザー名:</label><input id="u"><label for="p">パスワード:</label><input id="p" type="password">
<input type="submit" value="ログイン"><a href="#">パスワードを忘れた場合</a></form></body></html>"""


@pytest.mark.browser
@pytest.mark.usefixtures("robot_env")
def test_not_found_names_the_fields_on_the_page_and_the_closest(
    tmp_path: Path, write_scenario: Callable[..., Path], run_file: Any
) -> None:
    url = page(tmp_path, LOGIN)
    body = "  - browser.fill: {label: ユーザ名, value: tanaka01}\n"
    result = run(write_scenario, run_file, url, body, "1s")
    assert result.status == "failed"
    assert (
        "ラベル「ユーザ名」の欄が見つかりません(1秒待ちました)。この画面にある欄: 「ユーザー名:」「パスワード:」"
        " 近いもの: 「ユーザー名」" in result.message
    ), result.message
    assert "failure-001.png" in result.message and "failure-001.html" in result.message  # still saved
    set_lang("en")
    result = run(write_scenario, run_file, url, "  - browser.click: {role: button, name: サインイン}\n", "1s")
    assert result.status == "failed"
    assert "Buttons on this page: 「ログイン」" in result.message, result.message
    assert "Closest" not in result.message  # nothing near サインイン: the list alone


MANY = (
    '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>多い画面</title></head><body>'
    + "".join(f'<label for="f{i}">項目{i}:</label><input id="f{i}">' for i in range(1, 13))
    + "</body></html>"
)


@pytest.mark.browser
@pytest.mark.usefixtures("robot_env")
def test_the_list_of_names_is_bounded_closest_first(
    tmp_path: Path, write_scenario: Callable[..., Path], run_file: Any
) -> None:
    body = "  - browser.fill: {label: 項目12番, value: x}\n"
    result = run(write_scenario, run_file, page(tmp_path, MANY), body, "1s")
    assert result.status == "failed"
    listed = result.message.split("この画面にある欄: ", 1)[1].split(" 近いもの", 1)[0]
    assert listed.startswith("「項目12:」"), listed
    assert listed.count("「") == 8 and listed.endswith("…(+4)"), listed
    assert "近いもの: 「項目12」" in result.message
