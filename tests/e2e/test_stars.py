"""The stars on the page, in a real Chromium against the real server (the Procfile
command), at a phone's size: the chart draws the bright stars where GET /stars puts
them and names the brightest without covering the planets' labels; the table and the
find view say each planet's landmark in words, as /planets gives it."""

from __future__ import annotations

import json
import math
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Response

from harness.browser import PageClock
from harness.server import Server

pytestmark = pytest.mark.server

OUTPUT = Path(__file__).resolve().parent.parent / "output"  # gitignored
PHONE = {"width": 390, "height": 844}
SYDNEY = {"latitude": -33.8568, "longitude": 151.2153}
SYDNEY_EVENING = ("2026-12-24T22:00", "2026-12-24T11:00:00Z")  # AEDT, UTC+11
# 20:00 in Brazil on 24 August 2016 (UTC-3): Mars 1.8 degrees from Antares, Saturn by
# them, high in the sky: bodies and bright stars bunched together.
BRAZIL = {"latitude": -23.0, "longitude": -47.0}
BRAZIL_EVENING = ("2016-08-24T20:00", "2016-08-24T23:00:00Z")
LABELLED = 12  # the chart names the brightest dozen, where a name fits
SENSORS = ["geolocation", "accelerometer", "gyroscope", "magnetometer"]


