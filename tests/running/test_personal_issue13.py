"""Issue 13, "Personal data kept as the city decides" (the run-log side).

Real parts: the ``robosan`` command in a subprocess, a real .xlsx of fictitious applicants written here,
a real SQLite run log whose file bytes (and -wal) are searched for the clear values. The 個人番号 below
are generated with a valid check digit from made-up first digits: no real person's number.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from rpa_core.running.my_number import check_digit, is_my_number, redact_my_numbers
from rpa_core.running.personal import KEY_PREFIX, PERSONAL_MARK, PersonalData, key_digest

ROBOSAN = str(Path(sys.executable).parent / "robosan")


def my_number(first_eleven: str) -> str:
    return first_eleven + str(check_digit(first_eleven))


def bad_check(first_eleven: str) -> str:
    """Twelve digits whose last one is NOT the check digit (a phone-like number or a code)."""
    return first_eleven + str((check_digit(first_eleven) + 1) % 10)


APPLICANTS = [  # 受付番号, 氏名, 住所, 個人番号, 連絡先 (12 digits, bad check digit)
    ("R8-0001", "佐藤 花子", "茨城県つくば市研究学園九丁目8番地7", my_number("40918273645"), bad_check("02985512345")),
    ("R8-0002", "髙橋 一郎", "岩手県花巻市南川原町三丁目2番1号", my_number("71605938241"), bad_check("01982334455")),
    ("R8-0003", "宮沢 みどり", "岩手県花巻市大迫町外川目第9地割5番地", my_number("35260718493"), bad_check("09087654321")),
]

SCENARIO = """\
name: 児童手当の申請登録
department: 市民部/こども課
personal: [氏名, 住所, 個人番号]
%(settings)s
inputs:
  book: {type: path, default: applicants.xlsx}
steps:
  - excel.read_rows: {file: "{{ inputs.book }}", sheet: 申請}
    save_as: rows
  - for_each: "{{ rows }}"
    name: 申請を登録
    as: row
    item_key: "{{ %(key)s }}"
    on_error: continue
    steps:
      - set:
          氏名: "{{ row.氏名 }}"
          宛名: "{{ row.氏名 }} 様"
          番号控え: "{{ row.個人番号 }}"
      - file.append_text: {path: registry.csv, text: "{{ row.受付番号 }}"}
        name: 申請を登録する
        commit: true
      - log: "{{ row.氏名 }}（{{ row.住所 }}）個人番号 {{ row.個人番号 }} 連絡先 {{ row.連絡先 }} を登録しました"
      - fail: "{{ row.氏名 }} さんの個人番号 {{ row.個人番号 }} を確認できません"
        when: "{{ row.受付番号 == 'R8-0003' }}"
