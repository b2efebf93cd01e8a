"""Drive a client generated from ``tests/specs/generate/http-schemes.yaml`` against a real HTTP
server on 127.0.0.1 and print, as JSON, the Authorization header each request carried, or the
error a call raised; ``test_generate_specs.py`` runs it with the generated package on
``sys.path``.
"""

from __future__ import annotations

import json
import sys
from http.server import BaseHTTPRequestHandler
from typing import Any

from _serve import answer, serving  # this folder, the script's own (sys.path[0])
from solvimon_client import MissingCredentialsError, Solvimon  # type: ignore[import-not-found]

SEEN: list[Any] = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _handle(self) -> None:
        SEEN.append(self.headers.get("authorization"))
        answer(self, b'["a"]' if self.path == "/letters" else b"")

    do_GET = do_POST = _handle

    def log_message(self, format: str, *args: Any) -> None:
        pass


def calls(base_url: str, **credentials: str) -> list[Any]:
    """Each operation once: the Authorization header the server saw, or the error's text."""
    done: list[Any] = []
    with Solvimon(base_url=base_url, **credentials) as client:
        for call in (
            client.default.list_letters,
            client.default.create_token,
            client.default.get_status,
        ):
            try:
                call()
                done.append(SEEN.pop())
            except MissingCredentialsError as error:
                done.append(str(error))
    return done


def main() -> None:
    with serving(Handler) as base_url:
        report = {
            "none": calls(base_url),
            "noauth": calls(base_url, noauth_credential="n-1"),
            "token": calls(base_url, token_credential="t-1"),
            "bearer": calls(base_url, bearer_token="b-1"),
            "all": calls(
                base_url, noauth_credential="n-1", token_credential="t-1", bearer_token="b-1"
            ),
        }
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
