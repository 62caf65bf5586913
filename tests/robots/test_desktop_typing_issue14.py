"""Issue 14: desktop typing that is proven or refused, on a stock GTK program (zenity ``--forms``) on Xvfb.

What the tester saw: the first field of a freshly opened zenity form logged 「読み戻せませんでした」 and
counted as OK. The cause (reproduced here): GTK pastes asynchronously and its first paste on a new form
is slow, so the Ctrl+A + Ctrl+C sent right after Ctrl+V found the field still empty; copying an empty
field copies nothing, and after 1 s the field was declared "does not copy". These tests drive zenity
through the image path (reference images cut from the screen here) and the real xclip.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from rpa_core.store.runlog import items, steps

pytestmark = pytest.mark.display

TITLE = "住民登録"
FORM = ["zenity", "--forms", f"--title={TITLE}", "--add-entry=氏名", "--add-entry=住所"]
PIN_FORM = ["zenity", "--forms", f"--title={TITLE}", "--add-entry=氏名", "--add-password=暗証番号"]
# Where things are in zenity's form, from its window's top-left corner (GTK 3, Debian 12, DejaVu/Noto).
LABELS = {"氏名": (16, 42, 34, 24), "住所": (16, 82, 34, 24), "暗証番号": (10, 82, 58, 24)}
OK_BUTTON = (160, 126, 55, 20)
FIELD_OFFSET = 106  # from a label's centre to the middle of its entry

PEOPLE = [
    ("1", "髙橋　﨑子", "岩手県花巻市大通り一丁目1番1号"),
    ("2", "山﨑　翔太", "岩手県花巻市材木町2-3"),
    ("3", "佐藤　花子", "Hanamaki 4-5-6"),
    ("4", "髙木　健", "岩手県花巻市東和町土沢5区"),
    ("5", "渡邉　美穂", "岩手県花巻市石鳥谷町八幡3-1"),
]


def _windows() -> Any:
    from robots._desktop_windows import X11Windows

    return X11Windows()


def _wait_window(present: bool, timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        wins = [w for w in _windows().list() if w.title == TITLE]
        if bool(wins) == present:
            return wins[0] if wins else None
        time.sleep(0.02)
    raise AssertionError(f"window {TITLE} {'never came' if present else 'stayed'}")


def _cut(window: Any, box: tuple[int, int, int, int], path: Path) -> None:
    from robots._desktop_screen import grab

    path.parent.mkdir(parents=True, exist_ok=True)
    grab((window.x + box[0], window.y + box[1], box[2], box[3])).save(path)


@pytest.fixture
def form_images(xvfb: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Reference images cut from a real zenity form, as a clerk would with ``robosan capture``."""
    monkeypatch.setenv("ROBOSAN_ALLOWED_PROGRAMS", "zenity")
    images = tmp_path / "images"
    for form, names in ((FORM, ("氏名", "住所")), (PIN_FORM, ("暗証番号",))):
        proc = subprocess.Popen(form, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        win = _wait_window(True)
        time.sleep(0.3)  # a freshly mapped GTK window draws its widgets just after it appears
        for name in names:
            _cut(win, LABELS[name], images / f"{name}.png")
        _cut(win, OK_BUTTON, images / "OK.png")
        proc.terminate()
        proc.wait(timeout=10)
        _wait_window(False)
    yield images
    for win in [w for w in _windows().list() if w.title == TITLE]:
        _windows().close(win)


def _sheet(path: Path, rows: list[tuple[str, str | None, str]], third: str = "住所") -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "住民"
    ws.append(["番号", "氏名", third])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


SCENARIO = """
name: 住民登録(zenity)
baseline: {{minutes_per_item: 1}}
inputs:
  file: {{type: path, default: people.xlsx}}
settings:
  desktop: {{pause: 0.02, timeout: 10s}}
steps:
  - excel.read_rows: {{file: "{{{{ inputs.file }}}}"}}
    save_as: rows
  - for_each: "{{{{ rows }}}}"
    name: 住民ごと
    as: row
    item_key: "{{{{ row.番号 }}}}"
    on_error: continue
    steps:
      - desktop.launch: {{command: "{command}", window: {title}, if_running: restart}}
        name: 新しい入力画面を開く
      - desktop.type: {{text: "{{{{ row.氏名 }}}}", anchor: images/氏名.png, offset: [{offset}, 0]}}
        name: 氏名
      - desktop.type: {{text: "{{{{ row.{second} }}}}", anchor: images/{second}.png, offset: [{offset}, 0]{extra}}}
        name: {second}
      - desktop.click_image: {{image: images/OK.png}}
        name: OK
        commit: true
"""


def _scenario(write: Callable[..., Path], form: list[str], second: str, extra: str = "") -> Path:
    command = " ".join(form)
    return write(SCENARIO.format(command=command, title=TITLE, offset=FIELD_OFFSET, second=second, extra=extra))


def _program_lines(home: Path) -> list[str]:
    return [
        line
        for log in sorted(home.rglob("desktop-program.log"))
        for line in log.read_text(encoding="utf-8").splitlines()
        if "|" in line
    ]


def _item_messages(run_file: Any) -> dict[str, tuple[str, str | None]]:
    with run_file.log.engine.connect() as conn:
        return {r.key: (r.status, r.message) for r in conn.execute(select(items))}


def test_every_first_field_of_a_fresh_form_is_proven_and_bad_cells_fail_before_typing(
    form_images: Path, robosan_home: Path, run_file: Any, write_scenario: Callable[..., Path], tmp_path: Path
) -> None:
    long_address = "岩手県花巻市" + "大通り一丁目" * 50  # 306 characters
    rows: list[tuple[str, str | None, str]] = [*PEOPLE, ("6", None, "岩手県花巻市"), ("7", "菊池　優", long_address)]
    _sheet(tmp_path / "people.xlsx", rows)
    scenario = _scenario(write_scenario, FORM, "住所", extra=", max_length: 60")

    result = run_file(scenario, unattended=True)

    found = _item_messages(run_file)
    assert {k: s for k, (s, _) in found.items()} == {**{p[0]: "done" for p in PEOPLE}, "6": "failed", "7": "failed"}
    assert "Excel 7行目の「氏名」が空です" in (found["6"][1] or "")
    assert "Excel 8行目の「住所」の値は 306 文字" in (found["7"][1] or "") and "max_length(60 文字)" in (found["7"][1] or "")
    # every field exact, once per person; nothing of row 7 was typed (its form was cancelled by the next launch)
    assert _program_lines(robosan_home) == [f"{name}|{address}" for _, name, address in PEOPLE]
    with run_file.log.engine.connect() as conn:
        typed = [(r.item_key, r.name, r.status) for r in conn.execute(select(steps)) if r.name in ("氏名", "住所")]
    expected = [(p[0], field, "ok") for p in PEOPLE for field in ("氏名", "住所")]
    assert sorted(typed) == sorted([*expected, ("6", "氏名", "failed"), ("7", "氏名", "ok"), ("7", "住所", "failed")])
    assert result.counts == {"done": len(PEOPLE), "failed": 2}


def test_a_field_that_forbids_copying_fails_and_check_false_is_the_logged_opt_out(
    form_images: Path, robosan_home: Path, run_file: Any, write_scenario: Callable[..., Path], tmp_path: Path
) -> None:
    _sheet(tmp_path / "people.xlsx", [("1", "髙橋　﨑子", "Kei-2026")], third="暗証番号")
    checked = _scenario(write_scenario, PIN_FORM, "暗証番号")
    run_file(checked, unattended=True)
    status, message = _item_messages(run_file)["1"]
    assert status == "failed" and "読み戻せませんでした" in (message or "")
    assert _program_lines(robosan_home) == []  # OK was never pressed: nothing unproven was submitted

    unchecked = _scenario(write_scenario, PIN_FORM, "暗証番号", extra=", check: false")
    result = run_file(unchecked, unattended=True, fresh=True)
    assert result.counts == {"done": 1}
    assert _program_lines(robosan_home) == ["髙橋　﨑子|Kei-2026"]
    logged = [m for m in result.observer.lines if "check: false" in m]
    assert len(logged) == 1


def _click_field(pg: Any, win: Any, label: str) -> None:
    pg.click(win.x + LABELS[label][0] + LABELS[label][2] // 2 + FIELD_OFFSET, win.y + LABELS[label][1] + 12)


def test_the_first_paste_into_a_fresh_gtk_form_is_read_back(xvfb: str) -> None:
    """The regression itself: before the fix, the read-back of this very paste timed out (GTK had not
    inserted the text yet when Ctrl+A + Ctrl+C arrived) and the field was called uncopyable."""
    from robots._desktop_clipboard import XClipboard
    from robots._desktop_input import type_into_focus
    from robots._desktop_session import _import_pyautogui

    pg = _import_pyautogui()
    clip = XClipboard()
    try:
        for name in ("髙橋　﨑子", "山﨑　翔太", "渡邉　美穂"):
            form = subprocess.Popen(FORM, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            win = _wait_window(True)
            _click_field(pg, win, "氏名")
            out = type_into_focus(pg, clip, name, clear=True, check=True)
            assert (out.status, out.read_back, out.attempts) == ("ok", name, 1)
            pg.click(win.x + OK_BUTTON[0] + 27, win.y + OK_BUTTON[1] + 10)
            assert form.communicate(timeout=10)[0].decode("utf-8").strip() == f"{name}|"
    finally:
        clip.release()


def test_a_half_filled_field_is_emptied_and_proven_and_the_clerks_clipboard_comes_back(xvfb: str) -> None:
    from robots._desktop_clipboard import XClipboard
    from robots._desktop_input import type_into_focus
    from robots._desktop_session import _import_pyautogui

    pg = _import_pyautogui()
    clip = XClipboard()
    form = subprocess.Popen(FORM, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        win = _wait_window(True)
        _click_field(pg, win, "氏名")
        # what a killed run left: the name pasted three times, not proven
        left = type_into_focus(pg, clip, "田中　翔" * 3, clear=False, check=False)
        assert left.status == "unchecked"
        clip.set("課内メモ:午後3時 打合せ")  # the clerk's own clipboard

        out = type_into_focus(pg, clip, "田中　翔", clear=True, check=True)

        assert (out.status, out.read_back, out.attempts) == ("ok", "田中　翔", 1)
        assert clip.get() == "課内メモ:午後3時 打合せ"
        pg.click(win.x + OK_BUTTON[0] + 27, win.y + OK_BUTTON[1] + 10)
        assert form.communicate(timeout=10)[0].decode("utf-8").strip() == "田中　翔|"
    finally:
        clip.release()
        if form.poll() is None:
            form.kill()


def _children(pid: int, name: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            stat = (proc / "stat").read_text()
        except OSError:
            continue
        if proc.name.isdigit() and stat.split("(", 1)[1].split(")")[0] == name:
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(proc.name))
    return found


def _gone(pid: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.02)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xclip helpers exist on Linux only")
def test_a_clipboard_helper_dies_with_its_robot_and_a_stale_one_is_ended(xvfb: str) -> None:
    from robots._desktop_clipboard import MARK, end_stale_helpers

    robot = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from robots._desktop_clipboard import XClipboard; "
         "XClipboard().set('田中　翔'); print('ready', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert robot.stdout is not None and robot.stdout.readline().strip() == b"ready"
    (helper,) = _children(robot.pid, "xclip")
    robot.send_signal(signal.SIGKILL)
    robot.wait(timeout=10)
    assert _gone(helper), "the xclip of a killed robot survived it"

    # an xclip an older robosan left (no parent-death signal), and the clerk's own xclip beside it
    old = subprocess.run(
        ["sh", "-c", f"echo 古い値 | {MARK}=$$ xclip -selection clipboard -quiet >/dev/null 2>&1 & echo $!"],
        capture_output=True, text=True, check=True,
    )
    clerks = subprocess.Popen(["xclip", "-selection", "primary", "-quiet"], stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert clerks.stdin is not None
    clerks.stdin.write("事務員の選択".encode())
    clerks.stdin.close()
    try:
        stale = int(old.stdout.strip())
        assert not _gone(stale, 0.2)
        assert stale in end_stale_helpers()
        assert _gone(stale)
        assert clerks.poll() is None, "the clerk's own xclip was ended"
    finally:
        clerks.kill()
        clerks.wait(timeout=5)
