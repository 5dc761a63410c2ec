"""Close pairs tonight: two bodies that come within ``CLOSE_PAIR_DEG`` of each other
as the observer sees them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations

from planettracker.sky.bodies import NIGHT_BODIES
from planettracker.sky.crossings import minimum
from planettracker.sky.night.stages import Context
from planettracker.sky.paths import Path, Span
from planettracker.sky.topocentric import Topocentric, separation
from planettracker.sky.tracker import utc_second

CLOSE_PAIR_DEG = 5.0

_DEGREES = 180.0 / math.pi


@dataclass(frozen=True, slots=True)
class Pair:
    """Two bodies within ``CLOSE_PAIR_DEG`` of each other: the least separation in
    the night (degrees, as the observer sees them) and when; ``visible``: both can
    be seen then."""

    bodies: tuple[str, str]
    separation: float
    at: datetime
    visible: bool


def _apart(a: Topocentric, b: Topocentric) -> float:
    return separation(a.ra, a.dec, b.ra, b.dec)


def closest(first: Path, second: Path, a: float, b: float) -> tuple[float, float]:
    """When in [a, b] two bodies are closest, and how far apart (radians)."""

    def apart(t: float) -> float:
        return _apart(first.at(t), second.at(t))

    nodes = zip(
        first.topocentric_nodes(a, b, closed=True),
        second.topocentric_nodes(a, b, closed=True),
        strict=True,
    )
    times = [a]
    values = [apart(a)]
    for (t, one), (_, other) in nodes:
        times.append(t)
        values.append(_apart(one, other))
    times.append(b)
    values.append(apart(b))
    j = min(range(len(values)), key=values.__getitem__)
    t, least = times[j], values[j]
    if 0 < j < len(values) - 1:
        refined = minimum(apart, times[j - 1], times[j + 1], 1.0)
        if refined[1] < least:
            t, least = refined
    return t, least


def overlaps(first: list[Span], second: list[Span]) -> list[Span]:
    """Where spans of the two lists overlap."""
    return [
        (max(a1, a2), min(b1, b2))
        for a1, b1 in first
        for a2, b2 in second
        if max(a1, a2) < min(b1, b2)
    ]


def pairs(
    paths: Mapping[str, Path], context: Context, visible: Mapping[str, list[Span]]
) -> list[Pair]:
    """Pairs that come within CLOSE_PAIR_DEG, closest first: the least separation
    while both can be seen if they can be together, else in the whole night. A pair is
    looked at only if the middle of the night finds it near enough to get that close:
    the Moon moves 0.6 degree an hour at most (and its parallax shifts it by a degree),
    the planets less than 0.1."""
    bounds = context.bounds
    middle = 0.5 * (bounds.start + bounds.end)
    half_hours = 0.5 * (bounds.end - bounds.start) / 3600.0
    found = []
    for first, second in combinations(NIGHT_BODIES, 2):
        p1, p2 = paths[first], paths[second]
        near = separation(*p1.geocentric_near(middle), *p2.geocentric_near(middle)) * _DEGREES
        moon = "moon" in (first, second)
        if near > CLOSE_PAIR_DEG + half_hours * (0.6 if moon else 0.1) + (1.0 if moon else 0.1):
            continue
        together = overlaps(visible[first], visible[second])
        spans = together or [(bounds.start, bounds.end)]
        t, least = min((closest(p1, p2, a, b) for a, b in spans), key=lambda c: c[1])
        if least * _DEGREES < CLOSE_PAIR_DEG:
            found.append(Pair((first, second), least * _DEGREES, utc_second(t), bool(together)))
    return sorted(found, key=lambda pair: pair.separation)
