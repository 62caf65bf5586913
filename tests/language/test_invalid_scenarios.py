"""Every broken scenario in ``tests/scenarios/invalid/`` gives the error it states, in Japanese and English.

Each ``*.yaml`` directly in that folder begins with comment lines saying what validating it must produce:

    # expect: 7: 「stpes」は scenario には書けません          (Japanese: line 7, message or hint contains the text)
    # expect-en: 7: 'stpes' is not valid in scenario         (the same problem in English)
    # expect: called/_helper_cycle_b.yaml:5: …               (the problem is in another file, relative to this one)
    # expect-count: 1                                        (optional: exactly this many problems, no follow-on noise)
    # parser-bug: …                                          (a known parser bug: the case is xfail(strict) until fixed)
    # mode: unattended                                       (checked as for an unattended run: validate --unattended)

Files under ``called/`` are helpers that the broken scenarios call; they are not checked on their own.
The file that is not UTF-8 is written at run time (Shift_JIS bytes into tmp_path), so the corpus holds only text.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from rpa_core.errors import Problem, ScenarioError
from rpa_core.language.parser import load_scenario
from rpa_core.messages import CATALOGUE

INVALID = Path(__file__).resolve().parents[1] / "scenarios" / "invalid"
FILES = sorted(INVALID.glob("*.yaml"))
_VENV_ROBOSAN = Path(sys.executable).parent / "robosan"
ROBOSAN = str(_VENV_ROBOSAN) if _VENV_ROBOSAN.exists() else (shutil.which("robosan") or "robosan")

_EXPECT = re.compile(
    r"^# (?P<kind>expect|expect-en): (?:(?P<file>[^\s:]+\.yaml):)?(?P<line>\d+): (?P<text>.+?)\s*$"
)
_COUNT = re.compile(r"^# expect-count: (?P<count>\d+)\s*$")
_BUG = re.compile(r"^# parser-bug: (?P<reason>.+?)\s*$")
_MODE = re.compile(r"^# mode: unattended\s*$")


@dataclass(frozen=True)
class Expect:
    lang: str  # "ja" or "en"
    file: Path  # where the problem is (usually the scenario itself)
    line: int
    text: str


@dataclass(frozen=True)
class Header:
    expects: tuple[Expect, ...]
    count: int | None
    bug: str | None
    unattended: bool = False

    def lang(self, lang: str) -> list[Expect]:
        return [e for e in self.expects if e.lang == lang]


def read_header(path: Path) -> Header:
    """The leading comment block of a corpus file: its expectations."""
    expects: list[Expect] = []
    count: int | None = None
    bug: str | None = None
    unattended = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        if m := _EXPECT.match(line):
            where = (path.parent / m["file"]).resolve() if m["file"] else path.resolve()
            lang = "en" if m["kind"] == "expect-en" else "ja"
            expects.append(Expect(lang, where, int(m["line"]), m["text"]))
        elif m := _COUNT.match(line):
            count = int(m["count"])
        elif m := _BUG.match(line):
            bug = m["reason"]
        elif _MODE.match(line):
            unattended = True
    return Header(tuple(expects), count, bug, unattended)


HEADERS = {p: read_header(p) for p in FILES}
BUGGY = {p for p, h in HEADERS.items() if h.bug}
SOUND = [p for p in FILES if p not in BUGGY]


def _params(paths: list[Path]) -> list[object]:
    out: list[object] = []
    for p in paths:
        bug = HEADERS[p].bug
        marks = [pytest.mark.xfail(strict=True, reason=f"parser bug: {bug}")] if bug else []
        out.append(pytest.param(p, id=p.name, marks=marks))
    return out


def _problems(path: Path) -> list[Problem]:
    header = HEADERS.get(path)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, unattended=bool(header and header.unattended))
    return list(info.value.problems)


def _same_file(problem: Problem, file: Path) -> bool:
    return Path(problem.loc.file).resolve() == file


def _listing(problems: list[Problem], lang: str) -> str:
    return "\n".join(p.render(lang) for p in problems) or "(no problems)"


# -- the corpus itself ------------------------------------------------------------------------------


def test_corpus_is_big_enough_and_every_file_states_its_errors() -> None:
    assert len(FILES) >= 40, f"only {len(FILES)} broken scenarios in {INVALID}"
    assert len(SOUND) >= 40, "too many corpus files are marked parser-bug"
    for path in FILES:
        h = HEADERS[path]
        assert h.lang("ja"), f"{path.name}: no '# expect: LINE: text' line"
        assert h.lang("en"), f"{path.name}: no '# expect-en: LINE: text' line"
        ja = sorted((e.file, e.line) for e in h.lang("ja"))
        en = sorted((e.file, e.line) for e in h.lang("en"))
        assert ja == en, f"{path.name}: every '# expect:' needs an '# expect-en:' at the same place"
        if h.count is not None:
            assert h.count >= len(ja), f"{path.name}: expect-count is lower than the number of expectations"


def test_called_helpers_are_valid_on_their_own() -> None:
    """So that a call error in the corpus comes from the caller, not from a broken helper."""
    scenario = load_scenario(INVALID / "called" / "_helper_notice.yaml")
    assert set(scenario.inputs) == {"houjin_bangou", "jigyosho_mei"}
    load_scenario(INVALID / "called" / "通知書" / "scenario.yaml")


def test_scenario_path_that_is_a_folder(tmp_path: Path) -> None:
    """A folder given where a scenario belongs: one clear problem, pointing at the scenario inside."""
    folder = INVALID / "called" / "通知書"
    (p,) = _problems(folder)
    assert p.key == "file.is_directory" and p.loc.line == 1
    assert "フォルダです" in p.message("ja") and "is a folder" in p.message("en")
    assert str(folder / "scenario.yaml") in p.hint("ja")
    empty = tmp_path / "空のフォルダ"
    empty.mkdir()
    (q,) = _problems(empty)
    assert q.key == "file.is_directory" and ".yaml" in q.hint("ja") and ".yaml" in q.hint("en")


VALID_CORNERS = {
    # skip_item: in the on_error: of a step inside an item loop, and in rescue:
    "skip_in_step_on_error.yaml": """
