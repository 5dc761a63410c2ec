"""The application factory, which wires the parts together and does no work itself,
and ``serve``, what the Procfile's gunicorn runs."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
from collections.abc import AsyncIterator

from aiohttp import web

from planettracker.config import Config
from planettracker.ephemeris import Ephemeris
from planettracker.events import EventCache
from planettracker.keys import CONFIG, DECLINATION, EPHEMERIS, EVENTS, OPENAPI, TIMEZONES
from planettracker.magnetic import MagneticDeclination
from planettracker.middlewares import setup_middlewares
from planettracker.openapi import openapi_document
from planettracker.routes import setup_routes
from planettracker.runner import graceful_runner
from planettracker.timezones import TimeZoneLookup


async def create_app(config: Config | None = None) -> web.Application:
    """Build the app. Gunicorn's aiohttp worker calls this with no arguments
    (settings from the environment); tests pass their own ``Config``."""
    config = config or Config.from_env()
    app = web.Application(client_max_size=config.max_body_bytes)
    app[CONFIG] = config
    app[EPHEMERIS] = Ephemeris()
    app[EVENTS] = EventCache(config.events_ttl_s, config.events_max_entries)
    app[TIMEZONES] = TimeZoneLookup()
    app[DECLINATION] = MagneticDeclination()
    app[OPENAPI] = json.dumps(openapi_document()).encode()
    app.cleanup_ctx.append(_sweep_events)
    setup_middlewares(app, config.access_log)
    setup_routes(app)
    return app


async def _sweep_events(app: web.Application) -> AsyncIterator[None]:
    """While the app runs, forget unused rise/set entries (precise places) on time,
    even when no request comes to do it."""
    cache = app[EVENTS]

    async def sweep() -> None:
        while True:
            await asyncio.sleep(min(cache.ttl_s / 5.0, 60.0))
            cache.sweep()

    task = asyncio.create_task(sweep())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def serve() -> web.AppRunner:
    """For gunicorn's aiohttp worker (the Procfile): the app, configured from the
    environment, in a runner that shuts down cleanly.

    Everything built so far (modules, the time-zone index, the app) lives as long as
    the worker: ``gc.freeze()`` takes it out of the garbage collector's full sweeps,
    which would otherwise walk all of it and hold the event loop for milliseconds."""
    config = Config.from_env()
    app = await create_app(config)
    app[DECLINATION].warm()  # sea level's grid, before the first request needs it
    runner = graceful_runner(app, config)
    gc.collect()
    gc.freeze()
    return runner
