"""generator.samples: the sample values of the generated tests satisfy their schemas.

The oracle is not the sampler's own validator but openapi-schema-validator's OpenAPI 3.1
validator with its format checker: what openapi-core, the generated tests' mock, checks with
(``time`` as the generated conftest configures it: RFC 3339's, not draft 3's).
"""

from __future__ import annotations

import copy
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker
from openapi_schema_validator import OAS31Validator, oas31_format_checker

from generator.load import load_spec
from generator.samples import HOSTILE_SEGMENTS, Sampler, Samples

SPEC = """\
openapi: 3.1.0
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Colour: {type: string, enum: [red, green, blue]}
    Level: {type: integer, enum: [-1, 1, 2]}
    Wrapped: {$ref: "#/components/schemas/Colour"}
"""


@pytest.fixture(scope="module")
def sampler(tmp_path_factory: pytest.TempPathFactory) -> tuple[Sampler, Path]:
    path = tmp_path_factory.mktemp("samples") / "spec.yaml"
    path.write_text(textwrap.dedent(SPEC), encoding="utf-8")
    return Sampler(load_spec(path)), path


def _oracle_checker() -> FormatChecker:
    checker = copy.deepcopy(oas31_format_checker)
    checker.checks("time")(
        lambda value: Draft202012Validator.FORMAT_CHECKER.conforms(value, "time")
    )
    return checker


ORACLE = _oracle_checker()


def _valid(schema: dict[str, Any], value: Any, components: dict[str, Any]) -> bool:
    validator = OAS31Validator({**schema, "components": components}, format_checker=ORACLE)
    return bool(validator.is_valid(value))


