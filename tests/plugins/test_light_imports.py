"""Loading the action modules imports no heavy library: `robosan validate` must start in < 0.5 s.

Every action module is imported by `robosan validate` (to check step arguments), so openpyxl,
numpy, Playwright, OpenCV, … must only be imported inside the actions that use them. This runs in
a fresh interpreter: the test process itself has imported all of them long before.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HEAVY = {
    "openpyxl",
    "numpy",
    "PIL",
    "cv2",
    "reportlab",
    "playwright",
    "pyautogui",
    "pytesseract",
    "tesserocr",
    "pdfplumber",
    "pypdf",
    "apscheduler",
    "flask",
}

_PROBE = """
import json, sys
from importlib.metadata import entry_points
import rpa_core.registry as r
actions = [s.name for s in r.all_actions()]
heavy = set(json.loads(sys.argv[1]))
print(json.dumps({
    "heavy": sorted(m for m in sys.modules if m.split('.')[0] in heavy),
    "modules": [ep.value for ep in entry_points(group="robosan.actions") if ep.value in sys.modules],
    "actions": actions,
}))
"""


def _probe() -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(sorted(HEAVY))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, list[str]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_loading_the_builtin_actions_imports_no_heavy_library() -> None:
    result = _probe()
    # the probe is only worth something if the action modules were really imported
    for module in ("connectors.excel", "connectors.files", "connectors.csv", "ocr.actions"):
        assert module in result["modules"], f"{module} was not imported"
    for name in ("excel.read_rows", "excel.write_rows", "excel.append_rows", "excel.fill_template"):
        assert name in result["actions"]
    # a namespace split over several modules: its entry-point module registers every half
    for name in ("file.read_text", "file.list", "browser.click", "browser.read_text"):
        assert name in result["actions"]
    assert result["heavy"] == []


def test_excel_module_keeps_its_public_names_without_openpyxl() -> None:
    code = (
        "import sys\n"
        "from connectors.excel import Row, append_rows, fill_template, read_rows, write_rows\n"
        "from connectors._excel_read import HEADER_SEARCH_ROWS, blank, data_rows, find_header, header\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'numpy', 'PIL')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
