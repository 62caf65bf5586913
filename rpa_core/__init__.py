"""robosan's core: load, check and run a scenario, and keep the run log.

The public API of the core is this module's ``__all__``; plug-ins (robots, connectors, OCR, outside
packages) use :mod:`rpa_core.api`. Everything else is internal and may move between releases (the
layers are described in ``docs/architecture.md``).

    import rpa_core
    scenario = rpa_core.load_scenario("scenarios/jigyosho_check/scenario.yaml")
    result = rpa_core.run_scenario(scenario, inputs={"file": "data/提出事業所一覧.xlsx"}, unattended=True)
    print(result.status, result.counts)

Names are imported on first use, so ``import rpa_core`` stays cheap (``robosan validate`` starts fast).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rpa_core.errors import InputError, Problem, RobosanError, ScenarioError, StepFailed
    from rpa_core.language.model import Scenario
    from rpa_core.language.parser import load_scenario, validate_scenario
    from rpa_core.running.scenario_run import RunResult, run_scenario
    from rpa_core.store.runlog import RunLog

__all__ = [
    "InputError",
    "Problem",
    "RobosanError",
    "RunLog",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "StepFailed",
    "load_scenario",
    "run_scenario",
    "validate_scenario",
]

_WHERE = {
    "InputError": "rpa_core.errors",
    "Problem": "rpa_core.errors",
    "RobosanError": "rpa_core.errors",
    "ScenarioError": "rpa_core.errors",
    "StepFailed": "rpa_core.errors",
    "Scenario": "rpa_core.language.model",
    "load_scenario": "rpa_core.language.parser",
    "validate_scenario": "rpa_core.language.parser",
    "RunResult": "rpa_core.running.scenario_run",
    "run_scenario": "rpa_core.running.scenario_run",
    "RunLog": "rpa_core.store.runlog",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'rpa_core' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
