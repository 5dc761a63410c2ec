"""A clock that only the test moves, for the caches that take one (``EventCache``'s
monotonic clock, ``MagneticDeclination``'s wall clock)."""

from __future__ import annotations

from datetime import UTC, datetime


class FakeClock:
    """Seconds, as ``time.time()`` or ``time.monotonic()`` gives them: ``clock()`` reads
    the time, ``clock.now += 60.0`` lets a minute pass."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    @classmethod
    def on(cls, year: int, month: int, day: int) -> FakeClock:
        """A wall clock at noon (UTC) on a day."""
        return cls(datetime(year, month, day, 12, tzinfo=UTC).timestamp())

    def __call__(self) -> float:
        return self.now
