"""Every error answer is an RFC 9457 problem document, built here and nowhere else.

- ``PROBLEM_TYPES``: which error is which status and problem type;
- ``problem_document``: the document; ``problem_text``: the same for a terminal, when the
  request asked for text (``format=text``, or ``Accept: text/plain`` without JSON);
- ``problems``: the one middleware, which turns errors raised while answering a request
  into problem documents (no traceback ever reaches a client), and refuses a body on
  GET or HEAD;
- ``unreadable_request``: the answer to a request the HTTP parser rejects before any
  middleware runs (``planettracker.web.server``, which alone knows aiohttp's parser
  errors, says which status, title and detail);
- ``traceback_frames``: what an error log may hold of an error.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping

import orjson
from aiohttp import web
from aiohttp.typedefs import Handler

from planettracker.sky.errors import PlanetTrackerError, UnknownBody
from planettracker.web.access import loggable_target
from planettracker.web.headers import answer_headers, new_request_id, request_id
from planettracker.web.query import InvalidBody, InvalidParameter, UnreadableBody

error_logger = logging.getLogger("planettracker.error")

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPES: dict[type[PlanetTrackerError], tuple[int, str]] = {
    InvalidParameter: (400, "/problems/invalid-parameter"),
    InvalidBody: (400, "/problems/invalid-body"),
    UnreadableBody: (400, "/problems/invalid-body"),
    UnknownBody: (404, "/problems/unknown-planet"),
}

# The parser's limits (set on every connection by planettracker.web.server). They
# differ so that the error for a line too long, which carries the limit it crossed,
# tells whether it was the request line (414) or a header (431).
MAX_REQUEST_LINE_BYTES = 4096
MAX_HEADER_FIELD_BYTES = 8190
MAX_HEADERS = 64


def traceback_frames(error: BaseException | None) -> str:
    """Where ``error`` happened (file, line, code of each frame) without its text,
    which may quote a request and the place in it: what an error log may hold."""
    if error is None:
        return ""
    return "".join(traceback.format_tb(error.__traceback__)).rstrip()


def problem_document(
    status: int,
    title: str,
    detail: str,
    rid: str,
    type_: str = "about:blank",
    extensions: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """An RFC 9457 problem document's members; ``extensions`` add some (``parameter``...)."""
    return {
        "type": type_,
        "title": title,
        "status": status,
        "detail": detail,
        **(extensions or {}),
        "request_id": rid,
    }


def problem_text(document: Mapping[str, object]) -> str:
    """A problem document for a terminal: the status and title, the detail, then the
    other members one a line ("parameter: lat", lists joined by commas)::

        400 Invalid parameter
        lat: 'abc' is not a decimal number

        type: /problems/invalid-parameter
        parameter: lat
        request_id: 42d3650000000008
    """
    lines = [f"{document['status']} {document['title']}", str(document["detail"]), ""]
    for name, value in document.items():
        if name not in ("status", "title", "detail"):
            shown = ", ".join(map(str, value)) if isinstance(value, list | tuple) else value
            lines.append(f"{name}: {shown}")
    return "\n".join(lines) + "\n"


def wants_text(request: web.BaseRequest) -> bool:
    """Did the client ask for plain text: ``format=text`` in the query (whatever else
    in it is wrong), or an Accept header that names text/plain and no JSON? Anything
    else (no Accept, ``*/*``, a browser's) gets the problem as JSON."""
    if request.query.get("format") == "text":
        return True
    accept = request.headers.get("Accept", "")
    return "text/plain" in accept and "json" not in accept


def problem(
    request: web.Request,
    status: int,
    title: str,
    detail: str,
    type_: str = "about:blank",
    headers: Mapping[str, str] | None = None,
    extensions: Mapping[str, object] | None = None,
) -> web.Response:
    """A problem document answer carrying the request id: JSON, or text if the request
    asked for text (``wants_text``), with the same status."""
    document = problem_document(status, title, detail, request_id(request), type_, extensions)
    if wants_text(request):
        return web.Response(
            text=problem_text(document),
            status=status,
            content_type="text/plain",
            charset="utf-8",
            headers=headers,
        )
    return web.Response(
        body=orjson.dumps(document),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        headers=headers,
    )


def allow(refused: web.HTTPMethodNotAllowed) -> str:
    """The ``Allow`` header of an address that refused a method."""
    return ", ".join(sorted(refused.allowed_methods))


def _domain_problem(request: web.Request, error: PlanetTrackerError) -> web.Response:
    status, type_ = PROBLEM_TYPES.get(type(error), (400, "about:blank"))
    extensions: dict[str, object] = {}
    if isinstance(error, InvalidParameter):
        extensions["parameter"] = error.parameter
    if isinstance(error, UnknownBody):
        extensions["valid_names"] = list(error.valid)
    answer = problem(request, status, error.title, error.detail, type_, extensions=extensions)
    if isinstance(error, UnreadableBody):
        answer.force_close()  # whatever else comes on this connection cannot be trusted
    return answer


def _http_problem(request: web.Request, error: web.HTTPException) -> web.Response:
    default_text = f"{error.status}: {error.reason}"
    detail = error.text if error.text and error.text != default_text else error.reason
    if error.status == 404 and detail == error.reason:
        detail = "There is nothing at this address; see /openapi.json for what there is."
    headers = {}
    if isinstance(error, web.HTTPMethodNotAllowed):
        headers["Allow"] = allow(error)
    answer = problem(request, error.status, error.reason, detail, headers=headers)
    if error.status in (408, 413) or request.method == "CONNECT":
        # A body left unread (too big, too slow) or a tunnel asked for: close the
        # connection at once rather than wait for what the client still sends.
        answer.force_close()
    return answer


@web.middleware
async def problems(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The app's one middleware. Only POST takes a body: one on a GET means nothing
    (RFC 9110) and is a common way to smuggle requests past a proxy, so it is refused
    rather than ignored. Every error becomes a problem document."""
    try:
        if request.body_exists and request.method in ("GET", "HEAD"):
            routed = request.match_info.http_exception is None  # else a 404/405 says more
            if routed:
                raise InvalidBody(f"a {request.method} request takes no body")
        return await handler(request)
    except PlanetTrackerError as error:
        return _domain_problem(request, error)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        return _http_problem(request, error)
    except Exception as error:
        # The traceback's frames, not the error's text, which may quote the input.
        error_logger.error(
            "unhandled %s in %s %s (request %s)\n%s",
            type(error).__name__,
            request.method,
            loggable_target(request.path, ""),
            request_id(request),
            traceback_frames(error),
        )
        return problem(
            request,
            500,
            "Internal Server Error",
            "Something went wrong on our side; quote the request_id if you report it.",
        )


class UnreadableAnswer(web.Response):
    """The answer to a request that never reached the app (the access log leaves it
    out: its warning line has said what there is to say)."""

    unreadable = True


def unreadable_request(
    status: int, title: str, detail: str, exc: BaseException | None
) -> web.Response:
    """The problem document for a request the parser rejected or that failed below
    the app (``exc``), logged by kind and id: the exception's text may quote the
    request (and a location in its URL)."""
    rid = new_request_id()
    kind = type(exc).__name__ if exc is not None else "error"
    if status >= 500:
        error_logger.error(
            "%s answered %d, request %s\n%s", kind, status, rid, traceback_frames(exc)
        )
    else:
        error_logger.warning("unreadable request answered %d (%s), request %s", status, kind, rid)
    response = UnreadableAnswer(
        body=orjson.dumps(problem_document(status, title, detail, rid)),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        headers={**answer_headers(), "X-Request-Id": rid},
    )
    response.force_close()
    return response
