"""Independent reference positions: Skyfield with JPL's DE421 ephemeris.

PyEphem computes planets from VSOP87 series and the Moon from ELP-based theory;
these references come from JPL's numerically integrated DE421 (the file shipped in
the ``skyfield-data`` package) reduced by Skyfield, an independent implementation
of precession, nutation, aberration, light time, parallax and refraction.
"""

from __future__ import annotations

import math
import random
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

with warnings.catch_warnings():
    # skyfield-data warns that its bundled Earth-orientation table has expired;
    # only DE421 is read from it (Skyfield's built-in tables give UT1 and Delta T).
    warnings.simplefilter("ignore", RuntimeWarning)
    from skyfield import almanac
    from skyfield.api import Loader, wgs84
    from skyfield.magnitudelib import planetary_magnitude
    from skyfield_data import get_skyfield_data_path

from tests.support.angles import separation_arcsec
from tests.support.bodies import BODY_NAMES

# DE421 has the inner bodies themselves; the outer planets only with their moons.
DE421_TARGETS = {
    name: name if name in ("sun", "moon", "mercury", "venus") else f"{name} barycenter"
    for name in BODY_NAMES
}


@dataclass(frozen=True)
class Reference:
    az: float
    alt: float
    ra: float
    dec: float
    distance_au: float
    elongation: float
    phase: float
    magnitude: float | None


@cache
def de421():  # type: ignore[no-untyped-def]
    """JPL's DE421 (from skyfield-data) and a Skyfield timescale, loaded once."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        load = Loader(get_skyfield_data_path())
    return load("de421.bsp"), load.timescale()


def timescale():  # type: ignore[no-untyped-def]
    return de421()[1]


def position(
    name: str,
    lat: float,
    lon: float,
    elevation: float,
    when: datetime,
    temperature: float = 15.0,
    pressure: float = 0.0,
) -> Reference:
    """Apparent topocentric position of ``name``; refracted unless ``pressure`` is 0."""
    eph, ts = de421()
    t = ts.from_datetime(when)
    observer = eph["earth"] + wgs84.latlon(lat, lon, elevation_m=elevation)
    astrometric = observer.at(t).observe(eph[DE421_TARGETS[name]])
    apparent = astrometric.apparent()
    if pressure > 0:
        alt, az, _ = apparent.altaz(temperature_C=temperature, pressure_mbar=pressure)
    else:
        alt, az, _ = apparent.altaz()
    ra, dec, distance = apparent.radec(epoch="date")
    # Elongation as almanacs give it: seen from the Earth's centre.
    earth = eph["earth"].at(t)
    geocentric_body = earth.observe(eph[DE421_TARGETS[name]]).apparent()
    geocentric_sun = earth.observe(eph["sun"]).apparent()
    magnitude = None
    if name not in ("sun", "moon"):
        geocentric = eph["earth"].at(t).observe(eph[DE421_TARGETS[name]])
        magnitude = float(planetary_magnitude(geocentric))
    return Reference(
        az=az.degrees,
        alt=alt.degrees,
        ra=ra._degrees,
        dec=dec.degrees,
        distance_au=distance.au,
        elongation=geocentric_body.separation_from(geocentric_sun).degrees,
        phase=(
            100.0 * float(almanac.fraction_illuminated(eph, DE421_TARGETS[name], t))
            if name != "sun"
            else 100.0
        ),
        magnitude=magnitude if magnitude is not None and math.isfinite(magnitude) else None,
    )


@cache
def _constellations():  # type: ignore[no-untyped-def]
    """Skyfield's constellation boundaries (IAU, Delporte 1930, as Roman 1987 gives
    them) as a lookup, and the abbreviations' full names."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        from skyfield.api import load_constellation_map, load_constellation_names
    return load_constellation_map(), dict(load_constellation_names())


