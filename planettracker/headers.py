"""Headers on every response: security policy, and caching that fits each kind of answer."""

from __future__ import annotations

from aiohttp import web

# The page may load its own scripts, styles and images and nothing else: no inline
# script or style, no third party, no framing, no plugins.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
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


def cache_control(request: web.BaseRequest, response: web.StreamResponse) -> str:
    if response.status in (200, 304):
        if request.path.startswith("/static/"):
            return ASSET_CACHE
        if response.content_type == "text/html":
            return PAGE_CACHE
    return ANSWER_CACHE


async def add_headers(request: web.BaseRequest, response: web.StreamResponse) -> None:
    response.headers.update(SECURITY_HEADERS)
    response.headers["Cache-Control"] = cache_control(request, response)


def setup_headers(app: web.Application) -> None:
    app.on_response_prepare.append(add_headers)
