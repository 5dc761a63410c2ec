"""Cross-cutting request handling: a request id and an access log that never holds a
precise location, and the one place where errors become RFC 9457 problem documents."""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import AsyncIterator, Mapping

from aiohttp import web
from aiohttp.typedefs import Handler

from planettracker.access import AccessLog, loggable_target, traceback_frames
from planettracker.cors import allow, cors
from planettracker.errors import (
    InvalidBody,
    InvalidParameter,
    PlanetTrackerError,
    UnknownBody,
    UnreadableBody,
)
from planettracker.headers import final_file_headers, secure_headers
from planettracker.keys import ACCESS_LOG, REQUEST_ID, REQUEST_STARTED
from planettracker.render import PROBLEM_CONTENT_TYPE, problem_json

error_logger = logging.getLogger("planettracker.error")

PROBLEM_TYPES: dict[type[PlanetTrackerError], tuple[int, str]] = {
    InvalidParameter: (400, "/problems/invalid-parameter"),
    InvalidBody: (400, "/problems/invalid-body"),
    UnreadableBody: (400, "/problems/invalid-body"),
    UnknownBody: (404, "/problems/unknown-planet"),
}
# The platform router's request id is a UUID; anything else a client sends is replaced
# (it is logged, and must not smuggle a location past the log's coarsening).
_ROUTER_REQUEST_ID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


def request_id(request: web.Request) -> str:
    rid: str = request.get(REQUEST_ID, "-")
    return rid


@web.middleware
async def request_context(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Give every request an id (the platform router's X-Request-Id if it sent a
    UUID) and echo it to the client. The access line is written when the answer is
    sent (``log_answer``): only then is its status final (a file may turn out 304)."""
    request[REQUEST_STARTED] = time.perf_counter()
    given = request.headers.get("X-Request-Id", "")
    rid = given if _ROUTER_REQUEST_ID.fullmatch(given) else secrets.token_hex(8)
    request[REQUEST_ID] = rid
    response = await handler(request)
    response.headers["X-Request-Id"] = rid
    return response


async def log_answer(request: web.Request, response: web.StreamResponse) -> None:
    """One access-log line per answer, as it starts on its way (on_response_prepare)."""
    log = request.app[ACCESS_LOG]
    if log.enabled:
        target = loggable_target(request.path, request.query_string)
        ms = (time.perf_counter() - request.get(REQUEST_STARTED, 0.0)) * 1000.0
        log.write(request_id(request), request.method, target, response.status, ms)


def setup_access_log(app: web.Application, enabled: bool = True) -> None:
    """The worker's access log (see ``planettracker.access``), written out at exit."""

    async def flush_at_exit(app: web.Application) -> AsyncIterator[None]:
        yield
        app[ACCESS_LOG].flush()

    app[ACCESS_LOG] = AccessLog(enabled)
    app.on_response_prepare.append(log_answer)
    app.cleanup_ctx.append(flush_at_exit)


def problem(
    request: web.Request,
    status: int,
    title: str,
    detail: str,
    type_: str = "about:blank",
    headers: Mapping[str, str] | None = None,
    extensions: Mapping[str, object] | None = None,
) -> web.Response:
    """A problem document answer (``render.problem_json``) carrying the request id."""
    return web.Response(
        body=problem_json(status, title, detail, request_id(request), type_, extensions),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        headers=headers,
    )


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
    """Every error answer is a problem document; no traceback ever reaches a client."""
    try:
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


@web.middleware
async def no_body_unless_posted(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Only POST takes a body. One on a GET means nothing (RFC 9110) and is a common
    way to smuggle requests past a proxy: refuse it rather than ignore it."""
    routed = request.match_info.http_exception is None  # else a 404 or 405 says more
    if routed and request.method in ("GET", "HEAD") and request.body_exists:
        raise InvalidBody(f"a {request.method} request takes no body")
    return await handler(request)


def setup_middlewares(app: web.Application, access_log: bool = True) -> None:
    """Outermost first: the request id and access log see every answer, the headers
    go on every answer, CORS and OPTIONS next, errors become problem documents, and
    requests are checked innermost (their refusals become problem documents too)."""
    setup_access_log(app, access_log)
    app.on_response_prepare.append(final_file_headers)
    app.middlewares.extend([request_context, secure_headers, cors, problems, no_body_unless_posted])
