"""The find view's maths in a real Chromium against the real server (the Procfile
command): the page's own aim.js module, checked against this module's geometry.

The expected arrows come from geometry built another way than the page's: a pose (where
the back camera looks, how far the phone is rolled) is turned into DeviceOrientation
angles here, and the arrow must match the turn and tilt (or, near the zenith, the
great-circle bearing) from the camera's direction to the target, on the rolled screen.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Protocol

import pytest
from browser import (
    CHROMIUM,
    LAUNCH_ARGS,
    PHONE,
    WatchedPage,
    phone_context,
    require_chromium,
)
from playwright.sync_api import Browser, BrowserContext, ViewportSize, sync_playwright
from server import Server

pytestmark = pytest.mark.server

SYDNEY = {"latitude": -33.8568, "longitude": 151.2153}


class OpenPage(Protocol):
    def __call__(
        self,
        geolocation: dict[str, float] | None = ...,
        sensors: bool = ...,
        init_script: str | None = ...,
        viewport: ViewportSize = ...,
    ) -> WatchedPage: ...


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with Server(workers=1) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    require_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser: Browser, server: Server) -> Iterator[OpenPage]:
    """A fresh phone with the page open; afterwards, no console error and no request
    outside the page's origin."""
    opened: list[tuple[BrowserContext, WatchedPage]] = []

    def open_(
        geolocation: dict[str, float] | None = SYDNEY,
        sensors: bool = True,
        init_script: str | None = None,
        viewport: ViewportSize = PHONE,
    ) -> WatchedPage:
        context = phone_context(browser, server.url, geolocation, sensors, viewport)
        if init_script:
            context.add_init_script(init_script)
        watched = WatchedPage(context.new_page(), server.url)
        opened.append((context, watched))
        watched.page.goto("/")
        return watched

    yield open_
    for context, watched in opened:
        assert watched.errors == [], "console errors"
        assert watched.foreign == [], "requests outside the page's origin"
        context.close()


# The reference geometry -------------------------------------------------------------


def _unit(az: float, alt: float) -> tuple[float, float, float]:
    a, h = math.radians(az), math.radians(alt)
    return (math.cos(h) * math.sin(a), math.cos(h) * math.cos(a), math.sin(h))


def pose(az: float, alt: float, roll: float = 0.0) -> tuple[float, float, float]:
    """DeviceOrientation angles (alpha from true north, beta, gamma, in the spec's
    ranges) of a phone whose back camera looks at az/alt, its screen turned clockwise by
    ``roll`` as its user sees it."""
    a, h, r = (math.radians(v) for v in (az, alt, roll))
    camera = _unit(az, alt)
    up = (-math.sin(h) * math.sin(a), -math.sin(h) * math.cos(a), math.cos(h))
    right = (math.cos(a), -math.sin(a), 0.0)
    y = [u * math.cos(r) + v * math.sin(r) for u, v in zip(up, right, strict=True)]
    x = [v * math.cos(r) - u * math.sin(r) for u, v in zip(up, right, strict=True)]
    z = [-c for c in camera]
    # Rz(alpha) Rx(beta) Ry(gamma) has sin(beta) at row up, column y, and so on.
    beta = math.asin(max(-1.0, min(1.0, y[2])))
    if abs(math.cos(beta)) > 1e-12:
        alpha = math.atan2(-y[0], y[1])
        gamma = math.atan2(-x[2], z[2])
    else:  # upright and level: only alpha + gamma counts
        alpha, gamma = math.atan2(x[1], x[0]), 0.0
    alpha, beta, gamma = (math.degrees(v) for v in (alpha, beta, gamma))
    if not -90.0 <= gamma < 90.0:  # the same rotation, with gamma in the spec's range
        alpha, beta, gamma = (
            alpha + 180.0,
            180.0 - beta,
            gamma - 180.0 if gamma > 0 else gamma + 180.0,
        )
    beta = (beta + 180.0) % 360.0 - 180.0
    return alpha % 360.0, beta, gamma


