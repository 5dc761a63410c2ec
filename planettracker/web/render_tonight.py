"""/tonight's answers: JSON that a chart can be drawn from as it is, and a plain-text
answer for a terminal, both in the place's words and local time.

Rounding for display happens here, as in ``planettracker.web.render``: angles to 0.01
degree, magnitudes to 0.01, instants to the second in JSON and to the minute (rounded)
in sentences. Each night's JSON is made once and kept exactly as long as the tonight
cache keeps the night (a place's answers outlive their use no more than that)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import orjson

from planettracker.sky.observatory import NightObservation
from planettracker.sky.tonight import (
    AT_ITS_HIGHEST,
    BELOW_HORIZON,
    MIDNIGHT_SUN,
    NEAR_THE_SUN,
    TOO_LOW,
    TWILIGHT,
    BodyTonight,
    Interval,
    Moon,
    Pair,
    Tonight,
    Track,
)
from planettracker.sky.visibility import NAKED_EYE_LIMIT, NIGHT
from planettracker.web import contract
from planettracker.web.render import (
    JsonObject,
    instant,
    iso,
    iso_instant,
    observer_json,
    place_text,
    to_json,
)

_floor = math.floor

LOW_DEG = 20.0  # a best altitude under this is "low"
OVERHEAD_DEG = 80.0  # a best altitude above this is "nearly overhead"
WHOLE_S = 20 * 3600.0  # a stretch this long may read the same clock at both ends
NEAR_EDGE_S = 2 * 3600.0  # "after sunset" / "before sunrise": within two hours of it


# Local time ---------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def zone_of(name: str) -> tzinfo:
    """The IANA zone ``name``; UTC where the system has no time-zone database."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _clock(moment: datetime, zone: tzinfo) -> str:
    """Local hours and minutes, to the nearest minute: "19:42"."""
    return (moment + timedelta(seconds=30)).astimezone(zone).strftime("%H:%M")


def _offset(moment: datetime, zone: tzinfo) -> str:
    """ "CET (UTC+01:00)" """
    local = moment.astimezone(zone)
    offset = local.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    name = local.tzname() or ""
    numeric = f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return numeric if name in ("", "UTC") or name[0] in "+-" else f"{name} ({numeric})"


def _zone_change(start: datetime, end: datetime, zone: tzinfo) -> datetime | None:
    """When the local offset changes between ``start`` and ``end`` (a daylight saving
    change in the night), to the minute; None if it does not."""
    before = start.astimezone(zone).utcoffset()
    if end.astimezone(zone).utcoffset() == before:
        return None
    low, high = start, end
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == before:
            low = middle
        else:
            high = middle
    return high.replace(second=0, microsecond=0)


def zone_text(tonight: Tonight, zone: tzinfo) -> str:
    """Which local time the answer is in, and its change in the night if any."""
    change = _zone_change(tonight.start, tonight.end, zone)
    first = _offset(tonight.start, zone)
    if change is None:
        return first
    return f"{first}, then {_offset(change, zone)} from {_clock(change, zone)}"


# Sentences ----------------------------------------------------------------------------

_WORDS = {"N": "north", "E": "east", "S": "south", "W": "west"}


def direction_words(direction: str) -> str:
    """A 16-point compass direction in words: "SSW" -> "south-south-west"."""
    return "-".join(_WORDS[letter] for letter in direction)


def _whole(interval: Interval, tonight: Tonight) -> bool:
    """Whether ``interval`` is the whole of tonight (to the minute)."""
    return (
        abs((interval.start - tonight.start).total_seconds()) < 60.0
        and abs((interval.end - tonight.end).total_seconds()) < 60.0
    )


