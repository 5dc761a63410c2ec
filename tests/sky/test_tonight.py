"""Tonight against an independent reference: Skyfield with JPL's DE421 for the Sun's
and the bodies' places (and Skyfield's own refraction and planetary magnitudes), its
almanac for twilight, and the naked eye's rule (the definition of "can be seen",
``planettracker.sky.visibility``) applied to them every 30 seconds.

Places: the equator, both sides of the date line, nights across daylight saving
changes, the polar night and the midnight sun, a white night, a night asked about
while it is under way."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

import numpy as np
import pytest

from planettracker.sky import limiting
from planettracker.sky.tonight import (
    BEFORE_THE_DAWN,
    MIDNIGHT_SUN,
    NEAR_THE_SUN,
    NEEDS_BINOCULARS,
    NEEDS_TELESCOPE,
    SEEN,
    TWILIGHT,
    Tonight,
    TonightCache,
)
from planettracker.sky.tonight import compute_night as tonight
from planettracker.sky.tracker import PlanetTracker
from planettracker.sky.visibility import (
    EXTINCTION_MAG_PER_AIRMASS,
    NAKED_EYE_LIMIT,
    airmass,
    naked_eye,
    sky_state,
)
from tests.support.reference import DE421_TARGETS, de421

with warnings.catch_warnings():
    warnings.simplefilter("ignore", RuntimeWarning)
    from skyfield import almanac
    from skyfield.api import wgs84
    from skyfield.magnitudelib import planetary_magnitude

STEP_S = 30.0
# The Moon is far brighter than any naked-eye limit but daylight's: this stands in for
# its magnitude (Skyfield has none), which only matters in daylight, tested apart.
MOON_MAGNITUDE = -8.0


@dataclass
class Reference:
    start: datetime
    end: datetime
    twilight: dict[str, datetime | None]
    visible: dict[str, list[tuple[datetime, datetime]]]
    best: dict[str, tuple[datetime, float] | None]
    # At each sample: how far the body's dimmed magnitude is inside the naked eye's
    # limit (mag), to know which edges a 0.02 mag difference in models can move.
    margin: dict[str, np.ndarray]
    times: list[datetime]
    # At each sample: how far it stands out (Schaefer's model on Skyfield's geometry),
    # and its apparent altitude.
    standing: dict[str, np.ndarray]
    seen: dict[str, np.ndarray]


def _times(ts, start: datetime, end: datetime):  # type: ignore[no-untyped-def]
    count = int((end - start).total_seconds() / STEP_S) + 1
    seconds = np.arange(count) * STEP_S
    return ts.utc(start.year, start.month, start.day, start.hour, start.minute, start.second + seconds), [start + timedelta(seconds=float(s)) for s in seconds]  # fmt: skip


def _events(f, t0, t1):  # type: ignore[no-untyped-def]
    times, values = almanac.find_discrete(t0, t1, f)
    return [(t.utc_datetime(), int(v)) for t, v in zip(times, values, strict=True)]


def reference(lat: float, lon: float, at: datetime, min_alt: float = 10.0) -> Reference:
    """The night around ``at``, as the definitions say, from Skyfield alone."""
    eph, ts = de421()
    place = wgs84.latlon(lat, lon)
    observer = eph["earth"] + place
    day = timedelta(days=1)
    t0, t1 = ts.from_datetime(at - day - timedelta(hours=1)), ts.from_datetime(at + 2 * day)
    up = _events(almanac.sunrise_sunset(eph, place), t0, t1)
    sets = [t for t, v in up if v == 0]
    rises = [t for t, v in up if v == 1]
    sun_up = almanac.sunrise_sunset(eph, place)(ts.from_datetime(at))
    transits = [t.utc_datetime() for t in almanac.find_transits(observer, eph["sun"], t0, t1)]
    if sun_up:
        following = [t for t in sets if at <= t <= at + day + timedelta(minutes=10)]
        if not following:  # the midnight sun: the 24 hours from the whole 10 minutes
            start = at.replace(minute=at.minute - at.minute % 10, second=0, microsecond=0)
            return _visibility(observer, ts, eph, start, start + day, None, None, min_alt, at)
        sunset: datetime | None = following[0]
        start, since = following[0], following[0]
    else:
        before = [t for t in sets if at - day - timedelta(minutes=10) <= t <= at]
        sunset = before[-1] if before else None
        start = sunset or [t for t in transits if t <= at][-1]
        since = at
    after = [t for t in rises if since <= t <= since + day]
    sunrise = after[0] if after else None
    end = sunrise or next(t for t in transits if t > since)
    return _visibility(observer, ts, eph, start, end, sunset, sunrise, min_alt, at)


def _visibility(observer, ts, eph, start, end, sunset, sunrise, min_alt, at) -> Reference:  # type: ignore[no-untyped-def]
    place = observer.vector_functions[-1]
    twilight: dict[str, datetime | None] = {"sunset": sunset, "sunrise": sunrise}
    darkness = almanac.dark_twilight_day(eph, place)
    t0, t1 = ts.from_datetime(start), ts.from_datetime(end)
    stages = _events(darkness, t0, t1)
    previous = [int(darkness(t0)), *(v for _, v in stages)][: len(stages)]
    changes = [(t, before, after) for (t, after), before in zip(stages, previous, strict=True)]
    for name, level in (("civil", 3), ("nautical", 2), ("astronomical", 1)):
        # Dusk: from this level down to the next darker; dawn: back up from it.
        downs = [t for t, before, after in changes if before == level and after == level - 1]
        ups = [t for t, before, after in changes if before == level - 1 and after == level]
        twilight[f"{name}_dusk"] = downs[0] if downs else None
        twilight[f"{name}_dawn"] = ups[-1] if ups else None
    t, times = _times(ts, start, end)
    sun = observer.at(t).observe(eph["sun"]).apparent()
    sun_alt = sun.altaz()[0].degrees
    states = [sky_state(a) for a in sun_alt]
    middle = ts.from_datetime(start + (end - start) / 2)
    visible, best, margins, standings, seens = {}, {}, {}, {}, {}
    for name in SEEN:
        target = eph[DE421_TARGETS[name]]
        seen_body = observer.at(t).observe(target).apparent()
        alt = seen_body.altaz(temperature_C=15.0, pressure_mbar=1013.25)[0].degrees
        from_sun = seen_body.separation_from(sun).degrees
        earth = eph["earth"].at(middle)
        elongation = earth.observe(target).apparent().separation_from(earth.observe(eph["sun"]).apparent()).degrees  # fmt: skip
        magnitude = MOON_MAGNITUDE if name == "moon" else float(planetary_magnitude(eph["earth"].at(middle).observe(target)))  # fmt: skip
        seen = np.array([a > min_alt and naked_eye(a, magnitude, elongation, s) for a, s in zip(alt, states, strict=True)])  # fmt: skip
        margins[name] = np.array([NAKED_EYE_LIMIT[s] - magnitude - EXTINCTION_MAG_PER_AIRMASS * (airmass(a) - 1.0) for a, s in zip(alt, states, strict=True)])  # fmt: skip
        edges = [_edge(j, alt, margins[name], sun_alt, times, min_alt) for j in np.nonzero(seen[:-1] != seen[1:])[0]]  # fmt: skip
        bounds = ([start] if seen[0] else []) + edges + ([end] if seen[-1] else [])
        visible[name] = list(zip(bounds[::2], bounds[1::2], strict=True))
        standings[name] = np.array([limiting.margin(magnitude, a, s, d) for a, s, d in zip(alt, sun_alt, from_sun, strict=True)])  # fmt: skip
        seens[name] = seen
        if seen.any():
            index = int(np.argmax(np.where(seen, standings[name], -100.0)))
            best[name] = (times[index], float(alt[index]))
        else:
            best[name] = None
    return Reference(start, end, twilight, visible, best, margins, times, standings, seens)


def _edge(j, alt, margin, sun_alt, times, min_alt) -> datetime:  # type: ignore[no-untyped-def]
    """Where visibility changes between samples j and j + 1: where the Sun crosses the
    line between two sky states if it does there, else where the altitude or the
    margin crosses its line (linearly between the two samples)."""
    a, b = times[j], times[j + 1]
    sun = [(sun_alt[j] - line, sun_alt[j + 1] - line) for line in (-0.833, -6.0, -12.0, -18.0)]
    for f0, f1 in (*sun, (alt[j] - min_alt, alt[j + 1] - min_alt), (margin[j], margin[j + 1])):
        if (f0 > 0) != (f1 > 0):
            return a + (b - a) * float(f0 / (f0 - f1))
    raise AssertionError("no change between the samples")


def _minutes(a: datetime, b: datetime) -> float:
    return abs((a - b).total_seconds()) / 60.0


@dataclass(frozen=True)
class Case:
    label: str
    lat: float
    lon: float
    at: datetime
    grazing: bool = False  # the Sun only grazes some twilight lines: 30 minutes, not 1


# fmt: off
CASES = [
    Case("Paris, clocks go forward in the night", 48.8566, 2.3522, datetime(2026, 3, 28, 12, tzinfo=UTC)),
    Case("Paris, clocks go back in the night", 48.8566, 2.3522, datetime(2026, 10, 24, 12, tzinfo=UTC)),
    Case("Sydney, clocks go back in the night", -33.8568, 151.2153, datetime(2026, 4, 4, 3, tzinfo=UTC)),
    Case("the equator", 0.0, -78.5, datetime(2026, 8, 1, 12, tzinfo=UTC)),
    Case("Fiji, west of the date line", -16.8, 179.99, datetime(2026, 5, 10, 0, tzinfo=UTC)),
    Case("Fiji, east of the date line", -16.8, -179.99, datetime(2026, 5, 10, 0, tzinfo=UTC)),
    Case("Auckland: the local date changes in the night, not UTC's", -36.85, 174.76, datetime(2026, 1, 15, 3, tzinfo=UTC)),
    Case("Honolulu, asked at 02:00 local, the night under way", 21.3, -157.86, datetime(2026, 7, 4, 12, tzinfo=UTC)),
    Case("Oslo, a white night", 60.0, 10.0, datetime(2026, 6, 10, 12, tzinfo=UTC)),
    Case("Tromsø, the polar night", 69.65, 18.96, datetime(2026, 12, 21, 12, tzinfo=UTC)),
    Case("Tromsø, the midnight sun", 69.65, 18.96, datetime(2026, 6, 21, 12, tzinfo=UTC)),
    Case("Svalbard, polar night near its end, the Sun grazing", 78.22, 15.65, datetime(2026, 2, 10, 12, tzinfo=UTC), grazing=True),
]
# fmt: on


@cache
def _both(case: Case) -> tuple[Tonight, Reference]:
    ours, _ = tonight(PlanetTracker(case.lat, case.lon, 0.0, case.at))
    return ours, reference(case.lat, case.lon, case.at)


@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_the_night_and_its_twilight_within_1_minute_of_de421(case: Case) -> None:
    ours, theirs = _both(case)
    tolerance = 30.0 if case.grazing else 1.0
    assert _minutes(ours.start, theirs.start) < tolerance
    assert _minutes(ours.end, theirs.end) < tolerance
    for field, expected in theirs.twilight.items():
        found = getattr(ours.twilight, field)
        assert (found is None) == (expected is None), (field, found, expected)
        if found is not None and expected is not None:
            assert _minutes(found, expected) < tolerance, (field, found, expected)


@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_visibility_within_2_minutes_and_the_best_time_where_it_stands_out_most(case: Case) -> None:
    """Each edge within 2 minutes of the reference's (plus, for an edge set by the
    air's dimming, the time a 0.02 mag difference between the two magnitude models
    moves it); at the best time, the body's altitude within 0.2 degree of Skyfield's
    and its margin over the eye's limit (Schaefer's model on Skyfield's Sun and body)
    within 0.02 mag of the greatest in the reference's intervals."""
    ours, theirs = _both(case)
    for body in ours.bodies:
        expected = theirs.visible[body.name]
        found = [(i.start, i.end) for i in body.visible]
        margin = theirs.margin[body.name]

        def tolerance(moment: datetime, margin: np.ndarray = margin) -> float:
            j = min(
                max(round((moment - theirs.start).total_seconds() / STEP_S), 1), len(margin) - 2
            )
            rate = abs(margin[j + 1] - margin[j - 1]) / (2 * STEP_S / 60.0)  # mag a minute
            near = abs(margin[j]) < 0.1
            return 2.0 + (0.02 / rate if near and rate > 0 else 0.0)

        assert len(found) == len(expected), (body.name, found, expected)
        for (a, b), (c, d) in zip(found, expected, strict=True):
            assert _minutes(a, c) < tolerance(c), (body.name, "start", a, c)
            assert _minutes(b, d) < tolerance(d), (body.name, "end", b, d)
        if body.best is None:
            assert theirs.best[body.name] is None
            continue
        reference_best = theirs.best[body.name]
        assert reference_best is not None
        # Where the best time is, by Skyfield: the body's altitude then, and how far it
        # stands out then against the most it does in the reference's intervals. A
        # flat maximum (a body culminating in a dark sky) may be minutes away from the
        # reference's sample: its margin is within 0.02 mag of the greatest all the same.
        j = round((body.best.at - theirs.start).total_seconds() / STEP_S)
        j = min(max(j, 0), len(theirs.times) - 1)
        assert body.best.alt == pytest.approx(_altitude(case, body.name, body.best.at), abs=0.2), body.name  # fmt: skip
        standing = theirs.standing[body.name]
        greatest = float(np.max(standing[theirs.seen[body.name]]))
        around = standing[max(j - 1, 0) : j + 2]
        assert float(np.max(around)) > greatest - 0.02, (body.name, body.best.at, reference_best)
        # (The reference's Moon is of MOON_MAGNITUDE: its margin is shifted by as much.)
        shift = MOON_MAGNITUDE - body.magnitude if body.name == "moon" else 0.0
        assert body.best.margin == pytest.approx(float(standing[j]) + shift, abs=0.1), body.name


