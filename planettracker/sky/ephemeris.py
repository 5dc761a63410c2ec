"""Where the bodies are as seen from the Earth's centre at an instant: the costly part
of a position (PyEphem's planetary theories, some 20 microseconds a body), which is the
same for every observer. It is computed once per instant and shared; each observer
then only adds the cheap topocentric step (``planettracker.sky.topocentric``). Each
snapshot also holds its minute's bright stars and the bodies' candidate landmarks
among them (``planettracker.sky.stars``), made once a minute.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import NamedTuple

import ephem

from planettracker.sky.bodies import BODY_CLASSES, LANDMARK_BODIES, PLANETS
from planettracker.sky.magnitude import ephem_geometry
from planettracker.sky.stars import StarField, StarFields
from planettracker.sky.topocentric import AU_IN_EARTH_RADII


@dataclass(frozen=True, slots=True)
class Geocentric:
    """A body seen from the Earth's centre: apparent ra/dec of date (radians),
    distance, and what does not depend on the observer."""

    ra: float
    dec: float
    cos_dec: float
    sin_dec: float
    rho: float  # distance in Earth radii
    magnitude: float  # planets: Mallama and Hilton (2018), see planettracker.sky.magnitude
    phase: float  # percent of the disc lit
    elongation: float  # degrees from the Sun, 0..180
    constellation: str


@dataclass(frozen=True, slots=True)
class Snapshot:
    """All bodies at one instant, the apparent sidereal time at Greenwich, and the
    bright stars of the minute."""

    date: float  # an ephem.Date: days since 1899-12-31 12:00 UTC
    greenwich_sidereal_time: float  # radians
    bodies: dict[str, Geocentric]
    stars: StarField


def snapshot(date: float, fields: StarFields | None = None) -> Snapshot:
    """Compute every body at ``date`` (UTC, as PyEphem counts it); the stars from
    ``fields`` (shared between snapshots of one minute), or made for this one."""
    moment = ephem.Date(date)
    bodies = {}
    for name, body_class in BODY_CLASSES.items():
        body = body_class(moment)
        dec = float(body.g_dec)
        if name in PLANETS:  # The Astronomical Almanac's model, not PyEphem's older one
            magnitude = ephem_geometry(
                name,
                body.hlon,
                body.hlat,
                body.sun_distance,
                body.g_ra,
                body.g_dec,
                body.earth_distance,
                date,
            ).magnitude()
        else:
            magnitude = float(body.mag)
        bodies[name] = Geocentric(
            ra=float(body.g_ra),
            dec=dec,
            cos_dec=math.cos(dec),
            sin_dec=math.sin(dec),
            rho=body.earth_distance * AU_IN_EARTH_RADII,
            magnitude=magnitude,
            phase=float(body.phase),
            elongation=math.degrees(abs(float(body.elong))),
            constellation=ephem.constellation(body)[1],
        )
    greenwich = ephem.Observer()
    greenwich.date = moment
    fields = fields if fields is not None else StarFields(size=1)
    stars = fields.at(date, _places)
    return Snapshot(date, float(greenwich.sidereal_time()), bodies, stars)


class Place(NamedTuple):
    ra: float  # apparent, of date, radians
    dec: float
    rho: float  # Earth radii


def _places(date: float) -> dict[str, Place]:
    """Where the bodies that get a landmark are at ``date``, seen from the Earth's
    centre: all a star field needs of them (planettracker.sky.stars)."""
    moment = ephem.Date(date)
    places = {}
    for name in LANDMARK_BODIES:
        body = BODY_CLASSES[name](moment)
        rho = body.earth_distance * AU_IN_EARTH_RADII
        places[name] = Place(float(body.g_ra), float(body.g_dec), rho)
    return places


class Ephemeris:
    """Snapshots of recent instants, shared by every request of a worker. Pages ask
    for "now" to the second, so all the observers of one second share one snapshot;
    an instant asked for again (a page showing a chosen time) is found too. Only
    instants are kept, never anything about an observer."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._snapshots: OrderedDict[float, Snapshot] = OrderedDict()
        self.stars = StarFields()
        self.hits = self.misses = 0

    def at(self, date: float) -> Snapshot:
        found = self._snapshots.get(date)
        if found is not None:
            self.hits += 1
            return found
        self.misses += 1
        found = self._snapshots[date] = snapshot(date, self.stars)
        if len(self._snapshots) > self.size:
            self._snapshots.popitem(last=False)
        return found