@dataclass
class Phone:
    """A page on a phone-sized screen, the /stars and /planets answers it received, and
    what went wrong (console errors, requests leaving the page's origin)."""

    page: Page
    origin: str
    stars: list[tuple[dict[str, str], dict[str, Any]]] = field(default_factory=list)
    skies: list[tuple[dict[str, str], dict[str, Any]]] = field(default_factory=list)
    star_requests: list[tuple[float, dict[str, str]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    clock: PageClock | None = None  # the page's clock in the test's hands, if asked for

    def __post_init__(self) -> None:
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", self._request)
        self.page.on("response", self._response)

    def _request(self, request: Any) -> None:
        url = request.url
        if not (url.startswith(self.origin + "/") or url.startswith("data:")):
            self.foreign.append(url)
        if urlsplit(url).path == "/stars":
            self.star_requests.append((time.monotonic(), _params(url)))

    def _response(self, response: Response) -> None:
        path = urlsplit(response.url).path
        if path in ("/stars", "/planets") and response.ok:
            try:
                body = response.json()
            except Exception:
                return
            kept = self.stars if path == "/stars" else self.skies
            kept.append((_params(response.url), body))

    def wait_until(self, condition: Any, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"not within {timeout} s: {what}")
            self.page.wait_for_timeout(50)


def _params(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


@pytest.fixture
def open_phone(browser: Browser, server: Server) -> Iterator[Any]:
    """Open the page on a fresh phone at a place; afterwards, no console error and no
    request outside the page's origin."""
    opened: list[tuple[BrowserContext, Phone]] = []

    def open_(place: dict[str, float], theme: str | None = None, clock: bool = False) -> Phone:
        """``clock``: the page on a clock the test moves (harness.browser.PageClock)."""
        context = browser.new_context(
            viewport=PHONE,  # type: ignore[arg-type]
            base_url=server.url,
            geolocation=place,  # type: ignore[arg-type]
            permissions=SENSORS,
            timezone_id="America/New_York",
            locale="en-US",
            has_touch=True,
        )
        if theme:
            context.add_init_script(f"localStorage.setItem('planettracker.theme', '{theme}')")
        phone = Phone(context.new_page(), server.url)
        opened.append((context, phone))
        if clock:
            phone.clock = PageClock(phone.page)
        phone.page.goto("/")
        return phone

    yield open_
    for context, phone in opened:
        assert phone.errors == [], "console errors"
        assert phone.foreign == [], "requests outside the page's origin"
        context.close()


def _api(server: Server, path: str) -> Any:
    with urllib.request.urlopen(f"{server.url}{path}", timeout=10) as answer:
        return json.loads(answer.read())


def _travel(phone: Phone, place: dict[str, float], evening: tuple[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:  # fmt: skip
    """At the phone's place, go to the evening (local time, UTC): the /planets and
    /stars answers for it, once the page shows both."""
    local, utc = evening
    phone.wait_until(
        lambda: any(float(p.get("lat", "nan")) == place["latitude"] for p, _ in phone.skies),
        10,
        "the place",
    )
    phone.page.fill("#when", local)
    at = utc.replace("Z", ".000Z")
    phone.wait_until(
        lambda: (
            any(p.get("at") == at for p, _ in phone.stars)
            and any(p.get("at") == at for p, _ in phone.skies)
        ),
        10,
        "the evening's sky and stars",
    )
    sky = next(b for p, b in reversed(phone.skies) if p.get("at") == at)
    stars = next(b for p, b in reversed(phone.stars) if p.get("at") == at)
    phone.page.wait_for_function(
        "(count) => document.querySelectorAll('#star-points circle').length === count",
        arg=len(stars["stars"]),
        timeout=5000,
    )
    return sky, stars


def chart_point(az: float, alt: float) -> tuple[float, float]:
    """Where the chart should draw az/alt: looking up, zenith at 0,0, the horizon at
    radius 100, north up and east on the left (as docs/page.md describes it)."""
    r = 100.0 * (90.0 - alt) / 90.0
    return -r * math.sin(math.radians(az)), -r * math.cos(math.radians(az))


def landmark_words(near: dict[str, Any]) -> str:
    """How the page says a landmark: "4° above Aldebaran", "0.6° upper left of Spica"."""
    separation = near["separation"]
    shown = f"{separation:.1f}°" if separation < 1 else f"{math.floor(separation + 0.5)}°"
    of = "" if near["direction"] in ("above", "below") else " of"
    return f"{shown} {near['direction']}{of} {near['name']}"


def _boxes(page: Page) -> dict[str, Any]:
    """Bounding boxes (chart units) of the chart's marks: the bodies' dots and labels,
    the stars' names, the compass letters."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => {
            const box = (e) => { const b = e.getBBox(); return {left: b.x, right: b.x + b.width, top: b.y, bottom: b.y + b.height}; };
            const shown = [...document.querySelectorAll('#bodies .body[visibility=visible]')];
            return {
                bodyLabels: shown.map((g) => ({name: g.dataset.body, ...box(g.children[1])})),
                bodyDots: shown.map((g) => ({name: g.dataset.body, ...box(g.children[0])})),
                starNames: [...document.querySelectorAll('#star-names text')].map((t) => ({name: t.dataset.star, text: t.textContent, ...box(t)})),
                compass: [...document.querySelectorAll('#chart .compass text')].map(box),
            };
        }"""
    )


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]  # fmt: skip


@pytest.mark.parametrize(("place", "evening"), [(SYDNEY, SYDNEY_EVENING), (BRAZIL, BRAZIL_EVENING)], ids=["sydney", "brazil"])  # fmt: skip
def test_the_chart_draws_the_stars_where_the_api_puts_them(
    open_phone: Any, server: Server, place: dict[str, float], evening: tuple[str, str]
) -> None:
    phone = open_phone(place)
    _, stars = _travel(phone, place, evening)
    # What the page got is what /stars answers for that place and instant.
    direct = _api(server, f"/stars?lat={place['latitude']}&lon={place['longitude']}&elevation=0&at={evening[1]}")  # fmt: skip
    assert direct["stars"] == stars["stars"]
    drawn = phone.page.evaluate(
        """() => [...document.querySelectorAll('#star-points circle')].map((c) =>
            ({name: c.dataset.star, x: +c.getAttribute('cx'), y: +c.getAttribute('cy'), r: +c.getAttribute('r')}))"""
    )
    assert [d["name"] for d in drawn] == [s["name"] for s in stars["stars"]]
    for star, dot in zip(stars["stars"], drawn, strict=True):
        x, y = chart_point(star["az"], star["alt"])
        assert dot["x"] == pytest.approx(x, abs=0.006), star
        assert dot["y"] == pytest.approx(y, abs=0.006), star
        assert math.hypot(dot["x"], dot["y"]) <= 100.01  # above the horizon
    # Brighter stars are bigger points, none bigger than the smallest planet's dot.
    radii = [d["r"] for d in drawn]
    assert radii == sorted(radii, reverse=True)
    assert radii[0] > radii[-1]
    smallest_planet = phone.page.evaluate(
        "() => Math.min(...[...document.querySelectorAll('#bodies .planet[visibility=visible] circle')].map((c) => +c.getAttribute('r')))"
    )
    assert max(radii) <= smallest_planet
    assert "Bright stars:" in (phone.page.text_content("#chart-desc") or "")


@pytest.mark.parametrize(("place", "evening"), [(SYDNEY, SYDNEY_EVENING), (BRAZIL, BRAZIL_EVENING)], ids=["sydney", "brazil"])  # fmt: skip
def test_star_names_never_cover_the_planets_labels(
    open_phone: Any, place: dict[str, float], evening: tuple[str, str]
) -> None:
    phone = open_phone(place)
    sky, stars = _travel(phone, place, evening)
    boxes = _boxes(phone.page)
    names = boxes["starNames"]
    brightest = [s["name"] for s in stars["stars"][:LABELLED]]
    assert len(names) >= LABELLED - 4, names  # most of the dozen find a place
    assert [n["name"] for n in names] == [b for b in brightest if b in {n["name"] for n in names}]
    for name in names:
        assert name["text"] == name["name"]
        for body in boxes["bodyLabels"] + boxes["bodyDots"]:
            assert not _overlap(name, body), (name, body)
        for letter in boxes["compass"]:
            assert not _overlap(name, letter), (name, letter)
        for other in names:
            assert other is name or not _overlap(name, other), (name, other)
        assert max(abs(name["left"]), abs(name["right"])) <= 120
        assert max(abs(name["top"]), abs(name["bottom"])) <= 120
    up = [b["name"] for b in (sky["sun"], sky["moon"], *sky["planets"]) if b["above_horizon"]]
    assert sorted(label["name"] for label in boxes["bodyLabels"]) == sorted(up)
    OUTPUT.mkdir(exist_ok=True)
    phone.page.locator("#chart").screenshot(path=OUTPUT / f"stars-chart-{place['latitude']}.png")


def test_the_table_says_each_landmark(open_phone: Any) -> None:
    phone = open_phone(SYDNEY)
    sky, _ = _travel(phone, SYDNEY, SYDNEY_EVENING)
    shown = phone.page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#planets tbody tr')].map((row) =>
            [row.dataset.planet, row.querySelector('.near')?.textContent ?? null]))"""
    )
    with_landmark = 0
    for planet in sky["planets"]:
        near = planet["near"]
        assert shown[planet["name"]] == (landmark_words(near) if near else None)
        with_landmark += near is not None
    assert with_landmark >= 1
    assert landmark_words({"separation": 0.64, "direction": "above", "name": "Spica"}) == "0.6° above Spica"  # fmt: skip
    assert landmark_words({"separation": 3.5, "direction": "left", "name": "Antares"}) == "4° left of Antares"  # fmt: skip


def _point_at(phone: Phone, az: float, alt: float, declination: float) -> dict[str, str]:
    """Hold the phone upright, its back camera at true az/alt (DeviceOrientation:
    alpha counter-clockwise from the compass's north, beta 90 + alt), and return the
    find view's state once drawn."""
    magnetic_alpha = (360.0 - az + declination) % 360.0
    return phone.page.evaluate(  # type: ignore[no-any-return]
        """async ([alpha, beta]) => {
            window.dispatchEvent(new DeviceOrientationEvent('deviceorientationabsolute', {alpha, beta, gamma: 0, absolute: true}));
            await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
            const find = document.querySelector('#find');
            const landmark = document.querySelector('#find-landmark');
            return {...find.dataset, landmarkText: landmark.textContent, landmarkHidden: landmark.hidden,
                    where: document.querySelector('#find-where').textContent};
        }""",
        [magnetic_alpha, 90.0 + alt],
    )


def test_the_find_view_names_the_landmark_close_to_the_planet(open_phone: Any) -> None:
    phone = open_phone(SYDNEY)
    sky, _ = _travel(phone, SYDNEY, SYDNEY_EVENING)
    planet = next(p for p in sky["planets"] if p["near"] and p["above_horizon"] and p["alt"] < 70)
    declination = sky["observer"]["magnetic_declination"]
    phone.page.click(f"#planets button.pick[data-planet={planet['name']}]")
    phone.page.wait_for_function("() => document.querySelector('#find').open")
    words = landmark_words(planet["near"])
    name = planet["name"].capitalize()
    # Far from it: the arrow, and no landmark yet.
    far = _point_at(phone, (planet["az"] + 40.0) % 360.0, planet["alt"], declination)
    assert far["mode"] == "arrow"
    assert float(far["separation"]) > 30.0
    assert far["landmarkHidden"] is True
    # Within 10 degrees: which point of light it is.
    near = _point_at(phone, (planet["az"] + 6.0) % 360.0, planet["alt"], declination)
    assert float(near["separation"]) < 10.0
    assert near["landmarkHidden"] is False
    assert near["landmarkText"] == f"{name} is the point of light {words}."
    assert near["landmark"] == planet["near"]["name"]
    # On it, still named; a little beyond 10 it holds (no flicker); well beyond, it goes.
    on = _point_at(phone, planet["az"], planet["alt"], declination)
    assert on["onTarget"] == "true"
    assert on["landmarkHidden"] is False
    edge = _point_at(phone, (planet["az"] + 11.0 / math.cos(math.radians(planet["alt"]))) % 360.0, planet["alt"], declination)  # fmt: skip
    assert 10.0 < float(edge["separation"]) < 12.0
    assert edge["landmarkHidden"] is False
    gone = _point_at(phone, (planet["az"] + 20.0) % 360.0, planet["alt"], declination)
    assert gone["landmarkHidden"] is True
    # The words above the arrow say it too.
    assert gone["where"].endswith(f", {words}.") or f", {words} " in gone["where"]
    OUTPUT.mkdir(exist_ok=True)
    _point_at(phone, (planet["az"] + 3.0) % 360.0, planet["alt"] + 2.0, declination)
    phone.page.screenshot(path=OUTPUT / "stars-find.png")


def test_stars_are_asked_on_load_on_a_new_place_and_every_two_minutes(
    open_phone: Any, browser: Browser
) -> None:
    phone = open_phone(SYDNEY, clock=True)
    assert phone.clock is not None
    phone.wait_until(lambda: any(p.get("lat") == "-33.8568" for _, p in phone.star_requests), 10, "Sydney's stars")  # fmt: skip
    phone.clock.let_pass(4.5)  # two polls of the sky...
    sydney = [p for _, p in phone.star_requests if p.get("lat") == "-33.8568"]
    assert len(sydney) == 1  # ...and the stars asked once
    assert sydney[0].keys() == {"lat", "lon", "elevation"}
    phone.page.fill("#lat", "48.8566")
    phone.page.fill("#lon", "2.3522")
    phone.wait_until(lambda: any(p.get("lat") == "48.8566" for _, p in phone.star_requests), 5, "Paris's stars")  # fmt: skip
    # Not a minute later; two minutes later they are asked again (the page's clock run
    # forward).
    asked = len(phone.star_requests)
    phone.page.clock.fast_forward(61_000)
    phone.page.clock.run_for(3_000)
    phone.clock.settle()  # what the page asked for meanwhile, answered
    assert len(phone.star_requests) == asked
    phone.page.clock.fast_forward(60_000)
    phone.page.clock.run_for(3_000)
    phone.wait_until(lambda: len(phone.star_requests) > asked, 10, "the stars two minutes later")
    assert phone.star_requests[-1][1].get("lat") == "48.8566"


@pytest.mark.parametrize("theme", ["dark", "night"])
def test_stars_are_readable_in_both_themes(open_phone: Any, theme: str) -> None:
    phone = open_phone(SYDNEY, theme=theme)
    _travel(phone, SYDNEY, SYDNEY_EVENING)
    assert phone.page.get_attribute("html", "data-theme") == theme
    colours = phone.page.evaluate(
        """() => ({
            point: getComputedStyle(document.querySelector('#star-points circle')).fill,
            name: getComputedStyle(document.querySelector('#star-names text')).fill,
            planet: getComputedStyle(document.querySelector('#bodies .planet circle')).fill,
            near: getComputedStyle(document.querySelector('#planets .near')).color,
            background: getComputedStyle(document.documentElement).backgroundColor,
        })"""
    )
    assert colours["background"] in ("rgb(5, 7, 12)", "rgb(0, 0, 0)")
    if theme == "night":  # red light only (the night palette's hue): it spares dark-adapted eyes
        for key in ("point", "name", "planet", "near"):
            red, green, blue = (int(v) for v in colours[key][4:-1].split(","))
            assert green == blue <= red // 3, (key, colours[key])
            assert red >= 150, (key, colours[key])  # readable on black
    OUTPUT.mkdir(exist_ok=True)
    phone.page.screenshot(path=OUTPUT / f"stars-{theme}.png", full_page=True)
    phone.page.locator("#chart").screenshot(path=OUTPUT / f"stars-chart-{theme}.png")
