"""The astronomy: where the Sun, the Moon and the seven planets are for one observer.

Conventions, stated once here at the boundary of the package's astronomy:

- angles are degrees; azimuth runs from north (0) through east (90), 0 <= az < 360;
- altitudes are apparent, refracted for the observer's temperature and pressure
  (``pressure=0`` turns refraction off);
- ``ra``/``dec`` are apparent topocentric coordinates, equator and equinox of date, and
  a body's constellation is the one that position is in (the Moon's parallax reaches a
  degree: from a place it can stand in another constellation than from the Earth's
  centre);
- instants are timezone-aware ``datetime`` objects; PyEphem itself works in UTC;
- elevation is metres above sea level, temperature degrees Celsius, pressure mbar.

PyEphem reads a float assigned to ``Observer.lat``/``lon`` as *radians* (and a string
as degrees). ``PlanetTracker.__init__`` is the only place where degrees become radians;
from then on the tracker's own ``ephem.Observer`` fields are the one truth that
positions, the sky's state and rise and set all read.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import ephem

from planettracker.sky.bodies import BODIES, BODY_CLASSES, PLANETS, compass_direction
from planettracker.sky.ephemeris import UNIX_EPOCH_EPHEM_DATE, Ephemeris, Geocentric, Snapshot
from planettracker.sky.errors import UnknownBody
from planettracker.sky.paths import EVENTS_WINDOW_S, Path, next_events
from planettracker.sky.stars import (
    BRIGHTEST_MAGNITUDE,
    LANDMARK_MAGNITUDE,
    Horizon,
    Landmark,
    StarPosition,
    landmarks,
    stars_above,
)
from planettracker.sky.topocentric import Site, Topocentric, site, topocentric
from planettracker.sky.visibility import (
    DAYLIGHT_MIN_ELONGATION,
    NAKED_EYE_LIMIT,
    naked_eye,
    sky_state,
)

_DEGREES = 180.0 / math.pi
STANDARD_TEMPERATURE_C = 15.0
SEA_LEVEL_PRESSURE_MBAR = 1013.25


# What naked_eye means for the Sun and the Moon, which the planets' rule (bright enough
# for the sky) does not say well. The Sun is seen whenever it is up. The Moon is seen
# whenever it is up and bright enough for the sky, but never within 7 degrees of the
# Sun: no crescent is seen so close to it, however dark the sky (Danjon's limit; Danjon
# 1936, Schaefer 1991, "Length of the lunar crescent", QJRAS 32, 265).
DANJON_LIMIT_DEG = 7.0
# While the Sun is up, the Sun and whatever is near it (within DAYLIGHT_MIN_ELONGATION,
# where nothing else is seen by day) carry a caution: the Sun through binoculars or a
# telescope, even for a moment, blinds.
SUN_CAUTION = (
    "Never look at the Sun, and never point binoculars or a telescope at it: "
    "it blinds in an instant."
)
NEAR_SUN_CAUTION = (
    "Close to the Sun, which is up: never point binoculars or a telescope this way; "
    "the Sun in view blinds in an instant."
)


def standard_pressure(elevation_m: float) -> float:
    """Pressure (mbar) of the International Standard Atmosphere at ``elevation_m``."""
    return SEA_LEVEL_PRESSURE_MBAR * float((1.0 - 2.25577e-5 * elevation_m) ** 5.25588)


@dataclass(slots=True)
class Position:
    """Where one body is in the observer's sky, and how it looks."""

    name: str
    az: float
    alt: float
    ra: float
    dec: float
    date: float  # the instant, an ephem date: the equator and equinox of ra and dec
    magnitude: float
    distance_au: float
    phase: float  # percent of the disc illuminated
    elongation: float  # degrees from the Sun, 0..180
    direction: str
    above_horizon: bool
    # Visible without optics now: a planet bright enough for the sky's darkness, the Sun
    # whenever it is up, the Moon unless within DANJON_LIMIT_DEG of the Sun.
    naked_eye: bool
    caution: str | None  # SUN_CAUTION, NEAR_SUN_CAUTION or None (see caution())
    # The nearest bright star the eye can see now, if one is within 15 degrees (planets
    # and the Moon above the horizon): (star, separation, angle, direction), see
    # planettracker.sky.stars.
    near: Landmark | None = None

    @property
    def constellation(self) -> str:
        """The constellation the observer sees the body in: its topocentric ra/dec
        (the IAU boundaries, PyEphem's table). Made when asked for (a microsecond):
        what the page polls does not show it."""
        where = (self.ra / _DEGREES, self.dec / _DEGREES)
        return str(ephem.constellation(where, epoch=self.date)[1])


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Events:
    """The next rise, upper transit and set within ``EVENTS_WINDOW_S`` (36 hours)
    after an instant (UTC); each None when it does not happen in that window.
    ``always_up`` (``never_up``): the body stays up (down) all that time."""

    rise: datetime | None
    transit: datetime | None
    set: datetime | None
    always_up: bool
    never_up: bool
    # Until when these stay the answer for a later instant (None: see valid_until).
    until: datetime | None = field(default=None, compare=False)

    def valid_until(self, computed_at: datetime) -> datetime:
        """The first instant at which these stop being the answer."""
        if self.until is not None:
            return self.until
        upcoming = [t for t in (self.rise, self.transit, self.set) if t is not None]
        return min(upcoming, default=computed_at + timedelta(hours=1))


