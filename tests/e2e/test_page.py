"""The stargazer's page in a real Chromium, against the real server (the Procfile
command), at a phone's size with the browser's geolocation set."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser

from harness.browser import OUTPUT, fixed
from harness.server import Server
from tests.support.bodies import PLANET_NAMES
from tests.support.pages import OpenPage, check_tappable
from tests.support.reference import position

pytestmark = pytest.mark.server

CAPE_TOWN = {"latitude": -33.9249, "longitude": 18.4241}
SYDNEY = {"latitude": -33.8568, "longitude": 151.2153}
TOKYO = ("35.6762", "139.6503", "40")
# Failed fetches while the server is down are expected to be logged by Chromium.
NETWORK_ERROR = "Failed to load resource"


def _local_event_text(iso: str, zone: str, now_iso: str) -> str:
    """What the page should show for an event instant, in the observed place's zone."""
    moment = datetime.fromisoformat(iso).astimezone(ZoneInfo(zone))
    now = datetime.fromisoformat(now_iso).astimezone(ZoneInfo(zone))
    clock = moment.strftime("%H:%M")
    return clock if moment.date() == now.date() else f"{moment.strftime('%a')} {clock}"


def test_granted_location_shows_all_seven_as_the_api_gives_them(
    open_page: OpenPage, server: Server
) -> None:
    watched = open_page(CAPE_TOWN, path=None)
    started = time.monotonic()
    watched.page.goto("/")
    watched.page.wait_for_function(
        """() => document.querySelectorAll('#planets tbody tr').length === 7
              && document.querySelector('#zone-caption').textContent.includes('Africa/Johannesburg')""",
        timeout=3000,
    )
    assert time.monotonic() - started < 3.0
    table, answer = watched.shown_answer(3.0, lambda a: a["observer"]["lat"] == -33.9249)
    assert answer["observer"]["lat"] == -33.9249
    assert answer["observer"]["lon"] == 18.4241
    assert list(table) == list(PLANET_NAMES)
    # What /planets returns for that place at that instant, asked independently, as the
    # page asks (brief=1: angles to 0.01 degree, so the table rounds them once more).
    direct = server.get_json(
        f"/planets?lat=-33.9249&lon=18.4241&elevation=0&brief=1&at={answer['at']}"
    )
    for planet in direct["planets"]:
        row = table[planet["name"]]
        assert row["az"] == fixed(planet["az"])
        assert row["alt"] == fixed(planet["alt"])
        assert f"{fixed(planet['az'])}°" in row["azText"]
        assert planet["direction"] in row["azText"]
        assert row["altText"] == f"{fixed(planet['alt'])}°"
        assert row["mag"] == fixed(planet["magnitude"])
        assert row["below"] is (not planet["above_horizon"])
        assert (row["seen"] == "visible") is planet["naked_eye"]
        assert (row["seen"] == "below horizon") is (not planet["above_horizon"])
    assert "Using your location" in watched.page.inner_text("#place-message")
    OUTPUT.mkdir(exist_ok=True)
    watched.page.screenshot(path=OUTPUT / "phone.png", full_page=True)


# Four moments in Sydney (time travel; local time, UTC) and what the table must say of a
# planet that is up but cannot be seen: the real cause, from the Sun's altitude and the
# planet's own, by Skyfield.
WORD_SKIES = [
    ("2026-12-04T13:00", datetime(2026, 12, 4, 2, 0, tzinfo=UTC), "mercury", "daylight"),
    ("2026-12-04T20:40", datetime(2026, 12, 4, 9, 40, tzinfo=UTC), "uranus", "sky too bright"),
    ("2026-12-04T23:00", datetime(2026, 12, 4, 12, 0, tzinfo=UTC), "neptune", "too faint"),
    ("2026-12-05T01:00", datetime(2026, 12, 4, 14, 0, tzinfo=UTC), "mars", "too low"),
]

# word: (the Sun above, below; the planet's magnitude fainter than, brighter than; below).
CAUSES = {
    "daylight": (20.0, 90.0, 0.0, -5.0, 90.0),
    "sky too bright": (-12.0, -6.0, 6.0, 3.5, 90.0),  # nautical twilight
    "too faint": (-90.0, -18.0, 99.0, 7.0, 90.0),
    "too low": (-90.0, -18.0, 1.0, -5.0, 2.0),
}


