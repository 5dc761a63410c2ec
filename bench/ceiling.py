"""The ceiling of this stack: aiohttp under gunicorn's aiohttp worker answering a
constant small JSON object. Run by the benchmark with the Procfile's very command
and settings, only the app swapped.

Two variants: ``serve`` logs every request exactly as the service does (the same
access-log middleware: the service's logging is part of every request it serves), and
``serve_bare`` has no middleware at all, to show what that logging costs. Both run in
the service's own runner, with the same settings.
"""

from __future__ import annotations

from aiohttp import web

from planettracker.config import Config
from planettracker.middlewares import request_context, setup_access_log
from planettracker.runner import graceful_runner

BODY = b'{"status": "ok"}'


async def constant(request: web.Request) -> web.Response:
    return web.Response(body=BODY, content_type="application/json")


async def serve() -> web.AppRunner:
    app = web.Application(middlewares=[request_context])
    setup_access_log(app)
    app.router.add_get("/", constant)
    return graceful_runner(app, Config.from_env())


async def serve_bare() -> web.AppRunner:
    app = web.Application()
    app.router.add_get("/", constant)
    return graceful_runner(app, Config.from_env())
