"""Specs of every shape generate a package that imports, type-checks, lints and passes its tests.

Each spec under ``tests/specs/generate/`` listed here exercises constructs the refund spec does
not (see its header comment); ``tests.prove_package.prove`` runs the whole chain on it.
"""

from __future__ import annotations

import ast
import base64
import json
import os
import re
import subprocess
import sys
import textwrap
import tomllib
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, refusal
from tests.generated_package import findings
from tests.prove_package import (
    GeneratedPackage,
    check_imports,
    check_mypy,
    check_ruff,
    generate_only,
    prove,
)

SPECS = ROOT / "tests" / "specs" / "generate"


def _prints_ok(generated: GeneratedPackage, code: str) -> None:
    """Run ``code`` with the generated package importable, warnings as errors; it prints ok."""
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", textwrap.dedent(code)],
        cwd=generated.out,
        env={**os.environ, "PYTHONPATH": str(generated.out)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "ok", result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        "enum-types",
        "security-compositions",
        "parameters-naming",
        "dotted-names",
        "enum-default-order",
        "binary-text-responses",
        "error-models",
        "oracle-edges",
        "components-only",
        "fragment-paths",
        "method-names",
        "peer-enums",  # its titles say "Enum": the models once kept an unused `Enum` import
        "json-tabs.json",  # see its description
        "yaml-tabs",
        "yaml-scalars",  # see its description
        "server-path-relative",
        "server-first-relative",
        "tiles-without-servers",
        "server-host-case",
        "models-imports",
        "models-aliases",
        "identifiers",
        "typeless-constraints",
        "implicit-discriminator",
        "models-allof-union-chain",
        "models-allof-narrowing-bases",
        "dialect-earlier-draft",
    ],
)
def test_generated_package_works(name: str, tmp_path: Path) -> None:
    prove(SPECS / (name if name.endswith(".json") else f"{name}.yaml"), tmp_path / "out")


@pytest.mark.slow
def test_composed_exploded_and_empty_bodies_are_checked_as_the_client_sends_them(
    tmp_path: Path,
) -> None:
    generated = prove(SPECS / "forms-composed.yaml", tmp_path / "out")
    warned = [f for f in findings(generated.stderr) if f.rule == "body-content-empty"]
    assert [(f.level, f.line) for f in warned] == [("warning", 55)]


@pytest.mark.slow
def test_a_union_tagged_by_an_integer_chooses_its_member_by_the_tag(tmp_path: Path) -> None:
    generated = prove(SPECS / "integer-discriminator.yaml", tmp_path / "out")
    assert not [f for f in findings(generated.stderr) if f.rule == "sample-unavailable"]
    assert 'name="add_forecast"' in (generated.out / "tests" / "test_default.py").read_text()
    _prints_ok(
        generated,
        """
        import pydantic
        from solvimon_client.models import Forecast, WithCity, WithNews

        both = {"news": "rain", "city": "Oslo"}
        assert type(Forecast.model_validate({"$type": 1, **both}).root) is WithCity
        assert type(Forecast.model_validate({"$type": 0, **both}).root) is WithNews
        try:
            Forecast.model_validate({"$type": 2, **both})
        except pydantic.ValidationError:
            print("ok")
        """,
    )


@pytest.mark.slow
def test_components_of_another_file_that_nothing_names_are_no_classes(tmp_path: Path) -> None:
    # prove() runs the generated tests: a union of that file tagged by its names is sent so.
    generated = prove(SPECS / "other-file-components" / "openapi.yaml", tmp_path / "out")
    models = (generated.out / "solvimon_client" / "models" / "_generated.py").read_text()
    classes = sorted(re.findall(r"^class (\w+)\(", models, re.MULTILINE))
    expected = ["Animal", "Bird", "Cat", "Fish", "ModelModel", "Part", "Pet", "Thing"]
    assert classes == expected, classes


@pytest.mark.slow
def test_optional_uploads_are_files(tmp_path: Path) -> None:
    generated = prove(SPECS / "nullable-uploads.yaml", tmp_path / "out")
    _prints_ok(
        generated,
        """
        import typing
        from solvimon_client._types import FileInput
        from solvimon_client.models import MetaRecord
        from solvimon_client.resources import default

        files = typing.get_type_hints(default.UploadFilesForm)
        profile = typing.get_type_hints(default.UpdateProfileForm)
        assert files == {
            "files": typing.Optional[list[FileInput]],
            "font_files": typing.Optional[list[FileInput]],
            "document_ids": typing.Optional[str],
            "note": str,
        }, files
        assert profile["profile_picture"] == typing.Optional[FileInput], profile
        record = typing.get_type_hints(default.PostRecordForm)["metadata"]
        assert record == FileInput | MetaRecord, record
        print("ok")
        """,
    )


_ENUM_CALLER = """
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from solvimon_client import Solvimon, models

seen: list[str] = []


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        seen.append(self.path)
        body = json.dumps(["document"]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        seen.append(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
with Solvimon(base_url=f"http://127.0.0.1:{server.server_address[1]}") as client:
    got = client.default.get_entities(
        entity_level=models.EntityLevel.COLLECTION,
        level=models.EntityLevel("other"),
        scope=models.EntityLevel.DOCUMENT,
    )
    client.default.get_entities(level="collection")
    client.default.create_entity(body={"level": models.EntityLevel.DOCUMENT})
server.shutdown()
assert got == [models.EntityLevel.DOCUMENT], got
assert seen[:2] == [
    "/entities?entity_level=collection&level=other&scope=document",
    "/entities?entity_level=document&level=collection",
], seen
assert 'name="level"\\r\\n\\r\\ndocument\\r\\n' in seen[2], seen[2]
print("ok")
"""


@pytest.mark.slow
def test_an_enum_component_parameter_takes_its_members_and_values(tmp_path: Path) -> None:
    generated = prove(SPECS / "enum-component-parameters.yaml", tmp_path / "out")
    # A parameter without a description is documented by where it goes (it said `level: level`).
    source = (generated.package_dir / "resources" / "default.py").read_text(encoding="utf-8")
    assert source.count("            level: The ``level`` query parameter.\n") == 2  # sync, async
    assert "GetEntitiesScope: typing.TypeAlias = _models.EntityLevel | typing.Literal[" in source
    (generated.out / "caller.py").write_text(_ENUM_CALLER, encoding="utf-8")
    check_mypy(generated, "caller.py")
    _prints_ok(generated, _ENUM_CALLER)


