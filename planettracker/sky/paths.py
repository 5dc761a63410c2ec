"""A body's path across one observer's sky, and the instants it crosses a line.

The geocentric part of every position comes from the shared nodes of the grid (whole
10 minutes of UTC, ``planettracker.sky.ephemeris``); each observer adds only the cheap
topocentric step (``planettracker.sky.topocentric``), at the nodes and, where a
crossing is refined, between them. Between two nodes the geocentric right ascension,
declination, distance and radius are interpolated linearly (for the Moon, the fastest,
that is under 0.01 arcsecond from the truth) and the sidereal time exactly.

Every search here is on the geometric (unrefracted) altitude of the body's centre, so
that any line an apparent altitude defines becomes one geometric threshold:

- rising and setting: the upper limb on the horizon, lifted by refraction for the
  observer's air (as almanacs define it): the centre at ``unrefract(0) - radius``;
- an apparent altitude ``h`` (a minimum altitude, the naked eye's limit): the centre at
  ``unrefract(h)``;
- the sky's states: the Sun's centre at -0.833, -6, -12 and -18 degrees, geometric.

Crossings are bracketed on the nodes and refined on the interpolated path
(``planettracker.sky.crossings``), which finds them at every latitude, the poles
included, also where a body only grazes the line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from planettracker.sky.crossings import Crossing, crossings, intervals, minimum
from planettracker.sky.ephemeris import GRID_S as GRID_S  # the nodes' spacing, for the night
from planettracker.sky.ephemeris import INDEX, Ephemeris, Node
from planettracker.sky.topocentric import (
    Site,
    Topocentric,
    altitude,
    refract,
    topocentric,
    unrefract,
)

_TAU = 2.0 * math.pi
_floor = math.floor
# How much nearer to a line than its nearest node an altitude can come between nodes:
# half the diurnal curvature (at most the sidereal rate squared) over a whole step is
# under 0.06 degree; a margin on top.
ALTITUDE_REACH = math.radians(0.1)
TOLERANCE_S = 0.5  # crossings are refined to half a second
EVENTS_WINDOW_S = 36 * 3600  # /planets?events=1: the next events within 36 hours


def _wrapped(angle: float) -> float:
    """An angle difference in [-pi, pi)."""
    return (angle + math.pi) % _TAU - math.pi


ALT, HOUR_ANGLE, RISEN, AZ = 0, 1, 2, 3  # the columns of a sample (AZ: at nodes only)
Sample = tuple[float, ...]
Span = tuple[float, float]  # [start, end], seconds since 1970


@dataclass(slots=True)
class Path:
    """One body's path across one observer's sky, at any instant (seconds since 1970)
    and at the nodes (``samples``: cached, since searches ask for the same nodes
    again). A sample is (geometric altitude, hour angle, risen), where ``risen`` is
    positive while the upper limb is above the refracted horizon, and at the nodes also
    the azimuth; all radians.

    The grid stays inside: what the rest of the package reads of a path is instants
    (seconds since 1970), altitudes (radians) and ``Topocentric`` positions, at any
    instant or at the nodes within a span (``topocentric_nodes``), and the geocentric
    facts of the node nearest an instant (``elongation_near``...)."""

    ephemeris: Ephemeris
    where: Site
    name: str
    index: int = field(init=False)
    horizon: float = field(init=False)  # geometric altitude of the upper limb at rising
    _samples: dict[int, Sample] = field(init=False, default_factory=dict)
    _topocentric: dict[int, Topocentric] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.index = INDEX[self.name]
        self.horizon = unrefract(self.where.pressure, self.where.temperature, 0.0)

    # At the nodes -----------------------------------------------------------------

    def samples(self, first: int, last: int) -> list[Sample]:
        """The samples at nodes ``first`` to ``last``. The topocentric step of
        ``altitude`` is inlined: this is the searches' inner loop."""
        cached = self._samples
        rows: list[Sample] = []
        where, i, horizon = self.where, self.index, self.horizon
        lon, x0, z0 = where.lon, where.x, where.z
        sin_lat, cos_lat = where.sin_lat, where.cos_lat
        node_at = self.ephemeris.node
        cos, sin, sqrt, asin, atan2 = math.cos, math.sin, math.sqrt, math.asin, math.atan2
        for k in range(first, last + 1):
            row = cached.get(k)
            if row is None:
                node = node_at(k)
                ra, _, cos_dec, sin_dec, rho, radius = node.geo[i]
                hour_angle = node.gst + lon - ra
                rho_cos_dec = rho * cos_dec
                x = rho_cos_dec * cos(hour_angle) - x0
                y = -rho_cos_dec * sin(hour_angle)
                z = rho * sin_dec - z0
                distance = sqrt(x * x + y * y + z * z)
                sin_alt = (sin_lat * z + cos_lat * x) / distance
                alt = asin(1.0 if sin_alt > 1.0 else -1.0 if sin_alt < -1.0 else sin_alt)
                row = cached[k] = (
                    alt,
                    -atan2(y, x),
                    alt - horizon + radius * rho / distance,
                    atan2(y, z * cos_lat - x * sin_lat) % _TAU,
                )
            rows.append(row)
        return rows

    def _topocentric_node(self, k: int) -> Topocentric:
        """``topocentric`` at node ``k`` (cached)."""
        found = self._topocentric.get(k)
        if found is None:
            node = self.ephemeris.node(k)
            ra, _, cos_dec, sin_dec, rho, _ = node.geo[self.index]
            found = self._topocentric[k] = topocentric(
                self.where, node.gst + self.where.lon, ra, cos_dec, sin_dec, rho
            )
        return found

    def topocentric_nodes(
        self, start: float, end: float, closed: bool = False
    ) -> list[tuple[float, Topocentric]]:
        """(instant, ``topocentric``) at each node strictly inside (start, end), or
        (``closed``) within [start, end], in order."""
        if closed:
            first, last = math.ceil(start / GRID_S), _floor(end / GRID_S)
        else:
            first, last = _floor(start / GRID_S) + 1, math.ceil(end / GRID_S) - 1
        return [(k * GRID_S, self._topocentric_node(k)) for k in range(first, last + 1)]

    def horizontal_nodes(self, start: float, end: float) -> list[tuple[float, float]]:
        """The azimuth and the apparent (refracted) altitude, radians, at each node
        within [start, end], in order."""
        first, last = math.ceil(start / GRID_S), _floor(end / GRID_S)
        pressure, temperature = self.where.pressure, self.where.temperature
        rows = self.samples(first, last)
        return [(row[AZ], refract(pressure, temperature, row[ALT])) for row in rows]

    # The node nearest an instant: what changes too slowly to interpolate -------------

    def _nearest(self, t: float) -> Node:
        return self.ephemeris.node(round(t / GRID_S))

    def elongation_near(self, t: float) -> float:
        """Degrees from the Sun, signed (east of it positive), at the node nearest ``t``."""
        return self._nearest(t).elongation[self.index]

    def phase_near(self, t: float) -> float:
        """Percent of the disc lit, at the node nearest ``t``."""
        return self._nearest(t).phase[self.index]

    def magnitude_near(self, t: float) -> float:
        """Visual magnitude at the node nearest ``t`` (``Node.magnitude``)."""
        return self._nearest(t).magnitude(self.name)

    def geocentric_near(self, t: float) -> tuple[float, float]:
        """Geocentric apparent right ascension and declination of date (radians) at
        the node nearest ``t``."""
        ra, dec, _, _, _, _ = self._nearest(t).geo[self.index]
        return ra, dec

    # The observer's air ---------------------------------------------------------------

    def refracted(self, true_alt: float) -> float:
        """The apparent altitude of a body at geometric ``true_alt`` in this air."""
        return refract(self.where.pressure, self.where.temperature, true_alt)

    def unrefracted(self, apparent: float) -> float:
        """The geometric altitude of a body seen at ``apparent`` in this air."""
        return unrefract(self.where.pressure, self.where.temperature, apparent)

    # At any instant -----------------------------------------------------------------

    def _between(self, t: float) -> tuple[float, float, float, float, float]:
        """At ``t``, interpolated between the nodes: lst, ra, dec, rho, radius."""
        position = t / GRID_S
        k = _floor(position)
        u = position - k
        a = self.ephemeris.node(k)
        ra, dec, _, _, rho, radius = a.geo[self.index]
        if u == 0.0:
            return a.gst + self.where.lon, ra, dec, rho, radius
        b = self.ephemeris.node(k + 1)
        ra1, dec1, _, _, rho1, radius1 = b.geo[self.index]
        return (
            a.gst + u * _wrapped(b.gst - a.gst) + self.where.lon,
            ra + u * _wrapped(ra1 - ra),
            dec + u * (dec1 - dec),
            rho + u * (rho1 - rho),
            radius + u * (radius1 - radius),
        )

    def sample_at(self, t: float) -> Sample:
        """The sample at instant ``t``."""
        lst, ra, dec, rho, radius = self._between(t)
        alt, hour_angle, distance = altitude(self.where, lst, ra, math.cos(dec), math.sin(dec), rho)
        return alt, hour_angle, alt - self.horizon + radius * rho / distance

    def alt(self, t: float) -> float:
        """Geometric altitude at ``t``, radians."""
        return self.sample_at(t)[ALT]

    def risen(self, t: float) -> bool:
        """Whether the upper limb is above the refracted horizon at ``t``."""
        return self.sample_at(t)[RISEN] >= 0.0

    def at(self, t: float) -> Topocentric:
        """``topocentric`` at instant ``t``."""
        lst, ra, dec, rho, _ = self._between(t)
        return topocentric(self.where, lst, ra, math.cos(dec), math.sin(dec), rho)

    # Searches ---------------------------------------------------------------------------

    def _nodes_around(self, start: float, end: float) -> tuple[int, int]:
        """The nodes a search of [start, end) reads: from the one before ``start`` to
        the one after ``end``, and one more on each side, so that a grazing pair near
        either end is seen."""
        return _floor(start / GRID_S) - 1, -_floor(-end / GRID_S) + 1

    def _search(
        self,
        rows: list[Sample],
        first: int,
        column: int,
        threshold: float,
        start: float,
        end: float,
        reach: float,
    ) -> list[Crossing]:
        def at(t: float) -> float:
            return self.sample_at(t)[column] - threshold

        times = [(first + j) * GRID_S for j in range(len(rows))]
        values = [row[column] - threshold for row in rows]
        found = crossings(at, times, values, reach, TOLERANCE_S)
        return [c for c in found if start <= c[0] < end]

    def crossings(self, column: int, threshold: float, start: float, end: float) -> list[Crossing]:
        """Where the sample's ``column`` crosses ``threshold`` in [start, end), in order."""
        first, last = self._nodes_around(start, end)
        rows = self.samples(first, last)
        reach = 0.0 if column == HOUR_ANGLE else ALTITUDE_REACH
        return self._search(rows, first, column, threshold, start, end, reach)

    def events(self, start: float, end: float) -> tuple[list[Crossing], list[float]]:
        """Risings (+1) and settings (-1), and upper meridian transits, in [start, end).
        A transit is the hour angle crossing zero upward (it only ever grows, so its
        jump from +pi to -pi is a fall, and ignored)."""
        first, last = self._nodes_around(start, end)
        rows = self.samples(first, last)
        horizon = self._search(rows, first, RISEN, 0.0, start, end, ALTITUDE_REACH)
        meridian = self._search(rows, first, HOUR_ANGLE, 0.0, start, end, 0.0)
        return horizon, [t for t, direction in meridian if direction > 0]

    def alt_crossings(self, threshold: float, start: float, end: float) -> list[Crossing]:
        """Where the geometric altitude crosses ``threshold`` (radians) in [start, end)."""
        return self.crossings(ALT, threshold, start, end)

    def horizon_crossings(self, start: float, end: float) -> list[Crossing]:
        """Risings (+1) and settings (-1) in [start, end)."""
        return self.crossings(RISEN, 0.0, start, end)

    def transits(self, start: float, end: float) -> list[float]:
        """Upper meridian transits in [start, end)."""
        found = self.crossings(HOUR_ANGLE, 0.0, start, end)
        return [t for t, direction in found if direction > 0]

    def above(self, threshold: float, start: float, end: float) -> list[tuple[float, float]]:
        """The parts of [start, end] when the geometric altitude exceeds ``threshold``
        (radians)."""
        found = self.crossings(ALT, threshold, start, end)
        return intervals(start, end, self.alt(start) >= threshold, found)

    def up(self, start: float, end: float) -> list[tuple[float, float]]:
        """The parts of [start, end] when the body is risen."""
        found = self.crossings(RISEN, 0.0, start, end)
        return intervals(start, end, self.risen(start), found)

    def highest(self, start: float, end: float, lowest: bool = False) -> tuple[float, float]:
        """When in [start, end] the body stands highest (or ``lowest``), and its
        geometric altitude then: the best of the ends and of the nodes between, each
        node that is higher (lower) than its neighbours refined between them."""
        sign = -1.0 if lowest else 1.0
        k0, k1 = _floor(start / GRID_S) + 1, -_floor(-end / GRID_S) - 1
        times = [start, *(k * GRID_S for k in range(k0, k1 + 1)), end]
        inside = [row[ALT] for row in self.samples(k0, k1)] if k1 >= k0 else []
        values = [sign * v for v in (self.alt(start), *inside, self.alt(end))]
        best = max(range(len(times)), key=values.__getitem__)
        best_t, best_value = times[best], values[best]
        for j in range(1, len(times) - 1):
            if values[j] >= values[j - 1] and values[j] >= values[j + 1]:
                t, value = minimum(lambda t: -sign * self.alt(t), times[j - 1], times[j + 1], 1.0)
                if -value > best_value:
                    best_t, best_value = t, -value
        return best_t, sign * best_value


