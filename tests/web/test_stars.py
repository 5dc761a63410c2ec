"""The stars in the API: each body's ``near`` in /planets and /planets/{name}, and
GET /stars, read from the answers' bodies and checked against Skyfield (the helpers of
tests/sky/test_stars.py) and against the OpenAPI document."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from openapi_schema_validator import OAS31Validator

from tests.sky.test_stars import (
    AMBIGUITY,
    angle_between,
    direction_is_right,
    entry_named,
    skyfield_faintest,
    skyfield_landmark,
    skyfield_stars,
)
from tests.support import reference

# Sydney at 22:00 on Christmas Eve 2026 (AEDT): the Moon, Saturn and Uranus up, each
# with a landmark; Paris the same evening.
SYDNEY = {"lat": "-33.8568", "lon": "151.2153", "elevation": "58"}
SYDNEY_AT = "2026-12-24T11:00:00Z"
PARIS = {"lat": "48.8566", "lon": "2.3522", "elevation": "35"}
PARIS_AT = "2026-12-24T22:00:00Z"
LANDMARK_KEYS = {"name", "separation", "direction"}
STAR_KEYS = {"name", "az", "alt", "magnitude", "direction"}
COMPASS = [
    "N",
    "NNE",
    "NE",
    "ENE",
    "E",
    "ESE",
    "SE",
    "SSE",
    "S",
    "SSW",
    "SW",
    "WSW",
    "W",
    "WNW",
    "NW",
    "NNW",
]


def _case(params: dict[str, str], at: str) -> tuple[float, float, float, datetime, float, float]:
    """The place, instant and air as the references take them (the API's defaults:
    15 C and the standard atmosphere at the elevation, as the answer says)."""
    return (
        float(params["lat"]),
        float(params["lon"]),
        float(params["elevation"]),
        datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone(UTC),
        15.0,
        0.0,  # replaced by the answer's pressure
    )


def _check_near(body: dict[str, Any], case: tuple[Any, ...], pressure: float) -> bool:
    """One body's ``near`` against Skyfield; True if it was a clear-cut comparison."""
    lat, lon, elevation, when, temperature, _ = case
    assert body["near"] is None or body["near"].keys() == LANDMARK_KEYS
    if body["name"] == "sun" or not body["above_horizon"]:
        assert body["near"] is None, body["name"]
        return False
    ref = reference.position(body["name"], lat, lon, elevation, when, temperature, pressure)
    stars = skyfield_stars(lat, lon, elevation, when, temperature, pressure)
    faintest, near_edge = skyfield_faintest(lat, lon, elevation, when)
    expected = skyfield_landmark(ref.az, ref.alt, stars, faintest)
    if expected.ambiguous or near_edge:
        return False
    if expected.entry is None:
        assert body["near"] is None, body["name"]
        return True
    near = body["near"]
    assert near is not None, (body["name"], expected)
    assert near["name"] in expected.entry.names
    # Rounded to 0.1 degree for people: within half of that, and the reference's error.
    assert abs(near["separation"] - expected.separation) <= 0.05 + 0.01, body["name"]
    assert near["separation"] == round(near["separation"], 1)
    assert direction_is_right(near["direction"], expected.angle, 0.5), (body["name"], expected)
    return True


async def test_every_body_of_the_sky_has_its_landmark(client: TestClient) -> None:
    compared = 0
    for params, at in ((SYDNEY, SYDNEY_AT), (PARIS, PARIS_AT)):
        response = await client.get("/planets", params={**params, "at": at})
        assert response.status == 200
        body = await response.json()
        case = _case(params, at)
        pressure = body["observer"]["pressure"]
        for item in (body["sun"], body["moon"], *body["planets"]):
            assert "near" in item
            compared += _check_near(item, case, pressure)
    assert compared >= 4


async def test_one_planet_has_its_landmark(client: TestClient) -> None:
    params = {**SYDNEY, "at": SYDNEY_AT}
    body = await (await client.get("/planets/uranus", params=params)).json()
    assert body["near"] is not None
    assert _check_near(body, _case(SYDNEY, SYDNEY_AT), body["observer"]["pressure"])
    sky = await (await client.get("/planets", params=params)).json()
    assert body["near"] == next(p for p in sky["planets"] if p["name"] == "uranus")["near"]


