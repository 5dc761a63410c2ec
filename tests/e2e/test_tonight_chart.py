"""The Tonight chart's names as a person reads them, in a real Chromium against the real
server: each name sits at its own curve (nearer it than any other curve), covers no
body's dot and no other name, stays inside the plot, and a body with no room for its name
is named below the chart. Read from the drawn SVG for named nights (the issue's crowded
dawn in Sydney among them) and for random places and nights."""

from __future__ import annotations

import itertools
import json
import math
import urllib.request
from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser

from harness.browser import PHONE, phone_page
from harness.server import Server
from tests.support import reference
from tests.support.skies import random_skies

pytestmark = pytest.mark.server

# place (lat, lon) and the instant the night is asked for (UTC).
NIGHTS = {
    # Jupiter, Mars, the Moon and Venus all up before dawn, their curves crossing.
    "sydney-december": (-33.87, 151.21, "2026-12-04T09:00:00Z"),
    "paris-december": (48.86, 2.35, "2026-12-06T16:00:00Z"),
    "london-2099": (51.51, -0.13, "2099-05-01T18:00:00Z"),
    "tromso-midnight-sun": (69.65, 18.96, "2026-06-21T12:00:00Z"),
    "tromso-polar-night": (69.65, 18.96, "2026-12-21T11:00:00Z"),
    "north-pole": (90.0, 0.0, "2026-12-06T00:00:00Z"),
    "south-pole": (-90.0, 0.0, "2026-06-21T00:00:00Z"),
    "quito": (-0.18, -78.47, "2026-03-10T22:00:00Z"),
    "date-line": (-16.85, 179.99, "2026-12-10T06:00:00Z"),
}
RANDOM_NIGHTS = 60
LABEL_CLEARANCE = 2.5  # px: a name is at least this much nearer its own curve
DOT_R = 4.0  # the best-seen dot's radius


# A page holding only the view (its styles and the page's), drawing the nights given to it.
SHELL = """<!doctype html><html lang="en" data-theme="dark"><head>
<link rel="stylesheet" href="/static/style.css"></head>
<body><main><section id="tonight" class="tonight"><button id="tonight-now" hidden>Now</button>
</section><a id="link"></a></main></body></html>"""

DRAW = """async (answer) => {
    const module = await import('/static/js/tonight.js');
    const section = document.querySelector('#tonight');
    if (!window.view) {
        module.openTonight(section, document.querySelector('#link'), () => {});
        window.view = new module.TonightView(section, () => {});
    }
    window.view.show(answer);
    window.view.setInstant(new Date(answer.at), false);
    const svg = section.querySelector('#tonight-chart');
    const vertices = (line) => line.getAttribute('points').trim().split(/\\s+/)
        .map((pair) => pair.split(',').map(Number));
    const clip = section.querySelector('#tonight-clip rect');
    const names = [...svg.querySelectorAll('.labels .body')].map((g) => {
        const dot = g.querySelector('.best');
        const label = g.querySelector('.label');
        const b = label.getBBox();
        return {
            name: g.dataset.body, x: +dot.getAttribute('cx'), y: +dot.getAttribute('cy'),
            with: g.dataset.namedWith ?? null,
            label: label.getAttribute('visibility') === 'hidden' ? null
                : {text: label.textContent, left: b.x, right: b.x + b.width, top: b.y, bottom: b.y + b.height},
        };
    });
    const order = [...svg.children].map((child) => child.id).filter(Boolean);
    return {
        names, order,
        curves: Object.fromEntries([...svg.querySelectorAll('.curves .body')].map(
            (g) => [g.dataset.body, vertices(g.querySelector('.up'))])),
        plot: {left: +clip.getAttribute('x'), top: +clip.getAttribute('y'),
               right: +clip.getAttribute('x') + +clip.getAttribute('width'),
               bottom: +clip.getAttribute('y') + +clip.getAttribute('height')},
        unlabelled: section.querySelector('#tonight-unlabelled').hidden ? ''
            : section.querySelector('#tonight-unlabelled').textContent,
        sky: section.querySelector('#tonight-sky').textContent,
    };
}"""


def _get(server: Server, path: str) -> Any:
    with urllib.request.urlopen(f"{server.url}{path}", timeout=10) as answer:
        return json.loads(answer.read())


def _distance(line: list[list[float]], x: float, y: float) -> float:
    """From (x, y) to a polyline."""
    least = math.inf
    for (ax, ay), (bx, by) in itertools.pairwise(line):
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        f = 0.0 if length == 0 else min(max(((x - ax) * dx + (y - ay) * dy) / length, 0.0), 1.0)
        least = min(least, math.hypot(x - ax - f * dx, y - ay - f * dy))
    return least


def _box_gap(box: dict[str, float], line: list[list[float]]) -> float:
    """From a box to the nearest point of a polyline (walked in steps of half a pixel)."""
    least = math.inf
    for (ax, ay), (bx, by) in itertools.pairwise(line):
        steps = max(1, math.ceil(math.hypot(bx - ax, by - ay) * 2))
        for i in range(steps + 1):
            x, y = ax + (bx - ax) * i / steps, ay + (by - ay) * i / steps
            dx = max(box["left"] - x, 0.0, x - box["right"])
            dy = max(box["top"] - y, 0.0, y - box["bottom"])
            least = min(least, math.hypot(dx, dy))
    return least


