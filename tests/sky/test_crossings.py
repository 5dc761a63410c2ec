"""The crossing finder: on curves whose zeros are known, then rise, set and transit
against an independent reference (Skyfield with JPL's DE421) at random places, near the
poles included, where bodies only graze the horizon."""

from __future__ import annotations

import math
import random
import warnings
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from planettracker.sky.crossings import crossings, intervals, minimum, root
from planettracker.sky.ephemeris import GRID_S
from planettracker.sky.tracker import PlanetTracker
from tests.support import reference

with warnings.catch_warnings():
    warnings.simplefilter("ignore", RuntimeWarning)
    from skyfield.api import wgs84

ALL = ("sun", "moon", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune")
WINDOW = timedelta(hours=36)  # /planets?events=1 searches the next 36 hours


# The finder on curves whose zeros are known ------------------------------------------


def test_a_sign_change_is_refined_to_the_tolerance() -> None:
    def f(t: float) -> float:
        return math.sin(t / 5000.0)  # zeros at multiples of 5000 pi

    times = [600.0 * k for k in range(60)]
    found = crossings(f, times, [f(t) for t in times], reach=0.0, tolerance=0.01)
    assert [d for _, d in found] == [-1, 1]
    assert found[0][0] == pytest.approx(5000 * math.pi, abs=0.01)
    assert found[1][0] == pytest.approx(10000 * math.pi, abs=0.01)


def test_a_dip_between_two_samples_is_found() -> None:
    """Below zero for 4 minutes, between samples 10 minutes apart that are both above."""

    def f(t: float) -> float:
        return ((t - 1500.0) / 1000.0) ** 2 - 0.0144  # zeros at 1380 and 1620

    times = [600.0 * k for k in range(6)]
    values = [f(t) for t in times]
    assert all(v > 0 for v in values)
    found = crossings(f, times, values, reach=0.1, tolerance=0.01)
    assert [(round(t, 1), d) for t, d in found] == [(1380.0, -1), (1620.0, 1)]


def test_a_dip_that_stays_on_its_side_is_no_crossing() -> None:
    def f(t: float) -> float:
        return ((t - 1234.0) / 1000.0) ** 2 + 0.0001

    times = [600.0 * k for k in range(6)]
    assert crossings(f, times, [f(t) for t in times], reach=0.1) == []


def test_no_dip_is_looked_for_beyond_the_reach() -> None:
    calls = []

    def f(t: float) -> float:
        calls.append(t)
        return ((t - 1234.0) / 1000.0) ** 2 + 5.0

    times = [600.0 * k for k in range(6)]
    crossings(f, times, [f(t) for t in times], reach=0.1)
    assert len(calls) == len(times)  # only the samples: nothing near zero to check


def test_root_and_minimum() -> None:
    assert root(lambda t: t**3 - 2.0, 0.0, -2.0, 2.0, 6.0, 1e-9) == pytest.approx(2 ** (1 / 3))
    t, value = minimum(lambda t: (t - 0.3) ** 2 + 1.0, 0.0, 1.0, 1e-6)
    assert (t, value) == (pytest.approx(0.3, abs=1e-5), pytest.approx(1.0))


def test_intervals_follow_the_crossings() -> None:
    found = [(2.0, -1), (3.0, 1), (5.0, -1), (7.0, 1)]
    assert intervals(0.0, 10.0, True, found) == [(0.0, 2.0), (3.0, 5.0), (7.0, 10.0)]
    assert intervals(0.0, 10.0, False, [(3.0, 1), (5.0, -1)]) == [(3.0, 5.0)]
    assert intervals(4.0, 6.0, True, found) == [(4.0, 5.0)]


# An independent reference: Skyfield and DE421, sampled finely ------------------------

RADIUS_KM = {"sun": 696_000.0, "moon": 1737.4}  # the planets' discs are negligible here
STANDARD_REFRACTION_DEG = 0.1594 * 1013.25 / 288.0  # libastro's at the horizon, 1013.25 mbar, 15 C


def reference_crossings(
    name: str,
    lat: float,
    lon: float,
    start: datetime,
    end: datetime,
    refraction_deg: float = 0.0,
    step_s: float = 20.0,
) -> list[tuple[datetime, int, float]]:
    """Every rising (+1) and setting (-1) of the upper limb on a horizon lifted by
    ``refraction_deg``, from Skyfield's geometric altitudes every ``step_s`` seconds:
    (instant, direction, how far beyond the line the curve goes before it comes back,
    in arcseconds)."""
    eph, ts = reference.de421()
    count = int((end - start).total_seconds() / step_s) + 1
    seconds = np.arange(count) * step_s
    t = ts.utc(start.year, start.month, start.day, start.hour, start.minute, start.second + seconds)
    observer = eph["earth"] + wgs84.latlon(lat, lon)
    alt, _, distance = observer.at(t).observe(eph[reference.DE421_TARGETS[name]]).apparent().altaz()
    radius = np.degrees(np.arcsin(RADIUS_KM.get(name, 0.0) / distance.km))
    f = alt.degrees + radius + refraction_deg
    changes = np.nonzero(np.signbit(f[:-1]) != np.signbit(f[1:]))[0]
    found = []
    for j, i in enumerate(changes):
        fraction = f[i] / (f[i] - f[i + 1])
        moment = start + timedelta(seconds=float(seconds[i] + fraction * step_s))
        following = changes[j + 1] if j + 1 < len(changes) else len(f) - 1
        beyond = np.abs(f[i + 1 : following + 1]).max(initial=0.0) * 3600.0
        found.append((moment, 1 if f[i + 1] >= 0 else -1, float(beyond)))
    return found


def _minutes(a: datetime, b: datetime) -> float:
    return abs((a - b).total_seconds()) / 60.0


def _random_cases(seed: int, count: int, lats: tuple[float, float]) -> list[tuple[float, float, datetime]]:  # fmt: skip
    rng = random.Random(seed)
    start = datetime(1990, 1, 1, tzinfo=UTC)
    cases = []
    for _ in range(count):
        lat = rng.uniform(*lats) * rng.choice((-1, 1))
        when = start + timedelta(seconds=rng.uniform(0, 50 * 365.25 * 86400))
        cases.append((round(lat, 4), round(rng.uniform(-180, 180), 4), when.replace(microsecond=0)))
    return cases


# Rise, set and transit ---------------------------------------------------------------


@pytest.mark.parametrize(("lat", "lon", "at"), _random_cases(2026, 24, (0.0, 60.0)))
def test_rise_and_set_within_2_minutes_of_de421_up_to_60_degrees(lat: float, lon: float, at: datetime) -> None:  # fmt: skip
    """Skyfield's almanac (its own search, the USNO's horizon) against ours with the
    standard air, every body; an event is reported if and only if Skyfield finds one in
    the window."""
    tracker = PlanetTracker(lat, lon, 0.0, at)
    for name in ALL:
        events = tracker.events(name)
        rises, sets = reference.risings_and_settings(name, lat, lon, at, at + WINDOW)
        for ours, theirs in ((events.rise, rises), (events.set, sets)):
            if theirs and _minutes(theirs[0], at + WINDOW) < 2:  # at the window's very end
                continue
            assert (ours is None) == (not theirs), (name, ours, theirs)
            if ours is not None:
                assert _minutes(ours, theirs[0]) < 2.0, (name, ours, theirs[0])
        assert events.transit is not None
        assert at < events.transit < at + timedelta(hours=25, minutes=30)
        if not rises and not sets:
            assert events.always_up or events.never_up


@pytest.mark.parametrize(("lat", "lon", "at"), _random_cases(90, 12, (75.0, 90.0)))
def test_near_the_poles_no_crossing_is_missed_and_each_within_30_minutes(lat: float, lon: float, at: datetime) -> None:  # fmt: skip
    """Every crossing of the horizon in a day, against DE421 sampled every 30 s,
    where bodies graze the horizon: each one the reference sees is found within 30
    minutes and each one found is one the reference sees, but for pairs that dip less
    than 20 arcseconds across the line (the two ephemerides differ by a few). The Sun,
    the Moon (the fastest) and two planets: the reference is slow."""
    tracker = PlanetTracker(lat, lon, 0.0, at, pressure=0.0)
    start = tracker.seconds
    day = timedelta(days=1)
    for name in ("sun", "moon", "mercury", "saturn"):
        horizon, _ = tracker.path(name).events(start, start + day.total_seconds())
        ours = [(datetime.fromtimestamp(t, UTC), d) for t, d in horizon]
        theirs = reference_crossings(name, lat, lon, at, at + day, step_s=30.0)
        clear = [(t, d) for t, d, beyond in theirs if beyond > 20.0]
        for moment, direction in clear:
            if _minutes(moment, at) < 30 or _minutes(moment, at + day) < 30:
                continue
            assert any(d == direction and _minutes(t, moment) < 30 for t, d in ours), (name, moment, ours)  # fmt: skip
        for moment, direction in ours:
            assert any(d == direction and _minutes(t, moment) < 30 for t, d, _ in theirs), (name, moment, theirs)  # fmt: skip


def test_the_south_pole_in_march_40_minutes_before_sunset() -> None:
    """PyEphem's search said the Sun never sets, 40 minutes before it did."""
    lat, lon = -90.0, 0.0
    sunsets = [
        t
        for t, d, _ in reference_crossings(
            "sun", lat, lon, datetime(2026, 3, 21, tzinfo=UTC), datetime(2026, 3, 24, tzinfo=UTC),
            STANDARD_REFRACTION_DEG, step_s=60.0,
        )
        if d < 0
    ]  # fmt: skip
    assert len(sunsets) == 1
    events = PlanetTracker(lat, lon, 0.0, sunsets[0] - timedelta(minutes=40)).events("sun")
    assert (events.always_up, events.never_up, events.rise) == (False, False, None)
    assert events.set is not None
    assert _minutes(events.set, sunsets[0]) < 30


def test_a_body_up_all_window_and_one_down_all_window() -> None:
    at = datetime(2026, 6, 21, tzinfo=UTC)
    summer = PlanetTracker(89.0, 0.0, 0.0, at).events("sun")
    assert (summer.rise, summer.set, summer.always_up, summer.never_up) == (None, None, True, False)
    winter = PlanetTracker(-89.0, 0.0, 0.0, at).events("sun")
    assert (winter.rise, winter.set, winter.always_up, winter.never_up) == (None, None, False, True)
    # Nothing happened: a later instant may find something the window did not reach.
    assert summer.until == at + timedelta(hours=1)


def test_the_nodes_are_whole_10_minutes_of_utc_shared_by_every_place() -> None:
    at = datetime(2026, 3, 1, 21, 7, 13, tzinfo=UTC)
    paris = PlanetTracker(48.85, 2.35, 0.0, at)
    sydney = PlanetTracker(-33.87, 151.21, 0.0, at)
    ephemeris = paris._ephemeris
    assert sydney._ephemeris is ephemeris
    start, end = paris.seconds, paris.seconds + WINDOW.total_seconds()
    paris.path("mars").events(start, end)
    misses = ephemeris.node_misses
    sydney.path("mars").events(start, end)
    assert ephemeris.node_misses == misses  # Paris' nodes served Sydney
    assert all(k * GRID_S % 600 == 0 for k in ephemeris._nodes)


@pytest.mark.parametrize("lat", [66.0, 66.2, 66.27, 66.29, 66.31])
def test_a_midnight_sun_that_dips_under_the_horizon_for_minutes(lat: float) -> None:
    """On the solstice near the Arctic Circle the Sun's centre, without refraction,
    dips under the horizon around midnight for 77 minutes at 66.0 degrees, 16 at 66.29
    (45 arcseconds deep) and not at all at 66.31: shorter dips than the grid's step
    leave no sign change at the nodes, and must still be found."""
    start = datetime(2026, 6, 20, 21, tzinfo=UTC)
    end = start + timedelta(hours=6)
    tracker = PlanetTracker(lat, 0.0, 0.0, start, pressure=0.0)
    horizon, _ = tracker.path("sun").events(tracker.seconds, tracker.seconds + 6 * 3600)
    theirs = reference_crossings("sun", lat, 0.0, start, end, step_s=10.0)
    assert [d for _, d in horizon] == [d for _, d, _ in theirs] == ([] if lat > 66.3 else [-1, 1])
    for (ours, _), (reference_time, _, _) in zip(horizon, theirs, strict=True):
        assert _minutes(datetime.fromtimestamp(ours, UTC), reference_time) < 0.5
