"""Why a body cannot be seen tonight: the first of ``REASONS`` that holds. Too faint
(for binoculars or a telescope) only when it would be too faint even in a dark sky."""

from __future__ import annotations

import math

from planettracker.sky.night.stages import Context
from planettracker.sky.paths import Path
from planettracker.sky.visibility import (
    EXTINCTION_MAG_PER_AIRMASS,
    NAKED_EYE_LIMIT,
    NIGHT,
    STATES,
    airmass,
)

NEAR_SUN_DEG = 30.0  # closer than this, a body that cannot be seen is lost in the Sun's glare
# Binoculars (50 mm) show stars some 3.5 magnitudes fainter than the naked eye does.
BINOCULAR_GAIN_MAG = 3.5

NEAR_THE_SUN = "too close to the Sun"
BELOW_HORIZON = "below the horizon all night"
TOO_LOW = "too low"
MIDNIGHT_SUN = "the midnight sun: the sky stays too bright"
NEEDS_BINOCULARS = "too faint for the naked eye: needs binoculars"
NEEDS_TELESCOPE = "too faint for the naked eye: needs a telescope"
TWILIGHT = "up only in twilight too bright for its magnitude"
REASONS = (
    NEAR_THE_SUN,
    BELOW_HORIZON,
    TOO_LOW,
    NEEDS_BINOCULARS,
    NEEDS_TELESCOPE,
    MIDNIGHT_SUN,
    TWILIGHT,
)


def reason(
    path: Path,
    context: Context,
    magnitude: float,
    elongation: float,
    never_up: bool,
    max_alt: float,
) -> str:
    """Why a body cannot be seen tonight (``REASONS``, the first that holds): near the
    Sun; never up; never above ``min_alt``; above it only in daylight (the midnight
    sun); too faint even in a dark sky, at the heights it reaches (for
    binoculars, or more, in the darkest sky it stands in); else above it only in
    twilight too bright for it."""
    if elongation < NEAR_SUN_DEG:
        return NEAR_THE_SUN
    if never_up:
        return BELOW_HORIZON
    if max_alt <= context.min_alt:
        return TOO_LOW
    bounds = context.bounds
    line = path.unrefracted(math.radians(context.min_alt))
    darkest = max(
        (
            STATES.index(state)
            for a, b, state in context.stages
            if path.above(line, max(a, bounds.start), min(b, bounds.end))
        ),
        default=STATES.index(NIGHT),
    )
    if STATES[darkest] == "day":  # a night has no daylight but under the midnight sun
        return MIDNIGHT_SUN
    dimmed = magnitude + EXTINCTION_MAG_PER_AIRMASS * (airmass(max_alt) - 1.0)
    if dimmed > NAKED_EYE_LIMIT[NIGHT] or STATES[darkest] == NIGHT:
        # Too faint for a dark sky at the heights it reaches (or, up in a dark sky
        # above min_alt, too faint there): by how much in the darkest sky it is up in?
        shortfall = dimmed - NAKED_EYE_LIMIT[STATES[darkest]]
        return NEEDS_BINOCULARS if shortfall <= BINOCULAR_GAIN_MAG else NEEDS_TELESCOPE
    return TWILIGHT
