"""From where a body is seen from the Earth's centre to where it is in one observer's
sky: diurnal parallax, the horizontal frame, refraction (none for a true altitude
under -1 degree, as Skyfield: ``refract``).

This is the cheap, per-observer step of a position (a few microseconds a body); the
costly geocentric part is shared by every observer at the same instant
(``planettracker.sky.ephemeris``). It follows libastro, the C library inside PyEphem, step
for step (``ta_par``, ``hadec_aa``, ``refract``), so that the results agree with
PyEphem's own topocentric positions to a small fraction of an arcsecond (but for the
refraction of bodies more than a degree under the horizon, which PyEphem gives and this
does not); the tests check that, and check both against JPL's DE421.

All angles here are radians; ``lst`` is the local apparent sidereal time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import ephem

EARTH_RADIUS_M = ephem.earth_radius  # libastro's ERAD
METERS_PER_AU = ephem.meters_per_au  # libastro's MAU
# The Earth's shape as libastro takes it: flattening 1/298.257.
_E2 = (2.0 - 1.0 / 298.257) / 298.257
AU_IN_EARTH_RADII = METERS_PER_AU / EARTH_RADIUS_M
_TAU = 2.0 * math.pi
# Module-level names for the functions of the hot path (a dict lookup fewer each).
_sin, _cos, _asin, _atan2, _sqrt, _tan = (
    math.sin,
    math.cos,
    math.asin,
    math.atan2,
    math.sqrt,
    math.tan,
)
_REFRACTION_TOLERANCE = math.radians(0.1 / 3600.0)
_LOW, _HIGH = 14.5, 15.5  # degrees: the two refraction formulas blend between these
# No refraction for a true altitude under -1 degree, as Skyfield (its refract(): Bennett's
# refraction() is nil for an object more than a degree below the horizon, and its
# iteration starts from the true altitude). libastro's own formula lifts bodies down to
# some -8.2 degrees, 3 degrees under the horizon by more than a degree, where nobody sees
# a body. The horizon that rising and setting use (unrefract(0),
# about -0.57 degree) is well above the cut-off. Well above 15.5 degrees only libastro's
# simple high-altitude formula applies.
NO_REFRACTION_BELOW_DEG = -1.0
_NO_REFRACTION_BELOW = math.radians(NO_REFRACTION_BELOW_DEG)
_HIGH_FORMULA_ABOVE = math.radians(16.0)


@dataclass(slots=True)
class Site:
    """An observer's place and air, reduced to what the topocentric step needs."""

    lat: float
    lon: float
    sin_lat: float
    cos_lat: float
    x: float  # observer towards the meridian, Earth radii
    z: float  # observer towards the north pole, Earth radii
    pressure: float  # mbar
    temperature: float  # degrees Celsius


def site(lat: float, lon: float, elevation_m: float, pressure: float, temperature: float) -> Site:
    """The observer at geodetic ``lat``/``lon`` (radians), ``elevation_m`` metres,
    with air at ``pressure`` mbar and ``temperature`` Celsius."""
    sin_lat, cos_lat = math.sin(lat), math.cos(lat)
    height = elevation_m / EARTH_RADIUS_M
    normal = 1.0 / math.sqrt(1.0 - _E2 * sin_lat * sin_lat)
    return Site(
        lat=lat,
        lon=lon,
        sin_lat=sin_lat,
        cos_lat=cos_lat,
        x=(normal + height) * cos_lat,
        z=(normal * (1.0 - _E2) + height) * sin_lat,
        pressure=pressure,
        temperature=temperature,
    )


def _unrefract(pressure: float, temperature: float, apparent: float) -> float:
    """The true altitude whose image appears at ``apparent`` (libastro's unrefract)."""
    degrees = math.degrees(apparent)
    if degrees >= _HIGH:
        return _unrefract_high(pressure, temperature, apparent)
    if degrees < _LOW:
        return _unrefract_low(pressure, temperature, apparent, degrees)
    low = _unrefract_low(pressure, temperature, apparent, degrees)
    high = _unrefract_high(pressure, temperature, apparent)
    return low + (high - low) * (degrees - _LOW) / (_HIGH - _LOW)


def _unrefract_high(pressure: float, temperature: float, apparent: float) -> float:
    return apparent - 7.888888e-5 * pressure / ((273.0 + temperature) * math.tan(apparent))


def _unrefract_low(pressure: float, temperature: float, apparent: float, degrees: float) -> float:
    a = ((2e-5 * degrees + 1.96e-2) * degrees + 1.594e-1) * pressure
    b = (273.0 + temperature) * ((8.45e-2 * degrees + 5.05e-1) * degrees + 1.0)
    r = math.radians(a / b)
    return apparent if apparent < 0.0 and r < 0.0 else apparent - r


def unrefract(pressure: float, temperature: float, apparent: float) -> float:
    """The true (geometric) altitude of a body seen at ``apparent`` (libastro's
    unrefract; the inverse of ``refract``)."""
    return apparent if pressure == 0.0 else _unrefract(pressure, temperature, apparent)


