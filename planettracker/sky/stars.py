"""The bright stars: PyEphem's catalogue (``ephem.stars``), where they stand in an
observer's sky, and which of them is a planet's landmark ("3.1 degrees upper left of
Antares").

Stars have no parallax: where one is seen differs between observers only by the
Earth's turning (the hour angle) and refraction. So their apparent places of date
(proper motion, precession, nutation, aberration: PyEphem's) are computed once a
minute and shared by every request (``StarFields``, ``StarField``); in a minute
PyEphem's places move by 0.003 arcsecond at most, which is the whole cost of not
computing them per instant. Each observer then only rotates them
into its horizon and refracts them (``Horizon``), as libastro does for every body.

Finding a landmark must stay cheap (it runs for every planet of every request), so the
work is split the same way. Per minute, each body gets the short list of bright stars
that could be its landmark, nearest first, from the geocentric separations. Per
request, only those whose separation could still beat the best found are placed in
the observer's sky: a planet's parallax (the Moon's, up to 1 degree), refraction (at
most twice its value on the horizon) and a minute's motion can change a separation by
no more than ``margin``, so a star that much farther than the best cannot win.

Angles are radians inside and degrees at the boundary (``Landmark``,
``StarPosition``), as in the rest of the package.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

import ephem
import ephem.stars

from planettracker.sky.bodies import LANDMARK_BODIES, compass_direction
from planettracker.sky.topocentric import Seen, Site, refract

_DEGREES = 180.0 / math.pi
_TAU = 2.0 * math.pi
_RADIANS = math.pi / 180.0
_sin, _cos, _tan, _asin, _acos, _atan2, _sqrt = (
    math.sin,
    math.cos,
    math.tan,
    math.asin,
    math.acos,
    math.atan2,
    math.sqrt,
)

# ephem.stars lists some stars twice, under two names (or a misspelling); keep the
# name the IAU gives each one.
DROPPED_ALIASES = frozenset(
    {"Adara", "Agena", "Albereo", "Alcaid", "Etamin", "Formalhaut", "Gienah Corvi", "Sirrah"}
)

# A landmark is a star the eye finds at once in a dark sky, near enough to the planet
# to be seen together with it: some 70 stars of the catalogue's 108.
LANDMARK_MAGNITUDE = 2.5
LANDMARK_SEPARATION = 15.0  # degrees

# What can make a separation seen by an observer differ from the geocentric one the
# lists are sorted by, in radians: refraction moves each of the two points up by at
# most its value on the horizon (1 degree bounds it for any air the API takes: 0.96
# at 1100 mbar and -90 C); the bodies move in a minute (the Moon 0.01 degree); the
# Moon's parallax is added per body.
_REFRACTION_BOUND = math.radians(1.0)
_MINUTE_MOTION = math.radians(0.02)
_LIST_RADIUS = math.radians(LANDMARK_SEPARATION) + 2.0 * _REFRACTION_BOUND + _MINUTE_MOTION
_MAX_SEPARATION = math.radians(LANDMARK_SEPARATION)
_EARTH_RADIUS_SLACK = 1.002  # the highest observer, 12 km up, is 1.002 Earth radii out

# Where the planet stands from the star, in the observer's sky: eight words, from
# "above" (towards the zenith) round through the left (decreasing azimuth).
DIRECTIONS: tuple[str, ...] = (
    "above",
    "upper left",
    "left",
    "lower left",
    "below",
    "lower right",
    "right",
    "upper right",
)

_MINUTES_PER_DAY = 1440
_HOURS_PER_DAY = 24


@dataclass(frozen=True, slots=True)
class CatalogueStar:
    name: str
    magnitude: float
    edb: str  # the catalogue's line (XEphem's format): J2000 place and proper motion


def _catalogue() -> tuple[CatalogueStar, ...]:
    stars = []
    for line in ephem.stars.db.strip().splitlines():
        fields = line.split(",")
        if fields[0] not in DROPPED_ALIASES:
            stars.append(CatalogueStar(fields[0], float(fields[-1]), line))
    stars.sort(key=lambda star: star.magnitude)
    return tuple(stars)


CATALOGUE: tuple[CatalogueStar, ...] = _catalogue()  # brightest first


@dataclass(frozen=True, slots=True)
class Star:
    """A star's apparent place of date: equator and equinox of date, radians, and the
    unit vector towards it (x to the equinox, z to the north celestial pole)."""

    name: str
    magnitude: float
    ra: float
    dec: float
    x: float
    y: float
    z: float


@dataclass(frozen=True, slots=True)
class Candidates:
    """The stars that may be a body's landmark during one minute, nearest first, each
    as (geocentric separation in radians, x, y, z, star) (the unit vector repeated:
    the search reads it on every request); and ``slack``, how much more than that the
    body's own motion and parallax can bring it (radians)."""

    slack: float
    stars: tuple[tuple[float, float, float, float, Star], ...]


