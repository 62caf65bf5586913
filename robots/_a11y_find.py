"""Which window, field or button a clerk's words mean: decided here once, for every backend.

A field is found the way a person reads a form: first an entry whose own accessible name is the
label, then one the program declares labelled by it (LABELLED_BY / LabeledBy), else by layout: the
nearest entry to the right of the label on the same row, else the nearest directly below it
(zenity ``--forms`` declares no relation). Names are compared whole after :func:`label_key`, so
「氏名：」 is 氏名 but 氏名カナ is not. Two candidates are an error that names both: a robot must
not guess which box gets a citizen's name.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Sequence

from rpa_core.api import ActionError, did_you_mean

from ._a11y import BUTTON, CHECK, ENTRY, LABEL, PASSWORD, Element, label_key, title_key
from ._desktop_windows import Window as ScreenWindow

__all__ = [
    "MAX_SHOWN",
    "beside",
    "find_button",
    "find_field",
    "find_value",
    "match_windows",
    "not_found",
    "on_screen",
    "shown_names",
]

MAX_SHOWN = 20  # how many labels/buttons an error lists at most
ROW_SLACK = 4  # pixels a field's centre may sit outside its label's row and still be on it
SAME_PLACE = 8  # pixels an accessible window's extents may differ from the screen's window (borders)


def match_windows(windows: Sequence[Element], title: str) -> list[Element]:
    """The windows ``title`` means: equal after normalising, ``*`` as a wildcard, else containing it."""
    key = title_key(title)
    if "*" in key:
        return [w for w in windows if fnmatch.fnmatchcase(title_key(w.name), key)]
    exact = [w for w in windows if title_key(w.name) == key]
    return exact or [w for w in windows if key and key in title_key(w.name)]


def on_screen(windows: Sequence[Element], screen: Sequence[ScreenWindow]) -> list[Element]:
    """The accessible windows that are the screen's windows ``screen`` (found by their title bar's title).

    GTK names a message dialog "Question" or "Error", not the title 確認 a clerk sees; the window list
    (X11/Win32) knows the title, pid and rectangle, so a window is the same when its process (if both
    sides know it) and its rectangle agree.
    """
    found = []
    for w in windows:
        for v in screen:
            same_pid = w.pid is None or v.pid is None or w.pid == v.pid
            if same_pid and all(abs(a - b) <= SAME_PLACE for a, b in zip(w.extents, v.rect, strict=True)):
                found.append(w)
                break
    return found


def find_field(elements: Sequence[Element], label: str, window: str) -> Element:
    """The editable entry the label ``label`` names (see the module docstring for the order)."""
    return _by_label(elements, label, window, lambda e: e.editable, "a11y.field_not_found")


def find_value(elements: Sequence[Element], label: str, window: str) -> Element:
    """What ``desktop.read`` reads for a label: an entry (editable or not), else the text beside it."""

    def shows_value(e: Element) -> bool:
        return e.role in (ENTRY, PASSWORD, LABEL) and label_key(e.name) != label_key(label)

    return _by_label(elements, label, window, shows_value, "a11y.field_not_found")


def find_button(elements: Sequence[Element], name: str, window: str) -> Element:
    """The push button (or check box) named ``name``."""
    key = label_key(name)
    hits = [e for e in _visible(elements) if e.role in (BUTTON, CHECK) and label_key(e.name) == key]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise _ambiguous(name, window, hits)
    raise not_found("a11y.button_not_found", name, window, elements)


def _visible(elements: Sequence[Element]) -> list[Element]:
    return [e for e in elements if e.visible]


def _by_label(
    elements: Sequence[Element], label: str, window: str, wanted: Callable[[Element], bool], missing: str
) -> Element:
    key = label_key(label)
    shown = _visible(elements)
    for rule in (
        lambda e: label_key(e.name) == key,  # the entry's own accessible name
        lambda e: any(label_key(n) == key for n in e.labels),  # a declared relation
    ):
        hits = [e for e in shown if wanted(e) and rule(e)]
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise _ambiguous(label, window, hits)
    labels = [e for e in shown if e.role in (LABEL, CHECK) and label_key(e.name) == key]
    if len(labels) > 1:
        raise _ambiguous(label, window, labels)
    if labels:
        found = beside(labels[0], [e for e in shown if wanted(e) and e is not labels[0]])
        if found is not None:
            return found
    raise not_found(missing, label, window, elements)


def beside(label: Element, candidates: Sequence[Element]) -> Element | None:
    """The candidate nearest to the right of ``label`` on its row, else the nearest directly below it.

    On its row: the candidate's centre is within the label's row; else (a multi-line box taller than
    its label's row, issue 14) the candidate overlaps the row, the one whose top is nearest the label's.
    """
    lx, ly, lw, lh = label.extents
    right = [c for c in candidates if c.extents[0] >= lx + lw - ROW_SLACK]
    centred = [c for c in right if ly - ROW_SLACK <= c.center[1] <= ly + lh + ROW_SLACK]
    if centred:
        return min(centred, key=lambda c: (c.extents[0], abs(c.center[1] - label.center[1])))
    overlapping = [
        c
        for c in right
        if c.extents[1] < ly + lh - ROW_SLACK and c.extents[1] + c.extents[3] > ly + ROW_SLACK
    ]
    if overlapping:
        return min(overlapping, key=lambda c: (c.extents[0], abs(c.extents[1] - ly)))
    below = [
        c
        for c in candidates
        if c.extents[1] >= ly + lh - ROW_SLACK and c.extents[0] < lx + lw and c.extents[0] + c.extents[2] > lx
    ]
    return min(below, key=lambda c: (c.extents[1], abs(c.extents[0] - lx))) if below else None


def shown_names(elements: Sequence[Element]) -> tuple[list[str], list[str]]:
    """(labels, buttons) a window shows, each once, in reading order (top to bottom, left to right)."""
    labels: list[str] = []
    buttons: list[str] = []
    for e in sorted(_visible(elements), key=lambda e: (e.extents[1], e.extents[0])):
        name = label_key(e.name)
        if not name:
            continue
        if e.role in (BUTTON, CHECK) and name not in buttons:
            buttons.append(name)
        elif e.role == LABEL and name not in labels:
            labels.append(name)
        elif e.editable:
            labels += [label_key(n) for n in (e.name, *e.labels) if n and label_key(n) not in labels]
    return labels, buttons


def not_found(key: str, name: str, window: str, elements: Sequence[Element]) -> ActionError:
    """A label or button that is not there: the error lists what the window shows, with a did-you-mean."""
    labels, buttons = shown_names(elements)
    pool = buttons if key == "a11y.button_not_found" else labels
    guess = did_you_mean(label_key(name), pool) or did_you_mean(label_key(name), labels + buttons)
    return ActionError(
        key,
        name=name,
        window=window,
        labels=_listed(labels),
        buttons=_listed(buttons),
        guess=f"「{guess}」" if guess else "-",
    )


def _listed(names: list[str]) -> str:
    shown = "、".join(f"「{n}」" for n in names[:MAX_SHOWN])
    more = len(names) - MAX_SHOWN
    return (shown + (f" …(+{more})" if more > 0 else "")) or "-"


def _ambiguous(name: str, window: str, hits: Sequence[Element]) -> ActionError:
    both = "、".join(f"{h.raw_role or h.role}「{h.name}」{h.extents[0]},{h.extents[1]}" for h in hits[:5])
    return ActionError("a11y.ambiguous", name=name, window=window, candidates=both)
