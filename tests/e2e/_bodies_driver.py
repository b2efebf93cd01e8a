"""Drive a client generated from ``tests/specs/generate/request-bodies.yaml`` against a real
HTTP server on 127.0.0.1 and print, as JSON, every request the server received and what the
calls returned; ``test_generate_specs.py`` runs it with the generated package on ``sys.path``
and checks the wire format.

The server answers 204, except: ``/imports`` 201 with JSON, ``PUT /either/j`` 200 with the
JSON it was sent, ``GET /blobs/big`` 200 with ``BIG`` bytes of octet-stream, and
``/blobs/flaky`` 429 (``Retry-After: 0``) every time.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import sys
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

from _serve import serving  # this folder, the script's own (sys.path[0])
from solvimon_client import AsyncSolvimon, RateLimitError, Solvimon  # type: ignore[import-not-found]
from solvimon_client.models import (  # type: ignore[import-not-found]
    CreateUploadFormAuthorsItem,
    CreateUploadFormMeta,
    CreateUploadFormPoint,
    Import,
    ImportOptionsSource,
    RefreshGrant,
    UpdatePetWithFormFormFilter,
)

BIG = bytes(range(256)) * 4096
"""1 MiB: what the streaming download reads in chunks."""

RECEIVED: list[dict[str, Any]] = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _body(self) -> bytes:
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("content-length") or 0))

    def _handle(self) -> None:
        body = self._body()
        RECEIVED.append(
            {
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "chunked": self.headers.get("transfer-encoding", "").lower() == "chunked",
                "body": base64.b64encode(body).decode("ascii"),
            }
        )
        if self.path == "/imports":
            self._send(201, b'{"id":"imp_1"}', "application/json")
        elif self.command == "PUT" and self.path == "/either/j":
            self._send(200, body, "application/json;charset=UTF-8")
        elif self.path == "/blobs/big":
            self._send(200, BIG, "application/octet-stream")
        elif self.path == "/blobs/flaky":
            self._send(429, b"", None, {"Retry-After": "0"})
        else:
            self._send(204, b"", None)

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str | None,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = _handle

    def log_message(self, format: str, *args: Any) -> None:
        pass


def chunks() -> Iterator[bytes]:
    yield b"chunk-1;"
    yield b"chunk-2"


async def achunks() -> AsyncIterator[bytes]:
    yield b"async-1;"
    yield b"async-2"


def run_sync(base_url: str, results: dict[str, Any]) -> None:
    with Solvimon(base_url=base_url, max_retries=2) as client:
        api = client.default
        api.create_upload(
            body={
                "file": b"\x89PNG\r\n",
                "attachments": [
                    ("a.pdf", io.BytesIO(b"%PDF-1"), "application/pdf"),
                    b"second",
                ],
                "title": "H\u00e9llo",
                "count": 3,
                "tags": ["a", "b"],
                "meta": CreateUploadFormMeta(author="me", pages=2),
                "kind": "photo",
                "joined": ["x", "y"],
                "point": CreateUploadFormPoint(x=1, y=2),
                "authors": [
                    CreateUploadFormAuthorsItem(name="Ann"),
                    CreateUploadFormAuthorsItem(name="Bo", email="bo@example.com"),
                ],
            }
        )
        created = api.create_import(
            body={
                "file": ("contacts.csv", b"email\na@b.c\n", "text/csv"),
                "column-map": "{}",
                "source": ImportOptionsSource(system="crm"),
            }
        )
        results["import"] = created.id
        api.update_pet_with_form(
            7,
            body={
                "name": "Rex & co",
                "status": "sold",
                "tags": ["a", "b"],
                "ids": [1, 2],
                "filter": UpdatePetWithFormFormFilter(color="red", size=3),
                "photo": b"\x00\xff a",
            },
        )
        api.put_blob("bytes", body=b"\x00\x01raw")
        api.put_blob("file", body=io.BytesIO(b"file-bytes"))
        api.put_blob("iterator", body=chunks())
        api.create_note(body="h\u00e9llo")
        api.request_token(body=RefreshGrant(grant_type="refresh_token", refresh_token="r t"))
        api.send_either(body=Import(id="j"))
        api.patch_either("j", body=Import(id="k"))
        results["replaced"] = api.replace_either("j", body=Import(id="r")).model_dump()
        results["download"] = api.get_blob("big") == BIG
        with api.with_streaming_response.get_blob("big") as response:
            parts = list(response.iter_bytes(65536))
        results["streamed"] = [
            response.status_code,
            len(parts) > 1,
            b"".join(parts) == BIG,
        ]
        for name, body in (("replayable", b"x"), ("one-shot", chunks())):
            before = sum(r["path"] == "/blobs/flaky" for r in RECEIVED)
            try:
                api.put_blob("flaky", body=body)
            except RateLimitError:
                results[name] = sum(r["path"] == "/blobs/flaky" for r in RECEIVED) - before


async def run_async(base_url: str, results: dict[str, Any]) -> None:
    async with AsyncSolvimon(base_url=base_url, max_retries=2) as client:
        api = client.default
        await api.put_blob("async-iterator", body=achunks())
        await api.put_blob("async-file", body=io.BytesIO(b"async-file"))
        await api.create_upload(body={"file": io.BytesIO(b"async-upload"), "title": "t"})
        async with api.with_streaming_response.get_blob("big") as response:
            parts = [part async for part in response.aiter_bytes(65536)]
        results["async_streamed"] = b"".join(parts) == BIG
        before = sum(r["path"] == "/blobs/flaky" for r in RECEIVED)
        try:
            await api.put_blob("flaky", body=achunks())
        except RateLimitError:
            results["async_one_shot"] = sum(r["path"] == "/blobs/flaky" for r in RECEIVED) - before


def run_pure(results: dict[str, Any]) -> None:
    """The serialization rules as pure functions: styles, NOT_GIVEN, bad values, filenames."""
    from solvimon_client import NOT_GIVEN  # type: ignore[import-not-found]
    from solvimon_client import _base_client as base  # type: ignore[import-not-found]

    encoding = base.FieldEncoding
    results["styles"] = [
        base._styled("a", ["x", "y"], encoding(style="spaceDelimited", explode=False)),
        base._styled("a", ["x", "y"], encoding(style="pipeDelimited", explode=True)),
        base._styled("o", {"k": "v", "n": 1}, encoding(style="form", explode=False)),
        base._styled("o", {"k": "v", "n": 1}, encoding()),
        base._styled("o", {"k": [1, 2]}, encoding(style="deepObject")),
        base._styled("b", True, encoding()),
    ]
    results["not_given"] = [
        base.multipart_payload(NOT_GIVEN, {}),
        base.form_payload(NOT_GIVEN, {}),
        base.binary_payload(NOT_GIVEN, "application/octet-stream"),
    ]
    try:
        base.binary_payload(123, "application/octet-stream")
    except TypeError as error:
        results["bad_binary"] = str(error)
    named = io.BytesIO(b"data")
    named.name = "/tmp/dir/report.csv"
    payload = base.multipart_payload({"f": named, "skipped": None}, {"f": encoding(file=True)})
    results["named"] = [[name, part[0], part[2]] for name, part in payload.files]
    results["named_replayable"] = payload.replayable


def main() -> None:
    results: dict[str, Any] = {}
    run_pure(results)
    with serving(Handler) as base_url:
        run_sync(base_url, results)
        asyncio.run(run_async(base_url, results))
    json.dump({"requests": RECEIVED, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
