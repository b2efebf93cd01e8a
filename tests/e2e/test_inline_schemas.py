"""Inline schemas of operations and webhooks become models (``generator/hoist.py``): the client's
signatures name them, never ``dict[str, Any]``, and the package works end to end."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.prove_package import GeneratedPackage, prove

__all__: list[str] = []

SPEC = ROOT / "tests" / "specs" / "generate" / "inline-schemas.yaml"

_HINTS = """
import json, sys, typing
sys.path.insert(0, sys.argv[1])
from solvimon_client.resources.default import Default

def show(t):  # one spelling on every Python: X | None, list[X], dict[str, X], X
    args = typing.get_args(t)
    origin = typing.get_origin(t)
    if origin is typing.Union or type(t).__name__ == "UnionType":
        return " | ".join(show(a) for a in args)
    if origin is not None:
        return f"{origin.__name__}[{', '.join(show(a) for a in args)}]"
    return "None" if t is type(None) else t.__name__

hints = {}
for name in ("make_thing", "list_things", "things_by_name", "maybe_thing", "name_thing",
             "combined_thing", "shared_thing"):
    found = typing.get_type_hints(getattr(Default, name))
    shown = ("body", "return", "filter", "page", "where", "labels")
    hints[name] = {k: show(v) for k, v in found.items() if k in shown}
from solvimon_client import webhooks
created = webhooks.parse_thing_created(b'{"id": "t-1"}')
hints["webhooks"] = {
    "thingCreated": [type(created).__name__, created.id],
    "thingsPurged": [str(u) for u in webhooks.parse_things_purged(
        '["8d4f3a8e-2f51-4b8e-9a65-7c4f0b1d2e3f"]')],
    "keys": sorted(webhooks.WEBHOOKS),
    "thingShared": type(webhooks.parse_thing_shared(b'{"owner": "o"}')).__name__,
    "makeThing.thingReady": repr(webhooks.parse_make_thing_thing_ready(
        '{"id": "t-1", "ready": true}')),
    "makeThing.moved": repr(webhooks.WEBHOOKS["makeThing.moved"](b'{"to": "shelf"}')),
}
try:
    webhooks.parse_thing_created(b'{}')
except Exception as exc:
    hints["webhooks"]["missing id"] = type(exc).__name__
print(json.dumps(hints))
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> GeneratedPackage:
    """The package, proven: generated, imported, mypy --strict, ruff and its own tests."""
    return prove(SPEC, tmp_path_factory.mktemp("inline") / "out")


