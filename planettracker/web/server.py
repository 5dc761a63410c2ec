"""How gunicorn's aiohttp worker serves the app: the runner and its connections.

This is the one module that uses aiohttp's private API, and why (the Pipfile pins
aiohttp's 3.14 series for it; ``tests/web/test_server.py`` fails if a hook stops
being called):

- ``Connection`` subclasses aiohttp's connection handler (``RequestHandler``) for
  ``handle_error``: aiohttp answers a request its parser rejects (a URL or header too
  long, too many headers, not HTTP) with a bare text 400 naming its version, before
  any middleware or signal runs. There is no public hook for that answer; ours is a
  problem document with the right status (``problems.unreadable_request``), which
  ``_classify`` reads from aiohttp's parser errors (``aiohttp.http_exceptions``: their
  classes, the limit a ``LineTooLong`` carries, the text of too many headers). Its
  ``log_exception`` keeps aiohttp's error log from writing an exception's text (it may
  quote the request): a logging filter on ``aiohttp.server`` could do that part, but
  the class is needed anyway, and one place is easier to read than two.
- ``GracefulRunner._make_server`` is the only way to have aiohttp's server build
  those connections (``web.Server`` makes plain ``RequestHandler``s).
- ``GracefulRunner.shutdown`` works around a shutdown hang (below).

Everything else is public: the access log is an ``AbstractAccessLogger`` given as
``access_log_class``; the connection limits and timeouts are the runner's settings.

Slow clients: aiohttp closes a connection whose request head has not arrived within
the keep-alive timeout of the connection opening or of the previous answer (its idle
timer keeps running while a head trickles in), so a client sending a header byte a
second is dropped after ``Config.keepalive_s``. Bodies are read under their own
deadline (``planettracker.web.views``).
"""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import BadHttpMessage, BadHttpMethod, LineTooLong
from aiohttp.web_protocol import RequestHandler

from planettracker.web.access import AccessLog, access_logger
from planettracker.web.config import Config
from planettracker.web.problems import (
    MAX_HEADER_FIELD_BYTES,
    MAX_HEADERS,
    MAX_REQUEST_LINE_BYTES,
    error_logger,
    traceback_frames,
    unreadable_request,
)

LINGERING_S = 1.0


def connection_settings(config: Config, log: AccessLog) -> dict[str, Any]:
    """The runner's settings for every connection (also what tests give aiohttp's
    test server, so that they see the same limits and access log)."""
    return {
        # The access log is ours (planettracker.web.access); gunicorn's stays off.
        "access_log_class": access_logger(log),
        "access_log": logging.getLogger("planettracker.access") if config.access_log else None,
        # Also the time a client has to send a request head (see above).
        "keepalive_timeout": config.keepalive_s,
        # After refusing a body (413), read and drop what is still coming for at most
        # this long, so the client can read the answer, then close.
        "lingering_time": LINGERING_S,
        "max_line_size": MAX_REQUEST_LINE_BYTES,
        "max_field_size": MAX_HEADER_FIELD_BYTES,
        "max_headers": MAX_HEADERS,
    }


def _classify(status: int, exc: BaseException | None) -> tuple[int, str, str]:
    """(status, title, detail) for an error found before any handler ran."""
    if isinstance(exc, LineTooLong):
        limit = exc.args[1] if len(exc.args) > 1 else None
        if limit == MAX_REQUEST_LINE_BYTES:
            return (
                414,
                "URI Too Long",
                f"The request line is longer than {MAX_REQUEST_LINE_BYTES} bytes.",
            )
        return 431, "Request Header Fields Too Large", f"A header is longer than {limit} bytes."
    if isinstance(exc, BadHttpMethod):
        detail = "Not HTTP, or an unknown method: this service answers GET, HEAD, POST, OPTIONS."
        return 400, "Bad Request", detail
    if isinstance(exc, BadHttpMessage):
        if "Too many headers" in str(exc):
            return 431, "Request Header Fields Too Large", f"More than {MAX_HEADERS} headers."
        return 400, "Bad Request", "The request could not be read as HTTP/1.1."
    if status == 504:
        return 504, "Gateway Timeout", "The answer took too long."
    if 400 <= status < 500:
        return status, "Bad Request", "The request could not be read as HTTP/1.1."
    return 500, "Internal Server Error", "Something went wrong on our side."


