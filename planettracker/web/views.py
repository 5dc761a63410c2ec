"""Thin handlers, each one path: parse -> observe -> render."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterable

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from planettracker.sky.bodies import BODIES
from planettracker.sky.errors import UnknownBody
from planettracker.sky.observatory import Conditions
from planettracker.web.compression import MIN_BYTES, accepts_gzip, gzip_answer
from planettracker.web.headers import PREFLIGHT_HEADERS, is_shared
from planettracker.web.keys import CONFIG, OBSERVATORY, OPENAPI
from planettracker.web.night_text import tonight_text
from planettracker.web.query import (
    DEFAULT_QUERY,
    STAR_PARAMETERS,
    InvalidBody,
    SkyQuery,
    TonightQuery,
    UnreadableBody,
    parse_location,
    parse_sky_query,
    parse_tonight_query,
)
from planettracker.web.render import (
    planet_json,
    planet_text,
    sky_json,
    sky_text,
    stars_json,
    stars_text,
    to_json,
    usage_text,
)
from planettracker.web.render_tonight import tonight_json
from planettracker.web.static import page_answer

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_BODY_TYPES = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")
_HOST = re.compile(r"[A-Za-z0-9.-]{1,253}(?::[0-9]{1,5})?|\[[0-9A-Fa-f:.]{2,45}\](?::[0-9]{1,5})?")


def _answer(
    request: web.Request,
    body: bytes,
    content_type: str,
    charset: str | None = None,
    gzipped: bytes | None = None,
) -> web.Response:
    """An answer, gzipped if it is long enough to gain and the client accepts gzip
    (``gzipped``: the body compressed beforehand, for an answer that never changes)."""
    if len(body) >= MIN_BYTES and accepts_gzip(request.headers.get("Accept-Encoding", "")):
        response = web.Response(
            body=gzipped or gzip_answer(body), content_type=content_type, charset=charset
        )
        response.headers["Content-Encoding"] = "gzip"
        return response
    return web.Response(body=body, content_type=content_type, charset=charset)


def _conditions(query: SkyQuery | TonightQuery) -> Conditions:
    """The conditions a query asks about."""
    return Conditions(query.place, query.at, query.temperature, query.pressure)


def _text(request: web.Request, body: str) -> web.Response:
    return _answer(request, body.encode(), "text/plain", "utf-8")


def _json(request: web.Request, body: bytes) -> web.Response:
    return _answer(request, body, "application/json")


async def planet(request: web.Request) -> web.Response:
    """GET /planets/{name}: one planet, or the Sun or the Moon (as /planets gives them)."""
    name = request.match_info["name"].lower()
    if name not in BODIES:
        raise UnknownBody(request.match_info["name"], BODIES)
    query = parse_sky_query(request.query.items())
    observation = request.app[OBSERVATORY].observe(
        _conditions(query), bodies=(name,), events=query.events, landmarks=query.landmarks
    )
    if query.format == "text":
        return _text(request, planet_text(observation, name, query.default_place, query.color))
    return _json(request, planet_json(observation, name, query.default_place, query.brief))


async def sky(request: web.Request) -> web.Response:
    """GET /planets: the seven planets, the Sun, the Moon and the sky's state."""
    query = parse_sky_query(request.query.items())
    observation = request.app[OBSERVATORY].observe(
        _conditions(query), events=query.events, landmarks=query.landmarks
    )
    if query.format == "text":
        return _text(request, sky_text(observation, query.default_place, query.color))
    return _json(request, sky_json(observation, query.default_place, query.brief))


async def tonight(request: web.Request) -> web.Response:
    """GET /tonight: what can be seen tonight, when, and where to look."""
    query = parse_tonight_query(request.query.items())
    observation = request.app[OBSERVATORY].observe_night(_conditions(query), query.min_alt)
    if query.format == "text":
        return _text(request, tonight_text(observation, query.default_place, query.color))
    return _json(request, tonight_json(observation, query.default_place, query.track))


async def stars(request: web.Request) -> web.Response:
    """GET /stars: the bright stars above the horizon, for the chart."""
    query = parse_sky_query(request.query.items(), STAR_PARAMETERS)
    observation = request.app[OBSERVATORY].observe_stars(_conditions(query))
    if query.format == "text":
        return _text(request, stars_text(observation, query.default_place))
    return _json(request, stars_json(observation, query.default_place))


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
    return _json(
        request, to_json({"lat": place.lat, "lon": place.lon, "elevation": place.elevation})
    )


_HEALTHY = b'{"status":"ok"}'


async def health(request: web.Request) -> web.Response:
    """GET /healthz: for the platform's health checks."""
    return _json(request, _HEALTHY)


async def openapi(request: web.Request) -> web.Response:
    """GET /openapi.json: the API's description."""
    document = request.app[OPENAPI]
    return _answer(request, document.body, "application/json", gzipped=document.gzip)


async def options(request: web.Request) -> web.Response:
    """OPTIONS on any routed address: its methods, and on the API what a CORS
    preflight needs."""
    resource = request.match_info.route.resource
    methods = {route.method for route in resource or ()}
    headers = {"Allow": ", ".join(sorted(methods))}
    if is_shared(request):
        headers.update(PREFLIGHT_HEADERS)
    return web.Response(status=204, headers=headers)


def _base_url(request: web.Request) -> str:
    forwarded = request.headers.get("X-Forwarded-Proto", "")
    scheme = forwarded if forwarded in ("http", "https") else request.scheme
    host = request.host if _HOST.fullmatch(request.host or "") else "localhost:8000"
    return f"{scheme}://{host}"


async def index(request: web.Request) -> web.StreamResponse:
    """GET /: the page for a browser; usage and the sky at Greenwich for curl."""
    if "text/html" in request.headers.get("Accept", ""):
        return page_answer(request)
    observation = request.app[OBSERVATORY].observe(Conditions(DEFAULT_QUERY.place))
    return _text(request, usage_text(_base_url(request), sky_text(observation, True)))
