"""`make bench`: the service against the ceiling of its own stack, in one run.

Each server is started exactly as the Procfile starts it (gunicorn, aiohttp's worker,
the same config and logging), with 1 and then 2 workers, on a loopback port. The
ceiling is the same command with a minimal app that answers a constant JSON object.
The ceiling and the service run side by side and the scenarios take turns, in short
rounds, so that a slow spell of a shared machine falls on all of them alike. Every
load is closed-loop, 64 connections, bounded in time (and, for the Python fallback,
in count). Everything started is stopped at the end.

With --instructions it also counts CPU instructions per request under valgrind
(bench/instructions.py): ratios no noise can move, a few minutes more.

Writes the figures to bench/RESULTS.md (pass --no-write to only print them).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from bench.load import Load, run
from harness.server import ROOT, Server

CONNECTIONS = 64
ROUNDS = 3
ROUND_SECONDS = 4  # so each row is 12 s of load
WARMUP_SECONDS = 2
SOAK_SECONDS = (10, 60)
WRK = shutil.which("wrk")
LUA = ROOT / "bench" / "wrk.lua"
RESULTS = ROOT / "bench" / "RESULTS.md"
SERVICE = "planettracker.web.app:serve"
CEILING = "bench.ceiling:serve"
BARE = "bench.ceiling:serve_bare"
ORIGINAL = "bench.original:serve"
# The original app's page asked for each of the seven planets: 7 requests a poll.
ORIGINAL_REQUESTS_PER_POLL = 7
# What Chromium sends with every request.
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd"


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    app: str
    path: str
    query: str = ""
    vary: bool = True
    # The Accept-Encoding header sent: wrk sends none unless told, browsers always do.
    accept_encoding: str = ""
    # The target: at least this fraction of the requests/s of the scenario named first.
    target: tuple[str, float] | None = None


SCENARIOS = [
    Scenario("ceiling", "ceiling: constant JSON, same access log", CEILING, "/"),
    Scenario("bare", "ceiling without the access log", BARE, "/"),
    Scenario("original", "the original app: GET /planets/mars", ORIGINAL, "/planets/mars"),
    Scenario("mars", "GET /planets/mars", SERVICE, "/planets/mars", target=("original", 1.0)),
    Scenario("sky", "GET /planets", SERVICE, "/planets", target=("bare", 0.45)),
    Scenario(
        "sky-gzip",
        "GET /planets, compression accepted (as browsers ask)",
        SERVICE,
        "/planets",
        accept_encoding=BROWSER_ACCEPT_ENCODING,
    ),
    Scenario(
        "poll",
        "GET /planets?brief=1, compression accepted: the page's poll",
        SERVICE,
        "/planets",
        "brief=1",
        accept_encoding=BROWSER_ACCEPT_ENCODING,
    ),
    Scenario(
        "events-same",
        "GET /planets?events=1, same place",
        SERVICE,
        "/planets",
        "events=1&lat=48.8566&lon=2.3522",
        vary=False,
    ),
    Scenario("events-new", "GET /planets?events=1, new places", SERVICE, "/planets", "events=1"),
    Scenario(
        "tonight-same",
        "GET /tonight?track=1, same place",
        SERVICE,
        "/tonight",
        "track=1&lat=48.8566&lon=2.3522",
        vary=False,
    ),
    Scenario("tonight-new", "GET /tonight, new places", SERVICE, "/tonight"),
]
# The costliest requests, measured alone too: one at a time, a new place each (ms target).
ALONE = {"events-new": 10.0, "tonight-new": 25.0}


@dataclass
class Result:
    workers: int
    scenario: Scenario
    figures: dict[str, int]

    def add(self, figures: dict[str, int]) -> None:
        """Add a round: counts add up; latency percentiles are the rounds' median,
        the maximum the rounds' maximum."""
        self._rounds.append(figures)
        rounds = sorted(self._rounds, key=lambda f: f["p99_us"])
        middle = rounds[len(rounds) // 2]
        self.figures = {
            key: sum(f[key] for f in self._rounds)
            for key in ("requests", "duration_us", "connect", "read", "write", "status", "timeout")
        }
        self.figures["p50_us"] = sorted(f["p50_us"] for f in self._rounds)[len(rounds) // 2]
        self.figures["p99_us"] = middle["p99_us"]
        self.figures["max_us"] = max(f["max_us"] for f in self._rounds)

    def __post_init__(self) -> None:
        self._rounds: list[dict[str, int]] = []

    @property
    def rps(self) -> float:
        return self.figures["requests"] / (self.figures["duration_us"] / 1e6)

    @property
    def errors(self) -> int:
        f = self.figures
        return f["connect"] + f["read"] + f["write"] + f["status"] + f["timeout"]


def wait_until_idle(server: Server) -> None:
    """Return once the server has answered everything it was sent: a load generator
    stops with up to CONNECTIONS requests in flight, which the worker still serves
    (some 0.4 s of /tonight for new places) and which would otherwise delay the start
    of the next row."""
    with urllib.request.urlopen(f"{server.url}{server.ready_path}", timeout=60) as answer:
        answer.read()


def load(
    server: Server, scenario: Scenario, seconds: float, connections: int = CONNECTIONS
) -> dict[str, int]:
    """One closed-loop run against a running server (wrk if installed), once it is idle."""
    wait_until_idle(server)
    if WRK is None:
        return run(
            Load(
                server.url,
                scenario.path,
                scenario.query,
                scenario.vary,
                connections,
                seconds,
                scenario.accept_encoding,
            )
        )
    env = {
        **os.environ,
        "BENCH_PATH": scenario.path,
        "BENCH_QUERY": scenario.query,
        "BENCH_VARY": "1" if scenario.vary else "0",
        "BENCH_ACCEPT_ENCODING": scenario.accept_encoding,
    }
    command = [
        WRK,
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-s",
        str(LUA),
        server.url,
    ]
    output = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=seconds + 30, check=True
    )
    line = next(line for line in output.stdout.splitlines() if line.startswith("BENCH "))
    return json.loads(line.removeprefix("BENCH "))  # type: ignore[no-any-return]


def status(pid: int, field: str) -> float:
    """A /proc/PID/status memory field in MiB (VmRSS: now, VmHWM: peak)."""
    text = Path(f"/proc/{pid}/status").read_text()
    kib = int(re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE).group(1))  # type: ignore[union-attr]
    return kib / 1024


