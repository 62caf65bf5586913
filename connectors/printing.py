"""Send a PDF to a printer: CUPS ``lp`` on Linux and macOS, the shell's print verb on Windows, or only save it.

On Windows the PDF goes to the program registered for printing PDFs (Adobe Reader, Edge…)
through ``os.startfile(path, "print")`` (default printer) or ``"printto"`` (a named one);
the printer list and the default come from the registry (``winreg``). That code is tested
behind a faked boundary here, and is unverified on a real Windows PC.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from connectors._file_common import resolve
from rpa_core.api import ActionContext, ActionError, ReadsPath, action, display_path, text

__all__ = ["print_pdf"]

NONE = "(なし / none)"


def _platform() -> str:
    """``win32`` or another ``sys.platform`` value: the one place tests switch to fake Windows."""
    return sys.platform


class WindowsShell:
    """The Windows boundary: printers from the registry, printing through the shell's verbs."""

    _KEY = r"Software\Microsoft\Windows NT\CurrentVersion"

    def printers(self) -> list[str]:
        import winreg  # type: ignore[import-not-found,unused-ignore]

        names = []
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, self._KEY + r"\Devices") as key:  # type: ignore[attr-defined,unused-ignore]
            i = 0
            while True:
                try:
                    names.append(winreg.EnumValue(key, i)[0])  # type: ignore[attr-defined,unused-ignore]
                except OSError:
                    return names
                i += 1

    def default_printer(self) -> str | None:
        import winreg  # type: ignore[import-not-found,unused-ignore]

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, self._KEY + r"\Windows") as key:  # type: ignore[attr-defined,unused-ignore]
                device = str(winreg.QueryValueEx(key, "Device")[0])  # type: ignore[attr-defined,unused-ignore]
        except OSError:
            return None
        return device.split(",", 1)[0] or None  # "Name,winspool,Ne01:"

    def start(self, path: Path, verb: str, arguments: str = "") -> None:
        os.startfile(str(path), verb, arguments)  # type: ignore[attr-defined,unused-ignore]


def _windows_shell() -> WindowsShell:
    return WindowsShell()


def _print_windows(path: Path, printer: str | None, copies: int) -> tuple[str, str]:
    shell = _windows_shell()
    known = shell.printers()
    listed = "、".join(known) or NONE
    if printer is None:
        printer = shell.default_printer()
        if printer is None:
            raise ActionError("print.no_default", printers=listed)
    elif printer not in known:
        raise ActionError("print.unknown_printer", printer=printer, printers=listed)
    for _ in range(copies):  # the print verb has no copies option
        try:
            if printer == shell.default_printer():
                shell.start(path, "print")
            else:
                shell.start(path, "printto", f'"{printer}"')
        except OSError as exc:
            raise ActionError("print.no_app", detail=str(exc)) from None
    return printer, "-"


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "C", "LC_ALL": "C"}  # English output, which is parsed below
    return subprocess.run(args, capture_output=True, text=True, timeout=60, env=env, check=False)


def _cups_printers(lpstat: str) -> list[str]:
    done = _run([lpstat, "-e"])
    if done.returncode != 0:
        raise ActionError(
            "print.no_cups", detail=(done.stderr or done.stdout).strip() or f"exit {done.returncode}"
        )
    return [line.strip() for line in done.stdout.splitlines() if line.strip()]


def _print_cups(path: Path, printer: str | None, copies: int) -> tuple[str, str]:
    lp, lpstat = shutil.which("lp"), shutil.which("lpstat")
    if lp is None or lpstat is None:
        raise ActionError("print.no_lp")
    known = _cups_printers(lpstat)
    listed = "、".join(known) or NONE
    if printer is None:
        out = _run([lpstat, "-d"]).stdout
        m = re.search(r"system default destination:\s*(\S+)", out)
        if m is None:
            raise ActionError("print.no_default", printers=listed)
        printer = m.group(1)
    elif printer not in known:
        raise ActionError("print.unknown_printer", printer=printer, printers=listed)
    done = _run([lp, "-d", printer, "-n", str(copies), "-t", path.name, "--", str(path)])
    if done.returncode != 0:
        raise ActionError("print.failed", printer=printer, detail=(done.stderr or done.stdout).strip())
    m = re.search(r"request id is (\S+)", done.stdout)
    return printer, m.group(1) if m else "-"


@action("print.pdf", summary="PDFを印刷する(または保存だけする)", summary_en="Print a PDF (or only save it)")
def print_pdf(
    ctx: ActionContext, *, file: ReadsPath, printer: str | None = None, copies: int = 1, save_only: bool = False
) -> dict[str, Any]:
    """Send ``file`` to ``printer`` (default: the PC's default printer), ``copies`` times.

    ``save_only: true`` prints nothing: the PDF stays where it was saved (for a clerk to check
    and print by hand), and the log says so. A dry run never prints. A missing default printer,
    an unknown printer name or no print system is an error listing the printers there are.
    Returns ``{file, printed, printer, job}``.
    """
    path = resolve(ctx, file, arg="file", write=False)
    if not path.is_file():
        raise ActionError("print.not_found", file=display_path(path))
    if path.suffix.lower() != ".pdf":
        raise ActionError("print.not_pdf", file=display_path(path))
    copies = max(1, copies)
    if save_only:
        ctx.log(text("print.saved", file=display_path(path)))
        return {"file": path, "printed": False, "printer": None, "job": None}
    if ctx.dry_run:
        ctx.log(text("print.dry_run", file=display_path(path), printer=printer or "-"))
        return {"file": path, "printed": False, "printer": printer, "job": None}
    if _platform() == "win32":
        used, job = _print_windows(path, printer, copies)
    else:
        used, job = _print_cups(path, printer, copies)
    ctx.log(text("print.sent", file=display_path(path), printer=used, copies=copies, job=job))
    return {"file": path, "printed": True, "printer": used, "job": job}
