"""The connection level (planettracker.protocol, planettracker.runner): which answer a
request the parser rejects gets, and that the runner really builds our connections."""

from __future__ import annotations

import pytest
from aiohttp import web
from aiohttp.http_exceptions import BadHttpMessage, BadHttpMethod, InvalidHeader, LineTooLong

from planettracker import protocol
from planettracker.app import create_app
from planettracker.config import Config
from planettracker.runner import GracefulRunner, graceful_runner


@pytest.mark.parametrize(
    ("status", "exc", "expected"),
    [
        (400, LineTooLong(b"/planets?lat=48.85661...", protocol.MAX_REQUEST_LINE_BYTES), 414),
        (400, LineTooLong(b"X-Big", protocol.MAX_HEADER_FIELD_BYTES), 431),
        (400, BadHttpMessage("Too many headers received"), 431),
        (400, BadHttpMethod("FOO"), 400),
        (400, InvalidHeader(b"X-A: a\0b"), 400),
        (400, ValueError("something new"), 400),  # an error aiohttp may add one day
        (500, RuntimeError("a bug"), 500),
        (504, None, 504),
    ],
)
def test_what_the_parser_rejects_is_answered_with_the_right_status(
    status: int, exc: BaseException | None, expected: int
) -> None:
    got, title, detail = protocol._classify(status, exc)
    assert got == expected
    assert title
    assert detail
    assert "48.8" not in detail  # never quotes the request


async def test_the_runner_builds_our_connections() -> None:
    """aiohttp's hook (_make_server) is used: if a new aiohttp stopped calling it,
    the limits and answers of protocol.py would silently be gone."""
    config = Config()
    runner = graceful_runner(await create_app(config), config)
    assert isinstance(runner, GracefulRunner)
    await runner.setup()
    try:
        assert isinstance(runner.server, protocol.Server)
        connection = runner.server()
        assert isinstance(connection, protocol.Connection)
        assert connection.max_line_size == protocol.MAX_REQUEST_LINE_BYTES
        assert connection.max_field_size == protocol.MAX_HEADER_FIELD_BYTES
        assert connection.max_headers == protocol.MAX_HEADERS
    finally:
        await runner.cleanup()


def test_problem_answers_carry_every_header() -> None:
    from planettracker.headers import ANSWER_HEADERS

    assert ANSWER_HEADERS["Server"] == "PlanetTracker"
    assert isinstance(web.Response(headers=ANSWER_HEADERS), web.Response)
