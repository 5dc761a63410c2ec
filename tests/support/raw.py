"""Raw bytes to a server and its answer, parsed just enough: for requests no HTTP
client library would send (bad methods, NUL bytes, lying lengths)."""

from __future__ import annotations

import contextlib
import json
import socket
import time
from dataclasses import dataclass


@dataclass
class Reply:
    status: int
    reason: str
    headers: dict[str, str]  # lower-case names; a repeated header keeps the last
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)


def request(
    method: str, target: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> bytes:
    """A well-formed HTTP/1.1 request that asks the server to close afterwards."""
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    framed = {name.lower() for name in headers or {}} & {"content-length", "transfer-encoding"}
    if body and not framed:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def exchange(port: int, data: bytes, timeout: float = 10.0) -> Reply:
    """Send ``data``, read until the server closes (or ``timeout``), parse the first
    answer. A server that stops reading a long body may reset the connection: what
    it answered before that is still read."""
    received = bytearray()
    deadline = time.monotonic() + timeout
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        with contextlib.suppress(OSError):  # refused mid-body: its answer is on the way
            sock.sendall(data)
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            received += chunk
    return parse(bytes(received))


def parse(raw: bytes) -> Reply:
    head, _, rest = raw.partition(b"\r\n\r\n")
    if not head:
        raise AssertionError("no answer at all")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    _, status, reason = status_line.split(" ", 2)
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding") == "chunked":
        body = bytearray()
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line, 16)
            if size == 0:
                break
            body += rest[:size]
            rest = rest[size + 2 :]
        return Reply(int(status), reason, headers, bytes(body))
    length = int(headers.get("content-length", len(rest)))
    return Reply(int(status), reason, headers, rest[:length])