def _altitude(case: Case, name: str, moment: datetime) -> float:
    """Skyfield's apparent (refracted) altitude of ``name`` from ``case``'s place."""
    eph, ts = de421()
    observer = eph["earth"] + wgs84.latlon(case.lat, case.lon)
    apparent = observer.at(ts.from_datetime(moment)).observe(eph[DE421_TARGETS[name]]).apparent()
    return float(apparent.altaz(temperature_C=15.0, pressure_mbar=1013.25)[0].degrees)


def test_the_polar_night_runs_from_noon_to_noon_and_the_midnight_sun_a_day() -> None:
    polar, _ = _both(CASES[-3])
    assert (polar.twilight.sunset, polar.twilight.sunrise) == (None, None)
    assert polar.twilight.darkest == "night"
    assert (
        timedelta(hours=23, minutes=55) < polar.end - polar.start < timedelta(hours=24, minutes=5)
    )
    midnight_sun, _ = _both(CASES[-2])
    assert midnight_sun.twilight == type(midnight_sun.twilight)(*([None] * 8), "day")  # type: ignore[arg-type]
    assert midnight_sun.start == datetime(2026, 6, 21, 12, tzinfo=UTC)
    assert midnight_sun.end - midnight_sun.start == timedelta(days=1)
    assert midnight_sun.moon.dark is None
    white, _ = _both(CASES[-4])
    assert white.twilight.darkest == "nautical twilight"
    assert white.twilight.nautical_dusk is None
    assert white.twilight.civil_dusk is not None


