"""The JSON Schema (draft 2020-12) of a scenario file, built from the constructs and the action registry."""

from __future__ import annotations

from typing import Any

from rpa_core.language.constructs import CONSTRUCTS, EXPR, MODIFIERS, STEPS_REF, args_schema, waits
from rpa_core.registry import all_actions, all_settings

__all__ = ["json_schema"]

_MODIFIER_SCHEMA: dict[str, Any] = {
    "name": {"type": "string"},
    "when": {"anyOf": [{"type": "boolean"}, EXPR]},
    "retry": {"type": "object", "properties": {"times": {"type": "integer", "minimum": 1},
                                                "delay": {"type": ["string", "number"]}}},
    "timeout": {"type": ["string", "number"]},
    "save_as": {"type": "string"},
    "commit": {"type": "boolean"},
    "on_error": {"anyOf": [{"enum": ["continue", "stop"]}, STEPS_REF]},
}
assert set(_MODIFIER_SCHEMA) == set(MODIFIERS)


def _modifiers(names: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {name: schema for name, schema in _MODIFIER_SCHEMA.items() if name in names}


def _settings_schema(defs: dict[str, Any]) -> dict[str, Any]:
    """``settings:``: the core's keys and each namespace's block, from the same models ``validate`` uses."""
    from rpa_core.language.model import Settings

    def props(model: Any) -> dict[str, Any]:
        schema: dict[str, Any] = model.model_json_schema(mode="validation")
        for name, sub in schema.pop("$defs", {}).items():
            defs.setdefault(name, sub)  # their $refs point at the root's $defs
        return schema

    core = props(Settings)
    properties = {k: v for k, v in core.get("properties", {}).items() if k != "plugins"}
    for namespace, model in all_settings().items():
        if model is not None:
            properties[namespace] = props(model)
    return {"type": "object", "properties": properties, "additionalProperties": False}


def json_schema() -> dict[str, Any]:
    """JSON Schema of a scenario file, for editors that complete and check YAML."""
    defs: dict[str, Any] = {}
    settings = _settings_schema(defs)
    variants: list[dict[str, Any]] = []
    for key, construct in CONSTRUCTS.items():
        props = {**_modifiers(construct.modifiers), **construct.schema()}
        variants.append({"type": "object", "required": [key], "properties": props, "additionalProperties": False})
    for spec in all_actions():
        mods = _modifiers([m for m in MODIFIERS if m != "timeout" or waits(spec)])
        args = args_schema(spec)
        for name, sub in args.pop("$defs", {}).items():
            defs.setdefault(name, sub)  # pydantic's $refs point at the root's $defs
        variants.append({"type": "object", "required": [spec.name], "description": spec.summary,
                         "properties": {**mods, spec.name: args}, "additionalProperties": False})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "robosan scenario",
        "type": "object",
        "required": ["name", "steps"],
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string"}, "description": {"type": "string"}, "department": {"type": "string"},
            "owner": {"type": "string"},
            "baseline": {"type": "object", "properties": {"minutes_per_item": {"type": "number"},
                                                          "minutes_per_run": {"type": "number"},
                                                          "measured_on": {"type": "string"},
                                                          "note": {"type": "string"}}},
            "after": {"type": "object", "properties": {"minutes_per_run": {"type": "number"}}},
            "inputs": {"type": "object"}, "secrets": {"type": "array", "items": {"type": "string"}},
            "personal": {"type": "array", "items": {"type": "string"}},
            "settings": settings, "steps": STEPS_REF,
        },
        "$defs": {**defs, "steps": {"type": "array", "items": {"oneOf": variants}}},
    }
