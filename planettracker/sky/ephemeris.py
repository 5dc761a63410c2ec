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

Each snapshot also holds its minute's bright stars and the bodies' candidate landmarks
among them (``planettracker.sky.stars``), made once a minute.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import NamedTuple

import ephem

from planettracker.sky.bodies import BODIES, BODY_CLASSES, LANDMARK_BODIES, PLANETS
from planettracker.sky.magnitude import body_geometry, ephem_geometry
from planettracker.sky.stars import StarField, StarFields
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
            magnitude = body_geometry(name, body, date).magnitude()
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


class RaDecDistance(NamedTuple):
    """Where a body is seen from the Earth's centre, no more."""

    ra: float  # apparent, of date, radians
    dec: float
    rho: float  # Earth radii


def _places(date: float) -> dict[str, RaDecDistance]:
    """Where the bodies that get a landmark are at ``date``, seen from the Earth's
    centre: all a star field needs of them (planettracker.sky.stars)."""
    moment = ephem.Date(date)
    places = {}
    for name in LANDMARK_BODIES:
        body = BODY_CLASSES[name](moment)
        rho = body.earth_distance * AU_IN_EARTH_RADII
        places[name] = RaDecDistance(float(body.g_ra), float(body.g_dec), rho)
    return places


Geo = tuple[float, float, float, float, float, float]  # see Node


class Node:
    """Every body at one instant of the grid (``seconds``, a multiple of ``GRID_S``
    since 1970), seen from the Earth's centre: only what paths across an observer's
    sky need. Tuples are indexed in ``BODIES`` order (``INDEX``): ``geo[i]`` is body
    i's (ra, dec, cos dec, sin dec, distance in Earth radii, angular radius), apparent
    and of date, in radians (one tuple: the searches' inner loop reads it); the
    elongation is in degrees, signed (east of the Sun positive, so a waxing Moon's is
    positive).

    One node an hour (an anchor, ``computed``) comes from PyEphem's theories, some
    330 microseconds for the nine bodies; the five between are ``interpolated`` from
    the four anchors around them, some 25 microseconds: a cubic through an hour's
    spacing follows even the Moon to 0.0001 arcsecond. The planets' magnitudes
    (Mallama and Hilton, some 20 microseconds each) are computed only when asked for,
    and kept; between anchors, the nearest anchor's (a planet's changes by far less
    than 0.01 mag in half an hour)."""

    __slots__ = (
        "_geometry",
        "_magnitudes",
        "_source",
        "date",
        "elongation",
        "geo",
        "gst",
        "phase",
        "seconds",
    )

    def __init__(
        self,
        seconds: int,
        gst: float,
        geo: tuple[Geo, ...],
        elongation: tuple[float, ...],
        phase: tuple[float, ...],
        magnitudes: list[float | None],
        geometry: dict[str, tuple[float, float, float, float, float, float]],
        source: Node | None = None,
    ) -> None:
        self.seconds = seconds
        self.date = seconds / 86400.0 + UNIX_EPOCH_EPHEM_DATE
        self.gst = gst
        self.geo = geo
        self.elongation = elongation
        self.phase = phase
        self._magnitudes = magnitudes
        self._geometry = geometry
        self._source = source

    def magnitude(self, name: str) -> float:
        """Visual magnitude: the planets' after Mallama and Hilton (2018), the Sun's
        and the Moon's PyEphem's, as in a ``Snapshot``."""
        index = INDEX[name]
        found = self._magnitudes[index]
        if found is None:
            if self._source is not None:
                found = self._source.magnitude(name)
            else:
                hlon, hlat, sun_distance, ra, dec, earth_distance = self._geometry[name]
                found = ephem_geometry(
                    name, hlon, hlat, sun_distance, ra, dec, earth_distance, self.date
                ).magnitude()
            self._magnitudes[index] = found
        return found


def _sidereal_time(moment: ephem.Date) -> float:
    greenwich = ephem.Observer()
    greenwich.date = moment
    return float(greenwich.sidereal_time())


def computed(seconds: int) -> Node:
    """The node at ``seconds``, from PyEphem's theories."""
    moment = ephem.Date(seconds / 86400.0 + UNIX_EPOCH_EPHEM_DATE)
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
    return Node(
        seconds,
        _sidereal_time(moment),
        tuple(geo),
        tuple(elongation),
        tuple(phase),
        magnitudes,
        geometry,
    )


