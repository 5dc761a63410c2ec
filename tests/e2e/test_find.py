"""The find view, in a real Chromium against the real server (the Procfile command), at a
phone's size: tap a planet, then "turn the phone" with synthetic orientation events and
check the arrow against where the API says the planet is.

The expected arrows come from the tests' own geometry (this module's, and the angles of
tests/support/angles.py), built another way than the page's: a pose (where the back camera looks, how far the phone is rolled) is turned into
DeviceOrientation angles here, and the arrow must be the great-circle bearing from the
camera's direction to the planet, seen on the rolled screen.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from harness.browser import OUTPUT, PHONE, WatchedPage
from harness.server import Server
from tests.support import noaa
from tests.support.angles import angle_between, separation, turn_to
from tests.support.bodies import PLANET_NAMES
from tests.support.pages import OpenPage, check_tappable

pytestmark = pytest.mark.server

SYDNEY = {"latitude": -33.8568, "longitude": 151.2153}
INVERCARGILL = {"latitude": -46.4132, "longitude": 168.3538}  # New Zealand: ~26 degrees east
# A known sky (time travel): 22:00 on 2026-12-24 in Sydney and in Invercargill. In
# Sydney, Saturn is high in the WNW, Uranus low across north, Jupiter below the horizon.
EVENING = "2026-12-24T22:00"
SYDNEY_EVENING = "2026-12-24T11:00:00Z"  # AEDT, UTC+11
INVERCARGILL_EVENING = "2026-12-24T09:00:00Z"  # NZDT, UTC+13
# Records navigator.vibrate() calls; Chromium's own would do nothing headless.
VIBRATIONS = "navigator.vibrate = (ms) => { (window.vibrations ??= []).push(ms); return true; };"
# A browser that wants a tap before it asks (iOS Safari): the first request, made
# outside one, is refused; the next, from the "Use the compass" button, is granted.
PERMISSION_NEEDS_A_TAP = """
    let asked = 0;
    DeviceOrientationEvent.requestPermission = () => ++asked === 1
        ? Promise.reject(new DOMException('needs a tap', 'NotAllowedError'))
        : Promise.resolve('granted');
"""


def _evening(watched: WatchedPage, place: dict[str, float], at: str) -> dict[str, Any]:
    """Travel to the known evening (``at``, UTC) at the phone's place; the answer shown."""
    watched.shown_answer(5.0, lambda a: a["observer"]["lat"] == place["latitude"])
    watched.page.fill("#when", EVENING)
    _, answer = watched.shown_answer(5.0, lambda a: a["at"] == at)
    return answer


def _choose(watched: WatchedPage, name: str) -> None:
    watched.page.click(f"#planets button.pick[data-planet={name}]")
    watched.page.wait_for_function(
        "(name) => document.querySelector('#find').open && document.querySelector('#find').dataset.planet === name",
        arg=name,
        timeout=3000,
    )


def _shown(watched: WatchedPage) -> dict[str, Any]:
    return watched.page.evaluate(  # type: ignore[no-any-return]
        """() => {
            const find = document.querySelector('#find');
            const text = (id) => document.getElementById(id).textContent;
            return {...find.dataset, open: find.open, title: text('find-title'), where: text('find-where'),
                    turnText: text('find-turn'), tiltText: text('find-tilt'), sensor: text('find-sensor'),
                    marker: document.getElementById('find-rose-marker').getAttribute('transform'),
                    arrowShape: document.getElementById('find-arrow-shape').getAttribute('transform')};
        }"""
    )


def _orient(
    watched: WatchedPage,
    alpha: float,
    beta: float,
    gamma: float,
    ios_heading: float | None = None,
    event_type: str = "deviceorientationabsolute",
) -> dict[str, Any]:
    """Dispatch one orientation event as the phone would, let two frames pass (the view
    draws at the next one), and return what the view shows."""
    watched.page.evaluate(
        """async ([type, alpha, beta, gamma, heading]) => {
            const absolute = type === 'deviceorientationabsolute';
            const event = new DeviceOrientationEvent(type, {alpha, beta, gamma, absolute});
            if (heading !== null) Object.defineProperty(event, 'webkitCompassHeading', {value: heading});
            window.dispatchEvent(event);
            await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        }""",
        [event_type, alpha, beta, gamma, ios_heading],
    )
    return _shown(watched)


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


