"""The bodies this service knows, and the compass: facts every other module shares."""

from __future__ import annotations

import ephem

PLANETS: tuple[str, ...] = (
    "mercury",
    "venus",
    "mars",
    "jupiter",
    "saturn",
    "uranus",
    "neptune",
)
BODIES: tuple[str, ...] = ("sun", "moon", *PLANETS)
# The bodies that get a landmark star: not the Sun, in whose light no star is seen.
LANDMARK_BODIES: tuple[str, ...] = ("moon", *PLANETS)
# The bodies a night is about (planettracker.sky.tonight): the Sun makes the night.
NIGHT_BODIES: tuple[str, ...] = ("moon", *PLANETS)

# PyEphem's class for each body.
BODY_CLASSES: dict[str, type[ephem.Body]] = {
    "sun": ephem.Sun,
    "moon": ephem.Moon,
    "mercury": ephem.Mercury,
    "venus": ephem.Venus,
    "mars": ephem.Mars,
    "jupiter": ephem.Jupiter,
    "saturn": ephem.Saturn,
    "uranus": ephem.Uranus,
    "neptune": ephem.Neptune,
}

COMPASS_POINTS: tuple[str, ...] = (
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
    "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW",
)  # fmt: skip


def compass_direction(az: float) -> str:
    """The 16-point compass word for an azimuth in degrees ("N", "NNE", ... "NNW")."""
    return COMPASS_POINTS[int((az % 360.0 + 11.25) // 22.5) % 16]
