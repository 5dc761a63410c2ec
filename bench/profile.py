"""Where one kind of request spends its time in the service's own process: the app
served by its production runner under cProfile, driven by a client in another
process, the top functions by their own time (the access log is written to
/dev/null, as the benchmark's instruction counts do). Usage:

    python -m bench.profile /planets/mars [N] [ACCEPT_ENCODING]

(with ACCEPT_ENCODING, e.g. "gzip, deflate, br, zstd", every request sends it, as
browsers do)
"""

from __future__ import annotations

import asyncio
import contextlib
import cProfile
import io
import os
import pstats
import socket
import sys

from aiohttp import web

from harness.server import ROOT
from planettracker.web.app import serve


async def _profile(path: str, count: int, accept_encoding: str) -> str:
    runner = await serve()
    await runner.setup()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    target, _, query = path.partition("?")
    drive = [sys.executable, str(ROOT / "bench" / "instructions.py"), "drive", str(port)]
    warm = await asyncio.create_subprocess_exec(*drive, target, query, "1", "200", accept_encoding)
    await warm.wait()
    profiler = cProfile.Profile()
    profiler.enable()
    client = await asyncio.create_subprocess_exec(
        *drive, target, query, "1", str(count), accept_encoding
    )
    await client.wait()
    profiler.disable()
    await runner.cleanup()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(25)
    return out.getvalue()


def profile(path: str, count: int = 3000, accept_encoding: str = "") -> str:
    """The top functions by their own time for ``count`` requests of ``path``."""
    with open(os.devnull, "w") as nowhere, contextlib.redirect_stdout(nowhere):
        return asyncio.run(_profile(path, count, accept_encoding))  # the access log goes nowhere


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else "/planets"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    accept_encoding = sys.argv[3] if len(sys.argv) > 3 else ""
    print(profile(path, count, accept_encoding))


if __name__ == "__main__":
    main()