@dataclass(frozen=True, slots=True)
class NextEvents:
    """The next rise, upper transit and set after an instant, within ``window_s``
    (None: none in it), and until when these stay the answer for later instants."""

    rise: float | None
    transit: float | None
    set: float | None
    always_up: bool
    never_up: bool
    valid_until: float


_CHUNK_S = 12 * 3600


def next_events(path: Path, start: float, window_s: float = EVENTS_WINDOW_S) -> NextEvents:
    """The first rise, transit and set of ``path``'s body in [start, start + window).

    The search goes on an hour past the window when something is missing there, so as
    to know when a later instant's window would first see it (``valid_until``)."""
    end = start + window_s
    limit = end + 3600.0
    rise: float | None = None
    transit: float | None = None
    setting: float | None = None
    later: list[float] = []  # first events found past the window
    chunk = start
    while chunk < limit and (rise is None or transit is None or setting is None):
        following = min(chunk + _CHUNK_S, limit)
        horizon, meridian = path.events(chunk, following)
        for t, direction in horizon:
            if direction > 0 and rise is None:
                rise = t
            elif direction < 0 and setting is None:
                setting = t
        if transit is None and meridian:
            transit = meridian[0]
        chunk = following
    found: dict[str, float | None] = {}
    for kind, moment in (("rise", rise), ("transit", transit), ("set", setting)):
        if moment is not None and moment >= end:
            later.append(moment)
        found[kind] = moment if moment is not None and moment < end else None
    risen = path.risen(start)
    crossing = found["rise"] is not None or found["set"] is not None
    # A later instant's window sees what this one found past its end, and maybe more
    # beyond what was searched: an answer missing an event is kept an hour at most.
    upcoming = [t for t in found.values() if t is not None]
    missing = len(upcoming) < len(found)
    unknown = start + 3600.0 if missing else math.inf
    valid_until = min([*upcoming, *(t - window_s for t in later), unknown])
    return NextEvents(
        found["rise"],
        found["transit"],
        found["set"],
        always_up=risen and not crossing,
        never_up=not risen and not crossing,
        valid_until=valid_until,
    )
