"""Nasty requests, as raw bytes, to the real server: each gets the right 4xx as a
problem document (or a 2xx for HEAD and OPTIONS), nothing outside static/ is ever
served, no version or traceback leaks, and the server is still up afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.server import ROOT, Server
from tests.support.checks import check_problem
from tests.support.raw import Reply, exchange, request

# One worker runs the module (make test is parallel): its last test reads the log of the others.
pytestmark = [pytest.mark.server, pytest.mark.xdist_group("hostile")]

# A place no log may hold (see test_the_log_holds_no_place_from_these_requests).
LAT, LON = "48.85661", "2.35222"
PLACE = f"lat={LAT}&lon={LON}"
# What must never appear in an answer: files outside static/, versions, tracebacks.
SECRETS = [
    (ROOT / "Procfile").read_text().split()[1].encode(),  # the gunicorn command line
    b"def create_app",
    b"[packages]",
    b"root:x:0:0",
    b"Traceback",
    b"aiohttp/",
    b"Python/",
    str(ROOT).encode(),
]

GET = request
JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}

TRAVERSALS = [
    "/static/../Procfile",
    "/static/%2e%2e/Procfile",
    "/static/%2E%2E/Pipfile",
    "/static/.%2e/planettracker/app.py",
    "/static/%252e%252e/Procfile",
    "/static/..%2fProcfile",
    "/static/%2e%2e%2fProcfile",
    "/static/..%5cProcfile",
    "/static/..\\Procfile",
    "/static/%5c..%5cProcfile",
    "/static/%c0%ae%c0%ae/Procfile",
    "/static/js/../../planettracker/app.py",
    "/static/js/%2e%2e/%2e%2e/Pipfile",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/../../../../etc/passwd",
    "//etc/passwd",
    "/../Procfile",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/Procfile",
    "/planettracker/app.py",
    "/static/.git/config",
    "/static/",
    "/static/js",
    "http://127.0.0.1/../Procfile",
    "/static/index.html%00.js",
    "/planets/..%2f..%2fProcfile",
    "/planets/../Procfile",
]

CASES: list[tuple[str, bytes, int]] = [
    *[(f"traversal {path}", GET("GET", path), 404) for path in TRAVERSALS],
    # Non-ASCII and control characters.
    ("percent-encoded non-ASCII name", GET("GET", "/planets/m%C3%A4rs"), 404),
    ("raw non-ASCII in the path", b"GET /planets/m\xc3\xa4rs HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    (
        "raw non-ASCII in a value",
        "GET /planets?lat=4\xb0&lon=2 HTTP/1.1\r\n\r\n".encode("latin-1"),
        400,
    ),
    ("zero-width space in a value", GET("GET", "/planets?lat=%E2%80%8B1&lon=2"), 400),
    ("encoded NUL in a value", GET("GET", f"/planets?lat={LAT}%00&lon={LON}"), 400),
    ("raw NUL in the path", f"GET /planets?{PLACE}\0 HTTP/1.1\r\nHost: x\r\n\r\n".encode(), 400),
    ("NUL in a header", b"GET /planets HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n", 400),
    ("bare CR in a header", b"GET /planets HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", 400),
    ("control character in a name", GET("GET", "/planets/mars%07"), 404),
    ("unknown parameter", GET("GET", f"/planets?{PLACE}&lattitude=1"), 400),
    ("repeated parameter", GET("GET", f"/planets?{PLACE}&lat=1"), 400),
    ("not a number", GET("GET", f"/planets?lat=NaN&lon={LON}"), 400),
    ("infinite", GET("GET", f"/planets?lat=1e999&lon={LON}"), 400),
    ("year 10000", GET("GET", "/planets?at=10000-01-01T00:00:00Z"), 400),
    ("stars: a parameter they do not take", GET("GET", f"/stars?{PLACE}&events=1"), 400),
    ("stars: not a number", GET("GET", f"/stars?lat=NaN&lon={LON}"), 400),
    ("stars: an encoded NUL", GET("GET", f"/stars?lat={LAT}%00&lon={LON}"), 400),
    ("tonight: min_alt out of range", GET("GET", f"/tonight?{PLACE}&min_alt=1e999"), 400),
    ("tonight: min_alt not a number", GET("GET", f"/tonight?{PLACE}&min_alt=NaN"), 400),
    ("tonight: events is not its parameter", GET("GET", f"/tonight?{PLACE}&events=1"), 400),
    ("tonight: track twice", GET("GET", f"/tonight?{PLACE}&track=1&track=1"), 400),
    ("tonight: a name in the path", GET("GET", "/tonight/mars"), 404),
    ("tonight: POST", GET("POST", "/tonight", FORM, PLACE.encode()), 405),
    # Sizes.
    ("8 KB query string", GET("GET", f"/planets?{PLACE}&x=" + "1" * 8192), 414),
    ("4 KB path", GET("GET", "/planets/" + "m" * 4096), 414),
    ("a 10 KB header", GET("GET", "/planets", {"X-Big": "a" * 10_000}), 431),
    ("a 10 KB header name", GET("GET", "/planets", {"X" * 10_000: "a"}), 431),
    ("100 headers", GET("GET", "/planets", {f"X-{i}": "1" for i in range(100)}), 431),
    ("1 MB JSON body", GET("POST", "/geo_location", JSON, b" " * 1_048_576), 413),
    ("1 MB form body", GET("POST", "/geo_location", FORM, b"a" * 1_048_576), 413),
    (
        "1 MB body, chunked",
        GET(
            "POST",
            "/geo_location",
            {**JSON, "Transfer-Encoding": "chunked"},
            (b"10000\r\n" + b" " * 0x10000 + b"\r\n") * 16 + b"0\r\n\r\n",
        ),
        413,
    ),
    (
        "a length it does not send",
        GET("POST", "/geo_location", {**JSON, "Content-Length": "10000000000"}),
        413,
    ),
    # Bodies and content types.
    (
        "text/plain body",
        GET("POST", "/geo_location", {"Content-Type": "text/plain"}, PLACE.encode()),
        415,
    ),
    ("no content type", GET("POST", "/geo_location", {}, PLACE.encode()), 415),
    (
        "XML body",
        GET("POST", "/geo_location", {"Content-Type": "application/xml"}, b"<lat>1</lat>"),
        415,
    ),
    ("JSON that is not JSON", GET("POST", "/geo_location", JSON, b'{"lat": 1,'), 400),
    ("a JSON array", GET("POST", "/geo_location", JSON, b"[1, 2]"), 400),
    ("deeply nested JSON", GET("POST", "/geo_location", JSON, b"[" * 5000 + b"]" * 5000), 400),
    (
        "JSON null elevation",
        GET("POST", "/geo_location", JSON, b'{"lat": 1, "lon": 2, "elevation": null}'),
        400,
    ),
    ("JSON string number", GET("POST", "/geo_location", JSON, b'{"lat": "1", "lon": true}'), 400),
    (
        "form with a file",
        GET(
            "POST",
            "/geo_location",
            {"Content-Type": "multipart/form-data; boundary=b"},
            b'--b\r\nContent-Disposition: form-data; name="lat"; filename="x"\r\n\r\n1\r\n--b--\r\n',
        ),
        400,
    ),
    ("a body on GET", GET("GET", f"/planets?{PLACE}", {}, b"lat=1"), 400),
    (
        "a chunked body on GET",
        GET("GET", "/planets", {"Transfer-Encoding": "chunked"}, b"1\r\na\r\n0\r\n\r\n"),
        400,
    ),
    (
        "length and chunked (smuggling)",
        GET(
            "POST",
            "/geo_location",
            {**JSON, "Content-Length": "4", "Transfer-Encoding": "chunked"},
            b"0\r\n\r\n",
        ),
        400,
    ),
    (
        "two lengths",
        b"POST /geo_location HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
        400,
    ),
    (
        "gzip that is not gzip",
        GET("POST", "/geo_location", {**JSON, "Content-Encoding": "gzip"}, b'{"lat": 1, "lon": 2}'),
        400,
    ),
    (
        "a broken multipart header",
        GET(
            "POST",
            "/geo_location",
            {"Content-Type": "multipart/form-data; boundary=b"},
            b"--b\r\nContent-Disposition form-data\r\n\r\n1\r\n--b--\r\n",
        ),
        400,
    ),
    # Methods.
    ("an unknown method", GET("FOO", "/planets"), 400),
    ("a malformed method", GET("G@T", "/planets"), 400),
    ("TRACE", GET("TRACE", "/"), 405),
    ("DELETE", GET("DELETE", "/planets/mars"), 405),
    ("PUT", GET("PUT", "/static/style.css", JSON, b"{}"), 405),
    ("PROPFIND", GET("PROPFIND", "/static/"), 404),
    ("CONNECT", b"CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: x\r\n\r\n", 404),
    ("POST to a GET route", GET("POST", "/planets", FORM, PLACE.encode()), 405),
    ("POST to the stars", GET("POST", "/stars", FORM, PLACE.encode()), 405),
    ("GET on the POST route", GET("GET", "/geo_location"), 405),
    # Not HTTP at all.
    ("a TLS hello", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(40), 400),
    ("HTTP/2 preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400),
    ("HTTP/9.9", b"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n", 400),
    ("junk after the version", b"GET /healthz HTTP/1.1 x\r\nHost: x\r\n\r\n", 400),
]
READABLE_ROUTES = ["/", "/planets", "/planets/mars", "/tonight", "/stars", "/healthz", "/openapi.json", "/static/style.css", "/static/js/app.js"]  # fmt: skip
API_ROUTES = {"/planets", "/planets/mars", "/tonight", "/stars", "/healthz", "/openapi.json"}


def check_common(reply: Reply) -> None:
    """What every answer carries, whatever it says (and a request id, but for the
    page's files: a file has its ETag)."""
    assert reply.headers["server"] == "PlanetTracker"
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert ("x-request-id" in reply.headers) is not ("etag" in reply.headers)
    for secret in SECRETS:
        assert secret not in reply.body
        assert all(secret.decode() not in value for value in reply.headers.values())


@pytest.mark.parametrize(("raw", "status"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])  # fmt: skip
def test_nasty_requests_get_the_right_4xx(server: Server, raw: bytes, status: int) -> None:
    reply = exchange(server.port, raw)
    check_problem(reply.status, reply.headers, reply.body, status)
    check_common(reply)


@pytest.mark.parametrize("path", READABLE_ROUTES)
def test_head_on_every_route(server: Server, path: str) -> None:
    get = exchange(server.port, request("GET", path))
    head = exchange(server.port, request("HEAD", path))
    assert (head.status, get.status) == (200, 200)
    assert head.body == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    check_common(head)


def test_head_on_the_post_route_is_not_allowed(server: Server) -> None:
    reply = exchange(server.port, request("HEAD", "/geo_location"))
    assert reply.status == 405
    assert reply.headers["allow"] == "OPTIONS, POST"
    assert reply.body == b""


@pytest.mark.parametrize("path", [*READABLE_ROUTES, "/geo_location"])
def test_options_on_every_route(server: Server, path: str) -> None:
    reply = exchange(
        server.port,
        request(
            "OPTIONS",
            path,
            {"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
        ),
    )
    assert reply.status == 204
    assert reply.body == b""
    check_common(reply)
    if path == "/geo_location":
        assert reply.headers["allow"] == "OPTIONS, POST"
    else:
        assert reply.headers["allow"] == "GET, HEAD, OPTIONS"
    # The API may be read from any site; the page, its files and the POST may not.
    if path in API_ROUTES:
        assert reply.headers["access-control-allow-origin"] == "*"
        assert reply.headers["access-control-allow-methods"] == "GET, HEAD"
    else:
        assert "access-control-allow-origin" not in reply.headers
    assert "access-control-allow-credentials" not in reply.headers


def test_options_on_an_unknown_address_is_a_404(server: Server) -> None:
    reply = exchange(server.port, request("OPTIONS", "/nowhere"))
    check_problem(reply.status, reply.headers, reply.body, 404)


@pytest.mark.parametrize("path", READABLE_ROUTES)
def test_only_the_api_is_shared_with_other_sites(server: Server, path: str) -> None:
    reply = exchange(server.port, request("GET", path, {"Origin": "https://example.org"}))
    assert reply.status == 200
    if path in API_ROUTES:
        assert reply.headers["access-control-allow-origin"] == "*"
        assert reply.headers["access-control-expose-headers"] == "X-Request-Id"
    else:
        assert "access-control-allow-origin" not in reply.headers
    assert "access-control-allow-credentials" not in reply.headers
    posted = exchange(
        server.port,
        request("POST", "/geo_location", {**FORM, "Origin": "https://example.org"}, PLACE.encode()),
    )
    assert posted.status == 200
    assert "access-control-allow-origin" not in posted.headers


def test_the_server_is_still_up_and_right(server: Server) -> None:
    """After everything above, in this module's order."""
    reply = exchange(server.port, request("GET", f"/planets/mars?{PLACE}&at=2026-03-01T21:30:00Z"))
    assert reply.status == 200
    assert reply.json()["name"] == "mars"  # type: ignore[index]
    assert server.process is not None
    assert server.process.poll() is None


# The place of PLACE spelled as the query parser also accepts it.
SPELLINGS = ["lat=4885661e-5&lon=.235222e1", "lat=48.85661&lon=%2B2.35222", "lat=48.856610&lon=2.352220"]  # fmt: skip


def test_the_log_holds_no_place_from_these_requests(server: Server) -> None:
    """Last in this module: stops the server, so that every buffered line is out. Its
    own unreadable request too (the server it shares may have been started again since
    the module's others ran, under pytest-xdist)."""
    too_long = exchange(server.port, request("GET", f"/planets?{PLACE}&x=" + "1" * 8192))
    assert too_long.status == 414
    for query in SPELLINGS:
        for path in ("/planets/venus", "/stars"):
            reply = exchange(server.port, request("GET", f"{path}?{query}", {"X-Request-Id": "48.85661"}))  # fmt: skip
            assert reply.status == 200
        reply = exchange(server.port, request("GET", f"/tonight?{query}&format=text"))
        assert reply.status == 200
    assert server.stop() == 0
    output = server.output
    assert "unreadable request answered 414" in output  # the log was written...
    assert '"GET /planets/venus?lat=49&lon=2" 200' in output
    assert '"GET /stars?lat=49&lon=2" 200' in output
    assert '"GET /tonight?lat=49&lon=2&format=text" 200' in output
    for secret in (LAT, LON, LAT[:5], LON[:4], "4885661", "235222"):  # ...to 100 m, any spelling
        assert secret not in output
    assert "Traceback" not in output


def test_a_symbolic_link_in_static_is_not_followed(tmp_path: Path) -> None:
    """A copy of static/ holding links to a file and a folder outside it, and hidden
    files: only its own regular files are read, so only they can be served."""
    from planettracker.web.static import read_files

    static = tmp_path / "static"
    (static / "js").mkdir(parents=True)
    (static / "js" / "app.js").write_text("ok")
    (static / ".git").mkdir()
    (static / ".git" / "config").write_text("secret")
    (static / ".env").write_text("secret")
    (tmp_path / "secret.txt").write_text("secret")
    (static / "link.txt").symlink_to(tmp_path / "secret.txt")
    (static / "linked").symlink_to(tmp_path)
    assert read_files(static) == {"js/app.js": b"ok"}