def test_the_table_names_why_a_planet_cannot_be_seen(open_page: OpenPage) -> None:
    watched = open_page(SYDNEY)
    watched.shown_answer(5.0, lambda a: a["observer"]["lat"] == SYDNEY["latitude"])
    lat, lon = SYDNEY["latitude"], SYDNEY["longitude"]
    for local, when, name, word in WORD_SKIES:
        watched.page.fill("#when", local)
        at = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        table, _ = watched.shown_answer(5.0, lambda a, at=at: a["at"] == at)
        sun = position("sun", lat, lon, 0.0, when).alt
        planet = position(name, lat, lon, 0.0, when, pressure=1010.0)  # as it is seen
        assert table[name]["seen"] == word, (local, name)
        # Each cause, true of that sky: the Sun's altitude, the planet's magnitude and
        # (too low) its own altitude, each between these bounds.
        sun_from, sun_to, faintest, brightest, low = CAUSES[word]
        assert sun_from < sun < sun_to, (local, "the Sun")
        assert brightest < (planet.magnitude or 0.0) < faintest, (local, name)
        assert planet.alt < low, (local, name)
        # A planet bright enough for a dark sky is never called too faint.
        for other, row in table.items():
            if (position(other, lat, lon, 0.0, when).magnitude or 0.0) < 6.0:
                assert row["seen"] != "too faint", (local, other)
        # Only "visible" is in the colour that says so.
        colours = watched.page.evaluate(
            """() => [...document.querySelectorAll('#planets tbody tr')].map((row) => {
                const seen = row.querySelector('.seen');
                return [seen.textContent, getComputedStyle(seen).color]; })"""
        )
        visible = {colour for text, colour in colours if text == "visible"}
        assert visible.isdisjoint({colour for text, colour in colours if text != "visible"})


def test_rise_and_set_are_in_the_observed_places_time(open_page: OpenPage, server: Server) -> None:
    watched = open_page(SYDNEY)

    def sydney_events() -> dict[str, Any] | None:
        return next(
            (r.body for r in watched.sky if r.body and r.params.get("events") == "1"
             and r.params["lat"] == "-33.8568"),
            None,
        )  # fmt: skip

    watched.wait_until(lambda: sydney_events() is not None, 5, "events for Sydney")
    with_events = sydney_events()
    assert with_events is not None
    watched.page.wait_for_function(
        "() => !document.querySelector('#planets').innerText.includes('…')"
    )
    table = watched.table()
    zone = "Australia/Sydney"
    for planet in with_events["planets"]:
        shown = table[planet["name"]]["events"]
        # At 34 degrees south no planet is circumpolar: each rises and sets.
        assert (planet["always_up"], planet["never_up"]) == (False, False), planet["name"]
        assert f"↑ {_local_event_text(planet['rise'], zone, with_events['at'])}" in shown
        assert f"↓ {_local_event_text(planet['set'], zone, with_events['at'])}" in shown
    assert "Australia/Sydney" in watched.page.inner_text("#zone-caption")


def test_polls_once_every_two_seconds_and_never_while_hidden(open_page: OpenPage) -> None:
    watched = open_page(CAPE_TOWN, clock=True)
    watched.shown_answer()
    start = watched.now()
    watched.let_pass(10)
    polls = watched.requests_since(start)
    assert 4 <= len(polls) <= 6
    # Each is answered (the last may still be on its way: the night ahead for offline
    # use is asked for 10 s after the page opens, beside it).
    watched.wait_until(lambda: all(poll.body is not None for poll in polls), 5, "every answer")
    for poll in polls:
        assert poll.body is not None
        assert [p["name"] for p in poll.body["planets"]] == list(PLANET_NAMES)
    # Rise and set were asked for once per place (Greenwich while the device answered,
    # then Cape Town), with the first answer for it, not on every poll.
    first_for_place: dict[str, str | None] = {}
    for request in watched.sky:
        first_for_place.setdefault(request.params["lat"], request.params.get("events"))
    assert set(first_for_place.values()) == {"1"}
    assert [r.params.get("events") for r in watched.sky].count("1") == len(first_for_place)
    # One request per update, never two at once: polls start 2 s apart.
    gaps = [b.at - a.at for a, b in itertools.pairwise(polls)]
    assert min(gaps) > 1.5

    watched.hide(True)
    hidden_at = watched.now()  # after: a poll in flight may still land while hiding
    watched.let_pass(6)
    assert watched.requests_since(hidden_at) == []
    shown_at = watched.now()  # before: the poll may start while the page is being shown
    watched.hide(False)
    watched.wait_until(lambda: len(watched.requests_since(shown_at)) > 0, 1.0, "a poll at once")


