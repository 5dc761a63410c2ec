"""Load and faults against the real server (the Procfile command), loopback only,
every loop bounded in count and time: a mixed load with no failure, a worker killed
and replaced, slow clients dropped without stopping anyone else."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import time
from collections import Counter
from collections.abc import Iterator

import aiohttp
import pytest

from harness.server import Server
from tests.support.bodies import PLANET_NAMES
from tests.support.checks import check_problem
from tests.support.raw import exchange, parse, request

pytestmark = pytest.mark.server

LOAD_SECONDS = 10.0
LOAD_MAX_REQUESTS = 40_000
LOAD_CONCURRENCY = 32


def random_place(rng: random.Random) -> dict[str, str]:
    return {
        "lat": f"{rng.uniform(-89.9, 89.9):.4f}",
        "lon": f"{rng.uniform(-180, 180):.4f}",
        "elevation": f"{rng.uniform(-50, 3000):.0f}",
    }


def mixed_request(rng: random.Random) -> tuple[str, str, dict[str, str], str]:
    """(method, path, params, what the body must hold) in the proportions of real
    use: mostly the page's poll, some single planets, a few of everything else."""
    place = random_place(rng)
    roll = rng.random()
    if roll < 0.55:
        return "GET", "/planets", place, '"planets":'
    if roll < 0.75:
        name = rng.choice(PLANET_NAMES)
        return "GET", f"/planets/{name}", place, f'"name":"{name}"'
    if roll < 0.80:
        return "GET", "/planets", {**place, "events": "1"}, '"rise":'
    if roll < 0.85:
        return "GET", f"/planets/{rng.choice(PLANET_NAMES)}", {**place, "format": "text"}, "Sky over"  # fmt: skip
    if roll < 0.90:
        return "POST", "/geo_location", place, '"lat":'
    if roll < 0.95:
        return "GET", "/healthz", {}, '"status":"ok"'
    return "GET", rng.choice(["/openapi.json", "/", "/static/js/app.js"]), {}, ""


async def run_load(url: str, seed: int) -> tuple[Counter[str], float]:
    """Mixed requests from LOAD_CONCURRENCY clients for LOAD_SECONDS, or until
    LOAD_MAX_REQUESTS have been sent."""
    rng = random.Random(seed)
    outcomes: Counter[str] = Counter()
    started = time.monotonic()
    deadline = started + LOAD_SECONDS
    sent = 0

    async def client(session: aiohttp.ClientSession) -> None:
        nonlocal sent
        while sent < LOAD_MAX_REQUESTS and time.monotonic() < deadline:
            sent += 1
            method, path, params, expected = mixed_request(rng)
            try:
                if method == "POST":
                    answer = session.post(path, data=params)
                else:
                    answer = session.get(path, params=params)
                async with answer as r:
                    body = await r.text()
                    right = r.status == 200 and expected in body
                    outcomes[str(r.status) if right else f"wrong {r.status} {path}"] += 1
            except (aiohttp.ClientError, TimeoutError) as error:
                outcomes[type(error).__name__] += 1

    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(url, timeout=timeout) as session:
        await asyncio.gather(*(client(session) for _ in range(LOAD_CONCURRENCY)))
    return outcomes, time.monotonic() - started


async def test_a_mixed_load_has_no_failure(two_workers: Server) -> None:
    outcomes, seconds = await run_load(two_workers.url, seed=42)
    print(f"\nload: {sum(outcomes.values())} requests in {seconds:.1f} s: {dict(outcomes)}")
    assert set(outcomes) == {"200"}  # no error, no 5xx, every body right
    assert outcomes["200"] >= 2000  # some 20,000 on an idle 2-core machine
    # So far; and once it has stopped (two_workers).
    assert " ERROR " not in two_workers.output
    assert "Traceback" not in two_workers.output


