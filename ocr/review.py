"""Walking the review queue in a terminal: show the crop and the guess, take the clerk's value.

Used by ``robosan review`` and by ``ocr.read_forms`` in an attended run. Each answer is
checked like a reading (a date must be a date); the time from showing a field to a valid
answer is recorded as review minutes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from rpa_core.api import ScenarioError, text

from .parsers import parse_answer
from .queue import QueueItem, ReviewQueue
from .template import Field, Template, load_template

__all__ = ["walk_queue"]

Ask = Callable[[str], str | None]  # shows a prompt, returns the line typed (None: end of input)
Say = Callable[[str], None]

SKIP, QUIT = "s", "q"


def _field_of(item: QueueItem, templates: dict[str, Template | None]) -> Field:
    if item.template not in templates:
        try:
            templates[item.template] = load_template(Path(item.template))
        except ScenarioError:  # moved or broken since: review the text as it is
            templates[item.template] = None
    tpl = templates[item.template]
    if tpl is not None:
        for f in tpl.fields:
            if f.name == item.field:
                return f
    return Field(name=item.field, type="text", box=(0, 0, 1, 1), required=False)


def _label(f: Field) -> str:
    if f.type == "choice":
        return f"{f.type}: " + " ".join(f"{i}={o}" for i, o in enumerate(f.options, 1))
    return f.type


def walk_queue(queue: ReviewQueue, items: list[QueueItem], ask: Ask, say: Say) -> tuple[int, float]:
    """Ask the clerk about each item; returns (answered, minutes). ``q`` or end of input stops."""
    templates: dict[str, Template | None] = {}
    answered, total = 0, 0.0
    if not items:
        say(text("ocr.review.none"))
        return 0, 0.0
    say(text("ocr.review.header", count=len(items)))
    for n, item in enumerate(items, 1):
        f = _field_of(item, templates)
        say(
            text(
                "ocr.review.field",
                n=n,
                count=len(items),
                file=Path(item.file).name,
                field=item.field,
                type=_label(f),
                reason=item.reason,
            )
        )
        if item.crop:
            say(text("ocr.review.crop", path=item.crop))
        say(text("ocr.review.guess", guess=item.guess or "-"))
        t0 = time.monotonic()
        while True:
            line = ask(text("ocr.review.prompt"))
            if line is None or line.strip().lower() == QUIT:
                say(text("ocr.review.done", count=answered, minutes=f"{total:.1f}"))
                return answered, total
            answer = line.strip()
            if answer.lower() == SKIP:
                break
            parsed = parse_answer(f, answer if answer else item.guess)
            if parsed.reason is None:
                minutes = (time.monotonic() - t0) / 60.0
                queue.resolve(item, parsed.text, minutes)
                answered += 1
                total += minutes
                break
            say(text("ocr.review.invalid", type=f.type, detail=text(parsed.reason, **parsed.reason_args)))
    say(text("ocr.review.done", count=answered, minutes=f"{total:.1f}"))
    return answered, total