def magnetic(alpha_true: float, declination: float) -> float:
    """The alpha a magnetic compass reports: true heading = magnetic + declination."""
    return (alpha_true + declination) % 360.0


def _aim(
    watched: WatchedPage, declination: float, az: float, alt: float, roll: float = 0.0
) -> dict[str, Any]:
    """Hold the phone with its back camera on az/alt (from true north), its screen
    rolled by ``roll``, its compass reading magnetic headings; what the view shows."""
    alpha, beta, gamma = pose(az, alt, roll)
    return _orient(watched, magnetic(alpha, declination), beta, gamma)


def round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


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


# The arrow ------------------------------------------------------------------------


@pytest.fixture
def evening_in_sydney(open_page: OpenPage) -> tuple[WatchedPage, dict[str, Any]]:
    watched = open_page(SYDNEY, init_script=VIBRATIONS)
    return watched, _evening(watched, SYDNEY, SYDNEY_EVENING)


def _planet(answer: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in answer["planets"] if p["name"] == name)


# (camera az, camera alt, roll) poses around Saturn (303.7, 38.3): left of it and low,
# past it and high, rolled both ways, behind the observer, and far below.
POSES = [(260.0, 10.0, 0.0), (330.0, 60.0, 0.0), (300.0, 30.0, 35.0), (310.0, 45.0, -60.0),
         (120.0, 5.0, 0.0), (20.0, -40.0, 10.0)]  # fmt: skip


def test_the_arrow_leads_the_camera_to_the_planet(
    evening_in_sydney: tuple[WatchedPage, dict[str, Any]],
) -> None:
    watched, answer = evening_in_sydney
    saturn = _planet(answer, "saturn")
    declination = answer["observer"]["magnetic_declination"]
    assert declination == pytest.approx(noaa.declination(-33.8568, 151.2153), abs=0.05)
    _choose(watched, "saturn")
    assert _shown(watched)["title"] == "Find Saturn"
    for az, alt, roll in POSES:
        shown = _aim(watched, declination, az, alt, roll)
        assert shown["mode"] == "arrow"
        assert float(shown["targetAz"]) == saturn["az"]
        turn = turn_to(az, saturn["az"])
        assert float(shown["turn"]) == pytest.approx(turn, abs=0.11)
        assert float(shown["tilt"]) == pytest.approx(saturn["alt"] - alt, abs=0.11)
        expected = separation(az, alt, saturn["az"], saturn["alt"])
        assert float(shown["separation"]) == pytest.approx(expected, abs=0.11)
        arrow = expected_arrow(az, alt, roll, saturn["az"], saturn["alt"])
        assert angle_between(float(shown["arrow"]), arrow) < 0.11
        assert shown["arrowShape"] == f"rotate({float(shown['arrow']):.1f})"
        side = "right" if turn > 0 else "left"
        assert shown["turnText"] == f"Turn {side} {round_half_up(abs(turn))}°"
        tilt = saturn["alt"] - alt
        assert (
            shown["tiltText"] == f"Tilt {'up' if tilt > 0 else 'down'} {round_half_up(abs(tilt))}°"
        )
        assert f"+{declination:.1f}° (east)" in shown["sensor"]


def test_it_turns_the_short_way_across_north(
    evening_in_sydney: tuple[WatchedPage, dict[str, Any]],
) -> None:
    watched, answer = evening_in_sydney
    uranus = _planet(answer, "uranus")  # at 12.9 degrees, just east of north
    declination = answer["observer"]["magnetic_declination"]
    _choose(watched, "uranus")
    for camera_az, turn in [(350.0, 22.88), (355.0, 17.88), (40.0, -27.12), (180.0, -167.12)]:
        shown = _aim(watched, declination, camera_az, uranus["alt"])
        assert float(shown["turn"]) == pytest.approx(turn, abs=0.11)
        side = "right" if turn > 0 else "left"
        assert shown["turnText"] == f"Turn {side} {round_half_up(abs(turn))}°"
        assert shown["tiltText"] == "Height is right"
        assert float(shown["arrow"]) == pytest.approx(90.0 if turn > 0 else 270.0, abs=0.11)


