"""The HTTP connection, below the app: limits on what a client may send, and the
answers to requests that never reach a handler because they cannot be read.

aiohttp's parser rejects a request line or header that is too long, too many headers,
and malformed HTTP, before any middleware runs; it answers with a bare text 400 that
names aiohttp's version in ``Server`` and logs the offending bytes (which may hold a
visitor's coordinates). Here those answers are problem documents with the right
status (414 for a long URL, 431 for large headers), the same headers as every other
answer, and a log line that holds no request content.

Slow clients: aiohttp closes a connection whose request head has not arrived within
the keep-alive timeout of the connection opening or of the previous answer (its idle
timer keeps running while a head trickles in), so a client sending a header byte a
second is dropped after ``Config.keepalive_s``. Bodies are read under their own
deadline (``planettracker.views``).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import sys
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import BadHttpMessage, BadHttpMethod, LineTooLong
from aiohttp.web_protocol import RequestHandler

from planettracker.access import traceback_frames
from planettracker.headers import ANSWER_HEADERS
from planettracker.render import PROBLEM_CONTENT_TYPE, problem_json

logger = logging.getLogger("planettracker.error")

# The parser's limits. They differ so that a LineTooLong, which carries the limit it
# crossed, tells whether it was the request line (414) or a header (431).
MAX_REQUEST_LINE_BYTES = 4096
MAX_HEADER_FIELD_BYTES = 8190
MAX_HEADERS = 64
LINGERING_S = 1.0


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
            return (
                431,
                "Request Header Fields Too Large",
                f"More than {MAX_HEADERS} headers.",
            )
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
        status, title, detail = _classify(status, exc)
        rid = secrets.token_hex(8)
        # The exception's text may quote the request (and a location in its URL):
        # log what kind of error it was, and for our own failures where (the frames).
        kind = type(exc).__name__ if exc is not None else "error"
        if status >= 500:
            frames = traceback_frames(exc)
            logger.error("%s answered %d, request %s\n%s", kind, status, rid, frames)
        else:
            logger.warning("unreadable request answered %d (%s), request %s", status, kind, rid)
        if request.writer.output_size > 0:  # an answer was already on its way
            raise ConnectionError("the answer has already started")
        response = web.Response(
            body=problem_json(status, title, detail, rid),
            status=status,
            content_type=PROBLEM_CONTENT_TYPE,
            headers={**ANSWER_HEADERS, "X-Request-Id": rid},
        )
        response.force_close()
        return response

    def log_exception(self, *args: Any, **kwargs: Any) -> None:
        """aiohttp's own error log, which would write the exception's text (it may
        quote the request). A body that cannot be read is the client's doing: a
        warning line. Anything else: the kind and the traceback's frames."""
        exc = kwargs.get("exc_info")
        if not isinstance(exc, BaseException):
            exc = sys.exc_info()[1]
        if isinstance(exc, web.RequestPayloadError):
            logger.warning("a request body could not be read (%s)", type(exc).__name__)
            return
        kind = type(exc).__name__ if exc is not None else "error"
        logger.error("%s in a connection\n%s", kind, traceback_frames(exc))


class Server(web.Server):
    """aiohttp's low-level server, making ``Connection``s with the given settings
    (``keepalive_timeout``, ``max_line_size``...: ``RequestHandler``'s arguments)."""

    def __init__(self, handler: Any, *, request_factory: Any, **settings: Any) -> None:
        super().__init__(handler, request_factory=request_factory, **settings)
        self.connection_settings = settings

    def __call__(self) -> RequestHandler:
        return Connection(self, loop=asyncio.get_running_loop(), **self.connection_settings)
