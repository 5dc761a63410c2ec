"""In the field, in a real Chromium against the real server: the page opens with no
network once visited (its service worker keeps its files), says that it is offline,
and comes back by itself; it can be installed; and what it costs a phone in data,
measured from the browser's own network events."""

from __future__ import annotations

import contextlib
import math
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Geolocation, Page, Route
from playwright.sync_api import Error as PlaywrightError

from harness.browser import (
    CHROMIUM,
    LAUNCH_ARGS,
    OUTPUT,
    PHONE,
    SKY_REQUEST,
    PageClock,
    WatchedPage,
    phone_context,
)
from harness.server import Server
from planettracker.web.config import STATIC_DIR

pytestmark = pytest.mark.server

CAPE_TOWN: Geolocation = {"latitude": -33.9249, "longitude": 18.4241}
# Polls that fail while the network is away are logged by Chromium.
NETWORK_ERRORS = ("Failed to load resource", "ERR_INTERNET_DISCONNECTED", "ERR_CONNECTION_REFUSED")
FIRST_VISIT_LIMIT = 35_000  # bytes
HOUR_LIMIT = 1_500_000  # bytes an hour of live tracking
POLL_S = 2.0


@dataclass
class Transfer:
    """One request as the browser saw it finish."""

    at: float  # when it finished: Traffic.now()
    url: str
    received: int  # bytes on the wire: status line, headers and body as sent
    sent: int  # request headers and body
    by_worker: bool  # made by the service worker (installing), not the page


class Traffic:
    """Every request of a browser context that reached the network, with its size:
    CDP's ``encodedDataLength`` of ``Network.loadingFinished``, which Playwright gives
    as response headers + body size. A page's request answered by the service worker
    or a cache costs nothing on the wire, and counts nothing."""

    def __init__(self, context: BrowserContext) -> None:
        self.transfers: list[Transfer] = []
        self.now: Callable[[], float] = time.monotonic  # the page's clock's, if in the test's hands
        context.on("requestfinished", self._finished)

    def _finished(self, request: Any) -> None:
        response = request.response()
        if response is None or response.from_service_worker:
            return
        sizes = request.sizes()
        received = sizes["responseHeadersSize"] + sizes["responseBodySize"]
        if request.url.endswith("/sw.js") and received == sizes["responseHeadersSize"] > 0:
            # Chromium reports the worker's own script without its body (the browser,
            # not the worker, fetches it): take the body's length from its header.
            received += int(response.headers.get("content-length", "0"))
        self.transfers.append(
            Transfer(
                self.now(),
                request.url,
                max(received, 0),  # a cache hit: 0 (headers counted, body negative)
                sizes["requestHeadersSize"] + sizes["requestBodySize"],
                request.service_worker is not None,
            )
        )

    def since(self, moment: float) -> list[Transfer]:
        return [t for t in self.transfers if t.at >= moment]


@dataclass
class Visit:
    context: BrowserContext
    watched: WatchedPage
    traffic: Traffic
    offline: bool = False
    clock: PageClock | None = None  # the page's clock in the test's hands, if asked for

    def __post_init__(self) -> None:
        # WatchedPage answers the page's polls through Playwright's own client, which
        # the browser's offline mode does not reach: while offline, they fail here.
        if isinstance(self.watched, WatchedPage):
            self.page.route(SKY_REQUEST, self._poll)

    def _poll(self, route: Route) -> None:
        if self.offline:
            route.abort("internetdisconnected")
        else:
            route.fallback()

    def set_offline(self, offline: bool) -> None:
        self.offline = offline
        self.context.set_offline(offline)

    @property
    def page(self) -> Page:
        return self.watched.page

    def controlled(self) -> bool:
        return bool(self.page.evaluate("() => navigator.serviceWorker.controller !== null"))

    def wait_for_worker(self) -> None:
        self.watched.wait_until(self.controlled, 10, "the service worker in control")

    def wait_for_worker_files(self) -> None:
        """Once the worker is in control: until every file it keeps has been seen
        arriving (Traffic), so that what it fetched is counted."""
        kept = set(_kept(self))
        self.watched.wait_until(
            lambda: kept <= {urlsplit(t.url).path for t in self.traffic.transfers if t.by_worker},
            5,
            f"the worker's files {sorted(kept)} counted",
        )

    def status(self) -> str:
        return self.page.inner_text("#status")


