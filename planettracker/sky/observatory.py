"""One call from a place, an instant and the air to everything an answer needs.

``Observatory`` holds what a worker shares between requests (the geocentric
snapshots, the rise/set cache, the time-zone index, the magnetic model) and
``observe`` is the request's one step into the astronomy: it builds the
``PlanetTracker`` for the place and reads from it the positions, the sky's state, the
place's facts and, if asked, rise and set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from planettracker.sky.bodies import BODIES
from planettracker.sky.ephemeris import Ephemeris
from planettracker.sky.events import EventCache
from planettracker.sky.magnetic import MagneticDeclination
from planettracker.sky.stars import StarPosition
from planettracker.sky.timezones import TimeZoneLookup
from planettracker.sky.tonight import DEFAULT_MIN_ALT, Night, NightCache
from planettracker.sky.tracker import STANDARD_TEMPERATURE_C, Events, PlanetTracker, Sky


class Place(NamedTuple):
    """A place on Earth: degrees north and east, metres above sea level. (A named
    tuple: one is built on every request, and costs a third of a frozen dataclass.)"""

    lat: float
    lon: float
    elevation: float = 0.0


GREENWICH = Place(51.4769, -0.0005, 0.0)  # the Royal Observatory, the default place


@dataclass(frozen=True, slots=True)
class Conditions:
    """What an observation is made under: where, when (None: now) and the air
    (degrees Celsius; mbar, None: the standard atmosphere at the place's elevation)."""

    place: Place
    at: datetime | None = None
    temperature: float = STANDARD_TEMPERATURE_C
    pressure: float | None = None


@dataclass(frozen=True, slots=True)
class Observer:
    """The observer a computation used: the place, the air as the tracker resolved
    it, and the place's facts."""

    place: Place
    temperature: float  # degrees Celsius
    pressure: float  # mbar
    timezone: str  # IANA name
    magnetic_declination: float | None  # degrees east of true north, today; None: no model


@dataclass(frozen=True, slots=True)
class Observation:
    """Everything an answer about the sky needs."""

    observer: Observer
    sky: Sky
    events: Mapping[str, Events] | None  # None unless asked for

    @property
    def at(self) -> datetime:
        return self.sky.at


@dataclass(frozen=True, slots=True)
class StarsObservation:
    """The bright stars above an observer's horizon (brightest first), and how dark
    the sky is."""

    observer: Observer
    at: datetime
    state: str
    stars: tuple[StarPosition, ...]


@dataclass(frozen=True, slots=True)
class NightObservation:
    """Everything an answer about tonight needs: the observer, the instant asked
    about, and the night it falls in (or the next)."""

    observer: Observer
    at: datetime
    night: Night

    @property
    def tonight(self) -> Night:
        """``night``, by the name planettracker.web.render_tonight reads."""
        return self.night


class Observatory:
    """The astronomy a worker shares between requests. Only instants, whole-degree
    grids and the events and tonight caches (forgotten after use) are kept; see each
    part."""

    def __init__(
        self,
        events_ttl_s: float = 300.0,
        events_max_entries: int = 20_000,
        tonight_max_entries: int = 500,
    ) -> None:
        self.ephemeris = Ephemeris()
        self.events = EventCache(events_ttl_s, events_max_entries)
        self.nights = NightCache(events_ttl_s, tonight_max_entries)
        self.timezones = TimeZoneLookup()
        self.declination = MagneticDeclination()

    def observer(self, tracker: PlanetTracker, place: Place) -> Observer:
        """The observer ``tracker`` stands for, with the place's facts."""
        return Observer(
            place,
            tracker.temp,
            tracker.pressure,
            self.timezones.name_at(place.lat, place.lon),
            self.declination.at(place.lat, place.lon, place.elevation),
        )

    def tracker(self, conditions: Conditions) -> PlanetTracker:
        """The tracker for a place, instant and air."""
        place = conditions.place
        return PlanetTracker(
            place.lat,
            place.lon,
            place.elevation,
            conditions.at,
            conditions.temperature,
            conditions.pressure,
            self.ephemeris,
        )

    def observe(
        self,
        conditions: Conditions,
        *,
        bodies: Iterable[str] = BODIES,
        events: bool = False,
        landmarks: bool = True,
    ) -> Observation:
        """Where ``bodies`` are, how dark the sky is, the place's facts, (with
        ``events``) the next rise, transit and set of each body and (with
        ``landmarks``) the bright star near each."""
        tracker = self.tracker(conditions)
        names = tuple(bodies)
        sky = tracker.sky(names, landmarks)
        found = self.events.events_of(tracker, names) if events else None
        return Observation(self.observer(tracker, conditions.place), sky, found)

    def observe_stars(self, conditions: Conditions) -> StarsObservation:
        """The catalogue's stars above the horizon, the sky's state, the place's facts."""
        tracker = self.tracker(conditions)
        stars = tracker.stars()
        state = tracker.sky_state()
        return StarsObservation(self.observer(tracker, conditions.place), tracker.at, state, stars)

    def observe_night(
        self, conditions: Conditions, min_alt: float = DEFAULT_MIN_ALT
    ) -> NightObservation:
        """The night at a place (``planettracker.sky.tonight``): the one under way at
        the instant, or the next; cached per place like rise and set."""
        tracker = self.tracker(conditions)
        found = self.nights.night(tracker, min_alt)
        return NightObservation(self.observer(tracker, conditions.place), tracker.at, found)
