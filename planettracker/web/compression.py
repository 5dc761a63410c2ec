"""gzip: whether a client accepts it, and the compressed bodies.

Answers (JSON, text) are compressed as they are made, at zlib's default level: the
page's poll (``brief=1``, 1.3 KB) becomes 0.5 KB in about 11 µs, a whole-sky answer
(2.3 KB) 0.8 KB in 16 µs (README, "Data"). Levels 1 to 9 make the same sizes within
a few percent, and zlib's smaller windows save no time on bodies this small. Answers
that fit in one TCP segment with their headers anyway (``MIN_BYTES``) are sent as
they are. The page's files are compressed once, at start-up
(``planettracker.web.static``), as small as zlib can make them.

Only gzip. brotli would make the page's files 15% smaller and a poll 11% for three
times the CPU, and isal's gzip would take a poll's 11 µs to 7; each is another
compiled dependency, and Chromium offers brotli only over https.
"""

from __future__ import annotations

import zlib
from functools import lru_cache
from typing import NamedTuple

# A body this short fits in one TCP segment (1460 bytes) with its headers: gzip
# would cost CPU and save no packet.
MIN_BYTES = 1024
_GZIP = 16 + zlib.MAX_WBITS  # zlib's wbits for a gzip header and trailer


def gzip_answer(body: bytes) -> bytes:
    """``body`` gzipped at zlib's default level (for answers, as they are made)."""
    return zlib.compress(body, 6, wbits=_GZIP)


def gzip_file(body: bytes) -> bytes:
    """``body`` gzipped as small as zlib can (for what is compressed once)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, _GZIP, 9)
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
