"""Magnetic declination: the angle from true north to a compass's north, east positive.

Most phones' compasses give a magnetic heading; the page adds the declination of the
observer's place to make it true. It comes from the World Magnetic Model (WMM2025,
NOAA and the British Geological Survey, valid from 2025.0 to 2030.0) through
``pygeomag``, for *today*: a compass reads today's field whatever instant the sky is
asked for. Outside the model's five years there is no declination (None).

The model costs some 100 microseconds a point, more than the rest of a poll, and every
new place would pay it. Instead the field's north and east components (X, Y) are taken
from the model on a grid of 5 degrees and interpolated (bicubic, Catmull-Rom) to the
place, and the declination is atan2(Y, X): X and Y are smooth everywhere, where the
declination itself is not. Wherever a compass can be trusted (a horizontal field of
6000 nT or more, NOAA's caution limit) that is within 0.06 degree of the model, 0.015
at 99% of places; the model's own uncertainty is 0.3 degree and more, a phone
compass's several degrees (tests/test_magnetic.py measures it). Each kilometre of
elevation has its own grid (the declination changes by less than 0.03 degree a km).

A grid point is computed the first time a place near it is asked for and kept for the
day (UTC); the next day starts afresh. Memory is bounded by the grid itself: at most
37 x 72 points and 36 x 73 cells for each kilometre of elevation asked for. Cells and
points are whole multiples of 5 degrees (some 550 km), so nothing here locates a
visitor.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import UTC, date, datetime

from pygeomag import GeoMag  # type: ignore[import-untyped]

COEFFICIENTS = "wmm/WMM_2025.COF"  # shipped with pygeomag
STEP_DEG = 5.0
ROWS = 37  # latitudes -90, -85, ... 90
COLUMNS = 72  # longitudes -180, -175, ... 175; 180 is -180 again
_floor = math.floor
_atan2 = math.atan2
_DEGREES = 180.0 / math.pi

Node = tuple[int, int, int]  # elevation km, latitude row, longitude column
Cell = tuple[tuple[float, ...], tuple[float, ...]]  # X and Y at the 4 x 4 points around it


def wrap180(degrees: float) -> float:
    """An angle in degrees brought into [-180, 180)."""
    return (degrees + 180.0) % 360.0 - 180.0


def decimal_year(day: date) -> float:
    """The model's time scale: 2026.0 is 2026-01-01, 2026.5 about 2026-07-02."""
    start = date(day.year, 1, 1).toordinal()
    length = date(day.year + 1, 1, 1).toordinal() - start
    return day.year + (day.toordinal() - start) / length