@pytest.mark.parametrize(
    ("schema", "first", "second"),
    [
        ({"type": "string"}, "p-1", "p-2"),
        ({"type": "integer", "minimum": 1, "maximum": 3}, 1, 2),
        ({"type": "integer", "maximum": 3}, 3, 2),
        ({"type": "integer", "exclusiveMinimum": 10, "multipleOf": 5}, 15, 20),
        ({"type": "number", "exclusiveMinimum": 0, "multipleOf": 0.25}, 0.25, 0.5),
        ({"type": "integer", "format": "int64"}, 7, 8),
        (
            {"type": "integer", "format": "int32", "minimum": -(2**40)},
            -(2**31),
            -(2**31) + 1,
        ),
        ({"type": "boolean"}, True, False),
        (
            {"type": "string", "format": "uuid"},
            "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            None,
        ),
        ({"type": "string", "format": "date"}, "2024-01-01", "2024-12-31"),
        ({"type": "string", "format": "date-time"}, "2024-01-01T00:00:00Z", None),
        (
            {"type": "string", "format": "email"},
            "user@example.com",
            "other@example.com",
        ),
        ({"type": "string", "format": "byte"}, "c2FtcGxl", "b3RoZXI="),
        ({"type": "string", "minLength": 12}, "p-1xxxxxxxxx", "p-2xxxxxxxxx"),
        ({"type": "string", "maxLength": 2}, "p-", "ab"),
        ({"type": "string", "pattern": "^[A-Z]{3}$"}, "ABC", "XYZ"),
        ({"type": "string", "pattern": "^[0-9]+$"}, "1", "12"),
        # An anchored literal start (kernel's `dest_path`): the texts after it.
        ({"type": "string", "pattern": "^/.*"}, "/p-1", "/p-2"),
        ({"type": "string", "pattern": "^sk_\\.live-\\w+$"}, "sk_.live-abc", None),
        ({"type": "string", "pattern": "^ab?c"}, "abc", None),
        # A pattern that describes a format it does not name (fraud-rules' dates): its samples.
        ({"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"}, "2024-01-01", "2024-12-31"),
        (
            {"type": "string", "pattern": "^[0-9a-f-]{36}$"},
            "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            None,
        ),
        # A pattern no other candidate meets: spelled from its parse (ElevenLabs' order ids).
        (
            {"type": "string", "pattern": "^prodorder_[a-z0-9]{26}$"},
            "prodorder_" + "a" * 26,
            None,
        ),
        ({"type": "string", "pattern": "^(?:v|ver)\\d+\\.[0-9]{2,}(-rc)?$"}, "v0.00", None),
        (
            {"const": "this goes in the path"},
            "this goes in the path",
            "this goes in the path",
        ),
        ({"type": "string", "enum": ["a", "b", "c"]}, "a", "c"),
        ({"type": ["string", "null"], "enum": [None, "x"]}, "x", "x"),
        ({"type": "string", "default": "d", "examples": ["e1", "e2"]}, "e1", "e2"),
        (
            {"type": "string", "example": 5},
            "p-1",
            "p-2",
        ),  # an invalid example is skipped
        ({"$ref": "#/components/schemas/Wrapped"}, "red", "blue"),
        ({"$ref": "#/components/schemas/Level"}, -1, 2),
        ({"type": "array", "items": {"type": "integer", "maximum": 0}}, [0], [-1]),
        (
            {
                "type": "array",
                "items": {"format": "uuid"},
                "minItems": 2,
                "uniqueItems": True,
            },
            [
                "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                "0b9c3a5e-2f4d-4c1a-9e8b-7d6f5a4b3c2d",
            ],
            None,
        ),
        ({"anyOf": [{"type": "integer", "minimum": 100}, {"type": "null"}]}, 100, 101),
        # Its own required property and a member's at once (Svix's `DestinationOut`).
        (
            {
                "type": "object",
                "properties": {"id": {"type": "string"}},
                "required": ["id"],
                "oneOf": [
                    {
                        "type": "object",
                        "properties": {"kind": {"enum": ["polling"]}},
                        "required": ["kind"],
                    },
                    {
                        "type": "object",
                        "properties": {"kind": {"enum": ["push"]}, "url": {"type": "string"}},
                        "required": ["kind", "url"],
                    },
                ],
            },
            {"id": "id-1", "kind": "polling"},
            {"id": "id-2", "kind": "polling"},
        ),
    ],
)
def test_samples_satisfy_their_schema(
    sampler: tuple[Sampler, Path], schema: dict[str, Any], first: Any, second: Any
) -> None:
    found = sampler[0].samples(schema, sampler[1], "p", allow_null=False)
    assert isinstance(found, Samples), found
    assert found.first == first
    assert type(found.first) is type(first)
    if second is not None:
        assert found.second == second
    components = load_spec(sampler[1]).data["components"]
    assert _valid(schema, found.first, components)
    assert _valid(schema, found.second, components)


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "pattern": "^[^g-z]{2}-\\d{4}$"},
        # Too large for the models' regex (left out there), but the tests' oracle checks it:
        # `data-1` passed the samples and failed the oracle (the Ethereum Beacon API's blob).
        {"type": "string", "pattern": "^0x[a-fA-F0-9]{262144}$"},
        {"type": "integer", "minimum": 5, "maximum": 4},
        {"type": "string", "enum": []},
    ],
)
def test_a_schema_no_sample_satisfies_says_why(
    sampler: tuple[Sampler, Path], schema: dict[str, Any]
) -> None:
    found = sampler[0].samples(schema, sampler[1], "p")
    assert isinstance(found, str)
    assert "satisfies its schema" in found


def test_null_is_a_sample_only_when_allowed(sampler: tuple[Sampler, Path]) -> None:
    schema = {"type": "null"}
    assert sampler[0].samples(schema, sampler[1], "p") == Samples(None, None)
    assert isinstance(sampler[0].samples(schema, sampler[1], "p", allow_null=False), str)


def test_a_parameter_sample_is_never_an_empty_array_or_object(
    sampler: tuple[Sampler, Path],
) -> None:
    """RFC 6570 reads an empty array or object as undefined: nothing would be sent."""
    find, base = sampler[0].samples, sampler[1]
    optional = {"type": "object", "properties": {"a": {"type": "integer", "minimum": 3}}}
    assert find(optional, base, "p") == Samples({}, {"a": 3})  # a body may be empty
    parameter = {"allow_null": False, "allow_empty": False}
    assert find(optional, base, "p", allow_null=False) == Samples({}, {"a": 3})  # a body's
    assert find(optional, base, "p", **parameter) == Samples({"a": 3}, {"a": 4})
    a_map = {"type": "object", "additionalProperties": {"type": "boolean"}}
    assert find(a_map, base, "p", **parameter) == Samples({"p_key": True}, {"p_key": False})
    # A key of word characters: openapi-core reads a deepObject's keys as ``name[\w+]`` only.
    assert find(a_map, base, "x-p", **parameter) == Samples({"x_p_key": True}, {"x_p_key": False})
    empty_only = {"type": "array", "maxItems": 0}
    assert isinstance(find(empty_only, base, "p", **parameter), str)
    # A form body whose fields are empty arrays sends no part (kernel's `{"files": []}`, when
    # no item could be sampled): no sample, rather than a body the oracle reads as missing.
    files = {
        "type": "object",
        "required": ["files"],
        "properties": {"files": {"type": "array", "items": {"pattern": "^[^g-z]{2}-\\d{4}$"}}},
    }
    assert find(files, base, "p") == Samples({"files": []}, {"files": []})  # JSON: fine
    assert isinstance(find(files, base, "p", **parameter), str)


