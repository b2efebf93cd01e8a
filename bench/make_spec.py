"""Write a deterministic synthetic OpenAPI 3.1 spec with N operations, for the scale benchmark.

Usage: ``python bench/make_spec.py N [-o FILE]`` (stdout without ``-o``).

The spec is valid for the project's linter: unique operationIds, every component used, no
examples, descriptions everywhere. Each operation brings three schemas (an object with a nested
object, an enum, nullable 3.1-style fields and arrays), so the schema count grows as ~3N. Operations
are spread over ~N/5 tags and cycle through three shapes: a GET list with query parameters, a POST
with a JSON request body (with readOnly fields), and a GET by path parameter.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

import yaml

__all__ = ["main", "make_spec"]

_SEED = 20240601
_ERROR_STATUSES = ("400", "401", "404")
_WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india")

Schema = dict[str, Any]


def _nullable(type_name: str, description: str, **extra: Any) -> Schema:
    return {"type": [type_name, "null"], "description": description, **extra}


def _enum_schema(i: int, rng: random.Random) -> Schema:
    size = rng.randint(2, 5)
    values = [f"{word.upper()}_{i}" for word in rng.sample(_WORDS, size)]
    return {"type": "string", "description": f"Status of item {i}.", "enum": values}


def _detail_schema(i: int) -> Schema:
    return {
        "type": "object",
        "description": f"Nested details of item {i}.",
        "properties": {
            "weight": _nullable("number", "Weight in kilograms."),
            "labels": {
                "type": "array",
                "description": "Free-form labels.",
                "items": {"type": "string"},
            },
            "window": {
                "type": "object",
                "description": "A time window.",
                "properties": {
                    "start": {"type": "string", "format": "date-time", "description": "Start."},
                    "end": _nullable("string", "End, if any.", format="date-time"),
                },
                "required": ["start"],
            },
        },
    }


def _item_schema(i: int) -> Schema:
    return {
        "type": "object",
        "description": f"Item number {i}.",
        "properties": {
            "id": {"type": "string", "description": "Identifier.", "readOnly": True},
            "created_at": {
                "type": "string",
                "format": "date-time",
                "description": "Creation time.",
                "readOnly": True,
            },
            "name": {"type": "string", "description": "Display name."},
            "status": {"$ref": f"#/components/schemas/Item{i}Status"},
            "detail": {
                "oneOf": [{"$ref": f"#/components/schemas/Item{i}Detail"}, {"type": "null"}],
                "description": "Optional details.",
            },
            "quantity": _nullable("integer", "How many."),
            "price": {"type": "string", "description": "Decimal price as a string."},
            "tags": {
                "type": ["array", "null"],
                "description": "Tags.",
                "items": {"type": "string"},
            },
            "history": {
                "type": "array",
                "description": "Earlier statuses.",
                "items": {"$ref": f"#/components/schemas/Item{i}Status"},
            },
        },
        "required": ["name", "status"],
    }


def _error_schema() -> Schema:
    return {
        "type": "object",
        "description": "An error returned by the API.",
        "properties": {
            "type": {"type": "string", "description": "Error type."},
            "message": {"type": "string", "description": "Human-readable message."},
            "details": _nullable("array", "Per-field details.", items={"type": "string"}),
        },
        "required": ["type", "message"],
    }


def _json(schema: Schema) -> Schema:
    return {"application/json": {"schema": schema}}


def _responses(ok_status: str, ok_schema: Schema) -> Schema:
    responses: Schema = {ok_status: {"description": "Success.", "content": _json(ok_schema)}}
    for status in _ERROR_STATUSES:
        responses[status] = {
            "description": f"Error {status}.",
            "content": _json({"$ref": "#/components/schemas/Error"}),
        }
    return responses


def _list_operation(i: int, tag: str, item: Schema) -> tuple[str, str, Schema]:
    parameters = [
        {
            "name": "limit",
            "in": "query",
            "description": "Page size.",
            "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
        },
        {
            "name": "status",
            "in": "query",
            "description": "Filter by status.",
            "schema": {"$ref": f"#/components/schemas/Item{i}Status"},
        },
        {"name": "q", "in": "query", "description": "Search text.", "schema": {"type": "string"}},
    ]
    page = {"type": "array", "description": "A page of items.", "items": item}
    operation = _operation(i, tag, "list", parameters, _responses("200", page))
    return f"/{tag}/items{i}", "get", operation


def _create_operation(i: int, tag: str, item: Schema) -> tuple[str, str, Schema]:
    operation = _operation(i, tag, "create", [], _responses("201", item))
    operation["requestBody"] = {
        "required": True,
        "description": "The item to create.",
        "content": _json(item),
    }
    return f"/{tag}/items{i}", "post", operation


def _get_operation(i: int, tag: str, item: Schema) -> tuple[str, str, Schema]:
    parameters = [
        {
            "name": "itemId",
            "in": "path",
            "required": True,
            "description": "The item's identifier.",
            "schema": {"type": "string"},
        }
    ]
    operation = _operation(i, tag, "get", parameters, _responses("200", item))
    return f"/{tag}/items{i}/{{itemId}}", "get", operation


def _operation(i: int, tag: str, verb: str, parameters: list[Schema], responses: Schema) -> Schema:
    operation: Schema = {
        "operationId": f"{verb}Item{i}",
        "summary": f"{verb.capitalize()} item {i}",
        "description": f"{verb.capitalize()} item {i} in {tag}.",
        "tags": [tag],
        "responses": responses,
    }
    if parameters:
        operation["parameters"] = parameters
    return operation


_SHAPES = (_list_operation, _create_operation, _get_operation)


def make_spec(n: int, seed: int = _SEED) -> dict[str, Any]:
    """Build the spec with ``n`` operations as a plain dict (deterministic for a given seed)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    rng = random.Random(seed)
    tags = [f"group{t}" for t in range(max(1, n // 5))]
    paths: dict[str, dict[str, Schema]] = {}
    schemas: dict[str, Schema] = {"Error": _error_schema()}
    for i in range(n):
        tag = tags[i % len(tags)]
        schemas[f"Item{i}"] = _item_schema(i)
        schemas[f"Item{i}Status"] = _enum_schema(i, rng)
        schemas[f"Item{i}Detail"] = _detail_schema(i)
        item = {"$ref": f"#/components/schemas/Item{i}"}
        path, method, operation = _SHAPES[i % len(_SHAPES)](i, tag, item)
        paths.setdefault(path, {})[method] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Synthetic API",
            "version": "1.0.0",
            "description": f"A synthetic API with {n} operations for benchmarks.",
        },
        "servers": [{"url": "https://api.example.com", "description": "Example server."}],
        "security": [{"ApiKey": []}],
        "tags": [{"name": tag, "description": f"Operations of {tag}."} for tag in tags],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "ApiKey": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-API-KEY",
                    "description": "API key.",
                }
            },
            "schemas": schemas,
        },
    }


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and write the spec as YAML."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of operations")
    parser.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    args = parser.parse_args(argv)
    text = yaml.safe_dump(make_spec(args.n), sort_keys=False, allow_unicode=True)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
