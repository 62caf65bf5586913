"""Finding a reference image whose window has changed size a little since it was cut (issue 14).

A program drawn at another size (another display scaling, a remote window that shrinks its
picture to fit, a form that stretches with its window) shows the same thing a few percent
larger or smaller, and an image cut before no longer scores the confidence at its own size.
Lowering the confidence would let look-alikes in; instead the image is searched at a small set
of sizes (0.9 to 1.1, first the ratio of the window sizes when ``capture.yaml`` knows it), with
the same confidence. A picture drawn at another size also falls between pixels: a sharp 70-pixel
button stretched by 1.4 % scores 0.85 at the right size and 0.93 once shifted by a third of a
pixel, so a size that falls just short is tried at sub-pixel shifts too (``PHASES``). Shifting
keeps the shape exact; blurring would also have raised a look-alike (携帯 for 電話: 0.69 → 0.91).
Two places that both match, within ``TIE_MARGIN`` of each other, are an error
(:class:`AmbiguousMatch`), never a guess. The size that worked is remembered by the
:class:`~robots._desktop_screen.Matcher` per image and window size, so the common case stays
one search; a search over all sizes happens only when an image has been missing for
``SWEEP_EVERY`` seconds (and once more before a step gives up), so waiting for a screen that
is simply not there yet costs no more than before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "SAME",
    "SCALES",
    "SWEEP_EVERY",
    "TIE_MARGIN",
    "AmbiguousMatch",
    "Fit",
    "Place",
    "Scale",
    "pick",
    "places",
    "scales_to_try",
    "sweep",
]

Scale = tuple[float, float]  # horizontal, vertical
Fit = tuple[float, float, float, float]  # a scale and a sub-pixel shift: sx, sy, dx, dy
SAME: Fit = (1.0, 1.0, 0.0, 0.0)
# A window a few pixels off is the usual case, and often wider but shorter (277×244 → 281×241): near
# 1.0 every pair of a horizontal and a vertical scale in 1.25 % steps is tried, which leaves at most
# about a third of a pixel of misfit at the edge of a 100-pixel image; further out, the same scale
# both ways in 2.5 % steps. Nearest first.
NEAR = (1.0, 0.9875, 1.0125, 0.975, 1.025)
SCALES: tuple[float, ...] = (0.95, 1.05, 0.925, 1.075, 0.9, 1.1)
LOWEST, HIGHEST = min(SCALES), max(SCALES)
_NEAR_PAIRS = sorted(((sx, sy) for sx in NEAR for sy in NEAR), key=lambda p: abs(p[0] - 1) + abs(p[1] - 1))
TIE_MARGIN = 0.03  # a second place this close to the best one is as likely: refuse to choose
SWEEP_EVERY = 0.5  # seconds an image must stay missing before (and between) searches over all sizes
THIRD = 1 / 3
PHASES = [(dx, dy) for dx in (0.0, -THIRD, THIRD) for dy in (0.0, -THIRD, THIRD)][1:]  # shifts besides none
REFINE_BELOW = 0.15  # a size scoring this close under the confidence is tried at the shifts
COARSE_SLACK = 0.25  # on the half-size picture, places this far under the confidence are still looked at
MARGIN = 4  # pixels around a place found on the half-size picture, searched again at full size


@dataclass(frozen=True)
class Place:
    """One place an image matched: its top-left corner and size on the searched picture, score, scale."""

    x: int
    y: int
    width: int
    height: int
    score: float
    fit: Fit

    def apart_from(self, other: Place) -> bool:
        """True when the two are different places (they overlap by less than half the image)."""
        return abs(self.x - other.x) > other.width // 2 or abs(self.y - other.y) > other.height // 2


class AmbiguousMatch(Exception):
    """The image matches in two places about equally well: clicking either could be wrong."""

    def __init__(self, first: Place, second: Place) -> None:
        super().__init__(f"{first} / {second}")
        self.first, self.second = first, second


def scales_to_try(predicted: Scale | None) -> list[Fit]:
    """The sizes a full search tries, in order: as cut, the windows' ratio (if known and small), the set."""
    order = [SAME]
    if predicted is not None and all(LOWEST <= s <= HIGHEST for s in predicted):
        order.append((round(predicted[0], 4), round(predicted[1], 4), 0.0, 0.0))
    order += [(sx, sy, 0.0, 0.0) for sx, sy in _NEAR_PAIRS] + [(s, s, 0.0, 0.0) for s in SCALES]
    return list(dict.fromkeys(order))


def shifted(fit: Fit) -> list[Fit]:
    """The same size at the other sub-pixel shifts."""
    return [(fit[0], fit[1], dx, dy) for dx, dy in PHASES]


