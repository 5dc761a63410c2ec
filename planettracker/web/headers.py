"""The headers of every answer, decided in one place as it is sent (aiohttp's
``on_response_prepare``), and only those each kind of answer needs (a phone pays for
every byte): the security policies for the page, caching fit for each kind, CORS for
the API, and for answers the request id: the platform router's ``X-Request-Id`` if it
is a UUID, else a new one.

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

from planettracker.web.keys import FILE_KIND, REQUEST_ID, SHARED_RESOURCES, FileKind

# The page may load its own scripts, styles, images and manifest, and run its own
# service worker (manifest-src and worker-src fall back to default-src), and nothing
# else: no inline script or style, no third party, no framing, no plugins.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; object-src 'none'"
)
# Every answer: the product's name, not the software and versions behind it; and no
# content sniffing (a JSON answer is never read as a script or a page).
COMMON_HEADERS = {"Server": "PlanetTracker", "X-Content-Type-Options": "nosniff"}
# What only a document (the page) reads: its policy, the referrer its requests send,
# the features it may use. A worker reads the first two.
DOCUMENT_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "geolocation=(self)",
}
SECURITY_HEADERS = {**COMMON_HEADERS, **DOCUMENT_HEADERS}
# A phone reuses the page's scripts and styles for an hour, then revalidates them
# (ETag: a 304 costs a few bytes). The page and its service worker are always
# revalidated, so that a new release takes effect at the next visit; answers about
# the sky are never stored: they change every second and may hold a precise location.
ASSET_CACHE = "max-age=3600"
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

_ANSWER = CIMultiDict({**COMMON_HEADERS, "Cache-Control": ANSWER_CACHE})
_SHARED_ANSWER = CIMultiDict({**_ANSWER, **CORS_HEADERS})
# A file carries no request id: nobody reports a problem with a file by its id (a
# missing file is a problem document, which has one), and a phone would receive it
# some fifteen times on a first visit.
_FILES = {
    FileKind.PAGE: CIMultiDict({**SECURITY_HEADERS, "Cache-Control": PAGE_CACHE}),
    FileKind.WORKER: CIMultiDict(
        {
            **COMMON_HEADERS,
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "Referrer-Policy": "no-referrer",
            "Cache-Control": PAGE_CACHE,
        }
    ),
    FileKind.ASSET: CIMultiDict({**COMMON_HEADERS, "Cache-Control": ASSET_CACHE}),
}
# A 304 updates the headers the client stored with the file (RFC 9111, 4.3.4): only
# those that could have changed (ETag and Vary come from the file's handler).
_NOT_MODIFIED = {
    kind: CIMultiDict({"Server": "PlanetTracker", "Cache-Control": headers["Cache-Control"]})
    for kind, headers in _FILES.items()
}


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


def mark_file(request: web.Request, kind: FileKind) -> None:
    """Say that the request is answered with a file of the page, of this kind."""
    request[FILE_KIND] = kind


async def decide_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Every answer's headers (on_response_prepare): each kind gets what it needs.

    A file of the page sent, or not modified, gets its kind's; anything else about
    it (a problem) is an answer, with the request id. CORS goes only to a request
    that carries an ``Origin``, as every request from another site's script does (the
    page's own polls carry none): answers are never stored, so no cache can hand an
    answer without them to another site."""
    headers = response.headers
    kind = request.get(FILE_KIND)
    if kind is not None and response.status == 200:
        headers.update(_FILES[kind])
        return
    if kind is not None and response.status == 304:
        headers.update(_NOT_MODIFIED[kind])
        return
    if "Origin" in request.headers and request.method in READ_METHODS and is_shared(request):
        headers.update(_SHARED_ANSWER)
    else:
        headers.update(_ANSWER)
    headers["X-Request-Id"] = request_id(request)
