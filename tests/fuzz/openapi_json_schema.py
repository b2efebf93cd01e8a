"""OpenAPI 3.1 components as self-contained JSON Schemas, a strategy drawing from them, mutations.

Each component becomes a root schema whose ``$defs`` hold exactly the components it reaches (the
form hypothesis-jsonschema and jsonschema need). Keys that only annotate (descriptions, examples,
``readOnly``, ``x-*`` extensions) are dropped.

Why not hypothesis-jsonschema's ``from_schema``: release 0.23.1 calls ``cu.many(...).more()``,
which hypothesis removed in 6.170.10 (we have 6.170.17), so every object schema fails with
``AttributeError: 'many' object has no attribute 'more'`` (pinned by
test_hypothesis_jsonschema_is_incompatible). Even on 6.170.9 it needed 23 s to build the Invoice
strategy and 0.2 s per example. ``from_schema`` below covers exactly the keywords our specs use
and refuses any other, so it can never silently draw from a looser schema; every draw is also
checked with jsonschema against the schema it came from.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

__all__ = [
    "EXTRA_PREFIX",
    "Position",
    "component_schema",
    "from_schema",
    "json_values",
    "load_components",
    "positions",
    "replace_at",
    "wrong_values",
]

_PREFIX = "#/components/schemas/"
_ANNOTATIONS = frozenset(
    {"description", "title", "example", "examples", "readOnly", "writeOnly", "deprecated",
     "externalDocs", "xml", "discriminator", "$comment"}
)
Json = Any
Position = tuple[tuple[str | int, ...], frozenset[str], str | None]
"""A place in a document: its path, the JSON types its schema allows, and its string format."""


def load_components(path: Path) -> dict[str, Json]:
    """The ``components/schemas`` of an OpenAPI file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return dict(data["components"]["schemas"])


def _clean(node: Json, reached: set[str]) -> Json:
    if isinstance(node, list):
        return [_clean(item, reached) for item in node]
    if not isinstance(node, dict):
        return node
    cleaned: dict[str, Json] = {}
    for key, value in node.items():
        if key in _ANNOTATIONS or key.startswith("x-"):
            continue
        if key == "$ref":
            assert value.startswith(_PREFIX), value
            reached.add(value[len(_PREFIX):])
            cleaned[key] = "#/$defs/" + value[len(_PREFIX):]
        elif key == "properties":
            cleaned[key] = {name: _clean(sub, reached) for name, sub in value.items()}
        else:
            cleaned[key] = _clean(value, reached)
    return cleaned


def component_schema(
    components: Mapping[str, Json], name: str, *, required: tuple[str, ...] = ()
) -> dict[str, Json]:
    """Component ``name`` as a root JSON Schema with ``$defs``; ``required`` adds required keys."""
    defs: dict[str, Json] = {}
    pending = [name]
    while pending:
        current = pending.pop()
        if current in defs:
            continue
        reached: set[str] = set()
        defs[current] = _clean(components[current], reached)
        pending.extend(sorted(reached - defs.keys()))
    root = copy.deepcopy(defs[name])
    if required:
        root["required"] = sorted({*root.get("required", ()), *required})
    root["$defs"] = defs
    return root


def _resolve(schema: Json, defs: Mapping[str, Json]) -> Json:
    while isinstance(schema, dict) and "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _types(schema: Json, defs: Mapping[str, Json]) -> tuple[frozenset[str], str | None]:
    """The JSON types a schema allows (empty: unconstrained) and its string format."""
    schema = _resolve(schema, defs)
    if not isinstance(schema, dict):
        return frozenset(), None
    if "type" in schema:
        kinds = schema["type"]
        kinds = {kinds} if isinstance(kinds, str) else set(kinds)
        return frozenset(kinds), schema.get("format")
    branches = schema.get("anyOf") or schema.get("oneOf")
    if not branches:
        return frozenset(), None
    found: set[str] = set()
    fmt = None
    for branch in branches:
        kinds, branch_format = _types(branch, defs)
        if not kinds:
            return frozenset(), None
        found |= kinds
        fmt = fmt or branch_format
    return frozenset(found), fmt


def _kind(value: Json) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _branch_for(schema: Json, value: Json, defs: Mapping[str, Json]) -> Json:
    """The anyOf/oneOf branch that describes ``value`` (by JSON type), else the schema itself."""
    schema = _resolve(schema, defs)
    branches = schema.get("anyOf") or schema.get("oneOf") if isinstance(schema, dict) else None
    if not branches:
        return schema
    kind = _kind(value)
    for branch in branches:
        kinds, _ = _types(branch, defs)
        if kind in kinds or (kind == "integer" and "number" in kinds):
            return _branch_for(branch, value, defs)
    return schema


def positions(
    schema: Json, document: Json, defs: Mapping[str, Json], path: tuple[str | int, ...] = ()
) -> Iterator[Position]:
    """Every place in ``document`` whose schema constrains the JSON type, with what it allows."""
    kinds, fmt = _types(schema, defs)
    if kinds:
        yield path, kinds, fmt
    node = _branch_for(schema, document, defs)
    if not isinstance(node, dict):
        return
    if isinstance(document, dict):
        for key, sub in node.get("properties", {}).items():
            if key in document:
                yield from positions(sub, document[key], defs, (*path, key))
    elif isinstance(document, list) and "items" in node:
        for index, item in enumerate(document):
            yield from positions(node["items"], item, defs, (*path, index))


