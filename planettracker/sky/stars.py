"""The bright stars: PyEphem's catalogue (``ephem.stars``), where they stand in an
observer's sky, and which of them is a planet's landmark ("3.1 degrees upper left of
Antares").

Stars have no parallax: where one is seen differs between observers only by the
Earth's turning (the hour angle) and refraction. So their apparent places of date
(proper motion, precession, nutation, aberration: PyEphem's) are computed once an hour
and shared by every request (``StarFields``); in an hour PyEphem's places move by 0.05
arcsecond at most, which is the whole cost of not computing them per instant. Each
observer then only turns them into its horizon and refracts them (``Horizon``), as
libastro does for every body.

A landmark is looked up for every planet of every request, so the work is split the
same way. Once a minute, at its start, each body gets the short list of bright stars
that may be its landmark, nearest first, with what does not depend on the observer:
the cosine of the separation and the cross product of the two directions
(``Candidates``). Per request, a star is placed in the observer's sky only as far as
the answer needs: its height (is it up? how much is it lifted by refraction?), then
the separation and the angle as seen, from a handful of products (``landmarks``).
A planet's parallax (31 arcseconds at most, Venus at its closest) and a minute's
motion (6 arcseconds, Mercury) are left out of these: under 0.01 degree. The Moon's
parallax (a degree) is not: it is placed where the observer sees it.

Angles are radians inside and degrees at the boundary (``Landmark``,
``StarPosition``), as in the rest of the package.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple, Protocol

import ephem
import ephem.stars

from planettracker.sky.bodies import LANDMARK_BODIES, compass_direction
from planettracker.sky.topocentric import Site, Topocentric, refract

_DEGREES = 180.0 / math.pi
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
# to be seen together with it: 76 stars of the catalogue's 108. (In twilight, only
# those the sky lets the eye see; by day none: see the tracker.)
LANDMARK_MAGNITUDE = 2.5
LANDMARK_SEPARATION = 15.0  # degrees

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

_MAX_SEPARATION = math.radians(LANDMARK_SEPARATION)
_COS_MAX_SEPARATION = math.cos(_MAX_SEPARATION)
# How far the lists reach beyond 15 degrees, in radians: refraction lifts each end of
# a separation by at most its value on the horizon (1 degree bounds it for any air the
# API takes: 0.96 at 1100 mbar and -90 C); the bodies move in a minute (the Moon 0.01
# degree); the parallax is added per body.
_REFRACTION_BOUND = math.radians(1.0)
_MINUTE_MOTION = math.radians(0.01)
_LIST_RADIUS = _MAX_SEPARATION + 2.0 * _REFRACTION_BOUND + _MINUTE_MOTION
_EARTH_RADIUS_SLACK = 1.002  # the highest observer, 12 km up, is 1.002 Earth radii out
_PLACED_WHERE_SEEN = 1e-3  # radians of parallax (3 arcmin) from which a body is (the Moon)

# Refraction, in radians per (mbar / K). libastro's on the horizon: 0.1594 degree (its
# low formula); its high formula: apparent = true + k / tan(true); Saemundsson's,
# 1.02 arcminute x cot(h + 10.3 / (h + 5.11)) at 1010 mbar and 10 C (Meeus,
# Astronomical Algorithms 16.4), which needs no iterations.
_ON_HORIZON = math.radians(0.1594)
_HIGH = 7.888888e-5
_SAEMUNDSSON = math.radians(1.02 / 60.0) * 283.0 / 1010.0
_SIN_16_DEGREES = math.sin(math.radians(16.0))
_SIN_33_DEGREES = math.sin(math.radians(33.0))

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
BRIGHTEST_MAGNITUDE = CATALOGUE[0].magnitude  # Sirius


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


class Candidate(NamedTuple):
    """One candidate landmark of a body during a minute. A named tuple: made once a
    minute, and the search unpacks it on every request (as fast as a plain tuple)."""

    separation: float  # geocentric, radians
    magnitude: float  # the star's
    cos_separation: float
    cross_x: float  # the cross product star x body
    cross_y: float
    cross_z: float
    x: float  # the star's unit vector, equator of date
    y: float
    z: float
    star: Star


@dataclass(frozen=True, slots=True)
class Candidates:
    """The stars that may be a body's landmark during one minute, nearest first, and
    ``slack``: how much nearer the body can come to them than they are listed (its
    parallax and a minute's motion, radians). ``placed`` bodies (the Moon) are placed
    where the observer sees them; for the others the geocentric geometry is close
    enough (under 0.01 degree)."""

    slack: float
    placed: bool
    stars: tuple[Candidate, ...]


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
        x, y, z = cos_dec * math.cos(ra), cos_dec * math.sin(ra), math.sin(dec)
        found.append(Star(entry.name, entry.magnitude, ra, dec, x, y, z))
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
    for s in stars:
        cos = x * s.x + y * s.y + z * s.z
        if cos >= nearest and s.magnitude <= LANDMARK_MAGNITUDE:
            cross = (s.y * z - s.z * y, s.z * x - s.x * z, s.x * y - s.y * x)
            near.append(
                Candidate(math.acos(min(1.0, cos)), s.magnitude, cos, *cross, s.x, s.y, s.z, s)
            )
    near.sort(key=lambda candidate: candidate.separation)
    return Candidates(parallax + _MINUTE_MOTION, parallax > _PLACED_WHERE_SEEN, tuple(near))


def star_field(minute: int, stars: tuple[Star, ...], bodies: Mapping[str, Placed]) -> StarField:
    """The field of ``minute``, with candidate landmarks for each of ``bodies`` that
    gets one (``LANDMARK_BODIES``), from their geocentric places at the minute's start."""
    found = {
        name: landmark_candidates(stars, bodies[name]) for name in LANDMARK_BODIES if name in bodies
    }
    return StarField(minute, stars, {name: near for name, near in found.items() if near.stars})


class StarFields:
    """Star fields of recent minutes, shared by every request of a worker (like
    ``Ephemeris``: instants only, nothing about an observer). The stars are placed at
    the start of each hour, the candidate landmarks made at the start of each minute."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._fields: OrderedDict[int, StarField] = OrderedDict()
        self._hour: tuple[int, tuple[Star, ...]] = (-1, ())

    def at(self, date: float, bodies_at: Callable[[float], Mapping[str, Placed]]) -> StarField:
        """The field of ``date``'s minute; ``bodies_at(date)`` gives the bodies'
        geocentric places, asked for at the minute's start if the field is new."""
        minute = math.floor(date * _MINUTES_PER_DAY)
        found = self._fields.get(minute)
        if found is None:
            start = minute / _MINUTES_PER_DAY
            found = star_field(minute, self._stars(minute // 60), bodies_at(start))
            self._fields[minute] = found
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
    take the same steps, as far as they need them (``landmarks``)."""

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


# The word for each 45-degree sector of the angle, keyed by the sector as a float (a
# dict lookup spares int() on every request); the ninth wraps round to "above".
_SECTORS = {float(sector): DIRECTIONS[sector % 8] for sector in range(9)}


def landmark_direction(angle: float) -> str:
    """The word for an ``angle`` (degrees, see ``Landmark``): "above", "upper left"..."""
    return DIRECTIONS[int((angle % 360.0 + 22.5) // 45.0) % 8]


def landmarks(
    field: StarField,
    where: Site,
    lst: float,
    bodies: Iterable[tuple[str, Topocentric]],
    faintest: float = LANDMARK_MAGNITUDE,
) -> list[tuple[str, Landmark]]:
    """The landmark of each of ``bodies`` that has one (see ``Landmark``): the nearest
    star brighter than magnitude 2.5 and ``faintest`` (what the sky lets the eye see),
    above the horizon and within 15 degrees. Each body is given by its name and its
    topocentric() result, above the horizon, at an instant of ``field``'s minute.

    Refraction turns a direction V towards the zenith Z by a small angle: it becomes
    a V + b Z, with b = sin(lift) / cos(alt) and a = cos(lift) - sin(alt) b. So with
    d = B.S for the body and the star, their heights u = V.Z and the triple product
    t = Z.(S x B), the separation seen is acos(B'.S') and the body's place from the
    star is atan2(B'.(Z x S'), B'.Z - (S'.Z)(B'.S')), where B'.S' = ab as d + ab bs ub +
    bb as us + bb bs, B'.(Z x S') = ab as t and V'.Z = a u + b. The stars' heights and
    the triple product are the only products with the observer's zenith.

    One call for all the bodies of a request, everything in local variables, no object
    made but the answer: this runs on every request, and CPython charges for each
    operation."""
    every = field.landmarks
    found: list[tuple[str, Landmark]] = []
    cos_lst, sin_lst = _cos(lst), _sin(lst)
    # The zenith in the equator of date.
    zenith_x, zenith_y, zenith_z = where.cos_lat * cos_lst, where.cos_lat * sin_lst, where.sin_lat
    air = where.pressure / (273.0 + where.temperature)  # refraction scales with this
    high = _HIGH * air
    half_high_squared = 0.5 * high * high
    high_keep = 1.0 - high + half_high_squared
    saemundsson = _SAEMUNDSSON * air
    # Refraction changes a separation by at most the lifts of its two ends: the body's,
    # and the star's: at most libastro's on the horizon (Saemundsson's is within 30 %
    # of it), or k cot(14.7 degrees) next to a body higher than 33 degrees, all of
    # whose candidates are above 14.7.
    low_star_margin = 1.3 * _ON_HORIZON * air
    high_star_margin = 4.2 * high
    lowest = -low_star_margin - 1e-6  # a star's height (a sine) below which it stays down
    for name, topo in bodies:
        candidates = every.get(name)
        if candidates is None:
            continue
        _, alt, true_alt, ra, dec, _, body_up = topo
        lift = alt - true_alt  # under 0.011 rad: sin(lift) = lift, cos = 1 - lift^2 / 2
        squared = body_up * body_up
        flat = _sqrt(1.0 - squared) if squared < 1.0 else 0.0
        body_b = lift / flat if flat else 0.0
        body_a = 1.0 - (0.5 * lift + body_up / flat if flat else 0.5 * lift) * lift
        margin = lift + candidates.slack
        margin += high_star_margin if body_up > _SIN_33_DEGREES else low_star_margin
        reach = _MAX_SEPARATION + margin  # geocentrically farther than this cannot win
        placed = candidates.placed
        if placed:  # the Moon, where the observer sees it
            cos_dec = _cos(dec)
            body_x, body_y, body_z = cos_dec * _cos(ra), cos_dec * _sin(ra), _sin(dec)
        best_cos = _COS_MAX_SEPARATION  # the nearest so far, as a cosine
        best: Candidate | None = None
        for candidate in candidates.stars:
            geocentric, magnitude, d, _, _, _, x, y, z, _ = candidate
            if geocentric > reach:
                break
            if magnitude > faintest:
                continue
            star_up = zenith_x * x + zenith_y * y + zenith_z * z
            if star_up < lowest:
                continue
            if star_up > _SIN_16_DEGREES:
                # libastro's high formula to first order, lift = k cos(alt) / sin(alt)
                # (0.06 arcsecond from refract() at 16 degrees): b = k / sin(alt),
                # a = 1 - lift^2 / 2 - k = 1 - k + k^2 / 2 - k^2 / (2 sin^2(alt)).
                star_b = high / star_up
                star_a = high_keep - half_high_squared / (star_up * star_up)
            else:
                star_alt = _asin(star_up) * _DEGREES
                star_lift = saemundsson / _tan((star_alt + 10.3 / (star_alt + 5.11)) * _RADIANS)
                if star_alt * _RADIANS + star_lift <= 0.0:
                    continue
                star_b = star_lift / _sqrt(1.0 - star_up * star_up)
                star_a = 1.0 - 0.5 * star_lift * star_lift - star_up * star_b
            if placed:
                d = body_x * x + body_y * y + body_z * z
            star_seen_up = star_a * star_up + star_b
            cos = body_a * (star_a * d + star_b * body_up) + body_b * star_seen_up
            if cos >= best_cos:
                best_cos, best, best_a, best_up = cos, candidate, star_a, star_seen_up
                separation = _acos(cos if cos < 1.0 else 1.0)
                reach = separation + margin
        if best is None:
            continue
        _, _, _, cross_x, cross_y, cross_z, x, y, z, star = best
        if placed:
            cross_x, cross_y = y * body_z - z * body_y, z * body_x - x * body_z
            cross_z = x * body_y - y * body_x
        triple = zenith_x * cross_x + zenith_y * cross_y + zenith_z * cross_z
        seen_up = body_a * body_up + body_b
        angle = _atan2(body_a * best_a * triple, seen_up - best_up * best_cos) * _DEGREES % 360.0
        direction = _SECTORS[(angle + 22.5) // 45.0]
        found.append((name, (star, separation * _DEGREES, angle, direction)))
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
        apparent = horizon.apparent(star)
        if apparent is None:
            continue
        east, north, up = apparent
        az = (_atan2(east, north) * _DEGREES) % 360.0
        alt = _asin(up if up < 1.0 else 1.0) * _DEGREES
        found.append(StarPosition(star.name, az, alt, star.magnitude, compass_direction(az)))
    return tuple(found)
