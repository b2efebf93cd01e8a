"""The spec as datamodel-code-generator reads it right: each file's data rewritten, with the same
meaning, where the model generator misreads it. Each rewrite names the document that showed the
misreading; what leads to a change is copied, everything else shared."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from generator.lint import invalid_defaults
from generator.load import SpecDocument, iter_pointer, iter_refs
from generator.shapes import (
    ANNOTATIONS,
    annotations_only,
    concrete_bases,
    declares_property,
    local_component,
    mapping_component,
    pattern_error,
    subtype_tags,
    text_tagged,
)

__all__ = ["model_input"]


def model_input(document: SpecDocument) -> dict[Path, Any]:
    """Every file's data as the model generator is to read it, by path.

    It starts from the data our loader built (YAML 1.2 scalars, checked), not the text parsed
    again with YAML 1.1 rules, and without the defaults that do not match their schemas (lint
    warned: default-invalid), so such a field is what it would be without a default."""
    dropped = invalid_defaults(document)
    files = {
        path: _for_the_model_generator(
            _without_defaults(source.data, {p for f, p in dropped if f == path})
        )
        for path, source in {**document.files, document.root.path: document.root}.items()
    }
    files.update(_named_components_only(document, files))
    files[document.root.path] = _unions_that_tag_a_member_apart(
        _undiscriminated_unions_of_unions(
            _closed_number_tags(
                _tagged_subtypes(_concrete_bases(_bases_spliced(files[document.root.path])))
            )
        )
    )
    return files


def _without_defaults(data: Any, pointers: set[str]) -> Any:
    """``data`` without the ``default`` of the schemas at ``pointers`` (JSON pointers into it);
    what leads to them is copied, everything else shared."""
    if not pointers or not isinstance(data, dict | list):
        return data
    if isinstance(data, dict):
        copy: Any = {k: v for k, v in data.items() if k != "default" or "" not in pointers}
    else:
        copy = list(data)
    below: dict[str, set[str]] = {}
    for pointer in pointers - {""}:
        head, _, rest = pointer[1:].partition("/")
        below.setdefault(head, set()).add(f"/{rest}" if rest else "")
    for head, inner in below.items():
        key: str | int = head.replace("~1", "/").replace("~0", "~")
        if isinstance(copy, list):
            if not head.isdigit() or int(head) >= len(copy):
                continue
            key = int(head)
        elif key not in copy:
            continue
        copy[key] = _without_defaults(copy[key], inner)
    return copy


def _for_the_model_generator(data: Any) -> Any:
    """``data`` as the model generator reads it right, with the same meaning (0.2 s at 1,000
    operations):

    - a property of an ``allOf`` part that is ``type: 'null'`` is written ``const: null``: the
      model generator merges the first with the inherited property (``cid: {type: [string,
      'null'], format: uuid}`` narrowed to null became ``cid: UUID``, which refuses the only
      value allowed), and makes ``None`` of the second;
    - a schema's ``default: null`` is left out: an optional field's default is None anyway,
      and the model generator put it on types that have no None (the enum of ``enum: [a,
      null]`` as ``adj: Adj = None``, the root model of an ``anyOf``'s non-null branch); and so
      is 3.0's ``nullable``, which 3.1 does not know (lint's nullable-ignored): ``false`` made
      the model generator write an optional field without None (``token: str = None``,
      codat's), ``true`` a required one that takes None, and a ``oneOf`` beside it a union
      naming ``str`` twice (StackOne's log ``body``: ``str | ... | str``), which ruff refuses.

    - a ``type`` list of several scalar types with constraints of some of them (``type: [string,
      integer], maxLength: 5``) is written as the ``anyOf`` of one schema per type, each with
      its own constraints (JSON Schema applies a keyword to the instances of its type only):
      the model generator wrote the first as ``constr(max_length=5) | int``, a call in a type
      hint, which mypy refuses; it writes the second as it writes any ``anyOf``.

    - a nullable ``anyOf`` of one constrained scalar is written as a ``type`` list
      (``_nullable_scalar_as_type_list``).

    - a ``const`` that no ``Literal`` holds is written otherwise: a number that is no integer,
      or an integer outside mypy's range (a signed 64-bit one, ``-(2**63 - 1)`` up), as
      ``minimum`` and ``maximum`` of that value, its meaning (mypy refuses
      ``Literal[18000000000000000000]``); an array or an object is left to its ``type`` (the
      model generator wrote ``bar: float = None`` for an optional one, which mypy refuses).

    - an enum's ``null`` is the member ``NULL``, and a string that begins with a symbol is
      named by its symbols (``_member_names``).

    - a tuple of exactly its places (``prefixItems``, ``items: false``, ``minItems`` their
      number) says ``maxItems`` too: the model generator made a list of it without.

    - a ``pattern`` pydantic's regex engine cannot compile (lint's pattern-unsupported) is
      left out: the model's module would not import.

    - a ``$ref``'s file is the path it encodes (``my%20labels/labels.yaml``): the model
      generator looked for the file as written.

    - a keyword that applies to none of the schema's types is left out (``_APPLIES_TO``): the
      model generator made a list of Gusto's ``category: {type: string, items: {type:
      integer}}``, limited a string's length by ``maxItems`` and a list's by ``minLength``, and
      wrote ``constr(...)`` in a type hint for Honeycomb's ``type: [string, number, boolean],
      minItems: 1`` (mypy refuses the call). A schema without ``type`` (nor ``items`` or a
      ``$ref``) takes a value of any type, which such keywords do not limit: they are left out
      too (the model generator made ``allOf: [{maximum: 30}, {minimum: 20}]`` an empty model,
      and put ``multiple_of`` on ``Any``, a TypeError for every value).

    - an ``allOf`` beside a ``oneOf`` (``_allof_beside_alternatives``), and one over a ``oneOf``
      with a fieldless alternative (``_allof_over_empty_alternative``), are distributed; an
      inline alternative of a discriminated union tagged by several values is one alternative
      per value (``_one_tag_per_inline_alternative``).

    - an extension the model generator acts on is left out where it would change what the IR
      decided (``x-python-type``, ``x-python-import``, ``x-is-base-class``, ``x-is-classvar``:
      types and imports the spec's author does not mean for this client), or where it is not
      the list of names it reads (Paddle's ``x-enum-descriptions``, a map of value to
      description: the model generator refused the spec).

    What leads to a change is copied, everything else shared."""
    if isinstance(data, list):
        items = [_for_the_model_generator(item) for item in data]
        return items if any(a is not b for a, b in zip(items, data, strict=True)) else data
    if not isinstance(data, dict):
        return data
    copy = {key: _for_the_model_generator(value) for key, value in data.items()}
    ref = copy.get("$ref")
    if isinstance(ref, str) and "%" in ref.partition("#")[0] and "://" not in ref:
        target, hash_sign, fragment = ref.partition("#")
        copy["$ref"] = f"{unquote(target)}{hash_sign}{fragment}"
    if "default" in copy and copy["default"] is None and _SCHEMA_KEYS & copy.keys():
        del copy["default"]
    if isinstance(copy.get("nullable"), bool) and _SCHEMA_KEYS & copy.keys():
        del copy["nullable"]
    kind = copy.get("type")
    if isinstance(kind, str | list):
        kinds = {kind} if isinstance(kind, str) else set(map(str, kind))
        for key in copy.keys() & _APPLIES_TO.keys():
            if not kinds & _APPLIES_TO[key]:
                del copy[key]
    elif "type" not in copy and not copy.keys() & {"items", "prefixItems", "$ref"}:
        for key in copy.keys() & _APPLIES_TO.keys():
            del copy[key]
    for key in copy.keys() & _READ_EXTENSIONS:
        names = copy[key]
        if key in _PYTHON_EXTENSIONS or not (
            isinstance(names, list) and all(n is None or isinstance(n, str) for n in names)
        ):
            del copy[key]
    enum = copy.get("enum")
    if isinstance(enum, list) and not copy.keys() & _READ_EXTENSIONS:
        names = _member_names(enum)
        if any(names):
            copy["x-enum-varnames"] = names
    pattern = copy.get("pattern")
    if isinstance(pattern, str) and _SCHEMA_KEYS & copy.keys() and pattern_error(pattern):
        del copy["pattern"]  # lint warned (pattern-unsupported): pydantic cannot compile it
    if copy.get("format") == "password" and copy.get("type") == "string":
        copy["repr"] = False  # a field extra (`field_extra_keys`): Field(repr=False)
    places = copy.get("prefixItems")
    if isinstance(places, list) and copy.get("items") is False and copy.get("minItems") == len(
        places
    ):
        copy["maxItems"] = len(places)  # what `items: false` says: read as the tuple it is
    const = copy.get("const")
    if isinstance(const, list | dict):
        del copy["const"]
    elif isinstance(const, float) or (
        isinstance(const, int) and not isinstance(const, bool) and abs(const) > _MYPY_INT
    ):
        del copy["const"]
        copy["minimum"] = copy["maximum"] = const
    parts = copy.get("allOf")
    if isinstance(parts, list):
        based = any(isinstance(part, dict) and "$ref" in part for part in parts)
        copy["allOf"] = [_null_properties(part, based) for part in parts]
    copy = _type_list_as_any_of(_one_tag_per_inline_alternative(_allof_of_one_reference(copy)))
    copy = _nullable_scalar_as_type_list(copy)
    copy = _allof_over_empty_alternative(_allof_beside_alternatives(_allof_of_constraints(copy)))
    changed = copy.keys() != data.keys() or any(copy[key] is not data[key] for key in copy)
    return copy if changed else data


_SYMBOLS = {
    "=": "EQ", "!": "NOT", "<": "LT", ">": "GT", "~": "TILDE", "+": "PLUS", "-": "MINUS",
    "*": "STAR", "/": "SLASH", "%": "PERCENT", "&": "AND", "|": "OR", "^": "CARET", ".": "DOT",
    ",": "COMMA", ":": "COLON", ";": "SEMICOLON", "?": "QUESTION", "@": "AT", "#": "HASH",
    "$": "DOLLAR",
}
"""The name of each symbol an enum value may begin with."""


def _member_names(values: list[Any]) -> list[str]:
    """The enum members' names where the model generator's are poor, "" (its own) elsewhere:
    null is ``NULL`` (``NONE`` beside a string ``"null"``; it was ``NONE_TYPE_NONE``), the
    empty string ``EMPTY``, and a string that begins with a symbol is named by its symbols and
    words (Cribl's operators ``=``, ``!=``, ``=~`` were ``FIELD_``, ``FIELD__``, ``field___1``;
    they are ``EQ``, ``NOT_EQ``, ``EQ_TILDE``; ``+1`` is ``PLUS_1``)."""
    taken = {value.upper() for value in values if isinstance(value, str)}
    names = []
    for value in values:
        if value is None:
            names.append("NULL" if "NULL" not in taken else "NONE")
        elif value == "":
            names.append("EMPTY" if "EMPTY" not in taken else "")
        elif isinstance(value, str) and value[0] in _SYMBOLS:
            words = re.findall(r"[A-Za-z0-9]+|[^A-Za-z0-9]", value)
            spelled = [_SYMBOLS.get(word, word.upper()) for word in words]
            names.append("_".join(word for word in spelled if word.isalnum()))
        else:
            names.append("")
    return names


_PYTHON_EXTENSIONS = frozenset(
    {"x-python-type", "x-python-import", "x-is-base-class", "x-is-classvar"}
)
_READ_EXTENSIONS = _PYTHON_EXTENSIONS | {"x-enum-varnames", "x-enumNames", "x-enum-descriptions"}
"""The extensions the model generator reads: Python ones, and lists of enum member names."""

_APPLIES_TO: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        ("items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"),
        frozenset({"array"}),
    ),
    **dict.fromkeys(("minLength", "maxLength", "pattern"), frozenset({"string"})),
    **dict.fromkeys(
        ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
        frozenset({"integer", "number"}),
    ),
    **dict.fromkeys(("minProperties", "maxProperties"), frozenset({"object"})),
}
"""The keywords that apply to values of some types only (JSON Schema's validation vocabulary),
by those types."""


def _one_tag_per_inline_alternative(schema: dict[str, Any]) -> dict[str, Any]:
    """A ``discriminator`` without a ``mapping`` over inline alternatives, each tagged by one
    value: the model generator tagged an alternative whose property is an ``enum`` of several
    values by its place (``'0#-datamodel-code-generator-#-object-#-special-#'``), and the
    union refused every value (Together's interpreter outputs, ``type: {enum: [stdout,
    stderr]}``). Such an alternative is written as one alternative per value, the same
    meaning. An inline alternative without the property leaves the union untagged."""
    discriminator = schema.get("discriminator")
    key = "oneOf" if "oneOf" in schema else "anyOf"
    options = schema.get(key)
    if not isinstance(discriminator, dict) or "mapping" in discriminator:
        return schema
    if not isinstance(options, list):
        return schema
    name = discriminator.get("propertyName")
    split: list[Any] = []
    for option in options:
        if not isinstance(option, dict) or "$ref" in option:
            split.append(option)
            continue
        tag = (option.get("properties") or {}).get(name)
        if not isinstance(tag, dict):
            return {k: v for k, v in schema.items() if k != "discriminator"}
        values = tag.get("enum")
        if "const" in tag or not isinstance(values, list) or len(values) < 2:
            split.append(option)
            continue
        for value in values:
            properties = {**option["properties"], name: {**tag, "enum": [value]}}
            split.append({**option, "properties": properties})
    return schema if len(split) == len(options) else {**schema, key: split}


_SHAPE_KEYS = frozenset({
    "$ref", "properties", "allOf", "oneOf", "anyOf", "items", "enum", "const",
    "additionalProperties", "patternProperties",
})  # fmt: skip
"""Keys that give a schema fields or values of its own (``not`` gives neither)."""


def _allof_of_constraints(schema: dict[str, Any]) -> dict[str, Any]:
    """Without an ``allOf`` whose parts give no type, fields or values (the JSON Schema test
    suite's ``allOf: [{prefixItems: [{minimum: 3}]}]`` beside ``items``): the model generator
    made an empty object model of the schema, which refused the lists it describes. Such parts
    only constrain; the model checks less, as for a constraint of another type."""
    parts = schema.get("allOf")
    if not isinstance(parts, list) or "type" in schema:
        return schema
    if all(isinstance(p, dict) and not ({"type"} | _SHAPE_KEYS) & p.keys() for p in parts):
        return {key: value for key, value in schema.items() if key != "allOf"}
    return schema


def _allof_over_empty_alternative(schema: dict[str, Any]) -> dict[str, Any]:
    """An ``allOf`` of parts and a ``oneOf`` (or ``anyOf``) of which an alternative is an object
    with no fields of its own, as the ``oneOf`` of the ``allOf`` of the parts with each
    alternative: the same meaning. The model generator distributes such an ``allOf`` itself,
    but left that alternative out (WorkOS's ``{type: object, not: ...}``, "no parent given"),
    so the union refused every body without a parent."""
    parts = schema.get("allOf")
    if not isinstance(parts, list) or _SHAPE_KEYS & (schema.keys() - {"allOf"}):
        return schema
    for index, part in enumerate(parts):
        for key in ("oneOf", "anyOf"):
            options = part.get(key) if isinstance(part, dict) else None
            if not isinstance(options, list) or not part.keys() <= {key, "description", "title"}:
                continue
            if any(_fieldless_object(option) for option in options):
                others = parts[:index] + parts[index + 1 :]
                rest = {name: value for name, value in schema.items() if name != "allOf"}
                return {**rest, key: [{"allOf": [*others, option]} for option in options]}
    return schema


def _allof_beside_alternatives(schema: dict[str, Any]) -> dict[str, Any]:
    """An ``allOf`` beside a ``oneOf`` (or ``anyOf``) in one schema, as the ``oneOf`` of the
    ``allOf`` of the parts with each alternative: the same meaning. The model generator merged
    the first alternative's properties into every other (Planir's ``RuntimeWithObserved``: each
    variant's ``timeoutAt`` became the first's ``None``, refusing the others' date-times)."""
    parts = schema.get("allOf")
    if not isinstance(parts, list) or _SHAPE_KEYS & (schema.keys() - {"allOf", "oneOf", "anyOf"}):
        return schema
    for key in ("oneOf", "anyOf"):
        options = schema.get(key)
        if isinstance(options, list) and (key == "oneOf" or "oneOf" not in schema):
            rest = {name: value for name, value in schema.items() if name not in ("allOf", key)}
            return {
                **rest,
                key: [{"allOf": [*parts, _null_properties(option, False)]} for option in options],
            }
    return schema


def _fieldless_object(schema: Any) -> bool:
    return (
        isinstance(schema, dict)
        and schema.get("type", "object") == "object"
        and not _SHAPE_KEYS & schema.keys()
    )


def _named_components_only(document: SpecDocument, files: dict[Path, Any]) -> dict[Path, Any]:
    """The spec's other files whose ``components/schemas`` hold schemas that no ``$ref`` or
    discriminator ``mapping`` of any file names, without those. The model generator makes a
    class of every component of a file it reads a ``$ref`` into: one nothing uses was a class
    of the package, and an invalid one (libopenapi's ``Orphan``, whose ``properties`` hold a
    ``required`` list), which lint does not read, failed the models."""
    named: dict[Path, set[str]] = {}
    for path, data in files.items():
        for ref in [*iter_refs(data), *_mapping_targets(data)]:
            target, _, fragment = ref.partition("#")
            where = (path.parent / unquote(target)).resolve() if target else path
            tokens = list(iter_pointer(fragment))
            if tokens[:2] != ["components", "schemas"] or len(tokens) < 3:
                named.setdefault(where, set()).add("")  # the file, or another place of it
            else:
                named.setdefault(where, set()).add(tokens[2])
    trimmed: dict[Path, Any] = {}
    for path, data in files.items():
        components = data.get("components") if isinstance(data, dict) else None
        schemas = components.get("schemas") if isinstance(components, dict) else None
        used = named.get(path, set())
        if path == document.root.path or "" in used or not isinstance(schemas, dict):
            continue
        if not isinstance(components, dict):
            continue
        if schemas.keys() - used:
            kept = {name: schema for name, schema in schemas.items() if name in used}
            trimmed[path] = {**data, "components": {**components, "schemas": kept}}
    return trimmed


def _mapping_targets(data: Any) -> Iterator[str]:
    """Each discriminator ``mapping``'s target that is a reference (``#/...``, ``file#/...``)."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            discriminator = node.get("discriminator")
            mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
            if isinstance(mapping, dict):
                yield from (t for t in mapping.values() if isinstance(t, str) and "#" in t)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _bases_spliced(data: Any) -> Any:
    """``data`` with an ``allOf`` part that names a component which is itself an ``allOf`` (of
    parts, with properties at most) written as that component's parts, where the model
    generator's class built on it lost fields (refused as a bug in the generator). An ``allOf``
    means the same with its parts' parts in place. That is:

    - a component over a union (a ``oneOf``/``anyOf``, inline or a component, or another such
      component): Meilisearch's ``SearchResultWithIndex: allOf: [{$ref: SearchResult},
      {indexUid}]``, with ``SearchResult: allOf: [{$ref: Paging}, {hits}]`` and ``Paging`` a
      ``oneOf``. The model generator makes ``SearchResult`` the union of its combinations, a
      root model, which has no fields to inherit; over ``Paging`` itself it makes the union
      of every combination, as meant;
    - any such component, where the ``allOf`` redeclares in a part of its own a property that
      one of its ``$ref`` parts declares: Figma's ``BooleanOperationNode`` narrows ``type``
      (``IsLayerTrait``'s string) to ``BOOLEAN_OPERATION`` beside ``HasGeometryTrait: allOf:
      [{$ref: MinimalFillsTrait}, {$ref: MinimalStrokesTrait}, {...}]``, whose fields the
      model generator left out of the node."""
    schemas = data.get("components", {}).get("schemas") if isinstance(data, dict) else None
    if not isinstance(schemas, dict):
        return data

    def parts_of(name: str, seen: tuple[str, ...], every: bool) -> list[Any] | None:
        """The parts a part naming component ``name`` stands for, None for itself."""
        schema = schemas.get(name) if name not in seen else None
        parts = schema.get("allOf") if isinstance(schema, dict) else None
        if not isinstance(schema, dict) or not isinstance(parts, list):
            return None
        if not all(isinstance(part, dict) for part in parts):
            return None
        rest = {k: v for k, v in schema.items() if k != "allOf" and k not in ANNOTATIONS}
        if rest.keys() - {"type", "properties", "required"} or rest.get("type", "object") != (
            "object"
        ):
            return None
        spliced = spliced_parts(parts, (*seen, name), None if every else set())
        if not every and not any(
            "oneOf" in part or "anyOf" in part or union(part.get("$ref")) for part in spliced
        ):
            return None
        return [*spliced, rest] if rest.keys() - {"type"} else spliced

    def union(ref: Any) -> bool:
        target = schemas.get(local_component(ref) or "")
        return isinstance(target, dict) and ("oneOf" in target or "anyOf" in target)

    def spliced_parts(
        parts: list[Any], seen: tuple[str, ...], narrowed: set[str] | None
    ) -> list[Any]:
        """``parts`` with those to splice spliced. ``narrowed``: the properties the ``allOf``
        redeclares, where a part that declares none of them is spliced whatever it composes
        (None: every part, inside such a part)."""
        result: list[Any] = []
        for part in parts:
            name = local_component(part.get("$ref")) if isinstance(part, dict) else None
            every = narrowed is None or (
                bool(narrowed)
                and not any(declares_property(part, key, schemas) for key in narrowed)
            )
            inner = (
                parts_of(name, seen, every)
                if name is not None and part.keys() == {"$ref"}
                else None
            )
            result.extend([part] if inner is None else inner)
        return result

    def narrowed(parts: list[Any]) -> set[str]:
        """The properties a part of its own redeclares that a ``$ref`` part declares."""
        own = {
            key
            for part in parts
            if isinstance(part, dict) and "$ref" not in part
            for key in (part.get("properties") or {})
        }
        bases = [p for p in parts if isinstance(p, dict) and isinstance(p.get("$ref"), str)]
        return {key for key in own if any(declares_property(b, key, schemas) for b in bases)}

    changed = {}
    for name, schema in schemas.items():
        parts = schema.get("allOf") if isinstance(schema, dict) else None
        if isinstance(parts, list):
            spliced = spliced_parts(parts, (name,), narrowed(parts))
            if spliced != parts:
                changed[name] = {**schema, "allOf": spliced}
    if not changed:
        return data
    return {**data, "components": {**data["components"], "schemas": {**schemas, **changed}}}


def _concrete_bases(data: Any) -> Any:
    """``data`` without the ``discriminator`` of each of ``shapes.concrete_bases``. The model
    generator reads a discriminated base as its subtypes only and dropped it from the union
    (``RootModel[BlogPostWithImageDto]`` refused every plain blog post); without it the union
    is the two classes, as written."""
    bases = concrete_bases(data)
    if not bases:
        return data
    schemas = data["components"]["schemas"]
    concrete = {
        name: {k: v for k, v in schema.items() if k != "discriminator"} if name in bases else schema
        for name, schema in schemas.items()
    }
    return {**data, "components": {**data["components"], "schemas": concrete}}


def _tagged_subtypes(data: Any) -> Any:
    """``data`` with each subtype of a discriminated base (``shapes.subtype_tags``) holding its
    tag as a ``const``: a reference to the base is the union of its subtypes, and the model
    generator types their tag ``Literal[...]`` only where a property refers to the base. Where
    none does (a ``Pet`` response only), ``Cat | Dog`` was two classes with ``petType: str``,
    and a dog without its optional fields parsed as the cat. A subtype that declares the tag
    itself keeps its own declaration."""
    tags = subtype_tags(data)
    if not tags:
        return data
    schemas = dict(data["components"]["schemas"])
    for name, (tag, value) in tags.items():
        schema = schemas[name]
        own = [schema, *(p for p in schema["allOf"] if isinstance(p, dict) and "$ref" not in p)]
        if any(tag in (part.get("properties") or {}) for part in own):
            continue
        part = {"type": "object", "properties": {tag: {"const": value}}, "required": [tag]}
        schemas[name] = {**schema, "allOf": [*schema["allOf"], part]}
    return {**data, "components": {**data["components"], "schemas": schemas}}


def _closed_number_tags(data: Any) -> Any:
    """``data`` with the tag property of each member of a discriminated component union that
    is an enum of one value that is no string written as ``const`` of that value (.NET's
    ``$type: {type: integer, enum: [0]}``, mapped by ``'0'``). The model generator makes such an
    enum an open one, which takes any integer; and the union, whose tags are no text, is left
    untagged (``_undiscriminated_unions_of_unions``): it took a value with ``$type: 1`` and both
    members' fields for the first member. ``Literal[0]`` keeps pydantic's smart union exact."""
    schemas = data.get("components", {}).get("schemas") if isinstance(data, dict) else None
    if not isinstance(schemas, dict):
        return data
    closed: dict[str, Any] = {}
    for schema in schemas.values():
        discriminator = schema.get("discriminator") if isinstance(schema, dict) else None
        name = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
        if not isinstance(name, str):
            continue
        for option in [*(schema.get("oneOf") or ()), *(schema.get("anyOf") or ())]:
            member = local_component(option.get("$ref")) if isinstance(option, dict) else None
            target = closed.get(member, schemas.get(member)) if member is not None else None
            properties = target.get("properties") if isinstance(target, dict) else None
            if member is None or not isinstance(target, dict) or not isinstance(properties, dict):
                continue
            tag = properties.get(name)
            if not isinstance(tag, dict) or "const" in tag:
                continue
            values = tag.get("enum")
            if isinstance(values, list) and len(values) == 1 and not isinstance(values[0], str):
                closed[member] = {
                    **target,
                    "properties": {
                        **properties,
                        name: {**{k: v for k, v in tag.items() if k != "enum"}, "const": values[0]},
                    },
                }
    if not closed:
        return data
    return {**data, "components": {**data["components"], "schemas": {**schemas, **closed}}}


def _undiscriminated_unions_of_unions(data: Any) -> Any:
    """``data`` without the ``discriminator`` of each component union that lists a union
    component (Polar's ``Event``: ``oneOf: [SystemEvent, UserEvent]`` on ``source``, where
    ``SystemEvent`` is a ``oneOf`` itself), a member that does not declare the property, or one
    whose property is no text (``shapes.text_tagged``). The
    model generator makes a union member a root model, which has no ``source`` attribute:
    pydantic validates the tagged union, but warns on every dump that it cannot read the tag;
    a member without the property has no tag at all. Without the discriminator the union is
    pydantic's smart one, which the members' own tags keep unambiguous."""
    schemas = data.get("components", {}).get("schemas") if isinstance(data, dict) else None
    if not isinstance(schemas, dict):
        return data

    def is_union(ref: Any) -> bool:
        target = schemas.get(local_component(ref) or "")
        return isinstance(target, dict) and "properties" not in target and (
            "oneOf" in target or "anyOf" in target
        )

    def untagged_by(schema: dict[str, Any], option: Any) -> bool:
        # A member that is a union itself, that does not declare the property (Revolut's
        # Location-Update-Online: the tagged union refused every value, none having a tag), or
        # whose tag is no text (echo-template's integer `code`: `Literal['CodedFailure']`).
        discriminator = schema["discriminator"]
        name = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
        return isinstance(option, dict) and (
            is_union(option.get("$ref"))
            or not declares_property(option, name, schemas)
            or not text_tagged(option, name, schemas)
        )

    untagged = {
        name
        for name, schema in schemas.items()
        if isinstance(schema, dict)
        and "discriminator" in schema
        and any(
            untagged_by(schema, option)
            for key in ("oneOf", "anyOf")
            for option in (schema.get(key) or ())
        )
    }
    if not untagged:
        return data
    plain = {
        name: {k: v for k, v in schema.items() if k != "discriminator"}
        if name in untagged
        else schema
        for name, schema in schemas.items()
    }
    return {**data, "components": {**data["components"], "schemas": plain}}


def _unions_that_tag_a_member_apart(data: Any) -> Any:
    """``data`` without the ``discriminator`` of each component union whose ``mapping`` gives
    a member fewer keys than another union's gives it (Iceberg's ``EmptyPlanningResult``:
    ``cancelled`` in one union, ``submitted`` and ``cancelled`` in another, whose ``submitted``
    is another member's). The model generator types a member's tag as the keys of the last
    union it reads, one class for all: ``Literal["cancelled"]`` refused every ``submitted``
    result the other union maps to it. Without that discriminator, the member's tag is all
    its keys (the tagged union that names them all chooses by them), and the union without
    it is pydantic's smart one, which the members' tags keep apart."""
    schemas = data.get("components", {}).get("schemas") if isinstance(data, dict) else None
    if not isinstance(schemas, dict):
        return data
    keys: dict[str, dict[str, set[str]]] = {}  # member -> union -> the keys naming the member
    for name, schema in schemas.items():
        discriminator = schema.get("discriminator") if isinstance(schema, dict) else None
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        if not isinstance(mapping, dict) or not ("oneOf" in schema or "anyOf" in schema):
            continue
        for key, target in mapping.items():
            member = mapping_component(target)
            if member is not None:
                keys.setdefault(member, {}).setdefault(name, set()).add(str(key))
    apart = {
        union
        for by_union in keys.values()
        for union, named in by_union.items()
        if named != set().union(*by_union.values())
    }
    if not apart:
        return data
    plain = {
        name: {k: v for k, v in schema.items() if k != "discriminator"} if name in apart else schema
        for name, schema in schemas.items()
    }
    return {**data, "components": {**data["components"], "schemas": plain}}


_MYPY_INT = 2**63 - 1
"""The largest integer mypy reads in a ``Literal`` (and its negative: ``-2**63`` is the negation
of a number it refuses)."""

_NUMBER_KEYWORDS = frozenset(
    {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "format"}
)
_SCALAR_KEYWORDS = {
    "string": frozenset({"minLength", "maxLength", "pattern", "format", "contentEncoding"}),
    "integer": _NUMBER_KEYWORDS,
    "number": _NUMBER_KEYWORDS,
    "boolean": frozenset(),
    "null": frozenset(),
}
"""The keywords that constrain each scalar type's instances (``format`` goes to each type)."""


def _allof_of_one_reference(schema: dict[str, Any]) -> dict[str, Any]:
    """``allOf: [{$ref: NetworkMode}, {default: host}]`` (dstack's) as ``{$ref: NetworkMode,
    default: host}``, the same schema written as 3.1 allows: the model generator left the
    default out and made the field take None (``NetworkMode | None = None``). Only where the
    other parts hold annotations and a default, which the schema itself does not repeat."""
    parts = schema.get("allOf")
    if not isinstance(parts, list) or len(parts) < 2:
        return schema
    refs = [p for p in parts if isinstance(p, dict) and "$ref" in p]
    others = [p for p in parts if not any(p is r for r in refs)]
    if len(refs) != 1 or set(refs[0]) != {"$ref"}:
        return schema
    if not all(isinstance(p, dict) and p.keys() <= ANNOTATIONS | {"default"} for p in others):
        return schema
    merged = {k: v for part in others for k, v in part.items()}
    rest = {k: v for k, v in schema.items() if k != "allOf"}
    if "default" not in merged or rest.keys() & merged.keys():
        return schema
    if not all(k in ANNOTATIONS or k.startswith("x-") for k in rest):
        return schema
    return {**rest, **merged, "$ref": refs[0]["$ref"]}


def _nullable_scalar_as_type_list(schema: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [{type: integer, exclusiveMinimum: 0}, {type: 'null'}]`` (FastAPI's
    ``Optional[PositiveInt]``) as ``type: [integer, 'null'], exclusiveMinimum: 0``, the same
    values: the model generator made the constrained branch a root model (``top_n: TopN |
    None``), against which a plain ``5`` does not type-check; a type list is ``Annotated[int |
    None, Field(gt=0)]``."""
    key = "anyOf" if "anyOf" in schema else "oneOf"
    options = schema.get(key)
    if not isinstance(options, list) or len(options) != 2 or {"type": "null"} not in options:
        return schema
    branch = options[1 - options.index({"type": "null"})]
    kind = branch.get("type") if isinstance(branch, dict) else None
    if not isinstance(kind, str) or kind not in _SCALAR_KEYWORDS or kind == "null":
        return schema
    constraints = branch.keys() & _SCALAR_KEYWORDS[kind] - {"format"}
    rest = schema.keys() - {key}
    # An extension changes nothing (gr4vy's `x-speakeasy-ignore: true` made `Amount2`).
    written = {k for k in branch.keys() - {"type"} if not k.startswith("x-")}
    if not constraints or not written <= _SCALAR_KEYWORDS[kind] | ANNOTATIONS:
        return schema
    if not {k for k in rest if not k.startswith("x-")} <= ANNOTATIONS | {"default"}:
        return schema
    return {**branch, **{k: schema[k] for k in rest}, "type": [kind, "null"]}


def _type_list_as_any_of(schema: dict[str, Any]) -> dict[str, Any]:
    """``type: [string, integer, ...]`` with constraints as ``anyOf`` (see the caller)."""
    kinds = schema.get("type")
    if (
        not isinstance(kinds, list)
        or not all(isinstance(k, str) and k in _SCALAR_KEYWORDS for k in kinds)
        or len([k for k in kinds if k != "null"]) < 2
        or not schema.keys().isdisjoint(("enum", "const", "anyOf", "oneOf", "allOf"))
    ):
        return schema
    constraints = set().union(*(_SCALAR_KEYWORDS[k] for k in kinds)) & schema.keys()
    if not constraints - {"format"}:
        return schema
    branches = [
        {"type": kind, **{key: schema[key] for key in _SCALAR_KEYWORDS[kind] & constraints}}
        for kind in kinds
    ]
    rest = {key: value for key, value in schema.items() if key not in constraints | {"type"}}
    return {**rest, "anyOf": branches}


_SCHEMA_KEYS = frozenset({"type", "enum", "const", "anyOf", "oneOf", "allOf", "$ref"})
"""Keys that make a mapping with a ``default`` a schema (not an example that holds one)."""


def _null_properties(part: Any, based: bool) -> Any:
    """An ``allOf`` part's properties as the model generator reads them right: a ``type:
    'null'`` one as ``const: null``, and, beside a ``$ref``'d base, one of annotations only
    left out (Paddle's ``status: {readOnly: true}`` over the base's enum with a default: the
    model generator re-declared it ``status: Status = None``, which mypy refuses); the base's
    property stands, as JSON Schema reads it."""
    properties = part.get("properties") if isinstance(part, dict) else None
    if not isinstance(properties, dict):
        return part
    narrowed = {
        name: (
            {**{k: v for k, v in schema.items() if k != "type"}, "const": None}
            if isinstance(schema, dict) and schema.get("type") == "null"
            else schema
        )
        for name, schema in properties.items()
        if not (based and annotations_only(schema))
    }
    if narrowed.keys() == properties.keys() and all(
        narrowed[name] is properties[name] for name in properties
    ):
        return part
    return {**part, "properties": narrowed}
