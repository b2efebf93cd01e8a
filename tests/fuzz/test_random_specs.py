"""Random valid OpenAPI 3.1 documents generate working clients, or a located refusal (issue 13).

hypothesis draws small documents over the features a spec may use: parameters in path, query
(form arrays, exploded or not), header and cookie; JSON request bodies; 200, 201 and 204
responses (and, over every feature, several 2xx with different bodies); enums of each JSON
type, ``const``, ``type`` arrays with ``null``, the common formats, arrays,
``additionalProperties`` maps, ``$ref``, recursion, ``allOf``, ``anyOf``, ``oneOf`` with a
discriminator; every kind of security scheme, optional security. Each schema is drawn together
with a strategy for its values, so every document comes with responses that match it.

Each document is generated. Exit 0 must mean a working package: every submodule imports with
``-W error``, the client has one method per operation, and each drawn response round-trips
through its model (``model_validate`` → ``model_dump(mode="json", by_alias=True)`` → the dump
still validates against the schema and parses back to an equal model); about one document in
three is also checked with ``mypy --strict`` (drawn, so a replay checks the same ones). Exit 2
must be a located refusal: every error line
``FILE:LINE:COL: error [rule]``, no traceback, the output directory untouched.

A third test draws parameters whose schemas constrain their values (formats, bounds,
``multipleOf``, lengths, patterns, enums, ``const``, arrays, nullable types, some with an
``example``) and runs the generated package's own tests, whose mock checks every request
against the spec: every sample must satisfy its schema, or its operation is left out of the
tests with a located ``sample-unavailable`` warning. A fourth does the same for request and
response bodies whose schemas compose others (``allOf`` chains, a ``oneOf`` of derived schemas
with a discriminator, with or without a mapping, a discriminator on the base, nullable
``$ref``s), next to required parameters that have a ``default``.

The run is bounded (a handful of documents, a fixed seed: ``derandomize``), so CI is
deterministic and the whole module stays well under a minute on an idle machine.
``SUPPORTED`` are the scalar features; the test over every feature (``EVERY``) also draws
integer/number/boolean enums, several OAuth2 schemes, ``format: email``, no operationId and no
error response; it allows a located refusal (exit 2 with a rule and line), never exit 0 broken.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from tests.generated_package import (
    PACKAGE,
    client_methods,
    findings,
    generate,
    import_all,
    mypy_strict,
    own_tests,
    tree_bytes,
)

__all__: list[str] = []

ROOT = Path(__file__).resolve().parents[2]

Json = Any
Draw = Callable[[st.SearchStrategy[Any]], Any]


@dataclass(frozen=True)
class Drawn:
    """A schema and a strategy for the JSON values it accepts."""

    schema: Json
    values: st.SearchStrategy[Json]


SCALAR_FEATURES = (
    "string",
    "integer",
    "number",
    "boolean",
    "date",
    "date-time",
    "uuid",
    "uri",
    "byte",
    "int64",
    "string-enum",
    "nullable",
    "array",
    "map",
    "ref",
    "recursion",
    "allOf",
    "anyOf",
    "oneOf-discriminator",
    "query",
    "header",
    "body",
    "no-content",
    "bearer",
    "apiKey-header",
    "apiKey-query",
    "optional-security",
    "servers-variables",
    "error-response",
)
"""Features the generator gets right today (the always-green property below)."""

NEW_FEATURES = (
    "email",
    "integer-enum",
    "number-enum",
    "boolean-enum",
    "mixed-enum",
    "const",
    "cookie",
    "form-array",
    "basic",
    "oauth2",
    "oauth2-second",
    "openIdConnect",
    "apiKey-cookie",
    "no-operation-id",
    "no-error-response",
    "several-2xx",
)
"""Features drawn only by the test over every feature (which allows a located refusal)."""

SUPPORTED = frozenset(SCALAR_FEATURES)
EVERY = frozenset(SCALAR_FEATURES + NEW_FEATURES)

_TEXT = st.text(st.characters(codec="ascii", categories=("L", "N")), max_size=8)
_INT = st.integers(-(2**31), 2**31)


def _scalar(draw: Draw, features: frozenset[str]) -> Drawn:
    options = sorted(
        features
        & {
            "string",
            "integer",
            "number",
            "boolean",
            "date",
            "date-time",
            "uuid",
            "uri",
            "byte",
            "int64",
            "email",
            "string-enum",
            "integer-enum",
            "number-enum",
            "boolean-enum",
            "mixed-enum",
            "const",
        }
    )
    kind = draw(st.sampled_from(options))
    if kind == "string":
        return Drawn({"type": "string"}, _TEXT)
    if kind == "integer":
        return Drawn({"type": "integer"}, _INT)
    if kind == "int64":
        return Drawn({"type": "integer", "format": "int64"}, st.integers(-(2**62), 2**62))
    if kind == "number":
        return Drawn({"type": "number"}, st.floats(-1e6, 1e6, allow_nan=False).map(round))
    if kind == "boolean":
        return Drawn({"type": "boolean"}, st.booleans())
    if kind == "date":
        return Drawn({"type": "string", "format": "date"}, st.dates().map(lambda d: d.isoformat()))
    if kind == "date-time":
        values = st.datetimes(timezones=st.just(__import__("datetime").timezone.utc))
        return Drawn(
            {"type": "string", "format": "date-time"},
            values.map(lambda d: d.isoformat().replace("+00:00", "Z")),
        )
    if kind == "uuid":
        return Drawn({"type": "string", "format": "uuid"}, st.uuids().map(str))
    if kind == "uri":
        return Drawn(
            {"type": "string", "format": "uri"},
            st.sampled_from(["https://example.com/", "https://example.org/a/b?c=d"]),
        )
    if kind == "byte":
        return Drawn({"type": "string", "format": "byte"}, st.sampled_from(["", "AAEC", "aGk="]))
    if kind == "email":
        return Drawn(
            {"type": "string", "format": "email"},
            st.sampled_from(["a@example.com", "first.last@example.org"]),
        )
    if kind == "string-enum":
        values = draw(
            st.lists(
                st.sampled_from(["alpha", "beta", "gamma-1", "DELTA"]),
                min_size=1,
                max_size=4,
                unique=True,
            )
        )
        return Drawn({"type": "string", "enum": values}, st.sampled_from(values))
    if kind == "integer-enum":
        values = draw(st.lists(st.integers(-3, 5), min_size=1, max_size=4, unique=True))
        return Drawn({"type": "integer", "enum": values}, st.sampled_from(values))
    if kind == "number-enum":
        values = draw(
            st.lists(st.sampled_from([0.5, 1.5, -2.25, 10.0]), min_size=1, max_size=3, unique=True)
        )
        return Drawn({"type": "number", "enum": values}, st.sampled_from(values))
    if kind == "boolean-enum":
        values = draw(st.lists(st.booleans(), min_size=1, max_size=2, unique=True))
        return Drawn({"type": "boolean", "enum": values}, st.sampled_from(values))
    if kind == "mixed-enum":
        values: list[Json] = ["a", 1, True]
        return Drawn({"enum": values}, st.sampled_from(values))
    value = draw(st.sampled_from(["fixed", 7]))
    return Drawn({"const": value}, st.just(value))


def _property(draw: Draw, features: frozenset[str], earlier: dict[str, Drawn], depth: int) -> Drawn:
    shapes = ["scalar"] * 3
    shapes += [f for f in ("nullable", "array", "map") if f in features and depth < 2]
    shapes += [f for f in ("ref", "allOf", "anyOf") if f in features and earlier]
    shape = draw(st.sampled_from(shapes))
    if shape == "scalar":
        return _scalar(draw, features)
    if shape == "nullable":
        inner = _scalar(draw, features)
        if "type" not in inner.schema or "enum" in inner.schema:
            return inner
        schema = {**inner.schema, "type": [inner.schema["type"], "null"]}
        return Drawn(schema, st.none() | inner.values)
    if shape == "array":
        inner = _property(draw, features, earlier, depth + 1)
        return Drawn({"type": "array", "items": inner.schema}, st.lists(inner.values, max_size=3))
    if shape == "map":
        inner = _property(draw, features, earlier, depth + 1)
        return Drawn(
            {"type": "object", "additionalProperties": inner.schema},
            st.dictionaries(_TEXT, inner.values, max_size=3),
        )
    name = draw(st.sampled_from(sorted(earlier)))
    ref = {"$ref": f"#/components/schemas/{name}"}
    if shape == "ref":
        return Drawn(ref, earlier[name].values)
    if shape == "allOf":
        return Drawn({"allOf": [ref]}, earlier[name].values)
    other = _scalar(draw, features - {"const"} | {"string"})
    return Drawn({"anyOf": [ref, other.schema]}, earlier[name].values | other.values)


def _object(draw: Draw, features: frozenset[str], name: str, earlier: dict[str, Drawn]) -> Drawn:
    count = draw(st.integers(1, 4))
    properties = {f"field_{i}": _property(draw, features, earlier, 0) for i in range(count)}
    required = sorted(draw(st.sets(st.sampled_from(sorted(properties)))))
    schema: Json = {
        "type": "object",
        "properties": {key: p.schema for key, p in properties.items()},
    }
    if required:
        schema["required"] = required
    optional = {key: p.values for key, p in properties.items() if key not in required}
    values = st.fixed_dictionaries(
        {key: properties[key].values for key in required}, optional=optional
    )
    if "recursion" in features and draw(st.booleans()):
        schema["properties"]["child"] = {"$ref": f"#/components/schemas/{name}"}
        leaf = values
        values = st.recursive(
            leaf,
            lambda inner: st.tuples(leaf, inner).map(lambda pair: {**pair[0], "child": pair[1]}),
            max_leaves=2,
        )
    return Drawn(schema, values)


def _union(draw: Draw, name: str, earlier: dict[str, Drawn], features: frozenset[str]) -> Drawn:
    """``oneOf`` two objects told apart by a ``kind`` discriminator."""
    branches: dict[str, Drawn] = {}
    for tag in ("cat", "dog"):
        inner = _object(draw, features - {"recursion"}, f"{name}{tag.title()}", earlier)
        schema = {
            **inner.schema,
            "properties": {"kind": {"type": "string", "enum": [tag]}, **inner.schema["properties"]},
            "required": ["kind", *inner.schema.get("required", [])],
        }
        branches[f"{name}{tag.title()}"] = Drawn(
            schema, inner.values.map(lambda v, t=tag: {"kind": t, **v})
        )
    earlier.update(branches)
    refs = [{"$ref": f"#/components/schemas/{n}"} for n in branches]
    mapping = {tag: r["$ref"] for tag, r in zip(("cat", "dog"), refs, strict=True)}
    return Drawn(
        {"oneOf": refs, "discriminator": {"propertyName": "kind", "mapping": mapping}},
        st.one_of(*(b.values for b in branches.values())),
    )


SECURITY = {
    "bearer": {"type": "http", "scheme": "bearer"},
    "basic": {"type": "http", "scheme": "basic"},
    "apiKey-header": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
    "apiKey-query": {"type": "apiKey", "in": "query", "name": "api_key"},
    "apiKey-cookie": {"type": "apiKey", "in": "cookie", "name": "session"},
    "oauth2": {
        "type": "oauth2",
        "flows": {
            "clientCredentials": {"tokenUrl": "https://auth.example.com/token", "scopes": {}}
        },
    },
    "oauth2-second": {
        "type": "oauth2",
        "flows": {
            "authorizationCode": {
                "authorizationUrl": "https://auth.example.com/authorize",
                "tokenUrl": "https://auth.example.com/token",
                "scopes": {"read": "read things"},
            }
        },
    },
    "openIdConnect": {
        "type": "openIdConnect",
        "openIdConnectUrl": "https://auth.example.com/.well-known/openid-configuration",
    },
}


@dataclass(frozen=True)
class Document:
    """A drawn spec, its operation count and, per component, drawn JSON values."""

    spec: Json
    operations: int
    samples: dict[str, list[Json]]
    typed: bool
    """Whether this document's package is also checked with mypy --strict (drawn: ~1 in 3)."""


