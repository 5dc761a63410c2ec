"""The connection level (planettracker.web.server, planettracker.web.problems): which
answer a request the parser rejects gets, and that the runner really builds our
connections."""

from __future__ import annotations

import gc
import re
from types import SimpleNamespace

import pytest
from aiohttp.http_exceptions import BadHttpMessage, BadHttpMethod, InvalidHeader, LineTooLong

from planettracker.sky.magnetic import MagneticDeclination
from planettracker.web import problems, server
from planettracker.web.app import create_app, serve
from planettracker.web.config import Config
from planettracker.web.headers import COMMON_HEADERS, DOCUMENT_HEADERS
from planettracker.web.server import GracefulRunner, graceful_runner
from tests.support.checks import check_problem


@pytest.mark.parametrize(
    ("status", "exc", "expected"),
    [
        (400, LineTooLong(b"/planets?lat=48.85661...", problems.MAX_REQUEST_LINE_BYTES), 414),
        (400, LineTooLong(b"X-Big", problems.MAX_HEADER_FIELD_BYTES), 431),
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
    got, title, detail = server._classify(status, exc)
    assert got == expected
    assert title
    assert detail
    assert "48.8" not in detail  # never quotes the request


async def test_the_runner_builds_our_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    """aiohttp's hook (_make_server) is used: if a new aiohttp stopped calling it,
    the limits and answers of planettracker.web.server would silently be gone. The
    runner is the one gunicorn's worker gets (``serve``, the Procfile's entry point)."""
    monkeypatch.setattr(gc, "freeze", lambda: None)  # keep this process's collector as it is
    monkeypatch.setattr(MagneticDeclination, "warm", lambda self: None)  # seconds, not needed
    runner = await serve()
    assert isinstance(runner, GracefulRunner)
    await runner.setup()
    try:
        assert isinstance(runner.server, server.Server)
        connection = runner.server()
        assert isinstance(connection, server.Connection)
        assert connection.max_line_size == problems.MAX_REQUEST_LINE_BYTES
        assert connection.max_field_size == problems.MAX_HEADER_FIELD_BYTES
        assert connection.max_headers == problems.MAX_HEADERS
    finally:
        await runner.cleanup()


async def test_problem_answers_carry_every_header() -> None:
    """What a connection answers to a request that never reached the app: a problem
    document with the right status and every header the app's answers carry."""
    config = Config()
    runner = graceful_runner(await create_app(config), config)
    await runner.setup()
    try:
        assert runner.server is not None
        connection = runner.server()
        rejected = SimpleNamespace(writer=SimpleNamespace(output_size=0))
        error = LineTooLong(b"/planets?lat=48.85661", problems.MAX_REQUEST_LINE_BYTES)
        answer = connection.handle_error(rejected, 400, error)  # type: ignore[arg-type]
    finally:
        await runner.cleanup()
    body = check_problem(answer.status, answer.headers, answer.body, 414)  # type: ignore[arg-type]
    for name, value in COMMON_HEADERS.items():
        assert answer.headers[name] == value
    assert not set(DOCUMENT_HEADERS) & set(answer.headers)  # a page's: not for a problem
    assert answer.headers["Cache-Control"] == "no-store"
    assert re.fullmatch(r"[0-9a-f]{16}", body["request_id"])
    assert "48.8" not in answer.body.decode()  # type: ignore[union-attr]
