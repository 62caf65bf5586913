"""What ``robosan explain`` and ``validate`` say about the places a scenario uses on this PC (issue 13).

The scenario's named paths come from :mod:`rpa_core.language.paths_used`; this PC's grants from
:mod:`rpa_core.running.places` (its settings file and ``ROBOSAN_ALLOWED_PATHS``). A value given at run time
(``--input``) is allowed then: here only the scenario's own folder and the PC's grants count.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rpa_core.language.model import Scenario
from rpa_core.language.paths_used import PathUse, paths_used
from rpa_core.messages import render, text
from rpa_core.running.places import Places, pc_grants

__all__ = ["allowed_here", "place_warnings"]


def _places(scenario: Scenario) -> Places:
    grants, settings_file = pc_grants()
    places = Places(grants, settings_file=settings_file)
    places.grant(scenario.folder, "scenario")
    return places


def allowed_here(scenario: Scenario) -> Callable[[PathUse], bool]:
    """``allowed(use)``: may a run of ``scenario`` use the path (named by the scenario in ``use.folder``)."""
    places = _places(scenario)

    def allowed(use: PathUse) -> bool:
        if use.path is None:
            return True
        with places.entering(use.folder):
            return places.allows(use.path, write=use.write)

    return allowed


def place_warnings(scenario: Scenario) -> list[str]:
    """``file:line: 注意: …`` for each literal path of an action step outside this PC's places.

    Warnings, not errors: a folder may be granted on the robot PC that runs it, not on the PC that checks it.
    Defaults of path inputs are left to ``explain``: ``--input`` replaces them.
    """
    places = _places(scenario)
    allowed = allowed_here(scenario)
    out: list[str] = []
    for use in paths_used(scenario):
        if use.path is None or use.default or use.what == "call" or allowed(use):
            continue
        values: dict[str, Any] = {"what": use.what, "path": str(use.path), "settings": str(places.settings_file)}
        out.append(render(f"{use.loc}: " + text("cli.place_warning", **values), text("cli.place_warning.hint", **values)))
    return out
