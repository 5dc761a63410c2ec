"""Turn observations into what clients read: JSON objects and plain-text tables.

Rendering belongs to the web layer, and so does rounding for display: the astronomy
answers full-precision values, and each format rounds them to what it shows."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import Any
from weakref import WeakKeyDictionary

import orjson

from planettracker.sky.observatory import Observation, Observer, StarsObservation
from planettracker.sky.stars import Landmark as StarLandmark
from planettracker.sky.stars import StarPosition
from planettracker.sky.tracker import Events, Position
from planettracker.web import contract
from planettracker.web.contract import (
    Body,
    BriefBody,
    BriefPlanet,
    BriefSky,
    Landmark,
    Planet,
    Sky,
    SkyAt,
    Star,
    Stars,
)
from planettracker.web.local_time import zone_abbreviation, zone_label, zone_of
from planettracker.web.parameters import usage_lines

JsonObject = dict[str, Any]
_floor = math.floor


def to_json(data: Mapping[str, Any]) -> bytes:
    """Serialize an answer (orjson: some ten times faster than the json module here)."""
    return orjson.dumps(data)


def _round(value: float, scale: float) -> float:
    """``value`` to the nearest multiple of 1/scale; four times faster than round()."""
    return _floor(value * scale + 0.5) / scale


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z: to the second, or to the millisecond if it has a
    fraction."""
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    spec = "milliseconds" if moment.microsecond else "seconds"
    return moment.isoformat(timespec=spec)[:-6] + "Z"  # "+00:00" -> "Z"


def iso_instant(moment: datetime | None) -> str | None:
    """``iso``, or None for an event that does not happen."""
    return None if moment is None else iso(moment)


# The instant of an answer, cached: the requests of one second share it. Rise and set
# times are not cached here: with a place's events they could help locate a visitor,
# and they are kept only as long as the events cache keeps its entry.
instant = lru_cache(maxsize=64)(iso)


# Each Events' JSON, made once and kept exactly as long as the Events object itself
# (that is, as long as the events cache keeps its entry): no place outlives its use.
_EVENTS_JSON: WeakKeyDictionary[Events, contract.Events] = WeakKeyDictionary()


def events_json(events: Events) -> contract.Events:
    """The rise, transit and set of ``events`` (shared: callers copy, never change it)."""
    found = _EVENTS_JSON.get(events)
    if found is None:
        found = _EVENTS_JSON[events] = {
            "rise": iso_instant(events.rise),
            "transit": iso_instant(events.transit),
            "set": iso_instant(events.set),
            "always_up": events.always_up,
            "never_up": events.never_up,
        }
    return found


# A body's angles to 0.0001 degree (0.36 arcsecond, well inside the positions' accuracy;
# brief ones to 0.01), distance to 1e-6 au, magnitude, phase and elongation to 0.01.
# Rounding is inlined: this runs for every body of every request.


def body_json(position: Position, events: Events | None = None) -> Body:
    """A body as JSON, with its rise, transit and set if ``events`` are given."""
    az = _floor(position.az * 1e4 + 0.5) / 1e4
    body: Body = {
        "name": position.name,
        "az": 0.0 if az >= 360.0 else az,
        "alt": _floor(position.alt * 1e4 + 0.5) / 1e4,
        "ra": _floor(position.ra * 1e4 + 0.5) / 1e4 % 360.0,
        "dec": _floor(position.dec * 1e4 + 0.5) / 1e4,
        "magnitude": _floor(position.magnitude * 1e2 + 0.5) / 1e2,
        "constellation": position.constellation,
        "distance_au": _floor(position.distance_au * 1e6 + 0.5) / 1e6,
        "phase": _floor(position.phase * 1e2 + 0.5) / 1e2,
        "elongation": _floor(position.elongation * 1e2 + 0.5) / 1e2,
        "direction": position.direction,
        "above_horizon": position.above_horizon,
        "naked_eye": position.naked_eye,
        "near": _landmark_json(position.near),
        "caution": position.caution,
    }
    if events is not None:
        _add_events(body, events_json(events))
    return body


def _add_events(body: Body | BriefBody, events: contract.Events) -> None:
    """A body's rise, transit and set, from the events' shared JSON (key by key: mypy
    cannot check ``update`` from one TypedDict into keys another leaves optional)."""
    body["rise"] = events["rise"]
    body["transit"] = events["transit"]
    body["set"] = events["set"]
    body["always_up"] = events["always_up"]
    body["never_up"] = events["never_up"]


def brief_json(position: Position, events: Events | None = None) -> BriefBody:
    """A body with brief=1: what a chart needs; with ``events``, the landmark and its
    rise, transit and set too (they change slowly: the page asks once a minute)."""
    az = _floor(position.az * 1e2 + 0.5) / 1e2
    body: BriefBody = {
        "name": position.name,
        "az": 0.0 if az >= 360.0 else az,
        "alt": _floor(position.alt * 1e2 + 0.5) / 1e2,
        "magnitude": _floor(position.magnitude * 1e2 + 0.5) / 1e2,
        "direction": position.direction,
        "above_horizon": position.above_horizon,
        "naked_eye": position.naked_eye,
    }
    if events is not None:
        body["near"] = _landmark_json(position.near)
        _add_events(body, events_json(events))
    return body


