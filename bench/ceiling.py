"""The ceiling of this stack: aiohttp under gunicorn's aiohttp worker answering a
constant small JSON object. Run by the benchmark with the Procfile's very command
and settings, only the app swapped.

Two variants: ``serve`` gives every request an id and logs it exactly as the service
does (the same access logger: the service's logging is part of every request it
serves), and ``serve_bare`` has neither, to show what that costs. Both run in the
service's own runner, with the same settings.
"""

from __future__ import annotations

from dataclasses import replace

from aiohttp import web

from planettracker.web.config import Config
from planettracker.web.headers import request_id
from planettracker.web.server import graceful_runner

BODY = b'{"status": "ok"}'


async def constant(request: web.Request) -> web.Response:
    return web.Response(body=BODY, content_type="application/json")


async def _identify(request: web.Request, response: web.StreamResponse) -> None:
    response.headers["X-Request-Id"] = request_id(request)


async def serve() -> web.AppRunner:
    app = web.Application()
    app.on_response_prepare.append(_identify)
    app.router.add_get("/", constant)
    return graceful_runner(app, Config.from_env())


async def serve_bare() -> web.AppRunner:
    app = web.Application()
    app.router.add_get("/", constant)
    return graceful_runner(app, replace(Config.from_env(), access_log=False))