def test_denied_location_says_so_and_shows_greenwich(open_page: OpenPage) -> None:
    watched = open_page()
    message = watched.page.locator("#place-message")
    message.filter(has_text="denied").wait_for(timeout=3000)
    assert message.is_visible()
    assert "Greenwich" in message.inner_text()
    _, answer = watched.shown_answer()
    assert (answer["observer"]["lat"], answer["observer"]["lon"]) == (51.4769, -0.0005)
    assert "Europe/London" in watched.page.inner_text("#zone-caption")
    assert watched.page.input_value("#lat") == "51.4769"


def test_typing_a_place_switches_to_it_and_bad_input_is_never_sent(open_page: OpenPage) -> None:
    watched = open_page()  # real time: the page's typing pause is measured against it
    watched.shown_answer()
    lat, lon, elevation = TOKYO
    watched.page.fill("#lat", lat)
    watched.page.fill("#lon", lon)
    # Before the last keystroke: Playwright's fill returns some time after its input
    # event, and later the busier the machine.
    typed_at = time.monotonic()
    watched.page.fill("#elevation", elevation)
    watched.wait_until(
        lambda: any(r.params.get("lat") == lat for r in watched.sky),
        3.0,
        "the typed place asked for",
    )
    first = next(r for r in watched.sky if r.params.get("lat") == lat)
    assert first.at - typed_at >= 0.4  # it waited for the typing to pause
    assert first.params == {
        "lat": lat,
        "lon": lon,
        "elevation": elevation,
        "events": "1",
        "brief": "1",
    }
    _, answer = watched.shown_answer(3.0, lambda a: a["observer"]["lat"] == float(lat))
    assert answer["observer"]["timezone"] == "Asia/Tokyo"
    assert "Asia/Tokyo" in watched.page.inner_text("#zone-caption")

    watched.page.fill("#lat", "95")
    watched.page.wait_for_selector("#lat[aria-invalid=true]", timeout=2000)
    assert "between -90 and 90" in watched.page.inner_text("#lat-error")
    assert watched.page.is_visible("#lat-error")
    marked_at = time.monotonic()
    watched.page.wait_for_timeout(2500)
    assert all(r.params.get("lat") != "95" for r in watched.sky)
    assert {r.params["lat"] for r in watched.requests_since(marked_at)} == {lat}

    watched.page.fill("#lat", "abc")
    watched.page.wait_for_function(
        "() => document.querySelector('#lat-error').textContent.includes('number')"
    )
    watched.page.fill("#lat", "-12,5")  # a decimal comma is fine
    watched.wait_until(
        lambda: any(r.params.get("lat") == "-12.5" for r in watched.sky), 3.0, "comma"
    )
    assert watched.page.get_attribute("#lat", "aria-invalid") == "false"


def test_a_stale_warning_while_the_server_is_down_and_recovery(open_page: OpenPage) -> None:
    own = Server(workers=1).start()
    try:
        watched = open_page(SYDNEY, url=own.url, allowed_errors=frozenset({NETWORK_ERROR}))
        watched.shown_answer()
        assert "stale" not in (watched.page.get_attribute("#status", "class") or "")
        own.stop()
        watched.page.wait_for_selector("#status.stale", timeout=8000)
        assert "Not updating" in watched.page.inner_text("#status")
        own = Server(workers=1, port=own.port).start()
        watched.page.wait_for_selector("#status:not(.stale)", timeout=10_000)
        assert "updated" in watched.page.inner_text("#status")
    finally:
        own.stop()