def test_near_the_zenith_it_says_so_instead_of_spinning(
    evening_in_sydney: tuple[WatchedPage, dict[str, Any]],
) -> None:
    watched, answer = evening_in_sydney
    saturn = _planet(answer, "saturn")
    declination = answer["observer"]["magnetic_declination"]
    _choose(watched, "saturn")
    # Almost straight up: a hair's tilt swings the camera's azimuth right round, and the
    # arrow must still say which way is down toward Saturn, on the rolled screen too.
    for az, alt, roll in [
        (0.0, 88.0, 0.0),
        (90.0, 88.5, 0.0),
        (200.0, 89.5, 20.0),
        (303.7, 85.0, 0.0),
    ]:
        shown = _aim(watched, declination, az, alt, roll)
        assert shown["steep"] == "true"
        assert shown["turnText"] == "Almost straight up: follow the arrow"
        assert "Turn" not in shown["tiltText"]
        assert (
            shown["tiltText"]
            == f"Tilt down {round_half_up(alt - saturn['alt'])}° toward the west-north-west"
        )
        arrow = bearing(az, alt, saturn["az"], saturn["alt"]) - roll
        assert angle_between(float(shown["arrow"]), arrow) < 0.2
    # Exactly straight up (lying face down, camera to the sky): still an arrow, no NaN.
    shown = _orient(watched, magnetic(0.0, declination), -180.0, 0.0)
    assert shown["steep"] == "true"
    assert float(shown["separation"]) == pytest.approx(90.0 - saturn["alt"], abs=0.11)
    assert 0.0 <= float(shown["arrow"]) < 360.0


def test_on_target_it_says_so_and_vibrates_once(
    evening_in_sydney: tuple[WatchedPage, dict[str, Any]],
) -> None:
    watched, answer = evening_in_sydney
    saturn = _planet(answer, "saturn")
    declination = answer["observer"]["magnetic_declination"]
    _choose(watched, "saturn")

    def point(az_offset: float, alt_offset: float = 0.0) -> dict[str, Any]:
        return _aim(watched, declination, saturn["az"] + az_offset, saturn["alt"] + alt_offset)

    def vibrations() -> list[int]:
        return watched.page.evaluate("() => window.vibrations ?? []")  # type: ignore[no-any-return]

    # Offsets in altitude are degrees of separation, one for one.
    assert (point(0.0, 10.0)["onTarget"], vibrations()) == ("false", [])
    assert point(0.0, 4.0)["onTarget"] == "false"  # not yet: within 3 degrees
    shown = point(1.0, 2.5)
    assert float(shown["separation"]) < 3.0
    assert shown["onTarget"] == "true"
    assert (shown["turnText"], shown["tiltText"]) == ("On target!", "Saturn is right there")
    assert vibrations() == [200]
    assert watched.page.text_content("#find-announce") == "On target: Saturn"
    assert watched.page.is_visible(".find-bullseye")
    assert watched.page.is_hidden(".find-arrow-shape")
    assert point(0.0, 4.0)["onTarget"] == "true"  # a hand's drift: still there, no new buzz
    assert point(0.0, 0.0)["onTarget"] == "true"
    assert vibrations() == [200]
    assert point(0.0, -5.0)["onTarget"] == "false"  # beyond 4.5: gone
    assert watched.page.text_content("#find-announce") == ""
    assert point(0.5, -0.5)["onTarget"] == "true"
    assert vibrations() == [200, 200]


def test_the_ios_compass_heading_gives_the_same_arrow(
    evening_in_sydney: tuple[WatchedPage, dict[str, Any]],
) -> None:
    watched, answer = evening_in_sydney
    declination = answer["observer"]["magnetic_declination"]
    _choose(watched, "saturn")
    alpha, beta, gamma = pose(280.0, 20.0)
    android = _orient(watched, magnetic(alpha, declination), beta, gamma)
    # iOS Safari: a relative alpha (here nonsense) and the magnetic heading, clockwise.
    heading = (360.0 - magnetic(alpha, declination)) % 360.0
    ios = _orient(watched, 123.0, beta, gamma, ios_heading=heading, event_type="deviceorientation")
    for key in ("turn", "tilt", "arrow", "separation"):
        assert float(ios[key]) == pytest.approx(float(android[key]), abs=0.05)


