"""Headers on every response: security policy, and caching that fits each kind of answer."""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler
from multidict import CIMultiDict

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


ANSWER_HEADERS = {**SECURITY_HEADERS, "Cache-Control": ANSWER_CACHE}
_ANSWER_HEADERS = CIMultiDict(ANSWER_HEADERS)
_ASSET_HEADERS = CIMultiDict({**SECURITY_HEADERS, "Cache-Control": ASSET_CACHE})
_PAGE_HEADERS = CIMultiDict({**SECURITY_HEADERS, "Cache-Control": PAGE_CACHE})


def _headers_for(request: web.Request, response: web.StreamResponse) -> CIMultiDict[str]:
    if isinstance(response, web.FileResponse):  # its final status is known at prepare
        return _ASSET_HEADERS if request.path.startswith("/static/") else _PAGE_HEADERS
    return _ANSWER_HEADERS


@web.middleware
async def secure_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Security headers on every response, and caching fit for each kind of answer."""
    response = await handler(request)
    response.headers.update(_headers_for(request, response))
    return response


async def final_file_headers(request: web.Request, response: web.StreamResponse) -> None:
    """A file answer's status is decided as it is sent (304, or 412/416 for a bad
    condition or range): only a file actually sent, or not modified, may be cached."""
    if isinstance(response, web.FileResponse) and response.status not in (200, 206, 304):
        response.headers["Cache-Control"] = ANSWER_CACHE
