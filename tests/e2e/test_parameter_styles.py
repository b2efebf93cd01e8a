"""Parameter styles: what a real server on 127.0.0.1 receives for each ``style``/``explode``, and
the located refusal of the serializations the client cannot send yet."""

from __future__ import annotations

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
from tests.prove_package import GeneratedPackage, check_mypy, generate_only

__all__: list[str] = []

SPECS = ROOT / "tests" / "specs" / "generate"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> GeneratedPackage:
    """The package, type-checked."""
    generated = generate_only(
        SPECS / "parameter-styles.yaml", tmp_path_factory.mktemp("s") / "out"
    )
    check_mypy(generated)
    return generated


class _Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, object]]] = []

    def do_GET(self) -> None:
        self.seen.append({"target": self.path, "codes": self.headers.get("X-Codes")})
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[dict[str, object]]]]:
    seen: ClassVar[list[dict[str, object]]] = []
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
from solvimon_client import Solvimon
Solvimon(base_url=sys.argv[2]).default.search(
    [1, 2],
    filter={"a": "x", "b": "y"},
    point={"x": 1, "y": 2},
    size={"w": 3, "h": 4},
    tags=["a", "b"],
    words=["hello", "world"],
    pipes=["p", "q"],
    many=["m", "n"],
    codes=["c1", "c2"],
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
        ("many", "m"),  # form array, exploded (the default)
        ("many", "n"),
    ]
    assert request["codes"] == "c1,c2"  # a header array: simple


def test_styles_the_client_cannot_send_are_a_located_refusal(tmp_path: Path) -> None:
    located, refusals = refusal(SPECS / "parameter-styles-refused.yaml", tmp_path / "out")
    assert located == [
        "tests/specs/generate/parameter-styles-refused.yaml:15:11: error "
        "[parameter-style-unsupported]",
        "tests/specs/generate/parameter-styles-refused.yaml:19:11: error "
        "[parameter-content-unsupported]",
    ]
    assert "style 'matrix'" in refusals[0]