class Connection(RequestHandler):
    """aiohttp's connection handler, with our answers to unreadable requests."""

    def handle_error(
        self,
        request: web.BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        answer = unreadable_request(*_classify(status, exc), exc)  # logged, whatever comes next
        if request.writer.output_size > 0:  # an answer was already on its way
            raise ConnectionError("the answer has already started")
        return answer

    def log_exception(self, *args: Any, **kwargs: Any) -> None:
        """aiohttp's own error log, which would write the exception's text (it may
        quote the request). A body that cannot be read is the client's doing: a
        warning line. Anything else: the kind and the traceback's frames."""
        exc = kwargs.get("exc_info")
        if not isinstance(exc, BaseException):
            exc = sys.exc_info()[1]
        if isinstance(exc, web.RequestPayloadError):
            error_logger.warning("a request body could not be read (%s)", type(exc).__name__)
            return
        kind = type(exc).__name__ if exc is not None else "error"
        error_logger.error("%s in a connection\n%s", kind, traceback_frames(exc))


class Server(web.Server):
    """aiohttp's low-level server, making ``Connection``s with the given settings
    (``keepalive_timeout``, ``max_line_size``...: ``RequestHandler``'s arguments)."""

    def __init__(self, handler: Any, *, request_factory: Any, **settings: Any) -> None:
        super().__init__(handler, request_factory=request_factory, **settings)
        self.connection_settings = settings

    def __call__(self) -> RequestHandler:
        return Connection(self, loop=asyncio.get_running_loop(), **self.connection_settings)


class GracefulRunner(web.AppRunner):
    """An AppRunner whose connections answer unreadable requests our way, whose access
    log is written out when it stops, and whose shutdown does not hang on connections
    that arrived at the last moment.

    On SIGTERM aiohttp stops listening, lets the loop turn once, closes its idle
    connections (``pre_shutdown``), then calls ``shutdown`` and waits for the handlers.
    With aiohttp 3.14 on Python 3.11 a connection accepted in that very turn, whose
    handler had not started yet, is missed by that closing: its handler then waits
    for a request that will never be read, and holds the worker until the shutdown
    timeout (measured: every restart under load took the full timeout and ended with
    the worker killed). ``shutdown`` closes idle connections once more, after one more
    turn has started those handlers, which ends them at once.
    """

    def __init__(
        self, app: web.Application, *, shutdown_timeout: float, log: AccessLog, **settings: Any
    ) -> None:
        super().__init__(app, shutdown_timeout=shutdown_timeout, **settings)
        self._connection_settings = settings
        self.access_log = log

    async def _make_server(self) -> web.Server:
        started = await super()._make_server()  # starts the app; aiohttp's plain server
        return Server(
            started.request_handler,
            request_factory=started.request_factory,
            **self._connection_settings,
        )

    async def shutdown(self) -> None:
        await asyncio.sleep(0)
        if self.server is not None:
            self.server.pre_shutdown()
        await super().shutdown()

    async def cleanup(self) -> None:
        await super().cleanup()
        self.access_log.flush()  # the last second's lines


def graceful_runner(app: web.Application, config: Config) -> GracefulRunner:
    """The runner gunicorn's worker uses for ``app`` (see ``planettracker.web.app``)."""
    log = AccessLog(config.access_log)
    return GracefulRunner(
        app,
        # Finish in-flight requests a little before gunicorn's own graceful timeout.
        shutdown_timeout=config.graceful_timeout_s * 0.9,
        log=log,
        **connection_settings(config, log),
    )
