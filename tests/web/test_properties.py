"""Properties that must hold for every input, checked by hypothesis on generated
ones: the query parsing gives a valid answer or a clear error and nothing else, and
the tracker gives sane numbers for any valid place and instant."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planettracker.sky.errors import PlanetTrackerError
from planettracker.sky.tracker import PlanetTracker
from planettracker.web.query import (
    ELEVATION_RANGE,
    LAT_RANGE,
    LON_RANGE,
    SKY_PARAMETERS,
    InvalidParameter,
    parse_location,
    parse_sky_query,
)

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like what a client might send, and anything at all.
numberish = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers().map(str),
    st.from_regex(r"\A[-+]?\d{0,4}([.,]\d{0,8})?([eE][-+]?\d{1,4})?\Z"),
    st.sampled_from(["", " 1", "1 ", "0x10", "1_000", "١٢", "½", "NaN", "-inf", "1e400"]),
)
instantish = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(
        datetime.isoformat
    ),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:\d{2})?\Z"),
)
any_value = st.one_of(numberish, instantish, st.text(max_size=300))
any_name = st.one_of(st.sampled_from(SKY_PARAMETERS), st.text(max_size=20))
pairs = st.lists(st.tuples(any_name, any_value), max_size=8)

json_value = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30), numberish
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


def explains(error: PlanetTrackerError) -> None:
    """A refusal a person can act on: what is wrong, and where."""
    assert error.detail
    assert error.detail.isprintable()
    if isinstance(error, InvalidParameter):
        assert error.parameter
        assert error.reason
        assert len(error.detail) < 300


@SETTINGS
@given(pairs)
# Valid queries, with and without a place, are rare among the generated ones: always these.
@example([])
@example([("lat", "-33.87"), ("lon", "151.21"), ("elevation", "58"), ("events", "1")])
@example([("at", "2026-03-01T21:30:00Z"), ("format", "text")])
def test_any_query_is_either_valid_or_a_clear_error(query: list[tuple[str, str]]) -> None:
    try:
        parsed = parse_sky_query(query)
    except PlanetTrackerError as error:
        explains(error)
        return
    # The default place (Greenwich) exactly when none was asked for.
    assert parsed.default_place is ("lat" not in {name for name, _ in query})
    lat, lon, elevation = parsed.place
    assert LAT_RANGE[0] <= lat <= LAT_RANGE[1]
    assert LON_RANGE[0] <= lon <= LON_RANGE[1]
    assert ELEVATION_RANGE[0] <= elevation <= ELEVATION_RANGE[1]
    if parsed.at is not None:
        assert parsed.at.tzinfo is not None
        assert datetime(1900, 1, 1, tzinfo=UTC) <= parsed.at <= datetime(2100, 1, 1, tzinfo=UTC)


@SETTINGS
@given(st.dictionaries(st.sampled_from(["lat", "lon", "elevation"]) | st.text(max_size=8), json_value, max_size=4))  # fmt: skip
@example({"lat": 48.93, "lon": "2.45"})  # places are rare among the generated objects
@example({"lat": "-33", "lon": 151, "elevation": 58.5})
def test_any_posted_object_is_either_a_place_or_a_clear_error(body: dict[str, object]) -> None:
    try:
        place = parse_location(body.items())
    except PlanetTrackerError as error:
        explains(error)
        return
    if "elevation" not in body:
        assert place.elevation == 0.0  # sea level unless told
    assert all(type(value) is float and math.isfinite(value) for value in place)


@SETTINGS
@given(
    lat=st.floats(*LAT_RANGE),
    lon=st.floats(*LON_RANGE),
    elevation=st.floats(*ELEVATION_RANGE),
    at=st.datetimes(
        min_value=datetime(1900, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
    ),
    pressure=st.none() | st.floats(0.0, 1100.0),
    temperature=st.floats(-90.0, 60.0),
)
def test_any_valid_place_and_instant_gives_sane_positions(
    lat: float,
    lon: float,
    elevation: float,
    at: datetime,
    pressure: float | None,
    temperature: float,
) -> None:
    sky = PlanetTracker(lat, lon, elevation, at, temperature, pressure).sky()
    assert sky.state in ("day", "civil twilight", "nautical twilight", "astronomical twilight", "night")  # fmt: skip
    for body in (sky.sun, sky.moon, *sky.planets):
        assert 0.0 <= body.az < 360.0, body
        assert -90.0 <= body.alt <= 90.0, body
        assert 0.0 <= body.ra < 360.0, body
        assert -90.0 <= body.dec <= 90.0, body
        assert 0.0 <= body.phase <= 100.0, body
        assert 0.0 <= body.elongation <= 180.0, body
        numbers = (body.magnitude, body.distance_au)
        assert all(math.isfinite(n) for n in numbers), body
        assert body.above_horizon == (body.alt > 0.0)
        assert not body.naked_eye or body.above_horizon


@pytest.mark.parametrize("lat", [-90.0, 90.0])
def test_the_poles_have_no_meaningless_azimuth(lat: float) -> None:
    """At a pole every direction is south (or north): the azimuth must still be a
    number in range, not NaN."""
    sky = PlanetTracker(lat, 0.0, 0.0, datetime(2026, 3, 1, tzinfo=UTC)).sky()
    assert all(0.0 <= p.az < 360.0 for p in sky.planets)
