"""Drive a client generated from ``tests/specs/generate/mutual-tls.yaml`` against a real HTTP
server on 127.0.0.1 and print, as JSON, the credential headers each request carried and what
each call did; ``test_generate_specs.py`` runs it with the generated package on ``sys.path``.

The certificate itself is the connection's (``http_client``): no request shows it, so the server
here is plain HTTP and the report is what the client added, or refused, on its own.
"""

from __future__ import annotations

import json
import sys
from http.server import BaseHTTPRequestHandler
from typing import Any

import httpx
from _serve import answer, serving  # this folder, the script's own (sys.path[0])
from solvimon_client import MissingCredentialsError, Solvimon  # type: ignore[import-not-found]

SEEN: list[list[Any]] = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _handle(self) -> None:
        SEEN.append([self.command, self.path, self.headers.get("x-api-key")])
        answer(self, b'["a"]' if self.command == "GET" else b"")

    do_GET = do_POST = do_DELETE = _handle

    def log_message(self, format: str, *args: Any) -> None:
        pass


def calls(base_url: str, **credentials: str) -> list[Any]:
    """list, create, delete with ``credentials``: each call's result or error class."""
    done: list[Any] = []
    with (
        httpx.Client() as http,
        Solvimon(base_url=base_url, http_client=http, **credentials) as client,
    ):
        for call in (
            client.default.list_things,
            client.default.create_thing,
            lambda: client.default.delete_thing("t1"),
        ):
            try:
                done.append(call())
            except MissingCredentialsError as error:
                done.append(["MissingCredentialsError", str(error)])
    return done


def main() -> None:
    with serving(Handler) as base_url:
        report = {"none": calls(base_url), "key": calls(base_url, api_key="k-1")}
    json.dump({**report, "seen": SEEN}, sys.stdout)


if __name__ == "__main__":
    main()
