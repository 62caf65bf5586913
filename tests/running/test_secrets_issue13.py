"""Issue 13, "Secrets that stay secret": each leak seen from outside, as an attack that must fail without a trace.

Every attack runs the real ``robosan`` command in a subprocess (``ROBOSAN_HOME`` and ``--db`` in tmp_path,
the secret in the environment as on a CI machine) and then looks for the secret's value and its variants
(upper, lower, full-width, reversed) in the bytes of the SQLite file and its -wal, inside result.xlsx,
in every artifact, and on stdout/stderr.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from rpa_core.errors import StepFailed
from rpa_core.language.expressions import render_value
from rpa_core.language.secret_value import Secret, SecretMisuse
from rpa_core.running.secrets import Masker, may_use
from tests.support import actions_for_tests

REPO = Path(__file__).resolve().parents[2]
ROBOSAN = str(Path(sys.executable).parent / "robosan")
# The same command with the test actions (a password field that echoes what it got) registered.
ROBOSAN_WITH_TEST_ACTIONS = [sys.executable, "-c",
                             "import sys; from tests.support import actions_for_tests; "
                             "from rpa_core.cli.main import main; sys.argv[0] = 'robosan'; main()"]
PASSWORD = "Tk7#hanamaki"
DEPARTMENT = "市民部/市民税課/諸税係"


def zenkaku(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if 0x21 <= ord(c) <= 0x7E else c for c in text)


def variants(value: str) -> set[str]:
    forms = {value, value.upper(), value.lower(), zenkaku(value), zenkaku(value.upper())}
    return forms | {f[::-1] for f in forms}


def environ(tmp_path: Path, **secrets: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROBOSAN_")}
    env.update({"ROBOSAN_HOME": str(tmp_path / "home"), "ROBOSAN_LANG": "ja",
                "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring", "PYTHONPATH": str(REPO)})
    env.update({f"ROBOSAN_SECRET_{k.upper()}": v for k, v in secrets.items()})
    return env


def robosan(tmp_path: Path, *args: str, env: dict[str, str], command: list[str] | None = None,
            stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*(command or [ROBOSAN]), *args], capture_output=True, text=True, env=env, timeout=120,
                          cwd=REPO, input=stdin)


def everything_written(tmp_path: Path, *procs: subprocess.CompletedProcess[str]) -> str:
    """stdout/stderr, the run log's bytes (-wal too), every file of the robosan home, xlsx unzipped."""
    parts = [p.stdout + p.stderr for p in procs]
    for f in sorted(tmp_path.rglob("*")):
        if not f.is_file() or f.suffix == ".yaml":
            continue
        if f.suffix == ".xlsx":
            with zipfile.ZipFile(f) as z:
                parts.extend(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        else:
            parts.append(f.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


def assert_no_trace(haystack: str, value: str) -> None:
    leaked = sorted(v for v in variants(value) if v in haystack)
    assert not leaked, f"secret variants found: {len(leaked)}"


def scenario(tmp_path: Path, body: str, *, department: str = DEPARTMENT, name: str = "事業所登録") -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(textwrap.dedent(f"""\
        name: {name}
        department: {department}
        secrets: [tax_system]
        steps:
          - file.append_text: {{path: victim.txt, text: "実行されました"}}
        """) + textwrap.indent(textwrap.dedent(body).strip("\n"), "  ") + "\n", encoding="utf-8")
    return path


# Each leak of "What was seen", written as a clerk (or a copied scenario) would; line 6 holds the secret.
ATTACKS = {
    "upper_in_log": '- log: "{{ secrets.tax_system.password | upper }}"',
    "reverse_in_set": '- set: {copy: "{{ secrets.tax_system.password | reverse }}"}',
    "join_in_log": "- log: \"{{ secrets.tax_system.password | join(',') }}\"",
    "zenkaku_into_file": '- file.append_text: {path: leak.txt, text: "{{ secrets.tax_system.password | zenkaku }}"}',
    "item_key_from_secret": """
        - item_key: "{{ secrets.tax_system.password }}-{{ row.id }}"
          for_each: [{id: "1"}]
          name: 事業所ごと
          as: row
          steps: [{log: 登録}]""",
    "fail_with_secret": '- fail: "パスワード {{ secrets.tax_system.password }} が拒否されました"',
    "text_around_in_password_field": '- browser.fill: {label: パスワード, value: "pw:{{ secrets.tax_system.password }}"}',
    "compare_in_when": """
        - when: "{{ secrets.tax_system.password == 'x' }}"
          log: 一致""",
    "reveal_call": '- browser.fill: {label: パスワード, value: "{{ secrets.tax_system.password.reveal() }}"}',
    "secret_into_excel_rows": '- excel.write_rows: {file: out.xlsx, rows: [{pw: "{{ secrets.tax_system.password }}"}]}',
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_derived_copy_of_a_secret_is_refused_without_side_effects(tmp_path: Path, attack: str) -> None:
    path = scenario(tmp_path, ATTACKS[attack])
    env = environ(tmp_path, TAX_SYSTEM_PASSWORD=PASSWORD, TAX_SYSTEM_FOR=DEPARTMENT)
    checked = robosan(tmp_path, "validate", str(path), env=env)
    ran = robosan(tmp_path, "run", str(path), "--unattended", "--db", str(tmp_path / "runlog.db"), env=env)
    assert checked.returncode == 2 and ran.returncode == 2
    said = checked.stdout + checked.stderr
    assert f"{path}:6:" in said and "秘密情報" in said and "{{ secrets.x.y }}" in said  # where, what, what to do
    assert not (tmp_path / "victim.txt").exists() and not (tmp_path / "leak.txt").exists()
    assert_no_trace(everything_written(tmp_path, checked, ran), PASSWORD)


def test_a_secret_of_another_department_is_refused_before_any_step(tmp_path: Path) -> None:
    path = scenario(tmp_path, '- browser.fill: {label: パスワード, value: "{{ secrets.tax_system.password }}"}',
                    department="総務部/会計課", name="旅費精算")
    env = environ(tmp_path, TAX_SYSTEM_PASSWORD=PASSWORD, TAX_SYSTEM_FOR="市民部/市民税課")
    assert robosan(tmp_path, "validate", str(path), env=env).returncode == 0  # the file itself is well written
    ran = robosan(tmp_path, "run", str(path), "--unattended", "--db", str(tmp_path / "runlog.db"), env=env)
    assert ran.returncode == 2, ran.stderr
    assert "tax_system" in ran.stderr and "総務部/会計課" in ran.stderr and "市民部/市民税課" in ran.stderr
    assert "robosan secrets allow tax_system --for 総務部/会計課" in ran.stderr
    assert not (tmp_path / "victim.txt").exists()
    assert_no_trace(everything_written(tmp_path, ran), PASSWORD)


def test_an_unscoped_secret_is_refused_with_the_command_that_scopes_it(tmp_path: Path) -> None:
    path = scenario(tmp_path, '- browser.fill: {label: パスワード, value: "{{ secrets.tax_system.password }}"}')
    env = environ(tmp_path, TAX_SYSTEM_PASSWORD=PASSWORD)
    ran = robosan(tmp_path, "run", str(path), "--unattended", "--db", str(tmp_path / "runlog.db"), env=env)
    assert ran.returncode == 2
    assert f"robosan secrets set tax_system --for {DEPARTMENT}" in ran.stderr
    assert "ROBOSAN_SECRET_TAX_SYSTEM_FOR" in ran.stderr
    assert not (tmp_path / "victim.txt").exists()


@pytest.mark.parametrize(("field", "value", "shown"), [
    ("password", PASSWORD, [PASSWORD]),
    ("pin", "7", ["「7」", "refused: 7"]),  # a one-character PIN: masked where it stands alone
])
def test_a_secret_the_target_echoes_back_is_masked_everywhere(tmp_path: Path, field: str, value: str,
                                                               shown: list[str]) -> None:
    """The one leak no static check can see: the target system repeats the password in its error. The
    step's message, the item's message, result.xlsx, the console and the final error are all masked."""
    path = tmp_path / "scenario.yaml"
    path.write_text(textwrap.dedent(f"""\
        name: 事業所登録
        department: {DEPARTMENT}
        secrets: [tax_system]
        steps:
          - for_each: [{{id: "R-001"}}, {{id: "R-002"}}]
            name: 事業所ごと
            as: row
            item_key: "{{{{ row.id }}}}"
            steps:
              - test.type_secret: {{text: "{{{{ secrets.tax_system.{field} }}}}", echo_in_error: true}}
        """), encoding="utf-8")
    env = environ(tmp_path, **{f"TAX_SYSTEM_{field.upper()}": value, "TAX_SYSTEM_FOR": "市民部"})
    ran = robosan(tmp_path, "run", str(path), "--unattended", "--db", str(tmp_path / "runlog.db"), env=env,
                  command=ROBOSAN_WITH_TEST_ACTIONS)
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "ログインできません" in ran.stdout + ran.stderr and "****" in ran.stdout + ran.stderr
    written = everything_written(tmp_path, ran)
    assert list((tmp_path / "home").rglob("*.xlsx")), "the result workbook was written"
    if len(value) > 1:
        assert_no_trace(written, value)
    for text in shown:
        assert text not in written
    assert "「****」" in written


def test_secrets_set_stores_the_scope_and_show_never_shows_a_value(tmp_path: Path) -> None:
    """``robosan secrets set NAME --for …`` in a real keyring backend (keyrings.alt, a file), then a run."""
    env = environ(tmp_path)
    env.update({"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring", "XDG_DATA_HOME": str(tmp_path / "kr"),
                "HOME": str(tmp_path)})
    no_scope = robosan(tmp_path, "secrets", "set", "tax_system", "--field", "password", env=env, stdin="x\n")
    assert no_scope.returncode == 2 and "--for" in no_scope.stderr
    stored = robosan(tmp_path, "secrets", "set", "tax_system", "--for", "総務部", "--field", "password", env=env,
                     stdin=PASSWORD + "\n")
    assert stored.returncode == 0, stored.stderr
    shown = robosan(tmp_path, "secrets", "show", "tax_system", env=env)
    assert "password" in shown.stdout and "総務部" in shown.stdout and PASSWORD not in shown.stdout
    path = scenario(tmp_path, '- browser.fill: {label: パスワード, value: "{{ secrets.tax_system.password }}"}')
    refused = robosan(tmp_path, "run", str(path), "--unattended", "--db", str(tmp_path / "runlog.db"), env=env)
    assert refused.returncode == 2 and "総務部" in refused.stderr and not (tmp_path / "victim.txt").exists()
    allowed = robosan(tmp_path, "secrets", "allow", "tax_system", "--for", "市民部／市民税課", env=env)
    assert allowed.returncode == 0, allowed.stderr
    assert "市民部/市民税課" in robosan(tmp_path, "secrets", "show", "tax_system", env=env).stdout


# -- in-process: what the runner and the masker do ------------------------------------------------


def test_a_secret_reaches_only_the_argument_meant_for_it(write_scenario, run_file, monkeypatch, tmp_path) -> None:
    """Positive: the password field gets the exact text, through a called file's secret input too."""
    monkeypatch.setenv("ROBOSAN_SECRET_TAX_SYSTEM_PASSWORD", PASSWORD)
    monkeypatch.setenv("ROBOSAN_SECRET_TAX_SYSTEM_FOR", "市民部, ログイン")
    write_scenario("""
        name: ログイン
        inputs: {password: {type: secret, required: true}}
        steps:
          - test.type_secret: {text: "{{ inputs.password }}"}
        """, name="login.yaml")
    path = write_scenario(f"""
        name: 事業所登録
        department: {DEPARTMENT}
        secrets: [tax_system]
        steps:
          - test.type_secret: {{text: "{{{{ secrets.tax_system.password }}}}"}}
          - call: {{file: login.yaml, with: {{password: "{{{{ secrets.tax_system.password }}}}"}}}}
        """)
    actions_for_tests.TYPED.clear()
    result = run_file(path)
    assert result.status == "succeeded", result.message
    assert actions_for_tests.TYPED == [PASSWORD, PASSWORD]
    db = (tmp_path / "runlog.db").read_bytes() + (tmp_path / "runlog.db-wal").read_bytes() \
        if (tmp_path / "runlog.db-wal").exists() else (tmp_path / "runlog.db").read_bytes()
    assert PASSWORD.encode() not in db


def test_a_secret_input_is_refused_where_it_would_become_text(write_scenario) -> None:
    from rpa_core.language.parser import validate_scenario

    path = write_scenario("""
        name: ログイン
        inputs: {password: {type: secret, default: abc}}
        steps:
          - log: "{{ inputs.password }}"
        """)
    keys = [p.key for p in validate_scenario(path)]
    assert keys == ["parse.secret_input_default", "secret.misuse"]


def test_a_secret_into_a_plain_input_of_a_called_file_is_refused(write_scenario) -> None:
    from rpa_core.language.parser import validate_scenario

    write_scenario("name: 表示\ninputs: {text: {type: str}}\nsteps:\n  - log: '{{ inputs.text }}'\n", name="show.yaml")
    path = write_scenario("""
        name: 呼び出し
        secrets: [tax_system]
        steps:
          - call: {file: show.yaml, with: {text: "{{ secrets.tax_system.password }}"}}
        """)
    problems = validate_scenario(path)
    assert [(p.key, p.loc.line) for p in problems] == [("secret.misuse", 4)]


def test_the_masker_catches_case_width_and_reversed_copies() -> None:
    masker = Masker()
    masker.add(PASSWORD)
    for copy in (PASSWORD, PASSWORD.upper(), zenkaku(PASSWORD), zenkaku(PASSWORD.upper()), PASSWORD[::-1]):
        assert masker.mask(f"送信: {copy} です") == "送信: **** です"
    assert masker.mask({PASSWORD: [PASSWORD.lower()]}) == {"****": ["****"]}  # item keys are mapping keys


def test_a_one_character_value_is_masked_only_as_a_token() -> None:
    masker = Masker()
    masker.add("7")
    assert masker.mask("PIN 7 が拒否されました") == "PIN **** が拒否されました"
    assert masker.mask("pin=７;") == "pin=****;"  # full-width too
    assert masker.mask("暗証番号「7」") == "暗証番号「****」"
    assert masker.mask("暗証7") == "暗証****"  # a kanji next to it is not part of a number
    # inside a number or a date it is not the PIN: masking every 7 would blank the log and still point at it
    assert masker.mask("2026-12-07 17件 A7") == "2026-12-07 17件 A7"


def test_scope_admits_departments_below_and_named_scenarios() -> None:
    assert may_use(["市民部"], "事業所登録", "市民部/市民税課/諸税係")
    assert may_use(["市民部/市民税課"], "x", "市民部／市民税課")  # full-width slash as typed
    assert not may_use(["市民部/市民"], "x", "市民部/市民税課")  # a prefix of a name is not a department above
    assert may_use(["事業所登録"], "事業所登録", "")
    assert not may_use(["市民部"], "旅費精算", "総務部/会計課")
    assert may_use(["*"], "旅費精算", "")


def test_the_runtime_net_refuses_every_use_of_a_secret_as_text() -> None:
    secret = Secret("tax_system.password", PASSWORD)
    for use in (str, len, list, bool, hash, lambda s: s + "x", lambda s: "x" + s, lambda s: s == PASSWORD,
                lambda s: f"{s}", lambda s: "a" in s, lambda s: s * 2):
        with pytest.raises(SecretMisuse) as caught:
            use(secret)
        assert PASSWORD not in caught.value.render() and "tax_system.password" in caught.value.render()
    assert PASSWORD not in repr(secret)
    for source in ("{{ s | upper }}", "{{ s | reverse }}", "{{ s | join(',') }}", "pw={{ s }}", "{{ s ~ 'x' }}",
                   "{{ s.reveal() }}", "{{ s | length }}", "{{ s | zenkaku }}"):
        with pytest.raises(StepFailed) as failed:
            render_value(source, {"s": secret})
        assert PASSWORD not in failed.value.render()


def test_a_secret_read_back_from_the_target_is_never_written_to_a_file(tmp_path: Path) -> None:
    """The value comes back as plain text (here from a file, as from a screen or a download), so no type can
    stop it: the runner refuses any argument that is not meant for a secret and holds its text, in any
    variant, before the action runs. The log of it is masked as before."""
    (tmp_path / "echo.txt").write_text(f"ログイン中: {PASSWORD.upper()}\n", encoding="utf-8")
    path = scenario(tmp_path, """
        - file.read_text: {path: echo.txt}
          save_as: screen
        - log: "{{ screen }}"
        - file.write_text: {path: leak.txt, text: "{{ screen }}"}""")
    env = environ(tmp_path, TAX_SYSTEM_PASSWORD=PASSWORD, TAX_SYSTEM_FOR=DEPARTMENT)
    ran = robosan(tmp_path, "run", str(path), "--unattended", "--db", str(tmp_path / "runlog.db"), env=env)
    assert ran.returncode == 1, ran.stdout + ran.stderr
    said = ran.stdout + ran.stderr
    assert f"{path}:9:" in said and "file.write_text" in said and "秘密情報" in said
    assert not (tmp_path / "leak.txt").exists()
    (tmp_path / "echo.txt").unlink()  # the planted copy itself is the test's, not a leak
    assert_no_trace(everything_written(tmp_path, ran), PASSWORD)


def test_words_the_clerk_wrote_that_equal_a_secret_are_not_a_leak(tmp_path: Path) -> None:
    """Issue 14 (a stock Django admin): a login user ``admin`` stored as the secret's user must not refuse
    ``{{ inputs.url }}/admin/``. Text written in the step or given as an input is the clerk's own; only a
    secret text beyond it (the password read back from a screen) is refused."""
    (tmp_path / "echo.txt").write_text(f"ログイン中: {PASSWORD}\n", encoding="utf-8")
    path = scenario(tmp_path, """
        - file.append_text: {path: "admin/{{ inputs.site }}.txt", text: "admin の管理画面を開きました"}
        - file.read_text: {path: echo.txt}
          save_as: screen
        - file.write_text: {path: admin/leak.txt, text: "admin: {{ screen }}"}""")
    text = path.read_text(encoding="utf-8").replace("steps:", "inputs:\n  site: {type: str}\nsteps:", 1)
    path.write_text(text, encoding="utf-8")
    (tmp_path / "admin").mkdir()
    env = environ(tmp_path, TAX_SYSTEM_USER="admin", TAX_SYSTEM_PASSWORD=PASSWORD, TAX_SYSTEM_FOR=DEPARTMENT)
    ran = robosan(tmp_path, "run", str(path), "--unattended", "--db", str(tmp_path / "runlog.db"),
                  "--input", "site=admin-site", env=env)
    said = ran.stdout + ran.stderr
    assert ran.returncode == 1, said
    assert (tmp_path / "admin" / "admin-site.txt").read_text(encoding="utf-8").strip() == "admin の管理画面を開きました"
    assert f"{path}:11:" in said and "file.write_text" in said  # the password beside the written "admin"
    assert not (tmp_path / "admin" / "leak.txt").exists()


def test_a_declared_secret_not_stored_on_this_pc_does_not_stop_a_run_that_never_uses_it(tmp_path: Path) -> None:
    """Nothing stored, nothing to leak: a scenario whose login step is skipped (the OCR-only run of the nursery
    scenario) still runs; a step that does use the secret says how to store it (secret.missing)."""
    path = scenario(tmp_path, """
        - when: false
          browser.fill: {label: パスワード, value: "{{ secrets.tax_system.password }}"}""")
    env = environ(tmp_path)
    ran = robosan(tmp_path, "run", str(path), "--unattended", "--db", str(tmp_path / "runlog.db"), env=env)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert (tmp_path / "victim.txt").read_text(encoding="utf-8").startswith("実行されました")