def _parameter(draw: Draw, features: frozenset[str], where: str, index: int) -> Json:
    if where == "query" and "form-array" in features and draw(st.booleans()):
        return {
            "name": f"tags{index}",
            "in": "query",
            "style": "form",
            "explode": draw(st.booleans()),
            "schema": {"type": "array", "items": {"type": "string"}},
        }
    schema = _scalar(draw, features - {"const", "mixed-enum"} | {"string"}).schema
    return {
        "name": f"{where}_{index}",
        "in": where,
        "required": draw(st.booleans()),
        "schema": schema,
    }


@st.composite
def documents(draw: Draw, features: frozenset[str], min_schemes: int = 0) -> Document:
    components: dict[str, Drawn] = {}
    top: list[str] = []
    for i in range(draw(st.integers(1, 3))):
        name = f"Thing{i}"
        if "oneOf-discriminator" in features and i > 0 and draw(st.booleans()):
            components[name] = _union(draw, name, components, features)
        else:
            components[name] = _object(draw, features, name, components)
        top.append(name)
    schemes = sorted(
        draw(
            st.sets(
                st.sampled_from(sorted(features & set(SECURITY))), min_size=min_schemes, max_size=3
            )
        )
    )
    paths: dict[str, Json] = {}
    operations = 0
    wheres = [w for w in ("query", "header", "cookie") if w in features]
    error_ref = {"$ref": "#/components/schemas/Error"}
    errors: Json = {"description": "error", "content": {"application/json": {"schema": error_ref}}}
    with_errors = "error-response" in features and not (
        "no-error-response" in features and draw(st.booleans())
    )
    for name in top:
        ref = {"$ref": f"#/components/schemas/{name}"}
        parameters = [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
            *(
                _parameter(draw, features, where, n)
                for n, where in enumerate(
                    draw(st.lists(st.sampled_from(wheres), max_size=3)) if wheres else []
                )
            ),
        ]
        get: Json = {
            "operationId": f"get_{name.lower()}",
            "tags": ["things"],
            "parameters": parameters,
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": ref}}}
            },
        }
        item: Json = {"get": get}
        if "body" in features and draw(st.booleans()):
            item["put"] = {
                "operationId": f"put_{name.lower()}",
                "tags": ["things"],
                "parameters": [parameters[0]],
                "requestBody": {"required": True, "content": {"application/json": {"schema": ref}}},
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": ref}}}
                },
            }
        if "no-content" in features and draw(st.booleans()):
            item["delete"] = {
                "operationId": f"delete_{name.lower()}",
                "tags": ["things"],
                "parameters": [parameters[0]],
                "responses": {"204": {"description": "deleted"}},
            }
        if "several-2xx" in features and draw(st.booleans()):
            # A union of the bodies, parsed by the status received: `Thing | Other | None`.
            other = {"$ref": f"#/components/schemas/{draw(st.sampled_from(top))}"}
            get["responses"]["201"] = {
                "description": "created",
                "content": {"application/json": {"schema": other}},
            }
            get["responses"]["202"] = {"description": "accepted, no body"}
        if "no-operation-id" in features and draw(st.booleans()):
            del get["operationId"]
        if schemes and "optional-security" in features and draw(st.booleans()):
            get["security"] = [{}, {schemes[0]: []}]
        if with_errors:
            for operation in item.values():
                operation["responses"]["400"] = errors
        operations += len(item)
        paths[f"/things/{name.lower()}/{{id}}"] = item
    server: Json = {"url": "https://api.example.com"}
    if "servers-variables" in features and draw(st.booleans()):
        server = {
            "url": "https://{region}.example.com/v1",
            "variables": {"region": {"default": "eu", "enum": ["eu", "us"]}},
        }
    spec: Json = {
        "openapi": "3.1.0",
        "info": {"title": "Drawn API", "version": "1.0.0"},
        "servers": [server],
        "paths": paths,
        "components": {"schemas": {n: d.schema for n, d in components.items()}},
    }
    if with_errors:
        spec["components"]["schemas"]["Error"] = {
            "type": "object",
            "required": ["code"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        }
    if schemes:
        spec["components"]["securitySchemes"] = {s: SECURITY[s] for s in schemes}
        spec["security"] = [{s: []} for s in schemes]
    samples = {n: draw(st.lists(components[n].values, min_size=1, max_size=3)) for n in top}
    typed = draw(st.integers(0, 2)) == 0
    return Document(spec, operations, samples, typed)


def _validator(spec: Json, name: str) -> jsonschema.protocols.Validator:
    """A validator of component NAME, its references resolved within the document."""
    text = json.dumps(spec["components"]["schemas"]).replace("#/components/schemas/", "#/$defs/")
    root = {"$defs": json.loads(text), "$ref": f"#/$defs/{name}"}
    return jsonschema.Draft202012Validator(root)


def round_trip(out: Path, samples: dict[str, list[Json]]) -> subprocess.CompletedProcess[str]:
    """Validate and dump each sample with its generated model, in a fresh process."""
    return subprocess.run(
        [
            sys.executable,
            "-W",
            "error",
            str(ROOT / "tests" / "generated_package.py"),
            "--round-trip",
            str(out),
            PACKAGE,
        ],
        input=json.dumps(samples),
        cwd=out,
        capture_output=True,
        text=True,
        timeout=300,
    )


def check_document(document: Document, tmp: Path, *, refusal_allowed: bool) -> None:
    """Exit 0 with a working package, or (when REFUSAL_ALLOWED) a located refusal."""
    work = Path(__import__("tempfile").mkdtemp(dir=tmp))
    spec_path = work / "openapi.yaml"
    spec_path.write_text(yaml.safe_dump(document.spec, sort_keys=False), encoding="utf-8")
    for name, values in document.samples.items():
        for value in values:
            _validator(document.spec, name).validate(value)  # the draw's own oracle
    out = work / "out"
    out.mkdir()
    (out / "keep.txt").write_text("an earlier generation\n", encoding="utf-8")
    before = tree_bytes(out)
    result = generate(spec_path, out)
    event(f"exit {result.returncode}")
    event(f"mypy: {document.typed}")
    assert "Traceback" not in result.stderr, result.stderr
    if result.returncode == 2 and refusal_allowed:
        errors = [f for f in findings(result.stderr) if f.level == "error"]
        error_lines = [line for line in result.stderr.splitlines() if ": error [" in line]
        assert errors and len(errors) == len(error_lines), result.stderr
        assert tree_bytes(out) == before
        return
    assert result.returncode == 0, result.stdout + result.stderr
    imported = import_all(out)
    assert imported.returncode == 0, imported.stderr
    sync, asynchronous = client_methods(out)
    assert len(sync) == len(asynchronous) == document.operations, (sync, asynchronous)
    trip = round_trip(out, document.samples)
    assert trip.returncode == 0, trip.stderr
    for name, dumps in json.loads(trip.stdout).items():
        for dumped in dumps:
            _validator(document.spec, name).validate(dumped)
    if document.typed:
        typed = mypy_strict(out)
        assert typed.returncode == 0, typed.stdout + typed.stderr


BOUNDED = settings(
    max_examples=4,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


@BOUNDED
@given(document=documents(SUPPORTED, min_schemes=1))
def test_drawn_specs_over_the_supported_features_give_working_clients(
    document: Document, tmp_path: Path
) -> None:
    check_document(document, tmp_path, refusal_allowed=False)


@settings(BOUNDED, phases=[Phase.explicit, Phase.generate])
@given(document=documents(EVERY))
def test_drawn_specs_over_every_feature_give_working_clients(
    document: Document, tmp_path: Path
) -> None:
    check_document(document, tmp_path, refusal_allowed=True)


_PATTERNS = [
    ("^[A-Z]{3}$", None),
    ("^[0-9]+$", None),
    ("^[a-z]+(-[a-z]+)*$", None),
    ("^[a-f]{2}-[0-9]{4}$", "ab-1234"),
    ("^[a-f]{2}-[0-9]{4}$", None),  # no sample the generator builds: left out, with a warning
]
_PARAMETER_FORMATS = ["uuid", "date", "date-time", "time", "email", "uri", "byte", "ipv4"]


@st.composite
def constrained_schemas(draw: Draw, depth: int = 0) -> Json:
    """A parameter schema with constraints on its values."""
    kinds = ["format", "integer", "number", "length", "pattern", "enum", "const", "boolean"]
    kind = draw(st.sampled_from(kinds + (["array"] if depth == 0 else [])))
    schema: Json
    if kind == "format":
        schema = {"type": "string", "format": draw(st.sampled_from(_PARAMETER_FORMATS))}
    elif kind in ("integer", "number"):
        schema = {"type": kind}
        low = draw(st.integers(-50, 50))
        if draw(st.booleans()):
            schema["exclusiveMinimum" if draw(st.booleans()) else "minimum"] = low
        if draw(st.booleans()):
            schema["maximum"] = low + draw(st.integers(30, 100))
        if draw(st.booleans()):
            steps = [2, 5] if kind == "integer" else [0.5, 0.25, 2]
            schema["multipleOf"] = draw(st.sampled_from(steps))
        if kind == "integer" and draw(st.booleans()):
            schema["format"] = draw(st.sampled_from(["int32", "int64"]))
    elif kind == "length":
        low = draw(st.integers(1, 12))
        schema = {"type": "string", "minLength": low, "maxLength": low + draw(st.integers(0, 4))}
    elif kind == "pattern":
        pattern, example = draw(st.sampled_from(_PATTERNS))
        schema = {"type": "string", "pattern": pattern}
        if example is not None:
            schema["example"] = example
    elif kind == "enum":
        values = draw(
            st.lists(
                st.sampled_from(["red", "green", "a b", "x/y"]), min_size=1, max_size=3, unique=True
            )
        )
        schema = {"type": "string", "enum": values}
    elif kind == "const":
        schema = {"const": draw(st.sampled_from(["fixed", "with space"]))}
    elif kind == "boolean":
        schema = {"type": "boolean"}
    else:
        schema = {"type": "array", "items": draw(constrained_schemas(depth + 1))}
        if draw(st.booleans()):
            schema["minItems"] = draw(st.integers(1, 3))
    if "type" in schema and schema["type"] != "array" and draw(st.integers(0, 4)) == 0:
        schema["type"] = [schema["type"], "null"]
    return schema


@st.composite
def constrained_documents(draw: Draw) -> tuple[Json, int]:
    """One or two operations whose parameters (path, query, header) have constrained schemas."""
    paths: Json = {}
    count = draw(st.integers(1, 2))
    for index in range(count):
        path_schema = draw(
            constrained_schemas(depth=1).filter(lambda s: s.get("type") != "boolean")
        )
        parameters: list[Json] = [
            {"name": "key", "in": "path", "required": True, "schema": path_schema}
        ]
        for n, where in enumerate(draw(st.lists(st.sampled_from(["query", "header"]), max_size=3))):
            schema = draw(constrained_schemas(depth=0 if where == "query" else 1))
            parameters.append(
                {
                    "name": f"{where}_{n}",
                    "in": where,
                    "required": draw(st.booleans()),
                    "schema": schema,
                }
            )
        paths[f"/items{index}/{{key}}"] = {
            "get": {
                "operationId": f"get_item{index}",
                "tags": ["items"],
                "parameters": parameters,
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Item"},
                                "example": {"id": "i-1"},
                            }
                        },
                    }
                },
            }
        }
    spec: Json = {
        "openapi": "3.1.0",
        "info": {"title": "Constrained parameters", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {
            "schemas": {
                "Item": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "string"}},
                }
            }
        },
    }
    return spec, count


