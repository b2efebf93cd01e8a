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

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import MULTI_SPEC, ROOT, SPEC
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
    (CORPUS / "oai-non-oauth-scopes.yaml", Clean(), []),
    (CORPUS / "oai-tictactoe.yaml", Clean(), []),
    (CORPUS / "oai-webhook-example.yaml", Clean(), []),
    (CORPUS / "opc-3.1-specific.yaml", Clean(), []),
    (
        # Two genuine defects: `title` is not a field of an Operation Object, and
        # `openapi/python/client` (a body's and a response's content) is no media type: a
        # subtype holds no `/` (RFC 6838).
        CORPUS / "opc-baseline.yaml",
        Refused(
            frozenset(
                {
                    ("openapi-schema", 1809),
                    ("media-type-invalid", 1718),
                    ("media-type-invalid", 1729),
                }
            )
        ),
        [],
    ),
    (
        # A required query array of an enum whose only value is null: a query string has no
        # null, so the client sends nothing for it (RFC 6570: null is undefined).
        CORPUS / "opc-enums.yaml",
        Clean(),
        [],
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
        # Every parameter style OpenAPI defines (label and matrix in the path, cookie arrays
        # and objects, header objects, exploded and not), and multipart bodies with every
        # `encoding` style; ReadMe's `/cookies#formExploded` paths (the fragment is not sent).
        CORPUS / "readme-parameters-style.yaml",
        Clean(),
        [],
    ),
    (
        CORPUS / "readme-petstore.yaml",
        Clean(),
        [],
    ),
    (
        # Two request bodies are an allOf of a string and an integer, which no value satisfies:
        # their operations are left out of the generated tests (sample-unavailable warnings);
        # invalid defaults are left out, `list[Any]` for the array without items.
        CORPUS / "readme-schema-types.yaml",
        Clean(),
        [],
    ),
    # Every kind of scheme, mutualTLS included: a TLS client certificate, which the connection
    # presents (the user's `http_client`), so its operation asks the request for nothing.
    (CORPUS / "readme-security.yaml", Clean(), []),
    (CORPUS / "readme-webhooks.yaml", Clean(), []),
    # ReadMe's own extensions (x-readme, x-code-samples, x-default, x-proxy-enabled...) on
    # operations with inline request bodies: extensions are documentation, not contract.
    (CORPUS / "readme-readme-extensions.yaml", Clean(), []),
    # multipart/form-data and form-urlencoded bodies with every `encoding` style and explode.
    (CORPUS / "readme-schema-encoding-style.yaml", Clean(), []),
    (
        # A multi-file document (paths, parameters, schemas and responses in files of their
        # own, `$ref`ed relative to each other) with application/problem+json errors.
        # Its multipart body is a oneOf (with a discriminator) of allOf-derived schemas: the
        # generated tests send a sample valid for the whole composition.
        CORPUS / "redocly-cafe" / "openapi.yaml",
        Clean(),
        [],
    ),
    # Operations that document only an error response (no success): the tests answer 204,
    # which the mock must not check against a spec that says nothing about it.
    (CORPUS / "readme-petstore-simple.yaml", Clean(), []),
    # Parameters of every format, each schema in its own JSON Schema dialect (`$schema`:
    # draft-04 booleans for exclusiveMinimum), and invalid parameter defaults (strings for
    # integers): warnings, left out of the client, and never checked by the mock.
    (CORPUS / "readme-schema-validation-local.yaml", Clean(), []),
    (CORPUS / "redocly-museum.yaml", Clean(), []),
    (
        # Discourse's API (79 paths): `/groups/{id}.json` (PUT) beside `/groups/{name}.json`
        # (GET), twice. OpenAPI forbids two templates that differ only in variable names; the
        # rule may be relaxed for such a pair, whose methods differ (tests/unit/test_rule_config).
        CORPUS / "discourse.yaml",
        Refused(frozenset({("path-duplicate", 3103), ("path-duplicate", 3556)})),
        [],
    ),
    (
        # Mistral's API (FastAPI-made, 3.1): defaults that hold models (`list[ScheduleRange]`),
        # `anyOf` with a constrained branch and `default: null`, nullable enums that list null,
        # `required` naming undefined properties (warnings), and one URL documented twice, told
        # apart by a fragment (`/v1/conversations/{conversation_id}#stream`).
        CORPUS / "mistral.yaml",
        Clean(),
        [],
    ),
    (
        # A real SaaS API (Resend, 104 operations, webhooks); its operationIds are strings such
        # as 'contacts/create': valid OpenAPI (any unique string), to become method names.
        CORPUS / "resend.yaml",
        Clean(),
        [],
    ),
    (
        # Apache Iceberg's REST catalog API as Lakekeeper publishes it (3.1.1, hand-written):
        # status codes written without quotes (`200:`), and discriminators on base schemas
        # whose subtypes extend them with allOf (TableRequirement, TableUpdate).
        CORPUS / "lakekeeper-iceberg-rest-catalog.yaml",
        Clean(),
        [],
    ),
    # Scalar's example API (3.1.1): OAuth2 flows, webhooks, XML beside JSON, examples.
    (CORPUS / "scalar-galaxy.yaml", Clean(), []),
    # openapi-generator's own 3.1 test documents (session 16 ran 123 of them; these four gave
    # exit-0-broken packages or a refusal of valid input): every kind of security scheme, two
    # mutualTLS ones included; the petstore's `api_key` both a header parameter and the API key
    # header; a multipart body through components/requestBodies whose `required` names a field
    # no property defines; a multipart body component whose binary fields' `type` is a list.
    (CORPUS / "oag-all-security-schemes.yaml", Clean(), []),
    (CORPUS / "oag-common-parameters.yaml", Clean(), []),
    (CORPUS / "oag-enum-in-multipart.yaml", Clean(), []),
    (CORPUS / "oag-binary-schema.yaml", Clean(), []),
    # Session 17's documents from tools' test suites and real APIs (each was an exit-0-broken
    # package, a refusal of valid input, or an unlocated refusal):
    # - an open `prefixItems` tuple as the first success type (list[Any]: the kit's refused-body
    #   test sent a list), and 2020-12 keywords beside `$ref`s;
    (CORPUS / "kin-schema31refs.yaml", Clean(), []),
    # - a scheme-relative server URL, `//petstore.swagger.io/v2` (read as https, with a warning);
    (CORPUS / "redocly-operation-description-override.yaml", Clean(), []),
    # - a YAML merge key, `!!merge <<: *x-error-response` (it was an unexpected key `<<`);
    (CORPUS / "ots-yaml-merge.yaml", Clean(), []),
    # - a oneOf of `const` branches, an Enum class (the IR parsed it as a pydantic model);
    (CORPUS / "orval-enum-const-metadata.yaml", Clean(), []),
    # - a subtype referenced directly, whose discriminator the model types as its mapping key;
    (CORPUS / "unitycatalog-delta.yaml", Clean(), []),
    # - allOf parts that give `id` an integer and a uuid type: no value has both (the models
    #   were two base classes mypy refused);
    (CORPUS / "kubb-discriminator.yaml", Refused(frozenset({("allof-conflict", 35)})), []),
    # - a component "schema" that is a string (an unused-component warning hid the structure
    #   error, and the model generator failed unlocated).
    (CORPUS / "mcp-registry.yaml", Refused(frozenset({("openapi-schema", 85)})), []),
    # Session 22's documents: a FastAPI-style SDK's, a multipart file upload, a Speakeasy
    # document with webhooks.
    (CORPUS / "margen.json", Clean(), []),
    (CORPUS / "apifreaks-pdf-to-image.json", Clean(), []),
    (CORPUS / "gando-partner.yaml", Clean(), []),
    # Matrix's sync API: a multi-file document whose `$ref`s climb out of its folder
    # (`../../event-schemas/...`), and a server `{protocol}://{hostname}{basePath}` whose
    # basePath holds `/`s (the tests' oracle matched one path segment per variable).
    (CORPUS / "matrix-sync" / "api" / "client-server" / "sync.yaml", Clean(), []),
    # References by identifier: a `$ref` to a component's absolute `$id` (OpenAPI.NET's), and
    # to `$id`s and an `$anchor` resolved from the document's own URI (Speakeasy's).
    (CORPUS / "openapi-net-31properties.yaml", Clean(), []),
    (CORPUS / "speakeasy-petstore31.json", Clean(), []),
    # A required query parameter named as the query API key (`client_id`): both are sent.
    (CORPUS / "jamendo.yaml", Clean(), []),
    # A base whose `type` enum a discriminated oneOf of variants narrows, one value each.
    (CORPUS / "epilot-app.json", Clean(), []),
    # Path items that are `$ref`s to components/pathItems, one a chain of two `$ref`s (the
    # harness counted the operations of one hop only and called the client's six methods extra).
    (CORPUS / "postman-nested-pathitem-refs.yaml", Clean(), []),
    (
        # trigger.dev's v3 API: three deepObject `filter` parameters with an object property
        # (`filter[createdAt][from]`), a nesting whose serialization OpenAPI leaves undefined:
        # the client sent the inner value's Python repr; now a located refusal, at each
        # parameter's schema in components/parameters (where the operations' `$ref`s lead). Its
        # array properties (`filter[status]`) are sent as the key repeated.
        CORPUS / "trigger-v3.yaml",
        Refused(
            frozenset(
                {
                    ("parameter-style-unsupported", 3916),
                    ("parameter-style-unsupported", 3931),
                    ("parameter-style-unsupported", 4119),
                }
            )
        ),
        [],
    ),
    # Session 28's documents. The Ethereum Beacon API: 150 files whose types refer back to the
    # root's components, by dotted names (`../../openapi.yaml#/components/schemas/Altair.
    # SyncDuty`, once refused), and a blob pattern too large for the models' regex engine (the
    # models module did not import); evcc's two files, the second with a YAML 1.2 enum `off`
    # (the tests' oracle read it as YAML 1.1's False); a Hono (zod-openapi) document; and Apple's
    # multipart example, once refused for a part's optional header, now left out of the request
    # (part-header-ignored, a warning: the client sends no headers with a form's parts).
    (CORPUS / "eth-beacon-api" / "beacon-node-oapi.yaml", Clean(), []),
    (CORPUS / "evcc" / "openapi.yaml", Clean(), []),
    (CORPUS / "ensnode-ensapi.json", Clean(), []),
    (CORPUS / "swift-content-types.yaml", Clean(), []),
    # Session 29's: Traccar's hand-written API (a server URL of host and port variables; CSV,
    # GPX, KML and Excel report downloads; a form-urlencoded login), AssemblyAI's (an
    # octet-stream upload, callbacks), Codat's Files API (a multipart upload, a binary download)
    # and a FastAPI service (infinity's embeddings server).
    (CORPUS / "traccar.yaml", Clean(), []),
    (CORPUS / "assemblyai.yaml", Clean(), []),
    (CORPUS / "codat-files.json", Clean(), []),
    (CORPUS / "infinity-fastapi.json", Clean(), []),
    # Session 30's: TOMP's after-sales API (two files; an `authorization` header parameter in
    # the core file, which OpenAPI says to ignore: the generated tests' oracle still asked for
    # it), .NET eShop's catalog (ASP.NET Core 10: `type: [integer, string]` numbers, image
    # downloads), Interledger's Open Payments resource server (signature headers, readOnly and
    # writeOnly fields) and Frankfurter's exchange rates (3.1.2, an ndjson response).
    (CORPUS / "tomp" / "TOMP-API-6-AFTER-SALES.yaml", Clean(), []),
    (CORPUS / "eshop-catalog.json", Clean(), []),
    (CORPUS / "open-payments.yaml", Clean(), []),
    (CORPUS / "frankfurter.json", Clean(), []),
    # And SeekStorm's search server (utoipa: `prefixItems` tuples, `propertyNames`) and Nuntly's
    # e-mail API (Stainless's documented spec: webhooks, discriminated unions, header parameters).
    (CORPUS / "seekstorm.json", Clean(), []),
    (CORPUS / "nuntly.yaml", Clean(), []),
    # Two split specs: Fulcrum's (74 files; components in grouped files named by fragment,
    # `./components/schemas/agents.yaml#/AgentRes`) and Latchflow's, whose path items in
    # `paths/system.yaml` require a security scheme `bearerAuth` the root does not define (it
    # defines `bearer`): a genuine defect, refused at its five places in that file.
    (CORPUS / "fulcrum-core" / "openapi.yaml", Clean(), []),
    (
        CORPUS / "latchflow-core" / "openapi.yaml",
        Refused(frozenset(("security-undefined", line) for line in (50, 79, 108, 122, 143))),
        [],
    ),
    # Session 31's split specs: echo-template's responses, a oneOf discriminated by an integer
    # `code` without a mapping (the models tagged the members by name; the tests' oracle looked
    # `0` up as a component); piggy-pulse's components, each a `$ref` to a schema in a grouped
    # file, which the path files name directly (its list operations returned
    # `list[dict[str, Any]]`).
    (CORPUS / "echo-template" / "openapi.yaml", Clean(), []),
    (CORPUS / "piggy-pulse" / "v2.yaml", Clean(), []),
    # Session 32's: express-zod-api's example (an octet-stream body whose schema has no type,
    # which the generated tests sent as `{}`; an object cookie named as the cookie API key,
    # which their oracle read as the object), swaggest's (a deepObject's `[null, string]`
    # property, which the oracle could not cast), Swashbuckle's and Speaches' (a binary field of
    # an urlencoded form, refused), Apicurio's (`x-codegen-contextRoot` under `paths`: the
    # generator crashed) and oazapfts' (a `prefixItems` tuple returned as `list[Any]`).
    (CORPUS / "express-zod-api.yaml", Clean(), []),
    (CORPUS / "swaggest-rest-generic.json", Clean(), []),
    (CORPUS / "swashbuckle-basic.json", Clean(), []),
    (CORPUS / "speaches.json", Clean(), []),
    (CORPUS / "apicurio-tenant-management.json", Clean(), []),
    (CORPUS / "oazapfts-prefix-items.json", Clean(), []),
    # The JSON Schema test suite as openapi-json-schema-generator writes it (286 operations):
    # constraints without `type` (an empty object model, `multiple_of` on `Any`), open tuples,
    # `unevaluatedItems`: the models check less than the schemas, never more.
    (CORPUS / "ojsg-json-schema-test-suite.yaml", Clean(), []),
    # Session 33: R2R's FastAPI document (a form's `Json[...]` fields were sent as files; enum
    # component parameters refused their own members under mypy), Infinity's (a union body to
    # wrap by hand, `Optional[PositiveInt]` a root model) and readme's embedded discriminator
    # (exit 0 broken: a subtype sent with a tag its model refused).
    (CORPUS / "r2r.json", Clean(), []),
    (CORPUS / "infinity.json", Clean(), []),
    (CORPUS / "readme-embedded-discriminator.json", Clean(), []),
    (
        # An unquoted `$ref: #/components/...` (YAML reads the comment: `$ref: null`), accepted
        # without a word before. (Its `$vocabulary` string is left alone, as in Speakeasy's
        # copy above: a keyword of meta-schemas, which no validator reads in a schema.)
        CORPUS / "swagger-petstore31.yaml",
        Refused(frozenset({("schema-invalid", 377)})),
        [],
    ),
    # Session 34: kernel's images API (exit 0 broken: its upload's test sent no body, the
    # sample of `pattern: ^/.*` unavailable), dstack's shim (a default in an `allOf` beside a
    # `$ref` was lost, the field took None) and Manticore's (`type: {}` and YAML's `type: null`,
    # which is no string: JSON Schema's `type` is a string or an array of them).
    (CORPUS / "kernel-images.yaml", Clean(), []),
    (CORPUS / "dstack-shim.yaml", Clean(), []),
    (
        CORPUS / "manticore.yaml",
        Refused(
            frozenset(
                ("schema-type-unknown", line)
                for line in (136, 265, 268, 443, 630, 660, 663, 666, 669, 697, 931)
            )
        ),
        [],
    ),
    # Session 35: Hono's status codes, an `anyOf` of 64 one-value enums (1,920 enum classes,
    # `Status1919`, now one), and a date written as a pattern (no test sample: its operation
    # was left out of the tests); FastAPI's server-sent events with 3.2's `itemSchema` (refused).
    (CORPUS / "paycrew2-hono.json", Clean(), []),
    (CORPUS / "ytdl-api.json", Clean(), []),
    # A path parameter without `required: true`, which OpenAPI says it MUST have (InfluxDB's
    # management API); and Quarkus's output, 3.1.2.
    (
        CORPUS / "influxdb3-dedicated-mgmt.yaml",
        Refused(frozenset({("path-param-optional", 1549)})),
        [],
    ),
    (CORPUS / "superheroes-fights.yaml", Clean(), []),
    # Session 37: TypeSpec's discriminated bases (exit 0 broken: the tests sampled a base's own
    # object, which the union of its subtypes refuses), Hono's zod-openapi; utoipa's and Huma's
    # outputs with genuine defects: schemas never defined, and a path variable declared in the
    # query.
    (CORPUS / "qyl-typespec.yaml", Clean(), []),
    (CORPUS / "stripe-sync-engine.json", Clean(), []),
    (
        CORPUS / "walrus-storage.yaml",
        Refused(
            frozenset(
                ("ref-unresolved", line)
                for line in (27, 82, 132, 180, 234, 295, 327, 389, 446, 520)
            )
        ),
        [],
    ),
    (CORPUS / "huma-echo.yaml", Refused(frozenset({("path-param-undeclared", 956)})), []),
    # Apache Iceberg's REST catalog: a member two unions map different keys to (its tag was the
    # last union's keys alone, and a `submitted` planning result was refused).
    (CORPUS / "iceberg-rest-catalog.yaml", Clean(), []),
    # Session 38: Effect's HttpApi, Speakeasy's 3.1.1, aide's (Rust) outputs; and
    # protoc-gen-connect-openapi's protovalidate rules, with genuine defects (no `info.version`,
    # enums of numbers quoted as strings) beside a `not` of such an enum, which is valid (`not` of
    # a schema that takes nothing takes everything) and was refused.
    (CORPUS / "effect-httpapi.json", Clean(), []),
    (CORPUS / "agentset-speakeasy.yaml", Clean(), []),
    (CORPUS / "diom-aide.json", Clean(), []),
    (
        CORPUS / "connect-protovalidate.yaml",
        Refused(
            frozenset(
                {("openapi-schema", 2), *(("enum-impossible", line) for line in (475, 661, 905))}
            )
        ),
        [],
    ),
]


