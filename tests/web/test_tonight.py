"""GET /tonight through the app: the JSON a chart is drawn from, the terminal answer,
its errors, its cache; the answers checked against the OpenAPI document."""

from __future__ import annotations

import asyncio
import itertools
import re
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp.test_utils import TestClient
from openapi_schema_validator import OAS31Validator

from planettracker.sky.bodies import BODIES
from planettracker.sky.tonight import SEEN
from planettracker.web.app import create_app
from planettracker.web.config import Config
from planettracker.web.keys import OBSERVATORY
from planettracker.web.openapi import openapi_document
from planettracker.web.render_tonight import direction_words

PARIS = {"lat": "48.8566", "lon": "2.3522", "elevation": "35"}
AT = "2026-03-01T12:00:00Z"
DOCUMENT = openapi_document()


def _schema(name: str) -> OAS31Validator:
    return OAS31Validator({"$ref": f"#/components/schemas/{name}", "components": DOCUMENT["components"]})  # fmt: skip


async def _ok(client: TestClient, **params: str) -> dict:  # type: ignore[type-arg]
    response = await client.get("/tonight", params=params)
    assert response.status == 200, await response.text()
    assert response.content_type == "application/json"
    body = await response.json()
    errors = [error.message for error in _schema("Tonight").iter_errors(body)]
    assert errors == []
    return body  # type: ignore[no-any-return]


async def test_tonight_in_paris(client: TestClient) -> None:
    body = await _ok(client, **PARIS, at=AT)
    assert body["at"] == AT
    assert body["observer"]["timezone"] == "Europe/Paris"
    assert body["min_alt"] == 10.0
    night = body["night"]
    assert night["start"] == night["sunset"]
    assert night["end"] == night["sunrise"]
    assert night["darkest"] == "night"
    assert night["sunset"] < night["civil_dusk"] < night["nautical_dusk"] < night["astronomical_dusk"]  # fmt: skip
    assert night["astronomical_dawn"] < night["nautical_dawn"] < night["civil_dawn"] < night["sunrise"]  # fmt: skip
    assert sorted(b["name"] for b in body["bodies"]) == sorted(SEEN)
    jupiter = next(b for b in body["bodies"] if b["name"] == "jupiter")
    assert jupiter["visible"]
    assert jupiter["reason"] is None
    best = jupiter["best"]
    assert best["direction"] == "S"
    assert jupiter["sentence"] == (
        f"Jupiter: from 18:34 to 04:03, best at 21:18, {round(best['alt'])}° high in the south."
    )
    seen = [b for b in body["bodies"] if b["visible"]]
    assert body["bodies"][: len(seen)] == seen  # those that can be seen first
    assert "track" not in body
    # Stages tile the chart's span, for its bands.
    stages = body["stages"]
    assert all(a["end"] == b["start"] for a, b in itertools.pairwise(stages))
    assert body["moon"]["phase"] == "waxing gibbous"
    assert body["moon"]["sentence"].startswith("Moon: waxing gibbous, 97% lit; up all through")


async def test_the_track_draws_the_night(client: TestClient) -> None:
    body = await _ok(client, **PARIS, at=AT, track="1")
    track = body["track"]
    assert track["step_s"] == 600
    assert track["times"][0] == track["start"]
    times = [datetime.fromisoformat(t) for t in track["times"]]
    assert all(t.minute % 10 == 0 and t.second == 0 for t in times)
    assert all(b - a == timedelta(minutes=10) for a, b in itertools.pairwise(times))
    sunset = datetime.fromisoformat(body["night"]["sunset"])
    sunrise = datetime.fromisoformat(body["night"]["sunrise"])
    assert times[0] - timedelta(minutes=10) < sunset - timedelta(hours=1) <= times[0]
    assert times[-1] <= sunrise + timedelta(hours=1) < times[-1] + timedelta(minutes=10)
    assert set(track["bodies"]) == set(BODIES)
    for name, path in track["bodies"].items():
        assert len(path["az"]) == len(path["alt"]) == len(times), name
    # The Sun's track lies under the horizon between sunset and sunrise.
    night = [alt for t, alt in zip(times, track["bodies"]["sun"]["alt"], strict=True) if sunset < t < sunrise]  # fmt: skip
    assert night
    assert max(night) < 0


@pytest.mark.parametrize(
    ("params", "darkest"),
    [
        ({"lat": "69.65", "lon": "18.96", "at": "2026-06-21T12:00:00Z"}, "day"),
        ({"lat": "69.65", "lon": "18.96", "at": "2026-12-21T12:00:00Z"}, "night"),
        ({"lat": "60", "lon": "10", "at": "2026-06-10T12:00:00Z"}, "nautical twilight"),
        ({"lat": "-90", "lon": "0", "at": "2026-06-21T12:00:00Z"}, "night"),
        ({"lat": "90", "lon": "0", "at": "2026-06-21T12:00:00Z"}, "day"),
        ({"lat": "0", "lon": "180", "at": "2026-03-20T12:00:00Z", "min_alt": "0"}, "night"),
        ({"lat": "-16.8", "lon": "-180", "at": "2100-01-01T00:00:00Z", "min_alt": "60"}, "night"),
        ({"lat": "51.5", "lon": "0", "at": "1900-01-01T00:00:00Z", "pressure": "0"}, "night"),
    ],
)
async def test_every_kind_of_night_keeps_to_the_document(client: TestClient, params: dict[str, str], darkest: str) -> None:  # fmt: skip
    body = await _ok(client, **params, track="1")
    assert body["night"]["darkest"] == darkest
    if darkest == "day":
        assert all(body["night"][field] is None for field in ("sunset", "sunrise", "civil_dusk"))
        assert body["moon"]["dark"] is None