@settings(BOUNDED, max_examples=3)
@given(drawn=constrained_documents())
def test_drawn_parameter_constraints_give_passing_generated_tests(
    drawn: tuple[Json, int], tmp_path: Path
) -> None:
    warned = passes_own_tests(*drawn, tmp_path, allowed={"sample-unavailable"})
    event(f"sample-unavailable: {bool(warned)}")


def passes_own_tests(spec: Json, operations: int, tmp_path: Path, allowed: set[str]) -> set[str]:
    """Generate ``spec``: exit 0 with only ``allowed`` warnings (returned), one method per
    operation, and the package's own tests pass."""
    work = Path(__import__("tempfile").mkdtemp(dir=tmp_path))
    spec_path = work / "openapi.yaml"
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    out = work / "out"
    result = generate(spec_path, out)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    warned = {f.rule for f in findings(result.stderr) if f.level == "warning"}
    assert warned <= allowed, result.stderr
    sync, _ = client_methods(out)
    assert len(sync) == operations
    tests = own_tests(out)
    assert tests.returncode == 0, tests.stdout[-6000:] + tests.stderr
    return warned


@st.composite
def _derived(draw: Draw, name: str, parent: str, tag: str | None) -> Json:
    """A schema derived from ``parent`` by ``allOf``, its discriminating ``kind`` a const
    (``tag``; None keeps the parent's)."""
    own: Json = {"type": "object", "properties": {}, "required": []}
    if tag is not None:
        own["properties"]["kind"] = {"type": "string", "const": tag}
        own["required"].append("kind")
    extra = draw(constrained_schemas(depth=1))
    own["properties"][f"{name.lower()}_value"] = extra
    if draw(st.booleans()):
        own["required"].append(f"{name.lower()}_value")
    return {"allOf": [{"$ref": f"#/components/schemas/{parent}"}, own]}


