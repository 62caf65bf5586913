"""Issue 13, "file access inside declared places": attacks through the real ``robosan`` CLI, and the comparison.

A scenario (``scen/``) tries to read ``/etc/hostname``, to write or move files in a folder beside it
(``victim/``) with ``excel.write_rows``, ``file.copy``, ``file.move``, a ``../`` escape and a symlink in
its own folder. Each attempt ends in a failed run whose message names the path and ``allowed_paths``, with
the victim unchanged; the same scenario works once the 情報政策課 grants the folder in the PC's
``settings.yaml`` or in a robot file. The Windows rules (drive letters, case, UNC, ``\\\\?\\``) are tested
on the pure comparison, which takes either form on any OS.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest

from rpa_core.errors import BadValue, ScenarioError
from rpa_core.running.places import Grant, PlaceRefused, Places, is_within, place_key
from rpa_core.scheduling.robot_file import load_robot
from rpa_core.scheduling.runner import RESULT_MARK

ROBOSAN = Path(sys.executable).parent / "robosan"
REPO = Path(__file__).resolve().parents[2]
VICTIM_TEXT = "住民記録システム 接続設定\n"


def robosan(*args: str, home: Path, lang: str = "ja", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "ROBOSAN_HOME": str(home), "ROBOSAN_LANG": lang, "COLUMNS": "300", **(env or {})}
    full.pop("ROBOSAN_DB", None)
    if not env or "ROBOSAN_ALLOWED_PATHS" not in env:
        full.pop("ROBOSAN_ALLOWED_PATHS", None)
    return subprocess.run([str(ROBOSAN), *args], capture_output=True, text=True, env=full, timeout=120, check=False)


@pytest.fixture
def site(tmp_path: Path) -> dict[str, Path]:
    """A scenario folder, a victim folder beside it holding a file, and a robosan home."""
    scen, victim, home = tmp_path / "scen", tmp_path / "victim", tmp_path / "home"
    scen.mkdir()
    victim.mkdir()
    home.mkdir()
    (victim / "設定.txt").write_text(VICTIM_TEXT, encoding="utf-8")
    (scen / "申請者.txt").write_text("山田 太郎\n", encoding="utf-8")
    return {"scen": scen, "victim": victim, "home": home, "tmp": tmp_path}


def _scenario(folder: Path, steps: str, inputs: str = "") -> Path:
    path = folder / "scenario.yaml"
    head = "name: 場所の試験\ndepartment: 市民部/市民課\n" + (f"inputs:\n{textwrap.indent(inputs, '  ')}" if inputs else "")
    path.write_text(head + "steps:\n" + textwrap.indent(textwrap.dedent(steps), "  "), encoding="utf-8")
    return path


def _victim_intact(site: dict[str, Path]) -> None:
    assert (site["victim"] / "設定.txt").read_text(encoding="utf-8") == VICTIM_TEXT
    assert sorted(p.name for p in site["victim"].iterdir()) == ["設定.txt"]


def _refused(proc: subprocess.CompletedProcess[str], path: str) -> None:
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "Traceback" not in out
    assert "allowed_paths" in out, out
    assert path in out, out
    assert "情報政策課" in out


def _attacks(victim: Path) -> dict[str, str]:
    v = victim.as_posix()
    return {
        "excel.write_rows": f"""
            - excel.write_rows: {{file: "{v}/名簿.xlsx", rows: [{{氏名: 山田 太郎, 住所: 花巻市東町1-1}}]}}
        """,
        "file.copy": f"""
            - file.copy: {{src: 申請者.txt, dest: "{v}/設定.txt", overwrite: true}}
        """,
        "file.move": f"""
            - file.move: {{src: "{v}/設定.txt", dest: 持ち出し.txt}}
        """,
        "dotdot": """
            - file.write_text: {path: ../victim/設定.txt, text: 上書き}
        """,
        "dotdot_inside": """
            - file.write_text: {path: sub/../../victim/設定.txt, text: 上書き}
        """,
        "symlink": """
            - file.write_text: {path: link/設定.txt, text: 上書き}
        """,
        "archive_from_outside": f"""
            - file.archive: {{path: "{v}", to: 保管}}
        """,
    }


@pytest.mark.parametrize("attack", list(_attacks(Path("/x"))))
def test_writes_outside_the_scenario_are_refused_and_the_victim_is_unchanged(site: dict[str, Path], attack: str) -> None:
    (site["scen"] / "link").symlink_to(site["victim"], target_is_directory=True)
    path = _scenario(site["scen"], _attacks(site["victim"])[attack])
    proc = robosan("run", str(path), "--db", str(site["tmp"] / "log.db"), home=site["home"])
    _refused(proc, str(site["victim"].resolve()))
    _victim_intact(site)
    assert not (site["scen"] / "持ち出し.txt").exists()


def test_reading_etc_hostname_is_refused_and_nothing_is_copied(site: dict[str, Path]) -> None:
    path = _scenario(site["scen"], """
        - file.read_text: {path: /etc/hostname}
          save_as: host
        - file.write_text: {path: 持ち出し.txt, text: "{{ host }}"}
    """)
    proc = robosan("run", str(path), "--db", str(site["tmp"] / "log.db"), home=site["home"], lang="en")
    _refused(proc, str(Path("/etc/hostname").resolve()))
    assert "is outside the places this scenario may read" in proc.stdout + proc.stderr
    assert not (site["scen"] / "持ち出し.txt").exists()


def test_the_same_scenario_works_once_settings_yaml_grants_the_folder(site: dict[str, Path]) -> None:
    path = _scenario(site["scen"], _attacks(site["victim"])["excel.write_rows"] + _attacks(site["victim"])["file.copy"])
    db = str(site["tmp"] / "log.db")
    _refused(robosan("run", str(path), "--db", db, home=site["home"]), str(site["victim"].resolve()))
    _victim_intact(site)
    (site["home"] / "settings.yaml").write_text(f"allowed_paths:\n  - '{site['victim']}'\n", encoding="utf-8")
    proc = robosan("run", str(path), "--db", db, home=site["home"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    sheet = openpyxl.load_workbook(site["victim"] / "名簿.xlsx").active
    assert sheet is not None and sheet["A2"].value == "山田 太郎"
    assert (site["victim"] / "設定.txt").read_text(encoding="utf-8") == "山田 太郎\n"


def test_a_symlink_to_a_granted_folder_is_followed_to_where_it_points(site: dict[str, Path]) -> None:
    """Resolving first works both ways: a link in the scenario's folder to a granted share is usable."""
    (site["scen"] / "link").symlink_to(site["victim"], target_is_directory=True)
    path = _scenario(site["scen"], "- file.write_text: {path: link/結果.txt, text: 完了}\n")
    proc = robosan("run", str(path), "--db", str(site["tmp"] / "log.db"), home=site["home"],
                   env={"ROBOSAN_ALLOWED_PATHS": str(site["victim"])})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (site["victim"] / "結果.txt").read_text(encoding="utf-8") == "完了"


