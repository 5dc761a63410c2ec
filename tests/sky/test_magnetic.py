"""Magnetic declination: the app's WMM (pygeomag, interpolated from a 5-degree grid) against
NOAA's own implementation and published test values, the cache, and the API's field."""

from __future__ import annotations

import math
import random
from datetime import datetime

import pytest
from aiohttp.test_utils import TestClient

from planettracker.sky.magnetic import MagneticDeclination, decimal_year, wrap180
from planettracker.web.keys import OBSERVATORY
from tests.support import noaa
from tests.support.angles import angle_between
from tests.support.checks import get_json
from tests.support.clock import FakeClock

# Where a compass can be trusted at all: NOAA's caution limit on the horizontal field.
CAUTION_NT = 6000.0
INVERCARGILL = (-46.4132, 168.3538, 0.0)  # New Zealand: some 25 degrees east
FAIRBANKS = (64.8378, -147.7164, 136.0)  # Alaska: some 14 degrees east
GREENWICH = (51.4769, -0.0005, 0.0)


@pytest.fixture(scope="module")
def declination() -> MagneticDeclination:
    return MagneticDeclination()


@pytest.mark.parametrize(("year", "km", "lat", "lon", "published"), noaa.WMM2025_TEST_VALUES)
def test_the_model_gives_noaas_published_test_values(
    declination: MagneticDeclination,
    year: float,
    km: float,
    lat: float,
    lon: float,
    published: float,
) -> None:
    lon = wrap180(lon)
    model = declination.model(lat, lon, km * 1000.0, year)
    assert model is not None
    assert model[0] == pytest.approx(published, abs=0.005)
    assert noaa.declination(lat, lon, km * 1000.0, year) == pytest.approx(published, abs=0.005)


def _places(count: int, seed: int) -> list[tuple[float, float, float]]:
    """Random places, uniform over the sphere, from the Dead Sea to an airliner's height."""
    rng = random.Random(seed)
    return [
        (
            math.degrees(math.asin(rng.uniform(-1.0, 1.0))),
            rng.uniform(-180.0, 180.0),
            rng.uniform(-500.0, 12_000.0),
        )
        for _ in range(count)
    ]


EDGES = [
    (90.0, 0.0, 0.0),
    (-90.0, 180.0, 0.0),
    (89.99, -180.0, 12_000.0),
    (0.0, 180.0, 0.0),
    (0.0, -180.0, -500.0),
    (-0.0001, 179.9999, 0.0),
    INVERCARGILL,
    FAIRBANKS,
    GREENWICH,
]


