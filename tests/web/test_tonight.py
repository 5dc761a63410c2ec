"""GET /tonight through the app: the JSON a chart is drawn from, the terminal answer,
its errors, its cache; the answers checked against the OpenAPI document."""

from __future__ import annotations

import asyncio
import itertools
import re
import warnings
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp.test_utils import TestClient
from openapi_schema_validator import OAS31Validator

from planettracker.sky.bodies import BODIES
from planettracker.sky.tonight import SEEN, TonightCache
from planettracker.web.app import create_app
from planettracker.web.config import Config
from planettracker.web.keys import OBSERVATORY
from planettracker.web.openapi import openapi_document
from planettracker.web.sentences import direction_words
from tests.support import reference
from tests.support.clock import FakeClock
from tests.support.reference import DE421_TARGETS, de421

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
    # The sentence says what the answer's members say (their values are checked against
    # Skyfield elsewhere), on Paris's clock in March (UTC+1), to the nearest minute.
    (window,) = jupiter["intervals"]
    assert jupiter["sentence"] == (
        f"Jupiter: from {_paris(window['start'])} to {_paris(window['end'])}, best at "
        f"{_paris(best['at'])}, {round(best['alt'])}° high in the south."
    )
    seen = [b for b in body["bodies"] if b["visible"]]
    assert body["bodies"][: len(seen)] == seen  # those that can be seen first
    assert "track" not in body
    # Stages tile the chart's span, for its bands.
    stages = body["stages"]
    assert all(a["end"] == b["start"] for a, b in itertools.pairwise(stages))
    assert body["moon"]["phase"] == "waxing gibbous"
    assert body["moon"]["sentence"].startswith("Moon: waxing gibbous, ")
    assert _lit(body["moon"]["sentence"]) == pytest.approx(
        _skyfield_lit(body, 48.8566, 2.3522), abs=1
    )
    assert "% lit; up all through" in body["moon"]["sentence"]


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
    config = Config(events_ttl_s=0.2)
    app = await create_app(config)
    clock = FakeClock()  # the caches' own clock, moved by the test
    app[OBSERVATORY].nights = TonightCache(0.2, config.tonight_max_entries, clock)
    client = await aiohttp_client(app)
    response = await client.get("/tonight", params={**PARIS, "at": AT})
    assert response.status == 200
    observatory = client.app[OBSERVATORY]
    assert len(observatory.nights) == 1
    clock.now += 0.2  # unused as long as it lives; the sweep runs every 0.04 s
    for _ in range(100):
        if len(observatory.nights) == 0:
            break
        await asyncio.sleep(0.01)
    assert len(observatory.nights) == 0


def test_a_stretch_within_one_minute_is_not_read_as_from_a_time_to_the_same() -> None:
    """Sydney, 23 November 2026: Mercury can be seen for under a minute before sunrise;
    "05:39 to 05:39" would read as nonsense."""
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from planettracker.sky.tonight import Interval
    from planettracker.web.sentences import spans_text

    zone = ZoneInfo("Australia/Sydney")
    start = datetime(2026, 11, 22, 18, 39, 5, tzinfo=UTC)
    brief = Interval(start, start + timedelta(seconds=20))  # both read 05:39
    longer = Interval(start - timedelta(hours=3), start - timedelta(hours=2))
    assert spans_text([brief], zone) == "briefly at 05:39"
    assert spans_text([longer, brief], zone) == "02:39 to 03:39 and briefly at 05:39"


# Sentences a stargazer reads, against the sky they describe (Skyfield with DE421) ----


