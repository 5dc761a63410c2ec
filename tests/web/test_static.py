"""The page's files: read and compressed once, validated by their content's hash, each
kind with the headers it needs; the service worker with the release written into it."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import struct
from dataclasses import replace
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from planettracker.web.app import create_app
from planettracker.web.config import Config
from planettracker.web.static import RELEASE_LINE, load_static
from tests.conftest import serve_app

GZIP = {"Accept-Encoding": "gzip, deflate, br, zstd"}
IDENTITY = {"Accept-Encoding": "identity"}


def _files(config: Config) -> dict[str, bytes]:
    root = config.static_dir
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and path.name != "sw.js"
    }


# A script's template literals, and its other strings as written on one line.
_LITERAL = re.compile(r"`[^`]*`|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'")
_WORD = re.compile(r"[A-Za-z_$][\w$]*")


def _without_literals(code: str) -> str:
    return _LITERAL.sub('""', code)


def _without_comments(source: str) -> str:
    """A script or stylesheet without its block comments and line comments (a ``//``
    after a space or at a line's start: never inside a URL)."""
    without_blocks = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    return re.sub(r"(^|\s)//[^\n]*", r"\1", without_blocks)


async def test_every_file_is_served_as_it_is_or_gzipped(client: TestClient, config: Config) -> None:
    """Scripts and stylesheets minified (no comments, no indentation, the same words in
    the same order, every string as written), the other files byte for byte; each
    gzipped when that is smaller."""
    sizes: list[tuple[int, int]] = []  # a lean file's, and its source's, gzipped
    for name, source in _files(config).items():
        plain = await client.get(f"/static/{name}", headers=IDENTITY)
        assert plain.status == 200, name
        content = await plain.read()
        if name.endswith((".js", ".css")):
            served, code = content.decode(), source.decode()
            # Minified: no comment left, no line indented; every string and template
            # literal kept as written (what the served one says is the source's).
            assert "/*" not in _without_literals(served), name
            assert not re.search(r"^\s+\S", served, flags=re.M) or "`" in served, name
            assert [x for x in _LITERAL.findall(served) if x not in code] == [], name
            words = _WORD.findall(_without_literals(_without_comments(code)))
            assert _WORD.findall(_without_literals(served)) == words, name
            sizes.append((len(gzip.compress(content, 9)), len(gzip.compress(source, 9))))
        else:
            assert content == source
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

    assert all(lean < source for lean, source in sizes)
    assert sum(lean for lean, _ in sizes) < 0.7 * sum(source for _, source in sizes)


async def test_content_types(client: TestClient) -> None:
    expected = {
        "/": "text/html; charset=utf-8",
        "/static/style.css": "text/css; charset=utf-8",
        "/static/js/app.js": "text/javascript",
        "/static/favicon.svg": "image/svg+xml",
        "/static/manifest.webmanifest": "application/manifest+json",
        "/static/icons/icon-192.png": "image/png",
        "/sw.js": "text/javascript",
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
    worker = await client.get("/sw.js")
    assert worker.headers["Cache-Control"] == "no-cache"
    assert "Content-Security-Policy" in worker.headers  # a worker's own policy
    assert "Permissions-Policy" not in worker.headers
    script = await client.get("/static/js/app.js")
    assert script.headers["Cache-Control"] == "max-age=3600"
    assert script.headers["X-Content-Type-Options"] == "nosniff"
    for response in (page, worker, script):
        assert response.headers["Server"] == "PlanetTracker"
        assert "X-Request-Id" not in response.headers  # nobody reports a file by its id
        assert "Access-Control-Allow-Origin" not in response.headers
    missing = await client.get("/static/nowhere.js")
    assert missing.status == 404
    assert "X-Request-Id" in missing.headers  # a problem has one


async def test_the_worker_is_served_at_the_root_with_the_release(
    client: TestClient, config: Config
) -> None:
    assert (await client.get("/static/sw.js")).status == 404  # its scope would be static/
    worker = await client.get("/sw.js")
    text = await worker.text()
    assert RELEASE_LINE not in text
    assert text.count("const RELEASE=") == 1  # minified: no spaces
    release, _ = json.JSONDecoder().raw_decode(text, text.index("const RELEASE=") + 14)
    assert re.fullmatch(r"[0-9a-f]{16}", release["version"])
    files = release["files"]
    # The page and everything it loads, but not the home-screen icons nor the page twice.
    expected = {"/"} | {
        f"/static/{name}"
        for name in _files(config)
        if not name.startswith("icons/") and name != "index.html"
    }
    assert set(files) == expected
    for url, file_hash in files.items():
        response = await client.get(url, headers={"Accept": "text/html"})
        assert response.headers["ETag"] == f'W/"{file_hash}"', url


async def test_a_changed_file_makes_a_new_release(aiohttp_client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    static = tmp_path / "static"
    shutil.copytree(Config().static_dir, static)
    config = replace(Config(), static_dir=static)
    before = await serve_app(aiohttp_client, await create_app(config), config)
    worker_before = await before.get("/sw.js")
    (static / "style.css").write_text(
        (static / "style.css").read_text() + "\n.new { color: red; }\n"
    )
    after = await serve_app(aiohttp_client, await create_app(config), config)
    worker_after = await after.get("/sw.js")
    assert worker_after.headers["ETag"] != worker_before.headers["ETag"]
    assert await worker_after.text() != await worker_before.text()
    style_before = await before.get("/static/style.css")
    style_after = await after.get("/static/style.css")
    assert style_after.headers["ETag"] != style_before.headers["ETag"]
    page_before = await before.get("/", headers={"Accept": "text/html"})
    page_after = await after.get("/", headers={"Accept": "text/html"})
    assert page_after.headers["ETag"] == page_before.headers["ETag"]  # unchanged


def test_the_worker_must_hold_the_release_line(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html>")
    (tmp_path / "sw.js").write_text("const RELEASE = {};")
    with pytest.raises(ValueError, match="must hold the line"):
        load_static(tmp_path)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


async def test_the_manifest_names_the_page_and_its_icons(client: TestClient) -> None:
    response = await client.get("/static/manifest.webmanifest")
    manifest = await response.json(content_type=None)
    assert manifest["start_url"] == manifest["scope"] == manifest["id"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == manifest["background_color"] == "#05070c"
    purposes = set()
    for icon in manifest["icons"]:
        image = await client.get(icon["src"])
        assert image.status == 200
        assert image.content_type == icon["type"] == "image/png"
        width, height = _png_size(await image.read())
        assert icon["sizes"] == f"{width}x{height}"
        purposes.add(icon.get("purpose", "any"))
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    assert purposes == {"any", "maskable"}