def longest_request_ms(output: str) -> float:
    """The longest request in the access log. Its handlers never wait for anything
    (a GET has no body), so this is the longest a request held its worker's loop."""
    return max((float(ms) for ms in re.findall(r'" \d{3} ([\d.]+)ms', output)), default=0.0)


def bench_workers(workers: int) -> tuple[list[Result], dict[str, float]]:
    results = [Result(workers, scenario, {}) for scenario in SCENARIOS]
    facts: dict[str, float] = {}
    servers = {
        app: Server(workers=workers, app=app, ready_path=ready)
        for app, ready in ((CEILING, "/"), (BARE, "/"), (ORIGINAL, "/planets/mars"), (SERVICE, "/"))
    }
    try:
        for app, server in servers.items():
            server.start()
            load(server, next(s for s in SCENARIOS if s.app == app), WARMUP_SECONDS)
        for round_ in range(1, ROUNDS + 1):
            print(f"  {workers} worker(s), round {round_} of {ROUNDS} ...", flush=True)
            for result in results:
                result.add(load(servers[result.scenario.app], result.scenario, ROUND_SECONDS))
        service = servers[SERVICE]
        facts["peak_rss_mib"] = max(status(pid, "VmHWM") for pid in service.worker_pids())
        service.stop()  # its access log is complete once it has stopped
        facts["longest_request_ms"] = longest_request_ms(service.output)
    finally:
        for server in servers.values():
            server.stop()
    return results, facts


def bench_instructions() -> dict[str, float]:
    """Instructions per request for each scenario but new places (whose rise/set
    searches would take an hour under valgrind)."""
    from bench.instructions import per_request

    counts = {}
    for scenario in SCENARIOS:
        if scenario.key in ALONE:
            continue
        print(f"  instructions: {scenario.label} ...", flush=True)
        counts[scenario.key] = per_request(
            scenario.app,
            scenario.path,
            scenario.query,
            scenario.vary,
            (200, 1200),
            scenario.accept_encoding,
        )
    return counts