_CANDIDATES: dict[str, Json] = {
    "object": {"unexpected": [1]},
    "array": [{"x": 1}],
    "string": "\u00e9 not a valid value",
    "boolean": True,
    "number": 12.5,
}


def wrong_values(kinds: frozenset[str], fmt: str | None) -> list[Json]:
    """Values of a JSON type the position does not allow, and that pydantic's lax mode refuses.

    Lax mode turns ``true`` into 1 for integers and numbers, and a number into a timestamp for
    date-times, so those pairs are left out: they would be valid, not wrong.
    """
    excluded = set(kinds)
    if kinds & {"integer", "number"}:
        excluded.add("boolean")
    if fmt == "date-time":
        excluded.add("number")
    return [value for kind, value in _CANDIDATES.items() if kind not in excluded]


def replace_at(document: Json, path: tuple[str | int, ...], value: Json) -> Json:
    """A deep copy of ``document`` with the value at ``path`` replaced."""
    if not path:
        return copy.deepcopy(value)
    result = copy.deepcopy(document)
    parent = result
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = copy.deepcopy(value)
    return result


_KEYWORDS = frozenset(
    {"type", "$ref", "properties", "items", "anyOf", "oneOf", "enum", "format", "required",
     "$defs", "minLength"}
)
_OFFSETS = [dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30)),
            dt.timezone(dt.timedelta(hours=-8))]
EXTRA_PREFIX = "x-extra-"
"""Extra keys start with this: a hyphen cannot be in a Python field name, so an extra key can
never fill a declared field through ``populate_by_name``."""


def json_values() -> st.SearchStrategy[Json]:
    """Any JSON value (small): what a vendor might put in a field the spec does not know."""
    leaves = (
        st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1)
        | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8)
    )
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                     max_size=3),
        max_leaves=6,
    )


class _Builder:
    """Strategies for one root schema; deeper than ``max_depth``, only required keys are drawn."""

    def __init__(self, root: Mapping[str, Json], max_depth: int, extras: bool) -> None:
        self.defs: Mapping[str, Json] = root.get("$defs", {})
        self.max_depth = max_depth
        self.extras = extras
        self.cache: dict[tuple[str, int], st.SearchStrategy[Json]] = {}

    def ref(self, name: str, depth: int) -> st.SearchStrategy[Json]:
        key = (name, depth)
        if key not in self.cache:
            self.cache[key] = st.deferred(lambda: self.build(self.defs[name], depth))
        return self.cache[key]

    def build(self, node: Json, depth: int) -> st.SearchStrategy[Json]:
        unknown = set(node) - _KEYWORDS
        if unknown:
            raise ValueError(f"from_schema does not support {sorted(unknown)} in {node}")
        if "$ref" in node:
            return self.ref(node["$ref"].rsplit("/", 1)[1], depth)
        if "enum" in node:
            return st.sampled_from(node["enum"])
        if "anyOf" in node or "oneOf" in node:
            return st.one_of([self.build(b, depth) for b in node.get("anyOf") or node["oneOf"]])
        kinds = node.get("type")
        if kinds is None:
            return json_values()
        if isinstance(kinds, list):
            return st.one_of([self.build({**node, "type": kind}, depth) for kind in kinds])
        return self.typed(kinds, node, depth)

    def typed(self, kind: str, node: Mapping[str, Json], depth: int) -> st.SearchStrategy[Json]:
        if kind == "object":
            return self.object(node, depth)
        if kind == "array":
            items = self.build(node["items"], depth + 1) if "items" in node else json_values()
            return st.lists(items, max_size=0 if depth >= self.max_depth else 2)
        if kind == "string":
            if node.get("format") == "date-time":
                return st.datetimes(timezones=st.sampled_from(_OFFSETS)).map(
                    lambda moment: moment.isoformat()
                )
            return st.text(min_size=node.get("minLength", 0), max_size=12)
        if kind == "integer":
            return st.integers(-(2**63), 2**63 - 1)
        if kind == "number":
            return st.integers(-(2**53), 2**53) | st.floats(allow_nan=False,
                                                             allow_infinity=False)
        if kind == "boolean":
            return st.booleans()
        if kind == "null":
            return st.none()
        raise ValueError(f"from_schema: unknown type {kind!r}")

    def object(self, node: Mapping[str, Json], depth: int) -> st.SearchStrategy[Json]:
        properties: Mapping[str, Json] = node.get("properties", {})
        required = set(node.get("required", ()))
        deeper = depth + 1
        fixed = {k: self.build(v, deeper) for k, v in properties.items() if k in required}
        optional = (
            {k: self.build(v, deeper) for k, v in properties.items() if k not in required}
            if depth < self.max_depth
            else {}
        )
        declared = st.fixed_dictionaries(fixed, optional=optional)
        if not self.extras:
            return declared
        extra = st.dictionaries(
            st.text(max_size=6).map(lambda name: EXTRA_PREFIX + name), json_values(), max_size=2
        )
        return st.tuples(declared, extra).map(lambda pair: {**pair[1], **pair[0]})


def from_schema(
    root: Mapping[str, Json], *, max_depth: int = 8, extras: bool = True
) -> st.SearchStrategy[Json]:
    """Documents valid against ``root`` (a ``component_schema``), with unknown extra keys."""
    builder = _Builder(root, max_depth, extras)
    body = {k: v for k, v in root.items() if k != "$defs"}
    return builder.build(body, 0)