def refract(pressure: float, temperature: float, true_alt: float) -> float:
    """The apparent altitude of a body at ``true_alt`` (libastro's refract: the
    secant method on unrefract, to 0.1 arcsecond); ``true_alt`` itself under -1 degree
    (Skyfield's rule: see ``NO_REFRACTION_BELOW_DEG``)."""
    if pressure == 0.0 or true_alt < _NO_REFRACTION_BELOW:
        return true_alt
    if true_alt > _HIGH_FORMULA_ABOVE:
        # apparent = true + k / tan(apparent): two fixed-point steps settle it to
        # well under 0.001 arcsecond (the correction shrinks ~1000-fold per step).
        k = 7.888888e-5 * pressure / (273.0 + temperature)
        return true_alt + k / _tan(true_alt + k / _tan(true_alt))
    t = _unrefract(pressure, temperature, true_alt)
    step = 0.8 * (true_alt - t)
    previous = t
    apparent = true_alt
    for _ in range(50):
        apparent += step
        t = _unrefract(pressure, temperature, apparent)
        if abs(true_alt - t) <= _REFRACTION_TOLERANCE or t == previous:
            break
        step *= -(true_alt - t) / (previous - t)
        previous = t
    return apparent


class Topocentric(NamedTuple):
    """A body as one observer sees it (radians; the distance in au). A named tuple:
    one is made for every body of every request (built with ``tuple.__new__``, as
    cheap as a plain tuple but one call), and the hot paths unpack it."""

    az: float  # apparent azimuth, from north through east
    alt: float  # apparent (refracted) altitude
    geometric_alt: float  # unrefracted
    ra: float  # topocentric, of date
    dec: float
    distance_au: float
    sin_geometric_alt: float  # for the landmarks (planettracker.sky.stars)


_new_topocentric = tuple.__new__


def topocentric(
    where: Site, lst: float, ra: float, cos_dec: float, sin_dec: float, rho: float
) -> Topocentric:
    """A body's geocentric apparent ``ra`` and declination (equator and equinox of
    date, given by its cosine and sine) at ``rho`` Earth radii, seen by the observer:
    its apparent azimuth and refracted altitude, the unrefracted altitude (and its
    sine), topocentric ra/dec and distance (``Topocentric``)."""
    # Parallax: move the origin from the Earth's centre to the observer.
    hour_angle = lst - ra
    rho_cos_dec = rho * cos_dec
    x = rho_cos_dec * _cos(hour_angle) - where.x
    y = -rho_cos_dec * _sin(hour_angle)
    z = rho * sin_dec - where.z
    horizontal = x * x + y * y
    topo_ha = -_atan2(y, x)
    topo_dec = _atan2(z, _sqrt(horizontal))
    # Equatorial to horizontal.
    sin_topo_dec, cos_topo_dec, cos_ha = _sin(topo_dec), _cos(topo_dec), _cos(topo_ha)
    sin_lat, cos_lat = where.sin_lat, where.cos_lat
    sin_alt = sin_lat * sin_topo_dec + cos_lat * cos_topo_dec * cos_ha
    geometric_alt = _asin(1.0 if sin_alt > 1.0 else -1.0 if sin_alt < -1.0 else sin_alt)
    az = _atan2(
        -cos_topo_dec * _sin(topo_ha), sin_topo_dec * cos_lat - cos_topo_dec * cos_ha * sin_lat
    )
    return _new_topocentric(
        Topocentric,
        (
            az % _TAU,
            refract(where.pressure, where.temperature, geometric_alt),
            geometric_alt,
            (ra + hour_angle - topo_ha) % _TAU,
            topo_dec,
            _sqrt(horizontal + z * z) / AU_IN_EARTH_RADII,
            sin_alt,
        ),
    )


def separation(ra1: float, dec1: float, ra2: float, dec2: float) -> float:
    """The angle (radians) between two directions given by right ascension and
    declination in one frame (both topocentric, or both geocentric)."""
    cos_angle = math.sin(dec1) * math.sin(dec2) + math.cos(dec1) * math.cos(dec2) * math.cos(
        ra1 - ra2
    )
    return math.acos(max(-1.0, min(1.0, cos_angle)))


def altitude(
    where: Site, lst: float, ra: float, cos_dec: float, sin_dec: float, rho: float
) -> tuple[float, float, float]:
    """The cheapest part of ``topocentric``, for searches along a path: the geometric
    (unrefracted) altitude, the topocentric hour angle (-pi..pi, positive west of the
    meridian) and the distance in Earth radii, by the same parallax step."""
    hour_angle = lst - ra
    rho_cos_dec = rho * cos_dec
    x = rho_cos_dec * _cos(hour_angle) - where.x
    y = -rho_cos_dec * _sin(hour_angle)
    z = rho * sin_dec - where.z
    distance = _sqrt(x * x + y * y + z * z)
    sin_alt = (where.sin_lat * z + where.cos_lat * x) / distance
    return (
        _asin(1.0 if sin_alt > 1.0 else -1.0 if sin_alt < -1.0 else sin_alt),
        -_atan2(y, x),
        distance,
    )
