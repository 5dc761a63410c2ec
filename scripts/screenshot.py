"""Take the README's phone-sized screenshots (docs/screenshot.png, docs/tonight.png,
docs/tonight-night.png), with the same browser set-up as the tests: the real server,
Debian's Chromium, a 390 px viewport.

For the page, the place is chosen among a few cities as the one where it is night now and
the most planets can be seen, so the picture shows what the page is for. The Tonight view
is shown for fixed nights (time travel), so its pictures do not change from run to run:
Sydney in December in the dark theme, Quito in March in night mode.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from harness.browser import CHROMIUM, INSTALL_HINT, LAUNCH_ARGS, phone_page
from harness.server import ROOT, Server

CITIES = {
    "Cape Town": (-33.9249, 18.4241),
    "Santiago": (-33.4489, -70.6693),
    "Sydney": (-33.8568, 151.2153),
    "Honolulu": (21.3069, -157.8583),
    "Mexico City": (19.4326, -99.1332),
    "Tokyo": (35.6762, 139.6503),
    "Delhi": (28.6139, 77.2090),
    "Nairobi": (-1.2921, 36.8219),
    "Paris": (48.8566, 2.3522),
}
OUT = ROOT / "docs" / "screenshot.png"
# The Tonight view's pictures: file, place, the evening chosen (local time), night mode.
TONIGHT = [
    (ROOT / "docs" / "tonight.png", (-33.8568, 151.2153), "2026-12-20T22:30", False),
    (ROOT / "docs" / "tonight-night.png", (-0.18, -78.47), "2026-03-10T21:00", True),
]


def darkest_city(server: Server) -> tuple[str, tuple[float, float]]:
    def score(city: str) -> tuple[bool, int]:
        lat, lon = CITIES[city]
        sky = server.get_json(f"/planets?lat={lat}&lon={lon}")
        return sky["sky"] == "night", sum(p["naked_eye"] for p in sky["planets"])

    best = max(CITIES, key=score)
    return best, CITIES[best]


def main() -> None:
    if not CHROMIUM.exists():
        sys.exit(f"no Chromium at {CHROMIUM}: {INSTALL_HINT}")
    with Server() as server, sync_playwright() as playwright:
        city, (lat, lon) = darkest_city(server)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        watched = phone_page(
            browser, server.url, {"latitude": lat, "longitude": lon}, sensors=False
        )
        watched.page.goto("/")
        watched.shown_answer(10.0, lambda answer: answer["observer"]["lat"] == lat)
        OUT.parent.mkdir(exist_ok=True)
        watched.page.screenshot(path=OUT, full_page=True)
        watched.page.context.close()
        print(f"{OUT.relative_to(ROOT)}: the sky over {city} ({OUT.stat().st_size // 1024} KiB)")
        for out, place, evening, night_mode in TONIGHT:
            tonight(browser, server, out, place, evening, night_mode)
        browser.close()


def tonight(
    browser: Browser,
    server: Server,
    out: Path,
    place: tuple[float, float],
    evening: str,
    night_mode: bool,
) -> None:
    """The Tonight view for a place and evening, its chart's line at that evening."""
    lat, lon = place
    watched = phone_page(browser, server.url, {"latitude": lat, "longitude": lon}, sensors=False)
    page = watched.page
    page.goto("/")
    watched.shown_answer(10.0, lambda answer: answer["observer"]["lat"] == lat)
    page.click("#tonight-link")  # loaded when first asked for
    if night_mode:
        page.click("#night")
    page.fill("#when", evening)
    page.dispatch_event("#when", "change")
    watched.wait_until(
        lambda: any(r.body and "at" in r.params for r in watched.tonight), 10.0, "the night"
    )
    page.wait_for_function(
        "(text) => document.querySelector('#tonight-cursor .cursor-label')?.textContent === text",
        arg=evening[-5:],
    )
    # The section with the page's side margins around it, as it shows on the phone.
    box = page.evaluate(
        """() => {
            const r = document.querySelector('#tonight').getBoundingClientRect();
            return {x: 0, y: r.top + scrollY - 4, width: innerWidth, height: r.height + 16};
        }"""
    )
    page.screenshot(path=out, full_page=True, clip=box)
    page.context.close()
    size = out.stat().st_size // 1024
    print(f"{out.relative_to(ROOT)}: tonight at {lat}, {lon} on {evening} ({size} KiB)")


if __name__ == "__main__":
    main()