name: 事業所登録
steps:
  - set: {rows: [{法人番号: "1234567890123", 事業所名: 花巻商店}]}
  - for_each: "{{ rows }}"
    name: 事業所ごとに登録
    as: row
    item_key: "{{ row.法人番号 }}"
    steps:
      - fail: 画面が開かない
        on_error:
          - skip_item: "{{ row.事業所名 }} は対象外"
      - try:
          - fail: 登録できない
        rescue:
          - skip_item: "{{ error }}"
""",
    # a for_each's own on_error: runs per failed item, with the item still bound; and a skip_item:
    # there is valid when an outer item loop is the one being skipped
    "loop_on_error_uses_item.yaml": """
name: 事業所登録
steps:
  - set: {offices: [{code: "A1", staff: [山田, 佐藤]}]}
  - for_each: "{{ offices }}"
    name: 事業所ごと
    as: office
    item_key: "{{ office.code }}"
    steps:
      - for_each: "{{ office.staff }}"
        name: 職員ごと
        as: person
        item_key: "{{ office.code }}-{{ person }}"
        on_error:
          - log: "{{ person }} ({{ loop_index }}) は失敗: {{ error }}"
          - skip_item: 職員の登録に失敗
        steps:
          - log: "{{ person }}"
""",
    # a full-width colon inside a value is text, not a mistake
    "fullwidth_colon_in_value.yaml": """
name: 事業所登録
steps:
  - log: "注意：入力してください"
  - for_each: [花巻市：本庁, 石鳥谷：総合支所]
    as: place
    steps:
      - log: "{{ place }}"
