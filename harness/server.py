"""Run the real server, exactly as the platform does: the Procfile's web command,
on a free loopback port, with its output kept for the tests to read."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def procfile_command() -> str:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line.removeprefix("web:").strip()
    raise AssertionError("the Procfile has no web process")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


APP = "planettracker.web.app:serve"


class Server:
    """The Procfile's web command in a subprocess, bound to 127.0.0.1. ``app`` swaps
    the application (the benchmark's ceiling) and nothing else."""

    def __init__(
        self,
        workers: int = 1,
        env: dict[str, str] | None = None,
        port: int | None = None,
        app: str = APP,
        ready_path: str = "/healthz",
    ) -> None:
        self.ready_path = ready_path
        command = procfile_command()
        assert APP in command
        self.command = command.replace(APP, app)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "PORT": str(self.port),
            "LISTEN_HOST": "127.0.0.1",
            "WEB_CONCURRENCY": str(workers),
            **(env or {}),
        }
        self.process: subprocess.Popen[bytes] | None = None
        # The server's output goes to a file, not a pipe read by this process: a
        # reader here would compete for the CPU with the server under load.
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in wait/stop)
        self._final_output: str | None = None

    @property
    def output(self) -> str:
        if self._final_output is not None:
            return self._final_output
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    def start(self, timeout: float = 30.0) -> Server:
        self.process = subprocess.Popen(
            ["/bin/sh", "-c", f"exec {self.command}"],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited at start:\n{self.output}")
            try:
                with urllib.request.urlopen(f"{self.url}{self.ready_path}", timeout=1) as answer:
                    if answer.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not answer within {timeout} s:\n{self.output}")

    def get_json(self, path: str) -> Any:
        """GET ``path`` (with its query): the answer must be a 200 in JSON; its body."""
        with urllib.request.urlopen(f"{self.url}{path}", timeout=10) as answer:
            assert answer.status == 200, answer.status
            assert answer.headers.get_content_type() == "application/json"
            return json.loads(answer.read())

    def worker_pids(self) -> list[int]:
        """The master's children: gunicorn's workers."""
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def signal(self, signum: int) -> None:
        assert self.process is not None
        self.process.send_signal(signum)

    def wait(self, timeout: float) -> int:
        assert self.process is not None
        code = self.process.wait(timeout)
        if self._final_output is None:  # it has stopped: keep what it wrote, close the file
            self._final_output = self.output
            self._log.close()
        return code

    def stop(self, timeout: float = 30.0) -> int | None:
        """SIGTERM, as the platform sends; SIGKILL if it does not exit in time."""
        if self.process is None:
            self._final_output = ""
            self._log.close()
            return None
        if self.process.poll() is not None:
            return self.wait(0)
        self.signal(signal.SIGTERM)
        try:
            return self.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.wait(5)
            raise

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