def _apart(a: list[list[float]], b: list[list[float]], bottom: float) -> float:
    """How far apart two curves drawn at the same instants are, at most, where both are
    above the horizon (the plot's ``bottom`` edge)."""
    return max(
        (abs(p[1] - q[1]) for p, q in zip(a, b, strict=True) if p[1] < bottom and q[1] < bottom),
        default=0.0,
    )


def _reaches(box: dict[str, float], x: float, y: float, r: float) -> bool:
    dx = max(box["left"] - x, 0.0, x - box["right"])
    dy = max(box["top"] - y, 0.0, y - box["bottom"])
    return dx * dx + dy * dy < r * r


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"] - 0.5
        and b["left"] < a["right"] - 0.5
        and a["top"] < b["bottom"] - 0.5
        and b["top"] < a["bottom"] - 0.5
    )


def _check(name: str, drawn: dict[str, Any]) -> tuple[int, float]:
    """The rules for one night's chart; how many bodies are named on it, and the least
    clearance of a name from another curve."""
    names, curves, plot = drawn["names"], drawn["curves"], drawn["plot"]
    # The names are drawn over the line for now and its rings.
    assert drawn["order"].index("tonight-names") > drawn["order"].index("tonight-cursor"), name
    placed = [n for n in names if n["label"]]
    least = math.inf
    for body in names:
        label = body["label"]
        if label is None:
            # Named below the chart, or in the name its curve shares with one it runs with.
            shared = [n["label"]["text"] for n in placed if n["name"] == body["with"]]
            named = drawn["unlabelled"] + " ".join(shared)
            assert body["name"].capitalize() in named, (name, body["name"])
            continue
        members = label["text"].split(" & ")
        assert members[0] == body["name"].capitalize(), name
        assert plot["left"] - 0.5 <= label["left"], (name, body["name"])
        assert label["right"] <= plot["right"] + 0.5, (name, body["name"])
        assert plot["top"] - 1 <= label["top"], (name, body["name"])
        assert label["bottom"] <= plot["bottom"] + 1, (name, body["name"])
        for other in names:
            assert not _reaches(label, other["x"], other["y"], DOT_R), (name, body["name"], other)
            if other is not body and other["label"]:
                assert not _overlap(label, other["label"]), (name, body["name"], other["name"])
        cx, cy = (label["left"] + label["right"]) / 2, (label["top"] + label["bottom"]) / 2
        own = _distance(curves[body["name"]], cx, cy)
        gap = _box_gap(label, curves[body["name"]])
        assert gap < 8.0, (name, body["name"], gap)  # at its curve
        for other, line in curves.items():
            if other.capitalize() in members[1:]:
                # A curve that runs with it, as one: never more than 4 px apart.
                assert _apart(curves[body["name"]], line, plot["bottom"]) <= 4.0 + 0.05, (
                    name,
                    other,
                )
            elif other != body["name"]:
                clearance = _distance(line, cx, cy) - own
                least = min(least, clearance)
                assert clearance >= LABEL_CLEARANCE, (name, body["name"], other, clearance)
    return sum(len(n["label"]["text"].split(" & ")) for n in placed), least


def test_each_name_sits_at_its_own_curve(browser: Browser, server: Server) -> None:
    watched = phone_page(browser, server.url, sensors=False)
    page = watched.page
    page.route(
        f"{server.url}/shell", lambda route: route.fulfill(body=SHELL, content_type="text/html")
    )
    page.goto("/shell")
    nights = {**NIGHTS, **random_skies(RANDOM_NIGHTS, seed=23, digits=3)}
    placed = unlabelled = 0
    worst = math.inf
    for name, (lat, lon, at) in nights.items():
        answer = _get(server, f"/tonight?lat={lat}&lon={lon}&elevation=0&at={at}&track=1")
        drawn = page.evaluate(DRAW, answer)
        assert {n["name"] for n in drawn["names"]} == {
            b["name"] for b in answer["bodies"] if b["visible"]
        }, name
        count, least = _check(name, drawn)
        placed += count
        unlabelled += len(drawn["names"]) - count
        worst = min(worst, least)
    print(
        f"\nTonight chart: {len(nights)} nights at {PHONE['width']} px, {placed} bodies named on "
        f"it, {unlabelled} below it; least clearance {worst:.1f} px"
    )
    # The dawn in Sydney: every one of the four has its name on the chart.
    drawn = page.evaluate(
        DRAW,
        _get(server, "/tonight?lat=-33.87&lon=151.21&elevation=0&at=2026-12-04T09:00:00Z&track=1"),
    )
    named = {n["name"] for n in drawn["names"] if n["label"]}
    assert {"jupiter", "mars", "moon", "venus"} <= named
    # The pole's polar night: the Sun 18 degrees down or more all day (Skyfield), and
    # the line says so, not "Dark 11:51–11:51".
    lat, lon, at = NIGHTS["north-pole"]
    drawn = page.evaluate(DRAW, _get(server, f"/tonight?lat={lat}&lon={lon}&at={at}&track=1"))
    start = datetime.fromisoformat(at.replace("Z", "+00:00"))
    sun = [
        reference.position("sun", lat, lon, 0.0, start + timedelta(hours=h)).alt
        for h in range(-12, 13)
    ]
    assert max(sun) < -18.0
    assert drawn["sky"] == "Dark all 24 hours"
    page.context.close()