def test_a_uri_is_absolute_as_the_models_read_it(sampler: tuple[Sampler, Path]) -> None:
    """pydantic's ``AnyUrl`` refuses a relative reference, which Speakeasy's test document gives
    as the example of a ``format: uri`` (jsonschema checks ``uri`` only with rfc3987)."""
    accepts, uri = sampler[0].accepts, {"type": "string", "format": "uri"}
    assert accepts(uri, sampler[1], ("https://example.com/a", "urn:isbn:0451450523"))
    assert not accepts(uri, sampler[1], ("/account/12345/msgs/abc",))
    assert accepts({"type": "string", "format": "uri-reference"}, sampler[1], ("/a/b",))


def test_only_unconstrained_text_takes_the_hostile_segments(
    sampler: tuple[Sampler, Path],
) -> None:
    accepts = sampler[0].accepts
    assert accepts({"type": "string"}, sampler[1], HOSTILE_SEGMENTS)
    assert not accepts({"type": "string", "format": "uuid"}, sampler[1], HOSTILE_SEGMENTS)
    assert not accepts({"type": "string", "maxLength": 5}, sampler[1], HOSTILE_SEGMENTS)
    assert not accepts({"type": "integer"}, sampler[1], HOSTILE_SEGMENTS)


_FORMATS = st.sampled_from(
    [
        None,
        "uuid",
        "date",
        "date-time",
        "time",
        "email",
        "uri",
        "hostname",
        "ipv4",
        "ipv6",
        "byte",
    ]
)


@st.composite
def _parameter_schemas(draw: st.DrawFn) -> dict[str, Any]:
    """Parameter schemas of every kind the sampler handles, with satisfiable constraints."""
    kind = draw(st.sampled_from(["string", "integer", "number", "boolean", "array", "enum"]))
    schema: dict[str, Any]
    if kind == "string":
        schema = {"type": "string"}
        fmt = draw(_FORMATS)
        if fmt is not None:
            schema["format"] = fmt
        else:
            low = draw(st.integers(0, 20))
            schema["minLength"] = low
            if draw(st.booleans()):
                schema["maxLength"] = low + draw(st.integers(0, 5))
    elif kind in ("integer", "number"):
        schema = {"type": kind}
        low = draw(st.integers(-1000, 1000))
        if draw(st.booleans()):
            schema["exclusiveMinimum" if draw(st.booleans()) else "minimum"] = low
        if draw(st.booleans()):
            schema["multipleOf"] = draw(
                st.sampled_from([1, 2, 5, 10] if kind == "integer" else [0.5, 0.25, 3])
            )
        if draw(st.booleans()):
            schema["maximum"] = low + draw(st.integers(60, 500))
        if kind == "integer" and draw(st.booleans()):
            schema["format"] = draw(st.sampled_from(["int32", "int64"]))
    elif kind == "boolean":
        schema = {"type": "boolean"}
    elif kind == "enum":
        values = draw(
            st.lists(st.text(min_size=1, max_size=5), min_size=1, max_size=4, unique=True)
        )
        schema = {"type": "string", "enum": values}
    else:
        schema = {"type": "array", "items": draw(_parameter_schemas())}
        if draw(st.booleans()):
            schema["minItems"] = draw(st.integers(0, 3))
    if draw(st.booleans()):
        schema = {
            "type": [schema["type"], "null"],
            **{k: v for k, v in schema.items() if k != "type"},
        }
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
    return schema


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schema=_parameter_schemas())
def test_drawn_parameter_schemas_always_get_two_valid_samples(
    sampler: tuple[Sampler, Path], schema: dict[str, Any]
) -> None:
    found = sampler[0].samples(schema, sampler[1], "arg", allow_null=False)
    assert isinstance(found, Samples), (schema, found)
    for value in (found.first, found.second):
        assert value is not None
        assert _valid(schema, value, {}), (schema, value)