def test_a_relative_orientation_is_not_mistaken_for_a_compass(open_page: OpenPage) -> None:
    watched = open_page(SYDNEY)
    _evening(watched, SYDNEY, SYDNEY_EVENING)
    _choose(watched, "saturn")
    shown = _orient(watched, 0.0, 90.0, 0.0, event_type="deviceorientation")  # absolute: false
    assert shown["mode"] == "words"
    watched.page.wait_for_function(
        "() => document.querySelector('#find-sensor').textContent.startsWith('No compass')",
        timeout=4000,
    )


def test_the_declination_turns_the_arrow(open_page: OpenPage, server: Server) -> None:
    watched = open_page(INVERCARGILL)
    answer = _evening(watched, INVERCARGILL, INVERCARGILL_EVENING)
    declination = answer["observer"]["magnetic_declination"]
    assert declination == pytest.approx(noaa.declination(-46.4132, 168.3538), abs=0.05)
    assert declination > 25.0
    saturn = _planet(answer, "saturn")
    _choose(watched, "saturn")
    # The compass says the camera looks at Saturn's azimuth: it is magnetic, and true
    # north is 26 degrees away, so the phone must still turn left by the declination.
    alpha, beta, gamma = pose(saturn["az"], saturn["alt"])
    shown = _orient(watched, alpha, beta, gamma)
    assert float(shown["turn"]) == pytest.approx(-declination, abs=0.11)
    whole = (math.floor(declination), math.ceil(declination))  # -26.5 may come out as either
    assert shown["turnText"] in [f"Turn left {degrees}°" for degrees in whole]
    assert f"+{declination:.1f}° (east)" in shown["sensor"]
    shown = _orient(watched, magnetic(alpha, declination), beta, gamma)
    assert shown["onTarget"] == "true"
    assert float(shown["separation"]) < 0.11


# Without a compass ------------------------------------------------------------------


def _where_words(planet: dict[str, Any]) -> str:
    words = {"N": "north", "E": "east", "S": "south", "W": "west"}
    direction = "-".join(words[letter] for letter in planet["direction"])
    return (
        f"{planet['name'].capitalize()}: look {direction} ({round_half_up(planet['az'])}°), "
        f"{round_half_up(planet['alt'])}° above the horizon"
    )


def test_a_compass_the_browser_keeps_back_falls_back_to_words_and_a_rose(
    open_page: OpenPage,
) -> None:
    """Chromium with no sensor permission answers "denied" without asking anyone: the
    page says the browser shares no compass, and blames nobody for a refusal."""
    watched = open_page(SYDNEY, sensors=False)  # Chromium then answers "denied"
    answer = _evening(watched, SYDNEY, SYDNEY_EVENING)
    saturn = _planet(answer, "saturn")
    _choose(watched, "saturn")
    watched.page.wait_for_function(
        "() => document.querySelector('#find-sensor').textContent.startsWith('This browser does not share')",
        timeout=3000,
    )
    sensor = watched.page.inner_text("#find-sensor")
    assert "denied" not in sensor
    assert "Settings" not in sensor  # no iPhone advice for a browser that is not one
    shown = _shown(watched)
    assert shown["mode"] == "words"
    assert shown["where"] == (
        "Saturn: look west-north-west (304°), 38° above the horizon at the chosen time (not now)."
    )
    assert shown["where"].startswith(_where_words(saturn))
    assert shown["marker"] == f"rotate({saturn['az']:.1f})"
    assert watched.page.is_visible("#find-rose")
    assert watched.page.is_hidden("#find-arrow")
    assert watched.page.is_visible(".find-fist")
    # Events do not bring the arrow back: nothing listens to them.
    alpha, beta, gamma = pose(saturn["az"], saturn["alt"])
    assert _orient(watched, alpha, beta, gamma)["mode"] == "words"


# An iPhone whose owner turned the prompt down (Safari's requestPermission: "denied").
IPHONE_TURNED_DOWN = """
    Object.defineProperty(navigator, 'userAgent', {get: () =>
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1'});
    DeviceOrientationEvent.requestPermission = () => Promise.resolve('denied');
"""