@dataclass(frozen=True, slots=True)
class Sky:
    """The bodies asked for (the Sun always among them) for one observer at one
    instant, and how dark the sky is."""

    at: datetime
    state: str
    bodies: dict[str, Position]  # in the order asked for

    @property
    def sun(self) -> Position:
        return self.bodies["sun"]

    @property
    def moon(self) -> Position:
        return self.bodies["moon"]

    @property
    def planets(self) -> tuple[Position, ...]:
        """The planets among the bodies, in order from the Sun."""
        return tuple([self.bodies[name] for name in PLANETS if name in self.bodies])


@lru_cache(maxsize=4)
def _utc_second(seconds: int) -> datetime:
    """A Unix second as an aware datetime (cached: requests of one second share it)."""
    return datetime.fromtimestamp(seconds, UTC)


def _to_utc_datetime(date: float) -> datetime:
    """An ephem date (UTC days) as an aware datetime, rounded to the second."""
    moment: datetime = ephem.Date(date).datetime().replace(tzinfo=UTC)
    return (moment + timedelta(microseconds=500_000)).replace(microsecond=0)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def utc_second(seconds: float) -> datetime:
    """Seconds since 1970 as an aware datetime, rounded to the second."""
    return _EPOCH + timedelta(seconds=math.floor(seconds + 0.5))


def _date_of(moment: datetime) -> float:
    """An aware datetime as PyEphem's date: days since 1899-12-31 12:00 UTC."""
    return moment.timestamp() / 86400.0 + UNIX_EPOCH_EPHEM_DATE


@lru_cache(maxsize=1)
def _shared_ephemeris() -> Ephemeris:
    """The process's ephemeris for trackers built without one (it holds instants only)."""
    return Ephemeris()


