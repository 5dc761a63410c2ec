"""The original app's endpoint, as its article describes it, for the benchmark to
measure us against: for every request a new ``ephem.Observer`` at the query's place,
one planet computed, ``{"az", "alt", "name"}`` answered with ``web.json_response``.
Written by us from that description; served by the same gunicorn command (the
Procfile's), with no access log, as gunicorn's aiohttp worker runs an app by default
with this project's gunicorn settings.
"""

from __future__ import annotations

import math

import ephem
from aiohttp import web


async def planet(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    observer = ephem.Observer()
    observer.lat = request.query.get("lat", "51.4769")  # a string: degrees
    observer.lon = request.query.get("lon", "-0.0005")
    observer.elevation = float(request.query.get("elevation", "0"))
    observer.date = ephem.now()
    body = getattr(ephem, name.capitalize())(observer)
    return web.json_response(
        {"az": math.degrees(body.az), "alt": math.degrees(body.alt), "name": name}
    )


async def serve() -> web.AppRunner:
    app = web.Application()
    app.router.add_get("/planets/{name}", planet)
    return web.AppRunner(app, access_log=None)