class MagneticDeclination:
    """The WMM's declination at a place today, interpolated from a per-worker grid.

    ``clock`` gives the wall-clock time in seconds since 1970 (for today's date);
    tests pass their own."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._model = GeoMag(coefficients_file=COEFFICIENTS)
        start, end = self._model.life_span  # reads the coefficients now, not at a request
        self.life_span: tuple[float, float] = (float(start), float(end))
        self._day = -1
        self._year: float | None = None  # today, as a decimal year; None: outside the model
        self._points: dict[Node, tuple[float, float]] = {}
        self._cells: dict[Node, Cell] = {}
        self.computed = 0  # grid points asked of the model (the costly part)

    def model(
        self, lat: float, lon: float, elevation_m: float, year: float
    ) -> tuple[float, float, float] | None:
        """The model itself at one point: declination (degrees, east positive) and the
        field's north and east components (nT); None outside the model's life span."""
        start, end = self.life_span
        if not start <= year < end:
            return None
        return self._field(lat, lon, elevation_m / 1000.0, year)

    def _field(self, lat: float, lon: float, km: float, year: float) -> tuple[float, float, float]:
        result = self._model.calculate(glat=lat, glon=lon, alt=km, time=year)
        return float(result.d), float(result.x), float(result.y)

    def at(self, lat: float, lon: float, elevation_m: float) -> float | None:
        """Today's declination at a place (degrees north and east, metres), degrees east
        positive in [-180, 180], to 0.01 degree; None outside the model's life span."""
        day = int(self._clock() // 86400)
        if day != self._day:
            self._start_day(day)
        if self._year is None:
            return None
        row_f = (lat + 90.0) / STEP_DEG
        column_f = (lon + 180.0) / STEP_DEG
        row = min(int(row_f), ROWS - 2)  # the cell's south edge; 90 degrees is its north
        column = int(column_f)
        key = (_floor(elevation_m / 1000.0 + 0.5), row, column)
        cell = self._cells.get(key) or self._cell(key, self._year)
        # Catmull-Rom weights of the four rows (t) and four columns (u) around the place.
        t = row_f - row
        u = column_f - column
        t2, u2 = t * t, u * u
        a0, a1 = t2 - 0.5 * (t2 * t + t), 1.5 * t2 * t - 2.5 * t2 + 1.0
        a2, a3 = 2.0 * t2 + 0.5 * t - 1.5 * t2 * t, 0.5 * (t2 * t - t2)
        b0, b1 = u2 - 0.5 * (u2 * u + u), 1.5 * u2 * u - 2.5 * u2 + 1.0
        b2, b3 = 2.0 * u2 + 0.5 * u - 1.5 * u2 * u, 0.5 * (u2 * u - u2)
        xs, ys = cell
        x = (
            a0 * (b0 * xs[0] + b1 * xs[1] + b2 * xs[2] + b3 * xs[3])
            + a1 * (b0 * xs[4] + b1 * xs[5] + b2 * xs[6] + b3 * xs[7])
            + a2 * (b0 * xs[8] + b1 * xs[9] + b2 * xs[10] + b3 * xs[11])
            + a3 * (b0 * xs[12] + b1 * xs[13] + b2 * xs[14] + b3 * xs[15])
        )
        y = (
            a0 * (b0 * ys[0] + b1 * ys[1] + b2 * ys[2] + b3 * ys[3])
            + a1 * (b0 * ys[4] + b1 * ys[5] + b2 * ys[6] + b3 * ys[7])
            + a2 * (b0 * ys[8] + b1 * ys[9] + b2 * ys[10] + b3 * ys[11])
            + a3 * (b0 * ys[12] + b1 * ys[13] + b2 * ys[14] + b3 * ys[15])
        )
        return _floor(_atan2(y, x) * _DEGREES * 100.0 + 0.5) / 100.0

    def _start_day(self, day: int) -> None:
        """A new day: forget yesterday's grid."""
        year = decimal_year(datetime.fromtimestamp(day * 86400, UTC).date())
        start, end = self.life_span
        self._day = day
        self._year = year if start <= year < end else None
        self._points.clear()
        self._cells.clear()

    def _cell(self, key: Node, year: float) -> Cell:
        """X and Y at the 4 x 4 grid points around a cell, row by row from the south."""
        km, row, column = key
        points = [
            self._point(km, row + i, column + j, year) for i in (-1, 0, 1, 2) for j in (-1, 0, 1, 2)
        ]
        cell = self._cells[key] = (tuple(p[0] for p in points), tuple(p[1] for p in points))
        return cell

    def _point(self, km: int, row: int, column: int, year: float) -> tuple[float, float]:
        """X and Y at a grid point. Rows beyond a pole continue over it, down the
        opposite meridian, where north and east point the other way."""
        sign = 1.0
        if row < 0 or row >= ROWS:
            row = -row if row < 0 else 2 * (ROWS - 1) - row
            column += COLUMNS // 2
            sign = -1.0
        column %= COLUMNS
        node = (km, row, column)
        point = self._points.get(node)
        if point is None:
            _, x, y = self._field(row * STEP_DEG - 90.0, column * STEP_DEG - 180.0, km, year)
            point = self._points[node] = (x, y)
            self.computed += 1
        return sign * point[0], sign * point[1]
