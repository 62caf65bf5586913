"""Each step kind in one place: its keys, modifiers, parse, JSON Schema fragment and explain text.

The parser, the JSON Schema and ``robosan explain`` iterate over :data:`CONSTRUCTS` (and
:data:`ACTION` for dotted keys) instead of holding tables of their own. How a step runs lives
beside the run-time side of the core, in ``rpa_core.running.runners`` (language never imports running).
"""

from __future__ import annotations

from rpa_core.language.constructs.action import Action, args_schema, waits
from rpa_core.language.constructs.base import EXPR, MODIFIERS, STEPS_REF, Construct
from rpa_core.language.constructs.branches import If, Try
from rpa_core.language.constructs.call import Call
from rpa_core.language.constructs.checks import Assert, SkipItem, Wait
from rpa_core.language.constructs.for_each import ForEach
from rpa_core.language.constructs.reject import Reject
from rpa_core.language.constructs.set_ import Set
from rpa_core.language.constructs.text import Fail, Log, Manual

__all__ = ["ACTION", "BY_STEP_TYPE", "CONSTRUCTS", "EXPR", "MODIFIERS", "STEPS_REF", "Construct", "args_schema", "construct_for",
           "waits"]

# In the order the reference and the JSON Schema list them.
CONSTRUCTS: dict[str, Construct] = {
    c.key: c
    for c in (ForEach(), If(), Try(), Set(), Call(), Manual(), Log(), Fail(), Reject(), Wait(), Assert(), SkipItem())
}
ACTION = Action()
# The construct of a parsed step, by the step's class (explain and the runners' registry use it).
BY_STEP_TYPE: dict[type, Construct] = {c.step_type: c for c in (*CONSTRUCTS.values(), ACTION)}


def construct_for(main: str) -> Construct | None:
    """The construct a step's main key belongs to (any dotted key is an action)."""
    return CONSTRUCTS.get(main) or (ACTION if "." in main else None)
