"""gzip: whether a client accepts it, and the compressed bodies.

Answers (JSON, text) are compressed as they are made, with zlib set for bodies of a
few KiB: level 1, a 4 KiB window and small hash tables. Measured in CPU instructions
(valgrind) on the page's poll (``brief=1``, 1.3 KB): zlib's defaults (level 6, 32 KiB
window) take 239,000 to make 502 bytes; these settings 148,000 to make 537. A whole
poll, gzip included, costs the server 980,000, about what the page's poll cost before
(963,000 for the whole sky, sent as it was). In time, some 10 µs on an idle core,
more in a busy worker, whose caches deflate's tables have left between requests.
Answers that fit in one TCP segment with their headers anyway (``MIN_BYTES``) are
sent as they are.

The page's files are compressed once, at start-up (``planettracker.web.static``), as
small as zlib can make them.

Only gzip: brotli (15% smaller files, a poll as small for 30% less CPU or 14%
smaller for twice as much) and isal's deflate (half the CPU) are each a compiled
dependency for a few percent of a request, and Chromium offers brotli only over
https. docs/architecture.md ("Dependencies and why") has the figures.
"""

from __future__ import annotations

import zlib
from functools import lru_cache
from typing import NamedTuple

# A body this short fits in one TCP segment (1460 bytes) with its headers: gzip
# would cost CPU and save no packet.
MIN_BYTES = 1024
_GZIP = 16  # added to wbits: a gzip header and trailer
# For answers (see above): level 1, a 4 KiB window (2**12), memLevel 4 (2**11 hash
# buckets). A body longer than the window compresses a little less well.
_ANSWER_LEVEL, _ANSWER_WBITS, _ANSWER_MEMLEVEL = 1, 12, 4


def gzip_answer(body: bytes) -> bytes:
    """``body`` gzipped with the settings for answers (above)."""
    compressor = zlib.compressobj(
        _ANSWER_LEVEL, zlib.DEFLATED, _GZIP + _ANSWER_WBITS, _ANSWER_MEMLEVEL
    )
    return compressor.compress(body) + compressor.flush()


def gzip_file(body: bytes) -> bytes:
    """``body`` gzipped as small as zlib can (for what is compressed once)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, _GZIP + zlib.MAX_WBITS, 9)
    return compressor.compress(body) + compressor.flush()


@lru_cache(maxsize=256)
def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` value allows gzip (RFC 9110, 12.5.3): named
    (or as ``x-gzip``), or covered by ``*``, with a weight above 0. Names are
    case-insensitive; an element with a malformed weight counts as not there.
    Cached: browsers send the same few values on every request."""
    weights: dict[str, float] = {}
    for element in accept_encoding.lower().split(","):
        coding, _, parameters = element.partition(";")
        coding = coding.strip()
        weight = 1.0
        if parameters:
            name, _, value = parameters.partition("=")
            try:
                weight = float(value) if name.strip() == "q" else -1.0
            except ValueError:
                weight = -1.0
            if not 0.0 <= weight <= 1.0:  # also nan
                continue
        weights["gzip" if coding == "x-gzip" else coding] = weight
    return weights.get("gzip", weights.get("*", 0.0)) > 0.0


class Precompressed(NamedTuple):
    """A body that never changes, and its gzip, made once."""

    body: bytes
    gzip: bytes

    @classmethod
    def of(cls, body: bytes) -> Precompressed:
        return cls(body, gzip_file(body))
