"""Enum values that no value of their schema can be are left out, before the IR and models
(an ``allOf`` of scalar enums becomes the one enum of their common values, an ``anyOf`` or
``oneOf`` of them the one enum of all their values), and a value an enum repeats is kept once
(lint warns: enum-duplicate; JSON Schema only says values SHOULD be unique).

``type: string, enum: [a, b, null]`` (a 3.0 habit: ``null`` meant "nullable") accepts ``a`` and
``b`` only: in JSON Schema both keywords must hold, and ``null`` is no string. The schema means
the same without the dead value, and every later stage (IR literals, the models, the generated
tests' samples) reads it that way. Lint warns about each value (``enum-type-mismatch``) and
refuses an enum of which no value is left (``enum-impossible``), so this never empties one.

An ``allOf`` part that is a ``$ref`` to an alias (a schema that is only a ``$ref``, with
annotations at most) names the schema at the end of the aliases instead: the model generator
makes an alias a root model, and a class built on one lost every field it should inherit
(``Derived: {allOf: [{$ref: Alias}, ...]}`` with ``Alias: {$ref: Real}`` had none of ``Real``'s).
A root component that names a schema of another file is no alias here: the model generator
makes that schema its class.

An ``enum`` beside a ``$ref`` to a scalar enum is the enum of the values both list, with the
target's type and constraints: the model generator made one enum of both lists.

``unevaluatedProperties`` in a schema that evaluates no property otherwise (no ``properties``,
``patternProperties``, ``additionalProperties``, ``$ref`` or other in-place applicator) is
``additionalProperties``, which means the same there: TypeSpec writes every ``Record<T>`` so,
and the model generator typed such a map ``dict[str, Any]``.

A component that a discriminated union with a ``mapping`` lists, that nothing else refers to
and that does not declare the discriminator's property, declares it: required, its mapping key as
a ``const``. OpenAPI says the property MUST be in the union's values, and utoipa's serde-tagged
enums leave it out of the variants (meteroid's ``ResetPeriod``): the models' union was untagged,
took ``{"type": "FIXED_WINDOW", ...}`` for the first variant that fits, and sent a variant
without its tag.

Like ``hoist``, the document is copied where it changes, never changed in place, and the
positions stay (nothing later locates an enum value or an ``allOf`` part).
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.load import SourceFile, SpecDocument, iter_refs
from generator.shapes import (
    ANNOTATIONS,
    annotations_only,
    declares_property,
    distinct,
    has_type,
    local_component,
    mapping_component,
    schema_types,
)

__all__ = ["prune_enums"]

_NAMES = frozenset({"properties", "patternProperties", "$defs", "definitions", "schemas"})
"""Keys whose mapping is keyed by names (a property called ``default`` is still a schema)."""

_VALUES = frozenset({"example", "examples", "default", "const", "enum"})
"""Keys that hold data, not schemas: never pruned inside."""


def prune_enums(document: SpecDocument) -> SpecDocument:
    """The document with every enum value that is not of its schema's ``type`` left out, and
    the other simplifications the module's docstring lists."""
    files = {}
    for path, source in document.files.items():
        data = _pruned(source.data, names=False, unaliased=_Unaliased(document, source))
        if data is not source.data:
            files[path] = replace(source, data=data)
    root = files.get(document.root.path, document.root)
    tags = _undeclared_tags(root.data, [f.data for f in {**document.files, **files}.values()])
    if tags:
        root = files[root.path] = replace(root, data=_tags_declared(root.data, tags))
    if not files:
        return document
    files = {**document.files, **files}
    return replace(document, root=root, files=files, declared_tags=tags)


_NOT_PLAIN_OBJECT = frozenset({"$ref", "oneOf", "anyOf", "enum", "const", "items", "prefixItems"})