def test_a_given_input_grants_that_file_and_not_its_folder(site: dict[str, Path]) -> None:
    out, sibling = site["victim"] / "結果.txt", site["victim"] / "設定.txt"
    path = _scenario(site["scen"], f"""
        - file.write_text: {{path: "{{{{ inputs.out }}}}", text: 完了}}
        - file.write_text: {{path: "{sibling.as_posix()}", text: 上書き}}
    """, inputs="out: {type: path, default: 結果.txt}\n")
    proc = robosan("run", str(path), "--input", f"out={out}", "--db", str(site["tmp"] / "log.db"), home=site["home"])
    _refused(proc, str(sibling.resolve()))
    assert out.read_text(encoding="utf-8") == "完了"  # the given file itself was usable
    assert sibling.read_text(encoding="utf-8") == VICTIM_TEXT


def test_a_default_written_in_the_scenario_grants_nothing(site: dict[str, Path]) -> None:
    target = site["victim"] / "設定.txt"
    path = _scenario(site["scen"], '- file.write_text: {path: "{{ inputs.out }}", text: 上書き}\n',
                     inputs=f"out: {{type: path, default: '{target}'}}\n")
    proc = robosan("run", str(path), "--db", str(site["tmp"] / "log.db"), home=site["home"])
    _refused(proc, str(target.resolve()))
    _victim_intact(site)
    explain = robosan("explain", str(path), home=site["home"])
    assert explain.returncode == 0, explain.stderr
    assert f"入力 `out` の既定値: `{target}`: **このPCでは使えません**" in explain.stdout