def bearing(az: float, alt: float, target_az: float, target_alt: float) -> float:
    """Which way to move from one direction to another along the sky's great circle,
    degrees clockwise from straight up (toward the zenith), 90 being to the right."""
    d = math.radians(target_az - az)
    h, t = math.radians(alt), math.radians(target_alt)
    y = math.sin(d) * math.cos(t)
    x = math.cos(h) * math.sin(t) - math.sin(h) * math.cos(t) * math.cos(d)
    return math.degrees(math.atan2(y, x)) % 360.0


def expected_arrow(
    az: float, alt: float, roll: float, target_az: float, target_alt: float
) -> float:
    """The arrow the view should draw (see aim.js's guide): the turn (as much sky as it
    is at the camera's height) and the tilt, on the rolled screen; the great-circle
    bearing instead within 10 degrees of the zenith or nadir, where azimuths spin."""
    if abs(alt) > 80.0 or target_alt > 80.0:
        return bearing(az, alt, target_az, target_alt) - roll
    across = turn_to(az, target_az) * math.cos(math.radians(alt))
    return math.degrees(math.atan2(across, target_alt - alt)) - roll


def separation(az: float, alt: float, target_az: float, target_alt: float) -> float:
    a, b = _unit(az, alt), _unit(target_az, target_alt)
    return math.degrees(
        math.acos(max(-1.0, min(1.0, sum(p * q for p, q in zip(a, b, strict=True)))))
    )


def turn_to(az: float, target_az: float) -> float:
    """The shortest turn from one azimuth to another, in (-180, 180]: right positive."""
    turn = (target_az - az + 180.0) % 360.0 - 180.0
    return 180.0 if turn == -180.0 else turn


