"""lint(): each rule on a small spec, with the JSON pointer and line it reports."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import generator
from generator.errors import Diagnostic, Severity
from generator.lint import (
    DEFAULT_SEVERITY,
    GENERATOR_RULES,
    LOADER_RULES,
    RELAXABLE,
    RULES,
    lint,
    rule_diagnostics,
    structure_diagnostics,
)
from generator.load import SourceFile, SpecDocument, load_spec
from generator.names import method_name, method_names, parameter_names

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "specs" / "good" / "minimal.yaml"

HEAD = """\
openapi: 3.1.0
info: {title: T, version: "1"}
"""


def _lint(tmp_path: Path, body: str, **files: str) -> list[Diagnostic]:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    spec.write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
    return lint(load_spec(spec))


def _only(diagnostics: list[Diagnostic], code: str) -> list[tuple[str, int]]:
    return [(d.pointer, d.line) for d in diagnostics if d.code == code]


def _errors(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.format() for d in diagnostics if d.is_error]


def test_minimal_spec_is_clean() -> None:
    assert lint(load_spec(MINIMAL)) == []


def test_rule_table_documents_every_code() -> None:
    assert all(RULES.values()) and all(LOADER_RULES.values()) and all(GENERATOR_RULES.values())
    assert not set(RULES) & set(LOADER_RULES)
    assert not set(GENERATOR_RULES) & (set(RULES) | set(LOADER_RULES))


def test_every_code_the_generator_reports_is_documented() -> None:
    """The ids the IR and the models report (``code="..."``, ``diagnostic("...", ...)``) are in a
    catalogue, so SARIF and the rule listing describe them."""
    written = set()
    for source in Path(generator.__file__).parent.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        written |= set(re.findall(r'code(?:: str)?\s*=\s*"([a-z][a-z-]+)"', text))
        written |= set(re.findall(r'diagnostic\(\s*"([a-z][a-z-]+)"', text))
    assert {"parameter-style-unsupported", "allof-conflict", "sample-unavailable"} <= written
    assert written <= {*RULES, *LOADER_RULES, *GENERATOR_RULES}


@pytest.mark.parametrize("version", ["3.0.3", "2.0", "4.0", "3.10.0"])
def test_openapi_version(tmp_path: Path, version: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(f'openapi: "{version}"\ninfo: {{title: T, version: "1"}}\npaths: {{}}\n')
    found = lint(load_spec(spec))
    assert [(d.code, d.pointer, d.line) for d in found] == [("openapi-version", "/openapi", 1)]
    assert repr(version) in found[0].message


def test_structure_error_points_at_the_unexpected_key(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths:
          /a:
            get:
              operationId: a
              respones: {}
        """)
    assert _only(found, "openapi-schema") == [("/paths/~1a/get/respones", 7)]


def test_a_field_of_openapi_3_2_in_a_3_1_document_is_named_as_such(tmp_path: Path) -> None:
    # LangGraph's media type `description`, TypeSpec's and FastAPI's `itemSchema` for
    # server-sent events, a tag's `parent`: fields 3.2 added, which 3.1's objects do not allow.
    # Those a 3.1 client can do without are ignored with a warning; one that would add an
    # operation (`query`) stays an error; a key 3.2 added to another object (`summary` is a
    # tag's, not a media type's) is only unexpected.
    found = _lint(tmp_path, """\
        tags: [{name: pets, parent: animals}]
        paths:
          /events:
            query:
              operationId: search
              responses: {"200": {description: Found.}}
            get:
              operationId: events
              responses:
                "200":
                  description: Events.
                  content:
                    text/event-stream:
                      description: One event per message.
                      itemSchema: {type: string}
                      summary: Events.
        """)
    errors = {d.pointer.rpartition("/")[2]: d for d in found if d.code == "openapi-schema"}
    assert sorted(errors) == ["query", "summary"]
    assert errors["query"].message == (
        "unexpected key 'query': a field OpenAPI 3.2 added to this object, which a 3.1 "
        "document cannot use"
    )
    assert errors["query"].hint == (
        "remove it, or rename it `x-query` (an extension, which is ignored)"
    )
    assert errors["summary"].message == "unexpected key 'summary'"
    ignored = {
        d.pointer.rpartition("/")[2]: d for d in found if d.code == "field-from-3-2-ignored"
    }
    assert sorted(ignored) == ["description", "itemSchema", "parent"]
    for name, diagnostic in ignored.items():
        assert diagnostic.severity == Severity.WARNING
        assert diagnostic.message.startswith(
            f"unexpected key {name!r}: a field OpenAPI 3.2 added to this object, which a 3.1 "
            "document cannot use; the generator ignores it"
        )
    assert "a stream's items are not typed" in ignored["itemSchema"].message


def test_a_link_names_its_server_as_openapi_does_not_as_its_schema_did(tmp_path: Path) -> None:
    """openapi-spec-validator's 3.1 schema (2022-10-07) calls the Link's Server field ``body``;
    OpenAPI 3.1 (§4.8.20.1) calls it ``server`` (pb33f's burgershop, Speakeasy's walk test)."""
    body = """\
        paths:
          /a:
            get:
              operationId: a
              responses:
                "204":
                  description: ok
                  links:
                    again: {operationId: a, %s: {url: "https://b.example.com"}}
        """
    assert _only(_lint(tmp_path, body % "server"), "openapi-schema") == []
    found = _lint(tmp_path, body % "body")
    assert _only(found, "openapi-schema") == [("/paths/~1a/get/responses/204/links/again/body", 11)]


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ("schema: {type: string}, content: {text/plain: {}}", "`schema` and `content` cannot"),
        ("", "one of `schema`, `content` is required"),
    ],
)
def test_a_parameter_needs_schema_or_content_said_so_not_as_a_dump(
    tmp_path: Path, keys: str, message: str
) -> None:
    found = _lint(tmp_path, """\
        paths:
          /a:
            get:
              operationId: a
              parameters:
                - {name: h, in: header, KEYS}
              responses: {"204": {description: ok}}
        """.replace("KEYS", keys))
    schema_errors = [d for d in found if d.code == "openapi-schema"]
    assert [(d.pointer, d.line) for d in schema_errors] == [("/paths/~1a/get/parameters/0", 8)]
    assert schema_errors[0].message.startswith(message)


def test_a_warning_at_the_same_place_does_not_hide_a_structure_error(tmp_path: Path) -> None:
    """The MCP registry's document: a component "schema" that is a string, and unused."""
    found = _lint(tmp_path, """\
        paths: {}
        components:
          schemas:
            jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema"
        """)
    pointer = "/components/schemas/jsonSchemaDialect"
    assert _only(found, "openapi-schema") == [(pointer, 6)]
    assert _only(found, "component-unused") == [(pointer, 6)]


