"""How dark the sky is, and whether a body of some brightness can be seen in it."""

from __future__ import annotations

import math

# The Sun's geometric (unrefracted) altitude of its centre at the start of each
# state, from the brightest to the darkest: -0.833 deg is sunrise/sunset as the
# almanacs define it (refraction 34' plus the Sun's semi-diameter 16').
SKY_STATES: tuple[tuple[float, str], ...] = (
    (-0.833, "day"),
    (-6.0, "civil twilight"),
    (-12.0, "nautical twilight"),
    (-18.0, "astronomical twilight"),
)
NIGHT = "night"
STATES: tuple[str, ...] = (*(state for _, state in SKY_STATES), NIGHT)

# Faintest magnitude the naked eye sees at the zenith in each sky state (a clear
# sky away from city lights). In daylight only Venus at its brightest can be
# picked out, and only well away from the Sun.
NAKED_EYE_LIMIT: dict[str, float] = {
    "day": -4.0,
    "civil twilight": 1.0,
    "nautical twilight": 3.5,
    "astronomical twilight": 5.0,
    "night": 6.0,
}
DAYLIGHT_MIN_ELONGATION = 15.0  # degrees from the Sun, for a daylight sighting
EXTINCTION_MAG_PER_AIRMASS = 0.3  # typical visual extinction near sea level


def sky_state(sun_geometric_alt: float) -> str:
    """Day, civil/nautical/astronomical twilight or night, from the Sun's altitude."""
    for threshold, state in SKY_STATES:
        if sun_geometric_alt >= threshold:
            return state
    return NIGHT


def airmass(alt: float) -> float:
    """Relative air mass at an apparent altitude in degrees (Kasten and Young, 1989)."""
    alt = max(alt, 0.0)
    return 1.0 / (math.sin(math.radians(alt)) + 0.50572 * float((alt + 6.07995) ** -1.6364))


def naked_eye(alt: float, magnitude: float, elongation: float, state: str) -> bool:
    """Whether a body can be seen without optics now: above the horizon, and bright
    enough for the sky's darkness once the air near the horizon has dimmed it."""
    if alt <= 0.0:
        return False
    if state == "day" and elongation < DAYLIGHT_MIN_ELONGATION:
        return False
    dimmed = magnitude + EXTINCTION_MAG_PER_AIRMASS * (airmass(alt) - 1.0)
    return dimmed <= NAKED_EYE_LIMIT[state]
