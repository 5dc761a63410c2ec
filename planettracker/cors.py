"""Who may read what from another site, and what OPTIONS answers.

The JSON API (the sky, one planet, health, the OpenAPI document) may be read by a
script on any site: ``Access-Control-Allow-Origin: *``, for GET and HEAD, never with
credentials (there are none: no cookies, no auth). Nothing else is shared: the page,
its files and ``POST /geo_location`` carry no CORS header, so browsers keep other
sites from reading them. OPTIONS on any address that exists answers 204 with
``Allow`` (and, on the API, what a CORS preflight needs); elsewhere it is a 404 like
any other method.
"""

from __future__ import annotations

import re

from aiohttp import web
from aiohttp.typedefs import Handler

# The API's addresses (routes.py). A path, not the matched route: an OPTIONS request
# matches no route, and must still be recognised.
PUBLIC_API = re.compile(r"/planets(?:/[^/]+)?|/healthz|/openapi\.json")
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


def allow(refused: web.HTTPMethodNotAllowed) -> str:
    """The ``Allow`` header of an address: its methods, and OPTIONS (answered here)."""
    return ", ".join(sorted({*refused.allowed_methods, "OPTIONS"}))


def is_public_api(request: web.Request) -> bool:
    return PUBLIC_API.fullmatch(request.path) is not None


def _options(request: web.Request) -> web.StreamResponse | None:
    """The answer to OPTIONS on an address the router knows (a route's pattern, such
    as /planets/{name} or /static/...), else None."""
    refused = request.match_info.http_exception
    if not isinstance(refused, web.HTTPMethodNotAllowed):
        return None  # no such address: the router's 404
    headers = {"Allow": allow(refused)}
    if is_public_api(request):
        headers.update(PREFLIGHT_HEADERS)
    return web.Response(status=204, headers=headers)


@web.middleware
async def cors(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method == "OPTIONS":
        answer = _options(request)
        if answer is not None:
            return answer
    response = await handler(request)
    if request.method in READ_METHODS and is_public_api(request):
        response.headers.update(CORS_HEADERS)
    return response
