"""Driving Debian's Chromium with Playwright for Python, and watching what a page does."""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Geolocation, Page, Route, ViewportSize
from playwright.sync_api import Error as PlaywrightError

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Playwright's own browser download does not work here: use the system's Chromium,
# kept off the network (its background services would only fail).
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE: ViewportSize = {"width": 390, "height": 844}
OUTPUT = Path(__file__).resolve().parent.parent / "tests" / "output"  # gitignored
SKY_REQUEST = re.compile(r"/planets\?")
TONIGHT_REQUEST = re.compile(r"/tonight\?")
AHEAD_PARAMETER = "min_alt=0"  # the night ahead, for offline use (static/js/ahead.js)
INSTALL_HINT = "install Debian's Chromium: sudo apt-get install -y chromium"


def fixed(value: float, digits: int = 1) -> str:
    """A number as the page writes it, JavaScript's ``toFixed``: the exact binary value
    rounded, halves away from zero (Python's format rounds them to even: 0.25 is "0.2"
    there, "0.3" on the page)."""
    exact = Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{exact:.{digits}f}"


def chromium_missing_message() -> str | None:
    if CHROMIUM.exists():
        return None
    return f"browser tests SKIPPED: no Chromium at {CHROMIUM}; {INSTALL_HINT}"


def require_chromium() -> None:
    """Skip loudly without Chromium, or fail where it is required (CI sets
    PLANETTRACKER_REQUIRE_BROWSER=1)."""
    message = chromium_missing_message()
    if message is None:
        return
    if os.environ.get("PLANETTRACKER_REQUIRE_BROWSER"):
        pytest.fail(message.replace("SKIPPED", "cannot run"), pytrace=False)
    pytest.skip(message)


# Counts the page's requests still on their way (fetch, and the answer's body read), so
# that a test can wait until the page has handled every answer: window.__settled().
SETTLED_SCRIPT = """(() => {
  const fetch = window.fetch, json = Response.prototype.json, text = Response.prototype.text;
  let pending = 0;
  const waiting = [];
  const done = () => {
    pending -= 1;
    if (pending === 0) waiting.splice(0).forEach((resolve) => resolve());
  };
  const track = (promise) => {
    pending += 1;
    promise.then(done, done);
    return promise;
  };
  window.fetch = function (...args) { return track(fetch.apply(this, args)); };
  Response.prototype.json = function () { return track(json.call(this)); };
  Response.prototype.text = function () { return track(text.call(this)); };
  const quiet = () => (pending === 0 ? Promise.resolve() : new Promise((resolve) => waiting.push(resolve)));
  // A task of the browser's own (the page's timers may be Playwright's clock), after
  // which what the page does with an answer (a chain of promises) is done.
  const task = () => new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => resolve();
    port2.postMessage(null);
  });
  window.__settled = async () => {
    do { await quiet(); await task(); } while (pending > 0);
  };
})()"""


class PageClock:
    """The page's clock in the test's hands (Playwright's ``page.clock``), so that
    seconds of the page's time pass in a moment. Installed before the page's scripts
    run, it goes on as a wall clock does; ``let_pass`` moves it on at once, a step at
    a time, every request the page makes in a step answered and handled before the
    next, as if the answers took no time. ``now()`` reads the page's time on the scale
    of ``time.monotonic()``: what that would read had the test waited."""

    def __init__(self, page: Page, at: datetime | None = None) -> None:
        self.page = page
        self.skipped = 0.0  # seconds the page's clock was moved on
        page.add_init_script(SETTLED_SCRIPT)
        if at is None:
            page.clock.install()
        else:
            page.clock.install(time=at)

    def now(self) -> float:
        return time.monotonic() + self.skipped

    def let_pass(self, seconds: float, step: float = 0.1) -> None:
        """Let ``seconds`` of the page's time pass (its timers fire on time)."""
        for _ in range(max(1, round(seconds / step))):
            self.page.clock.run_for(round(step * 1000))
            self.skipped += step
            self.settle()

    def let_pass_until(
        self, condition: Callable[[], bool], seconds: float, what: str, step: float = 0.1
    ) -> None:
        """Let the page's time pass until ``condition()`` holds, at most ``seconds`` of it."""
        for _ in range(max(1, round(seconds / step))):
            if condition():
                return
            self.let_pass(step, step)
        if not condition():
            raise AssertionError(f"not within {seconds} s of the page's time: {what}")

    def settle(self) -> None:
        """Wait until every request the page made is answered and the answer handled."""
        self.page.evaluate("() => window.__settled()")


@dataclass
class SkyRequest:
    at: float  # when the page sent it: WatchedPage.now()
    url: str
    body: dict[str, Any] | None = None  # the answer, if one came

    @property
    def params(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.url).query).items()}