def test_the_night_in_progress_is_tonight_until_sunrise_and_then_the_next() -> None:
    paris = (48.8566, 2.3522, 0.0)
    evening, until = tonight(PlanetTracker(*paris, datetime(2026, 3, 1, 12, tzinfo=UTC)))
    sunrise = evening.twilight.sunrise
    assert sunrise is not None
    assert until == pytest.approx(sunrise.timestamp(), abs=1.0)
    late, _ = tonight(PlanetTracker(*paris, sunrise - timedelta(minutes=1)))
    assert (late.start, late.end) == (evening.start, evening.end)
    morning, _ = tonight(PlanetTracker(*paris, sunrise + timedelta(minutes=1)))
    assert morning.start > sunrise + timedelta(hours=10)


def test_reasons_and_order() -> None:
    """Sydney, Christmas 2026: Mercury beside the Sun, Neptune (7.8) faint; the visible
    bodies first, those seen longest first."""
    ours, _ = tonight(PlanetTracker(-33.8568, 151.2153, 0.0, datetime(2026, 12, 24, 3, tzinfo=UTC)))
    reasons = {b.name: b.reason for b in ours.bodies}
    assert reasons["mercury"] == NEAR_THE_SUN
    assert reasons["neptune"] == NEEDS_BINOCULARS
    visible = [b for b in ours.bodies if b.visible]
    assert ours.bodies[: len(visible)] == tuple(visible)
    assert [b.visible_s for b in visible] == sorted((b.visible_s for b in visible), reverse=True)
    assert ours.moon.phase == "full"
    # Under the midnight sun it is the sky, not Saturn (0.8), that keeps it unseen.
    sun, _ = _both(CASES[-2])
    assert {b.name: b.reason for b in sun.bodies}["saturn"] == MIDNIGHT_SUN