def bench_new_place_latency() -> dict[str, dict[str, int]]:
    """Rise/set and tonight for a place never asked before, one request at a time: the
    service time (after a warm-up, so the shared grid of the night is computed)."""
    found = {}
    with Server(workers=1) as server:
        for key in ALONE:
            scenario = next(s for s in SCENARIOS if s.key == key)
            load(server, scenario, WARMUP_SECONDS, connections=1)
            found[key] = load(server, scenario, 5, connections=1)
    return found


def bench_soak() -> tuple[float, float]:
    """A worker's resident memory after 10 s and after 60 s of /planets."""
    scenario = next(s for s in SCENARIOS if s.key == "sky")
    with Server(workers=1) as server:
        (pid,) = server.worker_pids()
        load(server, scenario, SOAK_SECONDS[0])
        after_short = status(pid, "VmRSS")
        load(server, scenario, SOAK_SECONDS[1] - SOAK_SECONDS[0])
        return after_short, status(pid, "VmRSS")


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    system = f"{platform.system()} {platform.release()}"
    return f"{os.cpu_count()} cores ({cpu}), {system}, Python {platform.python_version()}"


def report(
    results: list[Result],
    facts: dict[int, dict[str, float]],
    latency: dict[str, dict[str, int]],
    soak: tuple[float, float],
    instructions: dict[str, float],
    profiles: dict[str, str],
) -> str:
    tool = "wrk (Debian), 1 thread" if WRK else "bench/load.py (Python fallback: no wrk)"
    versions = ", ".join(f"{name} {version(name)}" for name in ("aiohttp", "gunicorn", "ephem"))
    lines = [
        "# Benchmark results",
        "",
        f"- Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, `make bench`",
        f"- Machine: {machine()}",
        f"- Stack: {versions}",
        f"- Load: {tool}, {CONNECTIONS} connections, {ROUNDS} rounds of {ROUND_SECONDS} s per "
        f"row (the rows take turns), after a {WARMUP_SECONDS} s warm-up, loopback; a new "
        "random place per request unless marked",
        "",
        "| workers | scenario | requests/s | p50 ms | p99 ms | errors | vs ceiling | vs bare "
        "| target |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for workers in sorted({r.workers for r in results}):
        rows = [r for r in results if r.workers == workers]
        by_key = {r.scenario.key: r for r in rows}
        ceiling, bare = by_key["ceiling"], by_key["bare"]
        for r in rows:
            target = ""
            if r.scenario.target is not None:
                key, fraction = r.scenario.target
                got = r.rps / by_key[key].rps
                verdict = "met" if got >= fraction else "MISSED"
                target = f"≥ {fraction:.0%} of {key}: {got:.0%} {verdict}"
            p50, p99 = r.figures["p50_us"] / 1000, r.figures["p99_us"] / 1000
            lines.append(
                f"| {workers} | {r.scenario.label} | {r.rps:,.0f} | {p50:.2f} | {p99:.2f} "
                f"| {r.errors} | {r.rps / ceiling.rps:.0%} | {r.rps / bare.rps:.0%} | {target} |"
            )
        phones = by_key["sky"].rps / (by_key["original"].rps / ORIGINAL_REQUESTS_PER_POLL)
        verdict = "met" if phones >= 7 else "MISSED"
        lines.append(
            f"| {workers} | phones served per worker vs the original app's page "
            f"({ORIGINAL_REQUESTS_PER_POLL} requests a poll) | | | | | | | ≥ 7x: {phones:.1f}x "
            f"{verdict} |"
        )
    lines += ["", "p99 against the ceiling's p99 (target: below 3x):", ""]
    for workers in sorted(facts):
        rows = [r for r in results if r.workers == workers]
        ceiling = next(r for r in rows if r.scenario.key == "ceiling")
        worst = max(
            (r for r in rows if r.scenario.app == SERVICE and r.scenario.key not in ALONE),
            key=lambda r: r.figures["p99_us"],
        )
        times = worst.figures["p99_us"] / ceiling.figures["p99_us"]
        lines.append(f"- {workers} worker(s): worst {times:.1f}x ({worst.scenario.label})")
    lines += ["", "Per service run (all scenarios on one server):", ""]
    for workers, f in sorted(facts.items()):
        lines.append(
            f"- {workers} worker(s): peak worker RSS {f['peak_rss_mib']:.1f} MiB; longest request "
            f"(time holding the event loop) {f['longest_request_ms']:.1f} ms (target < 20)"
        )
    lines += [
        "",
        "(The longest request is wall-clock time from the access log: with more processes",
        "than cores it includes spells when the OS ran another process, the load generator",
        "among them. The costliest requests, rise/set and tonight for a new place, are",
        "measured alone below.)",
        "",
    ]
    for key, goal in ALONE.items():
        figures = latency[key]
        label = next(s.label for s in SCENARIOS if s.key == key)
        lines.append(
            f"{label}, one request at a time: p50 {figures['p50_us'] / 1000:.2f} ms, "
            f"p99 {figures['p99_us'] / 1000:.2f} ms, max {figures['max_us'] / 1000:.2f} ms "
            f"(target < {goal:g} ms)."
        )
    lines += [
        "",
        f"Worker RSS under `GET /planets`: {soak[0]:.1f} MiB after {SOAK_SECONDS[0]} s, "
        f"{soak[1]:.1f} MiB after {SOAK_SECONDS[1]} s "
        f"({soak[1] - soak[0]:+.1f} MiB; target within 10).",
        "",
    ]
    if instructions:
        ceiling_count = instructions["ceiling"]
        lines += [
            "CPU instructions per request (valgrind, one process, requests one after another;",
            "noise-free, so these ratios hold on any machine with this stack):",
            "",
            "| scenario | instructions | ceiling / scenario |",
            "|---|---:|---:|",
        ]
        for scenario in SCENARIOS:
            if scenario.key in instructions:
                count = instructions[scenario.key]
                ratio = ceiling_count / count
                lines.append(f"| {scenario.label} | {count:,.0f} | {ratio:.0%} |")
        lines.append("")
    for label, text in profiles.items():
        lines += [
            f"Where {label}'s own time goes (`python -m bench.profile`: cProfile, 3,000",
            "requests from another process, the top functions by their own time; the",
            "profiler's overhead inflates the many small calls):",
            "",
            "```",
            *[_short_paths(line.rstrip()) for line in text.strip().splitlines()],
            "```",
            "",
        ]
    return "\n".join(lines)


def _short_paths(line: str) -> str:
    """A profile line with paths from the project or the library's folders only."""
    line = line.replace(f"{ROOT}/", "")
    return re.sub(r"\S*/(?:site-packages|lib/python3\.\d+)/", "", line)


# Profiled with --instructions (the full run): the original app's endpoint and the
# page's poll.
PROFILED = {
    "GET /planets/mars": ("/planets/mars", ""),
    "the page's poll (GET /planets?brief=1, gzip)": ("/planets?brief=1", BROWSER_ACCEPT_ENCODING),
}


def bench_profiles() -> dict[str, str]:
    from bench.profile import profile

    found = {}
    for label, (path, accept_encoding) in PROFILED.items():
        print(f"  profile: {label} ...", flush=True)
        found[label] = profile(path, 3000, accept_encoding)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print only, keep bench/RESULTS.md")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions (valgrind)"
    )
    args = parser.parse_args()
    if WRK is None:
        print("wrk not found (apt-get install wrk): using the slower Python load generator")
    started = time.monotonic()
    results: list[Result] = []
    facts: dict[int, dict[str, float]] = {}
    for workers in args.workers:
        rows, facts[workers] = bench_workers(workers)
        results += rows
    print("  rise/set and tonight for new places, one connection ...", flush=True)
    latency = bench_new_place_latency()
    print(f"  memory over {SOAK_SECONDS[1]} s ...", flush=True)
    soak = bench_soak()
    instructions = bench_instructions() if args.instructions else {}
    profiles = bench_profiles() if args.instructions else {}
    text = report(results, facts, latency, soak, instructions, profiles)
    print()
    print(text)
    print(f"({time.monotonic() - started:.0f} s)")
    if not args.no_write:
        RESULTS.write_text(text)
        print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
