"""The URL table, readable at a glance."""

from __future__ import annotations

from aiohttp import web

from planettracker import views
from planettracker.static import setup_static


def setup_routes(app: web.Application) -> None:
    app.router.add_get("/", views.index)
    app.router.add_get("/planets", views.sky)
    app.router.add_get("/planets/{name}", views.planet)
    app.router.add_post("/geo_location", views.geo_location)
    app.router.add_get("/healthz", views.health)
    app.router.add_get("/openapi.json", views.openapi)
    # The page's files, and nothing but them: never the repository root.
    setup_static(app)