def test_structure_check_reports_the_most_specific_error_once(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths:
          /a:
            get:
              operationId: a
              parameters:
                - {name: q, in: query, schema: {type: string}, style: 12}
              responses: {"204": {description: ok}}
        """)
    schema_errors = [d for d in found if d.code == "openapi-schema"]
    assert schema_errors and len(schema_errors) < 4
    assert all(d.pointer.startswith("/paths/~1a/get/parameters/0") for d in schema_errors)


def test_structure_diagnostics_on_a_list_document(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("- 1\n- 2\n")
    assert [d.code for d in structure_diagnostics(load_spec(spec))] == ["openapi-schema"]


def test_operation_ids(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths:
          /a:
            get: {responses: {"204": {description: ok}}}
            put: {operationId: "9 lives", responses: {"204": {description: ok}}}
            post: {operationId: createA, responses: {"204": {description: ok}}}
            patch: {operationId: create_a, responses: {"204": {description: ok}}}
            delete: {operationId: createA, responses: {"204": {description: ok}}}
        """)
    assert _only(found, "operation-id-missing") == [("/paths/~1a/get", 5)]
    assert _only(found, "operation-id-invalid") == [("/paths/~1a/put/operationId", 6)]
    # The same operationId twice is refused; two that snake-case alike are told apart.
    assert _only(found, "operation-id-duplicate") == [("/paths/~1a/delete/operationId", 9)]
    [renamed] = [d for d in found if d.code == "operation-id-renamed"]
    assert (renamed.pointer, renamed.line) == ("/paths/~1a/patch/operationId", 8)
    assert renamed.severity is Severity.WARNING
    assert renamed.message.endswith("its method is named 'create_a_2'"), renamed.message


def test_operation_ids_are_snake_cased_into_method_names(tmp_path: Path) -> None:
    """Any unique string is a valid operationId: 'emails/send' becomes ``emails_send``; only an
    id from which no name starting with a letter can be made is invalid, unless x-method-name
    names the method; the same id twice, or x-method-names that become one Python name, are
    duplicates; ids that become one name are told apart (`_2`), with a warning."""
    found = _lint(tmp_path, """\
        paths:
          /a:
            get: {operationId: emails/send, responses: {"204": {description: ok}}}
            put: {operationId: "///", responses: {"204": {description: ok}}}
            post: {operationId: "-", x-method-name: post_a, responses: {"204": {description: ok}}}
            patch: {operationId: emails_send, responses: {"204": {description: ok}}}
            delete: {operationId: x, x-method-name: post_a, responses: {"204": {description: ok}}}
          /b:
            get: {operationId: emails/send, x-method-name: b, responses: {"204": {description: ok}}}
        """)
    assert _only(found, "operation-id-invalid") == [("/paths/~1a/put/operationId", 6)]
    assert sorted(_only(found, "operation-id-duplicate")) == [
        ("/paths/~1a/delete/operationId", 9),
        ("/paths/~1b/get/operationId", 11),
    ]
    assert _only(found, "operation-id-renamed") == [("/paths/~1a/patch/operationId", 8)]
    invalid = next(d for d in found if d.code == "operation-id-invalid")
    assert "'///'" in invalid.message and "x-method-name" in invalid.hint
    # A warning: the method is named as if the operationId were missing (the IR's name too).
    assert invalid.severity is Severity.WARNING and "named 'put_a'" in invalid.message
    assert method_name("///", None, "put", "/a") == "put_a"
    # A UUID names nothing (Zuplo's operationIds), whether or not it starts with a digit.
    for uuid in ("b61c0cd1-b380-4440-a430-840ea85f3e9c", "398F226B740149069ABA8DEE92068F94"):
        assert method_name(uuid, None, "get", "/v1/todos/{id}") == "get_v1_todos_id"
    assert method_name("deadbeef_list", None, "get", "/a") == "deadbeef_list"


def test_path_parameters(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths:
          /a/{id}/b/{other}:
            parameters:
              - {name: id, in: path, required: true, schema: {type: string}}
            get:
              operationId: a
              parameters:
                - {name: idd, in: path, required: true, schema: {type: string}}
              responses: {"204": {description: ok}}
            post:
              operationId: b
              parameters:
                - {name: other, in: path, required: false, schema: {type: string}}
              responses: {"204": {description: ok}}
        """)
    assert _only(found, "path-param-undeclared") == [("/paths/~1a~1{id}~1b~1{other}/get", 7)]
    assert _only(found, "path-param-unused") == [
        ("/paths/~1a~1{id}~1b~1{other}/get/parameters/0", 10)
    ]
    assert _only(found, "path-param-optional") == [
        ("/paths/~1a~1{id}~1b~1{other}/post/parameters/0/required", 15)
    ]
    unused = next(d for d in found if d.code == "path-param-unused")
    assert unused.hint == "add {idd} to the path or remove it"  # 'id' is taken: no suggestion


def test_path_parameter_through_a_ref_is_declared(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths:
          /a/{id}:
            get:
              operationId: a
              parameters: [{$ref: "#/components/parameters/Id"}]
              responses: {"204": {description: ok}}
        components:
          parameters:
            Id: {name: id, in: path, required: true, schema: {type: string}}
        """)
    assert found == []


def test_parameter_duplicate_and_argument_collision(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths:
          /a:
            get:
              operationId: a
              parameters:
                - {name: limit, in: query, schema: {type: integer}}
                - {name: limit, in: query, schema: {type: integer}}
                - {name: page_size, in: query, x-py-name: size, schema: {type: integer}}
                - {name: page-size, in: header, schema: {type: integer}}
                - {name: page-size, in: query, x-py-name: size, schema: {type: integer}}
              responses: {"204": {description: ok}}
        """)
    assert _only(found, "parameter-duplicate") == [("/paths/~1a/get/parameters/1", 9)]
    # Two x-py-names alike: refused (names the rules make are told apart: parameter_names).
    assert _only(found, "name-collision") == [("/paths/~1a/get/parameters/4", 12)]


def test_parameter_names_are_told_apart_by_location_then_spelling() -> None:
    names = parameter_names(
        [
            ("param", "query", None),
            ("param", "path", None),
            ("param", "header", None),
            ("param", "cookie", None),
            ("mixed_case", "query", None),
            ("mixedCase", "query", None),
            ("x-trace", "header", None),
            ("trace", "query", "tracing"),
        ]
    )
    assert names == [
        "param_query",
        "param",
        "param_header",
        "param_cookie",
        "mixed_case",
        "mixedCase",
        "trace",
        "tracing",
    ]
    # Mistral's `sort.direction` and `sort_direction`: the wire name that is the name keeps it.
    assert parameter_names([("a-b", "query", None), ("a_b", "query", None)]) == ["a_b_1", "a_b"]
    spelt = [("a.b", "query", None), ("a-b", "query", None), ("a_b_1", "query", None)]
    assert parameter_names(spelt) == ["a_b", "a_b_2", "a_b_1"]
    # Two x-py-names alike are the spec's to change.
    assert parameter_names([("a", "query", "b"), ("c", "query", "b")]) == ["b", None]
    # A method's own argument (frigate's and Lance's `timeout` query parameter) takes the
    # location as a suffix; its wire name is not taken back when the suffixed name is shared.
    methods = [("timeout", "query", None), ("body", "path", None), ("extra-query", "query", None)]
    assert parameter_names(methods) == ["timeout_query", "body_path", "extra_query_query"]
    shared = [("timeout", "query", None), ("timeout_query", "query", None)]
    assert parameter_names(shared) == ["timeout_query_1", "timeout_query"]


def test_refs(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths:
          /a:
            get:
              operationId: a
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        anyOf:
                          - $ref: "#/components/schemas/Invoise"
                          - $ref: "http://example.com/x.yaml#/X"
                          - $ref: "parts.yaml#/Lin"
                          - $ref: "part.yaml#/Line"
        components:
          schemas:
            Invoice: {type: object}
        """, **{"parts.yaml": "Line: {type: string}\n"})
    unresolved = [d for d in found if d.code == "ref-unresolved"]
    assert [(d.pointer, d.line) for d in unresolved] == [
        ("/paths/~1a/get/responses/200/content/application~1json/schema/anyOf/0/$ref", 14),
        ("/paths/~1a/get/responses/200/content/application~1json/schema/anyOf/2/$ref", 16),
        ("/paths/~1a/get/responses/200/content/application~1json/schema/anyOf/3/$ref", 17),
    ]
    assert unresolved[0].hint == "did you mean #/components/schemas/Invoice?"
    assert unresolved[1].hint == "did you mean parts.yaml#/Line?"
    assert unresolved[2].hint == "did you mean 'parts.yaml'?"
    assert _only(found, "ref-remote") == [
        ("/paths/~1a/get/responses/200/content/application~1json/schema/anyOf/1/$ref", 15)
    ]


