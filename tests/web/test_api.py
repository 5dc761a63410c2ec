"""The HTTP API, through the app built by its factory: bodies, not just statuses."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from planettracker.sky.bodies import compass_direction
from planettracker.web.access import AccessLog
from planettracker.web.app import create_app
from planettracker.web.config import Config
from planettracker.web.keys import OBSERVATORY
from tests.conftest import serve_app
from tests.support import noaa, reference
from tests.support.angles import separation_arcsec
from tests.support.bodies import BODY_NAMES, PLANET_NAMES
from tests.support.checks import get_json, read_problem

AT = "2026-03-01T21:30:00Z"
AT_DATETIME = datetime(2026, 3, 1, 21, 30, tzinfo=UTC)
PARIS = {"lat": "48.8566", "lon": "2.3522", "elevation": "35"}
SYDNEY = {"lat": "-33.8568", "lon": "151.2153", "elevation": "5"}
BODY_KEYS = {
    "name",
    "az",
    "alt",
    "ra",
    "dec",
    "magnitude",
    "constellation",
    "distance_au",
    "phase",
    "elongation",
    "direction",
    "above_horizon",
    "naked_eye",
    "near",
    "caution",
}
BRIEF_KEYS = {"name", "az", "alt", "magnitude", "direction", "above_horizon", "naked_eye"}
EVENT_KEYS = {"rise", "transit", "set", "always_up", "never_up"}


async def test_one_planet_with_the_original_keys_and_more(client: TestClient) -> None:
    body = await get_json(client, "/planets/mars", {**PARIS, "at": AT, "pressure": "0"})
    assert body.keys() == BODY_KEYS | {"at", "observer"}
    assert body["name"] == "mars"
    assert body["at"] == AT
    declination = body["observer"].pop("magnetic_declination")
    assert declination == pytest.approx(noaa.declination(48.8566, 2.3522, 35.0), abs=0.05)
    assert body["observer"] == {
        "lat": 48.8566,
        "lon": 2.3522,
        "elevation": 35.0,
        "temperature": 15.0,
        "pressure": 0.0,
        "timezone": "Europe/Paris",
        "default": False,
    }
    ref = reference.position("mars", 48.8566, 2.3522, 35.0, AT_DATETIME)
    assert separation_arcsec(body["az"], body["alt"], ref.az, ref.alt) < 20.0
    assert separation_arcsec(body["ra"], body["dec"], ref.ra, ref.dec) < 20.0
    assert body["distance_au"] == pytest.approx(ref.distance_au, rel=1e-4)
    assert body["constellation"] == "Aquarius"
    assert body["direction"] == compass_direction(ref.az)
    assert body["above_horizon"] is (body["alt"] > 0)


async def test_the_moon_s_constellation_is_the_one_the_observer_sees(client: TestClient) -> None:
    """Sydney, 8 December 2026, 08:00 local: from the Earth's centre the Moon is in
    Scorpius; from Sydney, a degree away by parallax, in Ophiuchus (Skyfield, DE421)."""
    at = datetime(2026, 12, 8, 21, 0, tzinfo=UTC)
    seen, geocentric, inside = reference.constellation("moon", -33.8568, 151.2153, 5.0, at, 0.05)
    assert (seen, geocentric, inside) == ("Ophiuchus", "Scorpius", True)
    body = await get_json(client, "/planets/moon", {**SYDNEY, "at": "2026-12-08T21:00:00Z"})
    assert body["constellation"] == seen
    sky = await get_json(client, "/planets", {**SYDNEY, "at": "2026-12-08T21:00:00Z"})
    assert sky["moon"]["constellation"] == seen


@pytest.mark.parametrize("spelling", ["MARS", "Mars", "mArS"])
async def test_names_are_case_insensitive(client: TestClient, spelling: str) -> None:
    assert (await get_json(client, f"/planets/{spelling}", {"at": AT}))["name"] == "mars"


@pytest.mark.parametrize(
    "path", ["/planets/pluto", "/planets/MARS%20", "/planets/..%2Fx", "/planets/earth"]
)
async def test_unknown_planet_lists_the_valid_names(client: TestClient, path: str) -> None:
    body = await read_problem(await client.get(path), 404)
    assert body["type"] == "/problems/unknown-planet"
    assert body["valid_names"] == list(BODY_NAMES)
    for name in BODY_NAMES:
        assert name in body["detail"]


@pytest.mark.parametrize(("path", "name"), [("/planets/sun", "sun"), ("/planets/Moon", "moon")])
async def test_the_sun_and_the_moon_are_answered_like_a_planet(
    client: TestClient, path: str, name: str
) -> None:
    """/planets answers both; so does /planets/{name}, with the same fields and
    values as /planets gives them, where DE421 puts them."""
    query = {**SYDNEY, "at": AT, "events": "1"}
    body = await get_json(client, path, query)
    assert body.keys() == BODY_KEYS | EVENT_KEYS | {"at", "observer"}
    assert body["name"] == name
    sky = await get_json(client, "/planets", query)
    assert {key: body[key] for key in sky[name]} == sky[name]
    assert body["observer"] == sky["observer"]
    ref = reference.position(name, -33.8568, 151.2153, 5.0, AT_DATETIME, 15.0, 1012.65)
    assert separation_arcsec(body["az"], body["alt"], ref.az, ref.alt) < 20.0
    text = await client.get(path, params={**query, "format": "text"})
    assert text.status == 200
    assert text.content_type == "text/plain"
    table = (await text.text()).split("\n\n")[1].splitlines()  # the cautions follow
    assert [row.split()[0] for row in table[1:]] == [name.capitalize()]


async def test_all_planets_in_one_answer(client: TestClient) -> None:
    body = await get_json(client, "/planets", {**SYDNEY, "at": AT})
    assert body.keys() == {"at", "observer", "sky", "sun", "moon", "planets"}
    assert body["at"] == AT
    assert [p["name"] for p in body["planets"]] == list(PLANET_NAMES)
    assert body["observer"]["timezone"] == "Australia/Sydney"
    assert body["observer"]["pressure"] == pytest.approx(1012.65, abs=0.01)  # ISA at 5 m
    # 08:30 on a March morning in Sydney: broad daylight.
    assert body["sky"] == "day"
    assert body["sun"]["above_horizon"] is True
    assert 0 <= body["moon"]["phase"] <= 100
    for item in (body["sun"], body["moon"], *body["planets"]):
        assert item.keys() == BODY_KEYS
        ref = reference.position(item["name"], -33.8568, 151.2153, 5.0, AT_DATETIME, 15.0, 1012.65)
        if ref.alt > 5:
            assert separation_arcsec(item["az"], item["alt"], ref.az, ref.alt) < 20.0


async def test_a_brief_answer_keeps_what_a_chart_needs(client: TestClient) -> None:
    """brief=1 (what the page polls): each body's place, brightness and visibility, the
    same values as the whole answer's; events, and the landmark, still come with
    events=1 (the page asks for both once a minute)."""
    query = {**SYDNEY, "at": AT, "events": "1"}
    whole = await (await client.get("/planets", params=query)).json()
    brief = await (await client.get("/planets", params={**query, "brief": "1"})).json()
    assert brief.keys() == whole.keys()
    assert brief["observer"] == whole["observer"]
    events = {"near", "rise", "transit", "set", "always_up", "never_up"}
    for short, full in [
        (brief["sun"], whole["sun"]),
        (brief["moon"], whole["moon"]),
        *zip(brief["planets"], whole["planets"], strict=True),
    ]:
        assert short.keys() == BRIEF_KEYS | events
        # The same values, the angles to 0.01 degree (what a chart needs) in place of 0.0001.
        assert abs((short.pop("az") - full["az"] + 180.0) % 360.0 - 180.0) <= 0.005 + 1e-9
        assert short.pop("alt") == pytest.approx(full["alt"], abs=0.005 + 1e-9)
        assert short == {key: full[key] for key in short}
    mars = await (await client.get("/planets/mars", params={"brief": "true", "at": AT})).json()
    assert mars.keys() == BRIEF_KEYS | {"at", "observer"}


async def test_greenwich_when_no_place_is_given(client: TestClient) -> None:
    body = await get_json(client, "/planets", {"at": AT})
    declination = body["observer"].pop("magnetic_declination")
    assert declination == pytest.approx(noaa.declination(51.4769, -0.0005), abs=0.05)
    assert body["observer"] == {
        "lat": 51.4769,
        "lon": -0.0005,
        "elevation": 0.0,
        "temperature": 15.0,
        "pressure": 1013.25,
        "timezone": "Europe/London",
        "default": True,
    }
    assert body["sky"] == "night"


async def test_now_is_the_default_instant(client: TestClient) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    body = await get_json(client, "/planets/venus")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", body["at"])  # to the second
    at = datetime.fromisoformat(body["at"])
    assert before <= at <= datetime.now(UTC)


async def test_the_sun_is_seen_when_up_and_never_looked_at(client: TestClient) -> None:
    """The issue's Sydney, 13:00 local: the Sun 78 degrees up (DE421) is seen, with its
    caution, in JSON and in the table; Mercury, 11 degrees from it, carries the other."""
    at = datetime(2026, 12, 12, 2, 0, tzinfo=UTC)
    sun = reference.position("sun", -33.8568, 151.2153, 5.0, at)
    mercury = reference.position("mercury", -33.8568, 151.2153, 5.0, at)
    assert sun.alt > 70.0
    assert mercury.elongation < 15.0
    query = {**SYDNEY, "at": "2026-12-12T02:00:00Z"}
    body = await get_json(client, "/planets", query)
    assert body["sun"]["naked_eye"] is True
    assert body["sun"]["caution"].startswith("Never look at the Sun")
    assert "binoculars" in body["sun"]["caution"]
    assert body["planets"][0]["name"] == "mercury"
    assert body["planets"][0]["caution"].startswith("Close to the Sun")
    assert body["moon"]["caution"] is None
    text = await (await client.get("/planets", params={**query, "format": "text"})).text()
    table, cautions = text.split("\n\n")[1:3]
    sun_row = table.splitlines()[1]
    assert sun_row.startswith("Sun ")
    assert "yes (never stare)" in sun_row
    assert cautions.splitlines() == [
        f"Caution (Sun): {body['sun']['caution']}",
        f"Caution (Mercury): {body['planets'][0]['caution']}",
    ]
    night = await get_json(client, "/planets", {**SYDNEY, "at": "2026-12-12T12:00:00Z"})
    assert (night["sun"]["naked_eye"], night["sun"]["caution"]) == (False, None)


async def test_events_on_one_planet(client: TestClient) -> None:
    body = await get_json(client, "/planets/jupiter", {**PARIS, "at": AT, "events": "1"})
    assert body.keys() == BODY_KEYS | EVENT_KEYS | {"at", "observer"}
    rises, sets = reference.risings_and_settings(
        "jupiter", 48.8566, 2.3522, AT_DATETIME, AT_DATETIME + timedelta(days=2)
    )
    assert abs(datetime.fromisoformat(body["rise"]) - rises[0]) < timedelta(minutes=2)
    assert abs(datetime.fromisoformat(body["set"]) - sets[0]) < timedelta(minutes=2)
    assert body["rise"].endswith("Z")
    assert (body["always_up"], body["never_up"]) == (False, False)


async def test_events_on_the_sky_are_cached(client: TestClient) -> None:
    cache = client.app[OBSERVATORY].events
    first = await get_json(client, "/planets", {**PARIS, "at": AT, "events": "1"})
    assert cache.misses == 9
    a_minute_later = "2026-03-01T21:31:00Z"
    params = {**PARIS, "at": a_minute_later, "events": "1"}
    second = await get_json(client, "/planets", params)
    assert (cache.misses, cache.hits) == (9, 9)
    for before, after in zip(first["planets"], second["planets"], strict=True):
        assert after.keys() >= EVENT_KEYS
        assert {k: before[k] for k in EVENT_KEYS} == {k: after[k] for k in EVENT_KEYS}
    assert first["sun"].keys() >= EVENT_KEYS
    assert first["moon"].keys() >= EVENT_KEYS


async def test_events_where_the_sun_never_sets(client: TestClient) -> None:
    params = {"lat": "78.22", "lon": "15.65", "at": "2026-06-21T12:00:00Z", "events": "1"}
    body = await get_json(client, "/planets", params)
    assert body["sun"]["rise"] is None
    assert body["sun"]["set"] is None
    assert body["sun"]["always_up"] is True
    assert body["sun"]["transit"] is not None
    assert body["sky"] == "day"


async def test_no_events_unless_asked(client: TestClient) -> None:
    body = await get_json(client, "/planets", {"at": AT, "events": "0"})
    assert not EVENT_KEYS & body["planets"][0].keys()


async def test_text_table(client: TestClient) -> None:
    response = await client.get("/planets", params={**PARIS, "at": AT, "format": "text"})
    assert response.status == 200
    assert response.content_type == "text/plain"
    text = await response.text()
    lines = text.splitlines()
    assert lines[0] == "Sky over 48.8566°N 2.3522°E, 35 m (Europe/Paris)"
    assert lines[1] == "2026-03-01 22:30:00 CET (UTC+01:00), night"  # 21:30 UTC in Paris
    assert lines[3].split() == ["Body", "Dir", "Azimuth", "Altitude", "Mag", "Naked", "eye", "Near"]
    rows = {line.split()[0]: line for line in lines[4:]}
    assert list(rows) == ["Sun", "Moon", *(name.capitalize() for name in PLANET_NAMES)]
    # Each planet's cells against Skyfield (DE421), seen through the standard atmosphere
    # at 35 m, as the table is: to its 0.1 degree, give or take the 20" budget.
    when = datetime.fromisoformat(AT.replace("Z", "+00:00"))
    pressure = 1013.25 * (1.0 - 2.25577e-5 * 35.0) ** 5.25588
    for name in PLANET_NAMES:
        cells = rows[name.capitalize()].split()
        seen = reference.position(name, 48.8566, 2.3522, 35.0, when, pressure=pressure)
        assert cells[1] == _compass(seen.az), name
        assert abs(float(cells[2].rstrip("°")) - seen.az) <= 0.06, name
        assert abs(float(cells[3].rstrip("°")) - seen.alt) <= 0.06, name
        # Magnitudes: Skyfield's model is the service's (Mallama and Hilton), but for the
        # Mars term it leaves out and near the Sun (tests/sky/test_magnitude.py).
        if seen.magnitude is not None and seen.elongation > 15.0:
            assert abs(float(cells[4]) - seen.magnitude) <= 0.15, name
    widths = {len(line) for line in lines[3:]}
    assert "\x1b" not in text
    assert len({line.index("°") for line in lines[4:]}) == 1, widths  # azimuths aligned


_COMPASS = ("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
            "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW")  # fmt: skip


def _compass(az: float) -> str:
    return _COMPASS[int((az % 360.0 + 11.25) // 22.5) % 16]


def _local_minutes(moment: datetime, offset_hours: int) -> set[str]:
    """A UTC instant on a clock ``offset_hours`` ahead, to the nearest minute: the
    minutes a table may show for it, given that the service and Skyfield agree on a rise
    or set within seconds (two when it falls within 10 s of a half minute)."""
    shown = set()
    for slack in (-10, 0, 10):
        local = moment + timedelta(hours=offset_hours, seconds=30 + slack)
        shown.add(local.strftime("%m-%d %H:%M"))
    return shown


def _next(events: list[datetime], after: datetime) -> datetime | None:
    return next((moment for moment in events if moment > after), None)


async def test_text_with_events_and_colour(client: TestClient) -> None:
    params = {**PARIS, "at": AT, "format": "text", "events": "1", "color": "1"}
    text = await (await client.get("/planets/saturn", params=params)).text()
    assert "Rise (CET)" in text
    assert "Set (CET)" in text
    assert "\x1b[" in text
    # Saturn's next rise, by Skyfield, on Paris's clock in March (UTC+1).
    when = datetime.fromisoformat(AT.replace("Z", "+00:00"))
    rises, _ = reference.risings_and_settings(
        "saturn", 48.8566, 2.3522, when, when + timedelta(days=2)
    )
    rise = _next(rises, when)
    assert rise is not None
    assert any(minute in text for minute in _local_minutes(rise, 1))


@pytest.mark.parametrize(
    ("place", "at", "when", "zone", "offset"),
    [
        # The Sydney: 02:00 UTC is 13:00 summer time (AEDT, UTC+11).
        (SYDNEY, "2026-12-04T02:00:00Z", "2026-12-04 13:00:00 AEDT (UTC+11:00), day", "AEDT", 11),
        # Dubai's zone has no abbreviation in the tz database ("+04"): the offset names it.
        (
            {"lat": "25.2048", "lon": "55.2708"},
            "2026-12-04T16:00:00Z",
            "2026-12-04 20:00:00 UTC+04:00, night",
            "UTC+04:00",
            4,
        ),
        # Greenwich in winter: GMT, which is UTC.
        ({}, "2026-12-04T22:00:00Z", "2026-12-04 22:00:00 GMT (UTC+00:00), night", "GMT", 0),
    ],
)
async def test_text_tables_are_in_the_place_s_local_time(
    client: TestClient, place: dict[str, str], at: str, when: str, zone: str, offset: int
) -> None:
    """The header names the zone; rise and set are on the place's clock, to the
    nearest minute, as /tonight gives them."""
    params = {**place, "at": at, "events": "1"}
    text = await (await client.get("/planets", params={**params, "format": "text"})).text()
    lines = text.splitlines()
    assert lines[1] == when
    assert f"Rise ({zone})" in lines[3]
    assert f"Set ({zone})" in lines[3]
    rows = {line.split()[0]: line for line in text.split("\n\n")[1].splitlines()[1:]}
    # Each body's next rise and set, by Skyfield, on the place's clock.
    instant = datetime.fromisoformat(at.replace("Z", "+00:00"))
    lat, lon = float(place.get("lat", "51.4769")), float(place.get("lon", "-0.0005"))
    for name in ("sun", "moon", *PLANET_NAMES):
        rises, sets = reference.risings_and_settings(
            name, lat, lon, instant, instant + timedelta(days=2)
        )
        for moment in (_next(rises, instant), _next(sets, instant)):
            if moment is not None:
                row = rows[name.capitalize()]
                assert any(minute in row for minute in _local_minutes(moment, offset)), name
    stars = await (await client.get("/stars", params={**place, "at": at, "format": "text"})).text()
    assert stars.splitlines()[1] == when


async def test_a_time_after_a_clock_change_names_its_own_zone(client: TestClient) -> None:
    """Paris on the evening of 28 March 2026, CET; clocks go forward at 01:00 UTC, so the
    next sunrise, 05:34 UTC (DE421), is 07:34 summer time, and says so."""
    rises, _ = reference.risings_and_settings(
        "sun",
        48.8566,
        2.3522,
        datetime(2026, 3, 28, 20, tzinfo=UTC),
        datetime(2026, 3, 30, tzinfo=UTC),
    )
    params = {**PARIS, "at": "2026-03-28T20:00:00Z", "events": "1", "format": "text"}
    lines = (await (await client.get("/planets/sun", params=params)).text()).splitlines()
    assert lines[1] == "2026-03-28 21:00:00 CET (UTC+01:00), astronomical twilight"
    assert "Rise (CET)" in lines[3]
    expected = (rises[0] + timedelta(hours=2, seconds=30)).strftime("%m-%d %H:%M")
    assert f"{expected} CEST" in lines[4]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("lat=48.8", "lon"),
        ("lat=abc&lon=2", "lat"),
        ("lat=nan&lon=2", "lat"),
        ("lat=1e999&lon=2", "lat"),
        ("lat=91&lon=2", "lat"),
        ("lat=10&lon=2&elevation=99999", "elevation"),
        ("at=garbage", "at"),
        ("at=1800-01-01", "at"),
        ("lat=1&lat=2&lon=3", "lat"),
        ("events=perhaps", "events"),
        ("format=yaml", "format"),
        ("pressure=-3", "pressure"),
        ("latitude=48", "latitude"),
    ],
)
@pytest.mark.parametrize("path", ["/planets", "/planets/venus"])
async def test_bad_input_is_a_400_problem(
    client: TestClient, path: str, query: str, parameter: str
) -> None:
    body = await read_problem(await client.get(f"{path}?{query}"), 400)
    assert body["type"] == "/problems/invalid-parameter"
    assert body["parameter"] == parameter
    assert body["detail"].startswith(f"{parameter}: ")


@pytest.mark.parametrize(
    ("url", "accept", "status", "heading", "members"),
    [
        (
            "/planets?lat=abc&lon=2&format=text",
            "*/*",
            400,
            ["400 Invalid parameter", "lat: 'abc' is not a decimal number"],
            ["type: /problems/invalid-parameter", "parameter: lat"],
        ),
        (
            "/planets/pluto?format=text&lat=1&lon=2",
            "*/*",
            404,
            ["404 Unknown planet"],
            ["valid_names: " + ", ".join(BODY_NAMES)],
        ),
        (
            "/tonight?min_alt=90&format=text",
            "*/*",
            400,
            ["400 Invalid parameter"],
            ["parameter: min_alt"],
        ),
        ("/stars?lat=91&lon=0&format=text", "*/*", 400, ["400 Invalid parameter"], []),
        # No format=text, but a client that asks for plain text only.
        ("/planets?lat=abc&lon=2", "text/plain", 400, ["400 Invalid parameter"], []),
        ("/nowhere", "text/plain", 404, ["404 Not Found"], ["type: about:blank"]),
    ],
)
async def test_a_text_request_gets_its_problem_as_text(
    client: TestClient, url: str, accept: str, status: int, heading: list[str], members: list[str]
) -> None:
    """format=text (or Accept: text/plain alone) is a terminal: its errors are the same
    problem, with the same status and request id, in lines a person reads."""
    response = await client.get(url, headers={"Accept": accept})
    assert response.status == status
    assert response.content_type == "text/plain"
    assert response.charset == "utf-8"
    lines = (await response.text()).splitlines()
    assert lines[: len(heading)] == heading
    assert f"request_id: {response.headers['X-Request-Id']}" in lines
    for member in members:
        assert member in lines


@pytest.mark.parametrize(
    "accept", ["*/*", "application/json", "text/plain, application/json", "text/html, */*"]
)
async def test_a_json_client_keeps_its_problem_json(client: TestClient, accept: str) -> None:
    response = await client.get("/planets?lat=abc&lon=2", headers={"Accept": accept})
    body = await read_problem(response, 400)
    assert body["parameter"] == "lat"


async def test_geo_location_form(client: TestClient) -> None:
    response = await client.post(
        "/geo_location",
        data="lat=48.93&lon=2.45&elevation=0",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 200
    assert await response.json() == {"lat": 48.93, "lon": 2.45, "elevation": 0.0}


async def test_geo_location_json(client: TestClient) -> None:
    response = await client.post(
        "/geo_location", json={"lat": -33.86, "lon": 151.21, "elevation": 58}
    )
    assert await response.json() == {"lat": -33.86, "lon": 151.21, "elevation": 58.0}


@pytest.mark.parametrize(
    ("kwargs", "status", "parameter"),
    [
        ({"data": {"lat": "91", "lon": "2"}}, 400, "lat"),
        ({"data": {"lat": "48"}}, 400, "lon"),
        ({"json": {"lat": "abc", "lon": 2}}, 400, "lat"),
        ({"json": {"lat": 48, "lon": 2, "city": "Paris"}}, 400, "city"),
        ({"json": [48, 2]}, 400, None),
        ({"data": b"{not json", "headers": {"Content-Type": "application/json"}}, 400, None),
        (
            {"data": b"\xff\xfe", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
            400,
            None,
        ),
        ({"data": b"lat=1&lon=2", "headers": {"Content-Type": "text/plain"}}, 415, None),
        ({"data": b"x" * 20_000, "headers": {"Content-Type": "application/json"}}, 413, None),
    ],
)
async def test_geo_location_bad_input(
    client: TestClient, kwargs: dict, status: int, parameter: str | None
) -> None:  # type: ignore[type-arg]
    body = await read_problem(await client.post("/geo_location", **kwargs), status)
    if parameter:
        assert body["parameter"] == parameter


async def test_geo_location_keeps_no_state(client: TestClient) -> None:
    await client.post("/geo_location", data={"lat": "-33.86", "lon": "151.21"})
    body = await get_json(client, "/planets", {"at": AT})
    assert body["observer"]["timezone"] == "Europe/London"
    assert body["observer"]["default"] is True


async def test_health(client: TestClient) -> None:
    assert await get_json(client, "/healthz") == {"status": "ok"}


async def test_root_serves_the_page_to_browsers(client: TestClient, config: Config) -> None:
    response = await client.get(
        "/", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    )
    assert response.status == 200
    assert response.content_type == "text/html"
    assert await response.text() == (config.static_dir / "index.html").read_text()


async def test_root_gives_curl_usage_and_the_sky_at_greenwich(client: TestClient) -> None:
    response = await client.get("/", headers={"Accept": "*/*"})
    assert response.content_type == "text/plain"
    text = await response.text()
    assert "curl '" in text
    assert "/planets/mars?lat=" in text
    assert "/tonight?lat=" in text
    assert "Sky over Royal Observatory, Greenwich: 51.4769°N 0.0005°W" in text
    for name in PLANET_NAMES:
        assert f"\n{name.capitalize()} " in text


@pytest.mark.parametrize(
    "path",
    [
        "/Procfile",
        "/Pipfile",
        "/static/../Procfile",
        "/static/%2e%2e/Procfile",
        "/static/..%2fProcfile",
        "/static/%2e%2e%2fplanettracker%2fapp.py",
        "/planettracker/app.py",
        "/static/",
        "/static",
    ],
)
async def test_nothing_outside_static_is_served(client: TestClient, path: str) -> None:
    response = await client.get(path)
    assert response.status in (403, 404)
    text = await response.text()
    assert "gunicorn" not in text
    assert "create_app" not in text


async def test_static_files_are_served(client: TestClient, config: Config) -> None:
    response = await client.get("/static/index.html")
    assert response.status == 200
    assert await response.text() == (config.static_dir / "index.html").read_text()


async def test_head_and_wrong_method(client: TestClient) -> None:
    head = await client.head("/planets", params={"at": AT})
    assert head.status == 200
    assert await head.read() == b""
    body = await read_problem(await client.post("/planets"), 405)
    assert body["title"] == "Method Not Allowed"
    assert "GET" in (await client.post("/planets")).headers["Allow"]


async def test_unknown_address_is_a_404_problem(client: TestClient) -> None:
    body = await read_problem(await client.get("/nowhere"), 404)
    assert body["type"] == "about:blank"


async def test_request_id_from_the_router_is_echoed(client: TestClient) -> None:
    router_id = "3f2b8c1e-9d4a-4e6b-8f0a-2c5d7e9b1a3c"
    response = await client.get("/healthz", headers={"X-Request-Id": router_id})
    assert response.headers["X-Request-Id"] == router_id
    # Anything else is replaced: it is logged, and could carry a place ("48.8566_2.35").
    for given in ("bad id <with> spaces", "48.85661_2.35222", "router-abc-123456"):
        response = await client.get("/healthz", headers={"X-Request-Id": given})
        assert re.fullmatch(r"[0-9a-f]{16}", response.headers["X-Request-Id"])


async def test_a_crash_is_a_500_problem_without_details(
    aiohttp_client, config: Config, caplog
) -> None:  # type: ignore[no-untyped-def]
    async def boom(request: web.Request) -> web.Response:
        raise RuntimeError("secret detail /srv/app.py line 3")

    app = await create_app(config)
    app.router.add_get("/boom", boom)
    client = await aiohttp_client(app)
    with caplog.at_level(logging.ERROR, logger="planettracker.error"):
        body = await read_problem(await client.get("/boom?lat=48.8566&lon=2.3522"), 500)
    assert "secret" not in json.dumps(body)
    assert "/srv" not in json.dumps(body)
    assert body["request_id"] in caplog.text
    assert "secret detail" in caplog.text  # the operator sees it, in the log
    assert "48.8566" not in caplog.text


async def test_access_log_never_holds_a_precise_location(aiohttp_client, config: Config) -> None:  # type: ignore[no-untyped-def]
    written = io.StringIO()
    app = await create_app(config)
    log = AccessLog(stream=lambda: written)
    client = await serve_app(aiohttp_client, app, config, log)
    await client.get("/planets", params={"lat": "48.8566", "lon": "2.3522", "at": AT})
    await client.get("/planets?latitude=-33,8568&lon=151.2153")
    await client.get("/planets/48.8566,2.3522")
    await client.get("/planets?lat=48%2E8566&lon=2%2E3522")
    await client.post("/geo_location", data={"lat": "35.6762", "lon": "139.6503"})
    assert written.getvalue() == ""  # buffered: written at most once a second
    log.flush()
    log = written.getvalue()
    assert len(log.splitlines()) == 5
    for secret in ("48.8566", "2.3522", "8568", "151.2153", "35.6762", "139.6503", "48.85"):
        assert secret not in log
    assert '"GET /planets?lat=49&lon=2&at=2026-03-01T21:30:00Z" 200' in log
    assert '"POST /geo_location" 200' in log
    assert " INFO planettracker.access [" in log


@pytest.mark.parametrize(
    ("query", "logged"),
    [
        # What the page sends (JavaScript's toISOString): the seconds keep their two
        # digits, the fraction is dropped, never rounded up into a 60th second.
        ("at=2026-12-24T11:00:00.000Z", "at=2026-12-24T11:00:00Z"),
        ("at=2026-12-24T11:00:59.999Z", "at=2026-12-24T11:00:59Z"),
        ("at=2026-12-24T11:00:07,5%2B11:00", "at=2026-12-24T11:00:07%2B11:00"),
        (
            "lat=48.8566&lon=2.3522&at=2026-03-01T21:30:00.5Z",
            "lat=49&lon=2&at=2026-03-01T21:30:00Z",
        ),
    ],
)
async def test_access_log_writes_instants_as_they_were_sent(
    aiohttp_client, config: Config, query: str, logged: str
) -> None:  # type: ignore[no-untyped-def]
    written = io.StringIO()
    app = await create_app(config)
    log = AccessLog(stream=lambda: written)
    client = await serve_app(aiohttp_client, app, config, log)
    await client.get(f"/planets?{query}")
    log.flush()
    assert f'"GET /planets?{logged}" 200' in written.getvalue()


async def test_access_lines_are_written_within_a_second(aiohttp_client, config: Config) -> None:  # type: ignore[no-untyped-def]
    written = io.StringIO()
    app = await create_app(config)
    log = AccessLog(flush_after_s=0.2, stream=lambda: written)
    client = await serve_app(aiohttp_client, app, config, log)
    await client.get("/healthz")
    for _ in range(40):  # the line, by 0.4 s at most
        if '"GET /healthz" 200' in written.getvalue():
            break
        await asyncio.sleep(0.01)
    assert '"GET /healthz" 200' in written.getvalue()


async def test_file_answers_are_logged_and_cached_by_their_final_status(
    aiohttp_client, config: Config
) -> None:  # type: ignore[no-untyped-def]
    """A file's 304 is logged and cached as a 304; a range is not served (the whole
    file is, as RFC 9110 allows), and a missing file is a problem, never cached."""
    written = io.StringIO()
    app = await create_app(config)
    log = AccessLog(flush_after_s=0.1, stream=lambda: written)
    client = await serve_app(aiohttp_client, app, config, log)
    first = await client.get("/static/style.css")
    again = await client.get("/static/style.css", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status == 304
    assert again.headers["Cache-Control"] == "max-age=3600"
    assert again.headers["ETag"] == first.headers["ETag"]
    ranged = await client.get("/static/style.css", headers={"Range": "bytes=999999-"})
    assert ranged.status == 200
    assert await ranged.read() == await first.read()  # the whole file
    missing = await client.get("/static/nowhere.css")
    assert missing.status == 404
    assert missing.headers["Cache-Control"] == "no-store"
    await asyncio.sleep(0.3)
    log = written.getvalue()
    assert '"GET /static/style.css" 200' in log
    assert '"GET /static/style.css" 304' in log
    assert '"GET /static/nowhere.css" 404' in log


async def test_the_page_and_its_files_carry_security_and_cache_headers(client: TestClient) -> None:
    page = await client.get("/", headers={"Accept": "text/html"})
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert "unsafe-inline" not in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["Permissions-Policy"] == "geolocation=(self)"
    assert page.headers["Cache-Control"] == "no-cache"
    assert "ETag" in page.headers
    for path, content_types in [
        # Both are JavaScript MIME types to the HTML standard, which module scripts need.
        ("/static/js/app.js", {"text/javascript", "application/javascript"}),
        ("/static/style.css", {"text/css"}),
        ("/static/favicon.svg", {"image/svg+xml"}),
    ]:
        asset = await client.get(path)
        assert asset.status == 200
        assert asset.content_type in content_types
        assert asset.headers["Cache-Control"] == "max-age=3600"
        assert asset.headers["X-Content-Type-Options"] == "nosniff"
        # A document's policies mean nothing to a script, a style or an image.
        assert "Content-Security-Policy" not in asset.headers
        assert "Permissions-Policy" not in asset.headers
        again = await client.get(path, headers={"If-None-Match": asset.headers["ETag"]})
        assert again.status == 304  # a phone revalidates for a few bytes


async def test_answers_are_never_stored(client: TestClient) -> None:
    for path in ("/planets", "/planets/mars", "/healthz", "/nowhere"):
        response = await client.get(path)
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_the_page_has_no_inline_script_or_style(config: Config) -> None:
    html = (config.static_dir / "index.html").read_text()
    assert "<script>" not in html
    assert "<style" not in html
    assert " style=" not in html
    assert " on" + "click=" not in html
    assert "http://" not in html
    assert "https://" not in html