def _wrapped(angle: float) -> float:
    return (angle + math.pi) % (2.0 * math.pi) - math.pi


def interpolated(seconds: int, anchors: tuple[Node, Node, Node, Node]) -> Node:
    """The node at ``seconds``, between the second and third of four ``anchors`` an
    hour apart: Lagrange's cubic through them (the right ascension unwrapped around
    the second's); the elongation, which jumps where it changes sign, linearly in its
    size with the nearer anchor's sign."""
    before, first, second, after = anchors
    u = (seconds - first.seconds) / (second.seconds - first.seconds)
    weights = (
        -u * (u - 1.0) * (u - 2.0) / 6.0,
        (u + 1.0) * (u - 1.0) * (u - 2.0) / 2.0,
        -(u + 1.0) * u * (u - 2.0) / 2.0,
        (u + 1.0) * u * (u - 1.0) / 6.0,
    )
    w0, w1, w2, w3 = weights
    geo: list[Geo] = []
    for i in range(len(BODIES)):
        a, b, c, d = before.geo[i], first.geo[i], second.geo[i], after.geo[i]
        base = b[0]
        ra = base + (
            w0 * _wrapped(a[0] - base) + w2 * _wrapped(c[0] - base) + w3 * _wrapped(d[0] - base)
        )
        dec = w0 * a[1] + w1 * b[1] + w2 * c[1] + w3 * d[1]
        geo.append(
            (
                ra % (2.0 * math.pi),
                dec,
                math.cos(dec),
                math.sin(dec),
                w0 * a[4] + w1 * b[4] + w2 * c[4] + w3 * d[4],
                w0 * a[5] + w1 * b[5] + w2 * c[5] + w3 * d[5],
            )
        )
    nearer = first if u <= 0.5 else second
    elongation = tuple(
        math.copysign((1.0 - u) * abs(e1) + u * abs(e2), e)
        for e1, e2, e in zip(first.elongation, second.elongation, nearer.elongation, strict=True)
    )
    phase = tuple(
        w0 * a + w1 * b + w2 * c + w3 * d
        for a, b, c, d in zip(before.phase, first.phase, second.phase, after.phase, strict=True)
    )
    magnitudes: list[float | None] = [
        None if m1 is None or m2 is None else (1.0 - u) * m1 + u * m2
        for m1, m2 in zip(first._magnitudes, second._magnitudes, strict=True)
    ]
    moment = ephem.Date(seconds / 86400.0 + UNIX_EPOCH_EPHEM_DATE)
    return Node(
        seconds,
        _sidereal_time(moment),
        tuple(geo),
        elongation,
        phase,
        magnitudes,
        {},
        source=nearer,
    )


ANCHOR_EVERY = 6  # nodes: one an hour is computed, the others interpolated


class Ephemeris:
    """Snapshots of recent instants, shared by every request of a worker. Pages ask
    for "now" to the second, so all the observers of one second share one snapshot;
    an instant asked for again (a page showing a chosen time) is found too. The grid's
    nodes are kept likewise (``node``), the least recently used forgotten beyond
    ``grid_size`` (a week of them by default, some 4 MB). Only instants are kept,
    never anything about an observer."""

    def __init__(self, size: int = 64, grid_size: int = 1008) -> None:
        self.size = size
        self.grid_size = grid_size
        self._snapshots: OrderedDict[float, Snapshot] = OrderedDict()
        self.stars = StarFields()
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
        offset = index % ANCHOR_EVERY
        if offset == 0:
            found = computed(index * GRID_S)
        else:
            first, step = index - offset, ANCHOR_EVERY
            anchors = (
                self.node(first - step),
                self.node(first),
                self.node(first + step),
                self.node(first + 2 * step),
            )
            found = interpolated(index * GRID_S, anchors)
        nodes[index] = found
        if len(nodes) > self.grid_size:
            nodes.popitem(last=False)
        return found

    def warm(self, seconds: float, before_s: float = 31 * 3600, after_s: float = 38 * 3600) -> None:
        """Compute the nodes around ``seconds`` (now, for a worker about to serve): what
        tonight's and the next 36 hours' searches read, some 30 ms of work."""
        for index in range(int((seconds - before_s) // GRID_S), int((seconds + after_s) // GRID_S)):
            self.node(index)

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
