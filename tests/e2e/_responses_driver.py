"""Drive a client generated from ``tests/specs/generate/responses.yaml`` against a real HTTP
server on 127.0.0.1 and print, as JSON, what each call returned (the Python type and the value),
sync and async, and the ``Accept`` headers the server received; ``test_generate_specs.py`` runs
it with the generated package on ``sys.path`` and checks each status gives its type.

The server answers the status asked for in the ``status`` query item (``extra_query``), with the
body the spec documents for it.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pydantic
from _serve import serving  # this folder, the script's own (sys.path[0])
from solvimon_client import (  # type: ignore[import-not-found]
    APIResponseValidationError,
    APIStatusError,
    AsyncSolvimon,
    Solvimon,
)

PNG = b"\x89PNG\r\n\x1a\n"

PET = b'{"id": 1, "name": "Rex"}'
ORDER = b'{"orderId": "o-1", "quantity": 2}'

ANSWERS: dict[tuple[str, int], tuple[bytes, str | None]] = {
    ("/adoptions", 200): (PET, "application/json"),
    ("/adoptions", 201): (ORDER, "application/json"),
    ("/adoptions", 203): (PET, "application/json"),  # a 2xx the operation does not document
    ("/jobs", 200): (PET, "application/json"),
    ("/jobs", 202): (b"", None),
    ("/photos/p1", 200): (PET, "application/json"),
    ("/photos/p1", 206): (PNG, "image/png"),
    ("/config", 200): (b'{"a": [1, 2.5, {"b": null}], "c": "d"}', "application/json"),
    ("/fallback", 200): (PET, "application/json"),
    ("/fallback", 500): (b'{"id": 0, "name": "broken"}', "application/json"),
    ("/documents/d1", 200): (PET, "application/json"),
    ("/old-place", 301): (b"", None),
    ("/ranged", 203): (PET, "application/json"),
    ("/shared", 200): (PET, "application/json"),
    ("/same", 201): (PET, "application/json"),
}

ACCEPTED: dict[str, list[str]] = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _handle(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        url = urlsplit(self.path)
        status = int(parse_qs(url.query).get("status", ["200"])[0])
        ACCEPTED.setdefault(url.path, []).append(self.headers.get("accept", ""))
        body, content_type = ANSWERS[(url.path, status)]
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if status == 301:
            self.send_header("Location", "/new-place")
        if url.path == "/shared":
            self.send_header("X-Rate-Limit", "7")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _handle

    def log_message(self, format: str, *args: Any) -> None:
        pass


def describe(value: object) -> list[Any]:
    """[the Python type's name, the value as JSON data]."""
    if isinstance(value, pydantic.BaseModel):
        return [type(value).__name__, value.model_dump(mode="json", by_alias=True)]
    if isinstance(value, bytes):
        return ["bytes", value.decode("latin-1")]
    return [type(value).__name__, value]


def status(code: int) -> dict[str, Any]:
    return {"extra_query": {"status": str(code)}}


CALLS: list[tuple[str, str, int]] = [
    ("adopt", "adopt", 200),
    ("adopt", "adopt", 201),
    ("start_job", "start_job", 200),
    ("start_job", "start_job", 202),
    ("get_photo", "get_photo", 200),
    ("get_photo", "get_photo", 206),
    ("get_config", "get_config", 200),
    ("get_fallback", "get_fallback", 200),
    ("get_document", "get_document", 200),
    ("get_ranged", "get_ranged", 203),
    ("get_shared", "get_shared", 200),
    ("put_same", "put_same", 201),
]
"""(result key, method, status asked for)."""

ARGS: dict[str, tuple[str, ...]] = {"get_photo": ("p1",), "get_document": ("d1",)}


def failure(error: APIStatusError | APIResponseValidationError) -> list[Any]:
    if isinstance(error, APIStatusError):
        location = error.response.headers.get("location")
        parsed = describe(error.error) if error.error is not None else None
        return [type(error).__name__, error.status_code, location, parsed]
    assert isinstance(error, APIResponseValidationError), error
    return [type(error).__name__, error.status_code, str(error)]


def run_sync(base_url: str) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with Solvimon(base_url=base_url, max_retries=0) as client:
        api = client.default
        for key, method, code in CALLS:
            value = getattr(api, method)(*ARGS.get(method, ()), **status(code))
            results[f"{key} {code}"] = describe(value)
            raw = getattr(api.with_raw_response, method)(*ARGS.get(method, ()), **status(code))
            results[f"{key} {code} raw"] = [raw.status_code, describe(raw.parse())]
        with api.with_streaming_response.get_photo("p1", **status(206)) as streamed:
            results["get_photo 206 streamed"] = [streamed.status_code, describe(streamed.read())]
        results["shared header"] = api.with_raw_response.get_shared().headers["x-rate-limit"]
        for name, call in [
            ("adopt 203", lambda: api.adopt(**status(203))),
            ("get_fallback 500", lambda: api.get_fallback(**status(500))),
            ("get_old_place 301", lambda: api.get_old_place(**status(301))),
        ]:
            try:
                call()
            except (APIStatusError, APIResponseValidationError) as error:
                results[name] = failure(error)
    return results


async def run_async(base_url: str) -> dict[str, Any]:
    results: dict[str, Any] = {}
    async with AsyncSolvimon(base_url=base_url, max_retries=0) as client:
        api = client.default
        for key, method, code in CALLS:
            value = await getattr(api, method)(*ARGS.get(method, ()), **status(code))
            results[f"{key} {code}"] = describe(value)
            raw = await getattr(api.with_raw_response, method)(
                *ARGS.get(method, ()), **status(code)
            )
            results[f"{key} {code} raw"] = [raw.status_code, describe(raw.parse())]
        async with api.with_streaming_response.get_photo("p1", **status(206)) as streamed:
            body = await streamed.aread()
            results["get_photo 206 streamed"] = [streamed.status_code, describe(body)]
        raw = await api.with_raw_response.get_shared()
        results["shared header"] = raw.headers["x-rate-limit"]
        calls: list[tuple[str, Callable[[], Awaitable[object]]]] = [
            ("adopt 203", lambda: api.adopt(**status(203))),
            ("get_fallback 500", lambda: api.get_fallback(**status(500))),
            ("get_old_place 301", lambda: api.get_old_place(**status(301))),
        ]
        for name, call in calls:
            try:
                await call()
            except (APIStatusError, APIResponseValidationError) as error:
                results[name] = failure(error)
    return results


def main() -> None:
    with serving(Handler) as base_url:
        sync = run_sync(base_url)
        asynchronous = asyncio.run(run_async(base_url))
    json.dump({"sync": sync, "async": asynchronous, "accept": ACCEPTED}, sys.stdout)


if __name__ == "__main__":
    main()
