"""Every body's track across the observer's sky along the night, for a chart."""

from __future__ import annotations

import math
from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from planettracker.sky.paths import GRID_S, Path
from planettracker.sky.tracker import utc_second

TRACK_MARGIN_S = 3600.0  # the track runs from an hour before sunset to an hour after sunrise

_DEGREES = 180.0 / math.pi


@dataclass(frozen=True, slots=True)
class Track:
    """Each body's apparent az and alt (degrees) at the nodes from ``start``, every
    ``step_s`` seconds (whole 10 minutes of UTC): ``bodies[name] = (az, alt)``."""

    start: datetime
    step_s: int
    count: int
    bodies: dict[str, tuple[array[float], array[float]]]


def track(paths: Mapping[str, Path], start: float, end: float) -> Track:
    """Every body's azimuth and apparent altitude at the nodes from ``start`` to
    ``end``, from the samples the searches have (mostly) computed already."""
    k0, k1 = math.ceil(start / GRID_S), math.floor(end / GRID_S)
    bodies = {}
    for name, path in paths.items():
        rows = path.horizontal_nodes(start, end)
        az = array("f", [row_az * _DEGREES for row_az, _ in rows])
        alt = array("f", [row_alt * _DEGREES for _, row_alt in rows])
        bodies[name] = (az, alt)
    return Track(utc_second(k0 * GRID_S), GRID_S, k1 - k0 + 1, bodies)