def _undeclared_tags(data: Any, every_file: list[Any]) -> dict[str, tuple[str, str]]:
    """The components of the root file's ``data`` that a mapped discriminated union lists and
    that do not declare its property, with the property and the key that names them (the
    module's docstring says why they should). Left out: a variant another schema refers to as
    well (the tag would be required there too), one that two keys or two unions tag
    differently, one that is no plain object, and one that refuses properties it does not list
    (its spec contradicts the discriminator)."""
    schemas = data.get("components", {}).get("schemas") if isinstance(data, dict) else None
    if not isinstance(schemas, dict):
        return {}
    tags: dict[str, set[tuple[str, str]]] = {}
    listed: dict[str, int] = {}
    for schema in schemas.values():
        discriminator = schema.get("discriminator") if isinstance(schema, dict) else None
        if not isinstance(discriminator, dict) or not isinstance(
            mapping := discriminator.get("mapping"), dict
        ):
            continue
        name = discriminator.get("propertyName")
        for option in [*(schema.get("oneOf") or ()), *(schema.get("anyOf") or ())]:
            variant = local_component(option.get("$ref")) if isinstance(option, dict) else None
            if variant is None or not isinstance(name, str):
                continue
            keys = [str(k) for k, v in mapping.items() if mapping_component(v) == variant]
            tags.setdefault(variant, set()).update((name, key) for key in keys or [variant])
            listed[variant] = listed.get(variant, 0) + 1
    if not tags:
        return {}
    referred: dict[str, int] = {}
    for file in every_file:
        for ref in iter_refs(file):  # another file's component of that name counts too
            component = local_component("#" + ref.partition("#")[2])
            if component is not None:
                referred[component] = referred.get(component, 0) + 1
    undeclared: dict[str, tuple[str, str]] = {}
    for variant, tagged in tags.items():
        schema = schemas.get(variant)
        if len(tagged) != 1 or referred.get(variant) != listed[variant]:
            continue
        if not isinstance(schema, dict) or _NOT_PLAIN_OBJECT & schema.keys():
            continue
        if schema.get("type", "object") != "object" or False in (
            schema.get("additionalProperties"), schema.get("unevaluatedProperties")
        ):
            continue
        ((name, key),) = tagged
        if not declares_property(schema, name, schemas):
            undeclared[variant] = (name, key)
    return undeclared


def _tags_declared(data: Any, tags: dict[str, tuple[str, str]]) -> Any:
    """The root file's ``data`` with each of ``tags``' components declaring its property:
    required, its key as a ``const`` (first, as serde writes it)."""
    schemas = dict(data["components"]["schemas"])
    for variant, (name, key) in tags.items():
        schema = schemas[variant]
        properties = schema.get("properties")
        required = schema.get("required")
        schemas[variant] = {
            **schema,
            "properties": {
                name: {"type": "string", "const": key},
                **(properties if isinstance(properties, dict) else {}),
            },
            "required": [name, *(required if isinstance(required, list) else [])],
        }
    return {**data, "components": {**data["components"], "schemas": schemas}}


def _pruned(value: Any, *, names: bool, unaliased: _Unaliased) -> Any:
    """``value`` pruned; what leads to a change is copied, everything else shared."""
    if isinstance(value, list):
        items = [_pruned(item, names=False, unaliased=unaliased) for item in value]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if not isinstance(value, dict):
        return value
    copy = {
        key: (
            item
            if not names and (key in _VALUES or key.startswith("x-"))
            else _pruned(item, names=not names and key in _NAMES, unaliased=unaliased)
        )
        for key, item in value.items()
    }
    enum, kinds = value.get("enum"), None if names else schema_types(value)
    if isinstance(enum, list) and not names:
        typed = enum if kinds is None else [item for item in enum if has_type(item, kinds)]
        live = distinct(typed)
        if live and len(live) < len(enum):
            copy["enum"] = live
    if not names:
        copy = _bases_unaliased(_map_values(copy), unaliased)
        copy = _scalar_one_of(_scalar_all_of(_narrowed(copy, unaliased)))
    changed = copy.keys() != value.keys() or any(copy[key] is not value[key] for key in copy)
    return copy if changed else value


_NOT_SCALAR = frozenset(
    {"$ref", "properties", "allOf", "oneOf", "anyOf", "items", "additionalProperties", "not"}
)


