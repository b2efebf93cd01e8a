"""The strict YAML reader (``generator.load.parse_source``): YAML's merge key."""

from __future__ import annotations

from typing import Any

import pytest

from generator.errors import SpecError
from generator.load import load_spec, parse_source
from tests.conftest import ROOT

__all__: list[str] = []


def _mapping(text: str) -> Any:
    data, _ = parse_source(text, "t.yaml")
    return data["x"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The mapping's own keys win, written after the merge key or before it.
        ("b: &b {a: 1, c: 2}\nx:\n  <<: *b\n  c: 3\n", {"a": 1, "c": 3}),
        ("b: &b {a: 1, c: 2}\nx:\n  c: 3\n  <<: *b\n", {"c": 3, "a": 1}),
        # Of a list of mappings, the first that has a key gives it.
        ("p: &p {a: 1}\nq: &q {a: 2, c: 3}\nx:\n  <<: [*p, *q]\n", {"a": 1, "c": 3}),
        ("x:\n  <<: {a: 1}\n  c: 2\n", {"a": 1, "c": 2}),
        ("b: &b {a: 1}\nx:\n  !!merge <<: *b\n", {"a": 1}),  # the tag: openapi-typescript's test
        ("x:\n  '<<': 1\n", {"<<": 1}),  # quoted: a key like any other
        ('{"x": {"<<": 1}}', {"<<": 1}),  # JSON has no merge key
    ],
)
def test_a_merge_key_gives_the_keys_the_mapping_does_not_write(
    text: str, expected: dict[str, Any]
) -> None:
    found = _mapping(text)
    assert found == expected
    assert list(found) == list(expected)


def test_a_merged_key_is_located_at_the_merge_key() -> None:
    _, positions = parse_source("b: &b {a: 1}\nx:\n  c: 2\n  <<: *b\n", "t.yaml")
    assert positions["/x/a"] == (4, 3)


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("x:\n  <<: 1\n", "yaml-merge", 2),
        ("x:\n  <<: [{a: 1}, 2]\n", "yaml-merge", 2),
        ("b: &b {a: 1}\nx:\n  a: 2\n  a: 3\n  <<: *b\n", "yaml-duplicate-key", 4),
    ],
)
def test_what_a_merge_key_cannot_take_is_located(text: str, code: str, line: int) -> None:
    with pytest.raises(SpecError) as raised:
        parse_source(text, "t.yaml")
    assert [(d.code, d.line) for d in raised.value.diagnostics] == [(code, line)]


def test_a_ref_by_identifier_is_read_as_the_place_it_names() -> None:
    document = load_spec(ROOT / "tests" / "specs" / "generate" / "identifiers.yaml")
    paths, schemas = document.data["paths"], document.data["components"]["schemas"]
    listed = paths["/pets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert listed["items"] == {"$ref": "#/components/schemas/Pet"}  # its absolute $id
    details = paths["/pets/{id}/details"]["get"]["responses"]["200"]["content"]
    assert details["application/json"]["schema"] == {"$ref": "#/components/schemas/Details"}
    pet = schemas["Pet"]["properties"]
    assert pet["tag"] == {"$ref": "#/components/schemas/Pet/$defs/Tag"}  # inside Pet's $id
    assert pet["owner"] == {"$ref": "#/components/schemas/Owner"}  # Pet holds no components
    assert schemas["Owner"]["properties"]["detailsId"] == {
        "$ref": "#/components/schemas/Details/properties/id"  # its $anchor
    }
