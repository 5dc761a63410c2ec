"""Tonight: what can be seen from a place tonight, when, and where to look.

``compute_night`` puts together the parts of a night (``planettracker.sky.night``):
its bounds, twilight and sky states (``stages``), for each body when it can be seen
(``windows``), its best time (``best``) or why not (``reasons``) and its rise, transit
and set (``passes``), the Moon (``moon``), close pairs (``pairs``) and the bodies'
tracks (``track``). A planet's magnitude is taken at the middle of the night (it
changes by less than 0.02 mag in a night), the Moon's in the middle of each stretch.

Everything here is for one place: the result is kept only as long as ``NightCache``
keeps it (forgotten after use, capped), like the rise and set times.

The web layer imports the night's names from here (``PHASES``, ``REASONS``...), not
from the parts.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from planettracker.sky.bodies import NIGHT_BODIES
from planettracker.sky.night.best import (
    AS_IT_DARKENS,
    AT_ITS_HIGHEST,
    BEFORE_THE_DAWN,
    TIMINGS,
    Best,
    best,
)
from planettracker.sky.night.moon import PHASES, Moon, moon
from planettracker.sky.night.pairs import CLOSE_PAIR_DEG, Pair, pairs
from planettracker.sky.night.passes import passes
from planettracker.sky.night.reasons import (
    BELOW_HORIZON,
    MIDNIGHT_SUN,
    NEAR_THE_SUN,
    NEEDS_BINOCULARS,
    NEEDS_TELESCOPE,
    REASONS,
    TOO_LOW,
    TWILIGHT,
    reason,
)
from planettracker.sky.night.stages import (
    Context,
    Interval,
    Stage,
    Twilight,
    night_bounds,
    stages,
    stretches,
    twilight,
    utc_or_none,
)
from planettracker.sky.night.track import TRACK_MARGIN_S, Track, track
from planettracker.sky.night.windows import DEFAULT_MIN_ALT, MIN_ALT_RANGE, visible
from planettracker.sky.paths import Path
from planettracker.sky.placecache import PlaceCache
from planettracker.sky.tracker import PlanetTracker, utc_second

__all__ = [
    "AS_IT_DARKENS",
    "AT_ITS_HIGHEST",
    "BEFORE_THE_DAWN",
    "BELOW_HORIZON",
    "CLOSE_PAIR_DEG",
    "DEFAULT_MIN_ALT",
    "MIDNIGHT_SUN",
    "MIN_ALT_RANGE",
    "NEAR_THE_SUN",
    "NEEDS_BINOCULARS",
    "NEEDS_TELESCOPE",
    "NIGHT_BODIES",
    "PHASES",
    "REASONS",
    "SEEN",
    "TIMINGS",
    "TOO_LOW",
    "TWILIGHT",
    "Best",
    "BodyTonight",
    "Interval",
    "Moon",
    "Night",
    "NightBody",
    "NightCache",
    "Pair",
    "Stage",
    "Tonight",
    "TonightCache",
    "Track",
    "Twilight",
    "compute_night",
]

_DEGREES = 180.0 / math.pi


@dataclass(frozen=True, slots=True)
class NightBody:
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


@dataclass(frozen=True, slots=True, weakref_slot=True, eq=False)
class Night:
    """The night (``start`` to ``end``, UTC), its twilight and sky states (``stages``,
    over the track's span), the bodies best seen first, the Moon, close pairs, the
    track, and the ``min_alt`` used. (Compared by identity: renderings are kept per
    object, as long as the cache keeps it.)"""

    start: datetime
    end: datetime
    twilight: Twilight
    stages: tuple[Stage, ...]
    bodies: tuple[NightBody, ...]
    moon: Moon
    pairs: tuple[Pair, ...]
    track: Track
    min_alt: float


def night_body(path: Path, context: Context) -> NightBody:
    """One body tonight: when it can be seen and its best time, or why it cannot be."""
    bounds = context.bounds
    middle = 0.5 * (bounds.start + bounds.end)
    if path.name == "moon":
        magnitude = path.magnitude_near
    else:
        constant = path.magnitude_near(middle)

        def magnitude(t: float) -> float:
            return constant

    spans = visible(path, context, magnitude)
    elongation = abs(path.elongation_near(middle))
    found = passes(path, bounds)
    _, highest = path.highest(bounds.start, bounds.end)
    max_alt = path.refracted(highest) * _DEGREES
    best_time = best(path, context.sun, spans, magnitude(middle))
    why = None
    if best_time is None:
        why = reason(path, context, magnitude(middle), elongation, found.never_up, max_alt)
    return NightBody(
        name=path.name,
        magnitude=magnitude(middle),
        elongation=elongation,
        visible=tuple(Interval(utc_second(a), utc_second(b)) for a, b in spans),
        best=best_time,
        reason=why,
        max_alt=max_alt,
        rise=utc_or_none(found.rise),
        transit=utc_or_none(found.transit),
        set=utc_or_none(found.set),
        always_up=found.always_up,
        never_up=found.never_up,
    )


def compute_night(tracker: PlanetTracker, min_alt: float = DEFAULT_MIN_ALT) -> tuple[Night, float]:
    """The night for ``tracker``'s place, air and instant, and until when (seconds since
    1970) it stays the answer for a later instant at the same place."""
    at = tracker.seconds
    paths = {name: tracker.path(name) for name in ("sun", *NIGHT_BODIES)}
    sun = paths["sun"]
    bounds = night_bounds(sun, at)
    dusk_to_dawn = twilight(sun, bounds)
    span_start = bounds.start - TRACK_MARGIN_S if bounds.sunset is not None else bounds.start
    span_end = bounds.end + TRACK_MARGIN_S if bounds.sunrise is not None else bounds.end
    states = stretches(sun, span_start, span_end)
    context = Context(bounds, states, min_alt, sun)
    bodies = [night_body(paths[name], context) for name in NIGHT_BODIES]
    windows = {
        body.name: [(b.start.timestamp(), b.end.timestamp()) for b in body.visible]
        for body in bodies
    }
    order = {name: index for index, name in enumerate(NIGHT_BODIES)}
    bodies.sort(
        key=lambda b: (0, -b.visible_s, b.magnitude) if b.visible else (1, 0.0, order[b.name])
    )
    result = Night(
        start=utc_second(bounds.start),
        end=utc_second(bounds.end),
        twilight=dusk_to_dawn,
        stages=stages(states),
        bodies=tuple(bodies),
        moon=moon(paths["moon"], context, dusk_to_dawn),
        pairs=tuple(pairs(paths, context, windows)),
        track=track(paths, span_start, span_end),
        min_alt=min_alt,
    )
    return result, bounds.valid_until


class NightCache(PlaceCache[Night]):
    """The night per (place, air, min_alt): an answer holds for every later instant
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

    def night(self, tracker: PlanetTracker, min_alt: float = DEFAULT_MIN_ALT) -> Night:
        """The night for ``tracker``'s place, air and instant (``compute_night``)."""
        now = self._now()
        place = (tracker.lat, tracker.lon, tracker.elevation, tracker.temp, tracker.pressure)
        key = (*place, min_alt)
        at = tracker.seconds
        found = self._get(key, at, now)
        if found is None:
            found, valid_until = compute_night(tracker, min_alt)
            self._put(key, at, valid_until, found, now)
            self._trim()
        return found

    tonight = night  # the name tests/sky/test_tonight.py calls


# The names the web layer and the tests import (they were these until the night was
# split into its parts).
SEEN = NIGHT_BODIES
Tonight = Night
BodyTonight = NightBody
TonightCache = NightCache
