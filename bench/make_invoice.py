"""Write a complete Invoice JSON (every property set) from a spec's Invoice schema, for figure 4.

Usage: ``python bench/make_invoice.py [--spec FILE] [-o FILE]``; defaults: the vendor excerpt in
bench/data and bench/data/invoice.json. Deterministic: the first enum value, a fixed date-time,
one item per array, the first non-null branch of a oneOf/anyOf; nested objects are filled down to
a fixed depth and left out below it, so the document stays a realistic size.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import yaml

__all__ = ["example_for", "main"]

_HERE = Path(__file__).resolve().parent
_MAX_DEPTH = 3
_SAMPLE_STRINGS = {"date-time": "2024-05-01T12:00:00Z", "date": "2024-05-01"}


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = spec
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = {**node, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _types(schema: dict[str, Any]) -> list[str]:
    declared = schema.get("type", "object" if "properties" in schema else "string")
    types = declared if isinstance(declared, list) else [declared]
    return [t for t in types if t != "null"] or ["null"]


def example_for(spec: dict[str, Any], schema: dict[str, Any], depth: int = 0) -> Any:
    """A value valid for ``schema`` with every property present (down to ``_MAX_DEPTH``)."""
    schema = _resolve(spec, schema)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            branches = [b for b in schema[key] if _resolve(spec, b).get("type") != "null"]
            return example_for(spec, branches[0], depth)
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            merged.update(example_for(spec, part, depth))
        return merged
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    return _example_of_type(spec, schema, _types(schema)[0], depth)


def _example_of_type(spec: dict[str, Any], schema: dict[str, Any], kind: str, depth: int) -> Any:
    if kind == "object":
        properties = schema.get("properties", {})
        if depth >= _MAX_DEPTH:
            return {}
        return {name: example_for(spec, sub, depth + 1) for name, sub in properties.items()}
    if kind == "array":
        return [example_for(spec, schema.get("items", {}), depth + 1)] if depth < _MAX_DEPTH else []
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return _SAMPLE_STRINGS.get(schema.get("format", ""), "sample")


def main(argv: list[str] | None = None) -> int:
    """Write the example Invoice as indented JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=_HERE / "data" / _EXCERPT)
    parser.add_argument("-o", "--output", type=Path, default=_HERE / "data" / "invoice.json")
    parser.add_argument("--schema", default="Invoice")
    args = parser.parse_args(argv)
    spec = yaml.safe_load(args.spec.read_text(encoding="utf-8"))
    invoice = example_for(spec, {"$ref": f"#/components/schemas/{args.schema}"})
    args.output.write_text(json.dumps(invoice, indent=2) + "\n", encoding="utf-8")
    return 0


_EXCERPT = "solvimon-transaction-api.refund-excerpt.yaml"

if __name__ == "__main__":
    raise SystemExit(main())