@dataclass(frozen=True, slots=True)
class StarField:
    """The catalogue's stars during one minute (brightest first), and the candidate
    landmarks of each body that has some."""

    minute: int  # minutes since PyEphem's epoch (1899-12-31 12:00 UTC)
    stars: tuple[Star, ...]
    landmarks: Mapping[str, Candidates]


def apparent_stars(date: float) -> tuple[Star, ...]:
    """Every catalogue star's apparent geocentric place at ``date`` (PyEphem's)."""
    moment = ephem.Date(date)
    found = []
    for entry in CATALOGUE:
        body = ephem.readdb(entry.edb)
        body.compute(moment)
        ra, dec = float(body.g_ra), float(body.g_dec)
        cos_dec = math.cos(dec)
        found.append(
            Star(
                entry.name,
                entry.magnitude,
                ra,
                dec,
                cos_dec * math.cos(ra),
                cos_dec * math.sin(ra),
                math.sin(dec),
            )
        )
    return tuple(found)


class Placed(Protocol):
    """A body's geocentric place (planettracker.sky.ephemeris.Geocentric)."""

    @property
    def ra(self) -> float: ...  # radians, of date
    @property
    def dec(self) -> float: ...
    @property
    def rho(self) -> float: ...  # Earth radii


def landmark_candidates(stars: tuple[Star, ...], body: Placed) -> Candidates:
    """The landmark stars that may be nearest to a body at its geocentric place,
    nearest first."""
    cos_dec = math.cos(body.dec)
    x, y, z = cos_dec * math.cos(body.ra), cos_dec * math.sin(body.ra), math.sin(body.dec)
    parallax = math.asin(min(1.0, _EARTH_RADIUS_SLACK / body.rho))
    nearest = math.cos(_LIST_RADIUS + parallax)
    near = []
    for star in stars:
        cos = x * star.x + y * star.y + z * star.z
        if cos >= nearest and star.magnitude <= LANDMARK_MAGNITUDE:
            near.append((math.acos(min(1.0, cos)), star.x, star.y, star.z, star))
    near.sort(key=lambda entry: entry[0])
    return Candidates(parallax + _MINUTE_MOTION, tuple(near))


def star_field(minute: int, stars: tuple[Star, ...], bodies: Mapping[str, Placed]) -> StarField:
    """The field of ``minute``, with candidate landmarks for each of ``bodies`` that
    gets one (``LANDMARK_BODIES``), from their geocentric places at any instant of the
    minute."""
    found = {
        name: landmark_candidates(stars, bodies[name]) for name in LANDMARK_BODIES if name in bodies
    }
    return StarField(minute, stars, {name: near for name, near in found.items() if near.stars})


