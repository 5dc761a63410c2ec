"""The astronomy: where the Sun, the Moon and the seven planets are for one observer.

Conventions, stated once here at the boundary of the package's astronomy:

- angles are degrees; azimuth runs from north (0) through east (90), 0 <= az < 360;
- altitudes are apparent, refracted for the observer's temperature and pressure
  (``pressure=0`` turns refraction off);
- ``ra``/``dec`` are apparent topocentric coordinates, equator and equinox of date;
- instants are timezone-aware ``datetime`` objects; PyEphem itself works in UTC;
- elevation is metres above sea level, temperature degrees Celsius, pressure mbar.

PyEphem reads a float assigned to ``Observer.lat``/``lon`` as *radians* (and a string
as degrees). The only conversion happens in ``PlanetTracker.__init__``.

This module knows nothing about HTTP.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import ephem

from planettracker.ephemeris import BODY_CLASSES, Ephemeris, Geocentric, Snapshot
from planettracker.errors import UnknownBody
from planettracker.topocentric import site, topocentric

PLANETS: tuple[str, ...] = (
    "mercury",
    "venus",
    "mars",
    "jupiter",
    "saturn",
    "uranus",
    "neptune",
)

COMPASS_POINTS: tuple[str, ...] = (
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
    "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW",
)  # fmt: skip

# The Sun's geometric (unrefracted) altitude of its centre at the start of each
# state, from the brightest to the darkest: -0.833 deg is sunrise/sunset as the
# almanacs define it (refraction 34' plus the Sun's semi-diameter 16').
SKY_STATES: tuple[tuple[float, str], ...] = (
    (-0.833, "day"),
    (-6.0, "civil twilight"),
    (-12.0, "nautical twilight"),
    (-18.0, "astronomical twilight"),
)
NIGHT = "night"

# Faintest magnitude the naked eye sees at the zenith in each sky state (a clear
# sky away from city lights). In daylight only Venus at its brightest can be
# picked out, and only well away from the Sun.
NAKED_EYE_LIMIT: dict[str, float] = {
    "day": -4.0,
    "civil twilight": 1.0,
    "nautical twilight": 3.5,
    "astronomical twilight": 5.0,
    "night": 6.0,
}
DAYLIGHT_MIN_ELONGATION = 15.0  # degrees from the Sun, for a daylight sighting
EXTINCTION_MAG_PER_AIRMASS = 0.3  # typical visual extinction near sea level

_DEGREES = 180.0 / math.pi
UNIX_EPOCH_EPHEM_DATE = 25567.5  # 1970-01-01 00:00 UTC, in PyEphem's days since 1899-12-31 12:00
STANDARD_TEMPERATURE_C = 15.0
SEA_LEVEL_PRESSURE_MBAR = 1013.25


def standard_pressure(elevation_m: float) -> float:
    """Pressure (mbar) of the International Standard Atmosphere at ``elevation_m``."""
    return SEA_LEVEL_PRESSURE_MBAR * float((1.0 - 2.25577e-5 * elevation_m) ** 5.25588)


def compass_direction(az: float) -> str:
    """The 16-point compass word for an azimuth in degrees ("N", "NNE", ... "NNW")."""
    return COMPASS_POINTS[int((az % 360.0 + 11.25) // 22.5) % 16]


def sky_state(sun_geometric_alt: float) -> str:
    """Day, civil/nautical/astronomical twilight or night, from the Sun's altitude."""
    for threshold, state in SKY_STATES:
        if sun_geometric_alt >= threshold:
            return state
    return NIGHT


def airmass(alt: float) -> float:
    """Relative air mass at an apparent altitude in degrees (Kasten and Young, 1989)."""
    alt = max(alt, 0.0)
    return 1.0 / (math.sin(math.radians(alt)) + 0.50572 * float((alt + 6.07995) ** -1.6364))


def naked_eye(alt: float, magnitude: float, elongation: float, state: str) -> bool:
    """Whether a body can be seen without optics now: above the horizon, and bright
    enough for the sky's darkness once the air near the horizon has dimmed it."""
    if alt <= 0.0:
        return False
    if state == "day" and elongation < DAYLIGHT_MIN_ELONGATION:
        return False
    dimmed = magnitude + EXTINCTION_MAG_PER_AIRMASS * (airmass(alt) - 1.0)
    return dimmed <= NAKED_EYE_LIMIT[state]


@dataclass(slots=True)
class Position:
    """Where one body is in the observer's sky, and how it looks."""

    name: str
    az: float
    alt: float
    ra: float
    dec: float
    magnitude: float
    constellation: str
    distance_au: float
    phase: float  # percent of the disc illuminated
    elongation: float  # degrees from the Sun, 0..180
    direction: str
    above_horizon: bool
    naked_eye: bool  # visible without optics now, given the sky's darkness


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Events:
    """The next rise, transit and set after an instant (UTC). ``rise``/``set`` are
    None when the body stays up (``always_up``) or down (``never_up``) all day."""

    rise: datetime | None
    transit: datetime | None
    set: datetime | None
    always_up: bool
    never_up: bool

    def valid_until(self, computed_at: datetime) -> datetime:
        """The first instant at which these "next" events stop being the next ones."""
        upcoming = [t for t in (self.rise, self.transit, self.set) if t is not None]
        return min(upcoming, default=computed_at + timedelta(hours=1))


@dataclass(frozen=True, slots=True)
class Sky:
    """Everything in the sky for one observer at one instant."""

    at: datetime
    state: str
    sun: Position
    moon: Position
    planets: tuple[Position, ...]


@lru_cache(maxsize=4)
def _utc_second(seconds: int) -> datetime:
    """A Unix second as an aware datetime (cached: requests of one second share it)."""
    return datetime.fromtimestamp(seconds, UTC)