def test_night_mode_and_the_last_place_persist(open_page: OpenPage, browser: Browser) -> None:
    watched = open_page()
    page = watched.page
    assert page.get_attribute("html", "data-theme") == "dark"
    page.click("#night")
    assert page.get_attribute("html", "data-theme") == "night"
    assert page.get_attribute("#night", "aria-pressed") == "true"
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    text = page.evaluate("getComputedStyle(document.querySelector('#status')).color")
    assert background == "rgb(0, 0, 0)"
    assert text == "rgb(208, 0, 0)"  # red only, and a dark red, not the dazzling #ff4a4a
    assert page.is_visible("#dim")
    page.click("#dim")
    assert page.get_attribute("#dim", "aria-pressed") == "true"
    dimmer = page.evaluate("getComputedStyle(document.querySelector('#status')).color")
    assert dimmer == "rgb(120, 0, 0)"  # the dimmer step a dark site asks for
    page.fill("#lat", "-41.2866")
    page.fill("#lon", "174.7756")
    watched.wait_until(
        lambda: any(r.params.get("lat") == "-41.2866" for r in watched.sky), 3, "typed"
    )
    page.reload()
    page.wait_for_function(
        "() => !document.querySelector('#status').textContent.startsWith('Loading')"
    )
    assert page.get_attribute("html", "data-theme") == "night"
    assert page.get_attribute("html", "data-dim") == "true"
    assert page.input_value("#lat") == "-41.2866"
    watched.wait_until(
        lambda: watched.sky[-1].params.get("lat") == "-41.2866", 3, "the last place asked for again"
    )
    page.locator("#place-message").filter(has_text="last place").wait_for(timeout=3000)
    page.click("#night")
    assert page.get_attribute("html", "data-theme") == "dark"


def test_time_travel_shows_that_instant_and_now_resumes(
    open_page: OpenPage, server: Server
) -> None:
    watched = open_page(SYDNEY, clock=True)
    page = watched.page
    watched.shown_answer()
    page.fill("#when", "2026-12-24T22:00")  # Sydney time, AEDT (UTC+11)
    watched.wait_until(
        lambda: any(r.params.get("at") == "2026-12-24T11:00:00.000Z" for r in watched.sky),
        10,  # after the poll in flight, answered through Playwright: slow on a busy machine
        "the chosen instant asked for",
    )
    notice = page.locator("#live-notice")
    assert notice.is_visible()
    assert "Not live" in notice.inner_text()
    assert "2026-12-24 22:00" in notice.inner_text()
    table, _ = watched.shown_answer(10.0, lambda a: a["at"] == "2026-12-24T11:00:00Z")
    direct = server.get_json(
        "/planets?lat=-33.8568&lon=151.2153&elevation=0&brief=1&at=2026-12-24T11:00:00Z"
    )
    for planet in direct["planets"]:
        assert table[planet["name"]]["az"] == fixed(planet["az"])
        assert table[planet["name"]]["alt"] == fixed(planet["alt"])
    chosen_at = watched.now()
    watched.let_pass(4)
    assert watched.requests_since(chosen_at) == []  # not live: no polling
    page.click("#now")
    now_at = watched.now()
    watched.let_pass(4.5)
    resumed = watched.requests_since(now_at)
    assert len(resumed) >= 2
    assert all("at" not in r.params for r in resumed)
    assert notice.is_hidden()


@pytest.mark.parametrize("width", [360, 390, 1280])
def test_fits_phones_and_desktops(open_page: OpenPage, width: int) -> None:
    watched = open_page(SYDNEY, viewport={"width": width, "height": 800})
    page = watched.page
    watched.shown_answer()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("document.querySelector('.table-wrap').scrollWidth") <= page.evaluate(
        "document.querySelector('.table-wrap').clientWidth"
    )
    assert page.get_attribute('meta[name="viewport"]', "content").startswith("width=device-width")
    targets = page.locator("button:visible, input:visible").all()  # the find view's: test_find
    # At least night mode, the seven planets' buttons, lat, lon, elevation, "use my
    # location", the instant and Now: none may be too small to tap.
    assert len(targets) >= 14
    for target in targets:
        check_tappable(target)