def test_call_with_passes_no_grant_to_the_called_scenario(site: dict[str, Path]) -> None:
    sub = site["scen"] / "sub"
    sub.mkdir()
    _scenario(sub, '- file.write_text: {path: "{{ inputs.target }}", text: 上書き}\n',
              inputs="target: {type: path, required: true}\n")
    target = (site["victim"] / "設定.txt").as_posix()
    path = _scenario(site["scen"], f'- call: {{file: sub/scenario.yaml, with: {{target: "{target}"}}}}\n')
    proc = robosan("run", str(path), "--db", str(site["tmp"] / "log.db"), home=site["home"])
    _refused(proc, str(Path(target).resolve()))
    _victim_intact(site)


def test_a_called_scenario_reads_its_own_folder_and_writes_only_where_its_caller_may(site: dict[str, Path]) -> None:
    """Shared sub-scenarios (``../共通/…``) read their own files; writing there would make any scenario file on
    the PC a deputy that writes into its folder with values of the caller's choosing."""
    shared = site["tmp"] / "共通"
    shared.mkdir()
    (shared / "文面.txt").write_text("いつもお世話になっております。\n", encoding="utf-8")
    _scenario(shared, """
        - file.read_text: {path: 文面.txt}
          save_as: 文面
        - file.write_text: {path: "{{ inputs.out }}", text: "{{ 文面 }}"}
    """, inputs="out: {type: path, required: true}\n")
    copy = site["scen"] / "写し.txt"
    path = _scenario(site["scen"], f'- call: {{file: ../共通/scenario.yaml, with: {{out: "{copy.as_posix()}"}}}}\n')
    db = str(site["tmp"] / "log.db")
    proc = robosan("run", str(path), "--db", db, home=site["home"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert copy.read_text(encoding="utf-8") == "いつもお世話になっております。\n"
    deputy = _scenario(site["scen"], "- call: {file: ../共通/scenario.yaml, with: {out: 文面.txt}}\n")
    _refused(robosan("run", str(deputy), "--db", db, home=site["home"]), str((shared / "文面.txt").resolve()))
    assert (shared / "文面.txt").read_text(encoding="utf-8") == "いつもお世話になっております。\n"


def test_explain_and_validate_tell_which_folders_this_pc_allows(site: dict[str, Path]) -> None:
    v = site["victim"].as_posix()
    path = _scenario(site["scen"], f"""
        - file.copy: {{src: 申請者.txt, dest: "{v}/写し.txt"}}
    """)
    explain = robosan("explain", str(path), home=site["home"])
    assert f"`{v}/写し.txt`: **このPCでは使えません**" in explain.stdout
    assert f"`{site['scen'] / '申請者.txt'}`: 使える" in explain.stdout
    check = robosan("validate", str(path), home=site["home"])
    assert check.returncode == 0  # a warning: the robot PC that runs it may grant the folder
    assert f"scenario.yaml:5:5: 注意: file.copy dest の {v}/写し.txt" in check.stderr
    assert "allowed_paths" in check.stderr
    granted = robosan("explain", str(path), home=site["home"], env={"ROBOSAN_ALLOWED_PATHS": v})
    assert f"`{v}/写し.txt`: 使える" in granted.stdout
    assert robosan("validate", str(path), home=site["home"], env={"ROBOSAN_ALLOWED_PATHS": v}).stderr == ""


def test_a_broken_allowed_paths_setting_stops_before_the_run(site: dict[str, Path]) -> None:
    (site["home"] / "settings.yaml").write_text("allowed_paths: {市民課: 1}\n", encoding="utf-8")
    path = _scenario(site["scen"], "- log: こんにちは\n")
    proc = robosan("run", str(path), "--db", str(site["tmp"] / "log.db"), home=site["home"])
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"{site['home'] / 'settings.yaml'} の allowed_paths: は一覧(- で始まる行、または [ ] の中)で書いてください" in proc.stderr
    assert "Traceback" not in proc.stderr


# -- the robot file -------------------------------------------------------------------------------


def _robot(site: dict[str, Path], job_grant: str = "", top_grant: str = "") -> Path:
    path = site["tmp"] / "robot.yaml"
    path.write_text(textwrap.dedent(f"""\
        robot: 市民課ロボット1号
        {top_grant}
        jobs:
          - name: 名簿
            scenario: scen/scenario.yaml
            at: every day 07:30
            {job_grant}
        """), encoding="utf-8")
    return path


def _run_job(site: dict[str, Path], robot: Path) -> dict[str, object]:
    env = {**os.environ, "ROBOSAN_HOME": str(site["home"]), "PYTHONIOENCODING": "utf-8"}
    env.pop("ROBOSAN_ALLOWED_PATHS", None)
    planned = dt.datetime(2026, 12, 7, 7, 30, tzinfo=dt.UTC).isoformat()
    proc = subprocess.run([sys.executable, "-m", "scheduler", "run-job", str(robot), "名簿", "--planned", planned,
                           "--db", str(site["tmp"] / "log.db")], capture_output=True, text=True, env=env,
                          cwd=str(REPO), timeout=120, check=False)
    line = [x for x in proc.stdout.splitlines() if x.startswith(RESULT_MARK)]
    assert line, proc.stdout + proc.stderr
    return dict(json.loads(line[-1].removeprefix(RESULT_MARK)))


@pytest.mark.parametrize("where", ["job", "top"])
def test_a_robot_file_grants_folders_to_its_jobs(site: dict[str, Path], where: str) -> None:
    _scenario(site["scen"], _attacks(site["victim"])["file.copy"])
    refused = _run_job(site, _robot(site))
    assert refused["status"] == "failed" and "allowed_paths" in str(refused["message"])
    _victim_intact(site)
    grant = "allowed_paths: [victim]"  # relative: from the robot file's folder
    robot = _robot(site, job_grant=grant if where == "job" else "", top_grant=grant if where == "top" else "")
    assert _run_job(site, robot)["status"] == "succeeded"
    assert (site["victim"] / "設定.txt").read_text(encoding="utf-8") == "山田 太郎\n"


def test_robot_file_allowed_paths_are_checked_with_their_line(site: dict[str, Path]) -> None:
    _scenario(site["scen"], "- log: こんにちは\n")
    robot = _robot(site, job_grant="allowed_paths: [C:\\共有\\市民課, 3]", top_grant="allowed_paths: '\\\\srv\\share'")
    with pytest.raises(ScenarioError) as err:
        load_robot(robot)
    found = {(p.key, p.loc.line) for p in err.value.problems}
    assert found == {("robot.need_list", 2), ("robot.bad_text", 7)}


# -- the comparison -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "root", "inside"),
    [
        ("C:\\共有\\市民課\\申請書\\2026.xlsx", "C:\\共有\\市民課", True),
        ("c:/共有/市民課/a.xlsx", "C:\\共有\\市民課", True),  # drive letter case, forward slashes
        ("C:\\共有\\市民課ABC\\a.xlsx", "C:\\共有\\市民課", False),  # a component, not a text prefix
        ("C:\\共有\\市民課\\..\\税務課\\a.xlsx", "C:\\共有\\市民課", False),
        ("C:\\共有\\税務課\\..\\市民課\\a.xlsx", "C:\\共有\\市民課", True),
        ("D:\\共有\\市民課\\a.xlsx", "C:\\共有\\市民課", False),
        ("C:\\PUBLIC\\Data\\x.csv", "c:\\public\\data", True),  # Windows ignores case
        ("\\\\fileserver\\share\\市民課\\a.xlsx", "\\\\FileServer\\Share", True),  # UNC
        ("\\\\fileserver\\other\\a.xlsx", "\\\\fileserver\\share", False),
        ("\\\\?\\UNC\\fileserver\\share\\a.xlsx", "\\\\fileserver\\share", True),
        ("\\\\?\\C:\\共有\\市民課\\a.xlsx", "C:\\共有\\市民課", True),
        ("C:\\共有\\市民課. \\a.xlsx", "C:\\共有\\市民課", True),  # Windows drops trailing dots and spaces
        ("\\\\fileserver\\share", "\\\\fileserver\\share\\市民課", False),
    ],
)
def test_windows_paths_compare_by_component_and_case_insensitively(path: str, root: str, inside: bool) -> None:
    assert is_within(path, root, windows=True) is inside


@pytest.mark.parametrize(
    ("path", "root", "inside"),
    [
        ("/data/ab/x", "/data/ab", True),
        ("/data/abc/x", "/data/ab", False),
        ("/data/ab/../abc/x", "/data/ab", False),
        ("/data/AB/x", "/data/ab", False),  # POSIX names are case-sensitive
        ("/data/ab", "/data/ab/", True),
        ("/", "/data", False),
    ],
)
def test_posix_paths_compare_by_component(path: str, root: str, inside: bool) -> None:
    assert is_within(path, root, windows=False) is inside


def test_place_key_folds_windows_forms_to_one() -> None:
    assert place_key("\\\\?\\UNC\\srv\\share\\A", windows=True) == place_key("//SRV/share/a/", windows=True)


def test_places_check_resolves_symlinks_and_lists(tmp_path: Path) -> None:
    allowed, outside = tmp_path / "allowed", tmp_path / "outside"
    allowed.mkdir()
    outside.mkdir()
    (allowed / "out").symlink_to(outside, target_is_directory=True)
    places = Places([Grant(allowed, "settings")])
    assert places.check([allowed / "a.txt", str(allowed / "b")], action="file.copy", arg="dest", write=True)
    with pytest.raises(PlaceRefused) as err:
        places.check(allowed / "out" / "a.txt", action="file.copy", arg="dest", write=True)
    assert isinstance(err.value, BadValue)  # never retried (outcomes.retrying)
    assert str(outside / "a.txt") in err.value.message("en")
    with places.entering(outside):
        assert places.allows(allowed / "out" / "a.txt")
    assert not places.allows(allowed / "out" / "a.txt")


def test_resolve_checks_inside_a_run_and_not_outside(tmp_path: Path) -> None:
    """The second net (rpa_core.api.resolve): a context with ``places`` checks, a bare one does not."""
    from rpa_core.api import resolve
    from tests.support.fake_context import Ctx

    bare = Ctx(scenario_dir=tmp_path, artifacts_dir=tmp_path)
    assert resolve(bare, "/etc/hostname") == Path("/etc/hostname")
    ctx = Ctx(scenario_dir=tmp_path, artifacts_dir=tmp_path)
    ctx.places = Places([Grant(tmp_path, "scenario")])  # type: ignore[attr-defined]
    assert resolve(ctx, "a.txt") == tmp_path / "a.txt"
    with pytest.raises(PlaceRefused):
        resolve(ctx, "/etc/hostname", arg="path", write=False)


def test_a_browser_opening_a_file_address_is_a_file_read(tmp_path: Path) -> None:
    """``browser.open: file:///etc/passwd`` would read a file the scenario may not: refused before the page loads."""
    from types import SimpleNamespace

    from robots._browser_act import _go, _local_file
    from tests.support.fake_context import Ctx

    assert _local_file("view-source:FILE:///etc/passwd") == Path("/etc/passwd")
    assert _local_file("https://example.lg.jp/file:///etc/passwd") is None
    ctx = Ctx(scenario_dir=tmp_path, artifacts_dir=tmp_path)
    ctx.places = Places([Grant(tmp_path, "scenario")])  # type: ignore[attr-defined]
    session = SimpleNamespace(ctx=ctx)  # no page: the refusal comes before the browser is asked
    with pytest.raises(PlaceRefused) as err:
        _go(session, "file:///etc/passwd", 1.0)  # type: ignore[arg-type]
    assert "/etc/passwd" in err.value.message("en")


def test_file_list_refuses_a_link_that_points_out_of_the_places(tmp_path: Path) -> None:
    """A link in an allowed folder to a file elsewhere is refused like the file it points to."""
    from connectors._file_ops import list_files
    from tests.support.fake_context import Ctx

    inside, outside = tmp_path / "scen", tmp_path / "other"
    inside.mkdir()
    outside.mkdir()
    (inside / "申請書.csv").write_text("氏名\n山田 太郎\n", encoding="utf-8")
    (outside / "住民票.csv").write_text("氏名\n佐藤 花子\n", encoding="utf-8")
    ctx = Ctx(scenario_dir=inside, artifacts_dir=tmp_path / "run")
    ctx.places = Places([Grant(inside, "scenario")])  # type: ignore[attr-defined]
    assert [f["name"] for f in list_files(ctx, folder=inside, pattern="*.csv")] == ["申請書.csv"]
    (inside / "住民票.csv").symlink_to(outside / "住民票.csv")
    with pytest.raises(PlaceRefused) as err:
        list_files(ctx, folder=inside, pattern="*.csv")
    assert str(outside / "住民票.csv") in err.value.message("en")
