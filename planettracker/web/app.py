"""The application factory, which wires the parts together and does no work itself,
and ``serve``, what the Procfile's gunicorn runs."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from collections.abc import AsyncIterator

import orjson
from aiohttp import web

from planettracker.sky.observatory import Observatory
from planettracker.web.compression import Precompressed
from planettracker.web.config import Config
from planettracker.web.headers import decide_headers
from planettracker.web.keys import CONFIG, OBSERVATORY, OPENAPI
from planettracker.web.openapi import openapi_document
from planettracker.web.problems import problems
from planettracker.web.routes import setup_routes
from planettracker.web.server import graceful_runner


async def create_app(config: Config | None = None) -> web.Application:
    """Build the app. Gunicorn's aiohttp worker calls this with no arguments
    (settings from the environment); tests pass their own ``Config``.

    A request crosses one middleware (``problems``: errors become problem documents)
    and one response hook (``decide_headers``); the access line is written by the
    runner's access logger (``planettracker.web.server``)."""
    config = config or Config.from_env()
    app = web.Application(client_max_size=config.max_body_bytes, middlewares=[problems])
    app[CONFIG] = config
    app[OBSERVATORY] = Observatory(
        config.events_ttl_s, config.events_max_entries, config.tonight_max_entries
    )
    app[OPENAPI] = Precompressed.of(orjson.dumps(openapi_document()))
    app.on_response_prepare.append(decide_headers)
    app.cleanup_ctx.append(_sweep_events)
    setup_routes(app)
    return app


async def _sweep_events(app: web.Application) -> AsyncIterator[None]:
    """While the app runs, forget unused rise/set and tonight entries (precise places)
    on time, even when no request comes to do it."""
    observatory = app[OBSERVATORY]
    events, nights = observatory.events, observatory.nights

    async def sweep() -> None:
        while True:
            await asyncio.sleep(min(events.ttl_s / 5.0, 60.0))
            events.sweep()
            nights.sweep()

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
    observatory = app[OBSERVATORY]
    observatory.declination.warm()  # sea level's grid, before the first request needs it
    observatory.ephemeris.warm(time.time())  # the nodes of tonight and of the next 36 hours
    runner = graceful_runner(app, config)
    gc.collect()
    gc.freeze()
    return runner
