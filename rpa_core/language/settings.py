"""``settings:`` of a scenario: the core's keys, and one block per action namespace checked with its model.

Each plug-in declares its settings model (``SETTINGS`` in its action module, see ``rpa_core.api``);
a typo in a key gets file:line and a did-you-mean at validate time, like every other error, and the
run hands each namespace its parsed model (``ctx.settings[namespace]``): no second parse at run time.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from rpa_core.language.checks import did_you_mean
from rpa_core.language.loader import Node
from rpa_core.language.model import Settings, Step
from rpa_core.language.parsing import StepParser
from rpa_core.language.types import STEP_NAMES
from rpa_core.registry import all_settings

__all__ = ["check_step_names", "parse_settings"]

CORE_KEYS = tuple(n for n in Settings.model_fields if n != "plugins")


def parse_settings(p: StepParser, data: Node) -> Settings:
    """The checked ``settings:`` of ``data`` (the scenario's top mapping); problems go to ``p``."""
    raw = data.get("settings")
    if raw is None:
        return Settings()
    loc = data.loc_of("settings")
    if not isinstance(raw, Node):
        p.need_mapping(loc, "settings")
        return Settings()
    models = {name: model for name, model in all_settings().items() if model is not None}
    allowed = (*CORE_KEYS, *models)
    core: dict[str, Any] = {}
    plugins: dict[str, Any] = {}
    for key, value in raw.items():
        here = raw.loc_of(key)
        if key in CORE_KEYS:
            core[key] = value
        elif key not in models:
            p.unknown_key(here, str(key), "settings", allowed)
        elif value is None:
            continue
        elif not isinstance(value, dict):
            p.need_mapping(here, key)
        else:
            model = models[key]
            try:
                plugins[key] = model.model_validate(dict(value))
            except ValidationError as exc:
                p.pydantic_problems(exc, value, here, f"settings.{key}", tuple(model.model_fields))
    try:
        settings = Settings.model_validate(core)
    except ValidationError as exc:
        p.pydantic_problems(exc, raw, loc, "settings", allowed)
        return Settings(plugins=plugins)
    return settings.model_copy(update={"plugins": plugins})


def check_step_names(p: StepParser, data: Node, settings: Settings, steps: tuple[Step, ...]) -> None:
    """Each setting that names steps (``StepNames``, e.g. ``settings.browser.login``) names top-level steps
    of this scenario; a name that is not there is a problem at the setting, with the closest step name."""
    names = [step.name for step in steps if step.name]
    raw = data.get("settings")
    for namespace, parsed in settings.plugins.items():
        block = raw.get(namespace) if isinstance(raw, Node) else None
        for key, info in type(parsed).model_fields.items():
            if STEP_NAMES not in info.metadata or not isinstance(block, Node) or key not in block:
                continue
            where = f"settings.{namespace}.{key}"
            for wanted in getattr(parsed, key):
                if wanted in names:
                    continue
                near = did_you_mean(wanted, names)
                if near:
                    p.err(block.loc_of(key), "parse.no_such_step_mean", key=wanted, where=where, suggestion=near)
                else:
                    p.err(block.loc_of(key), "parse.no_such_step", key=wanted, where=where,
                          allowed="、".join(names) or "-")
