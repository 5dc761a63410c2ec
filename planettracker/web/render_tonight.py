"""/tonight's JSON: what a chart can be drawn from as it is, with the sentences
(``sentences.py``) in the place's words and local time; the terminal's answer is
``night_text.py``.

Rounding for display happens here, as in ``planettracker.web.render``: angles to 0.01
degree, magnitudes to 0.01, instants to the second in JSON and to the minute (rounded)
in sentences. Each night's JSON is made once and kept exactly as long as the tonight
cache keeps the night (a place's answers outlive their use no more than that)."""

from __future__ import annotations

import math
from datetime import timedelta, tzinfo
from weakref import WeakKeyDictionary

import orjson

from planettracker.sky.observatory import NightObservation
from planettracker.sky.tonight import (
    BodyTonight,
    Interval,
    Tonight,
    Track,
)
from planettracker.web import contract
from planettracker.web.local_time import zone_of
from planettracker.web.render import (
    JsonObject,
    instant,
    iso,
    iso_instant,
    observer_json,
    to_json,
)
from planettracker.web.sentences import body_sentence, moon_sentence, pair_sentence

_floor = math.floor


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
