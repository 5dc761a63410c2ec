"""When the night is, its twilight and its sky states.

The night is the one in progress at the instant asked about if the Sun has set, else
the next one: from sunset to sunrise. Where the Sun does not set within a day (the
midnight sun) there is no night, and the 24 hours from the instant (from the whole 10
minutes at or before it) stand in for it; where it does not rise (the polar night) the
night runs from the Sun's last upper transit (local noon) to its next, or from sunset
to noon, or noon to sunrise, at the edges of the polar night. Twilight instants that
do not happen are None, and ``Twilight.darkest`` says how dark the sky gets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import NamedTuple

from planettracker.sky.paths import GRID_S, Path
from planettracker.sky.tracker import utc_second
from planettracker.sky.visibility import SKY_STATES, sky_state

DAY_S = 86400.0
TWILIGHTS = (("civil", -6.0), ("nautical", -12.0), ("astronomical", -18.0))

_DEGREES = 180.0 / math.pi


@dataclass(frozen=True, slots=True)
class Interval:
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Stage:
    """A stretch of one sky state (``planettracker.sky.visibility.STATES``)."""

    state: str
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Twilight:
    """The night's twilight instants (UTC), None for those that do not happen, and
    the darkest sky state it reaches (``STATES``: "day" under the midnight sun)."""

    sunset: datetime | None
    civil_dusk: datetime | None
    nautical_dusk: datetime | None
    astronomical_dusk: datetime | None
    astronomical_dawn: datetime | None
    nautical_dawn: datetime | None
    civil_dawn: datetime | None
    sunrise: datetime | None
    darkest: str


@dataclass(frozen=True, slots=True)
class Bounds:
    """The night's start and end, its sunset and sunrise (None: none), in seconds since
    1970, and until when it is the answer for later instants."""

    start: float
    end: float
    sunset: float | None
    sunrise: float | None
    valid_until: float  # the same night is the answer for any later instant before this


class Stretch(NamedTuple):
    """A stretch of one sky state, in seconds since 1970 (``Stage`` once handed over)."""

    start: float
    end: float
    state: str


@dataclass(slots=True)
class Context:
    """What every part of a night reads: its bounds, its sky states (over the track's
    span, which may be wider), the minimum altitude asked for (degrees) and the Sun."""

    bounds: Bounds
    stages: list[Stretch]
    min_alt: float
    sun: Path


def utc_or_none(t: float | None) -> datetime | None:
    """``utc_second(t)``, None for None."""
    return None if t is None else utc_second(t)


def night_bounds(sun: Path, at: float) -> Bounds:
    """Tonight's bounds, seconds since 1970. The searches a day back and ahead start
    and end on the grid's slot of ``at``, so that every instant of that slot gets the
    same answer."""
    slot = math.floor(at / GRID_S) * GRID_S
    back, ahead = slot - DAY_S, slot + GRID_S + DAY_S
    if sun.risen(at):
        sets = [t for t, d in sun.horizon_crossings(at, ahead) if d < 0]
        if not sets:  # the midnight sun
            return Bounds(slot, slot + DAY_S, None, None, slot + GRID_S)
        sunset: float | None = sets[0]
        start, since, until = sets[0], sets[0], sets[0] + DAY_S
    else:
        sets = [t for t, d in sun.horizon_crossings(back, at) if d < 0]
        sunset = sets[-1] if sets else None
        start = sunset if sunset is not None else sun.transits(back - 3600.0, at)[-1]
        since, until = at, ahead
    rises = [t for t, d in sun.horizon_crossings(since, until) if d > 0]
    sunrise = rises[0] if rises else None
    end = sunrise if sunrise is not None else sun.transits(since, since + DAY_S + 3600.0)[0]
    normal = sunset is not None and sunrise is not None
    return Bounds(start, end, sunset, sunrise, end if normal else min(end, slot + GRID_S))


def twilight(sun: Path, bounds: Bounds) -> Twilight:
    """The night's twilight instants and the darkest sky it reaches."""
    found: dict[str, float | None] = {}
    for name, depth in TWILIGHTS:
        crossings = sun.alt_crossings(math.radians(depth), bounds.start, bounds.end)
        found[f"{name}_dusk"] = next((t for t, d in crossings if d < 0), None)
        found[f"{name}_dawn"] = next((t for t, d in reversed(crossings) if d > 0), None)
    _, lowest = sun.highest(bounds.start, bounds.end, lowest=True)
    return Twilight(
        sunset=utc_or_none(bounds.sunset),
        civil_dusk=utc_or_none(found["civil_dusk"]),
        nautical_dusk=utc_or_none(found["nautical_dusk"]),
        astronomical_dusk=utc_or_none(found["astronomical_dusk"]),
        astronomical_dawn=utc_or_none(found["astronomical_dawn"]),
        nautical_dawn=utc_or_none(found["nautical_dawn"]),
        civil_dawn=utc_or_none(found["civil_dawn"]),
        sunrise=utc_or_none(bounds.sunrise),
        darkest=sky_state(lowest * _DEGREES),
    )


def stretches(sun: Path, start: float, end: float) -> list[Stretch]:
    """The stretches of one sky state between ``start`` and ``end``."""
    edges = sorted(
        t
        for threshold, _ in SKY_STATES
        for t, _ in sun.alt_crossings(math.radians(threshold), start, end)
    )
    points = [start, *(t for t in edges if start < t < end), end]
    found: list[Stretch] = []
    for a, b in pairwise(points):
        if b <= a:
            continue
        state = sky_state(sun.alt(0.5 * (a + b)) * _DEGREES)
        if found and found[-1].state == state:
            found[-1] = Stretch(found[-1].start, b, state)
        else:
            found.append(Stretch(a, b, state))
    return found


def stages(found: list[Stretch]) -> tuple[Stage, ...]:
    """The stretches as handed over."""
    return tuple(Stage(s, utc_second(a), utc_second(b)) for a, b, s in found)
