"""The real server: the Procfile's command under gunicorn with aiohttp's worker."""

from __future__ import annotations

import asyncio
import random
import re
import signal
import time
from collections.abc import Callable

import aiohttp
import pytest

from harness.server import Server
from tests.support.bodies import PLANET_NAMES

pytestmark = pytest.mark.server

AT = "2026-03-01T21:30:00Z"
# The access lines of test_logs_never_hold_a_precise_location's four requests.
ITS_LINES = re.compile(r'"GET /planets[^"]*lat=-41[^"]*" \d{3}|"POST /geo_location" 200')


async def _until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Wait until ``condition()`` holds (the event loop runs meanwhile)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not within {timeout} s: {what}"
        await asyncio.sleep(0.02)


async def test_serves_the_api(two_workers: Server) -> None:
    async with aiohttp.ClientSession(two_workers.url) as session:
        async with session.get(
            "/planets", params={"lat": "-33.87", "lon": "151.21", "at": AT}
        ) as r:
            assert r.status == 200
            body = await r.json()
        assert [p["name"] for p in body["planets"]] == list(PLANET_NAMES)
        assert body["observer"]["timezone"] == "Australia/Sydney"
        async with session.get("/planets/Jupiter", params={"at": AT, "format": "text"}) as r:
            text = await r.text()
        assert text.startswith("Sky over Royal Observatory, Greenwich")
        assert "\nJupiter " in text
        async with session.get("/Procfile") as r:
            assert r.status == 404
            assert "gunicorn" not in await r.text()


async def test_logs_never_hold_a_precise_location(two_workers: Server) -> None:
    secret = {"lat": "-41.2866", "lon": "174.7756", "elevation": "12"}
    logged = len(ITS_LINES.findall(two_workers.output))
    async with aiohttp.ClientSession(two_workers.url) as session:
        async with session.get("/planets", params={**secret, "events": "1"}) as r:
            assert r.status == 200
        async with session.get("/planets/saturn", params={**secret, "format": "text"}) as r:
            assert r.status == 200
        async with session.post("/geo_location", data=secret) as r:
            assert r.status == 200
        async with session.get("/planets", params={"lat": secret["lat"], "lon": "999"}) as r:
            assert r.status == 400
    # Access lines are written once a second, by whichever worker answered: all four.
    await _until(
        lambda: len(ITS_LINES.findall(two_workers.output)) >= logged + 4, 5, "the access lines"
    )
    log = two_workers.output
    assert '"GET /planets?lat=-41&lon=175&elevation=12&events=1" 200' in log
    assert '"POST /geo_location" 200' in log
    for value in ("41.2866", "174.7756", "41.28", "174.77"):
        assert value not in log


def test_workers_follow_web_concurrency() -> None:
    with Server(workers=3) as running:
        booting = r"Booting worker with pid: (\d+)"
        deadline = time.monotonic() + 10
        while len(re.findall(booting, running.output)) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(running.worker_pids()) == 3
        booted = set(re.findall(booting, running.output))
    assert len(booted) == 3


async def _poll_until_refused(url: str, results: list[object], stop: asyncio.Event) -> None:
    """One client asking for new places (a rise/set search each) on fresh
    connections until the server refuses, ``stop`` is set, or 400 requests."""
    rng = random.Random(len(results))
    connector = aiohttp.TCPConnector(force_close=True)
    async with aiohttp.ClientSession(url, connector=connector) as session:
        for _ in range(400):
            if stop.is_set():
                return
            params = {"lat": f"{rng.uniform(-60, 60):.4f}", "lon": f"{rng.uniform(-180, 180):.4f}"}
            try:
                async with session.get("/planets", params={**params, "events": "1"}) as r:
                    body = await r.json()
                    results.append((r.status, len(body["planets"])))
            except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as error:
                results.append(type(error).__name__)
                return


async def test_sigterm_finishes_in_flight_requests_and_exits_0() -> None:
    running = Server(workers=2).start()
    results: list[object] = []
    stop = asyncio.Event()
    clients = [
        asyncio.create_task(_poll_until_refused(running.url, results, stop)) for _ in range(16)
    ]
    # Under load: SIGTERM comes while the clients are asking.
    await _until(lambda: len(results) > 50, 10, "the clients served")
    served_before = len(results)
    started = time.monotonic()
    running.signal(signal.SIGTERM)
    code = await asyncio.to_thread(running.wait, 30)
    elapsed = time.monotonic() - started
    stop.set()
    await asyncio.wait_for(asyncio.gather(*clients), timeout=30)
    answered = [r for r in results if isinstance(r, tuple)]
    refused = [r for r in results if not isinstance(r, tuple)]
    # Every answer is whole and right: nothing cut off, no 5xx...
    assert set(answered) == {(200, 7)}
    assert served_before > 50
    # ... every request the server handled reached its client...
    assert running.output.count('"GET /planets?lat=') == len(answered)
    # ... and the rest were refused cleanly once the server had stopped listening: at
    # connecting (or, accepted at the very last, closed unanswered: see
    # GracefulRunner.shutdown), never reset or cut off mid-answer (ClientPayloadError).
    assert set(refused) <= {"ClientConnectorError", "ServerDisconnectedError"}, refused
    assert code == 0
    assert elapsed < 5.0  # no connection holds a worker until the shutdown timeout
    assert "SIGKILL" not in running.output
    assert "Shutting down: Master" in running.output
