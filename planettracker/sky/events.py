"""Rise, transit and set times, cached while they are still the *next* ones.

A rise/transit/set search costs some ten times a position, and a page asks for
the same place every minute. The next events seen from instant t0 stay the next
events for every later instant before the first of them happens, so an entry
answers any request for the same place and conditions in [t0, first event).

A precise place is personal data: an entry is forgotten ``ttl_s`` seconds after
its last use, and the cache never holds more than ``max_entries`` entries.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from planettracker.sky.placecache import PlaceCache
from planettracker.sky.tracker import Events, PlanetTracker


class EventCache(PlaceCache[Events]):
    """Per (place, atmosphere, body) cache of ``PlanetTracker.events``."""

    def __init__(
        self,
        ttl_s: float = 300.0,
        max_entries: int = 20_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(ttl_s, max_entries, clock)

    def events(self, tracker: PlanetTracker, name: str) -> Events:
        """The next events of ``name`` for ``tracker``'s place and instant."""
        return self.events_of(tracker, (name,))[name]

    def events_of(self, tracker: PlanetTracker, names: Iterable[str]) -> dict[str, Events]:
        """The next events of each of ``names`` (the place is read once for all)."""
        now = self._now()
        place = (tracker.lat, tracker.lon, tracker.elevation, tracker.temp, tracker.pressure)
        at = tracker.at
        found = {}
        for name in names:
            key = (*place, name)
            events = self._get(key, at, now)
            if events is None:
                events = tracker.events(name)
                self._put(key, at, events.valid_until(at), events, now)
            found[name] = events
        self._trim()
        return found
