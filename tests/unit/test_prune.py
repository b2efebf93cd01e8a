"""generator/prune.py: an enum value of none of its schema's types is left out, only there."""

from __future__ import annotations

import copy
import textwrap
from pathlib import Path

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
