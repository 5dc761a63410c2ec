"""The cheap per-observer step (planettracker.sky.topocentric) on top of a shared snapshot
(planettracker.sky.ephemeris) against PyEphem's own topocentric positions, which it ports
from libastro. Both are checked against JPL's DE421 in test_tracker; here they must
agree with each other to a small fraction of an arcsecond, everywhere: the Moon's
large parallax, high sites, low altitudes where refraction is steep, no refraction. One
difference is meant: more than a degree under the horizon PyEphem still refracts, and
this does not (as Skyfield, test_refraction_follows_skyfield)."""

from __future__ import annotations

import math
import warnings
from dataclasses import fields
from datetime import UTC, datetime

import ephem
import pytest

from planettracker.sky.ephemeris import Ephemeris, snapshot
from planettracker.sky.topocentric import refract
from planettracker.sky.tracker import PlanetTracker, standard_pressure
from tests.support.angles import ARCSEC, angle_between
from tests.support.bodies import BODY_NAMES

TOLERANCE = 0.05 * ARCSEC  # degrees

PLACES = [  # lat, lon, elevation (m), pressure (mbar, None: standard), temperature
    (51.4769, -0.0005, 0.0, None, 15.0),
    (-33.8688, 151.2093, 58.0, None, 25.0),
    (19.8207, -155.4681, 4205.0, None, -2.0),  # Mauna Kea
    (78.2232, 15.6267, 10.0, 1030.0, -30.0),  # Longyearbyen, cold dense air
    (-89.99, 139.27, 2835.0, 0.0, -50.0),  # South Pole, refraction off
    (0.0, 179.999, -400.0, None, 40.0),  # the equator, near the date line, below sea level
]
INSTANTS = [
    datetime(1901, 5, 3, 4, 5, 6, tzinfo=UTC),
    datetime(2003, 8, 27, 9, 51, 0, tzinfo=UTC),
    datetime(2026, 3, 1, 21, 30, 0, tzinfo=UTC),
    datetime(2099, 12, 31, 23, 59, 59, tzinfo=UTC),
]


def pyephem(lat: float, lon: float, elevation: float, pressure: float, temp: float, at: datetime):  # type: ignore[no-untyped-def]
    observer = ephem.Observer()
    observer.lat, observer.lon = str(lat), str(lon)
    observer.elevation, observer.pressure, observer.temp = elevation, pressure, temp
    observer.date = ephem.Date(at.replace(tzinfo=None))
    return observer


@pytest.mark.parametrize("place", PLACES, ids=lambda p: f"{p[0]},{p[1]}")
@pytest.mark.parametrize("at", INSTANTS, ids=lambda d: d.strftime("%Y-%m-%d"))
def test_agrees_with_pyephem_to_a_twentieth_of_an_arcsecond(
    place: tuple[float, float, float, float | None, float], at: datetime
) -> None:
    lat, lon, elevation, pressure, temperature = place
    tracker = PlanetTracker(lat, lon, elevation, at, temperature, pressure)
    observer = pyephem(
        lat,
        lon,
        elevation,
        standard_pressure(elevation) if pressure is None else pressure,
        temperature,
        at,
    )
    airless = pyephem(lat, lon, elevation, 0.0, temperature, at)
    for name in BODY_NAMES:
        ours = tracker.position(name)
        body = getattr(ephem, name.capitalize())(observer)  # PyEphem's own, not the app's map
        alt = math.degrees(float(body.alt))
        true_alt = math.degrees(float(getattr(ephem, name.capitalize())(airless).alt))
        if true_alt < -1.0:  # not refracted (Skyfield's rule); PyEphem lifts it
            alt = true_alt
        assert ours.alt == pytest.approx(alt, abs=TOLERANCE), name
        # Azimuth is undefined at the zenith and shrinks with cos(alt) near it.
        az_error = angle_between(ours.az, math.degrees(float(body.az)))
        assert az_error * math.cos(math.radians(alt)) < TOLERANCE, name
        assert (
            angle_between(ours.ra, math.degrees(float(body.ra))) * math.cos(math.radians(ours.dec))
            < TOLERANCE
        ), name
        assert ours.dec == pytest.approx(math.degrees(float(body.dec)), abs=TOLERANCE), name
        assert ours.distance_au == pytest.approx(body.earth_distance, rel=1e-6), name
        if name in ("sun", "moon"):  # the planets' follow Mallama and Hilton (test_magnitude)
            assert ours.magnitude == pytest.approx(body.mag, abs=0.005), name


