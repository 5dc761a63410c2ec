"""The rise/set cache: reused while still the next events, forgotten when unused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from planettracker.sky.events import EventCache
from planettracker.sky.tracker import PlanetTracker
from tests.support.clock import FakeClock

PARIS = (48.85, 2.35, 35.0)
T0 = datetime(2026, 3, 1, 21, 30, tzinfo=UTC)


def test_a_page_asking_every_minute_computes_once_per_event() -> None:
    cache = EventCache(ttl_s=300.0, clock=FakeClock())
    first = cache.events(PlanetTracker(*PARIS, T0), "mars")
    assert (cache.hits, cache.misses) == (0, 1)
    for minute in range(1, 30):
        again = cache.events(PlanetTracker(*PARIS, T0 + timedelta(minutes=minute)), "mars")
        assert again == first
    assert (cache.hits, cache.misses) == (29, 1)


def test_answers_are_those_of_a_fresh_computation() -> None:
    cache = EventCache()
    for hours in range(0, 48, 3):
        tracker = PlanetTracker(*PARIS, T0 + timedelta(hours=hours))
        assert cache.events(tracker, "jupiter") == tracker.events("jupiter")
    assert cache.hits > 0


def test_recomputed_once_the_first_event_has_happened() -> None:
    cache = EventCache()
    first = cache.events(PlanetTracker(*PARIS, T0), "moon")
    soonest = min(t for t in (first.rise, first.transit, first.set) if t is not None)
    later = cache.events(PlanetTracker(*PARIS, soonest + timedelta(seconds=1)), "moon")
    assert cache.misses == 2
    assert later != first
    assert min(t for t in (later.rise, later.transit, later.set) if t is not None) > soonest


def test_an_earlier_instant_is_not_answered_from_a_later_computation() -> None:
    cache = EventCache()
    cache.events(PlanetTracker(*PARIS, T0), "saturn")
    tracker = PlanetTracker(*PARIS, T0 - timedelta(days=3))
    assert cache.events(tracker, "saturn") == tracker.events("saturn")
    assert cache.misses == 2


def test_places_bodies_and_atmospheres_are_kept_apart() -> None:
    cache = EventCache()
    cache.events(PlanetTracker(*PARIS, T0), "mars")
    cache.events(PlanetTracker(*PARIS, T0), "venus")
    cache.events(PlanetTracker(48.86, 2.35, 35.0, T0), "mars")
    cache.events(PlanetTracker(*PARIS, T0, pressure=0.0), "mars")
    assert (cache.misses, len(cache)) == (4, 4)


def test_unused_entries_are_forgotten_after_the_ttl() -> None:
    clock = FakeClock()
    cache = EventCache(ttl_s=300.0, clock=clock)
    cache.events(PlanetTracker(*PARIS, T0), "mars")
    clock.now += 299.0
    cache.events(PlanetTracker(-33.87, 151.21, 0.0, T0), "mars")
    assert len(cache) == 2
    clock.now += 2.0  # Paris unused for 301 s, Sydney for 2 s
    cache.events(PlanetTracker(-33.87, 151.21, 0.0, T0), "mars")
    assert len(cache) == 1
    clock.now += 301.0
    cache.events(PlanetTracker(35.68, 139.69, 0.0, T0), "mars")
    assert len(cache) == 1  # only Tokyo: nobody's place outlives its use


def test_a_quiet_cache_is_swept_without_requests() -> None:
    clock = FakeClock()
    cache = EventCache(ttl_s=300.0, clock=clock)
    cache.events_of(PlanetTracker(*PARIS, T0), ["mars", "venus"])
    clock.now += 299.0
    cache.sweep()
    assert len(cache) == 2
    clock.now += 2.0
    cache.sweep()  # what the app's background task does every minute
    assert len(cache) == 0


def test_never_more_than_max_entries() -> None:
    cache = EventCache(max_entries=3)
    for lat in range(10):
        cache.events(PlanetTracker(float(lat), 0.0, 0.0, T0), "mars")
    assert len(cache) == 3