def _span(interval: Interval, zone: tzinfo, tonight: Tonight | None = None) -> str:
    """ "19:42 to 04:10"; a stretch within one minute of the clock: "briefly at 05:39";
    the whole of a night of 24 hours (polar night, midnight sun): "all night" or "all
    24 hours"; a day long but not all of it, with the days: "12:40 Monday to 12:10
    Tuesday"."""
    start, end = _clock(interval.start, zone), _clock(interval.end, zone)
    length = (interval.end - interval.start).total_seconds()
    if length >= WHOLE_S:
        if tonight is not None and _whole(interval, tonight):
            return "all 24 hours" if tonight.twilight.darkest == "day" else "all night"
        first = (interval.start + timedelta(seconds=30)).astimezone(zone)
        last = (interval.end + timedelta(seconds=30)).astimezone(zone)
        return f"{start} {first:%A} to {end} {last:%A}"
    return f"briefly at {start}" if start == end else f"{start} to {end}"


def _spans(intervals: Sequence[Interval], zone: tzinfo, tonight: Tonight | None = None) -> str:
    parts = [_span(i, zone, tonight) for i in intervals]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _low_when(body: BodyTonight, tonight: Tonight) -> str:
    """ "after sunset" or "before sunrise" for a body seen only near one of them."""
    first, last = body.visible[0].start, body.visible[-1].end
    middle = tonight.start + (tonight.end - tonight.start) / 2
    sunset, sunrise = tonight.twilight.sunset, tonight.twilight.sunrise
    if sunset is not None and last <= middle and (first - sunset).total_seconds() < NEAR_EDGE_S:
        return " after sunset"
    if sunrise is not None and first >= middle and (sunrise - last).total_seconds() < NEAR_EDGE_S:
        return " before sunrise"
    return ""


def _unseen_sentence(body: BodyTonight, tonight: Tonight) -> str:
    """Why a body cannot be seen tonight, in words that name the cause."""
    name = body.name.capitalize()
    magnitude = f"magnitude {body.magnitude:.1f}"
    above = f"above {tonight.min_alt:g}°" if tonight.min_alt > 0 else "up"
    if body.reason == NEAR_THE_SUN:
        return f"{name}: too close to the Sun to be seen tonight."
    if body.reason == BELOW_HORIZON:
        whole = "all 24 hours" if tonight.twilight.darkest == "day" else "all night"
        return f"{name}: below the horizon {whole}."
    if body.reason == TOO_LOW:
        highest = round(body.max_alt)
        if highest <= 0:
            return f"{name}: too low, it only grazes the horizon."
        if highest >= tonight.min_alt:
            return f"{name}: too low, just under {tonight.min_alt:g}° at its highest."
        return f"{name}: too low, never more than {highest}° high (under {tonight.min_alt:g}°)."
    if body.reason == MIDNIGHT_SUN:
        return f"{name}: the midnight sun keeps the sky too bright for it ({magnitude})."
    if body.reason == TWILIGHT:
        return f"{name}: {above} only in twilight, too bright a sky for {magnitude}."
    optics = (body.reason or "").rpartition(": ")[2]
    if body.magnitude <= NAKED_EYE_LIMIT[NIGHT]:  # the air dims it below the eye's limit
        return (
            f"{name}: too faint for the naked eye at the heights it reaches in a dark sky "
            f"({magnitude}): {optics}."
        )
    return f"{name}: too faint for the naked eye even in a dark sky ({magnitude}): {optics}."


def body_sentence(body: BodyTonight, tonight: Tonight, zone: tzinfo) -> str:
    """One sentence a person reads aloud: when, and where to look (and, when the sky
    rather than the body's height sets its best time, why then)."""
    name = body.name.capitalize()
    best = body.best
    if best is None:
        return _unseen_sentence(body, tonight)
    spans = _spans(body.visible, zone, tonight)
    at = _clock(best.at, zone)
    why = "" if best.timing == AT_ITS_HIGHEST else f", {best.timing}"
    if best.alt >= OVERHEAD_DEG:
        if len(body.visible) == 1 and not spans.startswith(("briefly", "all")):
            return f"{name}: from {spans}, best at {at}, nearly overhead{why}."
        return f"{name}: {spans}; best at {at}, nearly overhead{why}."
    high = f"{round(best.alt)}° high"
    where = direction_words(best.direction)
    if best.alt < LOW_DEG:
        when = _low_when(body, tonight)
        return f"{name}: low in the {where}{when}, {spans}; best at {at}, {high}{why}."
    if len(body.visible) == 1 and not spans.startswith(("briefly", "all")):
        return f"{name}: from {spans}, best at {at}, {high} in the {where}{why}."
    return f"{name}: {spans}; best at {at}, {high} in the {where}{why}."


