"""Take the README's phone-sized screenshot (docs/screenshot.png), with the same
browser set-up as the tests: the real server, Debian's Chromium, a 390 px viewport.

The place is chosen among a few cities as the one where it is night now and the most
planets can be seen, so the picture shows what the page is for.
"""

from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright

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
        browser.close()
    print(f"{OUT.relative_to(ROOT)}: the sky over {city} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