@pytest.mark.parametrize("true_alt", [-1.0, -0.5, 0.0, 0.3, 5.0, 14.6, 15.0, 15.4, 16.0, 45.0, 89.9])  # fmt: skip
@pytest.mark.parametrize(("pressure", "temperature"), [(1013.25, 10.0), (600.0, -20.0), (1050.0, 35.0)])  # fmt: skip
def test_refraction_matches_pyephem(true_alt: float, pressure: float, temperature: float) -> None:
    """PyEphem refracts inside libastro: recover its answer by putting a fixed star at
    a known true altitude on the meridian (declination = latitude - zenith distance).
    From -1 degree up: below, PyEphem still refracts and this does not."""
    observer = ephem.Observer()
    observer.lat, observer.lon, observer.date = "0", "0", "2026/3/1 00:00"
    observer.pressure, observer.temp, observer.epoch = pressure, temperature, observer.date
    star = ephem.FixedBody()
    star._ra = observer.sidereal_time()  # on the meridian
    star._dec = math.radians(true_alt - 90.0)  # due south, true_alt above the horizon
    star._epoch = observer.date
    star.compute(observer)
    observer.pressure = 0.0
    unrefracted = ephem.FixedBody()
    unrefracted._ra, unrefracted._dec, unrefracted._epoch = star._ra, star._dec, star._epoch
    unrefracted.compute(observer)
    ours = refract(pressure, temperature, float(unrefracted.alt))
    assert math.degrees(ours) == pytest.approx(math.degrees(float(star.alt)), abs=TOLERANCE)


@pytest.mark.parametrize("true_alt", [-10.0, -3.1, -1.01, -0.99, -0.57, 0.0, 0.5, 2.0, 10.0, 45.0, 89.0])  # fmt: skip
@pytest.mark.parametrize(("pressure", "temperature"), [(1013.25, 15.0), (600.0, -20.0), (1050.0, 35.0)])  # fmt: skip
def test_refraction_follows_skyfield(true_alt: float, pressure: float, temperature: float) -> None:
    """Skyfield's refract(): Bennett's formula from a true altitude of -1 degree up
    (libastro's differs from it by under 0.3'), and none below."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        from skyfield.earthlib import refract as skyfield_refract

    ours = math.degrees(refract(pressure, temperature, math.radians(true_alt)))
    theirs = float(skyfield_refract(true_alt, temperature, pressure))
    assert ours == pytest.approx(theirs, abs=0.5 / 60.0)
    if true_alt < -1.0:
        assert ours == pytest.approx(true_alt, abs=1e-12)


def test_refraction_off_or_far_below_the_horizon_changes_nothing() -> None:
    assert refract(0.0, 15.0, 0.1) == 0.1
    assert refract(1013.25, 15.0, math.radians(-20.0)) == math.radians(-20.0)
    # The textbook figures: a body seen on the horizon is really some 34' below it.
    assert math.degrees(refract(1013.25, 10.0, math.radians(-34.0 / 60.0))) * 60.0 == pytest.approx(0.0, abs=1.0)  # fmt: skip


def test_observers_of_one_instant_share_one_snapshot() -> None:
    shared = Ephemeris(size=4)
    at = datetime(2026, 3, 1, 21, 30, tzinfo=UTC)
    for lat in range(-60, 61, 30):
        PlanetTracker(float(lat), 10.0, 0.0, at, ephemeris=shared).sky()
    assert (shared.misses, shared.hits) == (1, 4)  # computed for the first, reused by the others
    first = shared.at(PlanetTracker(0.0, 0.0, at=at).date)
    assert first is shared.at(float(PlanetTracker(0.0, 0.0, at=at).date))


def test_the_shared_snapshots_are_bounded_and_keep_no_observer() -> None:
    shared = Ephemeris(size=3)
    for second in range(10):
        PlanetTracker(48.9, 2.45, 35.0, datetime(2026, 3, 1, 0, 0, second, tzinfo=UTC), ephemeris=shared).sky()  # fmt: skip
    assert shared.misses == 10
    assert len(shared._snapshots) == 3
    kept = shared._snapshots[next(reversed(shared._snapshots))]
    assert set(kept.bodies) == set(BODY_NAMES)
    # An instant, the bodies' geocentric places, the minute's stars: nothing of an observer.
    assert [field.name for field in fields(kept)] == ["date", "greenwich_sidereal_time", "bodies", "stars"]  # fmt: skip
    assert [field.name for field in fields(kept.stars)] == ["minute", "stars", "landmarks"]


def test_a_snapshot_is_what_pyephem_sees_from_the_earths_centre() -> None:
    date = ephem.Date("2026/3/1 21:30")
    mars = ephem.Mars(date)
    seen = snapshot(float(date)).bodies["mars"]
    assert seen.ra == pytest.approx(float(mars.g_ra), abs=1e-12)
    assert seen.dec == pytest.approx(float(mars.g_dec), abs=1e-12)
    assert seen.constellation == ephem.constellation(mars)[1]
