"""Renderings and lookups that the API's answers are made of."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from planettracker.sky.timezones import TimeZoneLookup, nautical_zone
from planettracker.web.render import instant, iso_instant


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2026, 3, 1, 21, 30, tzinfo=UTC), "2026-03-01T21:30:00Z"),
        (datetime(2026, 3, 1, 21, 30, 0, 250_000, tzinfo=UTC), "2026-03-01T21:30:00.250Z"),
        (datetime(2026, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=2))), "2026-03-01T21:30:00Z"),
        (None, None),
    ],
)
def test_instants_are_utc_with_a_z(moment: datetime | None, text: str | None) -> None:
    assert iso_instant(moment) == text
    if moment is not None:
        assert instant(moment) == text  # an answer's instant, cached


@pytest.fixture(scope="module")
def zones() -> TimeZoneLookup:
    return TimeZoneLookup()


@pytest.mark.parametrize(
    ("lat", "lon", "zone"),
    [
        (51.4769, -0.0005, "Europe/London"),
        (48.8566, 2.3522, "Europe/Paris"),
        (35.6762, 139.6503, "Asia/Tokyo"),
        (-33.8568, 151.2153, "Australia/Sydney"),
        (40.7128, -74.0060, "America/New_York"),
        (-27.1127, -109.3497, "Pacific/Easter"),
        (64.8378, -147.7164, "America/Anchorage"),
        (0.0, -30.0, "Etc/GMT+2"),  # mid-Atlantic
    ],
)
def test_time_zone_names(zones: TimeZoneLookup, lat: float, lon: float, zone: str) -> None:
    assert zones.name_at(lat, lon) == zone


@pytest.mark.parametrize(
    ("lon", "zone"),
    [
        (0.0, "Etc/GMT"),
        (7.4, "Etc/GMT"),
        (7.6, "Etc/GMT-1"),
        (-30.0, "Etc/GMT+2"),
        (180.0, "Etc/GMT-12"),
    ],
)
def test_nautical_zones(lon: float, zone: str) -> None:
    assert nautical_zone(lon) == zone


def test_rendered_events_live_no_longer_than_the_events() -> None:
    """Rise and set times of a place are kept only while the events cache keeps it."""
    import gc
    from datetime import UTC, datetime

    from planettracker.sky.tracker import Events
    from planettracker.web import render

    gc.collect()
    before = len(render._EVENTS_JSON)  # other tests' caches may still hold theirs
    events = Events(datetime(2026, 3, 1, 5, 0, tzinfo=UTC), datetime(2026, 3, 1, 11, 0, tzinfo=UTC), datetime(2026, 3, 1, 17, 0, 30, tzinfo=UTC), False, False)  # fmt: skip
    first = render.events_json(events)
    assert first["set"] == "2026-03-01T17:00:30Z"
    assert render.events_json(events) is first  # rendered once
    assert events in render._EVENTS_JSON
    del events
    gc.collect()
    assert len(render._EVENTS_JSON) <= before