def test_moon_phases_against_de421() -> None:
    """Named within a day of the principal phases of 2026 (from Skyfield's almanac);
    the illuminated part within 1 percent."""
    eph, ts = de421()
    t0, t1 = ts.utc(2026, 1, 1), ts.utc(2026, 3, 1)
    names = {0: "new", 1: "first quarter", 2: "full", 3: "last quarter"}
    times, phases = almanac.find_discrete(t0, t1, almanac.moon_phases(eph))
    for t, phase in zip(times, phases, strict=True):
        moment = t.utc_datetime()
        for offset, expected in ((timedelta(0), names[int(phase)]), (timedelta(days=3), None)):
            ours, _ = tonight(PlanetTracker(0.0, 0.0, 0.0, moment + offset))
            middle = ours.start + (ours.end - ours.start) / 2
            if expected is not None and _minutes(middle, moment) < 20 * 60:
                assert ours.moon.phase == expected
            lit = 100.0 * almanac.fraction_illuminated(eph, "moon", ts.from_datetime(middle))
            assert ours.moon.illuminated == pytest.approx(lit, abs=1.0)


def test_close_pairs_against_de421() -> None:
    """Venus and Jupiter, 9 June 2026 over Oslo: 1.9 degrees apart in the evening."""
    eph, ts = de421()
    ours, _ = tonight(PlanetTracker(60.0, 10.0, 0.0, datetime(2026, 6, 10, 12, tzinfo=UTC)))
    pair = next(p for p in ours.pairs if set(p.bodies) == {"venus", "jupiter"})
    observer = eph["earth"] + wgs84.latlon(60.0, 10.0)
    t = ts.from_datetime(pair.at)
    venus = observer.at(t).observe(eph["venus"]).apparent()
    jupiter = observer.at(t).observe(eph["jupiter barycenter"]).apparent()
    assert pair.separation == pytest.approx(venus.separation_from(jupiter).degrees, abs=0.01)
    assert pair.visible
    assert all(p.separation < 5.0 for p in ours.pairs)