def _id(spec: Path) -> str:
    if spec.is_relative_to(CORPUS) and spec.parent != CORPUS:
        return _entry(spec) or spec.stem
    return (
        "solvimon-refund"
        if spec == SPEC
        else "solvimon-multi" if spec == MULTI_SPEC else spec.stem
    )


def _entry(spec: Path) -> str | None:
    """A corpus entry's name: a one-file document's file, a multi-file one's folder (its entry
    file may lie deeper, as Matrix's does)."""
    return spec.relative_to(CORPUS).parts[0] if spec.is_relative_to(CORPUS) else None


def test_every_corpus_document_has_an_expectation_and_a_source() -> None:
    listed = {_entry(spec) for spec, _, _ in EXPECTATIONS} - {None}
    on_disk = {
        p.name
        for p in CORPUS.iterdir()
        if p.is_dir() or p.suffix in {".yaml", ".yml", ".json"}
    }
    assert listed == on_disk
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    assert [name for name in sorted(on_disk) if f"`{name}`" not in sources] == []


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        pytest.param(
            spec,
            expected,
            marks=[*marks, *([pytest.mark.shared(index)] if _entry(spec) else [])],
            id=_id(spec),
        )
        for index, (spec, expected, marks) in enumerate(EXPECTATIONS)
    ],
)
def test_real_world_document(
    spec: Path, expected: Clean | Refused, tmp_path: Path
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
    verdict = verify(out, operation_count(spec))
    assert verdict, f"{spec.name}: the generated package is broken:\n{verdict}"


def test_the_two_shares_divide_the_corpus_and_both_run_the_rest() -> None:
    """``--share 1/2`` and ``--share 2/2`` (scripts/test.sh's two interpreters) together run
    every corpus document once, and each runs the Solvimon documents and the other tests."""

    def collected(*options: str) -> set[str]:
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q",
             __file__, *options],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return {line for line in result.stdout.splitlines() if "::" in line}

    everything = collected()
    first, second = collected("--share", "1/2"), collected("--share", "2/2")
    both = first & second
    assert first | second == everything
    assert {test.partition("[")[2].rstrip("]") for test in both if "[" in test} == {
        "solvimon-refund", "solvimon-multi"
    }
    assert any("has_an_expectation" in test for test in both)
    assert abs(len(first) - len(second)) <= 1
