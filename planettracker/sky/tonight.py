"""Tonight: what can be seen from a place tonight, when, and where to look.

The night is the one in progress at the instant asked about if the Sun has set, else
the next one: from sunset to sunrise. Where the Sun does not set within a day
(the midnight sun) there is no night, and the 24 hours from the instant (from the
whole 10 minutes at or before it) stand in for it; where it does not rise (the polar
night) the night runs from the Sun's last upper transit (local noon) to its next,
or from sunset to noon, or noon to sunrise, at the edges of the polar night. Stages
that do not happen are None, and ``darkest`` says how dark the sky gets.

A body can be seen while it stands above ``min_alt`` and the sky is dark enough for
its brightness by the naked eye's rule (``planettracker.sky.visibility``), evaluated
along the night: in each stretch of one sky state, that is the body above one
apparent altitude (the higher of ``min_alt`` and the altitude above which the air
dims it little enough), so every edge is a crossing of a line, found on the grid and
refined (``planettracker.sky.paths``). A planet's magnitude is taken at the middle of
the night (it changes by less than 0.02 mag in a night), the Moon's in the middle of
each stretch.

Everything here is for one place: the result is kept only as long as ``TonightCache``
keeps it (forgotten after use, capped), like the rise and set times.
"""

from __future__ import annotations

import math
import time
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations, pairwise
from typing import NamedTuple

from planettracker.sky.bodies import PLANETS, compass_direction
from planettracker.sky.crossings import minimum
from planettracker.sky.ephemeris import GRID_S, INDEX
from planettracker.sky.limiting import margin
from planettracker.sky.paths import ALT, AZ, RISEN, Path
from planettracker.sky.placecache import PlaceCache
from planettracker.sky.topocentric import refract, unrefract
from planettracker.sky.tracker import PlanetTracker, utc_second
from planettracker.sky.visibility import (
    DAYLIGHT_MIN_ELONGATION,
    EXTINCTION_MAG_PER_AIRMASS,
    NAKED_EYE_LIMIT,
    NIGHT,
    SKY_STATES,
    STATES,
    airmass,
    sky_state,
)

DAY_S = 86400.0
LOOKBACK_STEP_S = 6 * 3600.0
TRACK_MARGIN_S = 3600.0  # the track runs from an hour before sunset to an hour after sunrise
MIN_ALT_RANGE = (0.0, 60.0)
DEFAULT_MIN_ALT = 10.0
SEEN = ("moon", *PLANETS)  # the bodies tonight is about
CLOSE_PAIR_DEG = 5.0
NEAR_SUN_DEG = 30.0  # closer than this, a body that cannot be seen is lost in the Sun's glare
# Binoculars (50 mm) show stars some 3.5 magnitudes fainter than the naked eye does.
BINOCULAR_GAIN_MAG = 3.5
TWILIGHTS = (("civil", -6.0), ("nautical", -12.0), ("astronomical", -18.0))
# The Moon moves 12.19 degrees a day away from the Sun: a principal phase is named
# within a day of its instant.
PHASE_HALF_WIDTH_DEG = 12.19

_DEGREES = 180.0 / math.pi

# Why a body cannot be seen tonight: the first of these that holds. Too faint (for
# binoculars or a telescope) only when it would be too faint even in a dark sky.
NEAR_THE_SUN = "too close to the Sun"
BELOW_HORIZON = "below the horizon all night"
TOO_LOW = "too low"
MIDNIGHT_SUN = "the midnight sun: the sky stays too bright"
NEEDS_BINOCULARS = "too faint for the naked eye: needs binoculars"
NEEDS_TELESCOPE = "too faint for the naked eye: needs a telescope"
TWILIGHT = "up only in twilight too bright for its magnitude"
REASONS = (
    NEAR_THE_SUN,
    BELOW_HORIZON,
    TOO_LOW,
    NEEDS_BINOCULARS,
    NEEDS_TELESCOPE,
    MIDNIGHT_SUN,
    TWILIGHT,
)
PHASES = (
    "new",
    "waxing crescent",
    "first quarter",
    "waxing gibbous",
    "full",
    "waning gibbous",
    "last quarter",
    "waning crescent",
)


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