def constellation(
    name: str, lat: float, lon: float, elevation: float, when: datetime, margin: float = 0.0
) -> tuple[str, str, bool]:
    """The constellation of ``name`` (its full name) where the observer sees it (the
    topocentric apparent position), the one it is in seen from the Earth's centre, and
    whether every point within ``margin`` degrees of the topocentric position (a 3 x 3
    grid) lies in the same one: a body that close to a boundary is left out of a test."""
    from skyfield.api import position_of_radec

    eph, ts = de421()
    constellation_at, names = _constellations()
    t = ts.from_datetime(when)
    target = eph[DE421_TARGETS[name]]
    seen = (eph["earth"] + wgs84.latlon(lat, lon, elevation_m=elevation)).at(t).observe(target)
    topocentric = constellation_at(seen.apparent())
    geocentric = constellation_at(eph["earth"].at(t).observe(target).apparent())
    ra, dec, _ = seen.apparent().radec(epoch=t)
    ra_step = margin / 15.0 / max(math.cos(dec.radians), 1e-6)
    inside = all(
        constellation_at(
            position_of_radec(ra.hours + i * ra_step, dec.degrees + j * margin, epoch=t)
        )
        == topocentric
        for i in (-1, 0, 1)
        for j in (-1, 0, 1)
    )
    return names[topocentric], names[geocentric], inside


def random_cases(seed: int, count: int) -> list[tuple[float, float, float, datetime]]:
    """Places spread evenly over the globe, instants spread over 1972-2040."""
    rng = random.Random(seed)
    start = datetime(1972, 1, 1, tzinfo=UTC)
    span_s = (datetime(2040, 1, 1, tzinfo=UTC) - start).total_seconds()
    return [
        (
            math.degrees(math.asin(rng.uniform(-1.0, 1.0))),
            rng.uniform(-180.0, 180.0),
            rng.uniform(0.0, 4000.0),
            start + timedelta(seconds=rng.uniform(0.0, span_s)),
        )
        for _ in range(count)
    ]


def risings_and_settings(name: str, lat: float, lon: float, start: datetime, end: datetime):  # type: ignore[no-untyped-def]
    """Skyfield's rise and set instants of ``name`` between two instants (UTC datetimes)."""
    eph, ts = de421()
    place = wgs84.latlon(lat, lon)
    observer = eph["earth"] + place
    t0, t1 = ts.from_datetime(start), ts.from_datetime(end)
    target = eph[DE421_TARGETS[name]]
    rises, _ = almanac.find_risings(observer, target, t0, t1)
    sets, _ = almanac.find_settings(observer, target, t0, t1)
    return [t.utc_datetime() for t in rises], [t.utc_datetime() for t in sets]


def report(cases: int = 300, seed: int = 7) -> None:
    """Print how far PlanetTracker's az/alt is from DE421 (bodies > 5 deg up)."""
    import statistics

    from planettracker.sky.tracker import PlanetTracker

    errors: dict[tuple[str, str], list[float]] = {}
    for lat, lon, elevation, when in random_cases(seed, cases):
        for label, pressure in (("no refraction", 0.0), ("15 C, 1010 mbar", 1010.0)):
            tracker = PlanetTracker(lat, lon, elevation, when, 15.0, pressure)
            for name in BODY_NAMES:
                ours = tracker.position(name)
                if ours.alt <= 5:
                    continue
                ref = position(name, lat, lon, elevation, when, 15.0, pressure)
                error = separation_arcsec(ours.az, ours.alt, ref.az, ref.alt)
                errors.setdefault((label, name), []).append(error)
    print(f"{'conditions':16} {'body':8} {'n':>4} {'median':>7} {'p95':>7} {'max':>7}  (arcsec)")
    for (label, name), values in sorted(errors.items()):
        values.sort()
        p95 = values[int(0.95 * (len(values) - 1))]
        print(
            f"{label:16} {name:8} {len(values):4d} {statistics.median(values):7.2f} "
            f"{p95:7.2f} {values[-1]:7.2f}"
        )


if __name__ == "__main__":
    report()
