"""Rules on schemas: enum values, and names that become the same Python class or field."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from generator.errors import Diagnostic
from generator.lint._parts import all_schemas
from generator.lint._walk import Node, diag, repeats, root_node
from generator.load import SpecDocument
from generator.names import class_name, identifier

__all__ = ["schema_rules"]


def schema_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """name-collision of schema classes and property fields; enum-empty, enum-duplicate."""
    components = root_node(doc).child("components")
    schemas = components.child("schemas") if components is not None else None
    if schemas is not None:
        classes = repeats(schemas.items(), lambda entry: class_name(entry[0]))
        for (name, node), (first, _), cls in classes:
            yield diag(
                doc, node, "name-collision",
                f"schemas {first!r} and {name!r} both become the class {cls!r}",
                "rename one of them",
            )
    for schema in all_schemas(doc):
        yield from _enum_rules(doc, schema)
        yield from _property_collisions(doc, schema)


def _enum_rules(doc: SpecDocument, schema: Node) -> Iterator[Diagnostic]:
    enum = schema.child("enum")
    if enum is None or not isinstance(enum.value, list):
        return
    if not enum.value:
        yield diag(doc, enum, "enum-empty", "the enum lists no values; nothing can match it",
                    "list the allowed values, or remove `enum`")
        return
    seen: dict[str, int] = {}
    for index, item in enumerate(enum.elements()):
        key = json.dumps(_canonical(item.value), sort_keys=True)
        if key in seen:
            yield diag(
                doc, item, "enum-duplicate",
                f"enum value {item.value!r} is listed twice (items {seen[key]} and {index})",
                "remove the repeated value",
            )
        seen.setdefault(key, index)


def _canonical(value: Any) -> Any:
    """``value`` with integral floats as ints: JSON Schema equality says 1 == 1.0."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    return value


def _property_collisions(doc: SpecDocument, schema: Node) -> Iterator[Diagnostic]:
    properties = schema.child("properties")
    if properties is None:
        return
    fields = repeats(properties.items(), lambda entry: identifier(entry[0]))
    for (name, node), (first, _), field in fields:
        yield diag(
            doc, node, "name-collision",
            f"properties {first!r} and {name!r} both become the field {field!r}",
            "rename one of them (the JSON names stay as aliases)",
        )