""",
}


@pytest.mark.parametrize("name", sorted(VALID_CORNERS))
def test_valid_corner_cases_are_accepted(name: str, tmp_path: Path) -> None:
    """Scenarios near the mistakes above that are right: no false alarm."""
    path = tmp_path / name
    path.write_text(VALID_CORNERS[name].lstrip(), encoding="utf-8")
    scenario = load_scenario(path)
    assert scenario.steps


def test_unquoted_expression_keeps_the_meant_text() -> None:
    """The loader reports the missing quotes and carries on with the text, so nothing else cascades."""
    from rpa_core.language.loader import load_yaml

    data, problems = load_yaml(INVALID / "unquoted_expression_set.yaml")
    assert [p.key for p in problems] == ["yaml.unquoted_expression"]
    assert data["steps"][1]["set"]["total"] == "{{ rows | length }}"


@pytest.mark.parametrize("path", _params(FILES))
def test_invalid_scenario_reports_what_it_states(path: Path) -> None:
    header = HEADERS[path]
    problems = _problems(path)
    assert len(problems) >= len(header.lang("ja")), _listing(problems, "ja")
    if header.count is not None:
        assert len(problems) == header.count, _listing(problems, "ja")
    for p in problems:
        assert p.key in CATALOGUE, f"message key without text: {p.key}"
        assert p.loc.line >= 1 and p.loc.col >= 1
    for e in header.expects:
        found = [
            p
            for p in problems
            if _same_file(p, e.file) and p.loc.line == e.line and e.text in p.render(e.lang)
        ]
        assert found, (
            f"{path.name}: expected a problem at line {e.line} of {e.file.name} containing {e.text!r} "
            f"({e.lang}); got:\n{_listing(problems, e.lang)}"
        )


def test_file_not_utf8_is_reported(tmp_path: Path) -> None:
    """A scenario saved as Shift_JIS (as old Notepad did): written here so the corpus stays text."""
    path = tmp_path / "事業所登録_sjis.yaml"
    path.write_bytes("name: 事業所登録\nsteps:\n  - log: 開始\n".encode("cp932"))
    problems = _problems(path)
    assert len(problems) == 1
    (p,) = problems
    assert p.loc.line == 1
    assert "文字コードがUTF-8ではありません" in p.message("ja")
    assert "UTF-8" in p.hint("ja")
    assert "The file is not UTF-8" in p.message("en")


def test_every_problem_has_a_hint() -> None:
    missing: dict[str, str] = {}
    for path in SOUND:
        for p in _problems(path):
            if not p.hint("ja") or not p.hint("en"):
                missing.setdefault(p.key, path.name)
    assert not missing, "messages without a hint (key: example file): " + ", ".join(
        f"{k}: {v}" for k, v in sorted(missing.items())
    )


# -- the real command line --------------------------------------------------------------------------


def _robosan(*args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("ROBOSAN_LANG", None)
    if lang:
        env["ROBOSAN_LANG"] = lang
    return subprocess.run([ROBOSAN, *args], capture_output=True, text=True, env=env, timeout=120)


CLI_SAMPLES = [
    "unknown_top_key.yaml",
    "unknown_action_mean.yaml",
    "undefined_var_mean.yaml",
    "bad_timeout.yaml",
    "yaml_tab.yaml",
    "sandbox_mro.yaml",
    "many_mistakes_one_pass.yaml",
    "yaml_unclosed_quote.yaml",
    "unquoted_expression.yaml",
    "call_into_directory.yaml",
]


@pytest.mark.parametrize("name", CLI_SAMPLES)
def test_validate_command_japanese_and_english(name: str) -> None:
    path = INVALID / name
    header = HEADERS[path]
    ja = _robosan("validate", str(path))
    assert ja.returncode == 2, ja.stdout + ja.stderr
    assert "Traceback" not in ja.stdout + ja.stderr
    assert "対処:" in ja.stderr
    for e in header.lang("ja"):
        assert f"{e.file}:{e.line}:" in ja.stderr and e.text in ja.stderr, ja.stderr
    en = _robosan("validate", "--lang", "en", str(path))
    assert en.returncode == 2, en.stdout + en.stderr
    assert "Traceback" not in en.stdout + en.stderr
    assert "What to do:" in en.stderr and "対処" not in en.stderr
    for e in header.lang("en"):
        assert f"{e.file}:{e.line}:" in en.stderr and e.text in en.stderr, en.stderr


def test_validate_command_on_a_folder() -> None:
    """`robosan validate FOLDER`: a clear error and exit 2, and the other files are still checked."""
    folder = INVALID / "called" / "通知書"
    res = _robosan("validate", str(folder), str(INVALID / "call_into_directory.yaml"))
    assert res.returncode == 2, res.stdout + res.stderr
    assert "Traceback" not in res.stdout + res.stderr
    assert f"{folder}:1:1:" in res.stderr and "フォルダです" in res.stderr
    assert str(folder / "scenario.yaml") in res.stderr
    assert "call_into_directory.yaml:6:" in res.stderr and "2 件の誤り" in res.stderr


def test_validate_command_english_from_the_environment() -> None:
    path = INVALID / "unknown_arg_mean.yaml"
    res = _robosan("validate", str(path), lang="en")
    assert res.returncode == 2
    assert "Traceback" not in res.stdout + res.stderr
    assert "Did you mean 'file'?" in res.stderr and "What to do:" in res.stderr


def test_validate_command_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "sjis.yaml"
    path.write_bytes("name: 事業所登録\nsteps:\n  - log: 開始\n".encode("cp932"))
    res = _robosan("validate", str(path))
    assert res.returncode == 2
    assert f"{path}:1:1:" in res.stderr and "UTF-8" in res.stderr and "対処:" in res.stderr
    assert "Traceback" not in res.stdout + res.stderr


def test_validate_all_invalid_files_in_one_command() -> None:
    """One command, every broken file: each one's errors are reported, exit 2, no traceback.

    Files marked parser-bug (none at present) are left out: a parser bug may abort the whole
    command, as call_into_directory.yaml once did with an internal error.
    """
    res = _robosan("validate", *(str(p) for p in SOUND if not HEADERS[p].unattended))
    out = res.stdout + res.stderr
    assert res.returncode == 2, out[-3000:]
    assert "Traceback" not in out
    assert "OK:" not in res.stdout, res.stdout
    for path in (p for p in SOUND if not HEADERS[p].unattended):
        for e in HEADERS[path].lang("ja"):
            assert f"{e.file}:{e.line}:" in res.stderr, (
                f"{path.name}: nothing reported at {e.file.name}:{e.line}"
            )
    m = re.search(r"(\d+) 件の誤りがあります", res.stderr)
    assert m and int(m.group(1)) >= sum(len(HEADERS[p].lang("ja")) for p in SOUND if not HEADERS[p].unattended)


def test_validate_command_unattended_flag(tmp_path: Path) -> None:
    """`robosan validate --unattended` checks what only an unattended run refuses; without it, that passes.

    `robosan run --unattended` (as the scheduler runs) refuses the same file before any run is recorded.
    """
    files = [p for p in SOUND if HEADERS[p].unattended]
    assert files, "no corpus file with '# mode: unattended'"
    for path in files:
        res = _robosan("validate", "--unattended", str(path))
        assert res.returncode == 2 and "Traceback" not in res.stdout + res.stderr, res.stderr
        for e in HEADERS[path].lang("ja"):
            assert f"{e.file}:{e.line}:" in res.stderr and e.text in res.stderr, res.stderr
        attended = _robosan("validate", str(path))
        assert attended.returncode == 0, attended.stderr
        db = tmp_path / "runs.db"
        run = _robosan("run", "--unattended", "--db", str(db), str(path))
        assert run.returncode == 2 and "Traceback" not in run.stdout + run.stderr, run.stderr
        assert f"{path}:" in run.stderr and "対処:" in run.stderr
        assert not db.exists()