def test_the_track_is_on_whole_10_minutes_from_an_hour_before_sunset() -> None:
    ours, _ = _both(CASES[0])
    track = ours.track
    assert track.start.minute % 10 == 0
    assert track.start.second == 0
    assert ours.twilight.sunset is not None
    assert ours.twilight.sunrise is not None
    assert timedelta(0) <= track.start - (ours.twilight.sunset - timedelta(hours=1)) < timedelta(minutes=10)  # fmt: skip
    last = track.start + (track.count - 1) * timedelta(seconds=track.step_s)
    assert timedelta(0) <= ours.twilight.sunrise + timedelta(hours=1) - last < timedelta(minutes=10)
    eph, ts = de421()
    observer = eph["earth"] + wgs84.latlon(CASES[0].lat, CASES[0].lon)
    for name in ("sun", "moon", "jupiter"):
        az, alt = track.bodies[name]
        for index in (0, track.count // 2, track.count - 1):
            moment = track.start + index * timedelta(seconds=track.step_s)
            apparent = (
                observer.at(ts.from_datetime(moment)).observe(eph[DE421_TARGETS[name]]).apparent()
            )
            ref_alt, ref_az, _ = apparent.altaz(temperature_C=15.0, pressure_mbar=1013.25)
            assert alt[index] == pytest.approx(ref_alt.degrees, abs=0.02)
            if ref_alt.degrees < 85:
                assert math.cos(math.radians(az[index] - ref_az.degrees)) > math.cos(
                    math.radians(0.05)
                )


def test_the_cache_answers_the_same_night_and_forgets_places() -> None:
    clock = [1000.0]
    cache = TonightCache(ttl_s=300.0, max_entries=2, clock=lambda: clock[0])
    paris = (48.8566, 2.3522, 0.0)
    first = cache.tonight(PlanetTracker(*paris, datetime(2026, 3, 1, 12, tzinfo=UTC)))
    again = cache.tonight(PlanetTracker(*paris, datetime(2026, 3, 1, 23, tzinfo=UTC)))
    assert again is first
    assert (cache.hits, cache.misses) == (1, 1)
    cache.tonight(PlanetTracker(*paris, datetime(2026, 3, 1, 23, tzinfo=UTC)), min_alt=20.0)
    assert cache.misses == 2  # another min_alt, another answer
    cache.tonight(PlanetTracker(-33.87, 151.21, 0.0, datetime(2026, 3, 1, 12, tzinfo=UTC)))
    assert len(cache) == 2  # capped
    clock[0] += 301.0
    cache.sweep()
    assert len(cache) == 0  # nobody's place outlives its use


@pytest.mark.parametrize("case", CASES[:9], ids=[c.label for c in CASES[:9]])
def test_rise_transit_and_set_in_the_night_within_2_minutes_of_de421(case: Case) -> None:
    """The first rise, transit and set in the night, or, for a body up at its start,
    the rise it has been up since (and that pass's transit), from Skyfield's almanac."""
    eph, ts = de421()
    ours, _ = _both(case)
    observer = eph["earth"] + wgs84.latlon(case.lat, case.lon)
    t0, t1 = ts.from_datetime(ours.start - timedelta(days=1)), ts.from_datetime(ours.end)
    for body in ours.bodies:
        target = eph[DE421_TARGETS[body.name]]
        rises = [t.utc_datetime() for t in almanac.find_risings(observer, target, t0, t1)[0]]
        sets = [t.utc_datetime() for t in almanac.find_settings(observer, target, t0, t1)[0]]
        transits = [t.utc_datetime() for t in almanac.find_transits(observer, target, t0, t1)]
        in_night = [t for t in rises if t >= ours.start]
        before = [t for t in rises if t < ours.start]
        last_set = max([t for t in sets if t < ours.start], default=None)
        up_at_start = bool(before) and (last_set is None or last_set < before[-1])
        rise = in_night[0] if in_night else (before[-1] if up_at_start else None)
        setting = next((t for t in sets if t >= ours.start), None)
        transit = next((t for t in transits if t >= ours.start), None)
        if transit is None and rise is not None:
            transit = next((t for t in transits if t >= rise), None)
        for label, found, expected in (("rise", body.rise, rise), ("set", body.set, setting), ("transit", body.transit, transit)):  # fmt: skip
            assert (found is None) == (expected is None), (body.name, label, found, expected)
            if found is not None and expected is not None:
                assert _minutes(found, expected) < 2.0, (body.name, label, found, expected)
        assert body.never_up == (not up_at_start and not in_night)


def _sun_and_body(case: Case, name: str, moments: list[datetime]) -> tuple[np.ndarray, np.ndarray]:
    """Skyfield's geometric altitude of the Sun and apparent altitude of ``name``."""
    eph, ts = de421()
    observer = eph["earth"] + wgs84.latlon(case.lat, case.lon)
    t = ts.from_datetimes(moments)
    sun = observer.at(t).observe(eph["sun"]).apparent().altaz()[0].degrees
    body = observer.at(t).observe(eph[DE421_TARGETS[name]]).apparent()
    alt = body.altaz(temperature_C=15.0, pressure_mbar=1013.25)[0].degrees
    return np.atleast_1d(sun), np.atleast_1d(alt)


def _every(start: datetime, end: datetime, minutes: float) -> list[datetime]:
    count = int((end - start).total_seconds() / 60.0 / minutes)
    return [start + timedelta(minutes=minutes * i) for i in range(count + 1)]


# fmt: off
BEST_CASES = [
    *CASES,
    Case("Sydney, 4 December 2026: four bodies were best at sunrise", -33.87, 151.21, datetime(2026, 12, 4, 2, tzinfo=UTC)),
    Case("Paris, Venus in the morning", 48.8566, 2.3522, datetime(2026, 12, 7, 12, tzinfo=UTC)),
    Case("London, a white night (as in 2099, beyond DE421)", 51.5, -0.13, datetime(2046, 6, 1, 12, tzinfo=UTC)),
    Case("Quito, Venus and Mercury at dawn", -0.18, -78.47, datetime(2026, 12, 7, 12, tzinfo=UTC)),
    Case("the date line, Fiji", -17.7, 179.99, datetime(2026, 12, 8, 0, tzinfo=UTC)),
]
# fmt: on


@pytest.mark.parametrize("case", BEST_CASES, ids=[c.label for c in BEST_CASES])
def test_the_best_time_is_not_sunrise_or_sunset_when_a_darker_moment_exists(case: Case) -> None:
    """A body best within two minutes of sunrise or sunset (Skyfield's almanac) has no
    moment in its intervals when the Sun (Skyfield) is 3 degrees lower and the body 2
    degrees above min_alt; and wherever the best time is, the body is above min_alt
    then, by Skyfield."""
    ours, _ = tonight(PlanetTracker(case.lat, case.lon, 0.0, case.at))
    eph, ts = de421()
    place = wgs84.latlon(case.lat, case.lon)
    t0 = ts.from_datetime(ours.start - timedelta(hours=1))
    t1 = ts.from_datetime(ours.end + timedelta(hours=1))
    edges = [t for t, _ in _events(almanac.sunrise_sunset(eph, place), t0, t1)]
    for body in ours.bodies:
        if body.best is None:
            continue
        _, alt = _sun_and_body(case, body.name, [body.best.at])
        assert alt[0] > ours.min_alt - 0.2, body.name
        if min((_minutes(body.best.at, edge) for edge in edges), default=99.0) >= 2.0:
            continue
        sun_then, _ = _sun_and_body(case, body.name, [body.best.at])
        moments = [m for i in body.visible for m in _every(i.start, i.end, 2.0)]
        sun, alt = _sun_and_body(case, body.name, moments)
        darker = (sun < sun_then[0] - 3.0) & (alt > ours.min_alt + 2.0)
        assert not darker.any(), (body.name, body.best.at, moments[int(np.argmax(darker))])


def test_sydney_s_morning_planets_are_best_in_a_dark_sky_before_it_brightens() -> None:
    """Sydney, 4-5 December 2026: Jupiter, Mars, the Moon and Venus were all 'best at
    05:37', sunrise. Each is best at least half an hour before sunrise, with the Sun
    (Skyfield) more than 12 degrees down, and said to be best before the sky brightens."""
    case = BEST_CASES[len(CASES)]
    ours, _ = tonight(PlanetTracker(case.lat, case.lon, 0.0, case.at))
    sunrise = ours.twilight.sunrise
    assert sunrise is not None
    best = {b.name: b.best for b in ours.bodies}
    for name in ("jupiter", "mars", "moon", "venus"):
        found = best[name]
        assert found is not None, name
        assert sunrise - found.at > timedelta(minutes=30), name
        sun, alt = _sun_and_body(case, name, [found.at])
        assert sun[0] < -12.0, name
        assert found.sun_alt == pytest.approx(sun[0], abs=0.1), name
        assert found.alt == pytest.approx(alt[0], abs=0.2), name
        assert found.timing == BEFORE_THE_DAWN, name


def test_under_the_midnight_sun_the_reason_is_the_sun_not_the_planet() -> None:
    """Tromsø, 21 June 2026: the Sun (Skyfield) stays above the horizon all 24 hours;
    Venus (-4.0), Mars, Saturn and Neptune rise above 10 degrees far from the Sun: the
    midnight sun, not 'too faint: needs binoculars', keeps them unseen."""
    case = CASES[-2]
    ours, _ = _both(case)
    moments = _every(ours.start, ours.end, 10.0)
    for body in ours.bodies:
        if body.name not in ("venus", "mars", "saturn", "neptune"):
            continue
        sun, alt = _sun_and_body(case, body.name, moments)
        assert sun.min() > -0.833
        assert alt.max() > 10.0, body.name
        assert body.elongation > 30.0, body.name
        assert body.reason == MIDNIGHT_SUN, body.name


def test_a_bright_planet_up_only_in_a_white_night_s_twilight_is_kept_unseen_by_the_twilight() -> (
    None
):
    """Oslo, 10 June 2026: Saturn (0.8) climbs just above 10 degrees, and (Skyfield)
    only while the Sun is less than 18 degrees down; a dark sky would show it there."""
    case = CASES[8]
    ours, _ = _both(case)
    saturn = next(b for b in ours.bodies if b.name == "saturn")
    moments = _every(ours.start, ours.end, 2.0)
    sun, alt = _sun_and_body(case, "saturn", moments)
    high = alt > 10.0
    assert high.any()
    assert sun[high].min() > -18.0
    assert naked_eye(float(alt.max()), saturn.magnitude, saturn.elongation, "night")
    assert saturn.reason == TWILIGHT


@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_too_faint_only_when_a_dark_sky_would_not_show_it(case: Case) -> None:
    """'Needs binoculars' or 'a telescope' only for a body that a dark sky would not
    show at any height it reaches above min_alt while the sky is dark (the Sun 18
    degrees down, Skyfield, every 10 minutes), or at all in a night that never gets
    that dark."""
    ours, _ = _both(case)
    moments = _every(ours.start, ours.end, 10.0)
    for body in ours.bodies:
        if body.reason not in (NEEDS_BINOCULARS, NEEDS_TELESCOPE):
            continue
        sun, alt = _sun_and_body(case, body.name, moments)
        dark = (alt > ours.min_alt) & (sun < -18.0)
        up = alt[dark] if dark.any() else alt[alt > ours.min_alt]
        assert not any(naked_eye(float(a), body.magnitude, body.elongation, "night") for a in up), body.name  # fmt: skip