def worker_pids(running: Server, count: int, timeout: float = 20.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = running.worker_pids()
        if len(pids) == count:
            return pids
        time.sleep(0.1)
    raise AssertionError(f"expected {count} workers, found {running.worker_pids()}")


def _replaced(running: Server, before: list[int]) -> bool:
    """The killed worker's replacement is up: it has answered (its access line)."""
    new = set(running.worker_pids()) - set(before)
    return any(f" planettracker.access [{pid}] " in running.output for pid in new)


async def test_a_killed_worker_is_replaced_and_the_service_keeps_answering() -> None:
    # Its own server: a killed worker is logged as an error, which two_workers forbids.
    with Server(workers=2) as running:
        before = worker_pids(running, 2)
        os.kill(before[0], signal.SIGKILL)
        statuses: Counter[str] = Counter()
        connector = aiohttp.TCPConnector(force_close=True)  # each request may meet either worker
        async with aiohttp.ClientSession(running.url, connector=connector) as session:
            # Asking until the new worker answers too (and 100 times at least).
            while statuses.total() < 100 or not _replaced(running, before):
                try:
                    async with session.get("/planets/mars", params={"lat": "10", "lon": "20"}) as r:
                        statuses[str(r.status)] += 1
                except aiohttp.ClientError as error:
                    statuses[type(error).__name__] += 1
                assert statuses.total() < 5000, "no new worker"
        after = worker_pids(running, 2)
        assert running.process is not None
        assert running.process.poll() is None
    assert before[0] not in after
    assert before[1] in after
    # The surviving worker answered while the new one booted: nothing was refused.
    assert statuses == Counter({"200": statuses.total()})
    assert statuses.total() >= 100
    assert f"Worker (pid:{before[0]}) was sent SIGKILL" in running.output


@pytest.fixture(scope="module")
def one_worker() -> Iterator[Server]:
    """One worker, so that a slow client and everyone else share one event loop;
    bodies must arrive within 2 s (BODY_TIMEOUT_S)."""
    with Server(workers=1, env={"BODY_TIMEOUT_S": "2"}) as running:
        yield running


def test_a_slowloris_client_is_dropped_and_others_are_served(one_worker: Server) -> None:
    """A request head sent a byte a second: others are answered meanwhile, and the
    server closes the slow connection once the keep-alive timeout (5 s) has passed
    since it opened."""
    slow = socket.create_connection(("127.0.0.1", one_worker.port), timeout=1)
    opened = time.monotonic()
    slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    closed_after = None
    served: list[float] = []
    try:
        for _ in range(12):  # at most 12 s
            try:
                slow.sendall(b"a")
                if slow.recv(1024) == b"":
                    closed_after = time.monotonic() - opened
                    break
            except TimeoutError:
                pass  # nothing to read yet: still open
            except OSError:  # reset by the server
                closed_after = time.monotonic() - opened
                break
            asked = time.monotonic()
            reply = exchange(one_worker.port, request("GET", "/planets/venus"), timeout=5)
            assert reply.status == 200
            served.append(time.monotonic() - asked)
    finally:
        slow.close()
    assert closed_after is not None
    assert 4.5 < closed_after < 8.0
    assert len(served) >= 4
    assert max(served) < 0.5


def test_a_body_that_trickles_in_times_out(one_worker: Server) -> None:
    """A POST whose body comes a byte a second is answered 408 after BODY_TIMEOUT_S."""
    body = b"lat=48.85&lon=2.35&elevation=35"
    head = request("POST", "/geo_location", {"Content-Type": "application/x-www-form-urlencoded", "Content-Length": str(len(body))})  # fmt: skip
    with socket.create_connection(("127.0.0.1", one_worker.port), timeout=1) as slow:
        slow.sendall(head)
        started = time.monotonic()
        received = b""
        for byte in body[:10]:  # at most 10 s
            slow.sendall(bytes([byte]))
            try:
                received = slow.recv(4096)
                break
            except TimeoutError:
                continue
        answered_after = time.monotonic() - started
    reply = parse(received)
    problem = check_problem(reply.status, reply.headers, reply.body, 408)
    assert problem["detail"] == "the body did not arrive in time"
    assert 1.5 < answered_after < 4.0