@dataclass(frozen=True, slots=True)
class BodyTonight:
    """One body tonight. ``rise``/``transit``/``set`` are those within the night, or
    of the pass it is in at the night's start if it is up then (its rise and transit
    may be before the night); ``always_up`` (``never_up``): above (below) the horizon
    all night."""

    name: str
    magnitude: float
    elongation: float  # degrees from the Sun
    visible: tuple[Interval, ...]
    best: Best | None
    reason: str | None  # None when it can be seen; else one of REASONS
    max_alt: float  # its highest apparent altitude in the night, degrees
    rise: datetime | None
    transit: datetime | None
    set: datetime | None
    always_up: bool
    never_up: bool

    @property
    def visible_s(self) -> float:
        return sum((i.end - i.start).total_seconds() for i in self.visible)


@dataclass(frozen=True, slots=True)
class Moon:
    phase: str  # one of PHASES
    illuminated: float  # percent of the disc lit
    dark: Interval | None  # the darkest stretch of the night (None: it stays day)
    up_in_dark: tuple[Interval, ...]  # when the Moon is up in it


@dataclass(frozen=True, slots=True)
class Pair:
    """Two bodies within ``CLOSE_PAIR_DEG`` of each other: the least separation in
    the night (degrees, as the observer sees them) and when; ``visible``: both can
    be seen then."""

    bodies: tuple[str, str]
    separation: float
    at: datetime
    visible: bool


@dataclass(frozen=True, slots=True)
class Track:
    """Each body's apparent az and alt (degrees) at the nodes from ``start``, every
    ``step_s`` seconds (whole 10 minutes of UTC): ``bodies[name] = (az, alt)``."""

    start: datetime
    step_s: int
    count: int
    bodies: dict[str, tuple[array[float], array[float]]]


@dataclass(frozen=True, slots=True, weakref_slot=True, eq=False)
class Tonight:
    """The night (``start`` to ``end``, UTC), its twilight and sky states (``stages``,
    over the track's span), the bodies best seen first, the Moon, close pairs, the
    track, and the ``min_alt`` used. (Compared by identity: renderings are kept per
    object, as long as the cache keeps it.)"""

    start: datetime
    end: datetime
    twilight: Twilight
    stages: tuple[Stage, ...]
    bodies: tuple[BodyTonight, ...]
    moon: Moon
    pairs: tuple[Pair, ...]
    track: Track
    min_alt: float


@dataclass(frozen=True, slots=True)
class _Night:
    start: float
    end: float
    sunset: float | None
    sunrise: float | None
    valid_until: float  # the same night is the answer for any later instant before this


def _night(sun: Path, at: float) -> _Night:
    """Tonight's bounds, seconds since 1970. The searches a day back and ahead start
    and end on the grid's slot of ``at``, so that every instant of that slot gets the
    same answer."""
    slot = math.floor(at / GRID_S) * GRID_S
    back, ahead = slot - DAY_S, slot + GRID_S + DAY_S
    if sun.risen(at):
        sets = [t for t, d in sun.crossings(RISEN, 0.0, at, ahead) if d < 0]
        if not sets:  # the midnight sun
            return _Night(slot, slot + DAY_S, None, None, slot + GRID_S)
        sunset: float | None = sets[0]
        start, since, until = sets[0], sets[0], sets[0] + DAY_S
    else:
        sets = [t for t, d in sun.crossings(RISEN, 0.0, back, at) if d < 0]
        sunset = sets[-1] if sets else None
        start = sunset if sunset is not None else sun.transits(back - 3600.0, at)[-1]
        since, until = at, ahead
    rises = [t for t, d in sun.crossings(RISEN, 0.0, since, until) if d > 0]
    sunrise = rises[0] if rises else None
    end = sunrise if sunrise is not None else sun.transits(since, since + DAY_S + 3600.0)[0]
    normal = sunset is not None and sunrise is not None
    return _Night(start, end, sunset, sunrise, end if normal else min(end, slot + GRID_S))


def _second(t: float | None) -> datetime | None:
    return None if t is None else utc_second(t)


def _twilight(sun: Path, night: _Night) -> Twilight:
    found: dict[str, float | None] = {}
    for name, depth in TWILIGHTS:
        crossings = sun.crossings(ALT, math.radians(depth), night.start, night.end)
        found[f"{name}_dusk"] = next((t for t, d in crossings if d < 0), None)
        found[f"{name}_dawn"] = next((t for t, d in reversed(crossings) if d > 0), None)
    _, lowest = sun.highest(night.start, night.end, lowest=True)
    return Twilight(
        sunset=_second(night.sunset),
        civil_dusk=_second(found["civil_dusk"]),
        nautical_dusk=_second(found["nautical_dusk"]),
        astronomical_dusk=_second(found["astronomical_dusk"]),
        astronomical_dawn=_second(found["astronomical_dawn"]),
        nautical_dawn=_second(found["nautical_dawn"]),
        civil_dawn=_second(found["civil_dawn"]),
        sunrise=_second(night.sunrise),
        darkest=sky_state(lowest * _DEGREES),
    )


