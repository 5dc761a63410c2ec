"""How much light the page sends into dark-adapted eyes: the mean luminance of the page
on a phone, in the dark theme, night mode and night mode's dimmer step, the same sky in
each. Measured from screenshots, decoded by the browser itself (a canvas), as relative
luminance (sRGB made linear, weighted by the eye's response: Rec. 709). The Tonight
view is open, with its chart."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from harness.browser import PHONE
from tests.support.pages import OpenPage

pytestmark = pytest.mark.server

SYDNEY = {"latitude": -33.8568, "longitude": 151.2153}
EVENING = "2026-12-04T22:00"  # Sydney, AEDT: Saturn and Uranus up among the stars

MEAN_LUMINANCE = """async (png) => {
    const image = new Image();
    image.src = `data:image/png;base64,${png}`;
    await image.decode();
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, image.width, image.height).data;
    const linear = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    const table = Array.from({length: 256}, (_, c) => linear(c));
    let sum = 0;
    const spots = [];  // where a pixel has green or blue in it (the first few)
    for (let i = 0; i < data.length; i += 4) {
        sum += 0.2126 * table[data[i]] + 0.7152 * table[data[i + 1]] + 0.0722 * table[data[i + 2]];
        if ((data[i + 1] || data[i + 2]) && spots.length < 5)
            spots.push({x: (i / 4) % image.width, y: Math.floor(i / 4 / image.width), rgb: [...data.slice(i, i + 3)]});
    }
    return {luminance: sum / (data.length / 4), spots};
}"""


def _light(page: Page, decoder: Page) -> dict[str, Any]:
    png = base64.b64encode(page.screenshot(full_page=True)).decode()
    return decoder.evaluate(MEAN_LUMINANCE, png)  # type: ignore[no-any-return]


def test_night_mode_sends_a_fraction_of_the_dark_themes_light(
    open_page: OpenPage, browser: Browser
) -> None:
    watched = open_page(SYDNEY)
    page = watched.page
    watched.shown_answer(5.0, lambda a: a["observer"]["lat"] == SYDNEY["latitude"])
    page.click("#tonight-link")  # the Tonight view too, with its chart
    page.fill("#when", EVENING)
    watched.shown_answer(5.0, lambda a: a["at"] == "2026-12-04T11:00:00Z")
    page.wait_for_load_state("networkidle")  # the stars too: a chosen time is not polled
    page.locator("#tonight-chart .labels").wait_for(state="attached")
    page.evaluate("document.activeElement.blur()")
    decoder = browser.new_page(viewport=PHONE)
    dark = _light(page, decoder)
    page.click("#night")
    night = _light(page, decoder)
    page.click("#dim")
    dim = _light(page, decoder)
    decoder.close()
    print(
        f"\nmean relative luminance: dark {dark['luminance']:.5f}, night {night['luminance']:.5f} "
        f"({night['luminance'] / dark['luminance']:.0%}), dimmer {dim['luminance']:.5f} "
        f"({dim['luminance'] / dark['luminance']:.0%})"
    )
    # Red only: nothing green or blue reaches the eye in night mode.
    assert night["spots"] == [], "pixels with green or blue in night mode"
    assert dim["spots"] == [], "pixels with green or blue in the dimmer step"
    assert night["luminance"] <= 0.25 * dark["luminance"]
    assert dim["luminance"] <= 0.5 * night["luminance"]