def _scalar_all_of(schema: dict[str, Any]) -> dict[str, Any]:
    """An ``allOf`` of inline schemas of one scalar type as the one schema they make: enums
    intersected (``[a, b]`` and ``[b, c]``: ``[b]``), every other keyword the same in each part
    or in one only. The model generator made an empty class of it, which no string fits.
    Anything else (a ``$ref`` part, an object, two different ``maxLength``) is left as is.
    """
    parts = schema.get("allOf")
    if not isinstance(parts, list) or not parts:
        return schema
    if not all(isinstance(part, dict) and not _NOT_SCALAR & part.keys() for part in parts):
        return schema
    kinds = {json.dumps(part.get("type")) for part in parts if "type" in part}
    if len(kinds) != 1 or json.loads(kinds.pop()) not in _SCALAR_TYPES:
        return schema
    merged = {key: value for key, value in schema.items() if key != "allOf"}
    for part in parts:
        for key, value in part.items():
            if key == "enum" and isinstance(merged.get("enum"), list) and isinstance(value, list):
                merged["enum"] = [item for item in merged["enum"] if item in value]
            elif key in merged and merged[key] != value and key not in ("description", "title"):
                return schema
            else:
                merged.setdefault(key, value)
    return schema if merged.get("enum") == [] else merged


_SCALAR_TYPES = ("string", "integer", "number", "boolean")


def _narrowed(schema: dict[str, Any], unaliased: _Unaliased) -> dict[str, Any]:
    """``{$ref: Status, enum: [a, c]}``, where ``Status`` is a scalar enum, as the enum of the
    values both list, of ``Status``'s type: JSON Schema applies both keywords, and the model
    generator made one enum of both lists (``Status``'s values, then ``a_1``, ``c_1``), which took
    the values the schema refuses. Anything else beside the ``$ref`` is left as is.
    """
    ref, enum = schema.get("$ref"), schema.get("enum")
    if not isinstance(ref, str) or not isinstance(enum, list):
        return schema
    if not annotations_only(schema.keys() - {"$ref", "enum"}):
        return schema
    target = unaliased.target(ref)
    if not isinstance(target, dict) or not isinstance(target.get("enum"), list):
        return schema
    if _NOT_SCALAR & target.keys() or target.get("type") not in _SCALAR_TYPES:
        return schema
    common = [value for value in enum if value in target["enum"]]
    if not common:
        return schema  # no value is left: as written, for the model generator to say so
    own = {key: value for key, value in schema.items() if key != "$ref"}
    named = {key: value for key, value in target.items() if key not in ANNOTATIONS}
    return {**named, **own, "enum": common}


_CHOICE_KEYS = frozenset({"type", "enum", "const", "title", "description"})
"""What an alternative of ``_scalar_one_of`` may have: its values, and words about them."""


def _scalar_one_of(schema: dict[str, Any]) -> dict[str, Any]:
    """An ``anyOf`` (or a ``oneOf`` of different values) of inline enums and consts of one
    scalar type as the one enum of all their values: Hono's status codes, ``anyOf: [{type:
    number, enum: [100]}, {type: number, enum: [102]}, ...]``, made one enum class per
    alternative (1,920 classes in paycrew2's API, ``Status1919``) and a union of 64 of them.
    Anything else (a ``null`` alternative, an object, a ``$ref``, a ``maxLength``) is left as is.
    """
    key = "anyOf" if "anyOf" in schema else "oneOf"
    parts = schema.get(key)
    if not isinstance(parts, list) or len(parts) < 2 or {"anyOf", "oneOf"} <= schema.keys():
        return schema
    values: list[Any] = []
    for part in parts:
        if not isinstance(part, dict) or not part.keys() <= _CHOICE_KEYS:
            return schema
        if isinstance(part.get("enum"), list) and "const" not in part:
            values.extend(part["enum"])
        elif "const" in part and "enum" not in part:
            values.append(part["const"])
        else:
            return schema
    kinds = {json.dumps(part["type"]) for part in parts if "type" in part}
    if not kinds:  # `anyOf: [{const: a}, {const: b}]`: the type of all the values, if one
        kinds = {json.dumps(k) for k in ("string", "integer", "boolean") if all(
            has_type(value, [k]) for value in values)}
    kind = json.loads(kinds.pop()) if len(kinds) == 1 else None
    if kind not in _SCALAR_TYPES or schema.get("type", kind) != kind:
        return schema
    unique = distinct(values)
    if not unique or not all(has_type(value, [kind]) for value in unique):
        return schema
    if key == "oneOf" and len(unique) < len(values):  # a value two alternatives list: none
        return schema
    merged = {name: value for name, value in schema.items() if name != key}
    return {**merged, "type": kind, "enum": unique}