def test_an_iphone_turned_down_is_told_where_to_turn_it_on(open_page: OpenPage) -> None:
    watched = open_page(SYDNEY, init_script=IPHONE_TURNED_DOWN)
    _evening(watched, SYDNEY, SYDNEY_EVENING)
    _choose(watched, "saturn")
    watched.page.wait_for_function(
        "() => document.querySelector('#find-sensor').textContent.includes('Motion & Orientation Access')",
        timeout=3000,
    )
    assert _shown(watched)["mode"] == "words"
    assert watched.page.inner_text("#find-sensor").startswith(
        "Motion & orientation access is off for this page"
    )


def test_without_a_sensor_it_says_so_and_takes_one_that_wakes_up_late(
    open_page: OpenPage,
) -> None:
    watched = open_page(SYDNEY)
    answer = _evening(watched, SYDNEY, SYDNEY_EVENING)
    _choose(watched, "saturn")
    assert _shown(watched)["sensor"].startswith("Waiting for the compass")
    watched.page.wait_for_function(
        "() => document.querySelector('#find-sensor').textContent.startsWith('No compass here')",
        timeout=4000,
    )
    assert _shown(watched)["mode"] == "words"
    saturn = _planet(answer, "saturn")
    declination = answer["observer"]["magnetic_declination"]
    shown = _aim(watched, declination, saturn["az"] - 30.0, saturn["alt"])
    assert shown["mode"] == "arrow"
    assert shown["turnText"] == "Turn right 30°"


def test_a_browser_that_asks_first_gets_a_button_to_tap(open_page: OpenPage) -> None:
    watched = open_page(SYDNEY, init_script=PERMISSION_NEEDS_A_TAP)
    answer = _evening(watched, SYDNEY, SYDNEY_EVENING)
    _choose(watched, "saturn")  # the first request fails, as if it had come from no tap
    watched.page.wait_for_selector("#find-compass:not([hidden])", timeout=3000)
    assert "Use the compass" in _shown(watched)["sensor"]
    watched.page.click("#find-compass")
    watched.page.wait_for_function(
        "() => document.querySelector('#find-sensor').textContent.startsWith('Waiting')",
        timeout=3000,
    )
    saturn = _planet(answer, "saturn")
    declination = answer["observer"]["magnetic_declination"]
    shown = _aim(watched, declination, saturn["az"], saturn["alt"] - 20.0)
    assert (shown["mode"], shown["tiltText"]) == ("arrow", "Tilt up 20°")
    assert watched.page.is_hidden("#find-compass")


# Below the horizon, every planet, the chart -------------------------------------------


def test_a_planet_below_the_horizon_says_when_and_where_it_rises(
    evening_in_sydney: tuple[WatchedPage, dict[str, Any]], server: Server
) -> None:
    watched, answer = evening_in_sydney
    jupiter = _planet(answer, "jupiter")
    assert jupiter["alt"] < 0
    events = server.get_json(
        f"/planets?lat=-33.8568&lon=151.2153&elevation=0&at={answer['at']}&events=1"
    )
    rise = _planet(events, "jupiter")["rise"]  # 2026-12-24T12:14:21Z: 23:14 in Sydney
    at_rise = server.get_json(f"/planets/jupiter?lat=-33.8568&lon=151.2153&elevation=0&at={rise}")
    _choose(watched, "jupiter")
    watched.page.wait_for_function(
        "() => 'targetAz' in document.querySelector('#find').dataset", timeout=3000
    )
    shown = _shown(watched)
    assert at_rise["direction"] == "ENE"
    assert shown["where"] == (
        "Jupiter is below the horizon (-16°) at the chosen time (not now). It rises at 23:14"
        f" in the east-north-east ({round_half_up(at_rise['az'])}°): point there to be ready."
    )
    assert float(shown["targetAz"]) == at_rise["az"]
    assert float(shown["targetAlt"]) == 0.0
    declination = answer["observer"]["magnetic_declination"]
    shown = _aim(watched, declination, at_rise["az"] + 1.0, 1.0)
    assert (shown["turnText"], shown["tiltText"]) == ("On target!", "Jupiter will rise right there")


