"""Apparent visual (V-band) magnitudes of the planets, Mercury to Neptune.

The model is the one The Astronomical Almanac uses: A. Mallama and
J. L. Hilton, "Computing apparent planetary magnitudes for The Astronomical Almanac",
Astronomy and Computing 25 (2018) 10-24 (arXiv:1808.01973). Every planet follows

    V = V(1, alpha) + 5 log10(r * delta)

where ``r`` is the Sun-planet and ``delta`` the Earth-planet distance in au, ``alpha``
the phase angle (the angle Sun-planet-Earth, in degrees) and ``V(1, alpha)`` a fitted
function of the phase angle and, for some planets, of more:

* Mercury: a sixth-degree polynomial in alpha (observed from 2 to 170 degrees).
* Venus: a quartic below alpha = 163.7 degrees and a quadratic above (observed to
  179 degrees): the planet brightens again near inferior conjunction, where sunlight
  scattered forward through its atmosphere dominates.
* Mars: one quadratic up to 50 degrees and another above (observed to 120); plus the
  paper's correction for the planet's place in its orbit, tabulated every 10 degrees
  of the areocentric longitude of the Sun Ls (-0.054 to +0.087 mag). The paper's
  other Mars correction, for which side of the planet faces us (the effective
  central meridian), is NOT applied: it runs from -0.060 to +0.050 mag and needs the
  planet's rotation, which this module does not model.
* Jupiter: a quadratic up to 12 degrees (the most the Earth ever sees) and a
  spacecraft-based function above (observed to 130).
* Saturn: globe and rings together, from the phase angle and the tilt of the rings
  toward the Earth and toward the Sun (observed to alpha = 6.5 degrees, the most the
  Earth sees); the globe alone is available too.
* Uranus: a term in the mean of the planetographic latitudes of the sub-Earth and
  sub-solar points (the planet is brighter seen pole-on, up to 0.08 mag), and a phase
  term above 3.1 degrees.
* Neptune: a secular change (-6.89 until 1980, then 0.0054 mag a year brighter,
  -7.00 from 2000) and a phase term above 1.9 degrees.

Outside the ranges the paper's formulas were fitted on, this module still answers, and
says how in each function; it never raises for a geometry a real planet can have, and
always returns a finite float. Those answers are extrapolations, not observations.

The geometry the formulas need comes from :func:`ephem_geometry` (the attributes of a
PyEphem body after ``body.compute(date)``) or :func:`vector_geometry` (heliocentric
vectors). The only orientation data are the IAU (WGCCRE 2015) north poles of Saturn
(RA 40.589 deg, Dec 83.537 deg) and Uranus (RA 257.311 deg, Dec -15.175 deg), J2000.

Conventions: angles in degrees unless a name says radians; distances in au; "year"
is a Julian epoch, 2000.0 + (JD - 2451545.0) / 365.25 (the difference between UT
and TT, about a minute, does not matter here).

Only the standard library is used, so that the formulas can be read and tested on
their own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

__all__ = [
    "PLANETS",
    "MagnitudeGeometry",
    "ephem_geometry",
    "julian_year",
    "mars_orbital_correction",
    "planet_magnitude",
    "pole_latitudes",
    "vector_geometry",
]

PLANETS = ("mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune")

Frame = Literal["ecliptic", "equatorial"]

# --- Time and the slow turning of the reference frame -------------------------------

_EPHEM_DATE_OF_J2000 = 36525.0  # PyEphem counts days from 1899-12-31 12:00 (JD 2415020)
_OBLIQUITY_J2000 = 23.4392911  # degrees, IAU 2006 mean obliquity at J2000
_OBLIQUITY_RATE = -46.836769 / 3600.0  # degrees per Julian century
# General precession in ecliptic longitude (IAU 2006), degrees per century and century^2.
_PRECESSION_RATE = 5028.796195 / 3600.0
_PRECESSION_ACCELERATION = 1.1054348 / 3600.0


def julian_year(ephem_date: float) -> float:
    """The Julian epoch of a PyEphem date (days since 1899-12-31 12:00 UT)."""
    return 2000.0 + (ephem_date - _EPHEM_DATE_OF_J2000) / 365.25


def _centuries(year: float) -> float:
    return (year - 2000.0) / 100.0


def _mean_obliquity(year: float) -> float:
    """Mean obliquity of the ecliptic of ``year``, degrees (nutation neglected, <0.003)."""
    return _OBLIQUITY_J2000 + _OBLIQUITY_RATE * _centuries(year)


def _precession_in_longitude(year: float) -> float:
    """How far the equinox of ``year`` has moved along the ecliptic since J2000, degrees.

    Precession is taken as a pure turn about the ecliptic pole: the motion of the
    ecliptic itself (about 47 arcseconds a century) is neglected, an error far below
    what a magnitude can feel.
    """
    t = _centuries(year)
    return (_PRECESSION_RATE + _PRECESSION_ACCELERATION * t) * t


# --- Small vector helpers ----------------------------------------------------------

_Vector = tuple[float, float, float]


def _unit_from_angles(longitude_rad: float, latitude_rad: float) -> _Vector:
    cos_lat = math.cos(latitude_rad)
    return (
        cos_lat * math.cos(longitude_rad),
        cos_lat * math.sin(longitude_rad),
        math.sin(latitude_rad),
    )


def _scaled(v: _Vector, factor: float) -> _Vector:
    return (v[0] * factor, v[1] * factor, v[2] * factor)


def _dot(a: _Vector, b: _Vector) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _norm(v: _Vector) -> float:
    return math.sqrt(_dot(v, v))


def _angle_between(a: _Vector, b: _Vector) -> float:
    """Angle between two non-zero vectors, degrees; atan2 keeps it exact near 0 and 180."""
    cross = (
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    )
    return math.degrees(math.atan2(_norm(cross), _dot(a, b)))


def _equatorial_to_ecliptic(v: _Vector, obliquity_deg: float) -> _Vector:
    """Turn a vector from an equatorial frame to the ecliptic frame of the same equinox."""
    c, s = math.cos(math.radians(obliquity_deg)), math.sin(math.radians(obliquity_deg))
    return (v[0], c * v[1] + s * v[2], -s * v[1] + c * v[2])


def _as_vector(values: Sequence[float]) -> _Vector:
    if len(values) != 3:
        raise ValueError(f"a position needs 3 components, not {len(values)}")
    return (float(values[0]), float(values[1]), float(values[2]))


# --- Poles ---------------------------------------------------------------------------

# IAU WGCCRE (Archinal et al. 2018) north poles, J2000 equator and equinox, degrees.
# Saturn's drifts by 0.036 deg a century in RA and 0.004 in Dec, neglected; Uranus's
# is fixed. The rings lie in Saturn's equatorial plane.
_POLES_J2000 = {
    "saturn": (40.589, 83.537),
    "uranus": (257.311, -15.175),
}
# Equatorial over polar radius of Uranus (25559 km and 24973 km, IAU), for converting
# planetocentric latitudes to the planetographic ones the Uranus formula is fitted on.
_URANUS_AXIS_RATIO = 25559.0 / 24973.0


def _pole_in_ecliptic_of(name: str, equinox_year: float) -> _Vector:
    """Unit vector of a planet's north pole in the mean ecliptic frame of ``equinox_year``.

    The J2000 pole is turned to the J2000 ecliptic, then carried along by the general
    precession in longitude. Neglected: the ecliptic's own motion, nutation and the
    pole's own drift, together well under 0.05 degree from 1900 to 2100.
    """
    ra, dec = _POLES_J2000[name]
    pole = _equatorial_to_ecliptic(
        _unit_from_angles(math.radians(ra), math.radians(dec)), _OBLIQUITY_J2000
    )
    turn = math.radians(_precession_in_longitude(equinox_year))
    c, s = math.cos(turn), math.sin(turn)
    return (c * pole[0] - s * pole[1], s * pole[0] + c * pole[1], pole[2])


def pole_latitudes(
    name: Literal["saturn", "uranus"],
    heliocentric_au: Sequence[float],
    geocentric_au: Sequence[float],
    *,
    frame: Frame = "ecliptic",
    equinox_year: float = 2000.0,
) -> tuple[float, float]:
    """Planetocentric latitudes of the Earth and of the Sun as seen from the planet.

    ``heliocentric_au`` is the planet's position from the Sun and ``geocentric_au``
    its position from the Earth, both in au and in the same frame: ``frame`` says
    whether it is the mean ecliptic or the mean equator of ``equinox_year`` (2000.0
    for J2000 or ICRF vectors, the year of the date for "of date" coordinates).

    Returns ``(sub_earth_latitude_deg, sub_sun_latitude_deg)``: the latitudes, on the
    planet, of the points with the Earth and the Sun at the zenith, positive toward
    the IAU north pole. For Saturn they are the tilts of the ring plane seen from the
    Earth and from the Sun (the rings lie in the equator), never much over 27 degrees.
    The pole is good to a few hundredths of a degree (see ``_pole_in_ecliptic_of``).
    """
    if name not in _POLES_J2000:
        raise ValueError(f"no pole for {name!r}: only saturn and uranus are needed")
    helio, geo = _in_ecliptic(
        frame, equinox_year, _as_vector(heliocentric_au), _as_vector(geocentric_au)
    )
    return _pole_latitudes(_pole_in_ecliptic_of(name, equinox_year), helio, geo)


def _in_ecliptic(
    frame: str, equinox_year: float, helio: _Vector, geo: _Vector
) -> tuple[_Vector, _Vector]:
    """Two vectors given in ``frame`` ("ecliptic" or "equatorial", of that equinox),
    in the ecliptic."""
    if frame == "equatorial":
        obliquity = _mean_obliquity(equinox_year)
        return _equatorial_to_ecliptic(helio, obliquity), _equatorial_to_ecliptic(geo, obliquity)
    if frame != "ecliptic":
        raise ValueError(f"frame must be 'ecliptic' or 'equatorial', not {frame!r}")
    return helio, geo


def _pole_latitudes(pole: _Vector, helio: _Vector, geo: _Vector) -> tuple[float, float]:
    # The Earth and the Sun lie along -geo and -helio from the planet.
    def latitude(toward_planet: _Vector) -> float:
        sine = -_dot(pole, toward_planet) / _norm(toward_planet)
        return math.degrees(math.asin(max(-1.0, min(1.0, sine))))

    return latitude(geo), latitude(helio)


# --- Geometry ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MagnitudeGeometry:
    """Everything the magnitude of one planet at one instant depends on.

    ``r_au``: Sun-planet distance; ``delta_au``: Earth-planet distance; both au.
    ``phase_angle_deg``: the angle Sun-planet-Earth, 0 to 180 degrees.
    ``sub_earth_latitude_deg``, ``sub_sun_latitude_deg``: planetocentric latitudes of
    the Earth and the Sun seen from the planet (:func:`pole_latitudes`); computed for
    Saturn and Uranus, 0.0 for the other planets, whose formulas do not use them.
    ``heliocentric_longitude_deg``: the planet's heliocentric ecliptic longitude,
    J2000 ecliptic and equinox (Mars's orbital correction uses it).
    ``year``: Julian epoch of the instant (Neptune's secular term uses it).
    """

    name: str
    r_au: float
    delta_au: float
    phase_angle_deg: float
    sub_earth_latitude_deg: float
    sub_sun_latitude_deg: float
    heliocentric_longitude_deg: float
    year: float

    def magnitude(self, *, saturn_rings: bool = True, mars_orbital_term: bool = True) -> float:
        """The planet's apparent V magnitude (:func:`planet_magnitude`); without
        ``mars_orbital_term``, Mars's without its orbital (Ls) correction."""
        return planet_magnitude(
            self.name,
            self.r_au,
            self.delta_au,
            self.phase_angle_deg,
            sub_earth_latitude_deg=self.sub_earth_latitude_deg,
            sub_sun_latitude_deg=self.sub_sun_latitude_deg,
            year=self.year,
            mars_heliocentric_longitude_deg=(
                self.heliocentric_longitude_deg if mars_orbital_term else None
            ),
            saturn_rings=saturn_rings,
        )


def _check_name(name: str) -> None:
    if name not in PLANETS:
        raise ValueError(f"no magnitude model for {name!r}; planets are {', '.join(PLANETS)}")


def _geometry(
    name: str, helio: _Vector, geo: _Vector, year: float, equinox_year: float
) -> MagnitudeGeometry:
    """The geometry from ecliptic vectors (mean ecliptic and equinox of ``equinox_year``)."""
    r, delta = _norm(helio), _norm(geo)
    if not (r > 0.0 and delta > 0.0 and math.isfinite(r) and math.isfinite(delta)):
        raise ValueError("positions must be finite and away from the Sun and the Earth")
    if name in _POLES_J2000:
        sub_earth, sub_sun = _pole_latitudes(_pole_in_ecliptic_of(name, equinox_year), helio, geo)
    else:
        sub_earth = sub_sun = 0.0
    longitude = math.degrees(math.atan2(helio[1], helio[0])) - _precession_in_longitude(
        equinox_year
    )
    return MagnitudeGeometry(
        name=name,
        r_au=r,
        delta_au=delta,
        phase_angle_deg=_angle_between(helio, geo),
        sub_earth_latitude_deg=sub_earth,
        sub_sun_latitude_deg=sub_sun,
        heliocentric_longitude_deg=longitude % 360.0,
        year=year,
    )


def ephem_geometry(
    name: str,
    hlon: float,
    hlat: float,
    sun_distance: float,
    g_ra: float,
    g_dec: float,
    earth_distance: float,
    date: float,
) -> MagnitudeGeometry:
    """The geometry of a planet from a PyEphem body, after ``body.compute(date)``.

    Pass the body's attributes as they are (``ephem.Angle`` values are floats):

    * ``hlon``, ``hlat``: heliocentric ecliptic longitude and latitude, radians, mean
      ecliptic and equinox of date (what PyEphem gives);
    * ``sun_distance``: Sun-planet distance, au;
    * ``g_ra``, ``g_dec``: geocentric apparent right ascension and declination of
      date, radians;
    * ``earth_distance``: Earth-planet distance, au;
    * ``date``: the ``ephem.Date`` the body was computed for (days since 1899-12-31
      12:00 UT), which fixes the equinox of date and the year.

    For example ``ephem_geometry("saturn", b.hlon, b.hlat, b.sun_distance, b.g_ra,
    b.g_dec, b.earth_distance, d)`` with ``b = ephem.Saturn(d)``.

    The two directions are put in one frame by turning the equatorial one to the
    ecliptic with the mean obliquity of date. Neglected, all far below what a
    magnitude can feel: nutation (under 0.005 degree), aberration (0.006 degree) and
    the slightly different light-time conventions of the two PyEphem directions.
    """
    _check_name(name)
    year = julian_year(date)
    helio = _scaled(_unit_from_angles(hlon, hlat), sun_distance)
    geo = _equatorial_to_ecliptic(
        _scaled(_unit_from_angles(g_ra, g_dec), earth_distance), _mean_obliquity(year)
    )
    return _geometry(name, helio, geo, year, equinox_year=year)


class PyEphemBody(Protocol):
    """What ``body_geometry`` reads of a PyEphem planet (``ephem.Angle`` are floats)."""

    hlon: float
    hlat: float
    sun_distance: float
    g_ra: float
    g_dec: float
    earth_distance: float


def body_geometry(name: str, body: PyEphemBody, date: float) -> MagnitudeGeometry:
    """``ephem_geometry`` of a PyEphem body computed for ``date``."""
    return ephem_geometry(
        name,
        body.hlon,
        body.hlat,
        body.sun_distance,
        body.g_ra,
        body.g_dec,
        body.earth_distance,
        date,
    )


def vector_geometry(
    name: str,
    planet_au: Sequence[float],
    earth_au: Sequence[float],
    *,
    year: float,
    frame: Frame = "ecliptic",
    equinox_year: float | None = None,
) -> MagnitudeGeometry:
    """The geometry of a planet from heliocentric positions of the planet and the Earth.

    ``planet_au`` and ``earth_au`` are x, y, z in au from the Sun's centre, in the
    mean ecliptic (``frame="ecliptic"``) or mean equatorial (``frame="equatorial"``)
    frame of ``equinox_year``; that defaults to ``year`` (coordinates "of date"); give
    2000.0 for J2000 or ICRF vectors. The planet's position should be the one the
    light left it at (light time), although an hour's error changes nothing visible.
    ``year`` is the Julian epoch of the instant.
    """
    _check_name(name)
    equinox = year if equinox_year is None else equinox_year
    planet, earth = _as_vector(planet_au), _as_vector(earth_au)
    geo = (planet[0] - earth[0], planet[1] - earth[1], planet[2] - earth[2])
    planet, geo = _in_ecliptic(frame, equinox, planet, geo)
    return _geometry(name, planet, geo, year, equinox_year=equinox)


# --- Mars's orbital correction --------------------------------------------------------

# Magnitude correction for Mars's place in its orbit, at Ls = 0, 10, ..., 350 degrees
# (Mallama 2007, Icarus 192, 404-416, table 8, as the 2018 paper uses it).
_MARS_LS_CORRECTION = (
    -0.029, -0.017, -0.014, -0.006, -0.018, -0.020, -0.014, -0.030, -0.008,
    -0.040, -0.024, -0.037, -0.036, -0.032, +0.010, +0.010, -0.001, +0.044,
    +0.025, -0.004, -0.016, -0.008, +0.029, -0.054, -0.033, +0.055, +0.017,
    +0.052, +0.006, +0.087, +0.006, +0.064, +0.030, +0.019, -0.030, -0.017,
)  # fmt: skip
# Ls, the areocentric longitude of the Sun (0 at Mars's northern spring equinox), is
# the heliocentric ecliptic longitude (J2000) less 85 degrees, as the paper takes it.
_MARS_LS_OFFSET = -85.0


def mars_orbital_correction(heliocentric_longitude_deg: float) -> float:
    """Mars's orbital (Ls) magnitude correction, from -0.054 to +0.087 mag.

    ``heliocentric_longitude_deg`` is Mars's heliocentric ecliptic longitude (J2000
    equinox; the equinox of date, less than a degree away, does as well).

    The table, every 10 degrees of Ls, is interpolated with Stirling's central
    differences up to the fourth, the method the paper's authors use; starting from
    the tabulated Ls at or below the one asked for, as their code does, so that the
    curve runs through every tabulated value and is continuous.
    """
    ls = (heliocentric_longitude_deg + _MARS_LS_OFFSET) % 360.0
    step = ls / 10.0
    centre = math.floor(step)
    p = step - centre
    table = _MARS_LS_CORRECTION
    f = [table[(centre + k) % len(table)] for k in range(-2, 3)]  # f[2] is the centre
    first = [f[k + 1] - f[k] for k in range(4)]
    second = [first[k + 1] - first[k] for k in range(3)]
    third = [second[k + 1] - second[k] for k in range(2)]
    fourth = third[1] - third[0]
    return (
        f[2]
        + p * (first[1] + first[2]) / 2.0
        + p * p * second[1] / 2.0
        + p * (p * p - 1.0) * (third[0] + third[1]) / 12.0
        + p * p * (p * p - 1.0) * fourth / 24.0
    )


# --- The magnitude formulas -----------------------------------------------------------


def _mercury(alpha: float) -> float:
    # Fitted from 2 to 170 degrees; the polynomial itself is used outside (at 0 it
    # gives the fitted constant, at 180 about +10 mag at unit distances).
    return (
        -0.613
        + 6.3280e-02 * alpha
        - 1.6336e-03 * alpha**2
        + 3.3644e-05 * alpha**3
        - 3.4265e-07 * alpha**4
        + 1.6893e-09 * alpha**5
        - 3.0334e-12 * alpha**6
    )


def _venus(alpha: float) -> float:
    # Two regimes: the quartic up to 163.7 degrees, then the forward-scattering
    # quadratic (fitted to 179 degrees, used up to 180).
    if alpha < 163.7:
        return (
            -4.384
            - 1.044e-03 * alpha
            + 3.687e-04 * alpha**2
            - 2.814e-06 * alpha**3
            + 8.938e-09 * alpha**4
        )
    return 236.05828 - 2.81914 * alpha + 8.39034e-03 * alpha**2


def _mars(alpha: float) -> float:
    # Up to 50 degrees (the Earth sees at most 47), then the second fit, observed to
    # 120 degrees and used beyond it as is.
    if alpha <= 50.0:
        return -1.601 + 2.267e-02 * alpha - 1.302e-04 * alpha**2
    return -0.367 - 2.573e-02 * alpha + 3.445e-04 * alpha**2


def _jupiter(alpha: float) -> float:
    # Up to 12 degrees (the most the Earth sees), then the spacecraft fit, observed to
    # 130 degrees. Its polynomial stays positive to 180 degrees, where it falls to
    # 0.001; it is held at no less than that so the logarithm is always defined.
    if alpha <= 12.0:
        return -9.395 - 3.7e-04 * alpha + 6.16e-04 * alpha**2
    x = alpha / 180.0
    polynomial = 1.0 - 1.507 * x - 0.363 * x**2 - 0.062 * x**3 + 2.809 * x**4 - 1.876 * x**5
    return -9.428 - 2.5 * math.log10(max(polynomial, 0.001))


_SATURN_PHASE_LIMIT = 6.5  # degrees: the paper's globe-and-rings fit stops here


def _saturn_globe(alpha: float) -> float:
    if alpha <= _SATURN_PHASE_LIMIT:
        return -8.95 - 3.7e-04 * alpha + 6.16e-04 * alpha**2
    # Spacecraft fit for the globe alone, observed to 150 degrees, used to 180.
    return (
        -8.94
        + 2.446e-04 * alpha
        + 2.672e-04 * alpha**2
        - 1.506e-06 * alpha**3
        + 4.767e-09 * alpha**4
    )


def _saturn_with_rings(alpha: float, sub_earth: float, sub_sun: float) -> float:
    # The rings' tilt enters as the geometric mean of the tilts toward the Earth and
    # toward the Sun, taken as 0 when the two see opposite faces of the rings (the lit
    # face turned away from us). The fit covers tilts up to 27 degrees, which is about
    # the most there is; larger values, should a caller pass them, are used as they
    # are. The exponential is the rings' opposition surge (alpha in degrees).
    product = sub_earth * sub_sun
    tilt = math.sqrt(product) if product > 0.0 else 0.0
    sine = math.sin(math.radians(tilt))
    if alpha <= _SATURN_PHASE_LIMIT:
        return -8.914 - 1.825 * sine + 0.026 * alpha - 0.378 * sine * math.exp(-2.25 * alpha)
    # Beyond 6.5 degrees (only a spacecraft sees it) the paper has no globe-and-rings
    # formula. Here the value at 6.5 degrees is carried on with the globe's own phase
    # curve: the rings' share is frozen, the globe dims as observed.
    at_limit = _saturn_with_rings(_SATURN_PHASE_LIMIT, sub_earth, sub_sun)
    return at_limit + _saturn_globe(alpha) - _saturn_globe(_SATURN_PHASE_LIMIT)


def _uranus(alpha: float, sub_earth: float, sub_sun: float) -> float:
    # The paper's latitudes are planetographic; these arrive planetocentric.
    def planetographic(latitude: float) -> float:
        latitude = math.radians(latitude)
        return math.degrees(
            math.atan2(math.sin(latitude) * _URANUS_AXIS_RATIO**2, math.cos(latitude))
        )

    mean_latitude = (abs(planetographic(sub_earth)) + abs(planetographic(sub_sun))) / 2.0
    value = -7.110 - 8.4e-04 * mean_latitude
    # No phase dependence was measurable from the Earth (alpha up to 3.1 degrees);
    # above, the spacecraft fit (observed to 154 degrees, used to 180) is added.
    if alpha > 3.1:
        value += 6.587e-03 * alpha + 1.045e-04 * alpha**2
    return value


def _neptune(alpha: float, year: float | None) -> float:
    # Secular brightening: -6.89 until 1980, then linearly to -7.00 in 2000, level since.
    # ``None`` stands for the present.
    if year is None or year >= 2000.0:
        value = -7.00
    elif year <= 1980.0:
        value = -6.89
    else:
        value = -6.89 - 0.0054 * (year - 1980.0)
    # The phase term above 1.9 degrees (about the most the Earth sees) rests on data
    # taken after 2000; the paper gives no magnitude for such angles before 2000, and
    # this module applies the same term at any date rather than none.
    if alpha > 1.9:
        value += 7.944e-03 * alpha + 9.617e-05 * alpha**2
    return value


def _require_finite(**values: float) -> None:
    for label, value in values.items():
        if not math.isfinite(value):
            raise ValueError(f"{label} must be a finite number, not {value!r}")


def planet_magnitude(
    name: str,
    r_au: float,
    delta_au: float,
    phase_angle_deg: float,
    *,
    sub_earth_latitude_deg: float = 0.0,
    sub_sun_latitude_deg: float = 0.0,
    year: float | None = None,
    mars_heliocentric_longitude_deg: float | None = None,
    saturn_rings: bool = True,
) -> float:
    """Apparent visual magnitude of a planet, after Mallama & Hilton (2018).

    ``name``: "mercury", "venus", "mars", "jupiter", "saturn", "uranus" or "neptune".
    ``r_au``: Sun-planet distance, au. ``delta_au``: Earth-planet distance, au.
    ``phase_angle_deg``: the angle Sun-planet-Earth in degrees; values a hair outside
    0..180 (rounding) are clamped into it.

    Only some planets read the keyword arguments:

    * Saturn and Uranus: ``sub_earth_latitude_deg`` and ``sub_sun_latitude_deg``, the
      planetocentric latitudes of the Earth and the Sun seen from the planet, positive
      toward the IAU north pole (:func:`pole_latitudes`). For Saturn they are the
      ring tilts seen from the Earth and from the Sun. Left at 0 they mean rings seen
      edge-on (Saturn; up to 1 mag too faint otherwise) and an equator-on Uranus (up
      to 0.08 mag too faint).
    * Neptune: ``year``, the Julian epoch; ``None`` means now (any date after 2000).
    * Mars: ``mars_heliocentric_longitude_deg``, the heliocentric ecliptic longitude
      (J2000), for the orbital correction (:func:`mars_orbital_correction`); ``None``
      leaves that correction out. The central-meridian correction (-0.060 to +0.050
      mag) is never applied.
    * Saturn: ``saturn_rings=False`` gives the globe alone.

    Returns a finite float for every geometry a real planet can have; outside the
    phase angles the paper's fits were made on, the formulas are extrapolated as the
    module docstring and the per-planet comments say. Raises ``ValueError`` for an
    unknown name, a non-finite input, or a distance that is not positive.
    """
    _check_name(name)
    _require_finite(
        r_au=r_au,
        delta_au=delta_au,
        phase_angle_deg=phase_angle_deg,
        sub_earth_latitude_deg=sub_earth_latitude_deg,
        sub_sun_latitude_deg=sub_sun_latitude_deg,
    )
    if year is not None:
        _require_finite(year=year)
    if mars_heliocentric_longitude_deg is not None:
        _require_finite(mars_heliocentric_longitude_deg=mars_heliocentric_longitude_deg)
    if r_au <= 0.0 or delta_au <= 0.0:
        raise ValueError("distances must be positive")
    alpha = min(max(phase_angle_deg, 0.0), 180.0)
    sub_earth = min(max(sub_earth_latitude_deg, -90.0), 90.0)
    sub_sun = min(max(sub_sun_latitude_deg, -90.0), 90.0)

    if name == "mercury":
        unit = _mercury(alpha)
    elif name == "venus":
        unit = _venus(alpha)
    elif name == "mars":
        unit = _mars(alpha)
        if mars_heliocentric_longitude_deg is not None:
            unit += mars_orbital_correction(mars_heliocentric_longitude_deg)
    elif name == "jupiter":
        unit = _jupiter(alpha)
    elif name == "saturn":
        if saturn_rings:
            unit = _saturn_with_rings(alpha, sub_earth, sub_sun)
        else:
            unit = _saturn_globe(alpha)
    elif name == "uranus":
        unit = _uranus(alpha, sub_earth, sub_sun)
    else:
        unit = _neptune(alpha, year)
    return unit + 5.0 * math.log10(r_au * delta_au)