def _skyfield_alt(lat: float, lon: float, name: str, moments: list[datetime]) -> list[float]:
    """Skyfield's altitude of ``name``: the Sun's geometric, any other's apparent."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        from skyfield.api import wgs84

    eph, ts = de421()
    observer = eph["earth"] + wgs84.latlon(lat, lon)
    apparent = observer.at(ts.from_datetimes(moments)).observe(eph[DE421_TARGETS[name]]).apparent()
    if name == "sun":
        return [float(a) for a in apparent.altaz()[0].degrees]
    refracted = apparent.altaz(temperature_C=15.0, pressure_mbar=1013.25)[0].degrees
    return [float(a) for a in refracted]


def _hours(body: dict, minutes: float = 30.0) -> list[datetime]:  # type: ignore[type-arg]
    start = datetime.fromisoformat(body["night"]["start"])
    end = datetime.fromisoformat(body["night"]["end"])
    count = int((end - start).total_seconds() / 60.0 / minutes)
    return [start + timedelta(minutes=minutes * i) for i in range(count + 1)]


def _middle(body: dict) -> datetime:  # type: ignore[type-arg]
    start = datetime.fromisoformat(body["night"]["start"])
    return start + (datetime.fromisoformat(body["night"]["end"]) - start) / 2


def _lit(sentence: str) -> int:
    """The percent of the Moon lit, as a sentence says it."""
    found = re.search(r"(\d+)% lit", sentence)
    assert found is not None, sentence
    return int(found.group(1))


def _skyfield_lit(body: dict, lat: float, lon: float) -> float:  # type: ignore[type-arg]
    """The Moon's lit percent at the night's middle (Skyfield, DE421)."""
    return float(reference.position("moon", lat, lon, 0.0, _middle(body)).phase)


def _paris(instant: str) -> str:
    """An instant on Paris's clock in winter (UTC+1), to the nearest minute."""
    moment = datetime.fromisoformat(instant) + timedelta(hours=1, seconds=30)
    return moment.strftime("%H:%M")


def _sentence(body: dict, name: str) -> str:  # type: ignore[type-arg]
    return next(b["sentence"] for b in body["bodies"] if b["name"] == name)


async def test_a_polar_night_at_the_pole_is_dark_all_night_not_briefly(client: TestClient) -> None:
    """North Pole, 7 December 2026: the Sun (Skyfield) stays 18 degrees down and
    Jupiter above 10 degrees for the whole 24 hours: 'all night', not 'briefly at
    11:50' (both ends of a day read the same clock)."""
    params = {"lat": "90", "lon": "0", "at": "2026-12-07T12:00:00Z"}
    body = await _ok(client, **params)
    moments = _hours(body)
    assert max(_skyfield_alt(90.0, 0.0, "sun", moments)) < -18.0
    assert min(_skyfield_alt(90.0, 0.0, "jupiter", moments)) > 10.0
    jupiter = _sentence(body, "jupiter")
    assert "all night" in jupiter
    assert "briefly" not in jupiter
    moon = body["moon"]["sentence"]
    assert moon.startswith("Moon: waning crescent, ")
    assert moon.endswith("% lit; down all night: good for faint objects.")
    assert _lit(moon) == pytest.approx(_skyfield_lit(body, 90.0, 0.0), abs=1)
    text = await (await client.get("/tonight", params={**params, "format": "text"})).text()
    assert "  Fully dark all night.\n" in text
    assert "briefly" not in text


async def test_the_midnight_sun_at_the_pole_is_all_24_hours(client: TestClient) -> None:
    """North Pole, March equinox 2026: the Sun (Skyfield) above the horizon all 24
    hours, the Moon above 10 degrees all of them; Jupiter, far from the Sun and above
    10 degrees, is kept unseen by the midnight sun, not by its magnitude (-2.3)."""
    body = await _ok(client, lat="90", lon="0", at="2026-03-21T12:00:00Z")
    moments = _hours(body)
    assert min(_skyfield_alt(90.0, 0.0, "sun", moments)) > -0.833
    assert min(_skyfield_alt(90.0, 0.0, "moon", moments)) > 10.0
    assert max(_skyfield_alt(90.0, 0.0, "jupiter", moments)) > 10.0
    assert _sentence(body, "moon").startswith("Moon: all 24 hours; best at ")
    jupiter = _sentence(body, "jupiter")
    shown = re.fullmatch(
        r"Jupiter: the midnight sun keeps the sky too bright for it \(magnitude (-?\d+\.\d)\)\.",
        jupiter,
    )
    assert shown is not None, jupiter
    middle = _middle(body)
    magnitude = reference.position("jupiter", 90.0, 0.0, 0.0, middle).magnitude
    assert magnitude is not None
    assert float(shown.group(1)) == pytest.approx(magnitude, abs=0.1)