@pytest.mark.slow
def test_inline_schemas_become_models_in_a_working_package(
    generated: GeneratedPackage,
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _HINTS, str(generated.out)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    hints = json.loads(result.stdout)
    assert hints == {
        "make_thing": {"body": "MakeThingBody", "return": "MakeThingResponse"},
        # ListThingsResponseItem is a component of the spec already: the items take the next.
        "list_things": {
            "filter": "ListThingsFilter | NotGiven",  # inline
            "page": "Page | NotGiven",  # in components/parameters
            "where": "ThingWhere",  # a component, required: positional
            "labels": "dict[str, str] | NotGiven",  # a map: as callers write it
            "return": "list[ListThingsResponseItem2]",
        },
        "things_by_name": {"return": "dict[str, ThingsByNameResponseValue]"},
        "maybe_thing": {"return": "MaybeThingResponse | None"},
        "name_thing": {"body": "NamingBody", "return": "NamedResponse"},
        "combined_thing": {"return": "CombinedThingResponse"},
        "shared_thing": {"return": "SharedThingResponse"},  # by components/pathItems
        "webhooks": {
            "thingCreated": ["ThingCreatedPayload", "t-1"],
            "thingsPurged": ["8d4f3a8e-2f51-4b8e-9a65-7c4f0b1d2e3f"],
            # ping's body is text: not parsed; nor is the callback beat's
            "keys": [
                "makeThing.moved", "makeThing.thingReady",  # callbacks: <operationId>.<name>
                "thingCreated", "thingShared", "thingsPurged",
            ],
            "thingShared": "ThingSharedPayload",  # by components/pathItems
            # A callback's inline payload is a model named after the operation and callback,
            "makeThing.thingReady": "MakeThingThingReadyPayload(id='t-1', ready=True)",
            # one by components/callbacks after its own operationId (parse_on_thing_moved).
            "makeThing.moved": "OnThingMovedPayload(to='shelf')",
            "missing id": "ValidationError",
        },
    }
    models = (generated.package_dir / "models" / "_generated.py").read_text(
        encoding="utf-8"
    )
    # The error response's body and the webhook's payload are models too.
    assert "class MakeThingResponse404(Model):" in models
    assert "class ThingCreatedPayload(Model):" in models
    assert "class CombinedThingResponse(Stamp):" in models
    module = (generated.package_dir / "webhooks.py").read_text(encoding="utf-8")
    words = " ".join(module.split())  # the docstring's lines are wrapped at 100 columns
    assert "The webhooks and callbacks Inline Schemas sends:" in words
    assert "def parse_on_thing_moved(body: bytes | str) -> _models.OnThingMovedPayload:" in module
    assert '"""The ``POST`` callback ``makeThing.moved``: A thing moved."""' in module
    assert (
        "Not parsed here (the body is not JSON): ``ping`` (POST, text/plain),"
        " ``makeThing.beat`` (PUT, text/plain)." in words
    )


class _Null(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"null" if self.path == "/things/maybe" else b'{"id": "t-1"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Null)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


_NULLABLE = """
import asyncio, sys
sys.path.insert(0, sys.argv[1])
from solvimon_client import AsyncSolvimon, Solvimon
print(repr(Solvimon(base_url=sys.argv[2]).default.maybe_thing()))
async def main():
    async with AsyncSolvimon(base_url=sys.argv[2]) as client:
        print(repr(await client.default.maybe_thing()))
asyncio.run(main())
"""


@pytest.mark.slow
def test_a_nullable_model_body_of_null_is_none(
    generated: GeneratedPackage, server: str
) -> None:
    # `X | None` as anyOf with {type: null}: a `null` body is None, not a validation error.
    result = subprocess.run(
        [sys.executable, "-c", _NULLABLE, str(generated.out), server],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["None", "None"]


_SPLIT_HINTS = """
import json, sys, typing
sys.path.insert(0, sys.argv[1])
from solvimon_client.resources.default import Default
from solvimon_client import webhooks

def show(t):
    args = typing.get_args(t)
    if type(t).__name__ == "UnionType":
        return " | ".join(show(a) for a in args)
    return "None" if t is type(None) else t.__name__

hints = {}
for name in (
    "list_things", "make_thing", "get_thing", "copy_labels", "first_label", "labels_by_color"
):
    found = typing.get_type_hints(getattr(Default, name))
    hints[name] = {k: show(v) for k, v in found.items() if k in ("body", "return", "filter")}
hints["thingMoved"] = typing.get_type_hints(webhooks.parse_thing_moved)["return"].__name__
print(json.dumps(hints))
"""


@pytest.mark.slow
def test_inline_schemas_in_other_files_become_models(tmp_path: Path) -> None:
    """A split spec: path items, a response, a body and a parameter in files of their own."""
    generated = prove(ROOT / "tests" / "specs" / "generate" / "split-paths" / "openapi.yaml",
                      tmp_path / "out")  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", _SPLIT_HINTS, str(generated.out)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(result.stdout) == {
        "list_things": {"filter": "ListThingsFilter | NotGiven", "return": "ListThingsResponse"},
        "make_thing": {"body": "MakeThingBody", "return": "Thing"},  # Thing: by path to root
        "get_thing": {"return": "GetThingResponse"},
        "copy_labels": {"return": "Labels"},  # its file, a component; by encoded pointers
        "first_label": {"return": "Label"},  # the component that `$ref`s its file
        "labels_by_color": {"return": "ByColor"},  # a map of them, through a chain of files
        "thingMoved": "ThingMovedPayload",
    }
    models = (generated.package_dir / "models" / "_generated.py").read_text(encoding="utf-8")
    # The default response's body, from parts/error.yaml; the payload's `to` is the Place model
    # of parts/place.yaml, its $ref rewritten from the root file's folder.
    assert "class ListThingsResponseDefault(Model):" in models
    assert "    to: Place\n" in models


_TWO_CALLBACKS = """openapi: 3.1.0
info: {title: T, version: 1.0.0}
paths:
  /a:
    post:
      operationId: startA
      responses: {"202": {description: Started.}}
      callbacks:
        done:
          "{$request.body#/url}":
            post:
              operationId: onDone
              requestBody: {content: {application/json: {schema: {type: string}}}}
              responses: {"200": {description: Received.}}
  /b:
    post:
      operationId: startB
      responses: {"202": {description: Started.}}
      callbacks:
        finished:
          "{$request.body#/url}":
            post:
              operationId: onDone
              requestBody: {content: {application/json: {schema: {type: string}}}}
              responses: {"200": {description: Received.}}
"""


def test_two_callbacks_of_one_function_name_are_a_located_refusal(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(_TWO_CALLBACKS, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(["generate", "--spec", spec, "--out", out])
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].endswith(
        "/spec.yaml:22:13: error [name-collision] /paths/~1b/post/callbacks/finished/"
        "{$request.body#~1url}/post: callback 'startA.done' and callback 'startB.finished' both "
        "become the function parse_on_done (give the callback's operation an operationId of its "
        "own: it names the function)"
    )
    assert not out.exists()
