"""A scripted HTTP/1.1 server over raw TCP, for faults below HTTP (reset, truncation, stall)."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus

__all__ = ["Exchange", "FaultServer", "Received", "Script", "free_port", "http_response"]


@dataclass(frozen=True)
class Received:
    """One complete request as it reached the server."""

    method: str
    path: str
    headers: Mapping[str, str]
    """Lower-cased names."""
    body: bytes


def http_response(
    status: int,
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
    *,
    content_length: int | None = None,
) -> bytes:
    """The bytes of one response; ``content_length`` may lie about the body (truncation)."""
    reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
    lines = [f"HTTP/1.1 {status} {reason}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    lines.append(f"Content-Length: {len(body) if content_length is None else content_length}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@dataclass
class Exchange:
    """One accepted connection whose request has been read; the script decides what follows."""

    conn: socket.socket
    request: Received
    stopping: threading.Event

    def send(self, data: bytes) -> None:
        self.conn.sendall(data)

    def respond(
        self, status: int, body: bytes = b"", headers: Mapping[str, str] | None = None
    ) -> None:
        self.send(http_response(status, body, headers))

    def reset(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER 0), sending nothing more."""
        self.conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.conn.close()

    def stall(self, seconds: float = 5.0) -> None:
        """Send nothing until the server stops (or ``seconds`` pass)."""
        self.stopping.wait(seconds)


Script = Callable[[Exchange], None]
"""What the server does with one request; the connection is closed afterwards."""


def _read_request(conn: socket.socket) -> Received | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    request_line, *header_lines = head.decode("latin-1").split("\r\n")
    method, path, _ = request_line.split(" ", 2)
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    return Received(method, path, headers, body)


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on (bound then released)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class FaultServer:
    """Serve ``scripts[i]`` to the i-th request (the last one repeats); count what arrived."""

    scripts: Sequence[Script]
    host: str = "127.0.0.1"
    received: list[Received] = field(default_factory=list)
    connections: int = 0
    _stopping: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((self.host, 0))
        self._listener.listen(16)
        self._listener.settimeout(0.05)
        self.port: int = self._listener.getsockname()[1]
        self.url = f"http://{self.host}:{self.port}"
        self._accepting = threading.Thread(target=self._accept_loop, daemon=True)
        self._accepting.start()

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
            worker = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(worker)
            worker.start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        try:
            request = _read_request(conn)
            if request is None:
                return
            with self._lock:
                index = len(self.received)
                self.received.append(request)
            script = self.scripts[min(index, len(self.scripts) - 1)]
            script(Exchange(conn, request, self._stopping))
        except OSError:
            pass
        finally:
            conn.close()

    @property
    def count(self) -> int:
        """How many complete requests reached the server."""
        with self._lock:
            return len(self.received)

    def stop(self) -> None:
        self._stopping.set()
        self._accepting.join(5)
        self._listener.close()
        for worker in self._threads:
            worker.join(5)
