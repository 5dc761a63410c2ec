"""The independent reference for magnetic declinations: NOAA's own World Magnetic Model
code (the ``wmm-calculator`` package, numpy), not ``pygeomag``, which the app uses."""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime

from wmm import wmm_calc

# The test values NOAA publishes with WMM2025 (the model report's table, declination to
# 0.01 degree): decimal year, height above the WGS 84 ellipsoid (km), lat, lon, D.
WMM2025_TEST_VALUES = [
    (2025.0, 0.0, 80.0, 0.0, 1.28),
    (2025.0, 0.0, 0.0, 120.0, -0.16),
    (2025.0, 0.0, -80.0, 240.0, 68.78),
    (2025.0, 100.0, 80.0, 0.0, 0.85),
    (2025.0, 100.0, 0.0, 120.0, -0.15),
    (2025.0, 100.0, -80.0, 240.0, 68.21),
    (2027.5, 0.0, 80.0, 0.0, 2.59),
    (2027.5, 0.0, 0.0, 120.0, -0.24),
    (2027.5, 0.0, -80.0, 240.0, 68.49),
    (2027.5, 100.0, 80.0, 0.0, 2.16),
    (2027.5, 100.0, 0.0, 120.0, -0.23),
    (2027.5, 100.0, -80.0, 240.0, 67.93),
]


def field(lat: float, lon: float, elevation_m: float, year: float) -> tuple[float, float]:
    """NOAA's declination (degrees, east positive) and horizontal intensity (nT) at a
    place and decimal year. Its warnings (at a geographic pole, which it shifts by a
    micro-degree; in the blackout zones around the magnetic poles) are expected here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = wmm_calc()
        model.setup_env(lat, lon, elevation_m / 1000.0, unit="km", msl=False)
        model.setup_time(dyear=year)
        elements = model.get_all()
    return float(elements["dec"][0]), float(elements["h"][0])


def declination(
    lat: float, lon: float, elevation_m: float = 0.0, year: float | None = None
) -> float:
    """NOAA's declination at a place, for ``year`` (a decimal year) or today (UTC)."""
    return field(lat, lon, elevation_m, today() if year is None else year)[0]


def today() -> float:
    """Today (UTC) as a decimal year, counted by whole days as the app does."""
    day = datetime.now(UTC).date()
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length