def moon_sentence(moon: Moon, tonight: Tonight, zone: tzinfo) -> str:
    phase = f"{moon.phase}, {round(moon.illuminated)}% lit"
    dark = moon.dark
    if dark is None:
        return f"Moon: {phase}; the sky does not get dark tonight."
    hours = "dark hours" if tonight.twilight.darkest == "night" else "darkest hours"
    up = moon.up_in_dark
    whole = _whole(dark, tonight)
    if not up:
        if whole:
            return f"Moon: {phase}; down all night: good for faint objects."
        during = _spans([dark], zone)
        return f"Moon: {phase}; down all through the {hours} ({during}): good for faint objects."
    if len(up) == 1 and up[0] == dark:
        if whole:
            return f"Moon: {phase}; up all night."
        return f"Moon: {phase}; up all through the {hours}, {_spans(up, zone)}."
    return f"Moon: {phase}; up in the {hours} from {_spans(up, zone, tonight)}."


def pair_sentence(pair: Pair, zone: tzinfo) -> str:
    first, second = (name.capitalize() for name in pair.bodies)
    seen = "" if pair.visible else " (not both visible then)"
    return f"{first} and {second}: {pair.separation:.1f}° apart at {_clock(pair.at, zone)}{seen}."


# JSON -----------------------------------------------------------------------------------


def _r2(value: float) -> float:
    return _floor(value * 100.0 + 0.5) / 100.0


def _interval(interval: Interval) -> contract.Interval:
    return {"start": iso(interval.start), "end": iso(interval.end)}


def _best_json(body: BodyTonight) -> contract.Best | None:
    best = body.best
    if best is None:
        return None
    return {
        "at": iso(best.at),
        "az": _r2(best.az) % 360.0,
        "alt": _r2(best.alt),
        "direction": best.direction,
        "margin": _r2(best.margin),
        "sun_alt": _r2(best.sun_alt),
        "timing": best.timing,
    }


def _body_json(body: BodyTonight, tonight: Tonight, zone: tzinfo) -> contract.NightBody:
    return {
        "name": body.name,
        "visible": body.best is not None,
        "intervals": [_interval(i) for i in body.visible],
        "best": _best_json(body),
        "reason": body.reason,
        "sentence": body_sentence(body, tonight, zone),
        "magnitude": _r2(body.magnitude),
        "elongation": _r2(body.elongation),
        "max_alt": _r2(body.max_alt),
        "rise": iso_instant(body.rise),
        "transit": iso_instant(body.transit),
        "set": iso_instant(body.set),
        "always_up": body.always_up,
        "never_up": body.never_up,
    }


def _track_json(track: Track) -> contract.Track:
    start = track.start
    step = timedelta(seconds=track.step_s)
    return {
        "start": iso(start),
        "step_s": track.step_s,
        "times": [iso(start + index * step) for index in range(track.count)],
        "bodies": {
            name: {"az": [_r2(v) % 360.0 for v in az], "alt": [_r2(v) for v in alt]}
            for name, (az, alt) in track.bodies.items()
        },
    }


