"""A body's rise, transit and set around the night, and whether it is up (down) all
night."""

from __future__ import annotations

from typing import NamedTuple

from planettracker.sky.night.stages import DAY_S, Bounds
from planettracker.sky.paths import Path

LOOKBACK_STEP_S = 6 * 3600.0


class Passes(NamedTuple):
    rise: float | None  # seconds since 1970
    transit: float | None
    set: float | None
    always_up: bool
    never_up: bool


def passes(path: Path, bounds: Bounds) -> Passes:
    """The first rise, transit and set within the night; for a body up at the night's
    start that does not rise again in it, the rise it is up since (a day back at
    most) and, if it does not transit in the night, the transit since that rise.
    Then whether it is up (down) all night."""
    horizon, transits = path.events(bounds.start, bounds.end)
    up_at_start = path.risen(bounds.start)
    sets = [t for t, d in horizon if d < 0]
    rises = [t for t, d in horizon if d > 0]
    rise: float | None = rises[0] if rises else None
    if up_at_start and rise is None:
        # Back in steps of 6 hours: most bodies up at dusk rose that afternoon.
        end = bounds.start
        while rise is None and end > bounds.start - DAY_S:
            before, earlier = path.events(end - LOOKBACK_STEP_S, end)
            rise = next((t for t, d in reversed(before) if d > 0), None)
            if not transits:
                transits = [t for t in earlier if rise is None or t >= rise] + transits
            end -= LOOKBACK_STEP_S
        if rise is None:
            transits = [t for t in transits if t >= bounds.start]
    return Passes(
        rise,
        transits[0] if transits else None,
        sets[0] if sets else None,
        up_at_start and not sets,
        not up_at_start and not rises,
    )