async def test_the_midnight_sun_is_named_not_binoculars(client: TestClient) -> None:
    """Tromsø, 21 June 2026: 'Venus: too faint for the naked eye (magnitude -4.0):
    needs binoculars' was wrong; the Sun (Skyfield) never sets, and Venus is up."""
    body = await _ok(client, lat="69.65", lon="18.96", at="2026-06-21T12:00:00Z")
    moments = _hours(body)
    assert min(_skyfield_alt(69.65, 18.96, "sun", moments)) > -0.833
    assert max(_skyfield_alt(69.65, 18.96, "venus", moments)) > 10.0
    for name in ("venus", "mars", "saturn", "neptune"):
        sentence = _sentence(body, name)
        assert "midnight sun" in sentence, sentence
        assert "binoculars" not in sentence, sentence
        assert "telescope" not in sentence, sentence


async def test_too_low_never_says_under_what_it_reaches(client: TestClient) -> None:
    """Tromsø, 21 December 2026, asking from 32 degrees up: Mars (Skyfield) climbs to
    between 31.5 and 32 degrees; 'never more than 32° high (under 32°)' was nonsense."""
    body = await _ok(client, lat="69.65", lon="18.96", at="2026-12-21T12:00:00Z", min_alt="32")
    highest = max(_skyfield_alt(69.65, 18.96, "mars", _hours(body, 2.0)))
    assert 31.5 < highest < 32.0
    assert _sentence(body, "mars") == "Mars: too low, just under 32° at its highest."


async def test_near_the_zenith_is_nearly_overhead(client: TestClient) -> None:
    """Quito, 7 December 2026: Saturn best within 10 degrees of the zenith (Skyfield),
    'nearly overhead', not '89° high in the north'; a direction is given only below
    80 degrees."""
    body = await _ok(client, lat="-0.18", lon="-78.47", at="2026-12-07T12:00:00Z")
    saturn = next(b for b in body["bodies"] if b["name"] == "saturn")
    at = datetime.fromisoformat(saturn["best"]["at"])
    assert _skyfield_alt(-0.18, -78.47, "saturn", [at])[0] > 80.0
    assert "nearly overhead" in saturn["sentence"]
    assert "high in the" not in saturn["sentence"]
    for seen in body["bodies"]:
        if seen["best"] is not None and "high in the" in seen["sentence"]:
            assert seen["best"]["alt"] < 80.0


async def test_sydney_s_morning_planets_are_best_before_the_sky_brightens(
    client: TestClient,
) -> None:
    """Sydney, 4-5 December 2026: Jupiter, Mars, the Moon and Venus were all 'best at
    05:37', sunrise. Each is best with the Sun (Skyfield) 12 degrees down or more,
    the sentence says why then, and none says 05:37."""
    body = await _ok(client, lat="-33.87", lon="151.21", at="2026-12-04T02:00:00Z")
    for name in ("jupiter", "mars", "moon", "venus"):
        seen = next(b for b in body["bodies"] if b["name"] == name)
        at = datetime.fromisoformat(seen["best"]["at"])
        assert _skyfield_alt(-33.87, 151.21, "sun", [at])[0] < -12.0, name
        assert seen["best"]["sun_alt"] == pytest.approx(_skyfield_alt(-33.87, 151.21, "sun", [at])[0], abs=0.1)  # fmt: skip
        assert seen["best"]["timing"] == "before the sky brightens"
        assert seen["sentence"].endswith(", before the sky brightens."), seen["sentence"]
        assert "best at 05:37" not in seen["sentence"]


