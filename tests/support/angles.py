"""Angles on the sky, computed here, independently of the app: the difference of two
azimuths across the 0/360 wrap, and the great-circle separation of two directions."""

from __future__ import annotations

import math

ARCSEC = 1.0 / 3600.0  # degrees


def turn_to(az: float, target_az: float) -> float:
    """The shortest turn from one azimuth to another, in (-180, 180]: right positive."""
    turn = (target_az - az + 180.0) % 360.0 - 180.0
    return 180.0 if turn == -180.0 else turn


def angle_between(a: float, b: float) -> float:
    """Degrees between two azimuths (or right ascensions), across the 0/360 wrap."""
    return abs(turn_to(b, a))


def separation(az1: float, alt1: float, az2: float, alt2: float) -> float:
    """Degrees on the sky between two directions, given as (az, alt) or (ra, dec) in
    degrees (Vincenty's formula: as exact near 0 and 180 degrees as anywhere)."""
    a1, b1, a2, b2 = map(math.radians, (az1, alt1, az2, alt2))
    d = a2 - a1
    across = math.hypot(
        math.cos(b2) * math.sin(d),
        math.cos(b1) * math.sin(b2) - math.sin(b1) * math.cos(b2) * math.cos(d),
    )
    along = math.sin(b1) * math.sin(b2) + math.cos(b1) * math.cos(b2) * math.cos(d)
    return math.degrees(math.atan2(across, along))


def separation_arcsec(az1: float, alt1: float, az2: float, alt2: float) -> float:
    """``separation`` in arcseconds."""
    return separation(az1, alt1, az2, alt2) * 3600.0
