"""gzip for answers: asked for by Accept-Encoding as RFC 9110 reads it, sent only
where it saves a packet, and the same answer once decompressed."""

from __future__ import annotations

import gzip
import json
import zlib

import pytest
from aiohttp.test_utils import TestClient

from planettracker.web.compression import MIN_BYTES, accepts_gzip, gzip_answer, gzip_file

AT = "2026-03-01T21:30:00Z"
SYDNEY = {"lat": "-33.8568", "lon": "151.2153", "at": AT}
CHROMIUM = "gzip, deflate, br, zstd"


@pytest.mark.parametrize(
    ("accept_encoding", "gzip_accepted"),
    [
        (CHROMIUM, True),
        ("gzip", True),
        ("GZip", True),  # names are case-insensitive
        ("x-gzip", True),  # the old name
        ("deflate, gzip;q=0.5", True),
        ("gzip;q=0.001", True),
        ("gzip ; q=1.0", True),
        ("*", True),
        ("br, *;q=0.1", True),
        ("", False),
        ("identity", False),
        ("br, zstd", False),
        ("gzip;q=0", False),
        ("gzip;q=0.000", False),
        ("gzip;q=0, *", False),  # refused by name: * does not bring it back
        ("*;q=0", False),
        ("gzip;q=abc", False),  # a malformed weight: not accepted
        ("gzip;q=2", False),
        ("gzip;q=nan", False),
        ("gzip;level=9", False),
        (",,;,", False),
        ("gzip" + ", br" * 2000, True),  # long but harmless
    ],
)
def test_accept_encoding(accept_encoding: str, gzip_accepted: bool) -> None:
    assert accepts_gzip(accept_encoding) is gzip_accepted


def _sky_body() -> bytes:
    """A whole-sky answer's worth of JSON, as the page's poll carries."""
    body = {
        "at": AT,
        "planets": [
            {"name": f"planet{i}", "az": 123.4567 + i, "alt": -12.3456 + i, "magnitude": 1.23}
            for i in range(9)
        ],
    }
    return json.dumps(body).encode()


def test_answers_gzip_to_a_valid_stream_nearly_as_small_as_zlib_can() -> None:
    body = _sky_body()
    packed = gzip_answer(body)
    assert gzip.decompress(packed) == body
    assert len(packed) <= 1.1 * len(zlib.compress(body, 9, wbits=31))
    assert gzip.decompress(gzip_file(body)) == body


async def test_a_poll_is_gzipped_when_the_client_accepts_it(client: TestClient) -> None:
    plain = await client.get("/planets", params=SYDNEY, skip_auto_headers=["Accept-Encoding"])
    assert "Content-Encoding" not in plain.headers
    raw = await plain.read()
    packed = await client.get(
        "/planets", params=SYDNEY, headers={"Accept-Encoding": CHROMIUM}, auto_decompress=False
    )
    assert packed.status == 200
    assert packed.headers["Content-Encoding"] == "gzip"
    assert packed.content_type == "application/json"
    body = await packed.read()
    assert int(packed.headers["Content-Length"]) == len(body)
    assert json.loads(gzip.decompress(body)) == json.loads(raw)
    assert len(body) < 0.4 * len(raw)
    # Never stored by anyone, so nothing for Vary to tell a cache.
    assert packed.headers["Cache-Control"] == "no-store"
    assert "Vary" not in packed.headers


async def test_text_and_the_openapi_document_are_gzipped_too(client: TestClient) -> None:
    # "/" answers curl with its usage and the sky at Greenwich, as text.
    for path, params in [("/", {}), ("/openapi.json", {})]:
        packed = await client.get(
            path, params=params, headers={"Accept-Encoding": "gzip"}, auto_decompress=False
        )
        plain = await client.get(path, params=params, skip_auto_headers=["Accept-Encoding"])
        assert packed.headers["Content-Encoding"] == "gzip"
        assert packed.content_type == plain.content_type
        assert gzip.decompress(await packed.read()) == await plain.read()


async def test_answers_that_fit_a_packet_are_sent_as_they_are(client: TestClient) -> None:
    for path in ("/planets/mars", "/healthz", "/planets/pluto", "/planets?lat=x"):
        response = await client.get(path, headers={"Accept-Encoding": "gzip"})
        assert len(await response.read()) < MIN_BYTES
        assert "Content-Encoding" not in response.headers


async def test_head_tells_the_length_of_what_get_sends(client: TestClient) -> None:
    headers = {"Accept-Encoding": "gzip"}
    head = await client.head("/planets", params=SYDNEY, headers=headers)
    get = await client.get("/planets", params=SYDNEY, headers=headers, auto_decompress=False)
    assert head.headers["Content-Encoding"] == get.headers["Content-Encoding"] == "gzip"
    assert head.headers["Content-Length"] == get.headers["Content-Length"]
    assert await head.read() == b""
