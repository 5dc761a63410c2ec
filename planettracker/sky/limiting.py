"""How far a body stands out: the naked eye's limiting magnitude at a point of the sky,
against the Sun's altitude, and the body's margin over it.

The model is B. E. Schaefer's, "Astronomy and the limits of vision", Vistas in
Astronomy 36 (1993) 311-361, as his program VISLIMIT gives it (Sky & Telescope, May
1998, p. 57, "To the visual limits"), in the V band only:

- the sky's brightness at the point (nanolamberts): the dark night sky (its mean over
  the solar cycle, brighter toward the horizon) plus the lesser of the daylight and
  the twilight terms of the Sun; the twilight term fades by one magnitude for each
  degree the Sun sinks, is brighter near the Sun and toward the horizon. Moonlight is
  left out (the Moon's own glow, and every other light, is not in this model);
- the faintest star the eye sees against it (Schaefer's threshold, night vision up
  to 1500 nL and day vision above, for a Snellen ratio of 1): about 6.5 at the eye
  in a dark sky at the zenith, 0.0 at sunrise, -3 in full daylight;
- the body dimmed by the air: ``EXTINCTION_MAG_PER_AIRMASS`` (0.3 mag, Schaefer's
  value at sea level for 40% humidity) times the air mass of Kasten and Young (1989),
  as ``planettracker.sky.visibility`` uses.

The margin is the limit there and then minus the dimmed magnitude: the larger it is,
the more the body stands out. Tonight's best time is where it is largest
(``planettracker.sky.tonight``). Angles in degrees; the Sun's altitude geometric
(unrefracted), the body's apparent.
"""

from __future__ import annotations

import math

from planettracker.sky.visibility import EXTINCTION_MAG_PER_AIRMASS, airmass

K = EXTINCTION_MAG_PER_AIRMASS
SUN_V = -26.74  # the Sun's V magnitude
_MO_V = -11.05  # VISLIMIT's V-band offset
_NIGHT_SKY = 1.0e-13  # VISLIMIT's dark-sky brightness in V, in its own units
_PER_NANOLAMBERT = 1.11e-15  # VISLIMIT's units to nanolamberts, in V
_DAY_VISION_NL = 1500.0  # brighter than this, the eye's cones see
_NIGHT_C1, _NIGHT_C2 = 10.0**-9.8, 10.0**-1.9
_DAY_C1, _DAY_C2 = 10.0**-8.35, 10.0**-5.9
_SUN_AIRMASS_BELOW = 40.0  # VISLIMIT's air mass toward a Sun below the horizon
_MIN_SUN_DISTANCE = 1.0  # degrees: nearer, the formulas' glare terms diverge
_RAD = math.pi / 180.0


def sky_brightness(alt: float, sun_alt: float, sun_distance: float) -> float:
    """The sky's V brightness (nanolamberts) at apparent altitude ``alt``, with the
    Sun's centre at geometric altitude ``sun_alt`` and ``sun_distance`` degrees away."""
    z = 90.0 - max(alt, 0.0)
    x = airmass(alt)
    sin_z = math.sin(z * _RAD)
    night = _NIGHT_SKY * (0.4 + 0.6 / math.sqrt(1.0 - 0.96 * sin_z * sin_z))
    night *= 10.0 ** (-0.4 * K * x)
    scattered = 1.0 - 10.0 ** (-0.4 * K * x)
    distance = max(sun_distance, _MIN_SUN_DISTANCE)
    twilight = 10.0 ** (-0.4 * (SUN_V - _MO_V + 32.5 - sun_alt - z / (360.0 * K)))
    twilight *= (100.0 / distance) * scattered
    sun_airmass = airmass(sun_alt) if sun_alt > 0.0 else _SUN_AIRMASS_BELOW
    through = 10.0 ** (-0.4 * K * sun_airmass)
    glare = (
        6.2e7 / distance**2
        + 10.0 ** (6.15 - distance / 40.0)
        + 10.0**5.36 * (1.06 + math.cos(distance * _RAD) ** 2)
    )
    daylight = 10.0 ** (-0.4 * (SUN_V - _MO_V + 43.27)) * scattered
    daylight *= glare * through + 440000.0 * (1.0 - through)
    return float(night + min(daylight, twilight)) / _PER_NANOLAMBERT


def eye_limit(brightness_nl: float) -> float:
    """The faintest magnitude a point seen through the air must have, against a sky of
    ``brightness_nl`` (Schaefer's threshold; as it reaches the eye)."""
    if brightness_nl > _DAY_VISION_NL:
        c1, c2 = _DAY_C1, _DAY_C2
    else:
        c1, c2 = _NIGHT_C1, _NIGHT_C2
    threshold = c1 * (1.0 + math.sqrt(c2 * brightness_nl)) ** 2  # foot-candles
    return -16.57 - 2.5 * math.log10(threshold)


def limiting_magnitude(alt: float, sun_alt: float, sun_distance: float) -> float:
    """The faintest magnitude (as it reaches the eye, after the air) seen at that point."""
    return eye_limit(sky_brightness(alt, sun_alt, sun_distance))


def dimmed(magnitude: float, alt: float) -> float:
    """A body's magnitude once the air has dimmed it, at apparent altitude ``alt``."""
    return magnitude + K * airmass(alt)


def margin(magnitude: float, alt: float, sun_alt: float, sun_distance: float) -> float:
    """How many magnitudes brighter than the faintest it could be the body is there
    and then: positive where the eye can see it, largest where it stands out most."""
    return limiting_magnitude(alt, sun_alt, sun_distance) - dimmed(magnitude, alt)
