"""Where the bodies are as seen from the Earth's centre at an instant: the costly part
of a position (PyEphem's planetary theories, some 20 microseconds a body), which is the
same for every observer. It is computed once per instant and shared; each observer
then only adds the cheap topocentric step (``planettracker.sky.topocentric``).

Two kinds are kept, both holding instants only, never anything about an observer:

- ``Snapshot``: everything a position answers (magnitude, constellation, ...) at the
  instant a request asks about;
- ``Node``: what paths across the sky need (rise and set, twilight, what can be seen
  tonight, tracks), on a fixed grid of instants, whole 10 minutes of UTC (``GRID_S``),
  so that every observer's searches share the same nodes. Between nodes the
  geocentric coordinates are smooth enough to interpolate (``planettracker.sky.paths``).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass

import ephem

from planettracker.sky.bodies import BODIES, BODY_CLASSES, PLANETS
from planettracker.sky.magnitude import ephem_geometry
from planettracker.sky.topocentric import AU_IN_EARTH_RADII

GRID_S = 600  # the nodes' spacing: whole 10 minutes of UTC
UNIX_EPOCH_EPHEM_DATE = 25567.5  # 1970-01-01 00:00 UTC, in PyEphem's days since 1899-12-31 12:00
INDEX: dict[str, int] = {name: index for index, name in enumerate(BODIES)}  # in a Node's tuples


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
    """All bodies at one instant, and the apparent sidereal time at Greenwich."""

    date: float  # an ephem.Date: days since 1899-12-31 12:00 UTC
    greenwich_sidereal_time: float  # radians
    bodies: dict[str, Geocentric]


def snapshot(date: float) -> Snapshot:
    """Compute every body at ``date`` (UTC, as PyEphem counts it)."""
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
    return Snapshot(date, float(greenwich.sidereal_time()), bodies)


Geo = tuple[float, float, float, float, float, float]  # see Node


class Node:
    """Every body at one instant of the grid (``seconds``, a multiple of ``GRID_S``
    since 1970), seen from the Earth's centre: only what paths across an observer's
    sky need. Tuples are indexed in ``BODIES`` order (``INDEX``): ``geo[i]`` is body
    i's (ra, dec, cos dec, sin dec, distance in Earth radii, angular radius), apparent
    and of date, in radians (one tuple: the searches' inner loop reads it); the
    elongation is in degrees, signed (east of the Sun positive, so a waxing Moon's is
    positive).

    The planets' magnitudes (Mallama and Hilton, some 20 microseconds each) are
    computed only when asked for, and kept."""

    __slots__ = ("_geometry", "_magnitudes", "date", "elongation", "geo", "gst", "phase", "seconds")

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        self.date = date = seconds / 86400.0 + UNIX_EPOCH_EPHEM_DATE
        moment = ephem.Date(date)
        geo: list[Geo] = []
        elongation: list[float] = []
        phase: list[float] = []
        magnitudes: list[float | None] = []
        geometry: dict[str, tuple[float, float, float, float, float, float]] = {}
        for name in BODIES:
            body = BODY_CLASSES[name](moment)
            declination = float(body.g_dec)
            geo.append(
                (
                    float(body.g_ra),
                    declination,
                    math.cos(declination),
                    math.sin(declination),
                    body.earth_distance * AU_IN_EARTH_RADII,
                    float(body.radius),
                )
            )
            elongation.append(math.degrees(float(body.elong)))
            phase.append(float(body.phase))
            if name in PLANETS:
                magnitudes.append(None)
                geometry[name] = (
                    float(body.hlon), float(body.hlat), body.sun_distance, float(body.g_ra),
                    declination, body.earth_distance,
                )  # fmt: skip
            else:
                magnitudes.append(float(body.mag))
        greenwich = ephem.Observer()
        greenwich.date = moment
        self.gst = float(greenwich.sidereal_time())
        self.geo = tuple(geo)
        self.elongation, self.phase = tuple(elongation), tuple(phase)
        self._magnitudes = magnitudes
        self._geometry = geometry

    def magnitude(self, name: str) -> float:
        """Visual magnitude: the planets' after Mallama and Hilton (2018), the Sun's
        and the Moon's PyEphem's, as in a ``Snapshot``."""
        index = INDEX[name]
        found = self._magnitudes[index]
        if found is None:
            hlon, hlat, sun_distance, ra, dec, earth_distance = self._geometry[name]
            found = self._magnitudes[index] = ephem_geometry(
                name, hlon, hlat, sun_distance, ra, dec, earth_distance, self.date
            ).magnitude()
        return found


class Ephemeris:
    """Snapshots of recent instants, shared by every request of a worker. Pages ask
    for "now" to the second, so all the observers of one second share one snapshot;
    an instant asked for again (a page showing a chosen time) is found too. The grid's
    nodes are kept likewise (``node``), the least recently used forgotten beyond
    ``grid_size`` (a week of them by default, some 3 MB). Only instants are kept,
    never anything about an observer."""

    def __init__(self, size: int = 64, grid_size: int = 1008) -> None:
        self.size = size
        self.grid_size = grid_size
        self._snapshots: OrderedDict[float, Snapshot] = OrderedDict()
        self._nodes: OrderedDict[int, Node] = OrderedDict()
        self.hits = self.misses = 0
        self.node_hits = self.node_misses = 0

    def node(self, index: int) -> Node:
        """The node at ``index * GRID_S`` seconds since 1970."""
        nodes = self._nodes
        found = nodes.get(index)
        if found is not None:
            self.node_hits += 1
            nodes.move_to_end(index)
            return found
        self.node_misses += 1
        found = nodes[index] = Node(index * GRID_S)
        if len(nodes) > self.grid_size:
            nodes.popitem(last=False)
        return found

    def at(self, date: float) -> Snapshot:
        found = self._snapshots.get(date)
        if found is not None:
            self.hits += 1
            return found
        self.misses += 1
        found = self._snapshots[date] = snapshot(date)
        if len(self._snapshots) > self.size:
            self._snapshots.popitem(last=False)
        return found