def test_ref_cycle_reports_only_the_refs_on_the_cycle(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths:
          /a:
            post:
              operationId: a
              requestBody: {$ref: "#/components/requestBodies/A"}
              responses: {"204": {description: ok}}
        components:
          requestBodies:
            A: {$ref: "#/components/requestBodies/B"}
            B: {$ref: "#/components/requestBodies/A"}
          schemas:
            Node:
              type: object
              properties: {children: {type: array, items: {$ref: "#/components/schemas/Node"}}}
        """)
    assert sorted(_only(found, "ref-cycle")) == [
        ("/components/requestBodies/A/$ref", 11), ("/components/requestBodies/B/$ref", 12)
    ]


def test_diagnostic_in_a_referenced_file_names_that_file(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths:
          /a:
            get:
              operationId: a
              responses:
                "200":
                  description: ok
                  content: {application/json: {schema: {$ref: "schemas.yaml#/Kind"}}}
        """, **{"schemas.yaml": "Kind:\n  type: string\n  enum: [a, b, a]\n"})
    [diagnostic] = [d.format() for d in found]
    assert diagnostic.startswith("schemas.yaml:3:") or "/schemas.yaml:3:" in diagnostic
    assert "warning [enum-duplicate] /Kind/enum/2:" in diagnostic


def test_examples(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths:
          /a:
            post:
              operationId: a
              parameters:
                - {name: n, in: query, schema: {type: integer}, example: "x"}
                - name: m
                  in: query
                  schema: {type: integer}
                  examples: {good: {value: 1}, bad: {value: 1.5}}
              requestBody:
                content:
                  application/json:
                    schema: {$ref: "#/components/schemas/Invoice"}
                    example: {lines: [{amount: 1}, {amount: "2"}]}
              responses: {"204": {description: ok}}
        components:
          schemas:
            Invoice:
              type: object
              properties:
                lines: {type: array, items: {$ref: "#/components/schemas/Line"}}
              examples: [{lines: []}, {lines: 3}]
            Line:
              type: object
              properties: {amount: {type: integer, default: "zero"}}
        """)
    media = "/paths/~1a/post/requestBody/content/application~1json/example"
    assert sorted(_only(found, "example-invalid")) == [
        ("/components/schemas/Invoice/examples/1/lines", 25),
        ("/paths/~1a/post/parameters/0/example", 8),
        ("/paths/~1a/post/parameters/1/examples/bad/value", 12),
        (f"{media}/lines/1/amount", 17),
    ]
    assert _only(found, "default-invalid") == [
        ("/components/schemas/Line/properties/amount/default", 28)
    ]


def test_example_format_is_checked(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths:
          /a:
            get:
              operationId: a
              parameters:
                - {name: id, in: query, schema: {type: string, format: uuid}, example: nope}
                - {name: at, in: query, schema: {type: string, format: uri}, example: /a/b}
                - {name: to, in: query, schema: {type: string, format: uri}, example: "https://a"}
              responses: {"204": {description: ok}}
        """)
    # A `uri` is absolute (a relative one is a `uri-reference`), as the models read it.
    assert _only(found, "example-invalid") == [
        ("/paths/~1a/get/parameters/0/example", 8), ("/paths/~1a/get/parameters/1/example", 9)
    ]


def test_enums(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths: {}
        components:
          schemas:
            A: {enum: []}
            B: {enum: [1, true, "1", 1.0, {x: 1}, {x: 1}]}
            C: {enum: [a, b]}
        """)
    assert _only(found, "enum-empty") == [("/components/schemas/A/enum", 6)]
    assert _only(found, "enum-duplicate") == [
        ("/components/schemas/B/enum/3", 7), ("/components/schemas/B/enum/5", 7)
    ]


def test_name_collisions(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths: {}
        components:
          schemas:
            invoice_line: {type: object}
            InvoiceLine:
              type: object
              properties:
                type: {type: string}
                id: {type: string}
                class: {type: string}
                import: {type: string}
                from: {type: string}
                from_: {type: string}
                lineId: {type: string}
                line_id: {type: string}
        """)
    # Properties never collide: each gets a field of its own (tests/e2e/test_generate_models.py).
    assert _only(found, "class-name-taken") == [("/components/schemas/InvoiceLine", 7)]


def test_security(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        security: [{ApiKey: []}]
        paths:
          /a:
            get:
              operationId: a
              security: [{BearerAuht: []}]
              responses: {"204": {description: ok}}
        components:
          securitySchemes:
            ApiKey: {type: apiKey, in: header, name: X-API-KEY}
            BearerAuth: {type: http, scheme: bearer}
            Unused: {type: http, scheme: basic}
        """)
    [undefined] = [d for d in found if d.code == "security-undefined"]
    assert (undefined.pointer, undefined.line) == ("/paths/~1a/get/security/0/BearerAuht", 8)
    assert "did you mean 'BearerAuth'?" in undefined.hint
    assert _only(found, "component-unused") == [  # BearerAuth: only a misspelling names it
        ("/components/securitySchemes/BearerAuth", 13), ("/components/securitySchemes/Unused", 14)
    ]
    # A scheme is named by a requirement, not `$ref`'d: the hint says so.
    unused = [d for d in found if d.code == "component-unused"][-1]
    assert "never named in a security requirement" in unused.message
    assert unused.hint == "name it in a `security` requirement (`- Unused: []`), or remove it"


def test_responses(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths:
          /a:
            get:
              operationId: a
              responses:
                "200": {description: ok, content: {application/json: {}}}
                "202": {description: accepted}
                "204": {description: none, content: {text/plain: {schema: {type: string}}}}
                "2XX": {$ref: "#/components/responses/Fine"}
        components:
          responses:
            Fine: {description: fine, content: {application/json: {schema: {type: object}}}}
        """)
    assert _only(found, "response-no-schema") == [
        ("/paths/~1a/get/responses/200/content/application~1json", 8)
    ]
    assert _only(found, "response-unexpected-content") == [
        ("/paths/~1a/get/responses/204/content", 10)
    ]