def test_interpolated_declination_is_close_to_noaas() -> None:
    today = MagneticDeclination()
    errors = []
    for lat, lon, elevation in _places(600, seed=6) + EDGES:
        got = today.at(lat, lon, elevation)
        assert got is not None
        assert -180.0 <= got <= 180.0
        expected, horizontal_nt = noaa.field(lat, lon, elevation, noaa.today())
        if horizontal_nt >= CAUTION_NT:
            errors.append(angle_between(got, expected))
    assert len(errors) > 550
    errors.sort()
    assert errors[len(errors) // 2] < 0.01  # median
    assert errors[len(errors) * 99 // 100] < 0.05
    assert errors[-1] < 0.15  # the worst are next to the south magnetic pole


@pytest.mark.parametrize(
    ("place", "east"),
    [(INVERCARGILL, (24.0, 27.0)), (FAIRBANKS, (13.0, 16.0)), (GREENWICH, (0.5, 2.0))],
)
def test_known_places_have_their_known_declination(
    declination: MagneticDeclination, place: tuple[float, float, float], east: tuple[float, float]
) -> None:
    got = declination.at(*place)
    assert got is not None
    assert east[0] < got < east[1]
    assert got == pytest.approx(noaa.declination(*place), abs=0.05)


def test_it_is_todays_declination() -> None:
    later = MagneticDeclination(clock=FakeClock.on(2029, 6, 1))
    earlier = MagneticDeclination(clock=FakeClock.on(2025, 2, 1))
    year_later, year_earlier = decimal_year(datetime(2029, 6, 1).date()), 2025 + 31 / 365
    for place in (INVERCARGILL, FAIRBANKS):
        assert later.at(*place) == pytest.approx(
            noaa.declination(*place, year=year_later), abs=0.05
        )
        assert earlier.at(*place) == pytest.approx(
            noaa.declination(*place, year=year_earlier), abs=0.05
        )
        assert later.at(*place) != earlier.at(*place)


@pytest.mark.parametrize("when", [(2024, 12, 31), (2030, 1, 1), (2031, 6, 1)])
def test_none_outside_the_models_five_years(when: tuple[int, int, int]) -> None:
    assert MagneticDeclination(clock=FakeClock.on(*when)).at(*GREENWICH) is None


def test_decimal_years() -> None:
    assert decimal_year(datetime(2026, 1, 1).date()) == 2026.0
    assert decimal_year(datetime(2028, 7, 2).date()) == pytest.approx(2028.5, abs=0.002)
    assert decimal_year(datetime(2027, 12, 31).date()) == pytest.approx(2027 + 364 / 365)


def test_a_place_gets_the_same_answer_every_time() -> None:
    """The first request from a place and every one after it: a phone polling, a
    tonight answered from its cache, a neighbour asking in between."""
    today = MagneticDeclination(clock=FakeClock.on(2026, 12, 6))
    places = _places(400, seed=14) + EDGES
    first = [today.at(*place) for place in places]
    neighbours = [today.at(lat + 0.3, lon, elevation) for lat, lon, elevation in places[:100]]
    assert all(value is not None for value in neighbours)
    assert [today.at(*place) for place in places] == first
    assert [today.at(*place) for place in reversed(places)] == first[::-1]


def test_the_model_is_asked_once_per_grid_point_and_day() -> None:
    wall = FakeClock.on(2026, 11, 1)
    cache = MagneticDeclination(clock=wall)
    first = cache.at(48.8566, 2.3522, 35.0)
    assert cache.computed == 16  # the 4 x 4 points of the 5-degree grid around Paris
    for _ in range(100):  # a phone polling every 2 s, and a neighbour in the same region
        wall.now += 2.0
        assert cache.at(48.8566, 2.3522, 35.0) == first
        assert cache.at(48.93, 2.45, 60.0) is not None
    assert cache.computed == 16
    cache.at(48.8566, 3.5, 35.0)  # further east in the same 5-degree cell: the same points
    assert cache.computed == 16
    cache.at(48.8566, 2.3522, 1400.0)  # another kilometre of elevation: its own grid
    assert cache.computed > 16
    wall.now += 86_400.0  # a new day: the field has moved on, start afresh
    assert cache.at(48.8566, 2.3522, 35.0) is not None
    assert cache.computed == 16 + 16 + 16


def test_the_grid_is_bounded_and_locates_nobody() -> None:
    cache = MagneticDeclination(clock=FakeClock.on(2026, 11, 1))
    for lat, lon, _ in _places(4000, seed=2):
        cache.at(lat, lon, 0.0)
    assert cache.computed == len(cache._points) <= 37 * 72  # each grid point once at most
    assert len(cache._patches) <= 36 * 73
    for km, row, column in [*cache._points, *cache._patches]:  # grid indices, whole km
        assert (km, type(row), type(column)) == (0, int, int)


# Through the API ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/planets", "/planets/jupiter"])
async def test_the_answer_gives_the_observers_declination(client: TestClient, path: str) -> None:
    lat, lon, elevation = INVERCARGILL
    params = {"lat": str(lat), "lon": str(lon), "elevation": "0"}
    body = await get_json(client, path, {**params, "at": "2020-01-01T00:00:00Z"})
    got = body["observer"]["magnetic_declination"]
    # Today's, not 2020's: the compass reads today's field.
    assert got == pytest.approx(noaa.declination(lat, lon, elevation), abs=0.05)
    assert round(got, 2) == got


async def test_polling_one_place_asks_the_model_once(client: TestClient) -> None:
    cache = client.app[OBSERVATORY].declination
    for _ in range(10):
        body = await get_json(client, "/planets", {"lat": "-41.2866", "lon": "174.7756"})
        assert body["observer"]["magnetic_declination"] is not None
    asked = cache.computed
    await client.get("/planets", params={"lat": "-41.2866", "lon": "174.7756"})
    assert cache.computed == asked  # nothing more asked of the model


async def test_null_when_the_model_has_expired(expired_client: TestClient) -> None:
    body = await get_json(expired_client, "/planets", {"lat": "10", "lon": "20"})
    assert body["observer"]["magnetic_declination"] is None


def test_a_warmed_grid_asks_nothing_more_of_the_model() -> None:
    """What a worker does before serving: after it, requests from anywhere at sea
    level cost interpolation only, never a call to the model (~2 ms each)."""
    cache = MagneticDeclination()
    cache.warm()
    assert cache.computed == 37 * 72
    for lat, lon in [
        (48.86, 2.35),
        (-45.0, 170.0),
        (64.84, -147.72),
        (89.9, 179.9),
        (-89.9, -180.0),
    ]:
        assert cache.at(lat, lon, 0.0) is not None
    assert cache.computed == 37 * 72