_PLACES = [
    {"lat": "90", "lon": "0", "at": "2026-12-07T12:00:00Z"},
    {"lat": "90", "lon": "0", "at": "2026-03-21T12:00:00Z"},
    {"lat": "90", "lon": "0", "at": "2026-09-23T12:00:00Z"},
    {"lat": "-90", "lon": "0", "at": "2026-12-08T00:00:00Z"},
    {"lat": "-90", "lon": "0", "at": "2026-06-21T12:00:00Z"},
    {"lat": "69.65", "lon": "18.96", "at": "2026-06-21T12:00:00Z"},
    {"lat": "69.65", "lon": "18.96", "at": "2026-12-21T12:00:00Z"},
    {"lat": "-0.18", "lon": "-78.47", "at": "2026-12-07T12:00:00Z"},
    {"lat": "-33.87", "lon": "151.21", "at": "2026-12-04T02:00:00Z"},
    {"lat": "48.8566", "lon": "2.3522", "at": "2026-12-07T12:00:00Z"},
    {"lat": "-17.7", "lon": "179.99", "at": "2026-12-08T00:00:00Z"},
    {"lat": "-17.7", "lon": "-179.99", "at": "2026-12-08T00:00:00Z", "min_alt": "0"},
]


@pytest.mark.parametrize("params", _PLACES, ids=[f"{p['lat']},{p['lon']},{p['at'][:10]}" for p in _PLACES])  # fmt: skip
async def test_no_sentence_reads_as_nonsense(client: TestClient, params: dict[str, str]) -> None:
    """Over the poles, Tromsø's midnight sun and polar night, the equator, Sydney,
    Paris and the date line: no stretch from a time to the same time, none 'briefly'
    that lasts longer than a minute, no 'too low' under what it reaches, no 'too
    faint' for a body brighter than magnitude 5, no best time within a minute of
    sunrise or sunset while the body is up in a sky (Skyfield) 3 degrees darker."""
    body = await _ok(client, **params)
    lat, lon = float(params["lat"]), float(params["lon"])
    night = body["night"]
    edges = [datetime.fromisoformat(night[k]) for k in ("sunset", "sunrise") if night[k]]
    for seen in body["bodies"]:
        sentence = seen["sentence"]
        spans = [(datetime.fromisoformat(i["start"]), datetime.fromisoformat(i["end"])) for i in seen["intervals"]]  # fmt: skip
        for start, end in re.findall(r"(\d\d:\d\d) to (\d\d:\d\d)(?! [A-Z])", sentence):
            assert start != end, sentence
        if "briefly" in sentence:
            assert any((b - a).total_seconds() < 90 for a, b in spans), sentence
        low = re.search(r"never more than (\d+)° high \(under (\d+)°\)", sentence)
        if low:
            assert int(low[1]) < int(low[2]), sentence
        if "too faint" in sentence:
            assert seen["magnitude"] > 5.0, sentence
        if seen["best"] is None:
            continue
        at = datetime.fromisoformat(seen["best"]["at"])
        if all(abs((at - edge).total_seconds()) >= 60 for edge in edges):
            continue
        moments = [a + timedelta(minutes=5 * k) for a, b in spans for k in range(int((b - a).total_seconds() // 300) + 1)]  # fmt: skip
        sun = _skyfield_alt(lat, lon, "sun", [at, *moments])
        alt = _skyfield_alt(lat, lon, seen["name"], moments)
        darker = [s < sun[0] - 3.0 and a > body["min_alt"] + 2.0 for s, a in zip(sun[1:], alt, strict=True)]  # fmt: skip
        assert not any(darker), sentence
