"""print.pdf: the real CUPS client on this machine (no printer set up), a stand-in CUPS, and faked Windows."""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from connectors import printing
from connectors.printing import WindowsShell, print_pdf
from rpa_core.errors import ActionError
from tests.support.fake_context import Ctx
from tests.support.registry import registered


@pytest.fixture
def ctx(tmp_path: Path) -> Ctx:
    return Ctx(scenario_dir=tmp_path, artifacts_dir=tmp_path / "artifacts")


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    from reportlab.pdfgen import canvas

    path = tmp_path / "宛名ラベル.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(100, 700, "label")
    c.save()
    return path


@pytest.mark.skipif(shutil.which("lpstat") is None, reason="cups-client not installed")
def test_real_cups_client_without_printers_gives_a_clear_error(
    ctx: Ctx, pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CUPS_SERVER", "127.0.0.1:9")  # nothing listens there: no printer on any machine
    with pytest.raises(ActionError) as info:
        print_pdf(ctx, file=pdf)
    err = info.value
    assert err.key in ("print.no_default", "print.no_cups"), err.key
    assert "save_only" in err.hint("ja") or "printer:" in err.hint("en")
    with pytest.raises(ActionError) as info:
        print_pdf(ctx, file=pdf, printer="総務課複合機")
    assert info.value.key in ("print.unknown_printer", "print.no_cups")


def test_save_only_and_dry_run_print_nothing(ctx: Ctx, pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")  # would fail if anything tried to print
    assert print_pdf(ctx, file=pdf, save_only=True) == {
        "file": pdf,
        "printed": False,
        "printer": None,
        "job": None,
    }
    assert "保存だけ" in ctx.logs[-1]
    ctx.dry_run = True
    assert print_pdf(ctx, file=pdf, printer="総務課")["printed"] is False and "総務課" in ctx.logs[-1]


def test_missing_file_and_not_a_pdf(ctx: Ctx, tmp_path: Path) -> None:
    with pytest.raises(ActionError) as info:
        print_pdf(ctx, file=Path("ない.pdf"))
    assert info.value.key == "print.not_found" and "ない.pdf" in info.value.message("ja")
    (tmp_path / "a.xlsx").write_bytes(b"PK")
    with pytest.raises(ActionError) as info:
        print_pdf(ctx, file=tmp_path / "a.xlsx")
    assert info.value.key == "print.not_pdf"


def _stand_in_cups(folder: Path, *, default: str | None, lp_fails: bool = False) -> Path:
    """``lp`` and ``lpstat`` scripts that answer as CUPS does and record what they were asked."""
    folder.mkdir()
    log = folder / "lp.args"
    scripts = {
        "lpstat": f"""#!/bin/sh
case "$1" in
  -e) printf 'Office_A4\\nLabel_Printer\\n' ;;
  -d) {"echo 'system default destination: " + default + "'" if default else "echo 'no system default destination'"} ;;
esac
""",
        "lp": f"""#!/bin/sh
printf '%s\\n' "$@" > {log}
{
            "echo 'lp: Error - The printer is not accepting jobs.' >&2; exit 1"
            if lp_fails
            else "echo 'request id is '$2'-42 (1 file(s))'"
        }
""",
    }
    for name, body in scripts.items():
        (folder / name).write_text(body, encoding="utf-8")
        (folder / name).chmod(stat.S_IRWXU)
    return log


@pytest.mark.skipif(os.name == "nt", reason="POSIX shell scripts")
def test_cups_commands_default_and_named_printer(
    ctx: Ctx, pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _stand_in_cups(tmp_path / "bin", default="Office_A4")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(printing, "_platform", lambda: "linux")
    result = print_pdf(ctx, file=pdf, copies=2)
    assert result == {"file": pdf, "printed": True, "printer": "Office_A4", "job": "Office_A4-42"}
    assert log.read_text(encoding="utf-8").splitlines() == [
        "-d",
        "Office_A4",
        "-n",
        "2",
        "-t",
        pdf.name,
        "--",
        str(pdf),
    ]
    assert "Office_A4-42" in ctx.logs[-1] and "2部" in ctx.logs[-1]
    assert print_pdf(ctx, file=pdf, printer="Label_Printer")["job"] == "Label_Printer-42"
    with pytest.raises(ActionError) as info:
        print_pdf(ctx, file=pdf, printer="Label Printer")
    assert info.value.key == "print.unknown_printer" and "Label_Printer" in info.value.hint("ja")


@pytest.mark.skipif(os.name == "nt", reason="POSIX shell scripts")
def test_cups_without_default_and_a_refusing_printer(
    ctx: Ctx, pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stand_in_cups(tmp_path / "bin", default=None, lp_fails=True)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(ActionError) as info:
        print_pdf(ctx, file=pdf)
    assert info.value.key == "print.no_default" and "Office_A4、Label_Printer" in info.value.hint("ja")
    with pytest.raises(ActionError) as info:
        print_pdf(ctx, file=pdf, printer="Office_A4")
    assert info.value.key == "print.failed" and "not accepting jobs" in info.value.message("en")


@dataclass
class FakeShell:
    """Stands in for WindowsShell: the registry's printers and the shell's verbs."""

    known: list[str]
    default: str | None
    calls: list[tuple[Path, str, str]] = field(default_factory=list)
    fail: OSError | None = None

    def printers(self) -> list[str]:
        return self.known

    def default_printer(self) -> str | None:
        return self.default

    def start(self, path: Path, verb: str, arguments: str = "") -> None:
        if self.fail:
            raise self.fail
        self.calls.append((path, verb, arguments))


def test_windows_print_and_printto_verbs(ctx: Ctx, pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shell = FakeShell(["総務課 複合機", "ラベルプリンター"], "総務課 複合機")
    monkeypatch.setattr(printing, "_platform", lambda: "win32")
    monkeypatch.setattr(printing, "_windows_shell", lambda: shell)
    assert print_pdf(ctx, file=pdf, copies=2)["printer"] == "総務課 複合機"
    print_pdf(ctx, file=pdf, printer="ラベルプリンター")
    assert shell.calls == [(pdf, "print", ""), (pdf, "print", ""), (pdf, "printto", '"ラベルプリンター"')]
    with pytest.raises(ActionError) as info:
        print_pdf(ctx, file=pdf, printer="会計課")
    assert info.value.key == "print.unknown_printer" and "ラベルプリンター" in info.value.hint("ja")
    shell.default = None
    with pytest.raises(ActionError) as info:
        print_pdf(ctx, file=pdf)
    assert info.value.key == "print.no_default"
    shell.default, shell.fail = (
        "総務課 複合機",
        OSError(1155, "No application is associated with the specified file"),
    )
    with pytest.raises(ActionError) as info:
        print_pdf(ctx, file=pdf)
    assert info.value.key == "print.no_app" and "Acrobat" in info.value.hint("ja")


def test_windows_shell_calls_os_startfile(pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(os, "startfile", lambda *args: calls.append(args), raising=False)
    WindowsShell().start(pdf, "printto", '"ラベルプリンター"')
    assert calls == [(str(pdf), "printto", '"ラベルプリンター"')]


def test_action_is_registered() -> None:
    spec = registered("print.pdf")
    assert spec.path_fields == ("file",) and spec.summary_en and not spec.commit
