"""The page's files: read and compressed once, validated by their content's hash, each
kind with the headers it needs."""

from __future__ import annotations

import gzip
import re

from aiohttp.test_utils import TestClient

from planettracker.web.config import Config

GZIP = {"Accept-Encoding": "gzip, deflate, br, zstd"}
IDENTITY = {"Accept-Encoding": "identity"}


def _files(config: Config) -> dict[str, bytes]:
    root = config.static_dir
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


async def test_every_file_is_served_as_it_is_or_gzipped(client: TestClient, config: Config) -> None:
    for name, content in _files(config).items():
        plain = await client.get(f"/static/{name}", headers=IDENTITY)
        assert plain.status == 200, name
        assert await plain.read() == content
        packed = await client.get(f"/static/{name}", headers=GZIP, auto_decompress=False)
        assert packed.headers["ETag"] == plain.headers["ETag"]  # the same file
        assert packed.headers["Content-Type"] == plain.headers["Content-Type"]
        if len(gzip.compress(content, 9)) >= len(content):  # a PNG: kept as it is
            assert "Content-Encoding" not in packed.headers
            assert "Vary" not in packed.headers
            assert await packed.read() == content
            continue
        assert packed.headers["Content-Encoding"] == "gzip"
        assert plain.headers["Vary"] == packed.headers["Vary"] == "Accept-Encoding"
        body = await packed.read()
        assert gzip.decompress(body) == content
        assert len(body) < len(content)


async def test_content_types(client: TestClient) -> None:
    expected = {
        "/": "text/html; charset=utf-8",
        "/static/style.css": "text/css; charset=utf-8",
        "/static/js/app.js": "text/javascript",
        "/static/favicon.svg": "image/svg+xml",
    }
    for path, content_type in expected.items():
        response = await client.get(path, headers={"Accept": "text/html"})
        assert response.headers["Content-Type"] == content_type, path


async def test_the_etag_is_the_contents_and_a_copy_is_not_sent_again(
    client: TestClient,
) -> None:
    first = await client.get("/static/js/app.js", headers=GZIP)
    etag = first.headers["ETag"]
    assert re.fullmatch(r'W/"[0-9a-f]{16}"', etag)
    for if_none_match in (etag, etag.removeprefix("W/"), f'W/"0000", {etag}', "*"):
        again = await client.get(
            "/static/js/app.js", headers={**GZIP, "If-None-Match": if_none_match}
        )
        assert again.status == 304, if_none_match
        assert await again.read() == b""
        assert again.headers["ETag"] == etag
        assert again.headers["Vary"] == "Accept-Encoding"
        assert again.headers["Cache-Control"] == "max-age=3600"
        # Only what could have changed: the client keeps the rest from its copy.
        assert "X-Content-Type-Options" not in again.headers
        assert "Content-Type" not in again.headers
    changed = await client.get("/static/js/app.js", headers={"If-None-Match": 'W/"0000"'})
    assert changed.status == 200


async def test_each_kind_of_file_has_the_headers_it_needs(client: TestClient) -> None:
    page = await client.get("/", headers={"Accept": "text/html", **GZIP})
    assert page.headers["Vary"] == "Accept, Accept-Encoding"  # curl gets text here
    assert page.headers["Cache-Control"] == "no-cache"
    for name in ("Content-Security-Policy", "Referrer-Policy", "Permissions-Policy"):
        assert name in page.headers
    same_page = await client.get("/static/index.html")
    assert same_page.headers["Content-Security-Policy"] == page.headers["Content-Security-Policy"]
    script = await client.get("/static/js/app.js")
    assert script.headers["Cache-Control"] == "max-age=3600"
    assert script.headers["X-Content-Type-Options"] == "nosniff"
    for response in (page, script):
        assert response.headers["Server"] == "PlanetTracker"
        assert "X-Request-Id" not in response.headers  # nobody reports a file by its id
        assert "Access-Control-Allow-Origin" not in response.headers
    missing = await client.get("/static/nowhere.js")
    assert missing.status == 404
    assert "X-Request-Id" in missing.headers  # a problem has one