_POLYMORPHIC_CALLER = """
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from solvimon_client import NotFoundError, Solvimon, models

DOG = {"petType": "dog", "name": "Rex", "bark": "woof"}
ANSWERS: dict[str, tuple[int, Any]] = {
    "/pets/rex": (200, DOG),
    "/pets/gone": (404, {"type": "not-found", "title": "No such pet", "resource": "gone"}),
    "/pets": (200, [{"petType": "cat", "name": "Tom"}, DOG]),
    "/vehicles/v1": (200, {"kind": "Bike"}),
    "/vehicles/v2": (200, None),
}
sent: list[Any] = []


class Handler(BaseHTTPRequestHandler):
    def answer(self, status: int, value: Any) -> None:
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.answer(*ANSWERS[self.path])

    def do_POST(self) -> None:
        sent.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.answer(201, sent[-1])

    def log_message(self, format: str, *args: Any) -> None:
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
with Solvimon(base_url=f"http://127.0.0.1:{server.server_address[1]}") as client:
    rex = client.default.get_pet("rex")
    assert isinstance(rex, models.Dog) and rex.bark == "woof", rex
    pets = client.default.list_pets()
    assert [type(pet).__name__ for pet in pets] == ["Cat", "Dog"], pets
    added = client.default.add_pet(body=models.Dog(petType="dog", name="Rex", bark="woof"))
    assert isinstance(added, models.Dog) and sent == [DOG], (added, sent)
    bike = client.default.get_vehicle("v1")  # a Car too but for its tag
    assert isinstance(bike, models.Bike), bike
    assert client.default.get_vehicle("v2") is None
    try:
        client.default.get_pet("gone")
    except NotFoundError as exc:
        assert type(exc.error) is models.Problem, exc.error
    else:
        raise AssertionError("no NotFoundError")
server.shutdown()
print("ok")
"""


@pytest.mark.slow
def test_a_discriminated_base_is_the_union_of_its_subtypes(tmp_path: Path) -> None:
    generated = prove(SPECS / "polymorphic-responses.yaml", tmp_path / "out")
    assert "component-unused" not in generated.stderr, generated.stderr  # Car and Bike
    source = (generated.package_dir / "resources" / "default.py").read_text(encoding="utf-8")
    assert source.count("    ) -> _models.Cat | _models.Dog:\n") == 4  # get_pet, add_pet
    assert source.count("    ) -> list[_models.Cat | _models.Dog]:\n") == 2
    assert source.count("    ) -> _models.Car | _models.Bike | None:\n") == 2
    assert source.count("        body: _models.Cat | _models.Dog,\n") == 4  # method, raw
    assert source.count("    ) -> _models.Circle | _models.Square:\n") == 2
    (generated.out / "caller.py").write_text(_POLYMORPHIC_CALLER, encoding="utf-8")
    check_mypy(generated, "caller.py")
    _prints_ok(generated, _POLYMORPHIC_CALLER)


@pytest.mark.slow
def test_a_default_beside_a_reference_in_an_all_of_is_kept(tmp_path: Path) -> None:
    generated = prove(SPECS / "allof-defaults.yaml", tmp_path / "out")
    models = (generated.package_dir / "models" / "_generated.py").read_text(encoding="utf-8")
    assert "    network_mode: NetworkMode = NetworkMode.HOST\n" in models, models
    assert "    network_mode_sibling: NetworkMode = NetworkMode.BRIDGE\n" in models, models
    source = (generated.package_dir / "resources" / "default.py").read_text(encoding="utf-8")
    assert "        mode: ListTasksMode | NotGiven = NOT_GIVEN,\n" in source, source
    assert "ListTasksMode: typing.TypeAlias = _models.NetworkMode | typing.Literal[" in source


@pytest.mark.slow
def test_tuples_are_typed_and_sampled(tmp_path: Path) -> None:
    generated = prove(SPECS / "tuples.yaml", tmp_path / "out")
    assert "[sample-unavailable]" not in generated.stderr, generated.stderr
    source = (generated.package_dir / "resources" / "default.py").read_text(encoding="utf-8")
    assert "    ) -> _models.Coordinates:\n" in source
    assert "    ) -> list[str | int]:\n" in source
    assert "    ) -> list[typing.Any]:\n" in source  # open: any value after the places
    assert "        bbox: list[float] | NotGiven = NOT_GIVEN,\n" in source
    assert "        range: list[int | str] | NotGiven = NOT_GIVEN,\n" in source
    models = (generated.package_dir / "models" / "_generated.py").read_text(encoding="utf-8")
    assert "class Pair(RootModel[list[int | str]]):" in models
    assert "class Exact(RootModel[tuple[int, str]]):" in models


@pytest.mark.slow
def test_extensions_are_no_paths_statuses_or_expressions(tmp_path: Path) -> None:
    generated = prove(SPECS / "extensions.yaml", tmp_path / "out")
    source = (generated.package_dir / "resources" / "default.py").read_text(encoding="utf-8")
    raises = re.findall(r"Raises:\n\s+(.*)\n\s+(.*)\n", source)
    assert raises == [
        ("NotFoundError: 404 No such note.", "APIStatusError: Any other non-2xx status."),
        ("NotFoundError: 404 No such thing.", "APIStatusError: Any other non-2xx status."),
    ] * 2, raises
    models = (generated.package_dir / "models" / "_generated.py").read_text(encoding="utf-8")
    assert "    text: str\n" in models and "    kind: Kind | None = None\n" in models, models
    assert "Decimal" not in models and "class Kind(OpenEnum):" in models, models


@pytest.mark.slow
def test_a_root_in_a_folder_with_path_items_elsewhere_gives_a_working_package(
    tmp_path: Path,
) -> None:
    generated = prove(SPECS / "root-in-folder" / "api" / "openapi.yaml", tmp_path / "out")
    copied = generated.out / "tests" / "spec"
    assert (copied / "schemas" / "records.tag.yaml").is_file()  # above the root's folder
    assert (copied / "api" / "openapi.yaml").is_file()