def warped(needle: Any, fit: Fit) -> Any:
    """The grey template scaled and shifted by ``fit`` (pixel centres kept in place), or itself at SAME."""
    import cv2
    import numpy as np

    if fit == SAME:
        return needle
    sx, sy, dx, dy = fit
    height, width = needle.shape[:2]
    size = (max(1, round(width * sx)), max(1, round(height * sy)))
    matrix = np.array([[sx, 0, dx + (sx - 1) / 2], [0, sy, dy + (sy - 1) / 2]], dtype=np.float32)
    return cv2.warpAffine(needle, matrix, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def places(hay: Any, needle: Any, fit: Fit, confidence: float) -> tuple[float, list[Place]]:
    """Search ``hay`` once at ``fit``: the best score, and the best place and the runner-up elsewhere
    that reach ``confidence`` (none, one or two)."""
    import cv2
    import numpy as np

    template = warped(needle, fit)
    th, tw = template.shape[:2]
    if hay.shape[0] < th or hay.shape[1] < tw:
        return 0.0, []
    result = cv2.matchTemplate(hay, template, cv2.TM_CCOEFF_NORMED)
    _low, best, _lowloc, (bx, by) = cv2.minMaxLoc(result)
    if not np.isfinite(best):  # a flat image has no correlation with anything: not a match
        return 0.0, []
    if best < confidence:
        return float(best), []
    found = [Place(int(bx), int(by), int(tw), int(th), float(best), fit)]
    # blank out where a match would overlap the best one by half or more, then look for another place
    result[max(0, by - th // 2) : by + th // 2 + 1, max(0, bx - tw // 2) : bx + tw // 2 + 1] = -1.0
    _low, second, _lowloc, (sx, sy) = cv2.minMaxLoc(result)
    if np.isfinite(second) and second >= confidence:
        found.append(Place(int(sx), int(sy), int(tw), int(th), float(second), fit))
    return float(best), found


def sweep(hay: Any, needle: Any, predicted: Scale | None, confidence: float, skip: Fit) -> tuple[float, list[Place]]:
    """Every size (a look-alike at another size must not win by coming first): the best score and every
    place that reached ``confidence``.

    Each size is searched on the picture at half size first (a sixteenth of the work), and only the
    places found there are searched again at full size, with the sub-pixel shifts when they fall
    just short: the decision is always made at full size, with the full confidence."""
    import cv2

    half = cv2.resize(hay, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    best, found = 0.0, list[Place]()
    for fit in scales_to_try(predicted):
        if fit == skip:
            continue
        spots = _coarse_spots(half, warped(needle, fit), confidence - COARSE_SLACK)
        targets: list[tuple[int, int] | None] = [(2 * x, 2 * y) for x, y in spots] if spots is not None else [None]
        for spot in targets:
            score, here = _around(hay, needle, fit, spot, confidence)
            best, found = max(best, score), found + here
    return best, found


def _coarse_spots(half: Any, template: Any, threshold: float) -> list[tuple[int, int]] | None:
    """Up to two places on the half-size picture scoring ``threshold``; None when the image is too small
    to halve (it is then searched at full size, which is cheap for a small image)."""
    import cv2

    small = cv2.resize(template, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    if min(small.shape[:2]) < 6:
        return None
    return [(p.x, p.y) for p in places(half, small, SAME, threshold)[1]]


def _around(
    hay: Any, needle: Any, fit: Fit, spot: tuple[int, int] | None, confidence: float
) -> tuple[float, list[Place]]:
    """Search at full size near ``spot`` (everywhere if None), at the sub-pixel shifts too if just short."""
    x0 = y0 = 0
    if spot is not None:
        height, width = warped(needle, fit).shape[:2]
        x0, y0 = max(0, spot[0] - MARGIN), max(0, spot[1] - MARGIN)
        hay = hay[y0 : spot[1] + height + MARGIN, x0 : spot[0] + width + MARGIN]
    best, found = places(hay, needle, fit, confidence)
    if not found and best >= confidence - REFINE_BELOW:
        for moved in shifted(fit):
            score, here = places(hay, needle, moved, confidence)
            best, found = max(best, score), found + here
            if found:
                break
    if spot is not None:  # near one spot there is one place: two places come from two spots
        found = found[:1]
    return best, [Place(p.x + x0, p.y + y0, p.width, p.height, p.score, p.fit) for p in found]


def pick(found: list[Place]) -> Place | None:
    """The best place found, or None; :class:`AmbiguousMatch` when another place scores nearly as well."""
    if not found:
        return None
    ranked = sorted(found, key=lambda p: p.score, reverse=True)
    best = ranked[0]
    for other in ranked[1:]:
        if other.score >= best.score - TIE_MARGIN and other.apart_from(best):
            raise AmbiguousMatch(best, other)
    return best
