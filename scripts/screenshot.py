"""The gallery: a fixed set of skies drawn by the page on a phone, to look at before a
change ships (docs/gallery/*.png), and the README's three pictures taken from it
(docs/screenshot.png, docs/tonight.png, docs/tonight-night.png).

The same browser set-up as the tests: the real server, Debian's Chromium, a 390 px
viewport. Every sky is a fixed place and instant (the page's time travel), so the
pictures do not change from run to run: Sydney by day and at 22:00, Tromsø in the
midnight sun and in the polar night, Quito, the North Pole at an equinox, a place on the
date line, the Moon among the planets, in both themes; the Tonight view and the finder.

    make screenshot                 # all of them
    make screenshot ONLY=sydney     # those whose name contains "sydney"
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, sync_playwright

from harness.browser import CHROMIUM, INSTALL_HINT, LAUNCH_ARGS, WatchedPage, phone_page
from harness.server import ROOT, Server

GALLERY = ROOT / "docs" / "gallery"

SYDNEY = (-33.8568, 151.2153)
TROMSO = (69.6496, 18.9560)
QUITO = (-0.18, -78.47)
NORTH_POLE = (90.0, 0.0)
TAVEUNI = (-16.85, 179.99)  # Fiji, on the 180th meridian


@dataclass(frozen=True)
class Shot:
    name: str
    place: tuple[float, float]
    at: str  # UTC
    view: str = "sky"  # "sky", "tonight" or "find:<planet>"
    theme: str = "dark"  # "dark", "night" or "dim" (night mode's dimmer step)


SHOTS = [
    Shot("sydney-day", SYDNEY, "2026-12-04T02:00:00Z"),
    Shot("sydney-2200", SYDNEY, "2026-12-04T11:00:00Z"),
    Shot("sydney-2200-night", SYDNEY, "2026-12-04T11:00:00Z", theme="night"),
    Shot("sydney-2200-dim", SYDNEY, "2026-12-04T11:00:00Z", theme="dim"),
    Shot("tromso-midnight-sun", TROMSO, "2026-06-21T22:00:00Z"),
    Shot("tromso-polar-night", TROMSO, "2026-12-21T11:00:00Z", theme="night"),
    Shot("quito", QUITO, "2026-03-10T02:00:00Z"),
    Shot("north-pole-equinox", NORTH_POLE, "2027-03-20T12:00:00Z"),
    Shot("date-line", TAVEUNI, "2026-12-10T09:00:00Z"),
    Shot("moon-among-planets", SYDNEY, "2026-12-27T14:00:00Z"),
    Shot("moon-among-planets-night", SYDNEY, "2027-03-19T09:30:00Z", theme="night"),
    Shot("tonight-sydney", SYDNEY, "2026-12-20T11:30:00Z", view="tonight"),
    Shot("tonight-sydney-night", SYDNEY, "2026-12-04T11:00:00Z", view="tonight", theme="night"),
    Shot("tonight-quito-night", QUITO, "2026-03-11T02:00:00Z", view="tonight", theme="night"),
    Shot("tonight-tromso-june", TROMSO, "2026-06-21T22:00:00Z", view="tonight"),
    Shot("tonight-north-pole", NORTH_POLE, "2026-12-06T00:00:00Z", view="tonight"),
    Shot("find-saturn", SYDNEY, "2026-12-24T11:00:00Z", view="find:saturn"),
    Shot("find-saturn-night", SYDNEY, "2026-12-24T11:00:00Z", view="find:saturn", theme="night"),
]
# The README's pictures, from the gallery.
README = {
    "screenshot.png": "sydney-2200",
    "tonight.png": "tonight-sydney",
    "tonight-night.png": "tonight-quito-night",
}


def local(server: Server, place: tuple[float, float], at: str) -> str:
    """The instant as the page's date and time field takes it: in the place's zone."""
    lat, lon = place
    zone = server.get_json(f"/planets?lat={lat}&lon={lon}&brief=1")["observer"]["timezone"]
    instant = datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone(ZoneInfo(zone))
    return instant.strftime("%Y-%m-%dT%H:%M")


def take(browser: Browser, server: Server, shot: Shot) -> Path:
    lat, lon = shot.place
    watched = phone_page(browser, server.url, {"latitude": lat, "longitude": lon}, sensors=False)
    page = watched.page
    page.goto("/")
    watched.shown_answer(10.0, lambda answer: answer["observer"]["lat"] == lat)
    if shot.theme != "dark":
        page.click("#night")
    if shot.theme == "dim":
        page.click("#dim")
    if shot.view == "tonight":
        page.click("#tonight-link")  # loaded when first asked for
    page.fill("#when", local(server, shot.place, shot.at))
    page.dispatch_event("#when", "change")
    watched.shown_answer(10.0, lambda answer: answer["at"] == shot.at)
    if shot.view == "sky":
        _stars_drawn(watched)
    page.evaluate("document.activeElement?.blur()")  # no focus ring on the time field
    out = GALLERY / f"{shot.name}.png"
    if shot.view == "tonight":
        page.wait_for_function(
            "(at) => document.querySelector('#tonight-cursor')?.dataset.at?.startsWith(at)",
            arg=shot.at[:16],
            timeout=10_000,
        )
        # The section with the page's side margins around it, as it shows on the phone.
        box = page.evaluate(
            """() => {
                const r = document.querySelector('#tonight').getBoundingClientRect();
                return {x: 0, y: r.top + scrollY - 4, width: innerWidth, height: r.height + 16};
            }"""
        )
        page.screenshot(path=out, full_page=True, clip=box)
    elif shot.view.startswith("find:"):
        planet = shot.view.split(":", 1)[1]
        page.click(f"#planets button.pick[data-planet={planet}]")
        page.wait_for_function("() => document.querySelector('#find').open", timeout=5000)
        page.wait_for_timeout(2500)  # the compass gives up: the words and the rose
        page.screenshot(path=out)
    else:
        page.screenshot(path=out, full_page=True)
    page.context.close()
    return out


def _stars_drawn(watched: WatchedPage) -> None:
    """The chart with its stars (they come after the planets): at a chosen time the page
    stops polling, so the network falls quiet once they have come."""
    watched.page.wait_for_load_state("networkidle")
    watched.page.wait_for_timeout(200)


def main() -> None:
    if not CHROMIUM.exists():
        sys.exit(f"no Chromium at {CHROMIUM}: {INSTALL_HINT}")
    only = os.environ.get("ONLY", "")
    GALLERY.mkdir(parents=True, exist_ok=True)
    with Server() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        taken = {}
        for shot in SHOTS:
            if only in shot.name:
                taken[shot.name] = take(browser, server, shot)
                size = taken[shot.name].stat().st_size // 1024
                print(f"{taken[shot.name].relative_to(ROOT)} ({size} KiB)")
        browser.close()
    for picture, name in README.items():
        if name in taken:
            shutil.copyfile(taken[name], ROOT / "docs" / picture)
            print(f"docs/{picture}: {name}")


if __name__ == "__main__":
    main()
