"""The naked eye's limit against the sky, checked on what observers and almanacs say
can be seen, not on the model's own numbers:

- a dark sky shows stars of magnitude 6 at the zenith, not 7 (the classical naked-eye
  limit, Ptolemy's sixth magnitude; Schaefer 1993 puts a typical observer at 6.0-6.5);
- at the end of civil twilight (the Sun 6 degrees down) "the brightest stars and
  planets can be seen" (U.S. Naval Observatory, "Rise, Set, and Twilight
  Definitions"), a first-magnitude star among them, but not a fifth;
- at the end of astronomical twilight (18 degrees) the sky is as dark as it gets:
  sixth-magnitude stars at the zenith;
- in full daylight Venus at its brightest (-4.5) can be found well away from the Sun,
  and Sirius (-1.5), the brightest star, cannot;
- the air dims a body near the horizon, and the sky is brighter there.
"""

from __future__ import annotations

import itertools

import pytest

from planettracker.sky.limiting import limiting_magnitude, margin


@pytest.mark.parametrize(
    ("magnitude", "sun_alt", "alt", "sun_distance", "seen"),
    [
        (6.0, -30.0, 90.0, 120.0, True),  # a dark sky at the zenith
        (7.0, -30.0, 90.0, 120.0, False),
        (1.0, -6.0, 90.0, 96.0, True),  # the end of civil twilight
        (5.0, -6.0, 90.0, 96.0, False),
        (6.0, -18.0, 90.0, 108.0, True),  # the end of astronomical twilight
        (-4.5, 30.0, 60.0, 90.0, True),  # Venus in daylight, far from the Sun
        (-1.5, 30.0, 60.0, 90.0, False),  # Sirius in daylight
        (-1.5, 0.0, 90.0, 90.0, True),  # Sirius at the zenith as the Sun rises
    ],
)
def test_what_the_eye_sees_in_each_sky(
    magnitude: float, sun_alt: float, alt: float, sun_distance: float, seen: bool
) -> None:
    assert (margin(magnitude, alt, sun_alt, sun_distance) > 0.0) == seen


def test_the_sky_brightens_as_the_sun_rises_and_toward_the_horizon() -> None:
    """The limit never gets fainter as the Sun climbs from deep night to sunrise; in
    twilight and by day the sky is brighter low down than at the zenith."""
    sun_alts = [-30.0 + 0.5 * i for i in range(61)]
    limits = [limiting_magnitude(90.0, h, 90.0 - h) for h in sun_alts]
    assert all(b <= a + 1e-9 for a, b in itertools.pairwise(limits))
    for h in (-12.0, -3.0, 20.0):
        assert limiting_magnitude(10.0, h, 100.0) < limiting_magnitude(90.0, h, 100.0)


def test_a_planet_low_in_the_air_stands_out_less_than_high_in_the_same_sky() -> None:
    assert margin(-2.0, 10.0, -30.0, 120.0) < margin(-2.0, 40.0, -30.0, 120.0)
    assert margin(-2.0, 5.0, -30.0, 120.0) < margin(-2.0, 10.0, -30.0, 120.0) - 0.5