async def test_the_terminal_answer(client: TestClient) -> None:
    response = await client.get("/tonight", params={**PARIS, "at": "2026-03-28T12:00:00Z", "format": "text"})  # fmt: skip
    assert response.status == 200
    assert response.content_type == "text/plain"
    text = await response.text()
    lines = text.splitlines()
    assert lines[0] == "Tonight over 48.8566°N 2.3522°E, 35 m (Europe/Paris)"
    # The clocks go forward in this night: said, and the times follow.
    assert lines[1] == (
        "Night of Saturday 28 March to Sunday 29 March 2026; "
        "times are CET (UTC+01:00), then CEST (UTC+02:00) from 03:00"
    )
    assert re.search(r"Sunset 19:1\d · civil dusk 19:4\d", text)
    assert re.search(r"sunrise 07:3\d", text)  # CEST: 06:3x UTC
    assert "Jupiter: from 19:1" in text
    assert "Moon: waxing gibbous" in text
    assert "\x1b[" not in text
    coloured = await (await client.get("/tonight", params={**PARIS, "format": "text", "color": "1", "at": AT})).text()  # fmt: skip
    assert "\x1b[1m" in coloured


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("min_alt=61", "min_alt"),
        ("min_alt=-1", "min_alt"),
        ("min_alt=nan", "min_alt"),
        ("min_alt=", "min_alt"),
        ("track=maybe", "track"),
        ("events=1", "events"),  # rise, transit and set are always there: no such switch
        ("format=html", "format"),
        ("lat=10", "lon"),
        ("min_alt=10&min_alt=20", "min_alt"),
        ("at=2100-01-02T00:00:00Z", "at"),
    ],
)
async def test_bad_input_is_a_400_problem_naming_the_parameter(client: TestClient, query: str, parameter: str) -> None:  # fmt: skip
    response = await client.get(f"/tonight?{query}")
    assert response.status == 400
    assert response.content_type == "application/problem+json"
    problem = await response.json(content_type=None)
    assert problem["parameter"] == parameter
    assert problem["detail"].startswith(f"{parameter}:")


async def test_a_place_asked_again_is_answered_from_the_cache(client: TestClient) -> None:
    cache = client.app[OBSERVATORY].nights
    first = await _ok(client, **PARIS, at=AT)
    later = await _ok(client, **PARIS, at="2026-03-01T22:00:00Z")
    assert (cache.misses, cache.hits) == (1, 1)
    assert {**later, "at": AT} == first
    await _ok(client, **PARIS, at="2026-03-02T12:00:00Z")  # after sunrise: the next night
    assert cache.misses == 2


async def test_shared_with_other_sites(client: TestClient) -> None:
    response = await client.get("/tonight", headers={"Origin": "https://example.org"})
    assert response.status == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "no-store"


def test_compass_words() -> None:
    assert [direction_words(d) for d in ("S", "NE", "WSW", "NNE")] == [
        "south",
        "north-east",
        "west-south-west",
        "north-north-east",
    ]


async def test_now_is_the_default_instant(client: TestClient) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    body = await _ok(client)
    assert body["observer"]["default"] is True
    assert before <= datetime.fromisoformat(body["at"]) <= datetime.now(UTC)


async def test_a_place_is_forgotten_after_use_even_without_requests(aiohttp_client) -> None:  # type: ignore[no-untyped-def]
    """The app's background sweep forgets tonight's places (and rise/set's) on time."""
    client = await aiohttp_client(await create_app(Config(events_ttl_s=0.2)))
    response = await client.get("/tonight", params={**PARIS, "at": AT})
    assert response.status == 200
    observatory = client.app[OBSERVATORY]
    assert len(observatory.nights) == 1
    await asyncio.sleep(0.5)
    assert len(observatory.nights) == 0


def test_a_stretch_within_one_minute_is_not_read_as_from_a_time_to_the_same() -> None:
    """Sydney, 23 November 2026: Mercury can be seen for under a minute before sunrise;
    "05:39 to 05:39" would read as nonsense."""
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from planettracker.sky.tonight import Interval
    from planettracker.web.render_tonight import _spans

    zone = ZoneInfo("Australia/Sydney")
    start = datetime(2026, 11, 22, 18, 39, 5, tzinfo=UTC)
    brief = Interval(start, start + timedelta(seconds=20))  # both read 05:39
    longer = Interval(start - timedelta(hours=3), start - timedelta(hours=2))
    assert _spans([brief], zone) == "briefly at 05:39"
    assert _spans([longer, brief], zone) == "02:39 to 03:39 and briefly at 05:39"
