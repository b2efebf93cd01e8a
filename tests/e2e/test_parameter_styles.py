"""Parameter styles: what a real server on 127.0.0.1 receives for each ``style``/``explode``, and
the located refusal of the serializations the client cannot send.

The expected strings are those of OpenAPI 3.1.1's own example table (§4.8.12.6 "Style Examples",
``color`` = ``"blue"``, ``["blue", "black", "brown"]``, ``{"R": 100, "G": 200, "B": 150}``),
compared byte for byte with the raw request line and headers, from the sync and async clients.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

from tests.conftest import ROOT, refusal
from tests.prove_package import GeneratedPackage, prove

__all__: list[str] = []

SPECS = ROOT / "tests" / "specs" / "generate"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> GeneratedPackage:
    """The package, proved whole: it imports, type-checks, lints and passes its own tests
    (whose oracle checks each style's request against the spec)."""
    return prove(SPECS / "parameter-styles.yaml", tmp_path_factory.mktemp("s") / "out")


class _Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, object]]] = []

    def do_GET(self) -> None:
        self.seen.append(
            {
                "target": self.path,
                "codes": self.headers.get("X-Codes"),
                "color": self.headers.get("color"),
                "cookie": self.headers.get("Cookie"),
                "filter": self.headers.get("X-Filter"),
            }
        )
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[dict[str, object]]]]:
    seen: list[dict[str, object]] = []
    handler = type("Recorder", (_Recorder,), {"seen": seen})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


_CALL = """
import sys
sys.path.insert(0, sys.argv[1])
from solvimon_client import Solvimon, models
Solvimon(base_url=sys.argv[2]).default.search(
    [1, 2],
    filter={"a": "x", "b": "y"},
    point={"x": 1, "y": 2},
    size={"w": 3, "h": 4},
    tags=["a", "b"],
    words=["hello", "world"],
    pipes=["p", "q"],
    spaces=["s", "t"],
    bars=[5, 6],
    many=["m", "n"],
    codes=["c1", "c2"],
    where=models.SearchWhere(status=["done", "failed"]),
    dto=models.SearchDto(id_list=[7, 8]),
)
"""