def _stages(sun: Path, start: float, end: float) -> list[tuple[float, float, str]]:
    """The stretches of one sky state between ``start`` and ``end``."""
    edges = sorted(
        t
        for threshold, _ in SKY_STATES
        for t, _ in sun.crossings(ALT, math.radians(threshold), start, end)
    )
    points = [start, *(t for t in edges if start < t < end), end]
    stages: list[tuple[float, float, str]] = []
    for a, b in pairwise(points):
        if b <= a:
            continue
        state = sky_state(sun.alt(0.5 * (a + b)) * _DEGREES)
        if stages and stages[-1][2] == state:
            stages[-1] = (stages[-1][0], b, state)
        else:
            stages.append((a, b, state))
    return stages


def _line(min_alt: float, excess_mag: float) -> float | None:
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


def _merge(spans: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Spans in order, those that touch (within a second) joined."""
    merged: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1] + 1.0:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


@dataclass(slots=True)
class _Context:
    night: _Night
    stages: list[tuple[float, float, str]]
    min_alt: float
    sun: Path


def _visible(
    path: Path, context: _Context, magnitude: Callable[[float], float]
) -> list[tuple[float, float]]:
    """When the body can be seen: in each stretch of one sky state, above the higher
    of ``min_alt`` and the altitude at which the air leaves it bright enough."""
    where = path.where
    node = path.ephemeris.node
    spans = []
    for a, b, state in context.stages:
        a, b = max(a, context.night.start), min(b, context.night.end)
        if b <= a:
            continue
        middle = 0.5 * (a + b)
        if state == "day":
            elongation = abs(node(round(middle / GRID_S)).elongation[path.index])
            if elongation < DAYLIGHT_MIN_ELONGATION:
                continue
        line = _line(context.min_alt, NAKED_EYE_LIMIT[state] - magnitude(middle))
        if line is None:
            continue
        apparent = math.radians(line)
        spans += path.above(unrefract(where.pressure, where.temperature, apparent), a, b)
    return _merge(spans)


class _Standing(NamedTuple):
    margin: float  # magnitudes
    alt: float  # apparent, degrees
    sun_alt: float  # geometric, degrees


def _standing(magnitude: float, seen: tuple[float, ...], sun: tuple[float, ...]) -> _Standing:
    """How far the body stands out, from ``topocentric`` tuples of it and the Sun."""
    alt, sun_alt = seen[1] * _DEGREES, sun[2] * _DEGREES
    apart = _separation(seen, sun) * _DEGREES
    return _Standing(margin(magnitude, alt, sun_alt, apart), alt, sun_alt)


def _best(
    path: Path, sun: Path, spans: list[tuple[float, float]], magnitude: float
) -> tuple[float, _Standing, str] | None:
    """When within ``spans`` the body stands out most (its margin over the eye's limit
    is largest: on the nodes and the spans' ends, refined around the best of them to
    a second), how it stands then, and what sets that moment (``TIMINGS``)."""

    def at(t: float) -> _Standing:
        return _standing(magnitude, path.at(t), sun.at(t))

    found: list[tuple[float, _Standing, float, float]] = []
    for a, b in spans:
        k0, k1 = math.floor(a / GRID_S) + 1, math.ceil(b / GRID_S) - 1
        times = [a, *(k * GRID_S for k in range(k0, k1 + 1)), b]
        values = [
            at(a),
            *(_standing(magnitude, path.seen_node(k), sun.seen_node(k)) for k in range(k0, k1 + 1)),
            at(b),
        ]
        j = max(range(len(times)), key=lambda i: values[i].margin)
        t, best = times[j], values[j]
        for low, high in ((j - 1, j), (j, j + 1)):
            if low >= 0 and high < len(times) and times[high] - times[low] > 2.0:
                u, _ = minimum(lambda t: -at(t).margin, times[low], times[high], 1.0)
                refined = at(u)
                if refined.margin > best.margin:
                    t, best = u, refined
        found.append((t, best, a, b))
    if not found:
        return None
    t, best, a, b = max(found, key=lambda f: f[1].margin)
    when_highest, _ = path.highest(a, b)
    highest = at(when_highest)
    timing = AT_ITS_HIGHEST
    if highest.alt - best.alt > HIGHEST_WITHIN_DEG:
        if t < when_highest and highest.sun_alt > best.sun_alt:
            timing = BEFORE_THE_DAWN
        elif t > when_highest and highest.sun_alt > best.sun_alt:
            timing = AS_IT_DARKENS
    return t, best, timing


class _Passes(NamedTuple):
    rise: float | None
    transit: float | None
    set: float | None
    always_up: bool
    never_up: bool


def _passes(path: Path, night: _Night) -> _Passes:
    """The first rise, transit and set within the night; for a body up at the night's
    start that does not rise again in it, the rise it is up since (a day back at
    most) and, if it does not transit in the night, the transit since that rise.
    Then whether it is up (down) all night."""
    horizon, transits = path.events(night.start, night.end)
    up_at_start = path.risen(night.start)
    sets = [t for t, d in horizon if d < 0]
    rises = [t for t, d in horizon if d > 0]
    rise: float | None = rises[0] if rises else None
    if up_at_start and rise is None:
        # Back in steps of 6 hours: most bodies up at dusk rose that afternoon.
        end = night.start
        while rise is None and end > night.start - DAY_S:
            before, earlier = path.events(end - LOOKBACK_STEP_S, end)
            rise = next((t for t, d in reversed(before) if d > 0), None)
            if not transits:
                transits = [t for t in earlier if rise is None or t >= rise] + transits
            end -= LOOKBACK_STEP_S
        if rise is None:
            transits = [t for t in transits if t >= night.start]
    return _Passes(
        rise,
        transits[0] if transits else None,
        sets[0] if sets else None,
        up_at_start and not sets,
        not up_at_start and not rises,
    )


def _reason(
    path: Path,
    context: _Context,
    magnitude: float,
    elongation: float,
    never_up: bool,
    max_alt: float,
) -> str:
    """Why a body cannot be seen tonight (``REASONS``, the first that holds): near the
    Sun; never up; never above ``min_alt``; above it only in daylight (the midnight
    sun); too faint even in a dark sky, at the heights it reaches (for
    binoculars, or more, in the darkest sky it stands in); else above it only in
    twilight too bright for it."""
    if elongation < NEAR_SUN_DEG:
        return NEAR_THE_SUN
    if never_up:
        return BELOW_HORIZON
    if max_alt <= context.min_alt:
        return TOO_LOW
    night = context.night
    where = path.where
    line = unrefract(where.pressure, where.temperature, math.radians(context.min_alt))
    darkest = max(
        (
            STATES.index(state)
            for a, b, state in context.stages
            if path.above(line, max(a, night.start), min(b, night.end))
        ),
        default=STATES.index(NIGHT),
    )
    if STATES[darkest] == "day":  # a night has no daylight but under the midnight sun
        return MIDNIGHT_SUN
    dimmed = magnitude + EXTINCTION_MAG_PER_AIRMASS * (airmass(max_alt) - 1.0)
    if dimmed > NAKED_EYE_LIMIT[NIGHT] or STATES[darkest] == NIGHT:
        # Too faint for a dark sky at the heights it reaches (or, up in a dark sky
        # above min_alt, too faint there): by how much in the darkest sky it is up in?
        shortfall = dimmed - NAKED_EYE_LIMIT[STATES[darkest]]
        return NEEDS_BINOCULARS if shortfall <= BINOCULAR_GAIN_MAG else NEEDS_TELESCOPE
    return TWILIGHT


def _body(path: Path, context: _Context) -> BodyTonight:
    night = context.night
    middle_node = path.ephemeris.node(round(0.5 * (night.start + night.end) / GRID_S))
    name = path.name
    if name == "moon":

        def magnitude(t: float) -> float:
            return path.ephemeris.node(round(t / GRID_S)).magnitude(name)

    else:
        constant = middle_node.magnitude(name)

        def magnitude(t: float) -> float:
            return constant

    spans = _visible(path, context, magnitude)
    elongation = abs(middle_node.elongation[path.index])
    passes = _passes(path, night)
    _, highest = path.highest(night.start, night.end)
    where = path.where
    max_alt = refract(where.pressure, where.temperature, highest) * _DEGREES
    best = None
    reason = None
    found = _best(path, context.sun, spans, magnitude(0.5 * (night.start + night.end)))
    if found is not None:
        t, standing, timing = found
        az = path.at(t)[0] * _DEGREES
        best = Best(
            utc_second(t),
            az,
            standing.alt,
            compass_direction(az),
            standing.margin,
            standing.sun_alt,
            timing,
        )
    else:
        middle = magnitude(0.5 * (night.start + night.end))
        reason = _reason(path, context, middle, elongation, passes.never_up, max_alt)
    return BodyTonight(
        name=name,
        magnitude=magnitude(0.5 * (night.start + night.end)),
        elongation=elongation,
        visible=tuple(Interval(utc_second(a), utc_second(b)) for a, b in spans),
        best=best,
        reason=reason,
        max_alt=max_alt,
        rise=_second(passes.rise),
        transit=_second(passes.transit),
        set=_second(passes.set),
        always_up=passes.always_up,
        never_up=passes.never_up,
    )


def _phase(elongation: float) -> str:
    """The Moon's phase name from its signed elongation (east of the Sun: waxing)."""
    angle = elongation % 360.0  # 0 new, 90 first quarter, 180 full, 270 last quarter
    for index, principal in enumerate((0.0, 90.0, 180.0, 270.0, 360.0)):
        if abs(angle - principal) < PHASE_HALF_WIDTH_DEG:
            return PHASES[(2 * index) % 8]
    return PHASES[2 * int(angle // 90.0) + 1]


def _moon(path: Path, context: _Context, twilight: Twilight) -> Moon:
    night = context.night
    node = path.ephemeris.node(round(0.5 * (night.start + night.end) / GRID_S))
    darkest = twilight.darkest
    dark = None
    up: list[tuple[float, float]] = []
    if darkest != "day":
        stretches = [(a, b) for a, b, state in context.stages if state == darkest]
        start = max(stretches[0][0], night.start)
        end = min(stretches[-1][1], night.end)
        if end > start:
            dark = Interval(utc_second(start), utc_second(end))
            up = path.up(start, end)
    return Moon(
        phase=_phase(node.elongation[path.index]),
        illuminated=node.phase[path.index],
        dark=dark,
        up_in_dark=tuple(Interval(utc_second(a), utc_second(b)) for a, b in up),
    )


def _separation(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """Angle (radians) between two topocentric (.., .., .., ra, dec, ..) directions."""
    ra1, dec1, ra2, dec2 = a[3], a[4], b[3], b[4]
    cos_angle = math.sin(dec1) * math.sin(dec2) + math.cos(dec1) * math.cos(dec2) * math.cos(
        ra1 - ra2
    )
    return math.acos(max(-1.0, min(1.0, cos_angle)))


def _closest(
    apart: Callable[[float], float], apart_node: Callable[[int], float], a: float, b: float
) -> tuple[float, float]:
    """When in [a, b] two bodies are closest, and how far apart (radians)."""
    k0, k1 = math.ceil(a / GRID_S), math.floor(b / GRID_S)
    times = [a, *(k * GRID_S for k in range(k0, k1 + 1)), b]
    values = [apart(a), *(apart_node(k) for k in range(k0, k1 + 1)), apart(b)]
    j = min(range(len(values)), key=values.__getitem__)
    t, least = times[j], values[j]
    if 0 < j < len(values) - 1:
        refined = minimum(apart, times[j - 1], times[j + 1], 1.0)
        if refined[1] < least:
            t, least = refined
    return t, least


def _overlaps(
    first: list[tuple[float, float]], second: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    return [
        (max(a1, a2), min(b1, b2))
        for a1, b1 in first
        for a2, b2 in second
        if max(a1, a2) < min(b1, b2)
    ]


def _pairs(
    paths: dict[str, Path], context: _Context, visible: dict[str, list[tuple[float, float]]]
) -> list[Pair]:
    """Pairs that come within CLOSE_PAIR_DEG, closest first: the least separation
    while both can be seen if they can be together, else in the whole night. A pair is
    looked at only if the middle of the night finds it near enough to get that close:
    the Moon moves 0.6 degree an hour at most (and its parallax shifts it by a degree),
    the planets less than 0.1."""
    night = context.night
    middle = paths["moon"].ephemeris.node(round(0.5 * (night.start + night.end) / GRID_S))
    half_hours = 0.5 * (night.end - night.start) / 3600.0
    found = []
    for first, second in combinations(SEEN, 2):
        g1, g2 = middle.geo[INDEX[first]], middle.geo[INDEX[second]]
        near = _separation((0, 0, 0, g1[0], g1[1]), (0, 0, 0, g2[0], g2[1])) * _DEGREES
        moon = "moon" in (first, second)
        if near > CLOSE_PAIR_DEG + half_hours * (0.6 if moon else 0.1) + (1.0 if moon else 0.1):
            continue
        p1, p2 = paths[first], paths[second]

        def apart(t: float, p1: Path = p1, p2: Path = p2) -> float:
            return _separation(p1.at(t), p2.at(t))

        def apart_node(k: int, p1: Path = p1, p2: Path = p2) -> float:
            return _separation(p1.seen_node(k), p2.seen_node(k))

        together = _overlaps(visible[first], visible[second])
        spans = together or [(night.start, night.end)]
        t, least = min((_closest(apart, apart_node, a, b) for a, b in spans), key=lambda c: c[1])
        if least * _DEGREES < CLOSE_PAIR_DEG:
            found.append(Pair((first, second), least * _DEGREES, utc_second(t), bool(together)))
    return sorted(found, key=lambda pair: pair.separation)


def _track(paths: dict[str, Path], start: float, end: float) -> Track:
    """Every body's azimuth and apparent altitude at the nodes from ``start`` to
    ``end``, from the samples the searches have (mostly) computed already."""
    k0, k1 = math.ceil(start / GRID_S), math.floor(end / GRID_S)
    bodies = {}
    for name, path in paths.items():
        pressure, temperature = path.where.pressure, path.where.temperature
        rows = path.samples(k0, k1)
        az = array("f", [row[AZ] * _DEGREES for row in rows])
        alt = array("f", [refract(pressure, temperature, row[ALT]) * _DEGREES for row in rows])
        bodies[name] = (az, alt)
    return Track(utc_second(k0 * GRID_S), GRID_S, k1 - k0 + 1, bodies)


def tonight(tracker: PlanetTracker, min_alt: float = DEFAULT_MIN_ALT) -> tuple[Tonight, float]:
    """Tonight for ``tracker``'s place, air and instant, and until when (seconds since
    1970) it stays the answer for a later instant at the same place."""
    at = tracker.seconds
    paths = {name: tracker.path(name) for name in ("sun", *SEEN)}
    sun = paths["sun"]
    night = _night(sun, at)
    twilight = _twilight(sun, night)
    span_start = night.start - TRACK_MARGIN_S if night.sunset is not None else night.start
    span_end = night.end + TRACK_MARGIN_S if night.sunrise is not None else night.end
    stages = _stages(sun, span_start, span_end)
    context = _Context(night, stages, min_alt, sun)
    bodies = [_body(paths[name], context) for name in SEEN]
    visible = {
        body.name: [(b.start.timestamp(), b.end.timestamp()) for b in body.visible]
        for body in bodies
    }
    order = {name: index for index, name in enumerate(SEEN)}
    bodies.sort(
        key=lambda b: (0, -b.visible_s, b.magnitude) if b.visible else (1, 0.0, order[b.name])
    )
    result = Tonight(
        start=utc_second(night.start),
        end=utc_second(night.end),
        twilight=twilight,
        stages=tuple(Stage(s, utc_second(a), utc_second(b)) for a, b, s in stages),
        bodies=tuple(bodies),
        moon=_moon(paths["moon"], context, twilight),
        pairs=tuple(_pairs(paths, context, visible)),
        track=_track(paths, span_start, span_end),
        min_alt=min_alt,
    )
    return result, night.valid_until


class TonightCache(PlaceCache[Tonight]):
    """Tonight per (place, air, min_alt): an answer holds for every later instant
    until its night ends (until the end of its 10 minutes where the Sun does not both
    set and rise). Forgotten after use and capped like every cache of a place
    (``PlaceCache``): each entry is some 20 KB, and as much again with its rendered
    answer."""

    def __init__(
        self,
        ttl_s: float = 300.0,
        max_entries: int = 500,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(ttl_s, max_entries, clock)

    def tonight(self, tracker: PlanetTracker, min_alt: float = DEFAULT_MIN_ALT) -> Tonight:
        now = self._now()
        place = (tracker.lat, tracker.lon, tracker.elevation, tracker.temp, tracker.pressure)
        key = (*place, min_alt)
        at = tracker.seconds
        found = self._get(key, at, now)
        if found is None:
            found, valid_until = tonight(tracker, min_alt)
            self._put(key, at, valid_until, found, now)
            self._trim()
        return found