async def test_the_text_table_says_the_landmark_in_words(client: TestClient) -> None:
    params = {**SYDNEY, "at": SYDNEY_AT}
    text = await (await client.get("/planets", params={**params, "format": "text"})).text()
    body = await (await client.get("/planets", params=params)).json()
    lines = text.splitlines()
    assert lines[3].split()[-1] == "Near"
    rows = {line.split()[0]: line for line in lines[4:]}
    for item in (body["sun"], body["moon"], *body["planets"]):
        row = rows[item["name"].capitalize()]
        near = item["near"]
        if near is None:
            assert row.endswith("  -"), row
        else:
            assert row.endswith(_words(near)), row
    # One planet: its own table.
    one = await (await client.get("/planets/uranus", params={**params, "format": "text"})).text()
    uranus = next(p for p in body["planets"] if p["name"] == "uranus")["near"]
    assert _words(uranus) in one
    assert _words({"separation": 2.0, "direction": "above", "name": "Spica"}) == "2.0° above Spica"


def _words(near: dict[str, Any]) -> str:
    """How the table says a landmark: "3.1° upper left of Antares", "2.0° above Spica"."""
    of = "" if near["direction"] in ("above", "below") else " of"
    return f"{near['separation']:.1f}° {near['direction']}{of} {near['name']}"


async def test_stars_are_the_catalogues_above_the_horizon(client: TestClient) -> None:
    response = await client.get(
        "/stars", params={**SYDNEY, "at": SYDNEY_AT}, headers={"Origin": "https://example.org"}
    )
    assert response.status == 200
    assert response.content_type == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"  # shared like the API
    assert response.headers["Cache-Control"] == "no-store"
    body = await response.json()
    assert body.keys() == {"at", "observer", "sky", "stars"}
    assert body["at"] == SYDNEY_AT
    assert body["sky"] == "night"
    assert body["observer"]["timezone"] == "Australia/Sydney"
    lat, lon, elevation, when, temperature, _ = _case(SYDNEY, SYDNEY_AT)
    pressure = body["observer"]["pressure"]
    seen = skyfield_stars(lat, lon, elevation, when, temperature, pressure)
    ours = {star["name"]: star for star in body["stars"]}
    magnitudes = [star["magnitude"] for star in body["stars"]]
    assert magnitudes == sorted(magnitudes)  # brightest first
    for star in body["stars"]:
        assert star.keys() == STAR_KEYS
        assert star["alt"] > 0
    checked = 0
    for expected in seen:
        names = [name for name in expected.entry.names if name in ours]
        if expected.alt < -AMBIGUITY or (expected.alt < AMBIGUITY and not names):
            assert not names
            continue
        assert len(names) == 1, expected.entry.names  # listed once, under one name
        star = ours[names[0]]
        assert star["magnitude"] == expected.entry.magnitude
        limit = 20.0 if expected.alt > 5 else 60.0
        assert reference.separation_arcsec(star["az"], star["alt"], expected.az, expected.alt) < limit  # fmt: skip
        sector = (expected.az + 11.25) / 22.5
        if abs(sector - round(sector)) * 22.5 > 0.02:  # not on a compass point's boundary
            assert star["direction"] == COMPASS[int(sector) % 16]
        checked += 1
    assert checked == len(ours) > 30
    assert {"Sirius", "Canopus", "Achernar", "Rigel", "Betelgeuse"} <= set(ours)  # summer, south
    assert "Polaris" not in ours  # never up from Sydney


async def test_stars_as_a_table(client: TestClient) -> None:
    params = {**PARIS, "at": PARIS_AT}
    text = await (await client.get("/stars", params={**params, "format": "text"})).text()
    body = await (await client.get("/stars", params=params)).json()
    lines = text.splitlines()
    assert lines[0] == "Sky over 48.8566°N 2.3522°E, 35 m (Europe/Paris)"
    assert lines[1] == "2026-12-24 23:00:00 CET (UTC+01:00), night"  # Paris, 22:00 UTC
    assert lines[3].split() == ["Star", "Dir", "Azimuth", "Altitude", "Mag"]
    rows = lines[4:]
    assert len(rows) == len(body["stars"])
    for row, star in zip(rows, body["stars"], strict=True):
        assert row.startswith(star["name"])
        cells = row[len(star["name"]) :].split()
        assert cells == [
            star["direction"],
            f"{star['az']:.1f}°",
            f"{star['alt']:.1f}°",
            f"{star['magnitude']:.2f}",
        ]
    assert "Polaris" in text
    assert "Canopus" not in text


async def test_stars_at_the_default_place_and_now(client: TestClient) -> None:
    body = await (await client.get("/stars")).json()
    assert body["observer"]["default"] is True
    assert body["observer"]["lat"] == 51.4769
    assert "Polaris" in {star["name"] for star in body["stars"]}  # always up at Greenwich
    moment = datetime.fromisoformat(body["at"].replace("Z", "+00:00"))
    assert abs((datetime.now(UTC) - moment).total_seconds()) < 10


