"""Magnetic declination: the angle from true north to a compass's north, east positive.

Most phones' compasses give a magnetic heading; the page adds the declination of the
observer's place to make it true. It comes from the World Magnetic Model (WMM2025,
NOAA and the British Geological Survey, valid from 2025.0 to 2030.0) through
``pygeomag``, for *today*: a compass reads today's field whatever instant the sky is
asked for. Outside the model's five years there is no declination (None).

The model costs some 100 microseconds a point, more than the rest of a poll, and every
new place would pay it. So it is asked only at the points of a 5-degree grid, for the
field's north and east components (X, Y: smooth everywhere, where the declination is
not), and the declination is atan2(Y, X) of the grid's values interpolated to the place
(bicubic, Catmull-Rom): some 2 microseconds, the same for every request from a place,
first or hundredth (a place must get the same answer every time).

Wherever a compass can be trusted (a horizontal field of 6000 nT or more, NOAA's
caution limit) that is within 0.15 degree of the model, 0.05 at 99% of places; the
model's own uncertainty is 0.3 degree and more, a phone compass's several degrees
(tests/sky/test_magnetic.py measures it). Each kilometre of elevation has its own grid
(the declination changes by less than 0.03 degree a km).

Grid points and patches (the 16 points around a 5-degree cell) are computed when first
needed and kept for the day (UTC); the next day starts afresh. A worker fills sea
level's grid before it serves (``warm``). Memory is bounded by the grids: for each
kilometre of elevation asked for, 37 x 72 points and 36 x 73 patches. All are whole
multiples of 5 degrees, so nothing here locates a visitor.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import UTC, date, datetime

from pygeomag import GeoMag  # type: ignore[import-untyped]

COEFFICIENTS = "wmm/WMM_2025.COF"  # shipped with pygeomag
STEP_DEG = 5.0  # the grid of points asked of the model
ROWS = 37  # latitudes -90, -85, ... 90
COLUMNS = 72  # longitudes -180, -175, ... 175; 180 is -180 again
_floor = math.floor
_atan2 = math.atan2
_DEGREES = 180.0 / math.pi

GridPoint = tuple[int, int, int]  # elevation km, then latitude and longitude indices
Patch = tuple[tuple[float, ...], tuple[float, ...]]  # X and Y at 4 x 4 grid points


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
        self._points: dict[GridPoint, tuple[float, float]] = {}  # X, Y on the 5-degree grid
        self._patches: dict[GridPoint, Patch] = {}  # the 16 points around each 5-degree cell
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
        km = _floor(elevation_m / 1000.0 + 0.5)
        value = self.smooth(lat, lon, km, self._year)
        return _floor(value * 100.0 + 0.5) / 100.0

    def smooth(self, lat: float, lon: float, km: int, year: float) -> float:
        """The declination from the 5-degree grid, bicubic. ``km`` is
        a whole number of kilometres of elevation, ``year`` today's (see ``at``)."""
        row_f = (lat + 90.0) / STEP_DEG
        column_f = (lon + 180.0) / STEP_DEG
        row = int(row_f)
        if row > ROWS - 2:  # 90 degrees is the top of the last row of patches
            row = ROWS - 2
        column = int(column_f)
        key = (km, row, column)
        xs, ys = self._patches.get(key) or self._patch(key, year)
        # Catmull-Rom: a cubic through each four values, with matching slopes.
        t = row_f - row
        u = column_f - column
        t2, u2 = t * t, u * u
        t3, u3 = t2 * t, u2 * u
        a0, a1 = t2 - 0.5 * (t3 + t), 1.5 * t3 - 2.5 * t2 + 1.0
        a2, a3 = 2.0 * t2 + 0.5 * t - 1.5 * t3, 0.5 * (t3 - t2)
        b0, b1 = u2 - 0.5 * (u3 + u), 1.5 * u3 - 2.5 * u2 + 1.0
        b2, b3 = 2.0 * u2 + 0.5 * u - 1.5 * u3, 0.5 * (u3 - u2)
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
        return _atan2(y, x) * _DEGREES

    def _patch(self, key: GridPoint, year: float) -> Patch:
        """X and Y at the 4 x 4 grid points around a 5-degree cell, row by row from
        the south: what the bicubic interpolation inside it reads."""
        km, row, column = key
        points = [
            self._point(km, row + i, column + j, year) for i in (-1, 0, 1, 2) for j in (-1, 0, 1, 2)
        ]
        patch = self._patches[key] = (tuple(p[0] for p in points), tuple(p[1] for p in points))
        return patch

    def warm(self, elevation_m: float = 0.0) -> None:
        """Ask the model for today's whole grid at one elevation now (37 x 72 points,
        some 0.3 s), and gather the patches interpolated from them, so that no request
        pays for it: what a worker does before it serves (``planettracker.web.app.serve``).
        After midnight UTC the grid fills again as requests come, a 5-degree region at
        a time (~2 ms each)."""
        day = int(self._clock() // 86400)
        if day != self._day:
            self._start_day(day)
        if self._year is None:
            return
        km = _floor(elevation_m / 1000.0 + 0.5)
        for row in range(ROWS):
            for column in range(COLUMNS):
                self._point(km, row, column, self._year)
        # And the patches the interpolation reads (some 25 ms), so that the first
        # request from a 5-degree region does not gather one.
        for row in range(ROWS - 1):
            for column in range(COLUMNS + 1):
                self._patches.get((km, row, column)) or self._patch((km, row, column), self._year)

    def _start_day(self, day: int) -> None:
        """A new day: forget yesterday's grid."""
        year = decimal_year(datetime.fromtimestamp(day * 86400, UTC).date())
        start, end = self.life_span
        self._day = day
        self._year = year if start <= year < end else None
        self._points.clear()
        self._patches.clear()

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
