"""The access log: one line per request on stdout, which never holds a precise location.

aiohttp calls an access logger (``AbstractAccessLogger``, given to the runner as
``access_log_class``) once an answer has gone out, with its final status and the time
it took: ``access_logger`` makes the class that writes those lines here.

It is written without the logging module. Here a log record through ``logging``
(record, formatter, handler, a flushed write) cost some 150,000 CPU instructions,
more than the whole of an empty request through aiohttp, so each worker buffers its
lines and writes them at most once a second (and when it stops): one system call a
second instead of one per request. The lines look like the other log lines.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
import time
from collections.abc import Callable
from typing import TextIO

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

# Any number with a fraction or an exponent in a logged request line is coarsened to a
# whole number: a latitude or longitude to ~1 degree (~100 km), wherever a client put
# it (query, path, typo'd parameter name) and however it is spelled: "48.8566",
# ".12574", "4885661e-5", a comma for the point, any script's digits. Plain integers
# are kept (the digits of a date, whole degrees). The seconds of a time ("hh:mm:ss.fff",
# as the page sends its instants) keep their two digits and lose the fraction, which is
# cut, not rounded: "11:00:00.000" is logged "11:00:00", "11:00:59.9" "11:00:59".
_FRACTIONAL = re.compile(
    r"(?<=\d:\d\d:)(\d\d)[.,]\d+|\d*[.,]\d+(?:[eE][+-]?\d+)?|\d+[.,]?[eE][+-]?\d+"
)
MAX_LOGGED_TARGET = 200


def _coarse(match: re.Match[str]) -> str:
    seconds = match.group(1)
    if seconds is not None:
        return seconds
    try:
        return str(round(float(match.group().replace(",", "."))))
    except (OverflowError, ValueError):  # 1e999 and the like: nothing to keep
        return "?"


def loggable_target(path: str, query_string: str) -> str:
    """The request's path and decoded query with every decimal number rounded to a
    whole number and anything unprintable escaped: safe to write to a log."""
    target = f"{path}?{query_string}" if query_string else path
    target = _FRACTIONAL.sub(_coarse, target)
    if not target.isprintable():
        target = target.encode("unicode_escape").decode("ascii")
    if len(target) > MAX_LOGGED_TARGET:
        target = target[: MAX_LOGGED_TARGET - 3] + "..."
    return target


class AccessLog:
    """Buffered access-log lines for one worker process."""

    def __init__(
        self,
        enabled: bool = True,
        flush_after_s: float = 1.0,
        max_lines: int = 512,
        stream: Callable[[], TextIO] = lambda: sys.stdout,
    ) -> None:
        self.enabled = enabled
        self.flush_after_s = flush_after_s
        self.max_lines = max_lines
        self._stream = stream
        self._lines: list[str] = []
        self._timer: asyncio.TimerHandle | None = None
        self._second = -1
        self._prefix = ""

    def write(self, request_id: str, method: str, target: str, status: int, ms: float) -> None:
        if not self.enabled:
            return
        now = int(time.time())
        if now != self._second:  # the timestamp changes once a second, not per line
            self._second = now
            stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(now))
            self._prefix = f"{stamp} INFO planettracker.access [{os.getpid()}] "
        self._lines.append(f'{self._prefix}{request_id} "{method} {target}" {status} {ms:.2f}ms\n')
        if len(self._lines) >= self.max_lines:
            self.flush()
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.flush_after_s, self.flush)

    def flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._lines:
            lines, self._lines = self._lines, []
            stream = self._stream()
            stream.write("".join(lines))
            stream.flush()


def access_logger(log: AccessLog) -> type[AbstractAccessLogger]:
    """The access-logger class for aiohttp's connections (the runner's
    ``access_log_class``), writing to ``log``. aiohttp makes one per connection."""

    class AccessLogger(AbstractAccessLogger):
        __slots__ = ()

        def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
            # Requests the parser rejected are logged where they are answered
            # (planettracker.web.problems), by kind only: there is no target to log.
            if not getattr(response, "unreadable", False):
                rid = response.headers.get("X-Request-Id", "-")
                target = loggable_target(request.path, request.query_string)
                log.write(rid, request.method, target, response.status, time * 1000.0)

    return AccessLogger
