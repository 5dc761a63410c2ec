"""The headers of every answer, decided in one place as it is sent (aiohttp's
``on_response_prepare``, when a file's final status is known): the security policy,
caching fit for each kind of answer, CORS for the API, and the request id: the
platform router's ``X-Request-Id`` if it is a UUID, else a new one.

CORS: the JSON API may be read by a script on any site (``Access-Control-Allow-Origin:
*``, GET and HEAD, never with credentials: there are none). Which addresses are the
API is not written here: ``planettracker.web.routes`` marks them (``shared``).
"""

from __future__ import annotations

import itertools
import os
import re
import secrets

from aiohttp import web
from multidict import CIMultiDict

from planettracker.web.keys import REQUEST_ID, SHARED_RESOURCES

# The page may load its own scripts, styles and images and nothing else: no inline
# script or style, no third party, no framing, no plugins.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
    # The product's name, not the software and versions behind it.
    "Server": "PlanetTracker",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "geolocation=(self)",
}
# A phone reuses the page's scripts and styles for an hour, then revalidates them
# (ETag/Last-Modified: a 304 costs a few bytes). The page itself is always revalidated
# so that a new release takes effect at the next visit; answers about the sky are
# never stored: they change every second and may hold a precise location.
ASSET_CACHE = "public, max-age=3600"
PAGE_CACHE = "no-cache"
ANSWER_CACHE = "no-store"
READ_METHODS = ("GET", "HEAD")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "X-Request-Id",
}
PREFLIGHT_HEADERS = {
    **CORS_HEADERS,
    "Access-Control-Allow-Methods": ", ".join(READ_METHODS),
    "Access-Control-Max-Age": "86400",
}

_ANSWER = CIMultiDict({**SECURITY_HEADERS, "Cache-Control": ANSWER_CACHE})
_SHARED_ANSWER = CIMultiDict({**_ANSWER, **CORS_HEADERS})
_ASSET = CIMultiDict({**SECURITY_HEADERS, "Cache-Control": ASSET_CACHE})
_PAGE = CIMultiDict({**SECURITY_HEADERS, "Cache-Control": PAGE_CACHE})


# The platform router's request id is a UUID; anything else a client sends is replaced
# (it is logged, and must not smuggle a location past the log's coarsening). Our own
# ids are a random prefix per worker and a counter: unique, and cheaper than asking
# the OS for randomness on every request.
_ROUTER_REQUEST_ID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_counter = itertools.count(1)
_prefix = ("", -1)


def new_request_id() -> str:
    """16 hex digits: 6 random per worker process, then a counter."""
    global _prefix
    prefix, pid = _prefix
    if pid != os.getpid():  # a forked worker draws its own prefix
        prefix, pid = secrets.token_hex(3), os.getpid()
        _prefix = (prefix, pid)
    return f"{prefix}{next(_counter) & 0xFFFFFFFFFF:010x}"


def request_id(request: web.Request) -> str:
    """The request's id, given on first use and kept for the request."""
    rid = request.get(REQUEST_ID)
    if rid is None:
        given = request.headers.get("X-Request-Id", "")
        rid = request[REQUEST_ID] = (
            given if _ROUTER_REQUEST_ID.fullmatch(given) else new_request_id()
        )
    return rid


def answer_headers() -> dict[str, str]:
    """The headers of an answer that is not a file and not shared with other sites
    (also those of the connection's own answers, which never reach the app)."""
    return dict(_ANSWER)


def is_shared(request: web.Request) -> bool:
    """Whether the request's address is part of the API other sites may read."""
    route = request.match_info.route
    return route.resource in request.app[SHARED_RESOURCES]


async def decide_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Every answer's headers (on_response_prepare)."""
    headers = response.headers
    if isinstance(response, web.FileResponse):
        # Only a file actually sent, or not modified, may be cached: a 412 or 416
        # (a bad condition or range) is decided as it is sent.
        if response.status not in (200, 206, 304):
            headers.update(_ANSWER)
        elif request.path.startswith("/static/"):
            headers.update(_ASSET)
        else:
            headers.update(_PAGE)
    elif request.method in READ_METHODS and is_shared(request):
        headers.update(_SHARED_ANSWER)
    else:
        headers.update(_ANSWER)
    headers["X-Request-Id"] = request_id(request)
