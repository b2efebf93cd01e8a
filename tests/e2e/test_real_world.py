"""The real-world corpus: every public OpenAPI 3.1 document in ``tests/specs/real/`` gives a
working client or a located refusal, never exit 0 with a broken package (issue 13).

Each document has one expectation, the *correct* outcome (not today's):
- ``Clean``: ``generate`` exits 0 without a traceback, every submodule imports with ``-W error``,
  ``mypy --strict`` and ruff (the package's own config) are clean, the package's own tests pass,
  and the client has one sync and one async method per operation;
- ``Refused``: a document with a genuine defect: exit 2, exactly the expected errors (rule id and
  line; warnings are allowed), no traceback, and the output directory byte for byte untouched.

Where today's generator gets a document wrong, its row is ``xfail(strict=True)`` naming the
defect, so it turns into a failure (and must be unmarked) the moment the defect is fixed.
The two Solvimon documents are held to the same rule and must stay clean.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import MULTI_SPEC, SPEC
from tests.generated_package import (
    errors,
    generate,
    operation_count,
    tree_bytes,
    verify,
)

__all__: list[str] = []

CORPUS = Path(__file__).resolve().parent.parent / "specs" / "real"


@dataclass(frozen=True)
class Clean:
    """The document is valid and representable: a working client."""


@dataclass(frozen=True)
class Refused:
    """The document has a genuine defect: exactly these (rule, line) errors."""

    errors: frozenset[tuple[str, int]]


def xfail(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


OPERATION_ID_OPTIONAL = (
    "refuses valid input: operationId is optional in OpenAPI, yet `operation-id-missing` is an "
    "error (it must derive a method name and warn)"
)

EXPECTATIONS: list[tuple[Path, Clean | Refused, list[pytest.MarkDecorator]]] = [
    (SPEC, Clean(), []),
    (MULTI_SPEC, Clean(), []),
    (
        CORPUS / "oai-non-oauth-scopes.yaml",
        Clean(),
        [
            xfail(
                "exit 0 with a broken package: GET /users documents no `responses`; the "
                "package's own tests fail: the mock's openapi-core check raises KeyError "
                "'responses' (tests/test_client.py) and the fake answers 200 where the client "
                "and tests/test_testing.py expect 204"
            )
        ],
    ),
    (
        CORPUS / "oai-tictactoe.yaml",
        Clean(),
        [
            xfail(
                "exit 0 with a broken package: its own tests fail: _contract.py calls "
                "`Mark.model_validate` on the enum request body of put_square, path parameter "
                "samples (7) break `maximum: 3`, a client built without base_url gets the "
                "relative default server '/' (ValueError: unknown url type: '/board'), and "
                "testing.py's mock raises MissingCredentialsError for the oauth2-only operations"
            )
        ],
    ),
    (CORPUS / "oai-webhook-example.yaml", Clean(), []),
    (
        CORPUS / "opc-3.1-specific.yaml",
        Clean(),
        [
            xfail(
                "exit 0 with a broken package: tests/test_const.py sends the `const` path "
                "parameter percent-encoded and the mock's openapi-core check does not decode it "
                "(InvalidParameter: 'this%20goes%20in%20the%20path')"
            )
        ],
    ),
    (
        # The one genuine defect: `title` is not a field of an Operation Object.
        CORPUS / "opc-baseline.yaml",
        Refused(frozenset({("openapi-schema", 1809)})),
        [],
    ),
    (
        CORPUS / "opc-enums.yaml",
        Clean(),
        [
            xfail(
                "refuses valid input: a multipart/form-data request body is a located refusal "
                "(media-type-unsupported at 74:9), not supported yet"
            )
        ],
    ),
    (
        CORPUS / "opc-error-missing-body-ref.yaml",
        Refused(frozenset({("ref-unresolved", 9)})),
        [],
    ),
    (
        CORPUS / "opc-error-optional-path-param.yaml",
        Refused(frozenset({("path-param-optional", 9)})),
        [],
    ),
    (
        CORPUS / "readme-parameters-style.yaml",
        Clean(),
        [
            xfail(
                "refuses valid input: a multipart/form-data request body is a located refusal "
                "(media-type-unsupported at 761:9), not supported yet"
            )
        ],
    ),
    (
        CORPUS / "readme-petstore.yaml",
        Clean(),
        [
            xfail(
                "refuses valid input: an application/x-www-form-urlencoded request body is a "
                "located refusal (media-type-unsupported at 206:9), not supported yet"
            )
        ],
    ),
    (
        CORPUS / "readme-schema-types.yaml",
        Clean(),
        [
            xfail(
                "exit 0 with a broken package: 23 operations document no `responses` (POST "
                "/anything/strings, ...); the package's own tests fail as oai-non-oauth-scopes' "
                "do (KeyError 'responses' in the mock's openapi-core check, 204 expected where "
                "the fake answers 200). Its models are right now: invalid defaults left out, "
                "`list[Any]` for the array without items; imports, mypy --strict and ruff pass"
            )
        ],
    ),
    # mutualTLS is a TLS client certificate, set on the connection, not per operation: a
    # decided, located refusal (the user passes `http_client=httpx.Client(cert=...)` to a client
    # generated from the document without that scheme).
    (
        CORPUS / "readme-security.yaml",
        Refused(frozenset({("security-scheme-unsupported", 241)})),
        [],
    ),
    (CORPUS / "readme-webhooks.yaml", Clean(), []),
    (
        CORPUS / "redocly-museum.yaml",
        Clean(),
        [
            xfail(
                "exit 0 with a broken package: the resource tests (tests/test_events.py, "
                "test_tickets.py, test_operations.py) send samples that ignore `format` "
                "('event_id-1' for a uuid, 'start_date-2' for a date), which the mock's "
                "openapi-core check rejects, and their conftest looks up error examples under "
                "'application/json' only (KeyError for application/problem+json)"
            )
        ],
    ),
    (
        # A real SaaS API (Resend, 104 operations, webhooks); its operationIds are strings such
        # as 'contacts/create': valid OpenAPI (any unique string), to become method names.
        CORPUS / "resend.yaml",
        Clean(),
        [
            xfail(
                "refuses valid input: the multipart/form-data request body of POST "
                "/contacts/imports is refused (media-type-unsupported at 1085:9); past it, mypy "
                "fails on inline enums with a default (`region: Region = \"us-east-1\"`)"
            )
        ],
    ),
]


def _id(spec: Path) -> str:
    return (
        "solvimon-refund" if spec == SPEC else "solvimon-multi" if spec == MULTI_SPEC else spec.stem
    )


def test_every_corpus_document_has_an_expectation_and_a_source() -> None:
    listed = {spec.name for spec, _, _ in EXPECTATIONS if spec.parent == CORPUS}
    on_disk = {p.name for p in CORPUS.iterdir() if p.suffix in {".yaml", ".yml", ".json"}}
    assert listed == on_disk
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    assert [name for name in sorted(on_disk) if f"`{name}`" not in sources] == []


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache for the module: the stdlib, httpx and pydantic are analysed once."""
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        pytest.param(spec, expected, marks=marks, id=_id(spec))
        for spec, expected, marks in EXPECTATIONS
    ],
)
def test_real_world_document(
    spec: Path, expected: Clean | Refused, tmp_path: Path, mypy_cache: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("an earlier generation\n", encoding="utf-8")
    before = tree_bytes(out)

    result = generate(spec, out)

    assert "Traceback" not in result.stderr, result.stderr
    if isinstance(expected, Refused):
        assert result.returncode == 2, result.stdout + result.stderr
        assert errors(result.stderr) == expected.errors, result.stderr
        assert tree_bytes(out) == before
        assert not list(tmp_path.glob(".out.staging-*"))
        return
    assert result.returncode == 0, result.stderr
    assert not (out / "keep.txt").exists()
    verdict = verify(out, operation_count(spec), mypy_cache=mypy_cache)
    assert verdict, f"{spec.name}: the generated package is broken:\n{verdict}"
