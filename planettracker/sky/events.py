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
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from planettracker.sky.tracker import Events, PlanetTracker

CacheKey = tuple[float, float, float, float, float, str]


@dataclass(slots=True)
class _Entry:
    computed_at: datetime
    valid_until: datetime
    events: Events
    last_used: float


class EventCache:
    """Per (place, atmosphere, body) cache of ``PlanetTracker.events``."""

    def __init__(
        self,
        ttl_s: float = 300.0,
        max_entries: int = 20_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[CacheKey, _Entry] = OrderedDict()
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def events(self, tracker: PlanetTracker, name: str) -> Events:
        """The next events of ``name`` for ``tracker``'s place and instant."""
        return self.events_of(tracker, (name,))[name]

    def events_of(self, tracker: PlanetTracker, names: Iterable[str]) -> dict[str, Events]:
        """The next events of each of ``names`` (the place is read once for all)."""
        now = self._clock()
        self._forget_unused(now)
        place = (tracker.lat, tracker.lon, tracker.elevation, tracker.temp, tracker.pressure)
        at = tracker.at
        entries = self._entries
        found = {}
        for name in names:
            key: CacheKey = (*place, name)
            entry = entries.get(key)
            if entry is not None and entry.computed_at <= at < entry.valid_until:
                self.hits += 1
                entry.last_used = now
                entries.move_to_end(key)
                found[name] = entry.events
                continue
            self.misses += 1
            events = found[name] = tracker.events(name)
            entries[key] = _Entry(at, events.valid_until(at), events, now)
            entries.move_to_end(key)
        while len(entries) > self.max_entries:
            entries.popitem(last=False)
        return found

    def sweep(self) -> None:
        """Forget the entries not used for ``ttl_s``: call it now and then, so that a
        quiet worker does not keep places it was asked for long ago."""
        self._forget_unused(self._clock())

    def _forget_unused(self, now: float) -> None:
        """Drop the entries not used for ``ttl_s`` (the least recently used first)."""
        while self._entries:
            oldest = next(iter(self._entries.values()))
            if now - oldest.last_used < self.ttl_s:
                break
            self._entries.popitem(last=False)
