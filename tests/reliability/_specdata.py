"""The repository's spec as test data: examples, operations, and a forward-compatibility mutator."""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "FUTURE_FIELD",
    "FUTURE_VALUE",
    "SPEC_PATH",
    "SpecOperation",
    "error_example",
    "invoice_example",
    "operations",
    "spec",
    "widen",
]

SPEC_PATH = Path(__file__).resolve().parents[2] / "spec" / "openapi.yaml"
FUTURE_VALUE = "VALUE_FROM_THE_FUTURE"
"""Replaces every enum value: a value the spec does not list yet."""
FUTURE_FIELD = "field_from_the_future"
"""Added to every object: a field the spec does not list yet."""
_HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


@functools.cache
def spec() -> dict[str, Any]:
    """The parsed spec (cached; callers must not mutate it)."""
    data: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return data


def _only_example(response: dict[str, Any]) -> Any:
    examples = response["content"]["application/json"]["examples"]
    (example,) = examples.values()
    return copy.deepcopy(example["value"])


def invoice_example() -> dict[str, Any]:
    """A fresh copy of the 200 example of the refund operation."""
    value: dict[str, Any] = _only_example(spec()["components"]["responses"]["RefundedInvoice"])
    return value


def error_example(status: int) -> dict[str, Any]:
    """A fresh copy of the documented ApiError example for 400, 401 or 403."""
    name = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden"}[status]
    value: dict[str, Any] = _only_example(spec()["components"]["responses"][name])
    return value


@dataclass(frozen=True)
class SpecOperation:
    """One path + method of the spec and the client method that should call it."""

    path: str
    method: str
    tag: str
    method_name: str
    path_params: tuple[str, ...]
    optional_params: tuple[str, ...]


def operations() -> Iterator[SpecOperation]:
    """Every operation of the spec, with its tag and ``x-method-name``."""
    for path, item in spec()["paths"].items():
        for method in _HTTP_METHODS:
            if method not in item:
                continue
            operation = item[method]
            params = [_resolve(p) for p in [*item.get("parameters", []), *operation["parameters"]]]
            yield SpecOperation(
                path=path,
                method=method.upper(),
                tag=operation["tags"][0],
                method_name=operation["x-method-name"],
                path_params=tuple(p["name"] for p in params if p["in"] == "path"),
                optional_params=tuple(p["name"] for p in params if not p.get("required")),
            )


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = spec()
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        schema = node
    return schema


def _types(schema: dict[str, Any]) -> set[str]:
    declared = schema.get("type")
    types = set(declared) if isinstance(declared, list) else {declared} if declared else set()
    if "properties" in schema:
        types.add("object")
    if "enum" in schema:
        types.add("string")
    return types


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, (int, float)):
        return "number"
    return "string"


def _branch(value: object, schema: dict[str, Any]) -> dict[str, Any]:
    """The anyOf/oneOf alternative a value belongs to (by JSON type), else the schema itself."""
    for key in ("anyOf", "oneOf"):
        for alternative in schema.get(key, []):
            resolved = _resolve(alternative)
            if _kind(value) in _types(resolved) or (
                _kind(value) == "number" and "integer" in _types(resolved)
            ):
                return _branch(value, resolved)
    return schema


def _properties(schema: dict[str, Any]) -> dict[str, Any]:
    properties = dict(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        properties.update(_properties(_resolve(part)))
    return properties


def widen(value: Any, schema: dict[str, Any]) -> Any:
    """``value`` as a newer server could send it: every enum value unknown, a new field everywhere.

    Follows ``schema`` (the value's schema in the spec) so only real enum values change.
    """
    schema = _branch(value, _resolve(schema))
    if isinstance(value, dict):
        properties = _properties(schema)
        widened = {key: widen(item, properties.get(key, {})) for key, item in value.items()}
        widened[FUTURE_FIELD] = {"nested": [1, "two", None], "flag": True}
        return widened
    if isinstance(value, list):
        return [widen(item, schema.get("items", {})) for item in value]
    if isinstance(value, str) and "enum" in schema:
        return FUTURE_VALUE
    return value
