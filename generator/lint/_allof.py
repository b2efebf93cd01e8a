"""An ``allOf`` whose parts give a property types that no JSON value has (``id`` an integer in
one part, a string in every variant of another's ``oneOf``: kubb's discriminator example).

The models find the same conflict, and more (two Python types of one JSON type), but only once
datamodel-code-generator has run; read in the document, the plain case is ``validate``'s too
and ``generate`` refuses it before the models start. A part that says nothing of a property, or
a property whose schema names no ``type``/``const``/``enum``, allows any value: never a
conflict here. Neither is a property the schema itself re-declares (its class re-types it).
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.errors import Diagnostic
from generator.lint._parts import all_schemas
from generator.lint._walk import Node, deref, describe, diag
from generator.load import SpecDocument
from generator.shapes import JSON_TYPES, has_type, schema_types

__all__ = ["allof_rules"]

_Types = tuple[frozenset[str], Node]
"""The JSON types a part allows a property (``number`` includes ``integer``), and the property's
schema that says so."""


def allof_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """allof-conflict, where the JSON types alone tell."""
    for schema in all_schemas(doc):
        parts = schema.child("allOf")
        if parts is None or not isinstance(parts.value, list):
            continue
        own = schema.value.get("properties")
        chosen: dict[str, _Types] = {}
        reported: set[str] = set()
        for part in parts.elements():
            for name, (types, node) in _property_types(doc, part, set()).items():
                # Empty: the part contradicts itself, which its own allOf reports.
                if not types or (isinstance(own, dict) and name in own) or name in reported:
                    continue
                first = chosen.setdefault(name, (types, node))
                if first[0] & types:
                    chosen[name] = (first[0] & types, first[1])
                    continue
                reported.add(name)
                yield diag(
                    doc, schema, "allof-conflict",
                    f"the allOf parts of this schema give the property {name!r} types no value "
                    f"has: {_words(first[0])} ({describe(doc, first[1])}) and {_words(types)} "
                    f"({describe(doc, node)})",
                    "give the property one type in every part of the allOf",
                )


def _property_types(
    doc: SpecDocument, node: Node, seen: set[tuple[str, str]]
) -> dict[str, _Types]:
    """The JSON types ``node`` allows each property it constrains, through ``$ref``, ``allOf``
    (every part holds) and ``oneOf``/``anyOf`` (a property every variant constrains)."""
    if node.key in seen or not isinstance(node.value, dict):
        return {}
    seen = seen | {node.key}
    found: dict[str, _Types] = {}

    def narrow(more: dict[str, _Types]) -> None:
        for name, (types, where) in more.items():
            known = found.get(name)
            found[name] = (types, where) if known is None else (known[0] & types, known[1])

    properties = node.child("properties")
    for name, prop in properties.items() if properties is not None else ():
        types = _types(deref(doc, prop))
        if types is not None:
            narrow({name: (types, prop)})
    target = deref(doc, node)
    if target.key != node.key:
        narrow(_property_types(doc, target, seen))
    parts = node.child("allOf")
    for part in parts.elements() if parts is not None else ():
        narrow(_property_types(doc, part, seen))
    for keyword in ("oneOf", "anyOf"):
        variants = node.child(keyword)
        if variants is not None:
            narrow(_any_variant(doc, list(variants.elements()), seen))
    return found


def _any_variant(
    doc: SpecDocument, variants: list[Node], seen: set[tuple[str, str]]
) -> dict[str, _Types]:
    """The types of the properties every variant constrains: any variant's (their union)."""
    each = [_property_types(doc, variant, seen) for variant in variants]
    if not each:
        return {}
    names = set(each[0]).intersection(*each[1:])
    return {
        name: (frozenset().union(*(found[name][0] for found in each)), each[0][name][1])
        for name in sorted(names)
    }


def _types(schema: Node) -> frozenset[str] | None:
    """The JSON types ``schema`` allows, from its ``type``, ``const`` or ``enum``; None when it
    says nothing of them (any value, as far as this rule can tell)."""
    value = schema.value
    if not isinstance(value, dict):
        return None
    kinds = schema_types(value)
    if kinds is None:
        if "const" in value:
            values = [value["const"]]
        elif isinstance(value.get("enum"), list) and value["enum"]:
            values = value["enum"]
        else:
            return None
        # Each value's narrowest type: 1 is an integer, 1.5 a number.
        found = {next((k for k in JSON_TYPES if has_type(v, [k])), None) for v in values}
        if None in found:
            return None  # not a JSON value (YAML's dates): nothing to tell
        kinds = [kind for kind in JSON_TYPES if kind in found]
    return frozenset(kinds) | ({"integer"} if "number" in kinds else frozenset())


def _words(types: frozenset[str]) -> str:
    shown = sorted(types - {"integer"} if "number" in types else types)
    return " or ".join(shown) if shown else "none"
