"""A real HTTP server on 127.0.0.1 for the drivers of this folder (``_*_driver.py``), which run
as scripts beside a generated package: ``with serving(Handler) as base_url: ...``."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def answer(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    """Read the request's body, then answer 200 with ``body`` as JSON, or 204 when empty."""
    handler.rfile.read(int(handler.headers.get("content-length") or 0))
    handler.send_response(200 if body else 204)
    if body:
        handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on a free port in a daemon thread; its base URL, shut down after."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
