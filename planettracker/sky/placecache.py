"""A cache of answers about a visitor's place, shared by the rise/set and tonight caches.

An answer computed at instant t0 holds for every later instant until ``valid_until``
(the first of the next events, the end of the night). A precise place is personal
data: an entry is forgotten ``ttl_s`` seconds after its last use (``sweep`` lets a
quiet worker forget on time too), and the cache never holds more than ``max_entries``.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

V = TypeVar("V")


@dataclass(slots=True)
class _Entry(Generic[V]):
    computed_at: Any  # an instant: a datetime or seconds, as the cache's user keeps them
    valid_until: Any
    value: V
    last_used: float  # the clock's seconds


class PlaceCache(Generic[V]):
    """Entries keyed by place (and whatever else the answer depends on), least
    recently used first."""

    def __init__(
        self, ttl_s: float, max_entries: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[Hashable, _Entry[V]] = OrderedDict()
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def sweep(self) -> None:
        """Forget the entries not used for ``ttl_s``: call it now and then, so that a
        quiet worker does not keep places it was asked for long ago."""
        self._forget_unused(self._clock())

    def _now(self) -> float:
        """The clock, once the entries not used for ``ttl_s`` are forgotten."""
        now = self._clock()
        self._forget_unused(now)
        return now

    def _get(self, key: Hashable, at: Any, now: float) -> V | None:
        """The answer kept for ``key`` if it holds at ``at`` (a hit), else None."""
        entry = self._entries.get(key)
        if entry is None or not entry.computed_at <= at < entry.valid_until:
            self.misses += 1
            return None
        self.hits += 1
        entry.last_used = now
        self._entries.move_to_end(key)
        return entry.value

    def _put(self, key: Hashable, at: Any, valid_until: Any, value: V, now: float) -> None:
        self._entries[key] = _Entry(at, valid_until, value, now)
        self._entries.move_to_end(key)

    def _trim(self) -> None:
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def _forget_unused(self, now: float) -> None:
        """Drop the entries not used for ``ttl_s`` (the least recently used first)."""
        while self._entries:
            oldest = next(iter(self._entries.values()))
            if now - oldest.last_used < self.ttl_s:
                break
            self._entries.popitem(last=False)
