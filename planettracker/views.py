"""Thin handlers: parse the request, ask the tracker, render the answer."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Mapping

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from planettracker.errors import InvalidBody, UnknownBody, UnreadableBody
from planettracker.keys import CONFIG, DECLINATION, EPHEMERIS, EVENTS, OPENAPI, TIMEZONES
from planettracker.query import SkyQuery, parse_location, parse_sky_query
from planettracker.render import (
    Observer,
    planet_json,
    planet_text,
    sky_json,
    sky_text,
    to_json,
    usage_text,
)
from planettracker.tracker import PLANETS, Events, PlanetTracker

_BODY_TYPES = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")
_HOST = re.compile(r"[A-Za-z0-9.-]{1,253}(?::[0-9]{1,5})?|\[[0-9A-Fa-f:.]{2,45}\](?::[0-9]{1,5})?")
ALL_BODIES = ("sun", "moon", *PLANETS)


def _tracker(app: web.Application, query: SkyQuery) -> PlanetTracker:
    place = query.place
    return PlanetTracker(
        place.lat,
        place.lon,
        place.elevation,
        query.at,
        query.temperature,
        query.pressure,
        app[EPHEMERIS],
    )


def _observer(app: web.Application, query: SkyQuery, tracker: PlanetTracker) -> Observer:
    place = query.place
    return Observer(
        place=place,
        default_place=query.default_place,
        temperature=tracker.temp,
        pressure=tracker.pressure,
        timezone=app[TIMEZONES].name_at(place.lat, place.lon),
        magnetic_declination=app[DECLINATION].at(place.lat, place.lon, place.elevation),
    )


def _events(
    app: web.Application, tracker: PlanetTracker, names: Iterable[str]
) -> Mapping[str, Events]:
    return app[EVENTS].events_of(tracker, names)


def _text(body: str) -> web.Response:
    return web.Response(text=body, content_type="text/plain")


def _json(data: dict[str, object]) -> web.Response:
    return web.Response(body=to_json(data), content_type="application/json")


async def planet(request: web.Request) -> web.Response:
    """GET /planets/{name}: one planet."""
    name = request.match_info["name"].lower()
    if name not in PLANETS:
        raise UnknownBody(request.match_info["name"], PLANETS)
    query = parse_sky_query(request.query.items())
    tracker = _tracker(request.app, query)
    state = tracker.sky_state()
    position = tracker.position(name, state)
    events = _events(request.app, tracker, [name])[name] if query.events else None
    observer = _observer(request.app, query, tracker)
    if query.format == "text":
        return _text(planet_text(position, events, tracker.at, observer, state, query.color))
    return _json(planet_json(position, events, tracker.at, observer))


async def sky(request: web.Request) -> web.Response:
    """GET /planets: the seven planets, the Sun, the Moon and the sky's state."""
    query = parse_sky_query(request.query.items())
    tracker = _tracker(request.app, query)
    computed = tracker.sky()
    events = _events(request.app, tracker, ALL_BODIES) if query.events else None
    observer = _observer(request.app, query, tracker)
    if query.format == "text":
        return _text(sky_text(computed, events, observer, query.color))
    return _json(sky_json(computed, events, observer))


async def _location_fields(request: web.Request) -> Iterable[tuple[str, object]]:
    """The (name, value) pairs of a form or JSON object body."""
    kind = request.content_type
    if kind not in _BODY_TYPES:
        raise web.HTTPUnsupportedMediaType(
            text="send lat, lon and elevation as a form (application/x-www-form-urlencoded) "
            "or as application/json"
        )
    limit = request.app[CONFIG].max_body_bytes
    if (request.content_length or 0) > limit:  # refused before a byte of it is read
        raise web.HTTPRequestEntityTooLarge(limit, request.content_length or 0)
    try:
        # A body trickling in ties up a connection: it must all arrive in time.
        async with asyncio.timeout(request.app[CONFIG].body_timeout_s):
            if kind == "application/json":
                data = await request.json()
                if not isinstance(data, dict):
                    raise InvalidBody('expected a JSON object such as {"lat": 48.93, "lon": 2.45}')
                return data.items()
            return (await request.post()).items()
    except TimeoutError:
        raise web.HTTPRequestTimeout(text="the body did not arrive in time") from None
    except (ValueError, LookupError, RecursionError, HttpProcessingError):
        # Malformed JSON or form, a broken multipart part.
        raise InvalidBody(f"the body could not be read as {kind}") from None
    except (web.RequestPayloadError, ConnectionError):
        # A body cut short or badly encoded (Content-Encoding), or a client gone:
        # nothing more will be read from this connection.
        raise UnreadableBody(f"the body could not be read as {kind}") from None


async def geo_location(request: web.Request) -> web.Response:
    """POST /geo_location: validate a location and echo it normalized. Nothing is kept."""
    place = parse_location(await _location_fields(request))
    return _json({"lat": place.lat, "lon": place.lon, "elevation": place.elevation})


async def health(request: web.Request) -> web.Response:
    """GET /healthz: for the platform's health checks."""
    return _json({"status": "ok"})


async def openapi(request: web.Request) -> web.Response:
    """GET /openapi.json: the API's description."""
    return web.Response(body=request.app[OPENAPI], content_type="application/json")


def _base_url(request: web.Request) -> str:
    forwarded = request.headers.get("X-Forwarded-Proto", "")
    scheme = forwarded if forwarded in ("http", "https") else request.scheme
    host = request.host if _HOST.fullmatch(request.host or "") else "localhost:8000"
    return f"{scheme}://{host}"


async def index(request: web.Request) -> web.StreamResponse:
    """GET /: the page for a browser; usage and the sky at Greenwich for curl."""
    if "text/html" in request.headers.get("Accept", ""):
        return web.FileResponse(request.app[CONFIG].static_dir / "index.html")
    query = SkyQuery()
    tracker = _tracker(request.app, query)
    greenwich = sky_text(tracker.sky(), None, _observer(request.app, query, tracker))
    return _text(usage_text(_base_url(request), greenwich))