class Listener:
    """Watches a page without answering its polls itself (WatchedPage answers them
    through Playwright's own client, which would change what goes over the wire):
    the answers it received, console errors, requests outside its origin."""

    def __init__(self, page: Page, origin: str) -> None:
        self.page, self.origin = page, origin
        self.answers: list[tuple[float, dict[str, Any]]] = []
        self.now: Callable[[], float] = time.monotonic  # the page's clock's, if in the test's hands
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("request", self._request)
        page.on("response", self._response)

    def _request(self, request: Any) -> None:
        if not request.url.startswith((self.origin + "/", "data:")):
            self.foreign.append(request.url)

    def _response(self, response: Any) -> None:
        if SKY_REQUEST.search(response.url) and response.ok:
            with contextlib.suppress(PlaywrightError):
                self.answers.append((self.now(), response.json()))

    def wait_until(self, condition: Any, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, f"not within {timeout} s: {what}"
            self.page.wait_for_timeout(50)


@pytest.fixture
def visit(browser: Browser) -> Iterator[Any]:
    """Open the page in a fresh phone-sized context (in Cape Town) on ``server``;
    afterwards check that it made no request outside its origin and logged no console
    error but failed requests while the network was away."""
    opened: list[Visit] = []

    def open_(
        server: Server,
        listen: bool = False,
        where: Geolocation = CAPE_TOWN,
        clock: bool | datetime = False,
    ) -> Visit:
        """``listen``: watch the page's polls without answering them (see Listener);
        ``where``: the device's place; ``clock``: the page on a clock the test moves
        (harness.browser.PageClock), started at that instant if one is given."""
        context = phone_context(browser, server.url, geolocation=where, sensors=False)
        traffic = Traffic(context)
        page = context.new_page()
        watched = Listener(page, server.url) if listen else WatchedPage(page, server.url)
        opened.append(Visit(context, watched, traffic))  # type: ignore[arg-type]
        if clock is not False:
            at = clock if isinstance(clock, datetime) else None
            if isinstance(watched, WatchedPage):
                moved = watched.install_clock(at)
            else:
                moved = PageClock(page, at)
                watched.now = moved.now
            opened[-1].clock = moved
            traffic.now = moved.now
        return opened[-1]

    yield open_
    for done in opened:
        errors = [e for e in done.watched.errors if not any(n in e for n in NETWORK_ERRORS)]
        assert errors == [], "console errors"
        assert done.watched.foreign == [], "requests outside the page's origin"
        done.context.close()


def _cape_town(answer: dict[str, Any]) -> bool:
    return bool(answer["observer"]["lat"] == CAPE_TOWN["latitude"])


def test_opens_offline_after_one_visit_and_resumes_by_itself(visit: Any, server: Server) -> None:
    first = visit(server)
    first.page.goto("/")
    first.watched.shown_answer(5.0, _cape_town)
    first.wait_for_worker()

    first.set_offline(True)
    response = first.page.reload()
    assert response is not None
    assert response.from_service_worker  # the page itself, from the worker's cache
    first.page.locator("#status.stale").wait_for(timeout=8000)
    assert first.status().startswith("Offline: this device has no network.")
    assert "as soon as the connection is back" in first.status()
    # The page is whole: its styles, scripts and controls are there, and nothing broke.
    assert (
        first.page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        == "rgb(5, 7, 12)"
    )
    assert first.page.input_value("#lat") == str(CAPE_TOWN["latitude"])
    assert first.page.locator("#chart").is_visible()
    first.page.click("#night")
    assert first.page.get_attribute("html", "data-theme") == "night"
    OUTPUT.mkdir(exist_ok=True)
    first.page.screenshot(path=OUTPUT / "offline-night.png", full_page=True)
    first.page.click("#night")
    first.page.screenshot(path=OUTPUT / "offline-dark.png", full_page=True)

    back = time.monotonic()
    first.set_offline(False)
    first.watched.shown_answer(5.0, _cape_town)
    assert time.monotonic() - back < 5.0
    first.page.locator("#status:not(.stale)").wait_for(timeout=3000)
    assert "updated" in first.status()


def test_opens_with_the_server_down_and_resumes_when_it_is_back(visit: Any) -> None:
    own = Server(workers=1).start()
    try:
        first = visit(own)
        first.page.goto("/")
        first.watched.shown_answer(5.0, _cape_town)
        first.wait_for_worker()
        own.stop()
        first.page.reload()
        first.page.locator("#status.stale").wait_for(timeout=8000)
        assert first.status().startswith("Offline: the server cannot be reached.")
        assert first.controlled()
        own = Server(workers=1, port=own.port).start()
        first.watched.shown_answer(10.0, _cape_town)
        first.page.locator("#status:not(.stale)").wait_for(timeout=3000)
    finally:
        own.stop()


def _midnight() -> Geolocation:
    """A place where it is about local midnight now, at 10 degrees south (every date has a
    night there): the night the page fetches ahead covers now and the hours after."""
    now = datetime.now(UTC)
    lon = (-15.0 * (now.hour + now.minute / 60.0) + 180.0) % 360.0 - 180.0
    return {"latitude": -10.0, "longitude": round(lon, 4)}


# The page's planets as shown (the table's unrounded data) and the instant they are for.
SHOWN = """() => ({
    at: document.querySelector('#chart').dataset.at,
    planets: [...document.querySelectorAll('#planets tbody tr')].map((row) => ({
        name: row.dataset.planet, az: Number(row.cells[1].dataset.az),
        alt: Number(row.cells[2].dataset.alt)})),
})"""


def _separation(a: dict[str, float], b: dict[str, float]) -> float:
    """Degrees between two (az, alt) directions."""
    alt_a, alt_b = math.radians(a["alt"]), math.radians(b["alt"])
    cos = math.sin(alt_a) * math.sin(alt_b) + math.cos(alt_a) * math.cos(alt_b) * math.cos(
        math.radians(a["az"] - b["az"])
    )
    return math.degrees(math.acos(min(1.0, cos)))


def _visited_with_the_night_ahead(visit: Any, server: Server) -> tuple[Visit, Geolocation]:
    """A page visited with network where it is about midnight now, its worker in
    control and the night ahead fetched and kept (static/js/ahead.js); and its place."""
    where = _midnight()
    first = visit(server, where=where, clock=True)
    first.page.goto("/")
    first.watched.shown_answer(5.0, lambda answer: answer["observer"]["lon"] == where["longitude"])
    first.wait_for_worker()
    first.clock.let_pass_until(  # the page asks for it 10 s after it opens
        lambda: first.page.evaluate("() => localStorage.getItem('planettracker.ahead') !== null"),
        20,
        "the night ahead fetched and kept",
    )
    return first, where


def test_offline_the_sky_moves_on_from_the_night_fetched_ahead(visit: Any, server: Server) -> None:
    """Visited once with network (the page fetches the night ahead soon after it opens),
    then reloaded offline: the sky shows and keeps moving, said to be offline and until
    when, within 0.2 degree of what the server answers for the same instants; a new place
    cannot be computed offline, and the page says so instead of showing the old one's;
    live polling resumes by itself with the network."""
    first, where = _visited_with_the_night_ahead(visit, server)

    first.page.click("#tonight-open")  # the Tonight view, opened once with network
    first.page.locator("#tonight-bodies li").first.wait_for(timeout=10_000)
    first.watched.wait_until(
        lambda: set(TONIGHT_FILES) <= set(_kept(first)), 5, "the Tonight view kept"
    )

    first.set_offline(True)
    first.page.reload()
    status = first.page.locator("#status")
    status.filter(has_text="Offline: positions from data fetched at").wait_for(timeout=8000)
    assert "good until" in first.status()
    # Rise and set, and the Tonight view, from what was fetched.
    events = first.page.locator("#planets tbody tr td:nth-child(5)").all_inner_texts()
    assert any(re.search(r"\d\d:\d\d", text) for text in events), events
    first.page.locator("#tonight-bodies li").first.wait_for(timeout=5000)
    assert first.page.locator("#tonight-error").is_hidden()
    samples: list[dict[str, Any]] = []
    while len(samples) < 3:
        shown = first.page.evaluate(SHOWN)
        if not samples or shown["at"] != samples[-1]["at"]:
            samples.append(shown)
        first.clock.let_pass(0.25, step=0.25)
    worst = 0.0
    for shown in samples:  # the test's own requests are not offline
        query = f"lat={where['latitude']}&lon={where['longitude']}&elevation=0&at={shown['at']}"
        direct = {body["name"]: body for body in server.get_json(f"/planets?{query}")["planets"]}
        for planet in shown["planets"]:
            if direct[planet["name"]]["alt"] > 0.5:  # above the horizon, as a person looks
                worst = max(worst, _separation(planet, direct[planet["name"]]))
    print(f"\noffline positions at {[s['at'] for s in samples]}: at most {worst:.4f} deg off")
    assert worst <= 0.2
    assert first.page.locator("#chart").is_visible()

    # The device's place came offline (a phone's GPS needs no network)...
    assert first.page.inner_text("#place-message").startswith("Using your location")
    # ...but a new place cannot be computed offline: typed (as a place the device gives
    # after a move would be), the page says so instead of showing the old place's sky.
    first.page.fill("#lat", str(where["latitude"] + 5.0))
    status.filter(has_text="as soon as the connection is back").wait_for(timeout=8000)
    assert not first.page.locator("#chart").is_visible()
    assert not first.page.locator("#planets").is_visible()

    first.set_offline(False)
    first.page.locator("#status:not(.stale)").wait_for(timeout=8000)
    assert "updated" in first.status()
    assert first.page.locator("#chart").is_visible()


def test_offline_outside_the_night_fetched_it_says_what_that_night_covers(
    visit: Any, server: Server
) -> None:
    """Offline a day after the night fetched ahead (the page's clock set forward): no
    sky is made up; the status line says which hours the data covers."""
    first, _ = _visited_with_the_night_ahead(visit, server)
    first.set_offline(True)
    first.page.clock.set_fixed_time(datetime.now(UTC) + timedelta(days=1))
    first.page.reload()
    first.page.locator("#status").filter(
        has_text="The positions fetched for offline use cover"
    ).wait_for(timeout=8000)
    assert "as soon as the connection is back" in first.status()
    assert first.page.locator("#planets tbody tr").count() == 0  # no sky made up


TONIGHT_FILES = ["/static/js/tonight.js", "/static/tonight.css"]


def _kept(visit: Visit) -> list[str]:
    """The paths the worker's cache holds."""
    return sorted(
        visit.page.evaluate(
            """() => caches.keys().then((names) => caches.open(names[0]))
                .then((cache) => cache.keys())
                .then((requests) => requests.map((r) => new URL(r.url).pathname))"""
        )
    )


def test_the_tonight_view_is_kept_once_it_has_been_opened(visit: Any, server: Server) -> None:
    """The worker does not keep the Tonight view at install (a first visit stays small):
    offline before it was ever opened, its button says it needs the network once; opened
    once with network, the worker keeps it, and it opens offline on every visit since."""
    first = visit(server)
    first.page.goto("/")
    first.watched.shown_answer(5.0, _cape_town)
    first.wait_for_worker()
    first.wait_for_worker_files()
    assert not set(TONIGHT_FILES) & set(_kept(first))

    first.set_offline(True)
    first.page.click("#tonight-open")
    button = first.page.locator("#tonight-open")
    button.filter(has_text="needs the network once").wait_for(timeout=5000)
    assert button.is_enabled()
    assert not first.page.locator("#tonight-chart").count()

    first.set_offline(False)
    button.click()
    first.page.locator("#tonight-chart").wait_for(state="visible", timeout=10_000)
    first.watched.wait_until(
        lambda: set(TONIGHT_FILES) <= set(_kept(first)), 5, "the Tonight view kept"
    )

    first.set_offline(True)
    first.page.reload()
    first.page.locator("#tonight-chart").wait_for(state="visible", timeout=10_000)
    assert not first.page.locator("#tonight-open").is_visible()
    # Styled from tonight.css, which came from the worker's cache.
    assert (
        first.page.evaluate(
            "getComputedStyle(document.querySelector('#tonight-bodies')).paddingLeft"
        )
        == "0px"
    )
    assert (
        first.page.evaluate("getComputedStyle(document.querySelector('.tonight-moon')).display")
        == "flex"
    )


def _evaluate(page: Page, script: str) -> Any:
    """``script``'s value, or None if the page navigated meanwhile."""
    try:
        return page.evaluate(script)
    except PlaywrightError:
        return None


def _release(static: Path, port: int | None = None) -> Server:
    """The real server with the page's files from ``static`` (tests/e2e/release.py)."""
    return Server(
        app="tests.e2e.release:serve", env={"RELEASE_STATIC_DIR": str(static)}, port=port
    ).start()


def test_a_new_release_is_in_use_on_the_next_visit_with_network(visit: Any, tmp_path: Path) -> None:
    """Release 1 is visited and kept; release 2 (a new style.css) goes out; on the next
    visit with network the browser finds the new worker, which fetches only the file
    that changed, takes over, and the page reloads itself into release 2."""
    static = tmp_path / "static"
    shutil.copytree(STATIC_DIR, static)
    own = _release(static)
    try:
        first = visit(own)
        first.page.goto("/")
        first.watched.shown_answer(5.0, _cape_town)
        first.wait_for_worker()
        caches = first.page.evaluate("() => caches.keys()")
        assert len(caches) == 1
        own.stop()
        (static / "style.css").write_text(
            (static / "style.css").read_text() + "\n.release-2 { color: red; }\n"
        )
        own = _release(static, own.port)
        updating = time.monotonic()
        reloads: list[str] = []
        first.page.on("load", lambda page: reloads.append(page.url))
        first.page.goto("/")  # served by release 1's worker, which checks for a new one
        first.watched.wait_until(
            lambda: (
                (keys := _evaluate(first.page, "() => caches.keys()")) not in (None, caches)
                and len(keys) == 1
            ),
            15,
            "release 2's cache in place of release 1's",
        )
        first.watched.wait_until(lambda: len(reloads) >= 2, 10, "the page reloaded itself")
        style = first.page.evaluate("() => fetch('/static/style.css').then(r => r.text())")
        assert ".release-2" in style
        first.watched.shown_answer(5.0, _cape_town)
        fetched = {
            t.url.removeprefix(own.url): t.received
            for t in first.traffic.since(updating)
            if t.by_worker and t.received > 0 and not t.url.endswith("/sw.js")
        }
        print(f"\nthe new worker fetched {fetched} (the rest from the old release's cache)")
        assert list(fetched) == ["/static/style.css"]  # only what changed
    finally:
        own.stop()


def test_installable_without_errors(browser: Browser, server: Server) -> None:
    """Chromium's own installability checks (a persistent profile: a private one is
    never installable), the manifest parsed without errors, no CSP violation."""
    with tempfile.TemporaryDirectory() as profile:
        context = browser.browser_type.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            args=LAUNCH_ARGS,
            viewport=PHONE,
            base_url=server.url,
            geolocation=CAPE_TOWN,
            permissions=["geolocation"],
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            watched = WatchedPage(page, server.url)
            page.goto("/")
            watched.shown_answer(5.0, _cape_town)
            page.reload()
            watched.wait_until(
                lambda: page.evaluate("() => navigator.serviceWorker.controller !== null"),
                10,
                "the worker in control after a reload",
            )
            cdp = context.new_cdp_session(page)
            manifest = cdp.send("Page.getAppManifest")
            assert manifest["url"].endswith("/static/manifest.webmanifest")
            assert manifest["errors"] == []
            assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
            assert watched.errors == []
            assert watched.foreign == []
        finally:
            with contextlib.suppress(PlaywrightError):
                context.close()


def _noon() -> Geolocation:
    """A place where it is about local noon now, at 10 degrees south: daylight, outside
    any night the page fetches ahead."""
    now = datetime.now(UTC)
    lon = (180.0 - 15.0 * (now.hour + now.minute / 60.0) + 180.0) % 360.0 - 180.0
    return {"latitude": -10.0, "longitude": round(lon, 4)}


def test_offline_by_day_the_tonight_view_opens_from_the_night_kept(
    visit: Any, server: Server
) -> None:
    """Visited by day with network and the Tonight view opened, then reloaded offline:
    no sky can be shown (the night fetched ahead starts at dusk), but the Tonight view
    opens with the coming night kept in this browser instead of asking for it forever."""
    where = _noon()
    first = visit(server, where=where)
    first.page.goto("/")
    first.watched.shown_answer(5.0, lambda answer: answer["observer"]["lon"] == where["longitude"])
    assert first.page.get_attribute("body", "data-sky") != "none"
    first.wait_for_worker()
    first.page.click("#tonight-open")
    first.page.locator("#tonight-bodies li").first.wait_for(timeout=10_000)
    first.watched.wait_until(
        lambda: set(TONIGHT_FILES) <= set(_kept(first)), 5, "the Tonight view kept"
    )
    title = first.page.inner_text("#tonight-title")

    first.set_offline(True)
    first.page.reload()
    first.page.locator("#status").filter(has_text="as soon as the connection is back").wait_for(
        timeout=8000
    )
    first.page.locator("#tonight-bodies li").first.wait_for(timeout=5000)
    assert first.page.inner_text("#tonight-title") == title
    assert "Asking" not in first.page.inner_text("#tonight")


# The sky of the data test: the answers' sizes depend on it (which bodies are up, have a
# landmark, how many stars show), so it is always the same evening in Cape Town, with
# Jupiter, Saturn, Mars and the Moon's crescent up among the stars.
SPENDING_SKY = datetime(2026, 11, 23, 19, 30, tzinfo=UTC)
API_REQUEST = re.compile(r"/(planets|stars|tonight)\?")


def _on_a_fixed_sky(visit: Visit, sky: datetime) -> None:
    """Run the page live on ``sky`` rather than today's: its clock (started there by
    ``visit(..., clock=sky)``) goes on from there, and each request it sends for now
    goes out with that instant on it (the browser itself sends it, so what it costs on
    the wire is measured as ever)."""
    clock = visit.clock
    assert clock is not None
    started = clock.now()

    def at_the_fixed_sky(route: Route) -> None:
        url = route.request.url
        if "at" in parse_qs(urlsplit(url).query):  # a moment the page chose itself
            route.fallback()
            return
        now = sky + timedelta(seconds=clock.now() - started)
        route.continue_(url=f"{url}&at={now.strftime('%Y-%m-%dT%H:%M:%SZ')}")

    visit.page.route(API_REQUEST, at_the_fixed_sky)


def test_what_a_phone_spends(visit: Any, server: Server) -> None:
    """The first visit, then a minute of live tracking (a poll every 2 s, rise and set
    once), then a hidden page, each measured from the browser's network events, on a
    fixed sky."""
    first = visit(server, listen=True, clock=SPENDING_SKY)
    listener, clock = first.watched, first.clock
    _on_a_fixed_sky(first, SPENDING_SKY)
    started = clock.now()
    first.page.goto("/")
    listener.wait_until(lambda: any(_cape_town(a) for _, a in listener.answers), 5, "Cape Town")
    first.wait_for_worker()
    first.wait_for_worker_files()
    ready = clock.now()
    # The first visit: the page, its files, the worker and what it keeps, and the
    # answers until the first for the device's place (not the polls since, from 2 s on).
    shown = next(at for at, answer in listener.answers if _cape_town(answer))
    opening = [
        t for t in first.traffic.since(started) if "/planets?" not in t.url or t.at <= shown + 1
    ]
    files = [t for t in opening if "/planets?" not in t.url]
    first_visit = sum(t.received for t in opening)
    print(f"\nfirst visit: {first_visit:,} bytes received in {len(opening)} answers "
          f"({sum(t.received for t in files):,} for the page's files and worker, the rest "
          f"answers), {sum(t.sent for t in opening):,} bytes sent")  # fmt: skip
    for transfer in opening:
        who = "worker" if transfer.by_worker else "page"
        print(f"  {transfer.received:6,} {who:6} {transfer.url.removeprefix(server.url)}")

    minute_from = max(ready, clock.now())
    clock.let_pass(60)  # the page's minute, in a moment
    minute = [t for t in first.traffic.since(minute_from) if t.at < minute_from + 60]
    polls = [t for t in minute if "/planets?" in t.url]
    # A minute's polls (rise, set and landmarks once), and half a stars' answer: they
    # are asked for every two minutes (the largest answer of the visit).
    stars = max(t.received for t in first.traffic.transfers if "/stars?" in t.url)
    # And the night ahead, for offline use: 10 s after the page opened, then hourly.
    night = max(t.received for t in first.traffic.transfers if "/tonight?" in t.url)
    per_hour = (sum(t.received for t in polls) + stars / 2) * 60 + night
    print(f"the night ahead: {night:,} bytes, 10 s after the sky (with the first visit: "
          f"{first_visit + night:,})")  # fmt: skip
    print(f"live tracking: {len(polls)} polls a minute, {sum(t.received for t in polls):,} "
          f"bytes received, a stars answer {stars:,} every two minutes, the night ahead "
          f"hourly ({per_hour / 1e6:.2f} MB an hour; "
          f"{sum(t.sent for t in minute) * 60 / 1e6:.2f} MB sent), a poll "
          f"{min(t.received for t in polls)}-{max(t.received for t in polls)} bytes")  # fmt: skip

    first.page.evaluate(HIDE)
    hidden_from = clock.now()
    clock.let_pass(6)
    hidden = first.traffic.since(hidden_from + 0.5)  # a poll in flight may land
    print(f"hidden: {sum(t.received for t in hidden)} bytes in 6 s")

    assert {answer["at"][:10] for _, answer in listener.answers} == {"2026-11-23"}
    assert first_visit <= FIRST_VISIT_LIMIT
    assert len(polls) >= 60 / POLL_S - 2
    # Nothing else while tracking but the stars, asked for every two minutes, and the
    # night ahead, once.
    assert all(any(kind in t.url for kind in ("/planets?", "/stars?", "/tonight?")) for t in minute)
    assert sum("/stars?" in t.url for t in minute) <= 1
    assert sum("/tonight?" in t.url for t in first.traffic.transfers) == 1
    assert per_hour <= HOUR_LIMIT
    assert hidden == []


# As a phone hides a page (WatchedPage.hide does the same).
HIDE = """() => {
    for (const [key, value] of [['hidden', true], ['visibilityState', 'hidden']])
        Object.defineProperty(document, key, {get: () => value, configurable: true});
    document.dispatchEvent(new Event('visibilitychange'));
}"""