@dataclass
class WatchedPage:
    """A page, the /planets and /tonight requests it made (with their answers: the
    Tonight view's in ``tonight``, the night ahead fetched for offline use in ``ahead``),
    every request that left its origin, and every console error."""

    page: Page
    origin: str
    sky: list[SkyRequest] = field(default_factory=list)
    tonight: list[SkyRequest] = field(default_factory=list)
    ahead: list[SkyRequest] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    clock: PageClock | None = None  # see install_clock

    def __post_init__(self) -> None:
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("request", self._request)
        self.page.route(SKY_REQUEST, lambda route: self._record(route, self.sky))
        self.page.route(
            TONIGHT_REQUEST,
            lambda route: self._record(
                route, self.ahead if AHEAD_PARAMETER in route.request.url else self.tonight
            ),
        )

    def install_clock(self, at: datetime | None = None) -> PageClock:
        """Put the page on a clock the test moves (PageClock), before it is opened."""
        self.clock = PageClock(self.page, at)
        return self.clock

    def now(self) -> float:
        """The page's time, on the scale of ``time.monotonic()`` (see PageClock.now)."""
        return self.clock.now() if self.clock is not None else time.monotonic()

    def let_pass(self, seconds: float, step: float = 0.1) -> None:
        """Let ``seconds`` of the page's time pass in a moment (see install_clock)."""
        assert self.clock is not None, "install_clock() before the page opens"
        self.clock.let_pass(seconds, step)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _request(self, request: Any) -> None:
        url = request.url
        if not (url.startswith(self.origin + "/") or url == self.origin or url.startswith("data:")):
            self.foreign.append(url)

    def _record(self, route: Route, requests: list[SkyRequest]) -> None:
        record = SkyRequest(self.now(), route.request.url)
        requests.append(record)
        try:
            response = route.fetch()
            body = response.body() if response.ok else None
        except PlaywrightError:  # the server is down (or the test closed the page meanwhile)
            with contextlib.suppress(PlaywrightError):
                route.abort("connectionrefused")
            return
        if body is not None:
            record.body = json.loads(body)
        with contextlib.suppress(PlaywrightError):  # the test may close the page meanwhile
            route.fulfill(response=response)

    def wait_until(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        """Let the page run until ``condition()`` holds (events are handled meanwhile)."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"not within {timeout} s: {what}")
            self.page.wait_for_timeout(50)

    def requests_since(self, moment: float) -> list[SkyRequest]:
        return [r for r in self.sky if r.at >= moment]

    def table(self) -> dict[str, dict[str, str]]:
        """The planets table as shown: name -> az, alt, mag, rise/set text, classes."""
        return self.page.evaluate(  # type: ignore[no-any-return]
            """() => Object.fromEntries([...document.querySelectorAll('#planets tbody tr')]
                .map(row => [row.dataset.planet, {
                    az: row.cells[1].dataset.az, alt: row.cells[2].dataset.alt,
                    azText: row.cells[1].textContent, altText: row.cells[2].textContent,
                    mag: row.cells[3].textContent, seen: row.cells[0].querySelector('.seen').textContent,
                    events: row.cells[4].innerText, below: row.classList.contains('below')}]))"""
        )

    def shown_answer(
        self, timeout: float = 5.0, where: Callable[[dict[str, Any]], bool] = lambda answer: True
    ) -> tuple[dict[str, dict[str, str]], dict[str, Any]]:
        """The table and the answer it shows: the answer to the latest request, once it
        has come, is ``where`` it should be, and the table shows it."""
        found: list[Any] = []

        def matches() -> bool:
            answer = self.sky[-1].body if self.sky else None
            if answer is None or not where(answer):
                return False
            table = self.table()
            found[:] = [table, answer]
            return len(table) == 7 and all(
                table.get(p["name"], {}).get("az") == fixed(p["az"])
                and table[p["name"]]["alt"] == fixed(p["alt"])
                for p in answer["planets"]
            )

        self.wait_until(matches, timeout, f"the table to show the latest answer: {found}")
        return found[0], found[1]

    def hide(self, hidden: bool) -> None:
        """Hide or show the page as a phone does when the screen locks or the user
        switches tabs. Headless Chromium has no hidden tabs, so the Page Visibility
        API is set from outside, and its event dispatched, exactly as the page sees it."""
        self.page.evaluate(
            """(hidden) => {
                for (const [key, value] of [['hidden', hidden], ['visibilityState', hidden ? 'hidden' : 'visible']])
                    Object.defineProperty(document, key, {get: () => value, configurable: true});
                document.dispatchEvent(new Event('visibilitychange'));
            }""",
            hidden,
        )


SENSORS = ["accelerometer", "gyroscope", "magnetometer"]


def phone_context(
    browser: Browser,
    base_url: str,
    geolocation: Geolocation | None = None,
    *,
    sensors: bool = True,
    viewport: ViewportSize = PHONE,
    init_script: str | None = None,
) -> BrowserContext:
    """A fresh phone-sized context (in New York, in English, with touch): the device's
    position if ``geolocation`` is given, and with ``sensors`` the motion sensors'
    permission, which the find view asks for (Chromium answers "denied" to
    DeviceOrientationEvent.requestPermission() without it); ``init_script`` runs in
    its pages before their own."""
    permissions = (["geolocation"] if geolocation else []) + (SENSORS if sensors else [])
    context = browser.new_context(
        viewport=viewport,
        base_url=base_url,
        geolocation=geolocation,
        permissions=permissions,
        # The browser is in New York; the places observed are elsewhere.
        timezone_id="America/New_York",
        locale="en-US",
        has_touch=True,
    )
    if init_script:
        context.add_init_script(init_script)
    return context


def phone_page(
    browser: Browser,
    base_url: str,
    geolocation: Geolocation | None = None,
    *,
    sensors: bool = True,
    viewport: ViewportSize = PHONE,
    init_script: str | None = None,
) -> WatchedPage:
    """A watched page, not yet navigated, in a fresh ``phone_context``. Close it with
    ``watched.page.context.close()``."""
    context = phone_context(
        browser,
        base_url,
        geolocation,
        sensors=sensors,
        viewport=viewport,
        init_script=init_script,
    )
    return WatchedPage(context.new_page(), base_url)
