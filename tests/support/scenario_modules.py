"""Import a helper script that lives in a scenario folder (``scenarios/<name>/make_forms.py``) by its path.

The scenario folders are clerks' folders, not Python packages; loading the file by path keeps them off
``sys.path``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]


def load_scenario_module(scenario: str, module: str) -> ModuleType:
    """``scenarios/<scenario>/<module>.py`` as a module, imported once per test process."""
    name = f"_scenario_{scenario}_{module}"
    if name in sys.modules:
        return sys.modules[name]
    path = REPO / "scenarios" / scenario / f"{module}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, path
    loaded = importlib.util.module_from_spec(spec)
    sys.modules[name] = loaded
    spec.loader.exec_module(loaded)
    return loaded