def test_component_reachability(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths:
          /a:
            get:
              operationId: a
              responses:
                "200":
                  description: ok
                  content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}
        components:
          schemas:
            Pet:
              oneOf: [{$ref: "#/components/schemas/Cat"}]
              discriminator: {propertyName: kind, mapping: {dog: Dog}}
            Cat: {type: object}
            Dog: {type: object}
            Orphan: {properties: {o: {$ref: "#/components/schemas/OrphanChild"}}}
            OrphanChild: {type: object}
        """)
    assert [(d.pointer, d.severity) for d in found] == [
        ("/components/schemas/Orphan", Severity.WARNING),
        ("/components/schemas/OrphanChild", Severity.WARNING),
    ]


def test_path_duplicate(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths:
          /a/{x}:
            get:
              operationId: a
              parameters: [{name: x, in: path, required: true, schema: {type: string}}]
              responses: {"204": {description: ok}}
          /a/{y}:
            put:
              operationId: b
              parameters: [{name: y, in: path, required: true, schema: {type: string}}]
              responses: {"204": {description: ok}}
        """)
    assert _only(found, "path-duplicate") == [("/paths/~1a~1{y}", 9)]


def test_lint_is_sorted_and_unique(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths:
          /b: {get: {responses: {"204": {description: ok}}}}
          /a: {get: {responses: {"204": {description: ok}}}}
        """)
    assert found == sorted(set(found))
    assert [d.line for d in found] == [4, 5]


def test_lint_does_not_import_the_validator_on_import() -> None:
    code = "import sys, generator.lint; print('openapi_spec_validator' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# --------------------------------------------------------------------------- robustness

_KEYS = st.sampled_from([
    "openapi", "paths", "/a/{id}", "get", "post", "parameters", "name", "in", "path", "required",
    "schema", "$ref", "responses", "200", "204", "content", "application/json", "example",
    "examples", "value", "enum", "properties", "items", "components", "schemas", "security",
    "securitySchemes", "operationId", "default", "discriminator", "mapping", "propertyName",
    "requestBody", "headers", "allOf", "type", "x",
])
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.sampled_from(["#/components/schemas/A", "#/paths", "other.yaml#/x", "#x", "http://e/x",
                     "string", "path", "A", "", "{", "%zz", "3.1.0"]),
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=5)),
    max_leaves=40,
)


_FIXTURE_OK = [HealthCheck.function_scoped_fixture]  # tmp_path is only a name here, never written


def _document(data: Any, tmp_path: Path) -> SpecDocument:
    path = tmp_path / "spec.yaml"
    source = SourceFile(path, "spec.yaml", b"", data, {})
    return SpecDocument(source, {path: source})


@settings(max_examples=300, deadline=None, suppress_health_check=_FIXTURE_OK)
@given(data=st.dictionaries(_KEYS, _JSON, max_size=6))
def test_rules_never_crash_on_json_shaped_input(tmp_path: Path, data: dict[str, Any]) -> None:
    for diagnostic in rule_diagnostics(_document(data, tmp_path)):
        assert diagnostic.code in RULES


@settings(max_examples=100, deadline=None, suppress_health_check=_FIXTURE_OK)
@given(replacement=_JSON, index=st.integers(min_value=0))
def test_rules_never_crash_on_a_damaged_valid_spec(
    tmp_path: Path, replacement: Any, index: int
) -> None:
    data = load_spec(MINIMAL).data
    nodes: list[tuple[Any, Any]] = []
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        for key, child in children:
            nodes.append((node, key))
            if isinstance(child, (dict, list)):
                stack.append(child)
    parent, key = nodes[index % len(nodes)]
    parent[key] = json.loads(json.dumps(replacement))
    for diagnostic in rule_diagnostics(_document(data, tmp_path)):
        assert diagnostic.code in RULES


# --------------------------------------------------------------------------- coverage rules

PROBE = ROOT / "tests" / "specs" / "probe" / "defects.yaml"
GOOD_DIR = ROOT / "tests" / "specs" / "good"


def _defects(path: Path) -> list[tuple[str, int]]:
    """(rule, line) of each ``# defect: RULE`` comment of a probe spec."""
    found = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        _, marker, rule = text.partition("# defect: ")
        if marker and number > 2:
            found.append((rule.split()[0], number))
    return found


def test_probe_spec_gets_every_defect_located() -> None:
    defects = _defects(PROBE)
    assert len(defects) == 14
    found = lint(load_spec(PROBE))
    located = {(d.code, d.line) for d in found}
    missing = [defect for defect in defects if defect not in located]
    assert not missing, "\n".join(d.format() for d in found)
    assert all(d.pointer and d.column > 0 for d in found)
    assert len(found) == len(defects), "\n".join(d.format() for d in found)


def test_probe_messages_are_not_misleading() -> None:
    found = lint(load_spec(PROBE))
    text = "\n".join(d.format() for d in found)
    assert "unexpected key 'examples'" not in text
    assert "name: ," not in text
    empty = next(d for d in found if d.code == "path-param-empty")
    assert empty.hint.startswith("name it, e.g. `{id}`, and declare `- {name: id, in: path,")
    both = next(d for d in found if d.code == "openapi-schema")
    assert both.message == "`value` and `externalValue` cannot be used together"
    assert both.pointer.endswith("/examples/both")


@pytest.mark.parametrize(
    "good", sorted(GOOD_DIR.glob("*.yaml")), ids=lambda p: p.stem
)
def test_good_specs_have_no_findings(good: Path) -> None:
    assert [d.format() for d in lint(load_spec(good))] == []


@pytest.mark.parametrize(
    "good", sorted(p for p in GOOD_DIR.glob("*.yaml") if p.stem in RULES), ids=lambda p: p.stem
)
def test_every_good_counterpart_has_a_bad_spec(good: Path) -> None:
    bad = ROOT / "tests" / "specs" / "bad" / good.name
    assert bad.read_text().startswith(f"# expect: {good.stem} line ")


def test_new_rules_each_have_a_bad_and_a_good_spec() -> None:
    new = {
        "array-items-missing", "enum-type-mismatch", "required-undefined",
        "server-variable-undefined", "server-variable-default", "server-trailing-slash",
        "server-url-scheme-relative", "server-url-path-relative", "pattern-unsupported",
        "array-self-nested",
        "path-trailing-slash", "path-query-string", "path-param-empty", "path-ambiguous",
        "operation-success-response", "operation-security-missing", "security-scope-undefined",
    }  # fmt: skip
    assert new <= set(RULES)
    assert {p.stem for p in GOOD_DIR.glob("*.yaml")} >= new


def test_typed_enum_accepts_what_json_schema_accepts(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths: {}
        components:
          schemas:
            A: {type: integer, enum: [1, 2.0, true]}
            B: {type: [string, "null"], enum: [a, null, 3]}
            C: {type: number, enum: [1, 1.5, "1"]}
            D: {enum: [1, a]}
        """)
    assert _only(found, "enum-type-mismatch") == [
        ("/components/schemas/A/enum/2", 6),
        ("/components/schemas/B/enum/2", 7),
        ("/components/schemas/C/enum/2", 8),
    ]
    assert all(d.severity is Severity.WARNING for d in found if d.code == "enum-type-mismatch")


def test_an_enum_with_no_value_of_its_type_accepts_nothing_and_is_refused(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths: {}
        components:
          schemas:
            Quoted: {type: integer, enum: ["1", "2"]}
            Fine: {type: integer, enum: [1, "2"]}
        """)
    assert _only(found, "enum-impossible") == [("/components/schemas/Quoted/enum", 6)]
    assert _only(found, "enum-type-mismatch") == [("/components/schemas/Fine/enum/1", 7)]
    assert [d.severity for d in found if d.code == "enum-impossible"] == [Severity.ERROR]


def test_an_enum_that_accepts_nothing_is_no_defect_where_only_a_not_reaches_it(
    tmp_path: Path,
) -> None:
    # A protovalidate export's `not: {type: number, enum: ["1", "2", "3"]}`: `not` of a schema
    # that takes no value takes every value. Valid, and it was refused.
    found = _lint(tmp_path, """\
        paths: {}
        components:
          schemas:
            Rules:
              type: object
              properties:
                numbers: {type: array, items: {type: number, not: {type: number, enum: ["1"]}}}
                never: {not: {$ref: "#/components/schemas/Never"}}
                twice: {not: {$ref: "#/components/schemas/Twice"}}
                inline: {not: {allOf: [{type: string, enum: [1]}]}}
                direct: {$ref: "#/components/schemas/Twice"}
                not: {type: integer, enum: ["2"]}
            Never: {type: integer, enum: ["3"]}
            Twice: {type: integer, enum: ["4"]}
        """)
    # Reached outside a `not` as well (a property named `not` is no `not`; a component is a
    # class of its own, which would take nothing): refused as before.
    assert _only(found, "enum-impossible") == [
        ("/components/schemas/Rules/properties/not/enum", 14),
        ("/components/schemas/Never/enum", 15),
        ("/components/schemas/Twice/enum", 16),
    ]


def test_required_sees_properties_of_all_of_parts(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths: {}
        components:
          schemas:
            Base: {type: object, properties: {id: {type: string}}}
            Both:
              allOf: [{$ref: "#/components/schemas/Base"}]
              properties: {name: {type: string}}
              required: [id, name, nmae]
            Fragment: {required: [anything]}
            Bare: {type: object, required: [id]}
            Member:
              allOf:
                - $ref: "#/components/schemas/Base"
                - {type: object, required: [id]}
        """)
    assert _only(found, "required-undefined") == [
        ("/components/schemas/Both/required/2", 10),
        ("/components/schemas/Bare/required/0", 12),
    ]
    assert next(d for d in found if d.code == "required-undefined").hint == (
        "did you mean 'name'?"
    )


def test_allof_parts_that_leave_a_property_no_json_type_are_refused(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths: {}
        components:
          schemas:
            Uuid: {type: object, properties: {id: {type: string, format: uuid}}}
            Text: {type: object, properties: {id: {const: text}, label: {type: string}}}
            Free: {type: object, properties: {label: {type: string}}}
            Counted: {type: object, properties: {id: {type: [number, "null"]}, n: {enum: [1, 2]}}}
            Clash:
              allOf:
                - {type: object, properties: {id: {type: integer}, n: {type: boolean}}}
                - oneOf: [{$ref: "#/components/schemas/Uuid"}, {$ref: "#/components/schemas/Text"}]
                - {$ref: "#/components/schemas/Counted"}
            Nested:
              allOf:
                - allOf: [{$ref: "#/components/schemas/Uuid"}]
                - $ref: "#/components/schemas/Counted"
            SomeVariantFree:
              allOf:
                - {type: object, properties: {id: {type: integer}}}
                - anyOf: [{$ref: "#/components/schemas/Uuid"}, {$ref: "#/components/schemas/Free"}]
            Overlapping:
              allOf: [{$ref: "#/components/schemas/Counted"}, {properties: {id: {type: integer}}}]
            Retyped:
              allOf: [{$ref: "#/components/schemas/Uuid"}, {$ref: "#/components/schemas/Counted"}]
              properties: {id: {type: string}}
        """)
    conflicts = [d for d in found if d.code == "allof-conflict"]
    assert [(d.pointer, d.line, d.severity) for d in conflicts] == [
        ("/components/schemas/Clash", 10, Severity.ERROR),
        ("/components/schemas/Clash", 10, Severity.ERROR),
        ("/components/schemas/Nested", 15, Severity.ERROR),
    ]
    # Each property once, named with the two places; a oneOf's types are its variants' (the
    # first variant located), integer counts as a number.
    assert sorted(d.message for d in conflicts) == [
        "the allOf parts of this schema give the property 'id' types no value has: integer "
        "(#/components/schemas/Clash/allOf/0/properties/id) and string "
        "(#/components/schemas/Uuid/properties/id)",
        "the allOf parts of this schema give the property 'id' types no value has: string "
        "(#/components/schemas/Uuid/properties/id) and null or number "
        "(#/components/schemas/Counted/properties/id)",
        "the allOf parts of this schema give the property 'n' types no value has: boolean "
        "(#/components/schemas/Clash/allOf/0/properties/n) and integer "
        "(#/components/schemas/Counted/properties/n)",
    ]
    assert {d.hint for d in conflicts} == {"give the property one type in every part of the allOf"}


def test_an_exploded_query_object_sharing_a_key_is_a_warning(tmp_path: Path) -> None:
    # Plex's `mediaQuery` beside parameters `type` and `sort`; openapi-python-client's baseline
    # sends two objects of one schema. A deepObject, an object not exploded, and a key no other
    # parameter sends are not ambiguous.
    found = _lint(tmp_path, """\
        paths:
          /streams:
            parameters:
              - {name: sort, in: query, schema: {type: string}}
            get:
              operationId: streams
              parameters:
                - {name: type, in: query, schema: {type: integer}}
                - name: mediaQuery
                  in: query
                  schema:
                    type: object
                    properties: {type: {type: integer}, group: {type: string}, sort: {}}
                - name: deep
                  in: query
                  style: deepObject
                  schema: {$ref: "#/components/schemas/Q"}
                - name: joined
                  in: query
                  explode: false
                  schema: {$ref: "#/components/schemas/Q"}
                - {name: first, in: query, schema: {$ref: "#/components/schemas/Q"}}
                - {name: second, in: query, schema: {$ref: "#/components/schemas/Q"}}
              responses:
                "204": {description: Done.}
        components:
          schemas:
            Q: {type: object, properties: {group: {type: string}, page: {type: integer}}}
        """)
    shared = [d for d in found if d.code == "query-key-shared"]
    assert [(d.pointer, d.severity) for d in shared] == [
        ("/paths/~1streams/get/parameters/1", Severity.WARNING),
        ("/paths/~1streams/get/parameters/4", Severity.WARNING),
        ("/paths/~1streams/get/parameters/5", Severity.WARNING),
    ]
    assert shared[0].message == (
        "GET /streams: the object 'mediaQuery' is sent one query key per property, and 'type' "
        "is also sent by the parameter 'type', 'sort' is also sent by the parameter 'sort': a "
        "server cannot tell them apart"
    )
    assert "'group' is also sent by the object 'mediaQuery'" in shared[1].message
    assert "'page' is also sent by the object 'first'" in shared[2].message


def test_an_exploded_form_object_sharing_a_field_name_is_a_warning(tmp_path: Path) -> None:
    # A urlencoded body's `address` sends `name=...&city=...` beside the body's own `name`; an
    # object sent as deepObject (`encoding`) and a key no other field sends are not ambiguous.
    found = _lint(tmp_path, """\
        paths:
          /contacts:
            post:
              operationId: addContact
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema:
                      type: object
                      properties:
                        name: {type: string}
                        address:
                          type: object
                          properties: {name: {type: string}, city: {type: string}}
                        billing:
                          type: object
                          properties: {name: {type: string}}
                        geo: {type: object, properties: {lat: {type: number}}}
                    encoding:
                      billing: {style: deepObject}
              responses:
                "204": {description: Done.}
        """)
    shared = [d for d in found if d.code == "form-key-shared"]
    assert [(d.pointer, d.severity) for d in shared] == [
        (
            "/paths/~1contacts/post/requestBody/content/application~1x-www-form-urlencoded"
            "/schema/properties/address",
            Severity.WARNING,
        ),
    ]
    assert shared[0].message == (
        "POST /contacts: the object 'address' is sent one form field per property, and 'name' "
        "is also sent by the field 'name': a server cannot tell them apart"
    )


def test_form_and_query_keys_of_allof_parts_are_sent_too(tmp_path: Path) -> None:
    # The body's `name` comes from an allOf part, and `address` (an allOf of a $ref'd base)
    # sends its base's `name`: the client sends a model's fields with its bases'. So does the
    # query object `filter`, whose part sends `sort` beside the parameter `sort`.
    found = _lint(tmp_path, """\
        paths:
          /contacts:
            post:
              operationId: addContact
              parameters:
                - {name: sort, in: query, schema: {type: string}}
                - name: filter
                  in: query
                  schema: {allOf: [{$ref: '#/components/schemas/Sorted'}]}
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema:
                      allOf:
                        - {$ref: '#/components/schemas/Named'}
                        - type: object
                          properties:
                            address: {allOf: [{$ref: '#/components/schemas/Named'}]}
              responses:
                "204": {description: Done.}
        components:
          schemas:
            Named:
              type: object
              properties: {name: {type: string}}
            Sorted:
              type: object
              properties: {sort: {type: string}}
        """)
    assert sorted((d.code, d.pointer) for d in found if d.code.endswith("-key-shared")) == [
        (
            "form-key-shared",
            "/paths/~1contacts/post/requestBody/content/application~1x-www-form-urlencoded"
            "/schema/allOf/1/properties/address",
        ),
        ("query-key-shared", "/paths/~1contacts/post/parameters/1"),
    ]


def test_the_same_mistake_in_two_files_is_reported_in_each(tmp_path: Path) -> None:
    # A pointer is within its own file: two path files with the same mistake at the same
    # place are two errors (Unkey's override files showed one, then the next, one by one).
    part = """\
        post:
          operationId: {name}
          responses:
            "200":
              description: ok
              examples:
                one: {{value: 1}}
        """
    found = _lint(
        tmp_path,
        """\
        paths:
          /a: {$ref: ./a.yaml}
          /b: {$ref: ./b.yaml}
        """,
        **{"a.yaml": part.format(name="opA"), "b.yaml": part.format(name="opB")},
    )
    assert sorted(
        (Path(d.file).name, d.pointer, d.line) for d in found if d.code == "openapi-schema"
    ) == [
        ("a.yaml", "/post/responses/200/examples", 6),
        ("b.yaml", "/post/responses/200/examples", 6),
    ]


def test_explicitly_public_operation_is_not_missing_security(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths:
          /a:
            get: {operationId: a, security: [], responses: {"204": {description: ok}}}
            put: {operationId: b, responses: {"204": {description: ok}}}
        webhooks:
          created:
            post: {operationId: c, responses: {"204": {description: ok}}}
        components:
          securitySchemes:
            Key: {type: apiKey, in: header, name: X-Key}
        """)
    # A webhook is a request the API sends: the client's schemes are not asked of it.
    assert _only(found, "operation-security-missing") == [("/paths/~1a/put", 6)]
    assert all(not d.is_error for d in found)


def test_ambiguous_paths_follow_the_literal_segment_rule(tmp_path: Path) -> None:
    found = _lint(tmp_path, """\
        paths:
          /a/{x}: {get: {operationId: a, parameters: [{name: x, in: path, required: true}], responses: {"204": {description: ok}}}}
          /a/me: {get: {operationId: b, responses: {"204": {description: ok}}}}
          /{y}/b: {get: {operationId: c, parameters: [{name: y, in: path, required: true}], responses: {"204": {description: ok}}}}
        """)  # noqa: E501
    assert _only(found, "path-ambiguous") == [("/paths/~1{y}~1b", 6)]


_SEGMENTS = st.sampled_from(["a", "b", "me", "{x}", "{y}", "{}"])


@given(st.lists(st.lists(_SEGMENTS, min_size=1, max_size=4), max_size=30))
@settings(max_examples=200, deadline=None)
def test_ambiguous_paths_are_the_pairs_every_comparison_would_find(
    templates: list[list[str]],
) -> None:
    # The rule looks up each template's candidates in a trie of the earlier ones (linear at
    # 1,000 paths, where comparing every pair took seconds): it must find the same pairs.
    from generator.lint._operations import _ambiguous, _Node

    paths = ["/" + "/".join(segments) for segments in templates]
    every_pair = [
        (i, j) for i in range(len(paths)) for j in range(i) if _ambiguous(paths[i], paths[j])
    ]
    found, earlier = [], _Node()
    for i, path in enumerate(paths):
        segments = path.strip("/").split("/")
        found += [(i, j) for j in sorted(earlier.matching(segments)) if _ambiguous(path, paths[j])]
        earlier.add(segments, i)
    assert found == every_pair


def test_documentation_rules_are_off_by_default_and_can_be_enabled(tmp_path: Path) -> None:
    body = """\
        paths:
          /a:
            get: {operationId: a, responses: {"204": {description: ok}}}
        """
    assert _lint(tmp_path, body) == []
    found = lint(
        load_spec(tmp_path / "spec.yaml"),
        {"info-contact": "warning", "info-license": "error", "operation-description": "warning"},
    )
    assert [(d.code, d.severity, d.line) for d in found] == [
        ("info-license", Severity.ERROR, 2),  # sorted by place, then severity
        ("info-contact", Severity.WARNING, 2),
        ("operation-description", Severity.WARNING, 5),
    ]


def test_settings_change_severity_and_turn_rules_off(tmp_path: Path) -> None:
    bad = ROOT / "tests" / "specs" / "bad" / "array-items-missing.yaml"
    document = load_spec(bad)
    assert [(d.code, d.severity) for d in lint(document)] == [
        ("array-items-missing", Severity.WARNING)
    ]
    assert [(d.code, d.severity) for d in lint(document, {"array-items-missing": "error"})] == [
        ("array-items-missing", Severity.ERROR)
    ]
    assert lint(document, {"array-items-missing": "off"}) == []


def test_every_rule_has_a_default_and_relaxable_ones_exist() -> None:
    assert set(DEFAULT_SEVERITY) == set(RULES)
    assert set(RULES) >= RELAXABLE
    assert {code for code, s in DEFAULT_SEVERITY.items() if s != "error"} <= RELAXABLE
    assert "openapi-schema" not in RELAXABLE and "ref-unresolved" not in RELAXABLE


def test_readme_documents_every_rule_and_its_default() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict(
        (line.split("|")[1].strip().strip("`"), line.split("|")[2])
        for line in readme.splitlines()
        if line.startswith("| `") and line.count("|") >= 3
    )
    for code, default in DEFAULT_SEVERITY.items():
        assert code in rows, f"README's rule table lacks {code}"
        marked = "error"
        if "(warning)" in rows[code]:
            marked = "warning"
        elif "; off)" in rows[code]:
            marked = "off"
        assert marked == default, (code, rows[code])


def test_invalid_defaults_are_the_schemas_lint_warns_about() -> None:
    from generator.lint import invalid_defaults

    spec = ROOT / "tests" / "specs" / "generate" / "models-multi-file" / "openapi.yaml"
    fresh = invalid_defaults(load_spec(spec))  # computed
    document = load_spec(spec)
    warned = {
        (d.file.rsplit("/", 1)[-1], d.pointer.removesuffix("/default"))
        for d in lint(document)
        if d.code == "default-invalid"
    }
    after_lint = invalid_defaults(document)  # what lint found on this very document
    assert fresh == after_lint
    assert {(path.name, pointer) for path, pointer in after_lint} == warned == {
        ("openapi.yaml", "/components/schemas/Page/properties/size"),
        ("schemas.yaml", "/Widget/properties/weight"),
    }


def test_a_json_spec_with_characters_escaped_as_utf16_pairs_loads(tmp_path: Path) -> None:
    # Python's json.dump escapes an emoji as a UTF-16 pair (\ud83d\udd04), valid JSON that
    # the YAML parser refuses; an escaped backslash before `u` is no escape and stays as written.
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Reindexing \U0001f504 \u00e9", "version": "1", "description": r"\ud83d"},
        "paths": {},
    }
    text = json.dumps(document, indent=1)
    assert "\\ud83d\\udd04" in text and "\\\\ud83d" in text
    spec = tmp_path / "spec.json"
    spec.write_text(text, encoding="ascii")
    loaded = load_spec(spec)
    assert loaded.data == document
    assert loaded.root.locate("/info/version") == (5, 3)


def test_a_json_spec_with_characters_yaml_refuses_raw_loads(tmp_path: Path) -> None:
    # JSON allows a C1 control (U+009C) or U+FFFE raw in a string, which YAML refuses (kin-
    # openapi's copy of Stoplight's document has one), and U+0085 or U+2028, which YAML reads
    # as line breaks.
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Odd \x9c \x85 \u2028 \ufffe", "version": "1", "description": "\\x9c"},
        "paths": {},
    }
    text = json.dumps(document, indent=1, ensure_ascii=False)
    assert "\x9c" in text
    spec = tmp_path / "spec.json"
    spec.write_text(text, encoding="utf-8")
    loaded = load_spec(spec)
    assert loaded.data == document
    assert loaded.root.locate("/info/version") == (5, 3)


def test_an_unquoted_null_type_says_to_quote_it(tmp_path: Path) -> None:
    # Unkey's `type: [object, null]`: YAML reads the bare null as no value.
    found = _lint(
        tmp_path,
        """\
        paths: {}
        components:
          schemas:
            Credits:
              type:
                - object
                - null
        """,
    )
    [error] = [d for d in found if d.code == "schema-type-unknown"]
    assert (error.pointer, error.line) == ("/components/schemas/Credits/type/1", 9)
    assert "quote it, `'null'`" in error.hint


def test_a_map_written_as_one_ref_is_one_error_that_says_so() -> None:
    # Lago's and Lichess's split documents; before, the schema's own words ("'$ref' does not
    # match '^[a-zA-Z0-9._-]+$'") and the `$ref`'s value checked as a component schema.
    found = lint(load_spec(ROOT / "tests" / "specs" / "bad" / "components-map-ref.yaml"))
    errors = [d for d in found if d.is_error]
    assert [(d.pointer, d.line) for d in errors] == [
        ("/paths/$ref", 17),
        ("/components/schemas/$ref", 20),
    ]
    for error in errors:
        assert error.message.startswith("a `$ref` stands for this whole object"), error.message
        assert "redocly bundle" in error.hint


def test_an_operation_written_as_a_ref_to_a_file_is_refused_there(tmp_path: Path) -> None:
    # AlsoAsked's split document: `get: {$ref: ./paths/get.yaml}`, as its servers and tags. The
    # schema check inlined the file, so only the undeclared path variable was reported.
    found = _lint(
        tmp_path,
        """\
        servers:
          - $ref: ./servers.yaml
        paths:
          /search/{id}:
            get:
              $ref: ./paths/get.yaml
            parameters:
              - $ref: ./parameters.yaml
        """,
        **{
            "servers.yaml": "url: https://api.example.com\n",
            "paths/get.yaml": "operationId: getSearch\nresponses: {'204': {description: ok}}\n",
            "parameters.yaml": "{name: id, in: path, required: true, schema: {type: string}}\n",
        },
    )
    refused = [(d.pointer, d.line) for d in found if d.code == "openapi-schema"]
    assert refused == [("/servers/0/$ref", 4), ("/paths/~1search~1{id}/get/$ref", 8)]
    assert all(
        "nor of an operation, a server or a tag" in d.message
        for d in found
        if d.code == "openapi-schema"
    )


def test_a_map_of_examples_written_as_one_ref_is_that_one_error(tmp_path: Path) -> None:
    # Prosa's: the schema checked the `$ref` as an Example called `$ref`, and said so twice
    # ("not of type 'object'", "`value` and `externalValue` cannot be used together").
    found = _lint(
        tmp_path,
        """\
        paths:
          /a:
            get:
              operationId: getA
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {type: object}
                      examples:
                        $ref: ./examples.yaml
        """,
        **{"examples.yaml": "one: {value: {}}\n"},
    )
    [error] = [d for d in found if d.is_error]
    assert (error.code, error.line) == ("openapi-schema", 14)
    assert error.pointer.endswith("/content/application~1json/examples/$ref")
    assert error.message.startswith("a `$ref` stands for this whole object")


def test_a_ref_inside_instance_data_is_no_reference(tmp_path: Path) -> None:
    # The OGC's `examples: {scalar-proto: {value: {$ref: ../examples/...proto}}}`: an example
    # that holds a `$ref` key, as may a default, a const, an enum or a schema's examples. A
    # property named `default` is a schema, whose `$ref` is one.
    found = _lint(
        tmp_path,
        """\
        paths:
          /a:
            get:
              operationId: getA
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          a: {type: object, default: {$ref: ./nope.json}}
                          b: {const: {$ref: ./nope.json}, enum: [{$ref: ./nope.json}]}
                          c: {type: object, examples: [{$ref: ./nope.json}]}
                          default: {$ref: ./missing.json}
                      example: {a: {$ref: ./nope.json}}
                      examples:
                        proto: {value: {$ref: ./schema.proto}}
        """,
    )
    assert _only(found, "ref-unresolved") == [
        ("/paths/~1a/get/responses/200/content/application~1json/schema/properties/default/$ref",
         18),
    ]


def test_an_example_that_is_no_object_is_that_one_error(tmp_path: Path) -> None:
    # openapi-diff's `examples: {first: example}`: also "`value` and `externalValue` cannot be
    # used together", which holds of any value but an object.
    found = _lint(
        tmp_path,
        """\
        paths:
          /a:
            get:
              operationId: getA
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {type: string}
                      examples:
                        first: example
        """,
    )
    [error] = [d for d in found if d.is_error]
    assert (error.code, error.line) == ("openapi-schema", 14)
    assert error.message == "'example' is not of type 'object'"


def test_a_security_scheme_of_no_known_type_is_that_one_error(tmp_path: Path) -> None:
    # backend.ai's `type: ApiKey`: it was also "unexpected key 'in'" and "... 'name'".
    found = _lint(
        tmp_path,
        """\
        paths: {}
        components:
          securitySchemes:
            TokenAuth: {type: ApiKey, in: header, name: Authorization}
        """,
    )
    [error] = [d for d in found if d.is_error]
    assert (error.pointer, error.line) == ("/components/securitySchemes/TokenAuth/type", 6)
    assert error.hint == "did you mean 'apiKey'?"


def test_empty_responses_are_one_error(tmp_path: Path) -> None:
    # spectree's `responses: {}`: also "{} should be non-empty", at the same place.
    found = _lint(tmp_path, "paths:\n  /a:\n    get:\n      responses: {}\n")
    [error] = [d for d in found if d.is_error]
    assert (error.pointer, error.line) == ("/paths/~1a/get/responses", 6)
    assert error.message.startswith("the responses list no status code")


def test_a_list_of_items_is_named_as_draft_4s_tuple(tmp_path: Path) -> None:
    # Orb's `items: [{...}, {...}]`: the finding printed the whole list, and no way out.
    found = _lint(
        tmp_path,
        """\
        paths: {}
        components:
          schemas:
            Failures:
              type: array
              items: [{type: string}, {type: object, properties: {key: {type: string}}}]
        """,
    )
    [error] = [d for d in found if d.is_error]
    assert (error.code, error.pointer, error.line) == (
        "schema-invalid", "/components/schemas/Failures/items", 8
    )
    assert "draft 4's tuple" in error.message and "`prefixItems`" in error.hint
    assert "properties" not in error.message


def test_an_unquoted_ref_read_as_empty_is_refused(tmp_path: Path) -> None:
    # swagger-petstore's `$ref: #/components/schemas/petdetails`: YAML read `$ref: null`, and
    # the field was `Any`, without a word.
    found = _lint(
        tmp_path,
        """\
        paths: {}
        components:
          schemas:
            Pet:
              type: object
              properties:
                details:
                  $ref: #/components/schemas/Details
        """,
    )
    [error] = [d for d in found if d.is_error]
    assert (error.code, error.pointer, error.line) == (
        "schema-invalid", "/components/schemas/Pet/properties/details/$ref", 10
    )
    assert "`$ref` is None, not a string" in error.message and "comment" in error.hint


def test_keyword_values_of_the_wrong_kind_are_refused_where_they_are(tmp_path: Path) -> None:
    # `validate` said valid, and the model generator failed on the schema, unlocated.
    found = _lint(
        tmp_path,
        """\
        paths: {}
        components:
          schemas:
            Bounds:
              type: object
              properties:
                count: {type: integer, minimum: "3", exclusiveMaximum: true, maximum: 9}
                label: {type: string, maxLength: 2.5, minLength: 2.0, description: null}
                tags: {type: array, uniqueItems: "yes", items: {type: string, readOnly: 1}}
                price: {type: number, multipleOf: 0, examples: {one: 1}}
            Legacy:
              $schema: http://json-schema.org/draft-04/schema#
              type: number
              minimum: 0
              exclusiveMinimum: true
        """,
    )
    invalid = [d for d in found if d.code == "schema-invalid"]
    assert [(d.pointer.rsplit("/", 2)[-2:], d.line) for d in invalid] == [
        (["count", "minimum"], 9),
        (["count", "exclusiveMaximum"], 9),
        (["label", "maxLength"], 10),
        (["tags", "uniqueItems"], 11),
        (["items", "readOnly"], 11),
        (["price", "multipleOf"], 12),
    ]
    assert all(d.is_error for d in invalid)
    assert "`minimum` is '3', not a number" in invalid[0].message
    # OpenAPI 3.0's flag is named as such, with the 3.1 spelling.
    assert "`exclusiveMaximum: <the maximum>` in place of `maximum`" in invalid[1].hint
    # A schema's `examples` map is documentation: a warning, at the keyword.
    [examples] = [d for d in found if d.code == "example-invalid"]
    assert (examples.line, examples.severity) == (12, Severity.WARNING)
    assert examples.pointer.endswith("/price/examples")


def test_fastapi_operation_ids_name_methods_by_their_function_where_no_other_has_it() -> None:
    """FastAPI's default operationId is the function's name, then the path and the method with
    each non-word character an underscore; the method is named after the function unless another
    operation of the document has that name, by function or as written."""
    names = method_names([
        ("get_task_tasks__task_id__get", None, "get", "/tasks/{task_id}"),
        ("list_tasks_tasks_get", None, "get", "/tasks"),
        ("read_item_a_items_get", None, "get", "/a/items"),  # one function, two routes
        ("read_item_b_items_get", None, "get", "/b/items"),
        ("send_v1_emails_post", None, "post", "/v1/emails"),
        ("send", None, "post", "/send"),  # written, it takes the name first
        ("delete_task_tasks__task_id__delete", "remove", "delete", "/tasks/{task_id}"),
        ("tasks_get", None, "get", "/tasks/"),  # no function before the path: as written
        ("getTask", None, "get", "/other"),  # no FastAPI id: as written, and it claims get_task
    ])
    assert names == [
        "get_task_tasks_task_id_get",
        "list_tasks",
        "read_item_a_items_get",
        "read_item_b_items_get",
        "send_v1_emails_post",
        "send",
        "remove",
        "tasks_get",
        "get_task",
    ]


def test_a_generic_dynamic_ref_is_refused_with_a_hint_in_the_documents_own_names(
    tmp_path: Path,
) -> None:
    found = _lint(tmp_path, """\
        paths:
          /users:
            get:
              operationId: listUsers
              responses:
                "200":
                  description: Users.
                  content:
                    application/json:
                      schema:
                        $defs:
                          itemType: {$dynamicAnchor: itemType, $ref: "#/components/schemas/User"}
                        $ref: "#/components/schemas/Page"
          /groups:
            get:
              operationId: listGroups
              responses:
                "200":
                  description: Groups, the template inline.
                  content:
                    application/json:
                      schema:
                        $defs:
                          itemType: {$dynamicAnchor: itemType, $ref: "#/components/schemas/Group"}
                        type: array
                        items: {$dynamicRef: "#itemType"}
        components:
          schemas:
            Page:
              $dynamicAnchor: itemType
              type: object
              properties:
                items: {type: array, items: {$dynamicRef: "#itemType"}}
            User: {type: object}
            Group: {type: object}
        """)
    hints = {d.pointer: d.hint for d in found if d.code == "dynamic-ref-unsupported"}
    assert hints == {
        "/components/schemas/Page/properties/items/items/$dynamicRef": (
            "write the concrete type where `Page` is used: at "
            "/paths/~1users/get/responses/200/content/application~1json/schema, a schema like "
            "`Page` with `$ref: '#/components/schemas/User'` in place of its `$dynamicRef`"
        ),
        "/paths/~1groups/get/responses/200/content/application~1json/schema/items/$dynamicRef": (
            "write `$ref: '#/components/schemas/Group'` in place of the `$dynamicRef`"
        ),
    }