def test_a_discriminator_is_unnamed_where_a_member_has_no_component_name_that_tags_it() -> None:
    from generator.shapes import unnamed_discriminated

    schemas = {
        "Active": {"properties": {"type": {"enum": ["active"]}}},
        "Closed": {"properties": {"type": {"const": "Closed"}}},
    }
    refs = [{"$ref": "#/components/schemas/Active"}, {"$ref": "#/components/schemas/Closed"}]

    def document(status: dict[str, object]) -> dict[str, object]:
        return {"components": {"schemas": {**schemas, "Status": status}}}

    by_name = {"propertyName": "type"}
    mapped = {"propertyName": "type", "mapping": {"active": "#/components/schemas/Active"}}
    inline = {"properties": {"type": {"const": "open"}}}
    # OpenAI's statuses: `active` names no component; with a mapping, the mapping tags them.
    assert unnamed_discriminated(document({"oneOf": refs, "discriminator": by_name}))
    assert not unnamed_discriminated(document({"oneOf": refs, "discriminator": mapped}))
    assert not unnamed_discriminated(document({"oneOf": refs[1:], "discriminator": by_name}))
    # An inline member has no name, mapping or not (WorkOS).
    assert unnamed_discriminated(document({"oneOf": [*refs, inline], "discriminator": mapped}))
    assert unnamed_discriminated(document({"anyOf": [inline], "discriminator": by_name}))
    # A tag that is no string (echo-template's integer `code`), in the member or an allOf part
    # of it, names no component, nor a mapping's key (.NET's integer `$type`: the key is '0',
    # the value 0); nor does a schema of another file.
    schemas["Coded"] = {"allOf": [{"properties": {"type": {"type": "integer"}}}]}
    coded = [{"$ref": "#/components/schemas/Coded"}]
    assert unnamed_discriminated(document({"oneOf": coded, "discriminator": by_name}))
    assert unnamed_discriminated(document({"oneOf": coded, "discriminator": mapped}))
    schemas["Coded"] = {"properties": {"type": {"type": "integer", "enum": [0]}}}
    assert unnamed_discriminated(document({"oneOf": coded, "discriminator": mapped}))
    elsewhere = [{"$ref": "schemas/Closed.yaml"}]
    assert unnamed_discriminated(document({"oneOf": elsewhere, "discriminator": by_name}))


SUBTYPED = """\
openapi: 3.1.0
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    MetricType: {type: string, enum: [gauge, sum]}
    Reading:
      type: object
      required: [metric]
      properties: {metric: {$ref: "#/components/schemas/Metric"}}
    Metric:
      type: object
      required: [data]
      properties:
        data: {$ref: "#/components/schemas/MetricData"}
    MetricData:
      type: object
      required: [type]
      properties:
        type: {allOf: [{$ref: "#/components/schemas/MetricType"}], description: TypeSpec's layout}
      discriminator:
        propertyName: type
        mapping: {gauge: "#/components/schemas/GaugeData", sum: "#/components/schemas/SumData"}
    GaugeData:
      type: object
      required: [type, points]
      properties: {type: {enum: [gauge]}, points: {type: array, items: {type: number}}}
      allOf: [{$ref: "#/components/schemas/MetricData"}]
    SumData:
      type: object
      required: [type, total]
      properties: {type: {enum: [sum]}, total: {type: number}}
      allOf: [{$ref: "#/components/schemas/MetricData"}]
    Shape:
      type: object
      required: [kind]
      properties: {kind: {type: string}}
      discriminator: {propertyName: kind}
    Circle:
      allOf: [{$ref: "#/components/schemas/Shape"}]
      required: [radius]
      properties: {radius: {type: number}}
    Box:
      type: object
      required: [shape]
      properties: {shape: {$ref: "#/components/schemas/Shape"}}
    Column:
      type: object
      required: [type]
      properties: {type: {type: string}}
      discriminator: {propertyName: type, mapping: {never: "#/components/schemas/Never"}}
    Never:
      allOf: [{$ref: "#/components/schemas/Column"}]
      required: [impossible]
      properties: {impossible: false}
    Primitive:
      allOf: [{$ref: "#/components/schemas/Column"}]
"""


