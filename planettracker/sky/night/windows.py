"""When a body can be seen tonight: its visibility windows.

A body can be seen while it stands above ``min_alt`` and the sky is dark enough for
its brightness by the naked eye's rule (``planettracker.sky.visibility``), evaluated
along the night: in each stretch of one sky state, that is the body above one
apparent altitude (the higher of ``min_alt`` and the altitude above which the air dims
it little enough), so every edge is a crossing of a line, found on the grid and
refined (``planettracker.sky.paths``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from planettracker.sky.night.stages import Context
from planettracker.sky.paths import Path, Span
from planettracker.sky.visibility import (
    DAYLIGHT_MIN_ELONGATION,
    EXTINCTION_MAG_PER_AIRMASS,
    NAKED_EYE_LIMIT,
    airmass,
)

MIN_ALT_RANGE = (0.0, 60.0)
DEFAULT_MIN_ALT = 10.0


def line(min_alt: float, excess_mag: float) -> float | None:
    """The apparent altitude (degrees) a body must stand above to be seen: the higher
    of ``min_alt`` and the altitude above which the air dims it by no more than
    ``excess_mag`` (its margin over the naked eye's limit); None if it never can."""
    if excess_mag < 0.0:
        return None
    most = 1.0 + excess_mag / EXTINCTION_MAG_PER_AIRMASS
    if airmass(min_alt) <= most:
        return min_alt
    low, high = min_alt, 90.0
    for _ in range(30):  # to under 1e-7 degree
        middle = 0.5 * (low + high)
        if airmass(middle) > most:
            low = middle
        else:
            high = middle
    return high


def merge(spans: Iterable[Span]) -> list[Span]:
    """Spans in order, those that touch (within a second) joined."""
    merged: list[Span] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1] + 1.0:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def visible(path: Path, context: Context, magnitude: Callable[[float], float]) -> list[Span]:
    """When the body can be seen: in each stretch of one sky state, above the higher
    of ``min_alt`` and the altitude at which the air leaves it bright enough."""
    spans = []
    for a, b, state in context.stages:
        a, b = max(a, context.bounds.start), min(b, context.bounds.end)
        if b <= a:
            continue
        middle = 0.5 * (a + b)
        if state == "day" and abs(path.elongation_near(middle)) < DAYLIGHT_MIN_ELONGATION:
            continue
        found = line(context.min_alt, NAKED_EYE_LIMIT[state] - magnitude(middle))
        if found is None:
            continue
        spans += path.above(path.unrefracted(math.radians(found)), a, b)
    return merge(spans)