def test_every_planet_can_be_found_on_a_phone_at_night(open_page: OpenPage, server: Server) -> None:
    watched = open_page(SYDNEY)  # live, whatever the sky is now
    page = watched.page
    page.click("#night")
    _, answer = watched.shown_answer(5.0, lambda a: a["observer"]["lat"] == -33.8568)
    for name in PLANET_NAMES:
        _choose(watched, name)
        _, answer = watched.shown_answer()
        planet = _planet(answer, name)
        shown = _shown(watched)
        assert shown["title"] == f"Find {name.capitalize()}"
        assert abs(float(shown["az"]) - planet["az"]) < 0.1  # the latest poll, or the one before
        if planet["above_horizon"]:
            assert shown["where"].startswith(f"{name.capitalize()}: look ")
            # ...and, where the planet has one, its landmark (tests/e2e/test_stars.py),
            # which comes with the minute's rise and set.
            minute = next(r.body for r in reversed(watched.sky) if r.body and "events" in r.params)
            near = _planet(minute, name)["near"]
            assert (near is None and shown["where"].endswith("above the horizon.")) or (
                near is not None and near["name"] in shown["where"]
            )
        else:
            assert shown["where"].startswith(f"{name.capitalize()} is below the horizon")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert page.evaluate("document.querySelector('#find').scrollWidth") <= PHONE["width"]
        check_tappable(page.locator("#find-close"))
        row = page.locator(f'#planets tr[data-planet="{name}"]')
        assert "selected" in (row.get_attribute("class") or "")
        page.click("#find-close")
        page.wait_for_function(
            "(name) => !document.querySelector('#find').open"
            " && !document.querySelector(`#planets tr[data-planet=${name}]`).classList.contains('selected')",
            arg=name,
        )
    # The dialog is still in night mode's red: the arrow, the big words.
    _choose(watched, "saturn")
    colours = page.evaluate(
        """() => [getComputedStyle(document.querySelector('#find-arrow-shape path')).fill,
                  getComputedStyle(document.querySelector('.find-advice')).color,
                  getComputedStyle(document.querySelector('#find')).backgroundColor]"""
    )
    assert colours == ["rgb(208, 0, 0)", "rgb(208, 0, 0)", "rgb(0, 0, 0)"]


def test_night_mode_arrow_is_readable_at_arms_length(
    evening_in_sydney: tuple[WatchedPage, dict[str, Any]],
) -> None:
    watched, answer = evening_in_sydney
    page = watched.page
    page.click("#night")
    _choose(watched, "saturn")
    saturn = _planet(answer, "saturn")
    declination = answer["observer"]["magnetic_declination"]
    _aim(watched, declination, saturn["az"] - 40.0, saturn["alt"] - 15.0)
    arrow = page.locator("#find-arrow").bounding_box()
    assert arrow is not None
    assert arrow["width"] >= 0.7 * PHONE["width"]  # some 7 cm on a phone
    size = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.find-advice')).fontSize)"
    )
    assert size >= 30  # px: 2 rem, bold
    for selector in ("#find-arrow", ".find-advice", "#find-close"):
        box = page.locator(selector).bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= PHONE["height"]  # all on the first screen
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=OUTPUT / "find-night.png")


def test_tapping_a_planet_on_the_chart_opens_it(
    evening_in_sydney: tuple[WatchedPage, dict[str, Any]],
) -> None:
    watched, _ = evening_in_sydney
    page = watched.page
    page.locator("#chart").scroll_into_view_if_needed()  # choosing the time scrolled away
    dot = page.locator('#chart [data-body="saturn"] circle').bounding_box()
    assert dot is not None
    centre = (dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2)
    page.mouse.click(*centre)
    page.wait_for_function("() => document.querySelector('#find').dataset.planet === 'saturn'")
    assert "selected" in (page.get_attribute('#chart [data-body="saturn"]', "class") or "")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('#find').open")
    # A fingertip beside a faint planet's speck of a dot still picks it.
    dot = page.locator('#chart [data-body="uranus"] circle').bounding_box()
    assert dot is not None
    assert dot["width"] < 10
    page.mouse.click(dot["x"] + dot["width"] / 2 - 12, dot["y"] + dot["height"] / 2 + 12)
    page.wait_for_function("() => document.querySelector('#find').dataset.planet === 'uranus'")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('#find').open")
    # Far from every planet (the south-east corner, outside the horizon): nothing opens.
    box = page.locator("#chart").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 5, box["y"] + box["height"] - 5)
    # The tap handled and its frame drawn (a planet's tap opens the view at once).
    page.evaluate(
        "() => new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn)))"
    )
    assert page.evaluate("() => document.querySelector('#find').open") is False


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