async def test_only_northern_stars_are_up_at_the_north_pole(client: TestClient) -> None:
    """At the North Pole only the northern sky is ever up: no southern star."""
    body = await (await client.get("/stars", params={"lat": "90", "lon": "0", "at": PARIS_AT})).json()  # fmt: skip
    names = {star["name"] for star in body["stars"]}
    for name in names:
        assert entry_named(name).dec_degrees > -1.0, name
    assert "Polaris" in names
    assert "Sirius" not in names


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("lat=48.8", "lon"),
        ("lat=abc&lon=2", "lat"),
        ("lat=91&lon=2", "lat"),
        ("lat=1&lon=2&elevation=1e999", "elevation"),
        ("at=not-a-time", "at"),
        ("temperature=-300", "temperature"),
        ("pressure=nan", "pressure"),
        ("format=xml", "format"),
        ("events=1", "events"),  # no rise and set for the stars
        ("color=1", "color"),
        ("lat=1&lon=2&lat=1", "lat"),
        ("magnitude=2", "magnitude"),
    ],
)
async def test_bad_star_queries_are_400_problems(
    client: TestClient, query: str, parameter: str
) -> None:
    response = await client.get(f"/stars?{query}")
    assert response.status == 400
    assert response.content_type == "application/problem+json"
    body = await response.json(content_type=None)
    assert body["status"] == 400
    assert body["type"] == "/problems/invalid-parameter"
    assert body["parameter"] == parameter
    assert parameter in body["detail"]
    assert body["request_id"] == response.headers["X-Request-Id"]


async def test_stars_are_described_by_the_document(client: TestClient) -> None:
    document = await (await client.get("/openapi.json")).json()
    operation = document["paths"]["/stars"]["get"]
    described = {p["$ref"].rsplit("/", 1)[1] for p in operation["parameters"]}
    assert described == {"lat", "lon", "elevation", "at", "temperature", "pressure", "format"}
    components = document["components"]

    def valid(ref: str, body: Any) -> bool:
        return OAS31Validator({"$ref": ref, "components": components}).is_valid(body)

    stars = await (await client.get("/stars", params={**SYDNEY, "at": SYDNEY_AT})).json()
    assert valid("#/components/schemas/Stars", stars)
    assert not valid("#/components/schemas/Stars", {**stars, "stars": [{**stars["stars"][0], "alt": -1}]})  # fmt: skip
    assert not valid("#/components/schemas/Stars", {**stars, "stars": [{**stars["stars"][0], "name": "Vulcan"}]})  # fmt: skip
    sky = await (await client.get("/planets", params={**SYDNEY, "at": SYDNEY_AT})).json()
    assert valid("#/components/schemas/Sky", sky)
    uranus = next(p for p in sky["planets"] if p["name"] == "uranus")
    assert uranus["near"] is not None
    assert not valid("#/components/schemas/Body", {**uranus, "near": {**uranus["near"], "direction": "north"}})  # fmt: skip
    assert not valid("#/components/schemas/Body", {**uranus, "near": {**uranus["near"], "separation": 15.5}})  # fmt: skip
    # A poll (brief=1) leaves the landmark out, as it leaves out what a chart does not need.
    brief = await (
        await client.get("/planets", params={**SYDNEY, "at": SYDNEY_AT, "brief": "1"})
    ).json()
    assert valid("#/components/schemas/BriefSky", brief)
    assert not valid("#/components/schemas/Sky", brief)  # a full sky has every member
    assert [body.get("near", "absent") for body in brief["planets"]] == ["absent"] * 7
    # With events (the page's request of the minute), the landmark too: it changes slowly.
    slow = await (
        await client.get(
            "/planets", params={**SYDNEY, "at": SYDNEY_AT, "brief": "1", "events": "1"}
        )
    ).json()
    assert valid("#/components/schemas/BriefSky", slow)
    assert [body["near"] for body in slow["planets"]] == [body["near"] for body in sky["planets"]]


def test_the_landmark_words_are_sectors_round_the_star() -> None:
    """The helper the tests judge directions with: 'above' is up, 'left' is 90."""
    assert direction_is_right("above", 10.0, 0.0)
    assert direction_is_right("left", 90.0, 0.0)
    assert direction_is_right("right", 270.0, 0.0)
    assert direction_is_right("upper left", 22.6, 0.0)
    assert direction_is_right("above", 22.6, 0.5)  # within the slack of the boundary
    assert not direction_is_right("below", 22.6, 0.5)
    assert math.isclose(angle_between(359.0, 1.0), 2.0)
