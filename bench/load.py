"""A bounded closed-loop load generator in Python, for machines without wrk.

It shares the CPU with the server far less gracefully than wrk, so its figures are
lower; ratios between runs made the same way still compare.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

import aiohttp

MAX_REQUESTS = 2_000_000  # a hard bound besides the duration


@dataclass(frozen=True)
class Load:
    url: str
    path: str
    query: str
    vary: bool
    connections: int
    seconds: float
    accept_encoding: str = ""  # none, as wrk: aiohttp's client would send its own


def _target(load: Load, rng: random.Random) -> str:
    params = load.query
    if load.vary:
        place = f"lat={rng.uniform(-60, 60):.4f}&lon={rng.uniform(-180, 180):.4f}"
        params = f"{params}&{place}" if params else place
    return f"{load.path}?{params}" if params else load.path


@dataclass
class Tally:
    requests: int = 0
    status_errors: int = 0
    connection_errors: int = 0
    latencies: list[float] = field(default_factory=list)


async def _client(
    load: Load, session: aiohttp.ClientSession, deadline: float, seed: int, tally: Tally
) -> None:
    rng = random.Random(seed)
    while time.monotonic() < deadline and tally.requests < MAX_REQUESTS:
        started = time.perf_counter()
        try:
            async with session.get(_target(load, rng)) as response:
                await response.read()
                if response.status >= 400:
                    tally.status_errors += 1
        except aiohttp.ClientError:
            tally.connection_errors += 1
        tally.latencies.append(time.perf_counter() - started)
        tally.requests += 1


async def _run(load: Load) -> dict[str, int]:
    tally = Tally()
    connector = aiohttp.TCPConnector(limit=load.connections)
    started = time.monotonic()
    deadline = started + load.seconds
    headers = {"Accept-Encoding": load.accept_encoding} if load.accept_encoding else {}
    skip = () if load.accept_encoding else ("Accept-Encoding",)
    async with aiohttp.ClientSession(
        load.url, connector=connector, headers=headers, skip_auto_headers=skip
    ) as session:
        await asyncio.gather(
            *(_client(load, session, deadline, seed, tally) for seed in range(load.connections))
        )
    latencies = sorted(tally.latencies) or [0.0]
    return {
        "requests": tally.requests,
        "duration_us": int((time.monotonic() - started) * 1e6),
        "connect": 0,
        "read": tally.connection_errors,
        "write": 0,
        "status": tally.status_errors,
        "timeout": 0,
        "p50_us": int(latencies[len(latencies) // 2] * 1e6),
        "p99_us": int(latencies[int(len(latencies) * 0.99) - 1] * 1e6),
        "max_us": int(latencies[-1] * 1e6),
    }


def run(load: Load) -> dict[str, int]:
    return asyncio.run(_run(load))