class PlanetTracker(ephem.Observer):
    """An observer at one place and instant who can say where each body is.

    ``lat``/``lon`` in degrees (north and east positive), ``elevation`` in metres,
    ``at`` an aware datetime (None: now, to the second), ``temperature`` in Celsius,
    ``pressure`` in mbar (None: the standard atmosphere at this elevation; 0: no refraction).

    These become the ``ephem.Observer``'s own fields, and everything the tracker
    computes reads them: positions take the geocentric part from ``ephemeris``
    (shared by every observer at the same instant; the process's own if None) and add the
    topocentric step for the fields' place and air; paths across the sky (rise,
    transit and set, and tonight's sky) do the same on the ephemeris' grid of nodes.
    Change ``lat`` or ``pressure`` or ``date`` afterwards and positions and events
    both follow.
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
        self.lat = math.radians(lat)
        self.lon = math.radians(lon)
        self.elevation = elevation
        self.temp = temperature
        self.pressure = standard_pressure(elevation) if pressure is None else pressure
        # The instant is kept as given too: an ephem date (float days) does not
        # round-trip to the microsecond. "Now" is to the second, so that all the
        # observers of one second share its geocentric snapshot.
        if at is None:
            now = int(time.time())
            self._at = _utc_second(now)
            self.date = now / 86400.0 + UNIX_EPOCH_EPHEM_DATE
        else:
            self._at = at.astimezone(UTC)
            self.date = _date_of(self._at)
        self._date = float(self.date)
        self._ephemeris = ephemeris if ephemeris is not None else _shared_ephemeris()
        self._site_of: tuple[float, ...] = ()
        self._site: Site | None = None

    @property
    def at(self) -> datetime:
        """The instant of this observation (UTC): ``date``, as an aware datetime."""
        date = float(self.date)
        return self._at if date == self._date else _to_utc_datetime(date)

    @staticmethod
    def body(name: str) -> ephem.Body:
        """A fresh PyEphem body for a name ("mars", "sun", ...)."""
        try:
            return BODY_CLASSES[name]()
        except KeyError:
            raise UnknownBody(name, BODIES) from None

    @property
    def site(self) -> Site:
        """The observer's fields, reduced for the topocentric step (derived again only
        when a field has changed)."""
        fields = (self.lat, self.lon, self.elevation, self.pressure, self.temp)
        if fields != self._site_of or self._site is None:
            self._site_of = fields
            self._site = site(*fields)
        return self._site

    @property
    def seconds(self) -> float:
        """The instant of this observation (``date``), in seconds since 1970."""
        return (float(self.date) - UNIX_EPOCH_EPHEM_DATE) * 86400.0

    def _frame(self) -> tuple[Snapshot, Site, float]:
        """The geocentric snapshot of ``date``, the site of the observer's fields, and
        the local apparent sidereal time (radians)."""
        where = self.site
        snapshot = self._ephemeris.at(float(self.date))
        return snapshot, where, snapshot.greenwich_sidereal_time + where.lon

    def path(self, name: str) -> Path:
        """``name``'s path across this observer's sky, on the ephemeris' grid."""
        if name not in BODY_CLASSES:
            raise UnknownBody(name, BODIES)
        return Path(self._ephemeris, self.site, name)

    def sky(self, names: Iterable[str] = BODIES, near: bool = True) -> Sky:
        """Where each of ``names`` is (the Sun is always computed: it decides how dark
        the sky is), and the sky's state; each body's landmark unless ``near`` is false
        (then ``Position.near`` stays None)."""
        snapshot, where, lst = self._frame()
        bodies = snapshot.bodies
        sun = bodies["sun"]
        sun_topo = topocentric(where, lst, sun.ra, sun.cos_dec, sun.sin_dec, sun.rho)
        state = sky_state(sun_topo.geometric_alt * _DEGREES)
        positions = {}
        # What a landmark can help to find: the bodies above the horizon with bright
        # stars near them, as bright as the sky lets the eye see (by day, none).
        faintest = min(LANDMARK_MAGNITUDE, NAKED_EYE_LIMIT[state])
        with_stars = snapshot.stars.landmarks if near and faintest >= BRIGHTEST_MAGNITUDE else {}
        up = []
        for name in names:
            if name == "sun":
                positions[name] = _position(name, sun, sun_topo, state, snapshot.date)
                continue
            try:
                g = bodies[name]
            except KeyError:
                raise UnknownBody(name, BODIES) from None
            topo = topocentric(where, lst, g.ra, g.cos_dec, g.sin_dec, g.rho)
            positions[name] = _position(name, g, topo, state, snapshot.date)
            if name in with_stars and topo.alt > 0.0:
                up.append((name, topo))
        if up:
            for name, landmark in landmarks(snapshot.stars, where, lst, up, faintest):
                positions[name].near = landmark
        return Sky(self.at, state, positions)

    def stars(self) -> tuple[StarPosition, ...]:
        """The catalogue's stars above the horizon, brightest first."""
        snapshot, where, lst = self._frame()
        return stars_above(snapshot.stars, Horizon(where, lst))

    def position(self, name: str) -> Position:
        """Where ``name`` is for this observer."""
        return self.sky((name,)).bodies[name]

    def sky_state(self) -> str:
        """Day, twilight or night here and now, from the Sun's geometric altitude."""
        return self.sky(()).state

    def events(self, name: str) -> Events:
        """The next rise, upper transit and set of ``name`` within 36 hours after this
        observer's instant (``EVENTS_WINDOW_S``), to the second.

        A body rises or sets when its upper limb crosses the horizon, refracted for
        this observer's temperature and pressure, as almanacs define it. The
        crossings are bracketed on the grid and refined (``planettracker.sky.paths``),
        so that they are found at any latitude, also where the body only grazes the
        horizon."""
        found = next_events(self.path(name), self.seconds, EVENTS_WINDOW_S)
        return Events(
            rise=None if found.rise is None else utc_second(found.rise),
            transit=None if found.transit is None else utc_second(found.transit),
            set=None if found.set is None else utc_second(found.set),
            always_up=found.always_up,
            never_up=found.never_up,
            until=utc_second(found.valid_until) if math.isfinite(found.valid_until) else None,
        )


def naked_eye_now(name: str, alt: float, magnitude: float, elongation: float, state: str) -> bool:
    """Whether ``name`` at apparent ``alt`` can be seen without optics now (see
    ``Position.naked_eye``)."""
    if alt <= 0.0:
        return False
    if name == "sun":
        return True
    if name == "moon" and elongation < DANJON_LIMIT_DEG:
        return False
    return naked_eye(alt, magnitude, elongation, state)


def caution(name: str, elongation: float, state: str) -> str | None:
    """The Sun's caution while it is up, for itself and for what is near it."""
    if state != "day" or elongation >= DAYLIGHT_MIN_ELONGATION:
        return None
    return SUN_CAUTION if name == "sun" else NEAR_SUN_CAUTION


def _position(
    name: str, geocentric: Geocentric, topo: Topocentric, state: str, date: float
) -> Position:
    az_rad, alt_rad, _, ra_rad, dec_rad, distance_au, _ = topo
    az, alt = az_rad * _DEGREES, alt_rad * _DEGREES
    magnitude, elongation = geocentric.magnitude, geocentric.elongation
    return Position(
        name,
        az,
        alt,
        ra_rad * _DEGREES,
        dec_rad * _DEGREES,
        date,
        magnitude,
        distance_au,
        geocentric.phase,
        elongation,
        compass_direction(az),
        alt > 0.0,
        naked_eye_now(name, alt, magnitude, elongation, state),
        caution(name, elongation, state),
    )