def test_accessible_structure(open_page: OpenPage) -> None:
    watched = open_page(SYDNEY)
    page = watched.page
    watched.shown_answer()
    assert page.locator("#planets thead th[scope=col]").count() == 5
    assert page.locator("#planets caption").count() == 1
    for field in ("lat", "lon", "elevation", "when"):
        assert page.locator(f"label[for={field}]").count() == 1
    description = page.text_content("#chart-desc") or ""
    assert (
        description.startswith("Above the horizon:") or description == "Nothing above the horizon."
    )
    assert page.get_attribute("#chart", "role") == "img"
    assert page.get_attribute("#status", "role") == "status"


def test_the_pages_own_logic(open_page: OpenPage) -> None:
    watched = open_page(SYDNEY)
    results = watched.page.evaluate(
        """async () => {
            const time = await import('/static/js/time.js');
            const place = await import('/static/js/place.js');
            const sky = await import('/static/js/sky.js');
            const point = (az, alt) => Object.values(sky.chartPoint(az, alt)).map(v => Math.round(v * 1000) / 1000 + 0);
            return {
                sydney: time.zonedInputToDate('2026-12-24T22:00', 'Australia/Sydney').toISOString(),
                tokyo: time.zonedInputToDate('2026-03-01T06:30', 'Asia/Tokyo').toISOString(),
                springForward: time.zonedInputToDate('2026-03-29T02:30', 'Europe/London').toISOString(),
                fallBack: time.zonedInputToDate('2026-10-25T01:30', 'Europe/London').toISOString(),
                malformed: time.zonedInputToDate('yesterday', 'UTC'),
                input: time.dateToZonedInput(new Date('2026-12-24T11:00:00Z'), 'Australia/Sydney'),
                newYorkSummer: time.zoneOffsetMinutes(new Date('2026-07-01T00:00:00Z'), 'America/New_York'),
                kathmandu: time.zoneOffsetMinutes(new Date('2026-07-01T00:00:00Z'), 'Asia/Kathmandu'),
                sameDay: time.formatEventTime(new Date('2026-12-24T13:30:00Z'), 'Asia/Tokyo', new Date('2026-12-24T12:00:00Z')),
                nextDay: time.formatEventTime(new Date('2026-12-25T01:00:00Z'), 'Asia/Tokyo', new Date('2026-12-24T12:00:00Z')),
                comma: place.parseField('lat', ' -12,5 ').value,
                minus: place.parseField('lon', '\u221233.9').value,
                tooFar: place.parseField('lat', '95').error,
                word: place.parseField('lat', 'north').error,
                exponent: place.parseField('lat', '1e1').error,
                emptyElevation: place.parsePlace({lat: '1', lon: '2', elevation: ''}).errors,
                zenith: point(123, 90), north: point(0, 0), east: point(90, 0),
                south: point(180, 0), west: point(270, 0), halfSouth: point(180, 45),
                venus: sky.dotRadius(-4.5), neptune: sky.dotRadius(7.8), jupiter: sky.dotRadius(-2.2),
            };
        }"""
    )
    assert results["sydney"] == "2026-12-24T11:00:00.000Z"
    assert results["tokyo"] == "2026-02-28T21:30:00.000Z"
    assert results["springForward"] == "2026-03-29T01:30:00.000Z"  # 02:30 does not exist: 02:30 BST
    assert results["fallBack"] in ("2026-10-25T00:30:00.000Z", "2026-10-25T01:30:00.000Z")
    assert results["malformed"] is None
    assert results["input"] == "2026-12-24T22:00"
    assert results["newYorkSummer"] == -240
    assert results["kathmandu"] == 345
    assert results["sameDay"] == "22:30"
    assert results["nextDay"] == "Fri 10:00"
    assert results["comma"] == -12.5
    assert results["minus"] == -33.9
    assert "between -90 and 90" in results["tooFar"]
    assert "type a number" in results["word"]
    assert "type a number" in results["exponent"]
    assert set(results["emptyElevation"]) == {"elevation"}
    assert results["zenith"] == [0, 0]
    assert results["north"] == [0, -100]
    assert results["east"] == [-100, 0]  # a sky chart held overhead: east on the left
    assert results["south"] == [0, 100]
    assert results["west"] == [100, 0]
    assert results["halfSouth"] == [0, 50]
    assert results["venus"] > results["jupiter"] > results["neptune"]
