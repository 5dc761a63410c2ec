"""The service's settings, read once from the environment; every field has a default
that works on a laptop. The port and the number of workers are gunicorn's own
(``PORT`` in the Procfile's ``--bind``, ``WEB_CONCURRENCY``, which gunicorn reads
itself): they are not settings of the app.

Configuration belongs to the web layer: it is about serving (timeouts, limits, the
log). The astronomy takes what it needs as arguments (the events cache's lifetime
and cap)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"


def env_number(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = environ.get(name, "")
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"environment variable {name}={raw!r} is not a number") from None
    if value <= 0:
        raise ValueError(f"environment variable {name}={raw!r} must be positive")
    return value


@dataclass(frozen=True)
class Config:
    static_dir: Path = STATIC_DIR
    # How long a cached rise/set or tonight (keyed by a precise place) may stay unused.
    events_ttl_s: float = 300.0
    events_max_entries: int = 20_000
    tonight_max_entries: int = 500  # each up to some 40 KB, rendered answer included
    # Request bodies: a POST /geo_location is a few dozen bytes.
    max_body_bytes: int = 16 * 1024
    body_timeout_s: float = 10.0  # for all of a body to arrive
    # Seconds a stopping worker gives in-flight requests (the platform allows 30).
    graceful_timeout_s: float = 10.0
    # Idle keep-alive connections close after this; it is also the time a client has
    # to send a whole request head (planettracker.web.server).
    keepalive_s: float = 5.0
    access_log: bool = True  # one line per request on stdout (ACCESS_LOG=0 turns it off)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Config:
        return cls(
            events_ttl_s=env_number(environ, "EVENTS_TTL_S", cls.events_ttl_s),
            graceful_timeout_s=env_number(environ, "GRACEFUL_TIMEOUT_S", cls.graceful_timeout_s),
            keepalive_s=env_number(environ, "KEEPALIVE_S", cls.keepalive_s),
            body_timeout_s=env_number(environ, "BODY_TIMEOUT_S", cls.body_timeout_s),
            access_log=environ.get("ACCESS_LOG", "1") != "0",
        )
