"""The work-item rules that look across blocks and files: where a commit step may be retried.

A ``commit: true`` step (or an action that commits by nature) inside an item loop must never run twice
for one item: retrying is the loop's job, after ``verify:`` has checked whether the item got through
(docs/architecture.md, Decisions: verify). A step-level ``retry:`` is refused on the step itself, on any
block around it inside the loop (``if:``, ``try:``, a plain ``for_each``, a ``call:``), and in a called
file, which is parsed knowing the loop it runs in. A loop-level ``retry:`` is allowed only with
``verify:`` when the loop's steps commit.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rpa_core.errors import Loc
from rpa_core.language.loader import Node
from rpa_core.language.model import CallStep, ForEachStep, IfStep, Step, TryStep
from rpa_core.language.parsing import StepParser, Where
from rpa_core.registry import get_action

__all__ = ["MAX_STEP_DEPTH", "check_commit_retry", "check_loop_retry", "first_commit"]

MAX_STEP_DEPTH = 20  # blocks of steps inside blocks: deeper is unreadable, and a hostile file's trick


def commits(main: str, common: dict[str, Any]) -> bool:
    """Does this step change a target system (``commit: true``, or an action that commits by nature)?"""
    if common.get("commit"):
        return True
    if "." in main:
        spec = get_action(main)
        return spec is not None and spec.commit
    return False


def check_commit_retry(p: StepParser, node: Node, main: str, common: dict[str, Any], where: Where) -> None:
    """A commit step inside an item loop, with a ``retry:`` of its own or on a block around it."""
    if not where.item_loop or not commits(main, common):
        return
    if common.get("retry"):
        if where.called_at is not None:
            p.err(node.loc_of("retry"), "parse.retry_commit_in_called", loop=where.loop, at=_at(where.called_at))
        else:
            p.err(node.loc_of("retry"), "parse.retry_commit_in_item")
    elif where.retry_at is not None:
        here = node.loc_of("commit") if "commit" in node else node.loc_of(main)
        p.err(here, "parse.retry_around_commit", retry=_at(where.retry_at), loop=where.loop)


def check_loop_retry(p: StepParser, node: Node, common: dict[str, Any], steps: tuple[Step, ...],
                     verify: tuple[Step, ...]) -> None:
    """``retry:`` on an item loop whose steps commit, without ``verify:``: each retry would commit again."""
    if not common.get("retry") or verify:
        return
    commit = first_commit(steps)
    if commit is not None:
        p.err(node.loc_of("retry"), "parse.loop_retry_without_verify", loop=common.get("name") or "",
              commit=_at(commit))


def first_commit(steps: tuple[Step, ...]) -> Loc | None:
    """Where the first step that commits is, in these steps or any block or called file inside them."""
    for step in _walk(steps, 0):
        if step.commit or (type(step).__name__ == "ActionStep" and _action_commits(step)):
            return step.loc
    return None


def _action_commits(step: Any) -> bool:
    spec = get_action(step.action)
    return spec is not None and spec.commit


def _walk(steps: tuple[Step, ...], depth: int) -> Iterator[Step]:
    if depth > MAX_STEP_DEPTH * 2:  # calls are checked for cycles; this only bounds odd inputs
        return
    for step in steps:
        yield step
        for inner in _bodies(step):
            yield from _walk(inner, depth + 1)


def _bodies(step: Step) -> list[tuple[Step, ...]]:
    out: list[tuple[Step, ...]] = []
    if isinstance(step, ForEachStep):
        out.append(step.steps)
    elif isinstance(step, IfStep):
        out += [step.then, step.else_]
    elif isinstance(step, TryStep):
        out += [step.body, step.rescue, step.always]
    elif isinstance(step, CallStep) and step.scenario is not None:
        out.append(step.scenario.steps)
    if isinstance(step.on_error, tuple):
        out.append(step.on_error)
    return out


def _at(loc: Loc) -> str:
    return f"{loc.file}:{loc.line}"