"""


def _book(folder: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "申請"
    ws.append(["受付番号", "氏名", "住所", "個人番号", "連絡先"])
    for row in APPLICANTS:
        ws.append(list(row))
    path = folder / "applicants.xlsx"
    wb.save(path)
    return path


def _robosan(*args: str, home: Path, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ROBOSAN_HOME": str(home), "COLUMNS": "400", "ROBOSAN_LANG": "ja"}
    env.pop("ROBOSAN_DB", None)
    cmd = [ROBOSAN, *args] + (["--db", str(db)] if db is not None else [])
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)


def _scenario(folder: Path, *, settings: str = "", key: str = "row.受付番号") -> Path:
    _book(folder)
    path = folder / "scenario.yaml"
    path.write_text(SCENARIO % {"settings": settings, "key": key}, encoding="utf-8")
    return path


def _log_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (db, Path(f"{db}-wal")) if p.exists())


def _absent(value: str, stored: bytes) -> bool:
    """Neither as text nor as a JSON column writes it (``\\u4f50…``)."""
    return value.encode() not in stored and json.dumps(value)[1:-1].encode() not in stored


def _clear_values() -> list[str]:
    out = []
    for _no, name, address, number, _phone in APPLICANTS:
        out += [name, name.replace(" ", ""), address, number, f"{number[:4]} {number[4:8]} {number[8:]}"]
    return out


def _workbook_cells(path: Path) -> list[str]:
    wb = load_workbook(path)
    return [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None]


# -- the whole run, through the CLI ------------------------------------------------------------------------------
def test_personal_fields_never_reach_the_run_log(tmp_path: Path) -> None:
    scenario = _scenario(tmp_path)
    db = tmp_path / "log" / "runlog.db"
    home = tmp_path / "home"
    ran = _robosan("run", str(scenario), "--unattended", home=home, db=db)
    assert ran.returncode == 1, ran.stdout + ran.stderr  # one item failed: the run is partial
    assert (tmp_path / "registry.csv").read_text(encoding="utf-8").count("R8-") == 3

    stored = _log_bytes(db)
    for value in _clear_values():
        assert _absent(value, stored), value
    assert PERSONAL_MARK.encode() in stored
    for _no, _name, _address, _number, phone in APPLICANTS:  # a 12-digit number with a bad check digit stays
        assert phone.encode() in stored

    with sqlite3.connect(db) as conn:
        results = [json.loads(r[0]) for r in conn.execute("select result from items order by id")]
        messages = [r[0] for r in conn.execute("select message from items where status = 'failed'")]
    assert results[0]["氏名"] == PERSONAL_MARK  # a set: of a personal name is stored as the mark
    assert results[0]["宛名"] == f"{PERSONAL_MARK} 様"  # its value inside other text is redacted
    assert results[0]["番号控え"] == PERSONAL_MARK  # the detector: a 個人番号 under any name
    assert messages and f"{PERSONAL_MARK} さんの個人番号 {PERSONAL_MARK} を確認できません" in messages[0]

    shown = _robosan("runs", "1", home=home, db=db)
    assert shown.returncode == 0, shown.stderr
    assert "R8-0003" in shown.stdout and PERSONAL_MARK in shown.stdout
    console = ran.stdout + ran.stderr + shown.stdout + shown.stderr
    for value in _clear_values():
        assert value not in console, value

    book = _workbook_cells(home / "runs" / "000001" / "result.xlsx")
    for value in _clear_values():
        assert value not in book, value
    assert PERSONAL_MARK in book and "R8-0002" in book


def test_result_book_shows_personal_fields_when_the_clerk_asks(tmp_path: Path) -> None:
    scenario = _scenario(tmp_path, settings="settings: {personal_in_result_book: true}")
    db = tmp_path / "runlog.db"
    home = tmp_path / "home"
    ran = _robosan("run", str(scenario), "--unattended", home=home, db=db)
    assert ran.returncode == 1, ran.stdout + ran.stderr
    book = _workbook_cells(home / "runs" / "000001" / "result.xlsx")
    for _no, name, address, number, _phone in APPLICANTS:
        assert name in book and address in book and number in book
    stored = _log_bytes(db)
    for value in _clear_values():  # the run log still holds none of them
        assert _absent(value, stored), value


def test_my_number_is_redacted_without_personal_declared(tmp_path: Path) -> None:
    number = APPLICANTS[0][3]
    corporate = "6" + my_number("12312312312")  # 13 digits: a 法人番号 is public and left alone
    phone = APPLICANTS[1][4]
    wide = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    (tmp_path / "scenario.yaml").write_text(f"""\
name: 番号の記録
steps:
  - log: "申請者 {number} / 連絡先 {phone} / 法人番号 {corporate}"
  - log: "空白区切り {number[:4]} {number[4:8]} {number[8:]}、ハイフン {number[:4]}-{number[4:8]}-{number[8:]}"
  - log: "全角 {wide}"
