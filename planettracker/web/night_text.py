"""/tonight's answer for a terminal (format=text): the night's title and twilight, a
chart of the night in characters, then the sentences."""

from __future__ import annotations

import math
from datetime import UTC, datetime, tzinfo

from planettracker.sky.observatory import NightObservation
from planettracker.sky.tonight import (
    Tonight,
)
from planettracker.web.local_time import clock, span_zone_text, zone_of
from planettracker.web.render import place_text
from planettracker.web.sentences import (
    body_sentence,
    covers_the_night,
    moon_sentence,
    pair_sentence,
    spans_text,
)

_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
CHART_WIDTH = 48
_SKY_MARKS = {
    "day": "█",
    "civil twilight": "▓",
    "nautical twilight": "▒",
    "astronomical twilight": "░",
    "night": " ",
}
_SEEN, _UP, _DOWN = "━", "─", " "


def _date(moment: datetime, zone: tzinfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B %Y}"


def _title(tonight: Tonight, zone: tzinfo) -> str:
    twilight = tonight.twilight
    start, end = _date(tonight.start, zone), _date(tonight.end, zone)
    if twilight.sunset is None and twilight.sunrise is None:
        if twilight.darkest == "day":
            return (
                "No night: the Sun stays up (midnight sun). The 24 hours from "
                f"{start}, {clock(tonight.start, zone)}"
            )
        return (
            "Polar night: the Sun does not rise. From noon to noon, "
            f"{start} {clock(tonight.start, zone)} to {end} {clock(tonight.end, zone)}"
        )
    if start == end:
        return f"Night of {start}"
    if start.split()[-1] == end.split()[-1]:  # the same year: said once
        start = start.rsplit(" ", 1)[0]
    return f"Night of {start} to {end}"


def _twilight_lines(tonight: Tonight, zone: tzinfo) -> list[str]:
    t = tonight.twilight

    def at(moment: datetime | None) -> str:
        return "—" if moment is None else clock(moment, zone)

    dusk = [
        ("Sunset", t.sunset),
        ("civil dusk", t.civil_dusk),
        ("nautical dusk", t.nautical_dusk),
        ("astronomical dusk", t.astronomical_dusk),
    ]
    dawn = [
        ("Astronomical dawn", t.astronomical_dawn),
        ("nautical dawn", t.nautical_dawn),
        ("civil dawn", t.civil_dawn),
        ("sunrise", t.sunrise),
    ]
    lines = [
        "  " + " · ".join(f"{label} {at(moment)}" for label, moment in dusk),
        "  " + " · ".join(f"{label} {at(moment)}" for label, moment in dawn),
    ]
    darkest = t.darkest
    if darkest == "night":
        dark = tonight.moon.dark
        if dark is None or covers_the_night(dark, tonight):
            lines.append("  Fully dark all night.")
        else:
            lines.append(f"  Fully dark from {spans_text([dark], zone)}.")
    elif darkest == "day":
        lines.append("  The sky stays in daylight.")
    else:
        lines.append(f"  The sky gets no darker than {darkest} (a white night).")
    return lines


def _chart(tonight: Tonight, zone: tzinfo, color: bool) -> list[str]:
    """A timeline of the night: the sky's darkness, then when each body is up and
    when it can be seen, with the local hours above."""
    start, end = tonight.start.timestamp(), tonight.end.timestamp()
    width = (end - start) / CHART_WIDTH
    middles = [start + (j + 0.5) * width for j in range(CHART_WIDTH)]
    label = max(len(b.name) for b in tonight.bodies) + 1

    stages = [(s.start.timestamp(), s.end.timestamp(), s.state) for s in tonight.stages]

    def state_at(t: float) -> str:
        return next((state for a, b, state in stages if a <= t < b), "night")

    hours = (end - start) / 3600.0
    step = next(s for s in (1, 2, 3, 4, 6) if hours / s <= 12)
    axis = [" "] * (CHART_WIDTH + 4)
    last_end = -1
    # Whole local hours, found every quarter of an hour of UTC: zones are offset by
    # whole quarters, and a daylight saving change skips or repeats an hour.
    tick = math.ceil(start / 900.0) * 900.0
    while tick < end:
        local = datetime.fromtimestamp(tick, UTC).astimezone(zone)
        if local.minute == 0 and local.hour % step == 0:
            column = int((tick - start) / width)
            text = f"{local.hour:02d}"
            if column > last_end and column + len(text) <= len(axis):
                axis[column : column + len(text)] = list(text)
                last_end = column + len(text)
        tick += 900.0
    lines = [" " * (label + 2) + "".join(axis).rstrip()]
    lines.append("  " + "Sky".ljust(label) + "".join(_SKY_MARKS[state_at(t)] for t in middles))
    track = tonight.track
    track_start, step_s = track.start.timestamp(), track.step_s
    for body in tonight.bodies:
        alts = track.bodies[body.name][1]
        spans = [(i.start.timestamp(), i.end.timestamp()) for i in body.visible]
        row = []
        for t in middles:
            if any(a <= t <= b for a, b in spans):
                row.append(_SEEN)
                continue
            index = min(max(round((t - track_start) / step_s), 0), track.count - 1)
            row.append(_UP if alts[index] > 0.0 else _DOWN)
        line = "  " + body.name.capitalize().ljust(label) + "".join(row).rstrip()
        if color:
            line = f"{_BOLD if body.best else _DIM}{line}{_RESET}"
        lines.append(line)
    lines.append(f"  {_SEEN} can be seen  {_UP} above the horizon")
    lines.append("  Sky: █ day  ▓ civil  ▒ nautical  ░ astronomical twilight  (blank) night")
    return lines


def tonight_text(seen: NightObservation, default_place: bool, color: bool = False) -> str:
    """``GET /tonight?format=text``: the place and night, the twilight in local time,
    a timeline, one sentence per body (best seen first), close pairs, the Moon."""
    tonight = seen.tonight
    zone = zone_of(seen.observer.timezone)
    lines = [
        f"Tonight over {place_text(seen.observer, default_place)}",
        f"{_title(tonight, zone)}; times are {span_zone_text(tonight.start, tonight.end, zone)}",
        "",
        *_twilight_lines(tonight, zone),
        "",
        *_chart(tonight, zone, color),
        "",
        f"From {tonight.min_alt:g}° above the horizon, with the naked eye, best seen first:",
    ]
    for body in tonight.bodies:
        sentence = body_sentence(body, tonight, zone)
        if color:
            sentence = f"{_BOLD if body.best else _DIM}{sentence}{_RESET}"
        lines.append(f"  {sentence}")
    lines.append("")
    if tonight.pairs:
        lines.append("Close together:")
        lines += [f"  {pair_sentence(pair, zone)}" for pair in tonight.pairs]
    lines.append(moon_sentence(tonight.moon, tonight, zone))
    return "\n".join(lines) + "\n"
