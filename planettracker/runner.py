"""How gunicorn's aiohttp worker serves the app: the runner, and a clean shutdown."""

from __future__ import annotations

import asyncio

from aiohttp import web

from planettracker.config import Config


class GracefulRunner(web.AppRunner):
    """An AppRunner whose shutdown does not hang on connections that arrived at the
    last moment.

    On SIGTERM aiohttp stops listening, closes its connections, then waits for their
    handlers. With aiohttp 3.14 on Python 3.11 a connection accepted just before the
    socket closed, whose handler had not started yet, is missed by that closing: its
    handler then waits for a request that will never be read, and holds the worker
    until the shutdown timeout (measured: every restart under load took the full
    timeout and ended with the worker killed). Closing the connections once more,
    after one turn of the event loop has started those handlers, ends them at once.
    """

    async def shutdown(self) -> None:
        await asyncio.sleep(0)
        if self.server is not None:
            self.server.pre_shutdown()
        await super().shutdown()


def graceful_runner(app: web.Application, config: Config) -> web.AppRunner:
    """The runner gunicorn's worker uses for ``app`` (see ``planettracker.app.serve``).
    The access log is the app's own (``planettracker.access``)."""
    return GracefulRunner(
        app,
        access_log=None,
        keepalive_timeout=config.keepalive_s,
        # Finish in-flight requests a little before gunicorn's own graceful timeout.
        shutdown_timeout=config.graceful_timeout_s * 0.9,
    )
