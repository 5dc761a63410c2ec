"""Query parsing: every kind of bad input is an error naming its parameter."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from planettracker.web.query import (
    GREENWICH,
    InvalidParameter,
    Place,
    parse_location,
    parse_sky_query,
)


def _parse(query: str):  # type: ignore[no-untyped-def]
    pairs = [tuple(part.split("=", 1)) for part in query.split("&") if part]
    return parse_sky_query(pairs)  # type: ignore[arg-type]


def test_defaults_are_greenwich_now_standard_atmosphere_json() -> None:
    query = parse_sky_query([])
    assert query.place == GREENWICH == Place(51.4769, -0.0005, 0.0)
    assert query.default_place
    assert (query.at, query.temperature, query.pressure) == (None, 15.0, None)
    assert (query.events, query.format, query.color, query.brief) == (False, "json", False, False)


def test_a_full_query() -> None:
    query = _parse(
        "lat=-33.87&lon=151.21&elevation=58&at=2026-03-01T21:30:00%2B11:00"
        "&temperature=22.5&pressure=1008&events=1&format=text&color=true".replace("%2B", "+")
    )
    assert query.place == Place(-33.87, 151.21, 58.0)
    assert not query.default_place
    assert query.at == datetime(2026, 3, 1, 10, 30, tzinfo=UTC)
    assert (query.temperature, query.pressure) == (22.5, 1008.0)
    assert (query.events, query.format, query.color) == (True, "text", True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-01T21:30:00Z", datetime(2026, 3, 1, 21, 30, tzinfo=UTC)),
        ("2026-03-01T21:30:00", datetime(2026, 3, 1, 21, 30, tzinfo=UTC)),  # naive is UTC
        ("2026-03-01T23:30:00+02:00", datetime(2026, 3, 1, 21, 30, tzinfo=UTC)),
        ("2026-03-01T21:30:00.250Z", datetime(2026, 3, 1, 21, 30, 0, 250_000, tzinfo=UTC)),
        ("2026-03-01", datetime(2026, 3, 1, tzinfo=UTC)),
        ("1900-01-01T00:00:00Z", datetime(1900, 1, 1, tzinfo=UTC)),
        ("2100-01-01T00:00:00Z", datetime(2100, 1, 1, tzinfo=UTC)),
    ],
)
def test_instants(value: str, expected: datetime) -> None:
    assert parse_sky_query([("at", value)]).at == expected


@pytest.mark.parametrize(
    ("query", "parameter", "says"),
    [
        ("lat=48.8", "lon", "lat and lon must be given together"),
        ("lon=2.3", "lat", "lat and lon must be given together"),
        ("elevation=100", "lat", "lat and lon must be given together"),
        ("lat=abc&lon=2", "lat", "not a decimal number"),
        ("lat=&lon=2", "lat", "not a decimal number"),
        ("lat=nan&lon=2", "lat", "not a decimal number"),
        ("lat=inf&lon=2", "lat", "not a decimal number"),
        ("lat=-Infinity&lon=2", "lat", "not a decimal number"),
        ("lat=1e999&lon=2", "lat", "finite"),
        ("lat=1_0&lon=2", "lat", "not a decimal number"),
        ("lat= 10&lon=2", "lat", "not a decimal number"),
        ("lat=0x10&lon=2", "lat", "not a decimal number"),
        ("lat=١٢&lon=2", "lat", "not a decimal number"),  # Arabic-Indic digits
        ("lat=90.001&lon=2", "lat", "out of range [-90, 90]"),
        ("lat=-91&lon=2", "lat", "out of range"),
        ("lat=10&lon=180.5", "lon", "out of range [-180, 180]"),
        ("lat=10&lon=2&elevation=-501", "elevation", "out of range [-500, 12000]"),
        ("lat=10&lon=2&elevation=12001", "elevation", "out of range"),
        ("temperature=-91", "temperature", "out of range [-90, 60]"),
        ("pressure=-1", "pressure", "out of range [0, 1100]"),
        ("pressure=2000", "pressure", "out of range"),
        ("at=yesterday", "at", "not an ISO 8601 instant"),
        ("at=2026-13-01T00:00:00Z", "at", "not an ISO 8601 instant"),
        ("at=2026-03-01T25:00:00Z", "at", "not an ISO 8601 instant"),
        ("at=1899-12-31T23:59:59Z", "at", "between 1900-01-01 and 2100-01-01"),
        ("at=2100-01-01T00:00:01Z", "at", "between 1900-01-01 and 2100-01-01"),
        ("at=２０２６-03-01", "at", "ISO 8601"),  # full-width digits
        ("events=maybe", "events", "not one of 1, 0"),
        ("events=", "events", "not one of 1, 0"),
        ("format=xml", "format", "not one of json, text"),
        ("brief=all", "brief", "not one of 1, 0"),
        ("lat=10&lat=11&lon=2", "lat", "more than once"),
        ("lat=10&lat=10&lon=2", "lat", "more than once"),  # which one was meant?
        ("lat=" + "1" * 65 + "&lon=2", "lat", "longer than 64 characters"),
        ("latitude=48.8", "latitude", "unknown parameter"),
        ("Lat=48.8&lon=2", "Lat", "unknown parameter"),
    ],
)
def test_bad_input_names_the_parameter(query: str, parameter: str, says: str) -> None:
    with pytest.raises(InvalidParameter) as raised:
        _parse(query)
    assert raised.value.parameter == parameter
    assert says in raised.value.reason


@pytest.mark.parametrize(
    ("text", "number"),
    [("0", 0.0), ("-0", 0.0), ("+12.5", 12.5), (".5", 0.5), ("5.", 5.0), ("1e1", 10.0)],
)
def test_decimal_spellings(text: str, number: float) -> None:
    place = parse_sky_query([("lat", text), ("lon", "0")]).place
    assert place.lat == number
    assert str(place.lat) != "-0.0"


def test_a_message_quotes_client_text_safely() -> None:
    with pytest.raises(InvalidParameter) as raised:
        parse_sky_query([("at", "\x00\x1b[31m" + "x" * 50)])
    assert "\x00" not in str(raised.value)
    assert "\x1b" not in str(raised.value)
    assert len(str(raised.value)) < 200


@pytest.mark.parametrize(
    ("fields", "place"),
    [
        ({"lat": "48.93", "lon": "2.45", "elevation": "0"}, Place(48.93, 2.45, 0.0)),
        ({"lat": 48.93, "lon": 2.45}, Place(48.93, 2.45, 0.0)),
        ({"lat": -33, "lon": 151, "elevation": 58.5}, Place(-33.0, 151.0, 58.5)),
    ],
)
def test_locations(fields: dict[str, object], place: Place) -> None:
    assert parse_location(fields.items()) == place


@pytest.mark.parametrize(
    ("fields", "parameter"),
    [
        ({}, "lat"),
        ({"lat": "48.93"}, "lon"),
        ({"lat": True, "lon": 2}, "lat"),
        ({"lat": None, "lon": 2}, "lat"),
        ({"lat": [1], "lon": 2}, "lat"),
        ({"lat": float("nan"), "lon": 2}, "lat"),
        ({"lat": 1e308 * 10, "lon": 2}, "lat"),
        ({"lat": 48, "lon": 2, "elevation": "high"}, "elevation"),
        ({"lat": 48, "lon": 2, "city": "Paris"}, "city"),
    ],
)
def test_bad_locations(fields: dict[str, object], parameter: str) -> None:
    with pytest.raises(InvalidParameter) as raised:
        parse_location(fields.items())
    assert raised.value.parameter == parameter