def _night_json(tonight: Tonight, zone: tzinfo) -> contract.NightParts:
    twilight = tonight.twilight
    moon = tonight.moon
    return {
        "min_alt": tonight.min_alt,
        "night": {
            "start": iso(tonight.start),
            "end": iso(tonight.end),
            "darkest": twilight.darkest,
            "sunset": iso_instant(twilight.sunset),
            "civil_dusk": iso_instant(twilight.civil_dusk),
            "nautical_dusk": iso_instant(twilight.nautical_dusk),
            "astronomical_dusk": iso_instant(twilight.astronomical_dusk),
            "astronomical_dawn": iso_instant(twilight.astronomical_dawn),
            "nautical_dawn": iso_instant(twilight.nautical_dawn),
            "civil_dawn": iso_instant(twilight.civil_dawn),
            "sunrise": iso_instant(twilight.sunrise),
        },
        "stages": [
            {"sky": s.state, "start": iso(s.start), "end": iso(s.end)} for s in tonight.stages
        ],
        "bodies": [_body_json(b, tonight, zone) for b in tonight.bodies],
        "moon": {
            "phase": moon.phase,
            "illuminated": _floor(moon.illuminated * 10.0 + 0.5) / 10.0,
            "dark": None if moon.dark is None else _interval(moon.dark),
            "up_in_dark": [_interval(i) for i in moon.up_in_dark],
            "sentence": moon_sentence(moon, tonight, zone),
        },
        "pairs": [
            {
                "bodies": list(p.bodies),
                "separation": _r2(p.separation),
                "at": iso(p.at),
                "visible": p.visible,
                "sentence": pair_sentence(p, zone),
            }
            for p in tonight.pairs
        ],
    }


# A night's JSON, made once and kept as long as the Tonight itself (the cache's entry),
# serialized: as bytes a night's parts take some 5 KB and its track 12, where the same
# as Python lists and dicts took 75.
_NIGHT_JSON: WeakKeyDictionary[Tonight, tuple[str, JsonObject]] = WeakKeyDictionary()
_TRACK_JSON: WeakKeyDictionary[Tonight, orjson.Fragment] = WeakKeyDictionary()


def _fragment(value: object) -> orjson.Fragment:
    """``value`` serialized, kept in a copy of its exact size (orjson's own answer holds
    some 30% more, its writing buffer)."""
    return orjson.Fragment(bytes(bytearray(orjson.dumps(value))))


def night_json(tonight: Tonight, zone_name: str) -> JsonObject:
    """The place-and-night part of the answer, each member already serialized (shared:
    callers copy, never change it)."""
    found = _NIGHT_JSON.get(tonight)
    if found is None or found[0] != zone_name:
        parts = _night_json(tonight, zone_of(zone_name))
        serialized = {
            name: value if name == "min_alt" else _fragment(value) for name, value in parts.items()
        }
        found = _NIGHT_JSON[tonight] = (zone_name, serialized)
    return found[1]


def track_json(tonight: Tonight) -> orjson.Fragment:
    found = _TRACK_JSON.get(tonight)
    if found is None:
        found = _TRACK_JSON[tonight] = _fragment(_track_json(tonight.track))
    return found


def tonight_json(seen: NightObservation, default_place: bool, track: bool) -> bytes:
    """``GET /tonight`` (``contract.Tonight``): the instant and observer, then the night
    and, with ``track``, every body's az/alt every 10 minutes. The night's members come
    serialized (see above), so the answer is assembled untyped: each part is typed where
    it is made."""
    answer: JsonObject = {
        "at": instant(seen.at),
        "observer": observer_json(seen.observer, default_place),
        **night_json(seen.tonight, seen.observer.timezone),
    }
    if track:
        answer["track"] = track_json(seen.tonight)
    return to_json(answer)


# Plain text -------------------------------------------------------------------------------

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
                f"{start}, {_clock(tonight.start, zone)}"
            )
        return (
            "Polar night: the Sun does not rise. From noon to noon, "
            f"{start} {_clock(tonight.start, zone)} to {end} {_clock(tonight.end, zone)}"
        )
    if start == end:
        return f"Night of {start}"
    if start.split()[-1] == end.split()[-1]:  # the same year: said once
        start = start.rsplit(" ", 1)[0]
    return f"Night of {start} to {end}"


def _twilight_lines(tonight: Tonight, zone: tzinfo) -> list[str]:
    t = tonight.twilight

    def at(moment: datetime | None) -> str:
        return "—" if moment is None else _clock(moment, zone)

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
        if dark is None or _whole(dark, tonight):
            lines.append("  Fully dark all night.")
        else:
            lines.append(f"  Fully dark from {_spans([dark], zone)}.")
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
        f"{_title(tonight, zone)}; times are {zone_text(tonight, zone)}",
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