def _landmark_json(near: StarLandmark | None) -> Landmark | None:
    """The separation to 0.1 degree, as a person reads it."""
    if near is None:
        return None
    star, separation, _, direction = near
    return {
        "name": star.name,
        "separation": _round(separation, 10.0),
        "direction": direction,
    }


def observer_json(observer: Observer, default_place: bool) -> contract.Observer:
    place = observer.place
    return {
        "lat": place.lat,
        "lon": place.lon,
        "elevation": place.elevation,
        "temperature": observer.temperature,
        "pressure": _round(observer.pressure, 1e2),
        "timezone": observer.timezone,
        "default": default_place,
        "magnetic_declination": observer.magnetic_declination,
    }


def planet_json(seen: Observation, name: str, default_place: bool, brief: bool = False) -> bytes:
    """``GET /planets/{name}``: the planet's members, then the instant and observer used."""
    events = seen.events[name] if seen.events is not None else None
    position = seen.sky.bodies[name]
    at, observer = instant(seen.at), observer_json(seen.observer, default_place)
    if brief:
        short: BriefPlanet = {**brief_json(position, events), "at": at, "observer": observer}
        return to_json(short)
    full: Planet = {**body_json(position, events), "at": at, "observer": observer}
    return to_json(full)


def sky_json(seen: Observation, default_place: bool, brief: bool = False) -> bytes:
    """``GET /planets``: the seven planets, the Sun and Moon, the sky's state."""
    events = seen.events or {}
    sky = seen.sky
    where: SkyAt = {
        "at": instant(sky.at),
        "observer": observer_json(seen.observer, default_place),
        "sky": sky.state,
    }
    if brief:
        short: BriefSky = {
            **where,
            "sun": brief_json(sky.sun, events.get("sun")),
            "moon": brief_json(sky.moon, events.get("moon")),
            "planets": [brief_json(p, events.get(p.name)) for p in sky.planets],
        }
        return to_json(short)
    full: Sky = {
        **where,
        "sun": body_json(sky.sun, events.get("sun")),
        "moon": body_json(sky.moon, events.get("moon")),
        "planets": [body_json(p, events.get(p.name)) for p in sky.planets],
    }
    return to_json(full)


def star_json(star: StarPosition) -> Star:
    """A star as JSON, rounded as the bodies are."""
    az = _round(star.az, 1e4)
    return {
        "name": star.name,
        "az": 0.0 if az >= 360.0 else az,
        "alt": _round(star.alt, 1e4),
        "magnitude": star.magnitude,
        "direction": star.direction,
    }


def stars_json(seen: StarsObservation, default_place: bool) -> bytes:
    """``GET /stars``: the bright stars above the horizon, brightest first."""
    answer: Stars = {
        "at": instant(seen.at),
        "observer": observer_json(seen.observer, default_place),
        "sky": seen.state,
        "stars": [star_json(star) for star in seen.stars],
    }
    return to_json(answer)


# Plain text ---------------------------------------------------------------------------

_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
_HALF_MINUTE = timedelta(seconds=30)


def _degrees(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):.4f}°{positive if value >= 0 else negative}"


def _event_time(moment: datetime | None, events: Events, zone: tzinfo, shown: str) -> str:
    """An event on the place's clock, to the nearest minute ("12-05 05:37"), its zone
    added where it is not the table's (``shown``: after a clock change)."""
    if moment is not None:
        local = (moment + _HALF_MINUTE).astimezone(zone)
        clock = local.strftime("%m-%d %H:%M")
        abbreviation = zone_abbreviation(local)
        return clock if abbreviation == shown else f"{clock} {abbreviation}"
    if events.always_up:
        return "always up"
    if events.never_up:
        return "never up"
    return "-"


def place_text(observer: Observer, default_place: bool) -> str:
    """The observer's place in words: "48.8566°N 2.3522°E, 35 m (Europe/Paris)"."""
    place = observer.place
    where = (
        f"{_degrees(place.lat, 'N', 'S')} {_degrees(place.lon, 'E', 'W')}, "
        f"{place.elevation:g} m ({observer.timezone})"
    )
    return f"Royal Observatory, Greenwich: {where}" if default_place else where


def text_header(at: datetime, observer: Observer, default_place: bool, state: str) -> str:
    """The place, then the instant on the place's clock with its zone: "2026-12-04
    13:00:00 AEDT (UTC+11:00), day"."""
    where = place_text(observer, default_place)
    local = at.astimezone(zone_of(observer.timezone))
    return f"Sky over {where}\n{local:%Y-%m-%d %H:%M:%S} {zone_label(local)}, {state}"


