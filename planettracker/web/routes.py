"""The URL table, readable at a glance. ``shared`` marks the JSON API, which scripts on
any site may read (CORS, ``planettracker.web.headers``); every address answers OPTIONS
with its methods (and, on the API, what a CORS preflight needs)."""

from __future__ import annotations

from aiohttp import web

from planettracker.web import views
from planettracker.web.keys import SHARED_RESOURCES
from planettracker.web.static import setup_static


def setup_routes(app: web.Application) -> None:
    shared: set[web.AbstractResource] = set()

    def get(path: str, handler: views.Handler, *, share: bool = False) -> None:
        route = app.router.add_get(path, handler)
        if share and route.resource is not None:
            shared.add(route.resource)

    get("/", views.index)
    get("/planets", views.sky, share=True)
    get("/planets/{name}", views.planet, share=True)
    get("/tonight", views.tonight, share=True)
    get("/stars", views.stars, share=True)
    app.router.add_post("/geo_location", views.geo_location)
    get("/healthz", views.health, share=True)
    get("/openapi.json", views.openapi, share=True)
    # The page's files, and nothing but them: never the repository root.
    setup_static(app)

    app[SHARED_RESOURCES] = frozenset(shared)
    for resource in app.router.resources():
        if isinstance(resource, web.Resource):
            resource.add_route("OPTIONS", views.options)
