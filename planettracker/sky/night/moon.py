"""The Moon tonight: its phase, how much of it is lit, and when it is up in the
darkest stretch of the night."""

from __future__ import annotations

from dataclasses import dataclass

from planettracker.sky.night.stages import Context, Interval, Twilight
from planettracker.sky.paths import Path, Span
from planettracker.sky.tracker import utc_second

PHASES = (
    "new",
    "waxing crescent",
    "first quarter",
    "waxing gibbous",
    "full",
    "waning gibbous",
    "last quarter",
    "waning crescent",
)
# The Moon moves 12.19 degrees a day away from the Sun: a principal phase is named
# within a day of its instant.
PHASE_HALF_WIDTH_DEG = 12.19


@dataclass(frozen=True, slots=True)
class Moon:
    phase: str  # one of PHASES
    illuminated: float  # percent of the disc lit
    dark: Interval | None  # the darkest stretch of the night (None: it stays day)
    up_in_dark: tuple[Interval, ...]  # when the Moon is up in it


def phase_name(elongation: float) -> str:
    """The Moon's phase name from its signed elongation (east of the Sun: waxing)."""
    angle = elongation % 360.0  # 0 new, 90 first quarter, 180 full, 270 last quarter
    for index, principal in enumerate((0.0, 90.0, 180.0, 270.0, 360.0)):
        if abs(angle - principal) < PHASE_HALF_WIDTH_DEG:
            return PHASES[(2 * index) % 8]
    return PHASES[2 * int(angle // 90.0) + 1]


def moon(path: Path, context: Context, twilight: Twilight) -> Moon:
    """The Moon (``path``) tonight: its phase in the middle of the night, and when it
    is up in the night's darkest stretch."""
    bounds = context.bounds
    middle = 0.5 * (bounds.start + bounds.end)
    darkest = twilight.darkest
    dark = None
    up: list[Span] = []
    if darkest != "day":
        stretches = [(a, b) for a, b, state in context.stages if state == darkest]
        start = max(stretches[0][0], bounds.start)
        end = min(stretches[-1][1], bounds.end)
        if end > start:
            dark = Interval(utc_second(start), utc_second(end))
            up = path.up(start, end)
    return Moon(
        phase=phase_name(path.elongation_near(middle)),
        illuminated=path.phase_near(middle),
        dark=dark,
        up_in_dark=tuple(Interval(utc_second(a), utc_second(b)) for a, b in up),
    )
