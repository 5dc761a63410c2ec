"""Random places and instants for the chart tests: places uniform over the globe (by
area), instants over 2000-2040, the same for the same seed."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta


def random_skies(count: int, seed: int, digits: int = 4) -> dict[str, tuple[float, float, str]]:
    """``count`` (lat, lon, ISO instant) by name, "random-0" on; coordinates to ``digits``."""
    rng = random.Random(seed)
    start = datetime(2000, 1, 1, tzinfo=UTC)
    skies = {}
    for i in range(count):
        lat = round(math.degrees(math.asin(rng.uniform(-1.0, 1.0))), digits)
        lon = round(rng.uniform(-180.0, 180.0), digits)
        when = start + timedelta(seconds=rng.uniform(0, 40 * 365.25 * 86400))
        skies[f"random-{i}"] = (lat, lon, when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return skies