@pytest.mark.slow
def test_each_style_reaches_the_server_as_openapi_defines_it(
    generated: GeneratedPackage, server: tuple[str, list[dict[str, object]]]
) -> None:
    url, seen = server
    result = subprocess.run(
        [sys.executable, "-c", _CALL, str(generated.out), url],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    [request] = seen
    target = urlsplit(str(request["target"]))
    assert unquote(target.path) == "/search/1,2"  # simple: comma-separated
    assert parse_qsl(target.query, keep_blank_values=True) == [
        ("filter[a]", "x"),  # deepObject
        ("filter[b]", "y"),
        ("x", "1"),  # form, exploded object: one pair per property
        ("y", "2"),
        ("size", "w,3,h,4"),  # form object, not exploded
        ("tags", "a,b"),  # form array, not exploded
        ("words", "hello world"),  # spaceDelimited
        ("pipes", "p|q"),  # pipeDelimited
        ("spaces", "s"),  # spaceDelimited, exploded: the key repeated
        ("spaces", "t"),
        ("bars", "5"),  # pipeDelimited, exploded: likewise
        ("bars", "6"),
        ("many", "m"),  # form array, exploded (the default)
        ("many", "n"),
        ("where[status]", "done"),  # deepObject, an array property: the key repeated
        ("where[status]", "failed"),
        ("id_list", "7"),  # form, exploded object, an array property: likewise
        ("id_list", "8"),
    ]
    assert request["codes"] == "c1,c2"  # a header array: simple


BLUE = "blue"
COLORS = ["blue", "black", "brown"]
RGB = {"R": 100, "G": 200, "B": 150}
"""The values of OpenAPI 3.1.1 §4.8.12.6 "Style Examples": ``color`` as a string, an array and
an object."""

_VALUES = {"string": BLUE, "array": COLORS, "object": RGB}

STYLE_EXAMPLES: dict[tuple[str, str, str], tuple[str, str, str]] = {
    # (location, style, explode): the (string, array, object) columns of the table, copied from
    # OpenAPI 3.1.1 §4.8.12.6 "Style Examples" (the `form` rows without their `?` prefix, which
    # the query string's first `?` or `&` is).
    ("path", "matrix", "false"): (
        ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"
    ),
    ("path", "matrix", "true"): (
        ";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"
    ),
    ("path", "label", "false"): (".blue", ".blue,black,brown", ".R,100,G,200,B,150"),
    ("path", "label", "true"): (".blue", ".blue.black.brown", ".R=100.G=200.B=150"),
    ("path", "simple", "false"): ("blue", "blue,black,brown", "R,100,G,200,B,150"),
    ("path", "simple", "true"): ("blue", "blue,black,brown", "R=100,G=200,B=150"),
    ("query", "form", "false"): (
        "color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"
    ),
    ("query", "form", "true"): (
        "color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"
    ),
    ("query", "spaceDelimited", "false"): (
        "", "color=blue%20black%20brown", "color=R%20100%20G%20200%20B%20150"
    ),
    ("query", "pipeDelimited", "false"): (
        "", "color=blue%7Cblack%7Cbrown", "color=R%7C100%7CG%7C200%7CB%7C150"
    ),
    ("query", "deepObject", "true"): (
        "", "", "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"
    ),
    # A header value is the `simple` row (the header name is not part of it, and a header is
    # not percent-encoded: Appendix D).
    ("header", "simple", "false"): ("blue", "blue,black,brown", "R,100,G,200,B,150"),
    ("header", "simple", "true"): ("blue", "blue,black,brown", "R=100,G=200,B=150"),
    # A cookie is the `form` row with its pairs joined by "; " instead of "&": Appendix D.1
    # ("name=value pairs in cookies are delimited by a semicolon followed by a space").
    ("cookie", "form", "false"): (
        "color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"
    ),
    ("cookie", "form", "true"): (
        "color=blue", "color=blue; color=black; color=brown", "R=100; G=200; B=150"
    ),
}

CASES = [
    (location, style, explode, shape, expected)
    for (location, style, explode), row in STYLE_EXAMPLES.items()
    for shape, expected in zip(("string", "array", "object"), row, strict=True)
    if expected  # "n/a" in the table: the spec does not define it
]

_CALL_ALL = """
import asyncio, json, sys, typing
import pydantic
sys.path.insert(0, sys.argv[1])
from solvimon_client import AsyncSolvimon, Solvimon
calls = json.loads(sys.argv[3])
def argument(method, value):
    # An object with properties is the method's model (`PathLabelTrueObjectColor`).
    hint = typing.get_type_hints(method)["color"]
    model = isinstance(hint, type) and issubclass(hint, pydantic.BaseModel)
    assert model or not isinstance(value, dict), f"{method.__name__} takes {hint}"
    return hint.model_validate(value) if model else value
client = Solvimon(base_url=sys.argv[2]).default
for name, value in calls:
    method = getattr(client, name)
    method(argument(method, value))
async def main() -> None:
    async with AsyncSolvimon(base_url=sys.argv[2]) as client:
        for name, value in calls:
            method = getattr(client.default, name)
            await method(argument(method, value))
asyncio.run(main())
"""


def _method(operation_id: str) -> str:
    """The client method of an operationId (``query_spaceDelimited_false_array`` ->
    ``query_space_delimited_false_array``)."""
    return re.sub(r"(?<=[a-z])([A-Z])", r"_\1", operation_id).lower()


def _received(request: dict[str, object], location: str) -> str:
    """The part of the raw request where the parameter went: the path segment after the
    operation's fixed prefix, the raw query string, the header or the Cookie header."""
    target = str(request["target"])
    if location == "path":
        return target.rsplit("/", 1)[1]
    if location == "query":
        return target.split("?", 1)[1]
    return str(request["color" if location == "header" else "cookie"])


def _run(generated: GeneratedPackage, url: str, calls: list[tuple[str, object]]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _CALL_ALL, str(generated.out), url, json.dumps(calls)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_every_style_sends_the_strings_of_the_openapi_style_examples_table(
    generated: GeneratedPackage, server: tuple[str, list[dict[str, object]]]
) -> None:
    url, seen = server
    calls = [
        (_method(f"{location}_{style}_{explode}_{shape}"), _VALUES[shape])
        for location, style, explode, shape, _ in CASES
    ]
    _run(generated, url, calls)
    assert len(seen) == 2 * len(CASES)  # sync, then async
    for index, (location, style, explode, shape, expected) in enumerate(CASES * 2):
        what = f"{location} {style} explode={explode} {shape} ({'a' * (index >= len(CASES))}sync)"
        assert _received(seen[index], location) == expected, what


@pytest.mark.slow
def test_values_are_percent_encoded_and_delimiters_are_not(
    generated: GeneratedPackage, server: tuple[str, list[dict[str, object]]]
) -> None:
    """§4.8.12.4: everything outside RFC 3986's unreserved set is encoded in a value, the
    style's own delimiters are not; ``allowReserved`` leaves the reserved characters that mean
    nothing in a form-urlencoded query string."""
    url, seen = server
    calls: list[tuple[str, object]] = [
        ("path_label_false_array", ["a/b", "c,d"]),
        ("path_matrix_true_object", {"k;1": "v=1", "k 2": "ü"}),
        ("path_simple_false_string", "100%"),
        ("query_form_false_array", ["a,b", "c&d"]),
        ("query_form_true_object", {"a b": "c+d"}),
        ("query_reserved", "a/b:c?d#e&f=g+h[i]"),
        ("cookie_form_false_array", ["a;b", "c d"]),
    ]
    _run(generated, url, calls)
    received = [
        _received(request, location)
        for request, location in zip(
            seen, ["path", "path", "path", "query", "query", "query", "cookie"] * 2, strict=True
        )
    ]
    assert received == 2 * [
        ".a%2Fb,c%2Cd",
        ";k%3B1=v%3D1;k%202=%C3%BC",
        "100%25",
        "color=a%2Cb,c%26d",
        "a%20b=c%2Bd",
        "color=a/b:c?d%23e%26f%3Dg%2Bh[i]",
        "color=a%3Bb,c%20d",
    ]


_CALL_CONTENT = """
import asyncio, sys
sys.path.insert(0, sys.argv[1])
from solvimon_client import AsyncSolvimon, Solvimon
arguments = dict(filter={"k": "v w"}, session="s")
point = {"lat": 1.5, "long": -2}
Solvimon(base_url=sys.argv[2]).default.content_json(point, ["a", "b/c"], **arguments)
async def main() -> None:
    async with AsyncSolvimon(base_url=sys.argv[2]) as client:
        await client.default.content_json(point, ["a", "b/c"], **arguments)
asyncio.run(main())
"""


@pytest.mark.slow
def test_a_parameter_described_by_json_content_is_sent_as_its_json_text(
    generated: GeneratedPackage, server: tuple[str, list[dict[str, object]]]
) -> None:
    """§4.8.12.7's ``coordinates`` example (``content: {application/json: ...}``) in the query,
    and JSON content in the path, a header and a cookie: the compact JSON text, percent-encoded
    where it goes into the URL or a cookie, as it is in a header."""
    url, seen = server
    result = subprocess.run(
        [sys.executable, "-c", _CALL_CONTENT, str(generated.out), url],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert len(seen) == 2
    for request in seen:
        assert request["target"] == (
            "/content/%5B%22a%22%2C%22b%2Fc%22%5D"
            "?coordinates=%7B%22lat%22%3A1.5%2C%22long%22%3A-2%7D"
        )
        assert request["filter"] == '{"k":"v w"}'
        assert request["cookie"] == "session=%22s%22"


def test_styles_the_client_cannot_send_are_a_located_refusal(tmp_path: Path) -> None:
    located, refusals = refusal(SPECS / "parameter-styles-refused.yaml", tmp_path / "out")
    assert located == [
        "tests/specs/generate/parameter-styles-refused.yaml:23:13: error "
        "[parameter-content-unsupported]",
        "tests/specs/generate/parameter-styles-refused.yaml:28:11: error "
        "[parameter-style-unsupported]",
        "tests/specs/generate/parameter-styles-refused.yaml:34:11: error "
        "[parameter-style-unsupported]",
        "tests/specs/generate/parameter-styles-refused.yaml:37:35: error "
        "[parameter-style-unsupported]",
        "tests/specs/generate/parameter-styles-refused.yaml:41:11: error "
        "[parameter-style-unsupported]",
    ]
    assert "'application/xml'" in refusals[0]
    assert "holds objects or arrays of them inside its value" in refusals[1]
    assert "serialization OpenAPI leaves undefined (style 'deepObject')" in refusals[1]
    assert "(style 'form')" in refusals[2]
    assert "'deepObject', which OpenAPI defines for objects only" in refusals[3]
    assert "'packed' holds arrays inside its value" in refusals[4]  # `k,a,b` is ambiguous
