"""The astronomy, checked against independent references: JPL's DE421 ephemeris
reduced by Skyfield (tests/reference.py), published values, and standard tables."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone

import ephem
import pytest

from planettracker.sky.bodies import BODIES, PLANETS, compass_direction
from planettracker.sky.errors import UnknownBody
from planettracker.sky.tracker import (
    NEAR_SUN_CAUTION,
    SUN_CAUTION,
    PlanetTracker,
    standard_pressure,
)
from planettracker.sky.visibility import airmass, naked_eye, sky_state
from tests.support import reference
from tests.support.angles import separation_arcsec
from tests.support.bodies import BODY_NAMES, PLANET_NAMES

MAX_ERROR_ARCSEC = 20.0


@pytest.mark.parametrize(
    ("temperature", "pressure"),
    [(15.0, 0.0), (15.0, 1010.0)],
    ids=["no-refraction", "refraction-15C-1010mbar"],
)
def test_az_alt_within_20_arcsec_of_de421(temperature: float, pressure: float) -> None:
    checked = 0
    worst = (0.0, "")
    for lat, lon, elevation, when in reference.random_cases(seed=2026, count=120):
        tracker = PlanetTracker(lat, lon, elevation, when, temperature, pressure)
        for name in BODY_NAMES:
            ours = tracker.position(name)
            if ours.alt <= 5.0:
                continue
            ref = reference.position(name, lat, lon, elevation, when, temperature, pressure)
            error = separation_arcsec(ours.az, ours.alt, ref.az, ref.alt)
            checked += 1
            if error > worst[0]:
                worst = (error, f"{name} at {lat:.3f},{lon:.3f},{elevation:.0f}m {when}")
    assert checked > 300  # enough bodies were above 5 degrees to mean something
    assert worst[0] < MAX_ERROR_ARCSEC, worst


def test_ra_dec_distance_phase_elongation_magnitude_match_de421() -> None:
    for lat, lon, elevation, when in reference.random_cases(seed=1972, count=40):
        tracker = PlanetTracker(lat, lon, elevation, when, pressure=0.0)
        for name in BODY_NAMES:
            ours = tracker.position(name)
            ref = reference.position(name, lat, lon, elevation, when)
            assert separation_arcsec(ours.ra, ours.dec, ref.ra, ref.dec) < 20.0
            assert ours.distance_au == pytest.approx(ref.distance_au, rel=5e-4)
            assert ours.phase == pytest.approx(ref.phase, abs=0.1)
            assert ours.elongation == pytest.approx(ref.elongation, abs=0.02)
            # Magnitude models differ most for thin crescents, lost in the Sun's glare.
            if ref.magnitude is not None and ours.phase > 15.0:
                assert ours.magnitude == pytest.approx(ref.magnitude, abs=0.5), name


def test_mars_closest_approach_2003_distance() -> None:
    # NASA: on 2003-08-27 at 09:51 UT Mars came within 55,758,006 km of Earth.
    tracker = PlanetTracker(0.0, 0.0, 0.0, datetime(2003, 8, 27, 9, 51, tzinfo=UTC))
    assert tracker.position("mars").distance_au * 149_597_870.7 == pytest.approx(
        55_758_006, abs=5_000
    )


def test_great_conjunction_2020_jupiter_saturn_six_arcminutes_apart() -> None:
    # Jupiter and Saturn passed 6.1' apart on 2020-12-21 around 18:00 UTC.
    tracker = PlanetTracker(0.0, 0.0, 0.0, datetime(2020, 12, 21, 18, 0, tzinfo=UTC))
    jupiter, saturn = tracker.position("jupiter"), tracker.position("saturn")
    separation = separation_arcsec(jupiter.ra, jupiter.dec, saturn.ra, saturn.dec)
    assert separation / 60.0 == pytest.approx(6.1, abs=0.1)


def test_total_eclipse_2017_sun_and_moon_coincide_over_oregon() -> None:
    # Totality at Madras, Oregon (44.63 N, 121.13 W) was centred on 17:20:30 UTC.
    at = datetime(2017, 8, 21, 17, 20, 30, tzinfo=UTC)
    tracker = PlanetTracker(44.6332, -121.1295, 700.0, at)
    sun, moon = tracker.position("sun"), tracker.position("moon")
    assert separation_arcsec(sun.az, sun.alt, moon.az, moon.alt) < 60.0
    assert sun.above_horizon
    assert moon.phase < 0.1  # new Moon


def test_degrees_are_not_read_as_radians() -> None:
    # PyEphem reads a float as radians: the tracker must convert its degrees once.
    tracker = PlanetTracker(51.4769, -0.0005, 0.0, datetime(2026, 3, 1, tzinfo=UTC))
    assert math.degrees(tracker.lat) == pytest.approx(51.4769, abs=1e-9)
    assert math.degrees(tracker.lon) == pytest.approx(-0.0005, abs=1e-9)


def test_instants_with_an_offset_become_utc() -> None:
    paris = timezone(timedelta(hours=1))
    tracker = PlanetTracker(48.85, 2.35, 0.0, datetime(2026, 3, 1, 22, 30, tzinfo=paris))
    assert tracker.at == datetime(2026, 3, 1, 21, 30, tzinfo=UTC)


def test_default_instant_is_now_to_the_second() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    tracker = PlanetTracker(0.0, 0.0)
    assert before <= tracker.at <= datetime.now(UTC)
    assert tracker.at.microsecond == 0


@pytest.mark.parametrize(
    ("lat", "lon", "at", "name"),
    [
        # The issue's case: Tromsø's Sun at noon at the winter solstice, 3.1 degrees under
        # the horizon, was lifted to -1.87 degrees.
        (69.65, 18.96, datetime(2026, 12, 21, 10, 45, tzinfo=UTC), "sun"),
        # Just above and just below Skyfield's cut-off (a true altitude of -1 degree),
        # and a body well up: the same refraction as Skyfield's on both sides.
        (51.4769, -0.0005, datetime(2026, 3, 1, 17, 41, tzinfo=UTC), "sun"),  # -0.96
        (51.4769, -0.0005, datetime(2026, 3, 1, 17, 42, tzinfo=UTC), "sun"),  # -1.11
        (51.4769, -0.0005, datetime(2026, 3, 1, 18, 0, tzinfo=UTC), "venus"),
        (-33.87, 151.21, datetime(2026, 12, 4, 2, 0, tzinfo=UTC), "mars"),  # -13.8 degrees
    ],
)
def test_no_refraction_more_than_a_degree_below_the_horizon(
    lat: float, lon: float, at: datetime, name: str
) -> None:
    """Nobody sees a body 3 degrees under the horizon: Skyfield refracts none whose
    true altitude is under -1 degree (skyfield.earthlib.refract), nor does this."""
    tracker = PlanetTracker(lat, lon, 0.0, at)
    ours = tracker.position(name)
    ref = reference.position(name, lat, lon, 0.0, at, 15.0, tracker.pressure)
    geometric = reference.position(name, lat, lon, 0.0, at)
    assert ours.alt == pytest.approx(ref.alt, abs=30 / 3600), (ours.alt, ref.alt, geometric.alt)
    if geometric.alt < -1.0:
        assert ref.alt == geometric.alt  # Skyfield's rule, as this test reads it


@pytest.mark.parametrize(
    ("lat", "lon", "at", "seen"),
    [
        # Where the Moon stands in another constellation than from the Earth's centre
        # (its parallax reaches a degree): found with Skyfield and DE421.
        (-33.8568, 151.2153, datetime(2026, 12, 8, 21, 0, tzinfo=UTC), "Ophiuchus"),  # not Scorpius
        (48.8566, 2.3522, datetime(2026, 12, 1, 7, 0, tzinfo=UTC), "Sextans"),  # not Leo
        (35.6762, 139.6503, datetime(2026, 12, 25, 18, 0, tzinfo=UTC), "Gemini"),  # not Cancer
        (
            -33.92,
            18.42,
            datetime(2026, 12, 12, 16, 0, tzinfo=UTC),
            "Sagittarius",
        ),  # not Capricornus
    ],
)
def test_the_moon_s_constellation_is_where_the_observer_sees_it(
    lat: float, lon: float, at: datetime, seen: str
) -> None:
    topocentric, geocentric, inside = reference.constellation("moon", lat, lon, 0.0, at, 0.05)
    assert (topocentric, inside) == (seen, True)
    assert geocentric != topocentric  # the case means something
    assert PlanetTracker(lat, lon, 0.0, at).position("moon").constellation == topocentric


def test_constellations_match_skyfield_s_boundaries() -> None:
    """Every body at random places and instants, in the constellation Skyfield's
    boundaries put its topocentric apparent position in (but within 0.02 degree of a
    boundary, where the two reductions may fall either side)."""
    checked = 0
    for lat, lon, elevation, when in reference.random_cases(seed=1875, count=60):
        tracker = PlanetTracker(lat, lon, elevation, when)
        for name in BODY_NAMES:
            expected, _, inside = reference.constellation(name, lat, lon, elevation, when, 0.02)
            if inside:
                assert tracker.position(name).constellation == expected, (name, lat, lon, when)
                checked += 1
    assert checked > 500


@pytest.mark.parametrize(
    ("elevation", "mbar"),
    # The International Standard Atmosphere's tabulated pressures.
    [(0, 1013.25), (1000, 898.75), (3000, 701.09), (5000, 540.20), (8000, 356.00)],
)
def test_default_pressure_is_the_standard_atmosphere(elevation: float, mbar: float) -> None:
    assert standard_pressure(elevation) == pytest.approx(mbar, abs=0.05)
    tracker = PlanetTracker(0.0, 0.0, elevation, datetime(2026, 3, 1, tzinfo=UTC))
    assert tracker.pressure == pytest.approx(mbar, abs=0.05)


def test_pressure_zero_turns_refraction_off() -> None:
    at = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)
    refracted = PlanetTracker(51.4769, -0.0005, 0.0, at).position("venus")
    geometric = PlanetTracker(51.4769, -0.0005, 0.0, at, pressure=0.0).position("venus")
    ref = reference.position("venus", 51.4769, -0.0005, 0.0, at, pressure=0.0)
    assert geometric.alt == pytest.approx(ref.alt, abs=20 / 3600)
    # Near the horizon refraction lifts a body by a few tenths of a degree.
    assert 0.1 < refracted.alt - geometric.alt < 0.6


@pytest.mark.parametrize(
    ("az", "word"),
    [
        (0.0, "N"),
        (11.24, "N"),
        (11.25, "NNE"),
        (45.0, "NE"),
        (157.5, "SSE"),
        (180.0, "S"),
        (270.0, "W"),
        (292.5, "WNW"),
        (348.74, "NNW"),
        (348.75, "N"),
        (359.999, "N"),
    ],
)
def test_compass_direction(az: float, word: str) -> None:
    assert compass_direction(az) == word


@pytest.mark.parametrize(
    ("sun_alt", "state"),
    [
        (30.0, "day"),
        (-0.5, "day"),
        (-0.9, "civil twilight"),
        (-6.0, "civil twilight"),
        (-6.1, "nautical twilight"),
        (-12.1, "astronomical twilight"),
        (-18.0, "astronomical twilight"),
        (-18.1, "night"),
        (-70.0, "night"),
    ],
)
def test_sky_state_from_the_suns_altitude(sun_alt: float, state: str) -> None:
    assert sky_state(sun_alt) == state


def test_sky_state_uses_the_geometric_sun() -> None:
    # 2026-03-20 at Greenwich: sunset 18:14 UT, civil dusk ends about 18:46 UT.
    at = datetime(2026, 3, 20, 18, 30, tzinfo=UTC)
    tracker = PlanetTracker(51.4769, -0.0005, 0.0, at)
    ref = reference.position("sun", 51.4769, -0.0005, 0.0, at)
    assert sky_state(ref.alt) == "civil twilight"
    assert tracker.sky().state == "civil twilight"


@pytest.mark.parametrize(
    ("name", "lat", "lon", "at", "seen"),
    [
        # The Sun, 78 degrees up over Sydney at 13:00 local: of course it is seen.
        ("sun", -33.87, 151.21, datetime(2026, 12, 4, 2, 0, tzinfo=UTC), True),
        # ... and not at 23:00 local, under the horizon.
        ("sun", -33.87, 151.21, datetime(2026, 12, 4, 12, 0, tzinfo=UTC), False),
        # A first-quarter Moon, 51 degrees up on a Paris afternoon: seen in daylight.
        ("moon", 48.8566, 2.3522, datetime(2026, 3, 25, 15, 0, tzinfo=UTC), True),
        # Reykjavik, 4 minutes before the new Moon (DE421: 02:54 UT), the Moon 2.5 degrees
        # up in the twilight 4.7 degrees from the Sun: no crescent within 7 degrees of
        # the Sun can be seen (Danjon's limit), however bright the model's magnitude.
        ("moon", 64.1466, -21.9426, datetime(2026, 6, 15, 2, 50, tzinfo=UTC), False),
        # The Moon at the 2017 total eclipse over Oregon: up, but it is the eclipse.
        ("moon", 44.6332, -121.1295, datetime(2017, 8, 21, 17, 20, 30, tzinfo=UTC), False),
    ],
)
def test_naked_eye_for_the_sun_and_the_moon(
    name: str, lat: float, lon: float, at: datetime, seen: bool
) -> None:
    """The Sun is seen whenever it is up; the Moon whenever it is up and bright enough
    for the sky, but not within 7 degrees of the Sun (Danjon's limit)."""
    ref = reference.position(name, lat, lon, 0.0, at, 15.0, standard_pressure(0.0))
    ours = PlanetTracker(lat, lon, 0.0, at).position(name)
    assert ours.naked_eye is seen
    assert seen is bool(ref.alt > 0.0 and (name == "sun" or ref.elongation > 7.0))


@pytest.mark.parametrize(
    ("name", "at", "caution"),
    [
        ("sun", datetime(2026, 12, 4, 2, 0, tzinfo=UTC), SUN_CAUTION),  # 78 degrees up
        ("sun", datetime(2026, 12, 4, 12, 0, tzinfo=UTC), None),  # down
        ("mercury", datetime(2026, 12, 4, 2, 0, tzinfo=UTC), None),  # 15.4 degrees off
        ("mercury", datetime(2026, 12, 12, 2, 0, tzinfo=UTC), NEAR_SUN_CAUTION),  # 11.3 off
        ("moon", datetime(2026, 12, 4, 2, 0, tzinfo=UTC), None),  # 56 degrees off
        ("mercury", datetime(2026, 12, 12, 12, 0, tzinfo=UTC), None),  # the Sun is down
    ],
)
def test_a_caution_where_binoculars_could_catch_the_sun(
    name: str, at: datetime, caution: str | None
) -> None:
    """While the Sun is up, the Sun itself and whatever is within 15 degrees of it
    carry a caution: never look at the Sun, never point optics at or near it."""
    ours = PlanetTracker(-33.87, 151.21, 0.0, at).sky()
    ref = reference.position(name, -33.87, 151.21, 0.0, at)
    sun = reference.position("sun", -33.87, 151.21, 0.0, at)
    assert bool(sun.alt > 0.0 and ref.elongation < 15.0) is (caution is not None)
    assert ours.bodies[name].caution == caution


def test_airmass_is_one_at_the_zenith_and_about_38_at_the_horizon() -> None:
    assert airmass(90.0) == pytest.approx(1.0, abs=1e-3)
    assert airmass(30.0) == pytest.approx(2.0, abs=0.01)
    assert airmass(0.0) == pytest.approx(38.0, abs=0.2)


@pytest.mark.parametrize(
    ("alt", "magnitude", "elongation", "state", "seen"),
    [
        (40.0, -4.5, 40.0, "day", True),  # Venus at its brightest, well away from the Sun
        (40.0, -4.5, 8.0, "day", False),  # ... but not in the Sun's glare
        (40.0, -2.5, 90.0, "day", False),  # Jupiter is not a daylight object
        (30.0, -2.5, 90.0, "civil twilight", True),
        (30.0, 1.5, 90.0, "civil twilight", False),
        (30.0, 5.7, 120.0, "night", True),  # Uranus from a dark site
        (30.0, 7.8, 120.0, "night", False),  # Neptune never
        (2.0, 5.0, 120.0, "night", False),  # too faint through the air near the horizon
        (-1.0, -4.5, 40.0, "night", False),  # below the horizon
    ],
)
def test_naked_eye(alt: float, magnitude: float, elongation: float, state: str, seen: bool) -> None:
    assert naked_eye(alt, magnitude, elongation, state) is seen


def test_sky_lists_the_seven_planets_in_order_from_the_sun() -> None:
    assert (PLANETS, BODIES) == (PLANET_NAMES, BODY_NAMES)  # the app's lists are the tests'
    sky = PlanetTracker(-33.87, 151.21, 0.0, datetime(2026, 3, 1, 10, 0, tzinfo=UTC)).sky()
    assert [p.name for p in sky.planets] == list(PLANET_NAMES)
    assert (sky.sun.name, sky.moon.name) == ("sun", "moon")
    for p in (sky.sun, sky.moon, *sky.planets):
        assert 0.0 <= p.az < 360.0
        assert -90.0 <= p.alt <= 90.0
        assert p.above_horizon is (p.alt > 0.0)
        assert p.direction == compass_direction(p.az)


def test_unknown_body() -> None:
    tracker = PlanetTracker(0.0, 0.0)
    with pytest.raises(UnknownBody) as raised:
        tracker.position("pluto")
    assert raised.value.valid == BODY_NAMES


@pytest.mark.parametrize(
    ("name", "lat", "lon", "day"),
    [
        ("sun", 51.4769, -0.0005, datetime(2026, 3, 1, tzinfo=UTC)),
        ("moon", -33.87, 151.21, datetime(2026, 7, 9, tzinfo=UTC)),
        ("mars", 35.68, 139.69, datetime(2027, 2, 19, tzinfo=UTC)),
        ("jupiter", 64.14, -21.94, datetime(2026, 12, 1, tzinfo=UTC)),
        ("venus", 0.0, -78.5, datetime(1999, 5, 5, 12, tzinfo=UTC)),
    ],
)
def test_rise_and_set_match_de421(name: str, lat: float, lon: float, day: datetime) -> None:
    events = PlanetTracker(lat, lon, 0.0, day).events(name)
    rises, sets = reference.risings_and_settings(name, lat, lon, day, day + timedelta(days=2))
    assert events.rise is not None
    assert events.set is not None
    assert abs(events.rise - rises[0]) < timedelta(minutes=2)
    assert abs(events.set - sets[0]) < timedelta(minutes=2)
    assert events.transit is not None
    assert day < events.transit < day + timedelta(days=1, hours=1)
    assert not events.always_up
    assert not events.never_up


def test_midnight_sun_and_polar_night() -> None:
    svalbard = (78.22, 15.65)
    summer = PlanetTracker(*svalbard, 0.0, datetime(2026, 6, 21, tzinfo=UTC)).events("sun")
    assert (summer.rise, summer.set, summer.always_up, summer.never_up) == (None, None, True, False)
    assert summer.transit is not None
    winter = PlanetTracker(*svalbard, 0.0, datetime(2026, 12, 21, tzinfo=UTC)).events("sun")
    assert (winter.rise, winter.set, winter.always_up, winter.never_up) == (None, None, False, True)


def test_events_leave_the_trackers_instant_alone() -> None:
    """Rise and set are found on the ephemeris' grid (planettracker.sky.paths), never by
    moving the observer's date as PyEphem's searches did: after them the tracker is
    still at its instant, and Mars where DE421 has it then (not PyEphem: the tracker
    no longer computes with it)."""
    at = datetime(2026, 3, 1, 21, 30, tzinfo=UTC)
    tracker = PlanetTracker(48.85, 2.35, 0.0, at, 15.0, 1010.0)
    date = float(tracker.date)
    tracker.events("mars")
    assert float(tracker.date) == date
    assert tracker.at == at
    after = tracker.position("mars")
    ref = reference.position("mars", 48.85, 2.35, 0.0, at, 15.0, 1010.0)
    assert separation_arcsec(after.az, after.alt, ref.az, ref.alt) < MAX_ERROR_ARCSEC


def test_positions_and_events_read_the_same_fields() -> None:
    """One source of truth: change the tracker's place, air or date after it was
    built, and positions follow exactly as PyEphem's own computation does."""
    tracker = PlanetTracker(48.85, 2.35, 0.0, datetime(2026, 3, 1, 21, 30, tzinfo=UTC))
    tracker.position("jupiter")  # computed once for the first place
    tracker.lat, tracker.lon = math.radians(-33.86), math.radians(151.21)
    tracker.pressure, tracker.temp = 1030.0, -5.0
    tracker.date = ephem.Date("2026/3/2 11:00")
    jupiter = ephem.Jupiter(tracker)
    ours = tracker.position("jupiter")
    assert ours.az == pytest.approx(math.degrees(jupiter.az), abs=1 / 3600)
    assert ours.alt == pytest.approx(math.degrees(jupiter.alt), abs=1 / 3600)
    assert tracker.at == datetime(2026, 3, 2, 11, 0, tzinfo=UTC)
