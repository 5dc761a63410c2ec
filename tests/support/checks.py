"""Checks on answers, shared by the tests that go through the app (aiohttp's test
client), the real server (raw sockets, schemathesis) and the connection level."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient

PROBLEM_KEYS = {"type", "title", "status", "detail", "request_id"}


def media_type(headers: Mapping[str, str]) -> str:
    """The Content-Type's media type, without its parameters, whatever the headers'
    spelling of the name."""
    value = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    return value.split(";", 1)[0].strip().lower()


def check_problem(
    status: int, headers: Mapping[str, str], body: bytes | str, expected: int
) -> dict[str, Any]:
    """Assert that an answer (its status, headers and body) is an RFC 9457 problem
    document for ``expected``, naming the request it answers (the X-Request-Id header)
    and quoting no traceback; return the document."""
    assert status == expected, body[:300]
    assert media_type(headers) == "application/problem+json"
    problem = json.loads(body)
    assert isinstance(problem, dict), problem
    assert problem.keys() >= PROBLEM_KEYS, problem
    assert problem["status"] == expected
    assert isinstance(problem["type"], str)
    assert problem["title"]
    assert problem["detail"]
    assert "Traceback" not in problem["detail"]
    request_id = next(v for k, v in headers.items() if k.lower() == "x-request-id")
    assert problem["request_id"] == request_id
    return problem


def check_text_problem(
    status: int, headers: Mapping[str, str], body: bytes | str, expected: int
) -> list[str]:
    """Assert that an answer is a problem document as text (what a request for
    format=text gets): "<status> <title>", the detail, then "name: value" lines with
    the request id; return its lines."""
    assert status == expected, body[:300]
    assert media_type(headers) == "text/plain"
    text = body.decode() if isinstance(body, bytes) else body
    lines = text.splitlines()
    assert lines[0].startswith(f"{expected} "), lines
    assert lines[1], lines
    assert "Traceback" not in text
    request_id = next(v for k, v in headers.items() if k.lower() == "x-request-id")
    assert f"request_id: {request_id}" in lines
    return lines


async def read_problem(response: ClientResponse, expected: int) -> dict[str, Any]:
    """``check_problem`` on an answer from aiohttp's client."""
    return check_problem(response.status, response.headers, await response.read(), expected)


async def get_json(
    client: TestClient, path: str, params: Mapping[str, str] | None = None, **kwargs: Any
) -> Any:
    """GET ``path`` through the app: the answer must be a 200 in JSON; its body."""
    response = await client.get(path, params=params, **kwargs)
    assert response.status == 200, await response.text()
    assert response.content_type == "application/json"
    return await response.json()
