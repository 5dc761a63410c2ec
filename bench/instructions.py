"""CPU instructions per request, counted by valgrind: a measure that shared, noisy
machines cannot blur (the same request costs the same count, whatever else runs).

The app is served by its own runner (the one gunicorn's worker uses) in one process
under callgrind, and a client sends N keep-alive requests one after another; running
with two different N and taking the difference leaves what one request costs.
Usage (bench/run.py --instructions calls it):

    python bench/instructions.py serve FACTORY PORT
    python bench/instructions.py drive PORT PATH QUERY VARY N [ACCEPT_ENCODING]
"""

from __future__ import annotations

import asyncio
import importlib
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def serve(factory: str, port: int) -> None:
    sys.path.insert(0, str(ROOT))
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the access log goes nowhere
    from aiohttp import web

    module, _, name = factory.partition(":")

    async def main() -> None:
        runner = await getattr(importlib.import_module(module), name)()
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        print("READY", file=sys.__stdout__, flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


def drive(
    port: int, path: str, query: str, vary: bool, count: int, accept_encoding: str = ""
) -> None:
    rng = random.Random(2026)
    extra = f"Accept-Encoding: {accept_encoding}\r\n" if accept_encoding else ""
    with socket.create_connection(("127.0.0.1", port)) as connection:
        reader = connection.makefile("rb")
        for _ in range(count):
            params = query
            if vary:
                place = f"lat={rng.uniform(-60, 60):.4f}&lon={rng.uniform(-180, 180):.4f}"
                params = f"{params}&{place}" if params else place
            target = f"{path}?{params}" if params else path
            connection.sendall(f"GET {target} HTTP/1.1\r\nHost: bench\r\n{extra}\r\n".encode())
            length = 0
            while (line := reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            reader.read(length)


def _total(
    factory: str, path: str, query: str, vary: bool, count: int, accept_encoding: str
) -> int:
    """Instructions the serving process executed, start to finish, for ``count`` requests."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        server = subprocess.Popen(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
             sys.executable, __file__, "serve", factory, str(port)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )  # fmt: skip
        try:
            assert server.stdout is not None
            if "READY" not in server.stdout.readline():
                raise RuntimeError(f"{factory} did not start under valgrind")
            client = [sys.executable, __file__, "drive", str(port), path, query]
            subprocess.run(
                [*client, str(int(vary)), str(count), accept_encoding], check=True, timeout=3600
            )
        finally:
            server.terminate()
            server.wait(timeout=120)
        summary = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
        assert summary is not None
        return int(summary.group(1))


def per_request(
    factory: str,
    path: str,
    query: str,
    vary: bool,
    counts: tuple[int, int],
    accept_encoding: str = "",
) -> float:
    few, many = counts
    extra = _total(factory, path, query, vary, many, accept_encoding) - _total(
        factory, path, query, vary, few, accept_encoding
    )
    return extra / (many - few)


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        drive(
            int(sys.argv[2]),
            sys.argv[3],
            sys.argv[4],
            sys.argv[5] == "1",
            int(sys.argv[6]),
            sys.argv[7] if len(sys.argv) > 7 else "",
        )
