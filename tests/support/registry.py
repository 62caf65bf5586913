"""A registered action's spec through the public registry API (tests never read its private dict)."""

from __future__ import annotations

from rpa_core.registry import ActionSpec, get_action


def registered(name: str) -> ActionSpec:
    """The spec of the action ``name``; fails the test if no action of that name is registered."""
    spec = get_action(name)
    assert spec is not None, f"action {name!r} is not registered"
    return spec
