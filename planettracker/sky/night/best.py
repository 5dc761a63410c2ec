"""A body's best time tonight: when, while it can be seen, it stands out most (its
margin over the naked eye's limit, ``planettracker.sky.limiting``, is largest), and
what sets that moment (``TIMINGS``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from planettracker.sky.bodies import compass_direction
from planettracker.sky.crossings import minimum
from planettracker.sky.limiting import margin
from planettracker.sky.paths import Path, Span
from planettracker.sky.topocentric import Topocentric, separation
from planettracker.sky.tracker import utc_second

_DEGREES = 180.0 / math.pi

# What sets a body's best time (``Best.timing``): it is best near its highest; or
# earlier than its highest, before the dawn brightens the sky; or later than its
# highest, as the dusk darkens it.
AT_ITS_HIGHEST = "highest"
BEFORE_THE_DAWN = "before the sky brightens"
AS_IT_DARKENS = "as the sky darkens"
TIMINGS = (AT_ITS_HIGHEST, BEFORE_THE_DAWN, AS_IT_DARKENS)
# A best time this much lower than the body's highest in its stretch is said to be set
# by the sky (``TIMINGS``); closer, it is at its highest.
HIGHEST_WITHIN_DEG = 2.0


@dataclass(frozen=True, slots=True)
class Best:
    """Where a body stands when it stands out most while it can be seen: when its
    margin over the naked eye's limit there (``planettracker.sky.limiting``) is
    largest; the Sun's geometric altitude then, and what sets that moment."""

    at: datetime
    az: float  # degrees
    alt: float  # apparent, degrees
    direction: str
    margin: float  # magnitudes brighter than the faintest the eye sees there then
    sun_alt: float  # degrees, geometric
    timing: str  # one of TIMINGS


class Standing(NamedTuple):
    """How far a body stands out at one moment."""

    margin: float  # magnitudes
    alt: float  # apparent, degrees
    sun_alt: float  # geometric, degrees


def standing(magnitude: float, body: Topocentric, sun: Topocentric) -> Standing:
    """How far the body stands out, from where it and the Sun are seen."""
    alt, sun_alt = body.alt * _DEGREES, sun.geometric_alt * _DEGREES
    apart = separation(body.ra, body.dec, sun.ra, sun.dec) * _DEGREES
    return Standing(margin(magnitude, alt, sun_alt, apart), alt, sun_alt)


def best(path: Path, sun: Path, spans: list[Span], magnitude: float) -> Best | None:
    """When within ``spans`` the body stands out most (its margin over the eye's limit
    is largest: on the nodes and the spans' ends, refined around the best of them to
    a second), how it stands then, and what sets that moment (``TIMINGS``); None if
    there are no spans."""

    def at(t: float) -> Standing:
        return standing(magnitude, path.at(t), sun.at(t))

    found: list[tuple[float, Standing, float, float]] = []
    for a, b in spans:
        nodes = zip(path.topocentric_nodes(a, b), sun.topocentric_nodes(a, b), strict=True)
        times = [a]
        values = [at(a)]
        for (t, body), (_, sun_there) in nodes:
            times.append(t)
            values.append(standing(magnitude, body, sun_there))
        times.append(b)
        values.append(at(b))
        j = max(range(len(times)), key=lambda i: values[i].margin)
        t, most = times[j], values[j]
        for low, high in ((j - 1, j), (j, j + 1)):
            if low >= 0 and high < len(times) and times[high] - times[low] > 2.0:
                u, _ = minimum(lambda t: -at(t).margin, times[low], times[high], 1.0)
                refined = at(u)
                if refined.margin > most.margin:
                    t, most = u, refined
        found.append((t, most, a, b))
    if not found:
        return None
    t, most, a, b = max(found, key=lambda f: f[1].margin)
    when_highest, _ = path.highest(a, b)
    highest = at(when_highest)
    timing = AT_ITS_HIGHEST
    if highest.alt - most.alt > HIGHEST_WITHIN_DEG:
        if t < when_highest and highest.sun_alt > most.sun_alt:
            timing = BEFORE_THE_DAWN
        elif t > when_highest and highest.sun_alt > most.sun_alt:
            timing = AS_IT_DARKENS
    az = path.at(t).az * _DEGREES
    return Best(
        utc_second(t), az, most.alt, compass_direction(az), most.margin, most.sun_alt, timing
    )