def test_what_the_models_import_the_package_declares(tmp_path: Path) -> None:
    generated = generate_only(SPECS / "models-imports.yaml", tmp_path / "out")
    models = generated.package_dir / "models" / "_generated.py"
    tree = ast.parse(models.read_text(encoding="utf-8"))
    imported = {
        (node.module or "").partition(".")[0]
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and not node.level
    }
    project = tomllib.loads((generated.out / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {
        re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].replace("-", "_")
        for requirement in project["project"]["dependencies"]
    }
    third_party = imported - set(sys.stdlib_module_names) - {"__future__", generated.package}
    assert "typing_extensions" in third_party  # TypeAliasType: what this spec is about
    assert third_party <= declared, (third_party, declared)


@pytest.mark.slow
def test_a_document_fastapi_wrote_gives_a_working_package(tmp_path: Path) -> None:
    # See fastapi-tasks.md: the app FastAPI wrote it from.
    generated = prove(SPECS / "fastapi-tasks.json", tmp_path / "out")
    # Methods (and the classes hoisted from them) are named after the app's functions, not
    # FastAPI's operationIds (`get_task_tasks__task_id__get`, `get_pet_pets__pet_id__get`).
    methods = sorted({
        name
        for module in (generated.package_dir / "resources").glob("*.py")
        for name in re.findall(r"^    def ([a-z]\w*)\(", module.read_text("utf-8"), re.MULTILINE)
        if name != "with_raw_response"
    })
    assert methods == [
        "create_task", "delete_task", "get_pet", "get_task", "health", "list_tasks", "stats",
        "update_task",
    ]
    models = (generated.package_dir / "models" / "_generated.py").read_text(encoding="utf-8")
    assert "class GetPetResponse(" in models


def test_invalid_parameter_defaults_are_warned_about_and_left_out(
    tmp_path: Path,
) -> None:
    # Not the generated tests: their oracle (openapi-core) refuses to load a spec whose
    # defaults do not match their schemas, which is what this spec is about.
    generated = generate_only(SPECS / "defaults-invalid.yaml", tmp_path / "out")
    check_imports(generated)
    check_mypy(generated)
    check_ruff(generated)
    warnings = [line for line in generated.stderr.splitlines() if "[default-invalid]" in line]
    assert len(warnings) == 2, generated.stderr
    assert all("left out of the generated code" in line for line in warnings)
    source = (generated.package_dir / "resources" / "default.py").read_text(encoding="utf-8")
    assert "        id: str | NotGiven = NOT_GIVEN," in source
    assert "        n: int | NotGiven = NOT_GIVEN," in source
    assert "        m: int = 3," in source


def test_what_a_form_body_cannot_carry_is_a_located_refusal_never_a_silent_drop(
    tmp_path: Path,
) -> None:
    located, refusals = refusal(SPECS / "non-json-refused.yaml", tmp_path / "out")
    assert located == [
        "tests/specs/generate/non-json-refused.yaml:32:13: error [media-type-unsupported]",
    ]
    assert "the multipart/form-data body is a string, not an object" in refusals[0]


def _drive(generated: GeneratedPackage, driver: str) -> Any:
    """Run a driver script of this folder against the generated package (with a real server
    on 127.0.0.1); its report, read from the JSON it prints."""
    run = subprocess.run(
        [sys.executable, "-W", "error", str(Path(__file__).parent / driver)],
        cwd=generated.out,
        env={**os.environ, "PYTHONPATH": str(generated.out)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return json.loads(run.stdout)


def _multipart(content_type: str, body: bytes) -> list[tuple[str, str | None, str | None, bytes]]:
    """(name, filename, content type, content) of every part, parsed as a server would."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    assert message.is_multipart()
    parts = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        name = part.get_param("name", header="content-disposition")
        assert isinstance(name, str)
        parts.append((name, part.get_filename(), part.get("content-type"), payload))
    return parts


@pytest.mark.slow
def test_request_bodies_reach_a_real_server_in_their_media_types(
    tmp_path: Path,
) -> None:
    # multipart (files, JSON parts, styles), form-urlencoded, octet-stream (bytes, a file, an
    # iterator, sync and async), text/plain, JSON preferred; a binary download whole and
    # streamed; a one-shot body is never re-sent (429 retried only for bytes).
    generated = prove(SPECS / "request-bodies.yaml", tmp_path / "out")
    report = _drive(generated, "_bodies_driver.py")
    assert report["results"] == {
        "styles": [
            [["a", "x y"]],
            [["a", "x"], ["a", "y"]],
            [["o", "k,v,n,1"]],
            [["k", "v"], ["n", "1"]],
            [["o[k]", "[1,2]"]],
            [["b", "true"]],
        ],
        "not_given": [None, None, None],
        "bad_binary": "a binary body must be bytes, a file opened in binary mode or an "
        "iterator of bytes, not int",
        "named": [["f", "report.csv", "application/octet-stream"]],
        "named_replayable": False,
        "import": "imp_1",
        "download": True,
        "streamed": [200, True, True],
        "replayable": 3,
        "one-shot": 1,
        "async_streamed": True,
        "async_one_shot": 1,
        "replaced": {"id": "r"},
    }
    sent = [
        (
            r["method"],
            r["path"],
            r["headers"],
            base64.b64decode(r["body"]),
            r["chunked"],
        )
        for r in report["requests"]
    ]
    by_path: dict[str, list[tuple[dict[str, str], bytes, bool]]] = {}
    for method, path, headers, body, chunked in sent:
        by_path.setdefault(f"{method} {path}", []).append((headers, body, chunked))

    (headers, body, _), (async_headers, async_body, _) = by_path["POST /uploads"]
    assert headers["content-type"].startswith("multipart/form-data; boundary=")
    assert _multipart(headers["content-type"], body) == [
        ("file", "file", "image/png", b"\x89PNG\r\n"),
        ("attachments", "a.pdf", "application/pdf", b"%PDF-1"),
        ("attachments", "attachments", "application/octet-stream", b"second"),
        ("title", None, None, "H\u00e9llo".encode()),
        ("count", None, None, b"3"),
        ("tags", None, None, b"a"),
        ("tags", None, None, b"b"),
        ("meta", None, "application/json", b'{"author":"me","pages":2}'),
        ("kind", None, None, b"photo"),
        ("joined", None, None, b"x|y"),
        ("point[x]", None, None, b"1"),
        ("point[y]", None, None, b"2"),
        # An array of objects: a JSON part per item (OpenAPI's default for an object), each
        # item a model, sent by alias without the fields left unset.
        ("authors", None, "application/json", b'{"name":"Ann"}'),
        (
            "authors",
            None,
            "application/json",
            b'{"name":"Bo","email":"bo@example.com"}',
        ),
    ]
    assert _multipart(async_headers["content-type"], async_body) == [
        ("file", "file", "image/png", b"async-upload"),
        ("title", None, None, b"t"),
    ]
    [(headers, body, _)] = by_path["POST /imports"]
    assert _multipart(headers["content-type"], body) == [
        ("file", "contacts.csv", "text/csv", b"email\na@b.c\n"),
        ("column-map", None, None, b"{}"),
        # An object property of a form body that is a component: its own model, a JSON part.
        ("source", None, "application/json", b'{"system":"crm"}'),
    ]
    [(headers, body, _)] = by_path["POST /pets/7"]
    assert headers["content-type"] == "application/x-www-form-urlencoded"
    assert body == (
        b"name=Rex+%26+co&status=sold&tags=a&tags=b&ids=1%2C2"
        b"&filter%5Bcolor%5D=red&filter%5Bsize%5D=3&photo=%00%FF+a"
    )
    # One of several models: its fields, by alias, those left unset out (no `scope`).
    [(headers, body, _)] = by_path["POST /oauth2/token"]
    assert headers["content-type"] == "application/x-www-form-urlencoded"
    assert body == b"grant_type=refresh_token&refresh_token=r+t"
    for path, content, chunked in [
        ("/blobs/bytes", b"\x00\x01raw", False),
        ("/blobs/file", b"file-bytes", False),
        ("/blobs/iterator", b"chunk-1;chunk-2", True),
        ("/blobs/async-iterator", b"async-1;async-2", True),
        ("/blobs/async-file", b"async-file", True),
    ]:
        [(headers, body, was_chunked)] = by_path[f"PUT {path}"]
        assert (headers["content-type"], body, was_chunked) == (
            "application/octet-stream",
            content,
            chunked,
        ), path
    [(headers, body, _)] = by_path["POST /notes"]
    assert (headers["content-type"], body) == (
        "text/plain; charset=utf-8",
        "h\u00e9llo".encode(),
    )
    [(headers, body, _)] = by_path["POST /either"]
    assert (headers["content-type"], body) == ("application/json", b'{"id":"j"}')
    [(headers, body, _)] = by_path["PATCH /either/j"]
    assert (headers["content-type"], body) == ("application/merge-patch+json", b'{"id":"k"}')
    [(headers, body, _)] = by_path["PUT /either/j"]
    assert (headers["content-type"], body) == ("application/json;charset=UTF-8", b'{"id":"r"}')
    downloads = by_path["GET /blobs/big"]
    assert [headers["accept"] for headers, _, _ in downloads] == ["application/octet-stream"] * 3
    source = (generated.package_dir / "resources" / "default.py").read_text(encoding="utf-8")
    assert "class CreateUploadForm(typing.TypedDict):" in source
    assert '"column-map": NotRequired[str],' in source  # not an identifier: the call form
    # A field's object is a model (hoisted from the inline body), sent by alias.
    assert "    meta: NotRequired[_models.CreateUploadFormMeta]\n" in source
    assert "    filter: NotRequired[_models.UpdatePetWithFormFormFilter]\n" in source
    assert "        blob_id: str,\n        *,\n        body: BinaryContent,\n" in source
    assert "        body: AsyncBinaryContent," in source


_TYPED_CALLER = """\
from solvimon_client import AsyncSolvimon, Solvimon
from solvimon_client.models import Order, Pet


def adopted(client: Solvimon) -> str:
    result = client.default.adopt()
    if isinstance(result, Pet):
        return result.name
    return result.orderId


def job(client: Solvimon) -> int | None:
    done = client.default.start_job()
    return None if done is None else done.id


def photo(client: Solvimon) -> int:
    found = client.default.get_photo("p1")
    return len(found) if isinstance(found, bytes) else found.id


async def adopted_raw(client: AsyncSolvimon) -> Pet | Order:
    raw = await client.default.with_raw_response.adopt()
    return raw.parse()
"""
"""A caller narrowing the unions with ``isinstance`` / ``is None``: ``mypy --strict`` clean."""


@pytest.mark.slow
def test_each_success_status_gives_its_python_type_from_a_real_server(
    tmp_path: Path,
) -> None:
    # 2xx with different bodies (a union parsed by the status received), a body-less 2xx next
    # to a JSON one, JSON next to binary, JSON without a schema, `default` only, JSON and XML,
    # 3xx only, a `2XX` range, a $ref'd response with headers; sync and async, parsed and raw.
    generated = prove(SPECS / "responses.yaml", tmp_path / "out")
    assert "warning [response-no-schema]" in generated.stderr
    (generated.out / "caller.py").write_text(_TYPED_CALLER, encoding="utf-8")
    check_mypy(generated, "caller.py")
    report = _drive(generated, "_responses_driver.py")
    assert report["sync"] == report["async"]
    results = report["sync"]
    pet = ["Pet", {"id": 1, "name": "Rex"}]
    png = ["bytes", "\x89PNG\r\n\x1a\n"]
    expected = {
        "adopt 200": pet,
        "adopt 201": ["Order", {"orderId": "o-1", "quantity": 2}],
        "start_job 200": pet,
        "start_job 202": ["NoneType", None],
        "get_photo 200": pet,
        "get_photo 206": png,
        "get_config 200": ["dict", {"a": [1, 2.5, {"b": None}], "c": "d"}],
        "get_fallback 200": pet,
        "get_document 200": pet,
        "get_ranged 203": pet,
        "get_shared 200": pet,
        "put_same 201": pet,
    }
    for key, value in expected.items():
        assert results[key] == value, key
        assert results[f"{key} raw"] == [int(key.split()[-1]), value], key
    assert results["get_photo 206 streamed"] == [206, png]
    assert results["shared header"] == "7"
    assert results["adopt 203"] == [
        "APIResponseValidationError",
        203,
        "POST /adoptions -> 203: the operation documents the statuses 200, 201, not this one, "
        "so its body cannot be parsed",
    ]
    assert results["get_fallback 500"] == [
        "InternalServerError", 500, None, ["Pet", {"id": 0, "name": "broken"}]
    ]
    assert results["get_old_place 301"] == ["APIStatusError", 301, "/new-place", None]
    accept = {path: set(values) for path, values in report["accept"].items()}
    assert accept["/photos/p1"] == {"application/json, image/png"}
    assert accept["/documents/d1"] == {"application/json"}  # JSON read; XML not asked for


def test_http_schemes_the_client_cannot_send_are_located_refusals(tmp_path: Path) -> None:
    located, refusals = refusal(SPECS / "http-schemes-refused.yaml", tmp_path / "out")
    assert located == [
        "tests/specs/generate/http-schemes-refused.yaml:20:5: error [security-scheme-unsupported]",
        "tests/specs/generate/http-schemes-refused.yaml:25:7: error [security-scheme-unsupported]",
    ]
    assert "'digest'" in refusals[0] and "challenge" in refusals[0]
    assert "'Bearer Token'" in refusals[1] and "without spaces" in refusals[1]


@pytest.mark.slow
def test_any_other_http_scheme_sends_its_name_and_the_credential(tmp_path: Path) -> None:
    # thanks.io's `noauth`, a `Token` scheme: `Authorization: <scheme as spelled> <credential>`,
    # one Authorization credential per request (the first alternative the client can meet).
    generated = prove(SPECS / "http-schemes.yaml", tmp_path / "out")
    readme = (generated.out / "README.md").read_text()
    assert (
        "| `token_credential` | `$SOLVIMON_TOKEN_CREDENTIAL` | Token credential, sent as "
        "`Authorization: Token ...` |"
    ) in readme
    needs_noauth = "this operation needs noauth_credential; pass it to the client"
    needs_token = "this operation needs token_credential or bearer_token; pass it to the client"
    assert _drive(generated, "_http_schemes_driver.py") == {
        "none": [needs_noauth, needs_token, None],
        "noauth": ["noauth n-1", needs_token, None],
        "token": [needs_noauth, "Token t-1", None],
        "bearer": [needs_noauth, "Bearer b-1", None],
        "all": ["noauth n-1", "Token t-1", None],
    }


@pytest.mark.slow
def test_mutual_tls_is_met_by_the_connection(tmp_path: Path) -> None:
    # The certificate is the connection's (the user's http_client): each operation asks the
    # request for the rest of its requirement, and the generate warning says where it goes.
    generated = prove(SPECS / "mutual-tls.yaml", tmp_path / "out")
    [warning] = [line for line in generated.stderr.splitlines() if "security-scheme-conn" in line]
    assert warning.startswith(
        "tests/specs/generate/mutual-tls.yaml:45:5: warning [security-scheme-connection]"
    )
    assert "http_client=httpx.Client(verify=context)" in warning
    assert "load_cert_chain" in (generated.out / "README.md").read_text()
    report = _drive(generated, "_mtls_driver.py")
    needs_key = [
        "MissingCredentialsError",
        "this operation needs api_key; pass it to the client",
    ]
    assert report["none"] == [
        ["a"],
        needs_key,
        None,
    ]  # construction needs no credential
    assert report["key"] == [["a"], None, None]
    assert report["seen"] == [
        ["GET", "/things", None],  # the certificate alone
        ["DELETE", "/things/t1", None],  # the certificate, or the key: nothing to add
        ["GET", "/things", None],
        ["POST", "/things", "k-1"],  # the certificate and the key
        ["DELETE", "/things/t1", "k-1"],  # a client that has the key sends it
    ]


def test_binary_and_text_success_bodies_are_returned_as_bytes_and_str(
    tmp_path: Path,
) -> None:
    # Not the generated tests yet: their mock answers a body-less success with no content, which
    # openapi-core refuses for a documented image/png or text/plain body.
    generated = generate_only(SPECS / "binary-text-responses.yaml", tmp_path / "out")
    check_imports(generated)
    check_mypy(generated)
    check_ruff(generated)
    code = (
        "import httpx\n"
        "from solvimon_client import Solvimon\n"
        "def answer(request):\n"
        "    if request.url.path == '/avatar':\n"
        "        return httpx.Response(200, content=b'\\x89PNG\\r\\n', "
        "headers={'content-type': 'image/png'})\n"
        "    if request.url.path == '/heapdump':\n"
        "        return httpx.Response(200, content=b'JAVA PROFILE 1.0.2\\x00', "
        "headers={'content-type': 'application/octet-stream'})\n"
        "    return httpx.Response(200, text='h\\u00e9llo', "
        "headers={'content-type': 'text/plain'})\n"
        "client = Solvimon(http_client=httpx.Client(transport=httpx.MockTransport(answer)))\n"
        "assert client.default.get_avatar() == b'\\x89PNG\\r\\n'\n"
        "assert client.default.get_motd() == 'h\\u00e9llo'\n"
        "assert client.default.get_heapdump() == b'JAVA PROFILE 1.0.2\\x00'\n"
        "print('ok')\n"
    )
    _prints_ok(generated, code)


def test_enum_bodies_parse_through_a_type_adapter_and_slashed_ids_become_names(
    tmp_path: Path,
) -> None:
    # An Enum class has no model_validate_json: a success or error body that is an enum
    # component (or a list of them) is parsed by `_base.adapter_parser`; operationIds such as
    # 'board/get-mark' become snake_case method names.
    generated = generate_only(SPECS / "enum-response.yaml", tmp_path / "out")
    check_imports(generated)
    check_mypy(generated)
    source = (generated.package_dir / "resources" / "default.py").read_text(encoding="utf-8")
    assert "_base.adapter_parser(_models.Mark)," in source
    assert "_base.adapter_parser(list[_models.Mark])," in source
    assert "Reason.model_validate_json" not in source
    assert "_base.adapter_parser(_models.Status)," in source  # a oneOf of consts
    assert "Busy.model_validate_json" not in source  # an anyOf of consts, an error body
    games = (generated.package_dir / "resources" / "api_games.py").read_text(encoding="utf-8")
    assert "_models.Game.model_validate_json," in games
    lint = subprocess.run(
        [
            str(Path(sys.executable).parent / "ruff"),
            "check",
            "--no-cache",
            generated.package,
        ],
        cwd=generated.out,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    code = (
        "import httpx\n"
        "from solvimon_client import Solvimon, APIStatusError\n"
        "from solvimon_client.models import Game, Mark\n"
        "def answer(request):\n"
        "    if request.url.path == '/v1/board/9':\n"
        "        return httpx.Response(404, json='off-board')\n"
        "    if request.url.path == '/v1/board/1':\n"
        "        return httpx.Response(200, json='O')\n"
        "    if request.url.path == '/v1/board':\n"
        "        return httpx.Response(200, json=['X', '.'])\n"
        "    return httpx.Response(200, json={'winner': 'X'})\n"
        "client = Solvimon(api_key='k', http_client=httpx.Client(\n"
        "    transport=httpx.MockTransport(answer)))\n"
        "assert client.default.board_get_mark('1') is Mark.O\n"
        "assert client.default.board_list_marks() == [Mark.X, Mark.DOT]\n"
        "assert client.api_games.game_get() == Game(winner=Mark.X)\n"
        "try:\n"
        "    client.default.board_get_mark('9')\n"
        "except APIStatusError as error:\n"
        "    assert error.status_code == 404\n"
        "else:\n"
        "    raise AssertionError('no error')\n"
        "print('ok')\n"
    )
    _prints_ok(generated, code)


@pytest.mark.slow
def test_schemas_of_several_types_are_unions_not_any(tmp_path: Path) -> None:
    generated = prove(SPECS / "union-types.yaml", tmp_path / "out")
    # Every operation is in the generated tests: a thread's statuses keep their own tags.
    assert "[sample-unavailable]" not in generated.stderr, generated.stderr
    source = (generated.package_dir / "resources" / "default.py").read_text(encoding="utf-8")
    assert "        size: int | str | NotGiven = NOT_GIVEN," in source
    assert "        ids: list[int | str] | NotGiven = NOT_GIVEN," in source
    # A type that spells an inline enum is named once, at the module's top, and exported.
    kinds = 'list[typing.Literal["link", "embed", "-link"]]'
    assert f"GetSizeKinds: typing.TypeAlias = {kinds}\n" in source
    assert "        kinds: GetSizeKinds | NotGiven = NOT_GIVEN," in source
    assert 'GetSizeLimit: typing.TypeAlias = int | typing.Literal["all"]\n' in source
    assert "        limit: GetSizeLimit | NotGiven = NOT_GIVEN," in source
    assert '    "GetSizeKinds",\n    "GetSizeLimit",\n' in source
    assert "        cursor: str | NotGiven | None = NOT_GIVEN," in source
    assert "        organization_id: str | list[str] | NotGiven | None = NOT_GIVEN," in source
    assert 'GetSizeSummarize: typing.TypeAlias = typing.Literal["v2"] | bool\n' in source
    assert "        summarize: GetSizeSummarize | NotGiven = NOT_GIVEN," in source
    # An allOf of two object components is a model that inherits both (hoisted), not a dict.
    assert "        filter: _models.PutMonitorFilter | NotGiven = NOT_GIVEN," in source
    assert "        body: _models.Event | _models.SystemEvent | _models.UserEvent,\n" in source
    assert "    ) -> int | str | None:" in source
    assert "typing.Any" not in source
    models = (generated.package_dir / "models" / "_generated.py").read_text(encoding="utf-8")
    assert "    label: Label | Label1\n" in models, models
    assert "    timeout: Timeout | str | None = None\n" in models, models
    assert "    ratio: Annotated[float | None, Field(ge=0.0)] = None\n" in models, models
    assert "    top_n: Annotated[int | None, Field(gt=0, title=\"Top N\")] = None\n" in models
    assert "    amount: Annotated[int | None, Field(ge=0)] = None\n" in models
    # A union's default stays the field's, and off its branches' root models (there `"auto"`
    # was an int's default).
    assert "    granularity: Granularity | Granularity1 = Granularity.SEGMENT\n" in models
    assert "    root: Annotated[list[Granularity1Enum], Field(max_length=2)]\n" in models
    assert "    batch_size: BatchSize | BatchSize1 = BatchSize.AUTO\n" in models
    assert "    root: Annotated[int, Field(ge=1, le=256)]\n" in models
    assert "conint" not in models and "constr" not in models
    # Enums and constants of one type in one anyOf: the one enum of their values, in the
    # spec's order (it was `Sort | Literal["source_app_id"] | Sort1 | Literal["value"]`).
    assert "    sort: Sort | None = None\n" in models
    members = models.split("class Sort(OpenEnum):\n", 1)[1].split("\n\n", 1)[0]
    assert re.findall(r'= "(\w+)"', members) == [
        "name", "email", "source_app_id", "created_at", "updated_at", "value"
    ]
    # The generated tests dump the example under -W error; and each event reads as its class.
    assert "class Event(RootModel[SystemEvent | UserEvent]):\n" in models
    _prints_ok(generated, """
        from solvimon_client.models import Event, MeterCredit, UserEvent
        credit = {"source": "system", "name": "meter.credit", "units": 3}
        event = Event.model_validate(credit)
        assert isinstance(event.root.root, MeterCredit), event
        assert event.model_dump(mode="json") == credit
        user = Event.model_validate({"source": "user", "name": "signed.up"})
        assert isinstance(user.root, UserEvent), user
        import httpx
        from solvimon_client import Solvimon
        sent = []
        def record(request):
            sent.append(request.content)
            return httpx.Response(204)
        http = httpx.Client(transport=httpx.MockTransport(record))
        with Solvimon(base_url="https://x.invalid", http_client=http) as client:
            client.default.record_event(body=user.root)
            client.default.record_event(body=user)
        assert sent == [b'{"source":"user","name":"signed.up"}'] * 2, sent

        from solvimon_client.models import EmbedByType, EmbedFloats, Embedding
        alone = EmbedByType.model_validate({"id": "e1", "vectors": {}})
        assert alone.response_type == "by_type", alone
        either = Embedding.model_validate({"response_type": "floats", "id": "e", "vectors": []})
        assert isinstance(either.root, EmbedFloats), either

        from solvimon_client.models import ClosedStatus, Thread
        thread = Thread.model_validate({"id": "t1", "status": {"type": "closed", "reason": "r"}})
        assert isinstance(thread.status, ClosedStatus), thread

        from solvimon_client.models import ExecuteResponse
        printed = [{"type": "stderr", "data": "e"}, {"type": "error", "data": "boom"}]
        outputs = ExecuteResponse.model_validate({"outputs": printed}).outputs
        assert [(o.root.type, type(o.root).__name__) for o in outputs] == [
            ("stderr", "OutputsStderr"), ("error", "OutputsError")
        ], outputs
        print("ok")
    """)


def test_a_parameter_named_like_a_method_argument_takes_its_location(tmp_path: Path) -> None:
    # parameters-naming.yaml is proved whole above (the wire names are the spec's); here: the
    # method keeps its own `timeout` and `body` beside the parameters (frigate's `timeout`).
    generated = generate_only(SPECS / "parameters-naming.yaml", tmp_path / "out")
    source = (generated.package_dir / "resources" / "params.py").read_text(encoding="utf-8")
    signature = source.split("def get_naming_method_args(", 1)[1].split(") -> None:", 1)[0]
    assert "timeout_query: int," in signature
    assert "body_header: str | NotGiven = NOT_GIVEN," in signature
    assert "timeout: Timeout | NotGiven = NOT_GIVEN," in signature
    # Two wire names of one Python spelling: the one spelt so keeps it (Mistral's sort).
    signature = source.split("def get_naming_mixed_case(", 1)[1].split(") -> ", 1)[0]
    assert "sort_direction_1: GetNamingMixedCaseSortDirection1 | NotGiven = NOT_GIVEN," in signature
    assert "sort_direction: str | NotGiven = NOT_GIVEN," in signature


def test_each_inline_enum_parameter_type_is_named_once_per_module(
    tmp_path: Path,
) -> None:
    # method-names.yaml is proved whole above; here: the names and where they are used.
    generated = generate_only(SPECS / "method-names.yaml", tmp_path / "out")
    source = (generated.package_dir / "resources" / "people.py").read_text(encoding="utf-8")
    aliases = [line for line in source.splitlines() if "typing.TypeAlias" in line]
    assert aliases == [
        'IntErs: typing.TypeAlias = typing.Literal["a", "b"]',
        'ListAllOrder: typing.TypeAlias = typing.Literal["asc", "desc"]',
        'ListAllOrder2: typing.TypeAlias = builtins.list[typing.Literal["asc", "desc"]]',
    ]
    assert source.count("        ers: IntErs | NotGiven | None = NOT_GIVEN,\n") == 4  # 2 + raw
    assert source.count("        all_order: ListAllOrder,\n") == 4
    assert source.count("        order: ListAllOrder2 | NotGiven = NOT_GIVEN,\n") == 4
    assert source.count("typing.Literal") == 3  # only in the aliases
    # An empty text default of a query parameter is not sent: `search=` breaks the spec.
    assert source.count("        search: builtins.str | NotGiven = NOT_GIVEN,\n") == 4
    # The package's own names are never spelt as builtins (a form upload beside `list`).
    assert "        body: AddPersonForm,\n" in source
    assert "builtins.AddPersonForm" not in source and "builtins.FileInput" not in source
    # Tags `Endpoints` and `endpoints`: one module, one resource with both operations.
    endpoints = (generated.package_dir / "resources" / "endpoints.py").read_text(encoding="utf-8")
    assert "class Endpoints:" in endpoints and "class EndpointsResource" not in endpoints
    assert endpoints.count("    def list_endpoints(") == 2  # sync, raw
    assert endpoints.count("    def list_hardware(") == 2
    # Two operationIds of one Python name: the second is told apart.
    assert endpoints.count("    def list_endpoints_list_get(") == 2
    assert endpoints.count("    def list_endpoints_list_get_2(") == 2
    first = endpoints.split("    def list_endpoints_list_get(")[1]
    second = endpoints.split("    def list_endpoints_list_get_2(")[1]
    assert "``GET /endpoints/list/``" in first[:600] and "``GET /endpoints/list``" in second[:600]


def test_an_operation_without_summary_nor_operation_id_is_headed_by_its_method_and_path(
    tmp_path: Path,
) -> None:
    # ASP.NET's output (help-motivate-me): the docstring began `get_/api/goals.`, the id
    # derived for the method's name.
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        textwrap.dedent(
            """\
            openapi: 3.1.0
            info: {title: Goals, version: 1.0.0}
            servers: [{url: 'https://api.example.com'}]
            paths:
              /api/goals:
                get:
                  responses:
                    '204': {description: Listed.}
                post:
                  operationId: createGoal
                  responses:
                    '204': {description: Created.}
            """
        ),
        encoding="utf-8",
    )
    generated = generate_only(spec, tmp_path / "out")
    source = (generated.package_dir / "resources" / "default.py").read_text(encoding="utf-8")
    assert source.count('        """GET /api/goals.\n') == 2, source  # sync, async
    assert source.count('        """createGoal.\n') == 2, source


def test_what_springdoc_writes_is_read_as_it_means(tmp_path: Path) -> None:
    # oracle-edges.yaml is proved whole above; here: the methods' types. A `*/*` response with
    # a data schema is JSON; a 204 that declares content has none (a warning says so).
    generated = generate_only(SPECS / "oracle-edges.yaml", tmp_path / "out")
    source = (generated.package_dir / "resources" / "users.py").read_text(encoding="utf-8")
    assert "    ) -> list[_models.User]:" in source
    assert "_base.adapter_parser(list[_models.User])" in source
    for method in ("delete_user", "delete_user_key"):  # the second's 204 is a shared response
        delete = source[source.index(f"    def {method}(") :]
        assert delete[: delete.index(":\n")].endswith(") -> None")
    ignored = [f for f in findings(generated.stderr) if f.rule == "response-unexpected-content"]
    lines = (SPECS / "oracle-edges.yaml").read_text(encoding="utf-8").splitlines()
    delete = lines.index("      operationId: deleteUser")
    content = lines.index("          content:", delete) + 1  # the 204's `content`
    shared = lines.index("      content:", lines.index("    Busy:")) + 1
    assert [(f.level, f.line) for f in ignored] == [("warning", content), ("warning", shared)]


def test_an_error_response_without_a_sample_leaves_only_itself_out_of_the_tests(
    tmp_path: Path,
) -> None:
    generated = generate_only(SPECS / "oracle-edges.yaml", tmp_path / "out")
    unsampled = [
        line
        for line in generated.stderr.splitlines()
        if "~1keys~1{id}" in line and "[sample-unavailable]" in line
    ]
    assert len(unsampled) == 1, generated.stderr
    assert "the generated tests leave this response out" in unsampled[0]
    tests = (generated.out / "tests" / "test_keys.py").read_text(encoding="utf-8")
    assert 'operation_id="getKey"' in tests and "errors=[]," in tests


def test_a_binary_success_whose_schema_refuses_text_leaves_its_operation_out_of_the_tests(
    tmp_path: Path,
) -> None:
    # The generated tests answer a binary body with a few bytes, which their oracle checks, as
    # text, against the media type's schema: `type: object` (springdoc's actuator) refuses any.
    spec = SPECS / "binary-text-responses.yaml"
    generated = generate_only(spec, tmp_path / "out")
    unsampled = [f for f in findings(generated.stderr) if f.rule == "sample-unavailable"]
    lines = spec.read_text(encoding="utf-8").splitlines()
    flag = lines.index("      operationId: putFlag") + 2  # its requestBody
    chunk = lines.index("      operationId: putChunk") + 2
    dump = lines.index("      operationId: getHeapdump") + 3  # its '200'
    assert [(f.level, f.line) for f in unsampled] == [
        ("warning", flag), ("warning", chunk), ("warning", dump)
    ]
    assert "application/octet-stream" in generated.stderr
    tests = (generated.out / "tests" / "test_default.py").read_text(encoding="utf-8")
    assert 'operation_id="getAvatar"' in tests and "getHeapdump" not in tests
    assert "putChunk" not in tests


def test_a_relative_server_url_of_a_path_or_operation_is_a_located_refusal(
    tmp_path: Path,
) -> None:
    located, refusals = refusal(SPECS / "servers-override-refused.yaml", tmp_path / "out")
    assert located == [
        "tests/specs/generate/servers-override-refused.yaml:12:5: error "
        "[servers-override-unsupported]",
        "tests/specs/generate/servers-override-refused.yaml:22:7: error "
        "[servers-override-unsupported]",
    ]
    assert "'/upload' overrides the document's without naming a host" in refusals[0]
    assert "'https://api.example.com/files/v2'" in refusals[1]


@pytest.mark.slow
def test_operations_with_servers_of_their_own_are_sent_there(tmp_path: Path) -> None:
    """Each goes to its own server, whatever the environment; ``server_urls`` moves it (here to
    a real server on 127.0.0.1, beside ``base_url``)."""
    generated = prove(SPECS / "servers-per-operation.yaml", tmp_path / "out")
    _prints_ok(
        generated,
        """
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        import httpx
        from solvimon_client import Solvimon
        from solvimon_client.models import UploadRequest

        received = []

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                self.rfile.read(int(self.headers.get("content-length") or 0))
                received.append(f"{self.command} {self.path}")
                body = b'{"name": "a"}' if "uploads" in self.path else b""
                self.send_response(201 if self.command == "POST" else 200 if body else 204)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        root = f"http://127.0.0.1:{server.server_address[1]}"
        moved = {
            "https://eu.upload.example.com/v2": root + "/up/",
            "https://auth.example.com": root + "/auth",
        }
        with Solvimon(base_url=root + "/api", server_urls=moved) as client:
            client.default.upload("a", body=UploadRequest(name="a"), overwrite=True)
            client.default.get_upload("a")
            client.default.logout()
            client.default.same()
        server.shutdown()
        assert received == [
            "POST /up/uploads/a?overwrite=true",
            "GET /api/uploads/a",
            "GET /auth/logout",
            "GET /api/same",
        ], received

        sent = []
        def record(request: httpx.Request) -> httpx.Response:
            sent.append(str(request.url))
            return httpx.Response(204)
        http = httpx.Client(transport=httpx.MockTransport(record))
        with Solvimon(environment="server_1", http_client=http) as client:
            client.default.logout()
            client.default.same()
            client.default.ports()
        assert sent == [
            "https://auth.example.com/logout",
            "https://api.example-test.com/v1/same",
            "https://demo.example.com/api/ports",  # its scheme's own port left out
        ], sent
        print("ok")
        """,
    )


def test_accept_content_type_and_authorization_header_parameters_are_ignored(
    tmp_path: Path,
) -> None:
    """OpenAPI 3.1 §4.8.12.1: such a parameter definition SHALL be ignored; a warning says so."""
    generated = prove(SPECS / "ignored-headers.yaml", tmp_path / "out")
    ignored = [f for f in findings(generated.stderr) if f.rule == "parameter-ignored"]
    assert [f.line for f in ignored] == [20, 25, 34]
    assert {f.level for f in ignored} == {"warning"}
    source = (generated.package_dir / "resources" / "default.py").read_text(encoding="utf-8")
    assert "request_id: str | NotGiven = NOT_GIVEN" in source  # X-Request-Id: kept
    assert "user_agent: str | NotGiven = NOT_GIVEN" in source  # User-Agent: kept, and sent
    assert "        user_agent: str,\n" in source
    for name in ("content_type", "accept", "authorization"):
        assert f"{name}:" not in source


@pytest.mark.parametrize(
    ("version", "package_version"),
    [
        ("1.0.0-beta", "1.0.0b0"),
        ("latest", "0.0.0+latest"),
        ("2024-01-01 (v2)", "0.0.0+2024.01.01.v2"),
    ],
)
def test_the_package_version_is_pep_440_whatever_info_version_says(
    version: str, package_version: str, tmp_path: Path
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        (SPECS / "components-only.yaml").read_text(encoding="utf-8").replace(
            'version: "1"', f"version: {json.dumps(version)}", 1
        ),
        encoding="utf-8",
    )
    generated = generate_only(spec, tmp_path / "out")
    check_ruff(generated)  # RUF200: the pyproject's version must be PEP 440
    pyproject = (generated.out / "pyproject.toml").read_text(encoding="utf-8")
    assert f"\nversion = {json.dumps(package_version)}\n" in pyproject
    assert f"__version__ = {json.dumps(package_version)}" in (
        generated.package_dir / "_version.py"
    ).read_text(encoding="utf-8")
    warned = [line for line in generated.stderr.splitlines() if "[package-version]" in line]
    assert len(warned) == (0 if version == "1.0.0-beta" else 1), generated.stderr
    # The document's own version, as written, is what the README names.
    assert f"(version {version})" in (generated.out / "README.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_schemas_whose_names_become_one_class_get_the_classes_the_models_named(
    tmp_path: Path,
) -> None:
    # Valid 3.1 (names are case-sensitive) that was refused: now a warning, and every place
    # names the class the model generator gave each schema.
    generated = prove(SPECS / "class-names-taken.yaml", tmp_path / "out")
    warnings = [line for line in generated.stderr.splitlines() if "[class-name-taken]" in line]
    assert [line.split(": ", 1)[0] for line in warnings] == [
        "tests/specs/generate/class-names-taken.yaml:50:5",
        "tests/specs/generate/class-names-taken.yaml:55:5",
    ]
    assert "'foo_bar' keeps it, and 'fooBar' gets a suffix" in warnings[0]
    models = (generated.package_dir / "models" / "_generated.py").read_text(encoding="utf-8")
    assert "class FooBar(OpenEnum):" in models  # foo_bar, first: the name
    assert "class FooBar1(Model):\n    name: str" in models  # fooBar
    assert "class FooBar2(Model):\n    kind: Kind" in models  # FooBar
    assert "    warnings: list[WarningModel] | None = None\n" in models
    assert "class WarningModel(Model):" in models and "class Warning(" not in models
    assert "    exceptions: list[ExceptionModel] | None = None\n" in models
    source = (generated.package_dir / "resources" / "default.py").read_text(encoding="utf-8")
    assert "        body: _models.FooBar1,\n" in source
    assert "    ) -> _models.FooBar2:\n" in source
    assert "    ) -> list[_models.FooBar2]:\n" in source


@pytest.mark.slow
def test_an_error_type_of_many_models_is_their_common_base(tmp_path: Path) -> None:
    # Squadcast's document has 4,300 error schemas: their union as the type of
    # APIStatusError.error nested a `|` per member, which overflowed ruff's stack and CPython's
    # parser. Past 64 the type is pydantic.BaseModel; each error still parses into its model.
    statuses = [str(code) for code in range(400, 418)]
    paths = {
        f"/things{op}": {
            "get": {
                "operationId": f"getThing{op}",
                "responses": {
                    "200": {"description": "OK"},
                    **{
                        status: {
                            "description": "Failed.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": f"#/components/schemas/Error{op}x{status}"}
                                }
                            },
                        }
                        for status in statuses
                    },
                },
            }
        }
        for op in range(4)
    }
    schemas = {
        f"Error{op}x{status}": {
            "type": "object",
            "required": ["code"],
            "properties": {"code": {"type": "string"}},
        }
        for op in range(4)
        for status in statuses
    }
    spec = tmp_path / "wide.json"
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Wide", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
    spec.write_text(json.dumps(document), encoding="utf-8")
    generated = prove(spec, tmp_path / "out")
    exceptions = (generated.package_dir / "_exceptions.py").read_text(encoding="utf-8")
    assert "        error: pydantic.BaseModel | None,\n" in exceptions
    assert "_models.Error" not in exceptions


