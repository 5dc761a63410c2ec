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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import ephem

from planettracker.errors import UnknownBody

PLANETS: tuple[str, ...] = (
    "mercury",
    "venus",
    "mars",
    "jupiter",
    "saturn",
    "uranus",
    "neptune",
)

_BODY_CLASSES = {
    "sun": ephem.Sun,
    "moon": ephem.Moon,
    "mercury": ephem.Mercury,
    "venus": ephem.Venus,
    "mars": ephem.Mars,
    "jupiter": ephem.Jupiter,
    "saturn": ephem.Saturn,
    "uranus": ephem.Uranus,
    "neptune": ephem.Neptune,
}

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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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


def _to_utc_datetime(date: ephem.Date) -> datetime:
    """An ephem.Date (UTC) as an aware datetime, rounded to the second."""
    moment: datetime = date.datetime().replace(tzinfo=UTC)
    return (moment + timedelta(microseconds=500_000)).replace(microsecond=0)


class PlanetTracker(ephem.Observer):
    """An observer at one place and instant who can say where each body is.

    ``lat``/``lon`` in degrees (north and east positive), ``elevation`` in metres,
    ``at`` an aware datetime (None: now, to the second), ``temperature`` in Celsius,
    ``pressure`` in mbar (None: the standard atmosphere at this elevation; 0: no refraction).
    """

    def __init__(
        self,
        lat: float,
        lon: float,
        elevation: float = 0.0,
        at: datetime | None = None,
        temperature: float = STANDARD_TEMPERATURE_C,
        pressure: float | None = None,
    ) -> None:
        super().__init__()
        self.lat = math.radians(lat)
        self.lon = math.radians(lon)
        self.elevation = elevation
        self.temp = temperature
        self.pressure = standard_pressure(elevation) if pressure is None else pressure
        moment = at if at is not None else datetime.now(UTC).replace(microsecond=0)
        # Kept as given: an ephem.Date (float days) does not round-trip to the microsecond.
        self._at = moment.astimezone(UTC)
        self.date = ephem.Date(self._at.replace(tzinfo=None))

    @property
    def at(self) -> datetime:
        """The instant of this observation (UTC)."""
        return self._at

    @staticmethod
    def body(name: str) -> ephem.Body:
        """A fresh PyEphem body for a name ("mars", "sun", ...)."""
        try:
            return _BODY_CLASSES[name]()
        except KeyError:
            raise UnknownBody(name, PLANETS) from None

    def position(self, name: str, state: str | None = None) -> Position:
        """Where ``name`` is for this observer. ``state`` is the sky's state if the
        caller already knows it (see ``sky_state``)."""
        body = self.body(name)
        body.compute(self)
        if state is None:
            state = self.sky_state()
        az, alt = math.degrees(body.az) % 360.0, math.degrees(body.alt)
        magnitude, elongation = body.mag, abs(math.degrees(body.elong))
        return Position(
            name=name,
            az=az,
            alt=alt,
            ra=math.degrees(body.ra),
            dec=math.degrees(body.dec),
            magnitude=magnitude,
            constellation=ephem.constellation(body)[1],
            distance_au=body.earth_distance,
            phase=body.phase,
            elongation=elongation,
            direction=compass_direction(az),
            above_horizon=alt > 0.0,
            naked_eye=naked_eye(alt, magnitude, elongation, state),
        )

    def sky_state(self) -> str:
        """Day, twilight or night here and now, from the Sun's geometric altitude
        (computed from its hour angle and declination, so without refraction)."""
        sun = ephem.Sun(self)
        lat, dec = self.lat, sun.dec
        sin_alt = math.sin(lat) * math.sin(dec) + math.cos(lat) * math.cos(dec) * math.cos(sun.ha)
        return sky_state(math.degrees(math.asin(sin_alt)))

    def sky(self) -> Sky:
        """The Sun, the Moon and the seven planets, and how dark the sky is."""
        state = self.sky_state()
        return Sky(
            at=self.at,
            state=state,
            sun=self.position("sun", state),
            moon=self.position("moon", state),
            planets=tuple(self.position(name, state) for name in PLANETS),
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