""", encoding="utf-8")
    db = tmp_path / "runlog.db"
    ran = _robosan("run", str(tmp_path / "scenario.yaml"), "--unattended", home=tmp_path / "home", db=db)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    stored = _log_bytes(db).decode("utf-8", "replace")
    for form in (number, f"{number[:4]} {number[4:8]} {number[8:]}", f"{number[:4]}-{number[4:8]}-{number[8:]}", wide):
        assert form not in stored and form not in ran.stdout
    assert phone in stored and corporate in stored
    assert f"申請者 {PERSONAL_MARK} / 連絡先 {phone}" in stored


def test_item_key_of_a_personal_field_is_a_digest_and_settle_takes_the_clear_key(tmp_path: Path) -> None:
    scenario = _scenario(tmp_path, key="row.個人番号")
    db = tmp_path / "runlog.db"
    home = tmp_path / "home"
    ran = _robosan("run", str(scenario), "--unattended", home=home, db=db)
    assert ran.returncode == 1, ran.stdout + ran.stderr
    with sqlite3.connect(db) as conn:
        keys = {r[0]: r[1] for r in conn.execute("select key, status from items")}
        step_keys = {r[0] for r in conn.execute("select item_key from steps where item_key is not null")}
    digests = {key_digest(a[3]): a[0] for a in APPLICANTS}
    assert set(keys) == set(digests) and step_keys <= set(digests)
    assert all(k.startswith(KEY_PREFIX) for k in keys)
    for value in _clear_values():
        assert _absent(value, _log_bytes(db)), value
    book = load_workbook(home / "runs" / "000001" / "result.xlsx").worksheets[0]
    rows = {r[2]: r[1] for r in book.iter_rows(min_row=2, values_only=True)}
    assert rows[key_digest(APPLICANTS[2][3])] == 4  # the digest beside the applicant's Excel row

    # a rerun finds the same items (the digest is stable): the done ones are not registered again
    again = _robosan("run", str(scenario), "--unattended", home=home, db=db)
    assert again.returncode == 1
    assert (tmp_path / "registry.csv").read_text(encoding="utf-8").count("R8-0001") == 1

    # the failed one failed after its commit step: the rerun left it needs_check, and a clerk settles it by
    # the clear number they have on paper
    with sqlite3.connect(db) as conn:
        waiting = conn.execute("select status from items where key = ?", (key_digest(APPLICANTS[2][3]),)).fetchone()
    assert waiting == ("needs_check",)
    settled = _robosan("items", "settle", APPLICANTS[2][3], "--as", "done", home=home, db=db)
    assert settled.returncode == 0, settled.stderr
    with sqlite3.connect(db) as conn:
        status = conn.execute("select status from items where key = ?", (key_digest(APPLICANTS[2][3]),)).fetchone()
    assert status == ("done",)


def test_validate_refuses_a_personal_list_that_is_not_names(tmp_path: Path) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text("name: x\npersonal: 氏名\nsteps:\n  - log: hi\n", encoding="utf-8")
    checked = _robosan("validate", str(path), home=tmp_path / "home")
    assert checked.returncode == 2
    assert "scenario.yaml:2" in checked.stdout + checked.stderr
    assert "personal:" in checked.stdout + checked.stderr


# -- the detector and the redactor, alone ----------------------------------------------------------------------
def test_check_digit_follows_the_cabinet_order() -> None:
    assert check_digit("12345678901") == 8  # worked by hand: Σ = 212, 212 mod 11 = 3, 11 − 3 = 8
    assert is_my_number("123456789018") and not is_my_number("123456789017")
    assert is_my_number("1234 5678 9018") and is_my_number("１２３４－５６７８－９０１８")
    assert is_my_number(123456789018) and not is_my_number(True)
    assert not is_my_number(50008) and is_my_number("000000050008")  # an amount of 50008 is not 000000050008
    assert not is_my_number("1123456789018")  # 13 digits
    for first in ("00000000000", "99999999999", "40918273645", "71605938241"):
        digits = my_number(first)
        assert is_my_number(digits)
        assert sum(is_my_number(first + str(d)) for d in range(10)) == 1  # exactly one check digit fits


def test_redact_keeps_other_numbers() -> None:
    text = "番号 123456789018、電話 029-855-1234、受付 R8-000123456789017、法人 1123456789018"
    assert redact_my_numbers(text, "X") == "番号 X、電話 029-855-1234、受付 R8-000123456789017、法人 1123456789018"


def test_personal_values_are_redacted_while_the_item_runs() -> None:
    variables: dict[str, object] = {"row": {"氏名": "佐藤 花子", "区分": "1"}}
    personal = PersonalData(["氏名"])
    personal.watch(lambda: variables)
    personal.new_item()
    assert personal.redact("佐藤 花子さん / 佐藤花子 / 区分1") == f"{PERSONAL_MARK}さん / {PERSONAL_MARK} / 区分1"
    variables["row"] = {"氏名": "髙橋 一郎"}  # the item goes on (a call: with other variables): both stay hidden
    assert PERSONAL_MARK in personal.redact("佐藤 花子") and PERSONAL_MARK in personal.redact("髙橋 一郎")
    personal.new_item()
    assert personal.redact("佐藤 花子") == "佐藤 花子"  # the next item: only its own values
    assert personal.redact({"氏名": "x", "n": [123456789018]}) == {"氏名": PERSONAL_MARK, "n": [PERSONAL_MARK]}
    assert personal.stored_key("R8-0001") == "R8-0001"
    assert personal.stored_key("髙橋 一郎").startswith(KEY_PREFIX)


@pytest.mark.parametrize("value", ["", None])
def test_an_empty_personal_field_is_not_marked(value: object) -> None:
    assert PersonalData(["氏名"]).redact({"氏名": value}) == {"氏名": value}


def test_explain_lists_the_personal_fields_and_masked_fields_is_the_same_list(tmp_path: Path) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text("name: x\npersonal: [氏名]\nsettings: {masked_fields: [口座番号]}\nsteps:\n  - log: hi\n",
                    encoding="utf-8")
    explained = _robosan("explain", str(path), home=tmp_path / "home")
    assert explained.returncode == 0, explained.stderr
    assert "個人情報として扱う項目" in explained.stdout
    assert "`氏名`" in explained.stdout and "`口座番号`" in explained.stdout