@pytest.mark.parametrize(
    ("name", "path", "subtypes"),
    [
        ("Reading", ("metric", "data"), ("GaugeData", "SumData")),
        ("Metric", ("data",), ("GaugeData", "SumData")),
        ("Box", ("shape",), ("Circle",)),
    ],
)
def test_a_sample_of_a_discriminated_base_is_one_of_its_subtypes(
    tmp_path: Path, name: str, path: tuple[str, ...], subtypes: tuple[str, ...]
) -> None:
    # The base's own object (`{"type": "gauge"}`) satisfies the base, but the models read a
    # reference to it as the union of its subtypes, which refuses it (qyl, TypeSpec): each
    # sample must be one that a subtype accepts, however deep the base is referenced.
    spec = tmp_path / "spec.yaml"
    spec.write_text(SUBTYPED, encoding="utf-8")
    components = load_spec(spec).root.data["components"]
    found = Sampler(load_spec(spec)).samples(
        {"$ref": f"#/components/schemas/{name}"}, spec, "arg", allow_null=False
    )
    assert isinstance(found, Samples), found
    for value in (found.first, found.second):
        for key in path:
            value = value[key]
        assert any(
            _valid({"$ref": f"#/components/schemas/{subtype}"}, value, components)
            for subtype in subtypes
        ), value


def test_a_value_nested_deep_through_references_has_samples(tmp_path: Path) -> None:
    # Seven objects deep, each a reference to the next (an invoice's lines' prices' amounts'
    # currencies): a reference is no level of the value, and a circle of references still ends.
    levels = 7
    schemas: dict[str, Any] = {
        f"L{i}": {
            "type": "object",
            "required": ["child"],
            "properties": {"child": {"$ref": f"#/components/schemas/L{i + 1}"}},
        }
        for i in range(levels)
    }
    schemas[f"L{levels}"] = {"type": "string", "enum": ["EUR"]}
    schemas["Loop"] = {"$ref": "#/components/schemas/Back"}
    schemas["Back"] = {"$ref": "#/components/schemas/Loop"}
    spec = tmp_path / "spec.json"
    document = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}
    spec.write_text(json.dumps({**document, "components": {"schemas": schemas}}), "utf-8")
    sampler = Sampler(load_spec(spec))
    found = sampler.samples({"$ref": "#/components/schemas/L0"}, spec, "arg")
    assert isinstance(found, Samples), found
    value = found.first
    for _ in range(levels):
        value = value["child"]
    assert value == "EUR"
    # A circle of references says nothing a value could satisfy: a reason, not a hang.
    loop = sampler.samples({"$ref": "#/components/schemas/Loop"}, spec, "arg")
    assert isinstance(loop, str), loop


def test_a_subtype_the_mapping_leaves_out_is_sampled_by_its_name_and_the_base_never(
    tmp_path: Path,
) -> None:
    # Unity Catalog's DeltaDataType: its mapping names the complex types; DeltaPrimitiveType
    # extends it too, which the models' union tags by its name. The base's own object
    # (`{"type": "type-1"}`) satisfies every schema here but is tagged by no member.
    spec = tmp_path / "spec.yaml"
    spec.write_text(SUBTYPED, encoding="utf-8")
    found = Sampler(load_spec(spec)).samples(
        {"$ref": "#/components/schemas/Column"}, spec, "arg", allow_null=False
    )
    assert isinstance(found, Samples), found
    assert found.first == found.second == {"type": "Primitive"}


def test_an_all_of_whose_part_only_requires_a_property_another_types_has_samples(
    tmp_path: Path,
) -> None:
    # agent-protocol's Run: one part types `metadata` (an object) and `run_id` (a uuid), the
    # other only requires them, so its own values are any text; the merged object takes, for
    # each property, the value that both parts accept.
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        textwrap.dedent("""\
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                RunCreate:
                  type: object
                  properties: {metadata: {type: object}}
                RunStream:
                  allOf:
                    - $ref: "#/components/schemas/RunCreate"
                    - {type: object, required: [run_id, metadata]}
                Run:
                  allOf:
                    - $ref: "#/components/schemas/RunStream"
                    - type: object
                      required: [run_id, metadata]
                      properties: {run_id: {type: string, format: uuid}}
        """),
        encoding="utf-8",
    )
    components = load_spec(spec).root.data["components"]
    sampler = Sampler(load_spec(spec))
    for name in ("RunStream", "Run"):
        schema = {"$ref": f"#/components/schemas/{name}"}
        found = sampler.samples(schema, spec, "arg", allow_null=False)
        assert isinstance(found, Samples), (name, found)
        assert _valid(schema, found.first, components), found.first
        assert isinstance(found.first["metadata"], dict), found.first