def _to_utc_datetime(date: ephem.Date) -> datetime:
    """An ephem.Date (UTC) as an aware datetime, rounded to the second."""
    moment: datetime = date.datetime().replace(tzinfo=UTC)
    return (moment + timedelta(microseconds=500_000)).replace(microsecond=0)


class PlanetTracker(ephem.Observer):
    """An observer at one place and instant who can say where each body is.

    ``lat``/``lon`` in degrees (north and east positive), ``elevation`` in metres,
    ``at`` an aware datetime (None: now, to the second), ``temperature`` in Celsius,
    ``pressure`` in mbar (None: the standard atmosphere at this elevation; 0: no refraction).

    Positions take the geocentric part from ``ephemeris`` (shared by every observer
    at the same instant; a private one if None) and add this observer's topocentric
    step. Rise, transit and set come from PyEphem's searches on this observer.
    """

    def __init__(
        self,
        lat: float,
        lon: float,
        elevation: float = 0.0,
        at: datetime | None = None,
        temperature: float = STANDARD_TEMPERATURE_C,
        pressure: float | None = None,
        ephemeris: Ephemeris | None = None,
    ) -> None:
        super().__init__()
        pressure = standard_pressure(elevation) if pressure is None else pressure
        self.lat = math.radians(lat)
        self.lon = math.radians(lon)
        self.elevation = elevation
        self.temp = temperature
        self.pressure = pressure
        # The instant is kept as given: an ephem.Date (float days) does not round-trip
        # to the microsecond. "Now" is to the second, so that all the observers of one
        # second share its geocentric snapshot.
        if at is None:
            now = int(time.time())
            self._at = _utc_second(now)
            self.date = now / 86400.0 + UNIX_EPOCH_EPHEM_DATE
        else:
            self._at = at.astimezone(UTC)
            self.date = self._at.timestamp() / 86400.0 + UNIX_EPOCH_EPHEM_DATE
        self._site = site(lat, lon, elevation, pressure, temperature)
        self._ephemeris = ephemeris if ephemeris is not None else Ephemeris(size=1)
        self._snapshot: Snapshot | None = None
        self._lst = 0.0  # local apparent sidereal time, radians, once the snapshot is known

    @property
    def at(self) -> datetime:
        """The instant of this observation (UTC)."""
        return self._at

    @staticmethod
    def body(name: str) -> ephem.Body:
        """A fresh PyEphem body for a name ("mars", "sun", ...)."""
        try:
            return BODY_CLASSES[name]()
        except KeyError:
            raise UnknownBody(name, PLANETS) from None

    def _seen(
        self, name: str
    ) -> tuple[Geocentric, tuple[float, float, float, float, float, float]]:
        """The body's geocentric snapshot and its topocentric place (see ``topocentric``)."""
        if self._snapshot is None:
            self._snapshot = self._ephemeris.at(float(self.date))
            self._lst = self._snapshot.greenwich_sidereal_time + self._site.lon
        try:
            g = self._snapshot.bodies[name]
        except KeyError:
            raise UnknownBody(name, PLANETS) from None
        return g, topocentric(self._site, self._lst, g.ra, g.cos_dec, g.sin_dec, g.rho)

    def position(self, name: str, state: str | None = None) -> Position:
        """Where ``name`` is for this observer. ``state`` is the sky's state if the
        caller already knows it (see ``sky_state``)."""
        return _position(name, *self._seen(name), state or self.sky_state())

    def sky_state(self) -> str:
        """Day, twilight or night here and now, from the Sun's geometric altitude."""
        return sky_state(self._seen("sun")[1][2] * _DEGREES)

    def sky(self) -> Sky:
        """The Sun, the Moon and the seven planets, and how dark the sky is."""
        sun, sun_seen = self._seen("sun")
        state = sky_state(sun_seen[2] * _DEGREES)
        return Sky(
            self._at,
            state,
            _position("sun", sun, sun_seen, state),
            _position("moon", *self._seen("moon"), state),
            tuple([_position(name, *self._seen(name), state) for name in PLANETS]),
        )

    def events(self, name: str) -> Events:
        """The next rise, transit and set of ``name`` after this observer's instant.

        A body rises or sets when its upper limb crosses the horizon, refracted for
        this observer's temperature and pressure, as almanacs define it."""
        body = self.body(name)
        found: dict[str, datetime | None] = {}
        circumpolar: set[type[Exception]] = set()
        for kind, search in (("rise", self.next_rising), ("set", self.next_setting)):
            try:
                found[kind] = _to_utc_datetime(search(body))
            except (ephem.AlwaysUpError, ephem.NeverUpError) as error:
                found[kind] = None
                circumpolar.add(type(error))
        return Events(
            rise=found["rise"],
            transit=_to_utc_datetime(self.next_transit(body)),
            set=found["set"],
            always_up=ephem.AlwaysUpError in circumpolar,
            never_up=ephem.NeverUpError in circumpolar,
        )


def _position(
    name: str,
    geocentric: Geocentric,
    seen: tuple[float, float, float, float, float, float],
    state: str,
) -> Position:
    az_rad, alt_rad, _, ra_rad, dec_rad, distance_au = seen
    az, alt = az_rad * _DEGREES, alt_rad * _DEGREES
    magnitude, elongation = geocentric.magnitude, geocentric.elongation
    return Position(
        name,
        az,
        alt,
        ra_rad * _DEGREES,
        dec_rad * _DEGREES,
        magnitude,
        geocentric.constellation,
        distance_au,
        geocentric.phase,
        elongation,
        COMPASS_POINTS[int((az + 11.25) // 22.5) % 16],
        alt > 0.0,
        alt > 0.0 and naked_eye(alt, magnitude, elongation, state),
    )