def landmark_text(position: Position) -> str:
    """A body's landmark in words: "3.1° upper left of Antares", "2.0° above Spica", or
    "-"."""
    if position.near is None:
        return "-"
    star, separation, _, direction = position.near
    of = "" if direction in ("above", "below") else " of"
    return f"{_round(separation, 10.0):.1f}° {direction}{of} {star.name}"


def _seen_text(position: Position) -> str:
    """The "Naked eye" cell: "yes", "no", "below horizon"; the Sun, whenever it is up,
    "yes (never stare)", its caution under the table."""
    if not position.above_horizon:
        return "below horizon"
    if position.name == "sun":
        return "yes (never stare)"
    return "yes" if position.naked_eye else "no"


def _aligned(rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    """Rows of cells as lines: columns padded to their widest cell, ``right`` ones
    aligned on the right (numbers)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(width) if column in right else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def text_table(
    positions: Sequence[Position],
    events: Mapping[str, Events] | None,
    color: bool = False,
    local: datetime | None = None,
) -> str:
    """One aligned row per body: name, direction, azimuth, altitude, magnitude,
    naked-eye visibility, rise/set when events were asked for, and the landmark; then
    the cautions (the Sun's, while it is up), one a line. Rise and set are on the
    clock of ``local`` (the answer's instant in the place's zone; None: UTC), the zone
    named in the column's heading."""
    zone = UTC if local is None else local.tzinfo or UTC
    shown = "UTC" if local is None else zone_abbreviation(local)
    header = ["Body", "Dir", "Azimuth", "Altitude", "Mag", "Naked eye"]
    if events is not None:
        header += [f"Rise ({shown})", f"Set ({shown})"]
    header.append("Near")
    rows = [header]
    for p in positions:
        row = [
            p.name.capitalize(),
            p.direction,
            f"{p.az:.1f}°",
            f"{p.alt:.1f}°",
            f"{_round(p.magnitude, 1e2):.1f}",  # as in the JSON, then to 0.1
            _seen_text(p),
        ]
        if events is not None:
            e = events[p.name]
            row += [_event_time(e.rise, e, zone, shown), _event_time(e.set, e, zone, shown)]
        row.append(landmark_text(p))
        rows.append(row)
    lines = []
    for index, line in enumerate(_aligned(rows, right={2, 3, 4})):
        if color and index > 0:
            p = positions[index - 1]
            style = _BOLD if p.naked_eye else _DIM if not p.above_horizon else ""
            line = f"{style}{line}{_RESET}" if style else line
        lines.append(line)
    cautions = [f"Caution ({p.name.capitalize()}): {p.caution}" for p in positions if p.caution]
    return "\n".join([*lines, "", *cautions] if cautions else lines)


def sky_text(seen: Observation, default_place: bool, color: bool = False) -> str:
    sky = seen.sky
    header = text_header(sky.at, seen.observer, default_place, sky.state)
    local = sky.at.astimezone(zone_of(seen.observer.timezone))
    table = text_table([sky.sun, sky.moon, *sky.planets], seen.events, color, local)
    return f"{header}\n\n{table}\n"


def planet_text(seen: Observation, name: str, default_place: bool, color: bool = False) -> str:
    sky = seen.sky
    header = text_header(sky.at, seen.observer, default_place, sky.state)
    local = sky.at.astimezone(zone_of(seen.observer.timezone))
    table = text_table([sky.bodies[name]], seen.events, color, local)
    return f"{header}\n\n{table}\n"


def stars_text(seen: StarsObservation, default_place: bool) -> str:
    """``GET /stars?format=text``: one aligned row per star, brightest first."""
    header = text_header(seen.at, seen.observer, default_place, seen.state)
    rows = [["Star", "Dir", "Azimuth", "Altitude", "Mag"]]
    rows += [
        [s.name, s.direction, f"{s.az:.1f}°", f"{s.alt:.1f}°", f"{s.magnitude:.2f}"]
        for s in seen.stars
    ]
    table = "\n".join(_aligned(rows, right={2, 3, 4}))
    if not seen.stars:
        table += "\n(no bright star above the horizon)"
    return f"{header}\n\n{table}\n"


def usage_text(base_url: str, greenwich_sky: str) -> str:
    """What ``curl`` gets at the root: how to ask, then the sky at Greenwich now."""
    return f"""\
PlanetTracker: where the planets are in your sky, and where to look.

  curl '{base_url}/tonight?lat=48.86&lon=2.35&format=text'            what can I see tonight?
  curl '{base_url}/planets?lat=48.86&lon=2.35&format=text'            all planets, a table
  curl '{base_url}/planets/mars?lat=-33.87&lon=151.21'                one planet, JSON
  curl '{base_url}/planets?lat=35.68&lon=139.69&events=1&format=text' with rise and set
  curl '{base_url}/planets/jupiter?at=2026-03-01T21:30:00Z'           another instant
  curl '{base_url}/stars?lat=48.86&lon=2.35&format=text'              the bright stars up
  curl --data 'lat=48.93&lon=2.45&elevation=0' {base_url}/geo_location  check a location

{usage_lines()}

API: {base_url}/openapi.json

{greenwich_sky}"""