@st.composite
def composed_documents(draw: Draw) -> tuple[Json, int]:
    """Bodies and responses whose schemas compose others: ``allOf`` chains (a base, a derived
    schema, one derived from that), a ``oneOf`` of derived schemas with a discriminator (with
    or without a mapping), a discriminator on the base itself, nullable ``$ref``s; and
    parameters that are required yet have a ``default`` (an empty path segment among them)."""
    base: Json = {
        "type": "object",
        "properties": {
            "kind": {"type": "string"},
            "name": draw(constrained_schemas(depth=1)),
            "id": {"type": "string", "readOnly": True},
        },
        "required": ["kind", "name"] + (["id"] if draw(st.booleans()) else []),
    }
    if draw(st.booleans()):
        base["discriminator"] = {"propertyName": "kind"}
    schemas: Json = {
        "Base": base,
        "Cat": draw(_derived("Cat", "Base", "cat")),
        "Dog": draw(_derived("Dog", "Base", "dog")),
        "Puppy": draw(_derived("Puppy", "Dog", None)),
    }
    union: Json = {
        "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
        "discriminator": {"propertyName": "kind"},
    }
    if draw(st.booleans()):
        union["discriminator"]["mapping"] = {
            "cat": "#/components/schemas/Cat",
            "dog": "#/components/schemas/Dog",
        }
    schemas["Pet"] = union
    targets = ["Cat", "Puppy", "Pet"]

    def body_schema() -> Json:
        ref = {"$ref": f"#/components/schemas/{draw(st.sampled_from(targets))}"}
        return {"anyOf": [ref, {"type": "null"}]} if draw(st.integers(0, 3)) == 0 else ref

    paths: Json = {}
    count = draw(st.integers(1, 2))
    for index in range(count):
        path_schema: Json = {"type": "string", "default": draw(st.sampled_from(["", "v1", "."]))}
        if draw(st.booleans()):
            path_schema = {**draw(constrained_schemas(depth=1)), "default": "x"}
            path_schema.pop("default") if path_schema.get("type") == "boolean" else None
        parameters: list[Json] = [
            {"name": "key", "in": "path", "required": True, "schema": path_schema},
            {
                "name": "mode",
                "in": "query",
                "required": draw(st.booleans()),
                "schema": {"type": "string", "enum": ["a", "b"], "default": "a"},
            },
        ]
        response: Json = {"schema": body_schema()}
        operation: Json = {
            "operationId": f"put_item{index}",
            "tags": ["items"],
            "parameters": parameters,
            "responses": {"200": {"description": "ok", "content": {"application/json": response}}},
        }
        if draw(st.booleans()):
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": body_schema()}},
            }
        paths[f"/items{index}/{{key}}"] = {"put": operation}
    spec: Json = {
        "openapi": "3.1.0",
        "info": {"title": "Composed schemas", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
    return spec, count


@settings(BOUNDED, max_examples=4, phases=[Phase.explicit, Phase.generate])
@given(drawn=composed_documents())
def test_drawn_composed_bodies_give_passing_generated_tests(
    drawn: tuple[Json, int], tmp_path: Path
) -> None:
    allowed = {"sample-unavailable", "default-ignored", "default-invalid", "component-unused"}
    warned = passes_own_tests(*drawn, tmp_path, allowed=allowed)
    event(f"default-ignored: {'default-ignored' in warned}")