def angle_between(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


def test_the_reference_poses_are_the_phone_held_as_described() -> None:
    # Upright, level, looking north: the W3C's reference position turned up by 90.
    assert pose(0.0, 0.0) == pytest.approx((0.0, 90.0, 0.0), abs=1e-9)
    # Looking east at the horizon: alpha runs counter-clockwise, so 270.
    assert pose(90.0, 0.0) == pytest.approx((270.0, 90.0, 0.0), abs=1e-9)
    # Lying flat, screen up, top to the north: the camera looks straight down.
    assert pose(180.0, -90.0 + 1e-9)[1] == pytest.approx(0.0, abs=1e-6)
    assert bearing(0, 0, 90, 0) == pytest.approx(90.0)  # to the right
    assert bearing(0, 0, 0, 30) == pytest.approx(0.0)  # straight up
    assert bearing(0, 0, 270, 0) == pytest.approx(270.0)  # to the left


# The aiming maths, in the page's own module ------------------------------------------


def test_the_aiming_maths(open_page: OpenPage) -> None:
    watched = open_page(SYDNEY)
    cases = [(az, alt, roll, taz, talt) for az, alt, roll in
             [(0.0, 0.0, 0.0), (359.0, 10.0, 0.0), (1.0, 10.0, 0.0), (45.0, 60.0, 90.0),
              (250.0, 89.0, -30.0), (10.0, -89.0, 45.0), (180.0, 30.0, 170.0)]
             for taz, talt in [(5.0, 12.0), (355.0, 20.0), (180.0, 85.0), (90.0, -10.0)]]  # fmt: skip
    poses = [pose(az, alt, roll) for az, alt, roll, _, _ in cases]
    results = watched.page.evaluate(
        """async ([cases, poses]) => {
            const aim = await import('/static/js/aim.js');
            const r = (v) => Math.round(v * 1e6) / 1e6;
            const guided = cases.map(([, , , az, alt], i) => {
                const [alpha, beta, gamma] = poses[i];
                const g = aim.guide({alpha, beta, gamma}, {az, alt});
                return [g.az, g.alt, g.turn, g.tilt, g.separation, g.arrow, g.steep, g.overhead];
            });
            const upright = {alpha: 0, beta: 90, gamma: 0};
            return {
                guided,
                wraps: [180, -180, 190, -190, 360, 0, -0.5, 540].map(aim.wrap180),
                wrap360: [-1e-15, 360, -90, 725].map(aim.wrap360),
                // Upright: alpha and gamma both turn the phone about the vertical.
                gimbal: aim.pointing(aim.rotation(30, 90, 20)),
                flat: aim.pointing(aim.rotation(77, 0, 0)),
                faceDown: aim.pointing(aim.rotation(0, -180, 0)),
                zenithGuide: aim.guide({alpha: 0, beta: 180, gamma: 0}, {az: 123, alt: 85}),
                landscape: aim.guide(upright, {az: 20, alt: 0}, 90).arrow,
                portrait: aim.guide(upright, {az: 20, alt: 0}, 0).arrow,
                hysteresis: [aim.onTarget(3.2, false), aim.onTarget(3.2, true), aim.onTarget(4.6, true), aim.onTarget(2.9, false)],
                words: ['N', 'NE', 'ENE', 'SSE', 'WNW'].map(aim.compassWords),
                points: [0, 11.24, 11.25, 157, 348.75, 359.9].map(aim.compassPoint),
                ios: aim.trueOrientation({type: 'deviceorientation', absolute: false, alpha: 5, beta: 80, gamma: 1, webkitCompassHeading: 100}, 10),
                absolute: aim.trueOrientation({type: 'deviceorientationabsolute', absolute: true, alpha: 5, beta: 80, gamma: 1}, 10),
                noDeclination: aim.trueOrientation({type: 'deviceorientationabsolute', alpha: 5, beta: 80, gamma: 1}, null),
                relative: aim.trueOrientation({type: 'deviceorientation', absolute: false, alpha: 5, beta: 80, gamma: 1}, 10),
                empty: aim.trueOrientation({type: 'deviceorientationabsolute', alpha: null, beta: null, gamma: null}, 10),
                uncalibrated: aim.trueOrientation({type: 'deviceorientation', alpha: 5, beta: 80, gamma: 1, webkitCompassHeading: -1}, 10),
            };
        }""",
        [cases, poses],
    )
    for (az, alt, roll, taz, talt), guided in zip(cases, results["guided"], strict=True):
        g_az, g_alt, turn, tilt, sep, arrow, steep, overhead = guided
        assert g_alt == pytest.approx(alt, abs=1e-6)
        assert angle_between(g_az, az) < 1e-4
        assert turn == pytest.approx(turn_to(az, taz), abs=1e-4)
        assert -180.0 < turn <= 180.0
        assert tilt == pytest.approx(talt - alt, abs=1e-6)
        assert sep == pytest.approx(separation(az, alt, taz, talt), abs=1e-4)
        assert angle_between(arrow, expected_arrow(az, alt, roll, taz, talt)) < 1e-3
        assert steep is (abs(alt) > 80.0)
        assert overhead is (talt > 80.0)
    assert results["wraps"] == [180, 180, -170, 170, 0, 0, -0.5, 180]
    assert results["wrap360"] == [0, 0, 270, 5]
    assert results["gimbal"]["az"] == pytest.approx(310.0)
    assert results["gimbal"]["alt"] == pytest.approx(0.0, abs=1e-9)
    assert results["flat"]["alt"] == pytest.approx(-90.0)
    assert results["faceDown"]["alt"] == pytest.approx(90.0)
    assert results["zenithGuide"]["separation"] == pytest.approx(5.0)
    assert results["zenithGuide"]["steep"] is True
    assert 0.0 <= results["zenithGuide"]["arrow"] < 360.0
    assert results["portrait"] == pytest.approx(90.0, abs=1e-9)  # along the horizon: right
    assert results["landscape"] == pytest.approx(results["portrait"] - 90.0, abs=1e-9)
    assert results["hysteresis"] == [False, True, False, True]
    assert results["words"] == [
        "north",
        "north-east",
        "east-north-east",
        "south-south-east",
        "west-north-west",
    ]
    assert results["points"] == ["N", "N", "NNE", "SSE", "N", "N"]
    assert results["ios"] == {"alpha": 250.0, "beta": 80, "gamma": 1}  # 360 - 100 - 10
    assert results["absolute"] == {"alpha": 355.0, "beta": 80, "gamma": 1}
    assert results["noDeclination"] == {"alpha": 5, "beta": 80, "gamma": 1}
    assert results["relative"] is None
    assert results["empty"] is None
    assert results["uncalibrated"] is None
