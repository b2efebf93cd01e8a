"""What a JSON schema is: its types, whether a value is of one, whether it makes a model class.

Asked by lint, prune, hoist and the IR, on the data as loaded (``deref`` follows a ``$ref``
the way each stage can: hoist on its copy of the root file, the IR across files).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["JSON_TYPES", "has_type", "is_object_model", "schema_types"]

JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
    "array": (list,),
    "object": (dict,),
}
"""JSON Schema's types, as the Python types of the loaded values."""


def schema_types(schema: dict[str, Any]) -> list[str] | None:
    """The schema's ``type`` as a list of known types; None without one (or an unreadable one)."""
    kind = schema.get("type")
    if isinstance(kind, str):
        kind = [kind]
    if not isinstance(kind, list) or not all(isinstance(k, str) for k in kind):
        return None
    return [k for k in kind if k in JSON_TYPES] or None


def has_type(value: object, kinds: list[str]) -> bool:
    """Whether ``value`` is of one of the JSON Schema types ``kinds`` (``1.0`` is an integer)."""
    for kind in kinds:
        if isinstance(value, bool) and kind != "boolean":
            continue
        if kind == "integer" and isinstance(value, float) and value.is_integer():
            return True
        if isinstance(value, JSON_TYPES[kind]):
            return True
    return False


def is_object_model(schema: Any, deref: Callable[[Any], Any], depth: int = 0) -> bool:
    """Whether ``schema`` is a class with fields: an object with properties, or an ``allOf`` of
    such objects (and of plain ``type: object`` parts). A map, a primitive, an enum or an
    alternative (``oneOf``/``anyOf``) is not: a parameter or form field of one keeps its plain
    type, as callers write it (``dict[str, int]``, ``str | int``). ``deref`` resolves a
    ``$ref`` (None when it cannot); a few levels only, as a cycle is lint's to report.
    """
    schema = deref(schema)
    if depth > 8 or not isinstance(schema, dict):
        return False
    if any(key in schema for key in ("oneOf", "anyOf", "enum")):
        return False
    kinds = schema_types(schema)
    if kinds is not None and "object" not in kinds:
        return False
    if schema.get("properties"):
        return True
    parts = schema.get("allOf")
    return (
        isinstance(parts, list)
        and bool(parts)
        and all(
            is_object_model(part, deref, depth + 1) or deref(part).get("type") == "object"
            for part in parts
            if isinstance(deref(part), dict)
        )
    )