def test_a_resource_never_takes_the_name_of_a_test_module_written_once(tmp_path: Path) -> None:
    # Resend's tag `webhooks` wrote its tests over the webhook parsers' tests/test_webhooks.py.
    generated = prove(SPECS / "resource-test-names.yaml", tmp_path / "out")
    tests = generated.out / "tests"
    assert sorted(p.name for p in tests.glob("test_*.py")) == [
        "test_client.py",
        "test_client_resource.py",
        "test_testing.py",
        "test_testing_resource.py",
        "test_webhooks.py",
        "test_webhooks_resource.py",
        "test_webhooks_resource_resource.py",
    ]
    assert "from solvimon_client import webhooks\n" in (tests / "test_webhooks.py").read_text()
    for module, operation in [
        ("test_webhooks_resource", "listWebhooks"),
        ("test_webhooks_resource_resource", "listWebhookResources"),
        ("test_client_resource", "listClients"),
        ("test_testing_resource", "runTest"),
    ]:
        assert f'operation_id="{operation}"' in (tests / f"{module}.py").read_text(), module


def test_a_body_listed_under_a_suffix_range_is_sent_as_json(tmp_path: Path) -> None:
    # Swashbuckle's `application/*+json` beside `application/json` was refused as no media type.
    generated = prove(SPECS / "suffix-range-bodies.yaml", tmp_path / "out")
    assert "media-type-invalid" not in generated.stderr
    source = (generated.package_dir / "resources" / "default.py").read_text(encoding="utf-8")
    assert "        json=_base.json_body(body),\n" in source


def test_a_body_listed_under_a_suffix_range_alone_is_a_located_refusal(tmp_path: Path) -> None:
    located, refusals = refusal(SPECS / "suffix-range-refused.yaml", tmp_path / "out")
    assert located == [
        "tests/specs/generate/suffix-range-refused.yaml:19:11: error [media-type-unsupported]"
    ]
    assert "'application/*+json' only" in refusals[0]
