"""How gunicorn's aiohttp worker serves the app: the runner, its connections
(``planettracker.protocol``), and a clean shutdown."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from planettracker import protocol
from planettracker.config import Config


class GracefulRunner(web.AppRunner):
    """An AppRunner whose connections answer unreadable requests our way
    (``protocol.Connection``), and whose shutdown does not hang on connections that
    arrived at the last moment.

    On SIGTERM aiohttp stops listening, lets the loop turn once, closes its idle
    connections (``pre_shutdown``), then calls ``shutdown`` and waits for the handlers.
    With aiohttp 3.14 on Python 3.11 a connection accepted in that very turn, whose
    handler had not started yet, is missed by that closing: its handler then waits
    for a request that will never be read, and holds the worker until the shutdown
    timeout (measured: every restart under load took the full timeout and ended with
    the worker killed). ``shutdown`` closes idle connections once more, after one more
    turn has started those handlers, which ends them at once.
    ``tests/test_server.py`` restarts under load and checks the exit takes < 5 s.

    The connections are built by ``protocol.Server`` with the settings given here
    (aiohttp's own ``debug`` and ``access_log_class`` defaults apply; this app sets
    no ``handler_args``). ``_make_server`` is aiohttp's hook for that; the Pipfile
    pins aiohttp to the 3.14 series it was written and tested against.
    """

    def __init__(self, app: web.Application, *, shutdown_timeout: float, **settings: Any) -> None:
        super().__init__(app, shutdown_timeout=shutdown_timeout, **settings)
        self._connection_settings = settings

    async def _make_server(self) -> web.Server:
        started = await super()._make_server()  # starts the app; aiohttp's plain server
        return protocol.Server(
            started.request_handler,
            request_factory=started.request_factory,
            **self._connection_settings,
        )

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
        # Finish in-flight requests a little before gunicorn's own graceful timeout.
        shutdown_timeout=config.graceful_timeout_s * 0.9,
        access_log=None,
        # Also the time a client has to send a request head (see protocol).
        keepalive_timeout=config.keepalive_s,
        # After refusing a body (413), read and drop what is still coming for at most
        # this long, so the client can read the answer, then close.
        lingering_time=protocol.LINGERING_S,
        max_line_size=protocol.MAX_REQUEST_LINE_BYTES,
        max_field_size=protocol.MAX_HEADER_FIELD_BYTES,
        max_headers=protocol.MAX_HEADERS,
    )