_EVALUATING = frozenset(
    {"properties", "patternProperties", "additionalProperties", "$ref", "$dynamicRef", "allOf",
     "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas"}
)
"""Keywords that evaluate properties, or take schemas that may: ``unevaluatedProperties`` beside
one of them means more than ``additionalProperties``."""


def _map_values(schema: dict[str, Any]) -> dict[str, Any]:
    """``unevaluatedProperties`` as ``additionalProperties`` where nothing else evaluates one."""
    if "unevaluatedProperties" not in schema or _EVALUATING & schema.keys():
        return schema
    if not isinstance(schema["unevaluatedProperties"], dict | bool):
        return schema  # lint refused it
    return {
        ("additionalProperties" if key == "unevaluatedProperties" else key): value
        for key, value in schema.items()
    }


def _bases_unaliased(schema: dict[str, Any], unaliased: _Unaliased) -> dict[str, Any]:
    """``schema`` with each ``allOf`` part's ``$ref`` to an alias naming what the alias names."""
    parts = schema.get("allOf")
    if not isinstance(parts, list):
        return schema
    based = [
        {**part, "$ref": unaliased(part["$ref"])}
        if isinstance(part, dict) and isinstance(part.get("$ref"), str)
        else part
        for part in parts
    ]
    if all(a == b for a, b in zip(based, parts, strict=True)):
        return schema
    return {**schema, "allOf": based}


class _Unaliased:
    """A ``$ref`` written in one file of the document -> the same when it does not land on an
    alias, else a ``$ref`` (from that file) to the schema at the end of the aliases."""

    def __init__(self, document: SpecDocument, source: SourceFile) -> None:
        self.document, self.source = document, source

    def __call__(self, ref: str) -> str:
        end = self._end(ref)
        if end is None or end[3] < 2:
            return ref  # it lands on a schema that is no alias: as written
        here, place = end[0], end[1]
        if here is self.source:
            return f"#{place}"
        path = Path(os.path.relpath(here.path, self.source.path.parent)).as_posix()
        return f"{path}#{place}" if place else path

    def target(self, ref: str) -> Any:
        """The schema at the end of the aliases ``ref`` leads through (None: none found)."""
        end = self._end(ref)
        return None if end is None else end[2]

    def _end(self, ref: str) -> tuple[SourceFile, str, Any, int] | None:
        """Where ``ref`` lands past the aliases: file, place, schema, and how many ``$ref``s
        it followed (None where one does not resolve, or the aliases make a circle)."""
        here, place, schema = self.source, "", {"$ref": ref}
        seen: set[tuple[Path, str]] = set()
        while self._alias(schema, here, place):
            try:
                here, place, schema = self.document.resolve(schema["$ref"], here)
            except (KeyError, OSError, ValueError):
                return None  # lint refused it (or it is remote): the model generator says more
            if (here.path, place) in seen:
                return None  # aliases in a circle: nothing to name
            seen.add((here.path, place))
        return here, place, schema, len(seen)

    def _alias(self, schema: Any, here: SourceFile, place: str) -> bool:
        if not isinstance(schema, dict) or not isinstance(schema.get("$ref"), str):
            return False
        link: str = schema["$ref"]
        if "://" in link or link.startswith("//") or not annotations_only(schema.keys() - {"$ref"}):
            return False
        # A root component naming another file's schema: that schema's class has its name.
        named = here is self.document.root and place.startswith("/components/schemas/")
        return not (named and place.count("/") == 3 and not link.startswith("#"))