class StarFields:
    """Star fields of recent minutes, shared by every request of a worker (like
    ``Ephemeris``: instants only, nothing about an observer). The stars' places are
    PyEphem's at the start of each hour (in an hour they move by 0.05 arcsecond at
    most: aberration, nutation, precession); the candidate landmarks, which follow the
    bodies, are made for each minute."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._fields: OrderedDict[int, StarField] = OrderedDict()
        self._hour: tuple[int, tuple[Star, ...]] = (-1, ())

    def at(self, date: float, bodies: Mapping[str, Placed]) -> StarField:
        """The field of ``date``'s minute; made with ``bodies`` (see ``star_field``) if
        it is the first asked for in that minute."""
        minute = math.floor(date * _MINUTES_PER_DAY)
        found = self._fields.get(minute)
        if found is None:
            found = self._fields[minute] = star_field(minute, self._stars(minute // 60), bodies)
            if len(self._fields) > self.size:
                self._fields.popitem(last=False)
        return found

    def _stars(self, hour: int) -> tuple[Star, ...]:
        if self._hour[0] != hour:
            self._hour = (hour, apparent_stars(hour / _HOURS_PER_DAY))
        return self._hour[1]


class Horizon:
    """One observer's sky at one instant, for directions without parallax: turns a
    star's place of date into its apparent (refracted) direction, a unit vector
    (east, north, up), as libastro does (refract()). For GET /stars; the landmarks
    inline the same steps (``landmarks``)."""

    __slots__ = ("cos_lat", "cos_lst", "pressure", "sin_lat", "sin_lst", "temperature")

    def __init__(self, where: Site, lst: float) -> None:
        self.cos_lst, self.sin_lst = math.cos(lst), math.sin(lst)
        self.cos_lat, self.sin_lat = where.cos_lat, where.sin_lat
        self.pressure, self.temperature = where.pressure, where.temperature

    def apparent(self, star: Star) -> tuple[float, float, float] | None:
        """Where ``star`` is seen: (east, north, up), or None below the horizon."""
        x, y = star.x, star.y
        cos_lst, sin_lst = self.cos_lst, self.sin_lst
        meridian = cos_lst * x + sin_lst * y  # cos(dec) cos(hour angle)
        east = cos_lst * y - sin_lst * x  # -cos(dec) sin(hour angle)
        north = self.cos_lat * star.z - self.sin_lat * meridian
        up = self.sin_lat * star.z + self.cos_lat * meridian
        flat = _sqrt(east * east + north * north)
        if flat < 1e-12:  # at the zenith, where refraction is nil
            return (east, north, up) if up > 0.0 else None
        alt = refract(self.pressure, self.temperature, _atan2(up, flat))
        if alt <= 0.0:
            return None
        scale = _cos(alt) / flat
        return east * scale, north * scale, _sin(alt)


# A body's landmark as the astronomy hands it over: (star, separation in degrees, angle
# in degrees, the angle in words). The angle is where the body stands from the star in
# the observer's sky, from "above" (towards the zenith) through the left (decreasing
# azimuth), as Skyfield's position_angle_of() measures it in the horizon's frame; the
# words are "above", "upper left"... (``DIRECTIONS``). A plain tuple: some are made on
# every request, and a named tuple or an object costs ten times as much in CPython.
Landmark = tuple[Star, float, float, str]


def landmark_direction(angle: float) -> str:
    """The word for an ``angle`` (degrees, see ``Landmark``): "above", "upper left"..."""
    return DIRECTIONS[int((angle % 360.0 + 22.5) // 45.0) % 8]


_COS_MAX_SEPARATION = math.cos(_MAX_SEPARATION)
_SIN_16_DEGREES = math.sin(math.radians(16.0))
_SIN_33_DEGREES = math.sin(math.radians(33.0))
# libastro's refraction on the horizon, 0.1594 degree x mbar / K (its low formula).
_ON_HORIZON = math.radians(0.1594)
# libastro's high-altitude refraction: apparent = true + k / tan(true), k = this x mbar / K.
_HIGH = 7.888888e-5
# Saemundsson's refraction, 1.02 arcminute x cot(h + 10.3 / (h + 5.11)) at 1010 mbar and
# 10 C (Meeus, Astronomical Algorithms 16.4), in radians.
_SAEMUNDSSON = math.radians(1.02 / 60.0)


def landmarks(
    field: StarField, where: Site, lst: float, bodies: Iterable[tuple[str, Seen]]
) -> list[tuple[str, Landmark]]:
    """The landmark of each of ``bodies`` that has one (see ``Landmark``): the nearest
    star brighter than magnitude 2.5, above the horizon and within 15 degrees. Each
    body is given by its name and its topocentric() result, above the horizon, at an
    instant of ``field``'s minute.

    One call for all the bodies of a request, everything in local variables, no object
    made but the answer: this runs on every request, and CPython charges for each
    call, attribute and float."""
    every = field.landmarks
    found: list[tuple[str, Landmark]] = []
    cos_lst, sin_lst = _cos(lst), _sin(lst)
    sin_lat, cos_lat = where.sin_lat, where.cos_lat
    # The turn from the equator of date into the horizon: rows north and up (east
    # is cos_lst * y - sin_lst * x).
    north_x, north_y = -sin_lat * cos_lst, -sin_lat * sin_lst
    up_x, up_y = cos_lat * cos_lst, cos_lat * sin_lst
    pressure = where.pressure
    kelvin = 273.0 + where.temperature
    high = _HIGH * pressure / kelvin
    half_high_squared = 0.5 * high * high
    # A star truly lower than this (as a sine) stays below the horizon, refracted.
    on_horizon = _ON_HORIZON * pressure / kelvin  # libastro's refraction there
    lowest = -1.3 * on_horizon - 1e-6  # Saemundsson's, used below, is within 30 % of it
    saemundsson = _SAEMUNDSSON * (pressure / 1010.0) * (283.0 / kelvin)
    for name, seen in bodies:
        candidates = every.get(name)
        if candidates is None:
            continue
        _, alt, true_alt, _, _, _, east, north, up = seen
        # The body as seen: its true direction turned up towards the zenith by its
        # refraction, lift, which is under 0.011 rad (cos = 1 - lift^2 / 2, sin = lift).
        # Refraction changes a separation by at most the lifts of its two ends: the
        # body's, and above 33 degrees (all its candidates above 14.7) k cot(14.7).
        lift = alt - true_alt
        if up > _SIN_33_DEGREES:
            # cos(alt) lift = k cos^2 / sin to first order, as for the stars below.
            squared = up * up
            keep = 1.0 - half_high_squared * (1.0 - squared) / squared
            scale = keep - high
            up = up * keep + high * (1.0 - squared) / up
            margin = lift + 4.2 * high + candidates.slack
        else:
            flat = _sqrt(east * east + north * north)
            keep = 1.0 - 0.5 * lift * lift
            scale = keep - lift * up / flat
            up = up * keep + lift * flat
            margin = lift + 1.3 * on_horizon + candidates.slack
        east *= scale
        north *= scale
        reach = _MAX_SEPARATION + margin  # geocentrically farther than this cannot win
        best_cos = _COS_MAX_SEPARATION  # the nearest so far, as a cosine
        best: Star | None = None
        separation = star_east = star_north = star_up = 0.0
        for geocentric, x, y, z, star in candidates.stars:
            if geocentric > reach:
                break
            s_up = up_x * x + up_y * y + sin_lat * z
            if s_up < lowest:
                continue
            s_east = cos_lst * y - sin_lst * x
            s_north = north_x * x + north_y * y + cos_lat * z
            if s_up > _SIN_16_DEGREES:
                # libastro's high formula to first order, lift = k cos(alt) / sin(alt)
                # (0.06 arcsecond from refract() at 16 degrees), as a turn towards the
                # zenith: cos(lift) = 1 - lift^2 / 2, sin(lift) cos(alt) = k cos^2 / sin.
                squared = s_up * s_up
                keep = 1.0 - half_high_squared * (1.0 - squared) / squared
                scale = keep - high
                s_up = s_up * keep + high * (1.0 - squared) / s_up
            else:
                # Lower down, Saemundsson's formula (Meeus, Astronomical Algorithms
                # 16.4; within 0.005 degree of libastro's in standard air, 0.02 in any
                # air but the coldest, and no iterations) turns it up, to second order
                # (the lift is under 0.02 rad).
                flat = _sqrt(s_east * s_east + s_north * s_north)
                star_alt = _atan2(s_up, flat) * _DEGREES
                lift = saemundsson / _tan((star_alt + 10.3 / (star_alt + 5.11)) * _RADIANS)
                if star_alt * _RADIANS + lift <= 0.0:
                    continue
                keep = 1.0 - 0.5 * lift * lift
                scale = keep - lift * s_up / flat
                s_up = s_up * keep + lift * flat
            s_east *= scale
            s_north *= scale
            dot = east * s_east + north * s_north + up * s_up
            if dot >= best_cos:
                best_cos, best = dot, star
                star_east, star_north, star_up = s_east, s_north, s_up
                separation = _acos(dot if dot < 1.0 else 1.0)
                reach = separation + margin
        if best is None:
            continue
        # The bearing from the star to the body, with up towards the zenith and left
        # towards decreasing azimuth: the body's components along the star's "left",
        # (-north, east) horizontally, and along its "up", Z - (Z.S) S.
        angle = _atan2(north * star_east - east * star_north, up - star_up * best_cos)
        angle = angle * _DEGREES % 360.0
        direction = DIRECTIONS[int((angle + 22.5) // 45.0) % 8]
        found.append((name, (best, separation * _DEGREES, angle, direction)))
    return found


@dataclass(frozen=True, slots=True)
class StarPosition:
    """Where a star is in the observer's sky (degrees, as for the bodies)."""

    name: str
    az: float
    alt: float
    magnitude: float
    direction: str  # 16-point compass


def stars_above(field: StarField, horizon: Horizon) -> tuple[StarPosition, ...]:
    """The field's stars above the horizon, brightest first."""
    found = []
    for star in field.stars:
        seen = horizon.apparent(star)
        if seen is None:
            continue
        east, north, up = seen
        az = (_atan2(east, north) * _DEGREES) % 360.0
        alt = _asin(up if up < 1.0 else 1.0) * _DEGREES
        found.append(StarPosition(star.name, az, alt, star.magnitude, compass_direction(az)))
    return tuple(found)
