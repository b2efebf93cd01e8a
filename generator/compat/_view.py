"""Resolved, merged views of schemas (``$ref``, ``allOf``, nullability), shared with upstream."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from generator.errors import escape_pointer
from generator.load import SourceFile, SpecDocument

__all__ = ["LIMIT_KEYWORDS", "Located", "SchemaView", "follow", "show", "view_schema"]


class Located(NamedTuple):
    """A node of the spec and where it is: its file and its JSON pointer there."""

    source: SourceFile
    pointer: str
    data: Any


def show(doc: SpecDocument, source: SourceFile, pointer: str) -> str:
    """A pointer as printed: bare in the root file, ``file#pointer`` elsewhere."""
    return pointer if source is doc.root else f"{source.display}#{pointer}"


def follow(doc: SpecDocument, node: Located) -> Located:
    """Follow a chain of ``$ref`` to the node it ends at (unresolvable refs stop the chain)."""
    seen: set[tuple[str, str]] = set()
    while isinstance(node.data, dict) and isinstance(node.data.get("$ref"), str):
        key = (node.source.display, node.pointer)
        if key in seen:
            break
        seen.add(key)
        try:
            source, pointer, data = doc.resolve(node.data["$ref"], node.source)
        except (KeyError, ValueError):
            break
        node = Located(source, pointer, data)
    return node


@dataclass(frozen=True)
class SchemaView:
    """One schema, resolved and merged into the facts the comparisons need."""

    at: str
    """Where the schema is used (before following ``$ref``): the place for type reports."""
    body: str
    """Where its definition lives (after ``$ref`` and single-variant unwrapping)."""
    types: frozenset[str]
    """JSON types other than null; empty means any."""
    nullable: bool
    enum: tuple[Any, ...] | None
    format: str | None
    properties: Mapping[str, Located] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    items: Located | None = None
    additional: Located | None = None
    variants: tuple[Located, ...] = ()
    default: tuple[Any, ...] = ()
    """``(value,)`` when the schema has a default, ``()`` otherwise (None is a valid default)."""
    limits: Mapping[str, tuple[Any, str]] = field(default_factory=dict)
    """Validation keyword (``LIMIT_KEYWORDS``) -> its value and where it is written."""
    read_only: bool = False
    write_only: bool = False


LIMIT_KEYWORDS = (
    "maxLength", "minLength", "pattern", "maximum", "minimum", "exclusiveMaximum",
    "exclusiveMinimum", "multipleOf", "maxItems", "minItems", "uniqueItems",
    "maxProperties", "minProperties",
)
"""The keywords that limit the values a schema accepts (compared by the limit rules)."""


def _types_of(data: Mapping[str, Any]) -> set[str]:
    raw = data.get("type")
    if isinstance(raw, str):
        return {raw}
    if isinstance(raw, list):
        return {t for t in raw if isinstance(t, str)}
    return set()


def _is_null_schema(doc: SpecDocument, node: Located) -> bool:
    data = follow(doc, node).data
    return isinstance(data, dict) and _types_of(data) == {"null"}


def view_schema(
    doc: SpecDocument, node: Located, _seen: frozenset[str] = frozenset()
) -> SchemaView:
    """Resolve ``node`` into a :class:`SchemaView` (``$ref``, ``allOf``, nullability)."""
    at = show(doc, node.source, node.pointer)
    node = follow(doc, node)
    body = show(doc, node.source, node.pointer)
    data = node.data
    if not isinstance(data, dict) or body in _seen:
        return SchemaView(at, body, frozenset(), False, None, None)
    seen = _seen | {body}
    types = _types_of(data)
    nullable = "null" in types or data.get("nullable") is True
    types.discard("null")
    enum: tuple[Any, ...] | None = None
    if isinstance(data.get("enum"), list):
        nullable = nullable or None in data["enum"]
        enum = tuple(v for v in data["enum"] if v is not None)
    elif "const" in data:
        enum = (data["const"],)
    properties = {
        name: Located(node.source, f"{node.pointer}/properties/{escape_pointer(name)}", sub)
        for name, sub in (data.get("properties") or {}).items()
    }
    if properties and not types:
        types = {"object"}
    required = frozenset(r for r in data.get("required") or () if isinstance(r, str))
    items = None
    if "items" in data:
        items = Located(node.source, f"{node.pointer}/items", data["items"])
    extra = data.get("additionalProperties")
    additional = (
        Located(node.source, f"{node.pointer}/additionalProperties", extra)
        if isinstance(extra, dict)
        else None
    )
    variants: list[Located] = []
    for key in ("anyOf", "oneOf"):
        for index, sub in enumerate(data.get(key) or ()):
            member = Located(node.source, f"{node.pointer}/{key}/{index}", sub)
            if _is_null_schema(doc, member):
                nullable = True
            else:
                variants.append(member)
    fmt = data.get("format") if isinstance(data.get("format"), str) else None
    default = (data["default"],) if "default" in data else ()
    limits = {
        key: (data[key], show(doc, node.source, f"{node.pointer}/{key}"))
        for key in LIMIT_KEYWORDS
        if key in data
    }
    view = SchemaView(
        at, body, frozenset(types), nullable, enum, fmt, properties, required, items,
        additional, tuple(variants), default, limits, data.get("readOnly") is True,
        data.get("writeOnly") is True,
    )
    for index, sub in enumerate(data.get("allOf") or ()):
        part = view_schema(doc, Located(node.source, f"{node.pointer}/allOf/{index}", sub), seen)
        view = _merge(view, part, nullable=(view.nullable and part.nullable) or nullable)
    if len(view.variants) == 1 and not (view.types or view.properties or view.enum):
        inner = view_schema(doc, view.variants[0], seen)
        view = replace(
            _merge(replace(view, variants=()), inner, nullable=view.nullable or inner.nullable),
            body=inner.body,
        )
    return view


def _merge(outer: SchemaView, part: SchemaView, *, nullable: bool) -> SchemaView:
    both = outer.types and part.types
    types = outer.types & part.types if both else outer.types or part.types
    return replace(
        outer,
        types=types,
        nullable=nullable,
        enum=outer.enum if outer.enum is not None else part.enum,
        format=outer.format or part.format,
        properties={**part.properties, **outer.properties},
        required=outer.required | part.required,
        items=outer.items or part.items,
        additional=outer.additional or part.additional,
        variants=outer.variants + part.variants,
        default=outer.default or part.default,
        limits={**part.limits, **outer.limits},
        read_only=outer.read_only or part.read_only,
        write_only=outer.write_only or part.write_only,
    )
