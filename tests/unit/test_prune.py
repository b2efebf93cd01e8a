"""generator/prune.py: an enum value of none of its schema's types is left out, only there."""

from __future__ import annotations

import copy
import textwrap
from pathlib import Path
from typing import Any

from generator.load import load_spec
from generator.prune import prune_enums

SPEC = """\
openapi: 3.1.0
info: {title: T, version: 1.0.0}
paths: {}
components:
  schemas:
    Shade: {type: string, enum: [light, null], example: {type: string, enum: [1, null]}}
    Either: {type: [string, "null"], enum: [a, null, 3]}
    Untyped: {enum: [a, null, 3]}
    Holder:
      type: object
      default: {type: string, enum: [x, null]}
      x-mine: {type: string, enum: [x, null]}
      properties:
        default: {type: integer, enum: [1, "2"]}
        enum: {type: boolean, enum: [true, "no"]}
    Impossible: {type: integer, enum: ["1"]}
"""


def test_dead_enum_values_are_left_out_of_schemas_and_nothing_else(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(textwrap.dedent(SPEC), encoding="utf-8")
    document = load_spec(spec)
    before = copy.deepcopy(document.data)
    schemas = prune_enums(document).data["components"]["schemas"]
    assert schemas["Shade"]["enum"] == ["light"]
    assert schemas["Shade"]["example"] == {"type": "string", "enum": [1, None]}  # data
    assert schemas["Either"]["enum"] == ["a", None]
    assert schemas["Untyped"]["enum"] == ["a", None, 3]  # no type: every value is allowed
    holder = schemas["Holder"]
    assert holder["default"] == {"type": "string", "enum": ["x", None]}  # data
    assert holder["x-mine"] == {"type": "string", "enum": ["x", None]}  # an extension's
    assert holder["properties"]["default"]["enum"] == [1]  # a property named `default`
    assert holder["properties"]["enum"]["enum"] == [True]
    assert schemas["Impossible"]["enum"] == ["1"]  # never emptied: lint refuses it
    assert document.data == before  # copied, not changed in place


def test_a_document_with_nothing_to_prune_is_returned_as_it_is(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.split("    Shade:")[0] + "    A: {type: string, enum: [a]}\n")
    document = load_spec(spec)
    assert prune_enums(document) is document


def _pruned_schemas(tmp_path: Path, schemas: str) -> dict[str, Any]:
    """The component schemas of SPEC's head and ``schemas`` (YAML), pruned."""
    spec = tmp_path / "spec.yaml"
    text = SPEC.split("    Shade:")[0] + textwrap.indent(textwrap.dedent(schemas), "    ")
    spec.write_text(text, encoding="utf-8")
    pruned: dict[str, Any] = prune_enums(load_spec(spec)).data["components"]["schemas"]
    return pruned


def test_an_all_of_of_scalar_enums_becomes_the_enum_of_their_common_values(
    tmp_path: Path,
) -> None:
    # openapi-generator's composition fixtures: the model generator made an empty class of
    # the first, which no string fits, and the IR saw no enum.
    schemas = _pruned_schemas(tmp_path, """\
                Common:
                  description: Both.
                  allOf:
                    - {type: string, enum: [a, b], description: First.}
                    - {type: string, enum: [b, c]}
                Bounded:
                  allOf: [{type: integer, minimum: 1}, {maximum: 5}]
                Disjoint:
                  allOf: [{type: string, enum: [a]}, {type: string, enum: [b]}]
                Conflicting:
                  allOf: [{type: string, maxLength: 2}, {type: string, maxLength: 3}]
                WithRef:
                  allOf: [{$ref: '#/components/schemas/Common'}, {type: string}]
                """)
    assert schemas["Common"] == {"description": "Both.", "type": "string", "enum": ["b"]}
    assert schemas["Bounded"] == {"type": "integer", "minimum": 1, "maximum": 5}
    # Left to lint and the model generator: no common value, a conflict, a $ref part.
    assert "allOf" in schemas["Disjoint"]
    assert "allOf" in schemas["Conflicting"]
    assert "allOf" in schemas["WithRef"]


def test_an_any_of_of_scalar_enums_becomes_the_enum_of_all_their_values(
    tmp_path: Path,
) -> None:
    # Hono's status codes: one enum class per alternative (1,920 in paycrew2's API), and a
    # union of 64 of them as the field's type.
    schemas = _pruned_schemas(tmp_path, """\
                Status:
                  description: The code.
                  anyOf:
                    - {type: number, enum: [100]}
                    - {type: number, enum: [102, 200], description: Two.}
                    - {type: number, const: 404}
                Letters:
                  oneOf: [{const: a}, {const: b, title: B}]
                Repeated:
                  anyOf: [{type: string, enum: [a, b]}, {type: string, enum: [b]}]
                Overlapping:
                  oneOf: [{type: string, enum: [a, b]}, {type: string, enum: [b]}]
                Nullable:
                  anyOf: [{type: string, enum: [a]}, {type: "null"}]
                Mixed:
                  anyOf: [{type: string, enum: [a]}, {type: integer, enum: [1]}]
                Untyped:
                  anyOf: [{const: a}, {const: 1}]
                Bounded:
                  anyOf: [{type: string, enum: [a]}, {type: string, enum: [bb], maxLength: 1}]
                Wrong:
                  anyOf: [{type: integer, enum: [1]}, {type: integer, enum: ["2"]}]
                """)
    assert schemas["Status"] == {
        "description": "The code.", "type": "number", "enum": [100, 102, 200, 404]
    }
    assert schemas["Letters"] == {"type": "string", "enum": ["a", "b"]}  # the type of the values
    assert schemas["Repeated"] == {"type": "string", "enum": ["a", "b"]}
    # Left as they are: `b` fits no alternative of the oneOf, as one enum it would; a null, two
    # types, values of no one type, a constraint beside the values, a value of another type.
    for name in ("Overlapping", "Nullable", "Mixed", "Untyped", "Bounded", "Wrong"):
        assert "anyOf" in schemas[name] or "oneOf" in schemas[name], name


def test_an_all_of_base_that_is_an_alias_names_the_schema_at_the_end_of_the_aliases(
    tmp_path: Path,
) -> None:
    (tmp_path / "ledger.json").write_text(
        '{"$defs": {"Entry": {"$ref": "#/$defs/Row"}, "Row": {"type": "object"}}}'
    )
    (tmp_path / "document.yaml").write_text("type: object\n")
    schemas = _pruned_schemas(tmp_path, """\
        Payment: {type: object, properties: {id: {type: string}}}
        Charge: {$ref: '#/components/schemas/Payment', description: another name}
        Again: {$ref: '#/components/schemas/Charge'}
        Refund: {allOf: [{$ref: '#/components/schemas/Again'}, {required: [id]}]}
        Credit: {allOf: [{$ref: 'ledger.json#/$defs/Entry', title: t}]}
        Document: {$ref: 'document.yaml'}
        Receipt: {allOf: [{$ref: '#/components/schemas/Document'}]}
        Direct: {allOf: [{$ref: '#/components/schemas/Payment'}]}
        Limited: {$ref: '#/components/schemas/Payment', maxProperties: 3}
        Narrowed: {allOf: [{$ref: '#/components/schemas/Limited'}]}
        Listed: {properties: {charge: {$ref: '#/components/schemas/Charge'}}}
    """)
    assert schemas["Refund"]["allOf"] == [
        {"$ref": "#/components/schemas/Payment"}, {"required": ["id"]}
    ]
    assert schemas["Credit"]["allOf"] == [{"$ref": "ledger.json#/$defs/Row", "title": "t"}]
    # No alias on the way, or one the model generator reads right: as written.
    assert schemas["Receipt"]["allOf"] == [{"$ref": "#/components/schemas/Document"}]
    assert schemas["Direct"]["allOf"] == [{"$ref": "#/components/schemas/Payment"}]
    assert schemas["Narrowed"]["allOf"] == [{"$ref": "#/components/schemas/Limited"}]
    assert schemas["Listed"]["properties"]["charge"] == {"$ref": "#/components/schemas/Charge"}


def test_an_enum_beside_a_ref_to_an_enum_is_the_enum_of_the_values_both_list(
    tmp_path: Path,
) -> None:
    # The model generator made one enum of both lists, `pending_1` and all, which took `active`.
    schemas = _pruned_schemas(tmp_path, """\
        Status: {type: string, enum: [pending, active, cancelled], title: S, maxLength: 9}
        Again: {$ref: '#/components/schemas/Status', description: the same}
        Cancellable:
          properties:
            status: {$ref: '#/components/schemas/Status', enum: [cancelled, pending, gone]}
            through: {$ref: '#/components/schemas/Again', enum: [active], description: d}
            none: {$ref: '#/components/schemas/Status', enum: [gone]}
            bounded: {$ref: '#/components/schemas/Status', enum: [active], minLength: 2}
            free: {$ref: '#/components/schemas/Free', enum: [a]}
            object: {$ref: '#/components/schemas/Holder', enum: [{}]}
        Free: {type: string}
        Holder: {type: object, enum: [{}, {a: 1}]}
    """)
    properties = schemas["Cancellable"]["properties"]
    # Status's keywords but its annotations (the field names the class), the listed order.
    assert properties["status"] == {
        "type": "string", "maxLength": 9, "enum": ["cancelled", "pending"]
    }
    assert properties["through"] == {
        "type": "string", "maxLength": 9, "enum": ["active"], "description": "d"
    }
    # Left as written: no common value (lint's and the model generator's to say), another
    # keyword beside the $ref, a target without values (read right already), an object's.
    assert properties["none"] == {"$ref": "#/components/schemas/Status", "enum": ["gone"]}
    assert "$ref" in properties["bounded"]
    assert "$ref" in properties["free"]
    assert "$ref" in properties["object"]


def test_unevaluated_properties_where_nothing_else_evaluates_one_are_additional_ones(
    tmp_path: Path,
) -> None:
    schemas = _pruned_schemas(tmp_path, """\
        Record: {type: object, unevaluatedProperties: {type: string}, description: d}
        Closed: {type: object, unevaluatedProperties: false}
        Beside: {type: object, properties: {a: {}}, unevaluatedProperties: false}
        Based: {allOf: [{$ref: '#/components/schemas/Record'}], unevaluatedProperties: false}
    """)
    assert schemas["Record"] == {
        "type": "object", "additionalProperties": {"type": "string"}, "description": "d"
    }
    assert schemas["Closed"] == {"type": "object", "additionalProperties": False}
    # Beside properties or an allOf, it means "the others": as written.
    assert "unevaluatedProperties" in schemas["Beside"]
    assert "unevaluatedProperties" in schemas["Based"]


def test_a_mapped_unions_variants_declare_the_tag_only_where_nothing_else_needs_them(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "spec.yaml"
    text = SPEC.split("    Shade:")[0] + textwrap.indent(
        textwrap.dedent("""\
            Period:
              oneOf: [$ref: "#/components/schemas/Daily", $ref: "#/components/schemas/Never",
                      $ref: "#/components/schemas/Shared", $ref: "#/components/schemas/Closed",
                      $ref: "#/components/schemas/Own", $ref: "#/components/schemas/Twice",
                      $ref: "#/components/schemas/Unmapped"]
              discriminator:
                propertyName: type
                mapping: {DAILY: "#/components/schemas/Daily", NEVER: Never,
                          SHARED: "#/components/schemas/Shared",
                          CLOSED: "#/components/schemas/Closed", OWN: "#/components/schemas/Own",
                          TWICE: "#/components/schemas/Twice", AGAIN: "#/components/schemas/Twice"}
            Daily: {type: object, required: [hour], properties: {hour: {type: integer}}}
            Never: {type: object}
            Shared: {type: object}
            Closed: {type: object, additionalProperties: false}
            Own: {type: object, properties: {type: {type: string, enum: [OWN, MINE]}}}
            Twice: {type: object}
            Unmapped: {type: object, properties: {note: {type: string}}}
            Holder: {type: object, properties: {shared: {$ref: "#/components/schemas/Shared"}}}
        """),
        "    ",
    )
    spec.write_text(text, encoding="utf-8")
    document = load_spec(spec)
    before = copy.deepcopy(document.data)
    pruned = prune_enums(document)
    schemas = pruned.data["components"]["schemas"]
    assert schemas["Daily"] == {
        "type": "object",
        "required": ["type", "hour"],
        "properties": {"type": {"type": "string", "const": "DAILY"}, "hour": {"type": "integer"}},
    }
    assert schemas["Never"]["properties"] == {"type": {"type": "string", "const": "NEVER"}}
    # No mapping key names it: the implicit one, its component's name.
    assert schemas["Unmapped"]["properties"]["type"] == {"type": "string", "const": "Unmapped"}
    assert pruned.declared_tags == {
        "Daily": ("type", "DAILY"),
        "Never": ("type", "NEVER"),
        "Unmapped": ("type", "Unmapped"),
    }
    # Left as written: a property refers to it too; it refuses the tag; it declares the tag
    # already; two keys name it.
    for name in ("Shared", "Closed", "Own", "Twice"):
        assert schemas[name] == before["components"]["schemas"][name], name
    assert document.data == before  # copied, not changed in place
