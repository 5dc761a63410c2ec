"""The bodies, as the tests know them independently of the app: the seven planets in
order from the Sun, and with the Sun and the Moon before them. One test checks that
the app's own lists (``planettracker.sky.bodies``) are exactly these."""

from __future__ import annotations

PLANET_NAMES = ("mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune")
BODY_NAMES = ("sun", "moon", *PLANET_NAMES)
