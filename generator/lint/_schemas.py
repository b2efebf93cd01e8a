"""Rules on schemas: enum values, and schema names that become the same Python class.

The properties of one schema never collide: each becomes a field of its own; a field that would
replace an inherited one is refused by the models stage, which knows the field names
(``generator/models.py``)."""

from __future__ import annotations

import re
import reprlib
from collections.abc import Callable, Iterator
from typing import Any, TypeGuard

from generator.errors import Diagnostic, Severity
from generator.lint._parts import (
    SCHEMA_LISTS,
    SCHEMA_MAPS,
    all_schemas,
    negated_only,
    subschemas,
)
from generator.lint._walk import Node, deref, diag, did_you_mean, repeats, root_node
from generator.load import SpecDocument, iter_pointer
from generator.names import class_name
from generator.shapes import (
    JSON_TYPES,
    REGEX_TOO_LARGE,
    has_type,
    json_key,
    pattern_error,
    schema_types,
)

__all__ = ["schema_rules"]


def schema_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """class-name-taken of schema classes; schema-type-unknown; enum-empty, enum-duplicate,
    enum-type-mismatch, enum-impossible; array-items-missing; array-self-nested;
    required-undefined; pattern-unsupported; nullable-ignored; dynamic-ref-unsupported;
    schema-invalid."""
    components = root_node(doc).child("components")
    schemas = components.child("schemas") if components is not None else None
    if schemas is not None:
        classes = repeats(schemas.items(), lambda entry: class_name(entry[0]))
        for (name, node), (first, _), cls in classes:
            # Valid (names are case-sensitive): the model generator keeps the class name for
            # the first and gives the others a suffix of its own choosing; the IR reads the
            # names it gave.
            yield diag(
                doc, node, "class-name-taken",
                f"schemas {first!r} and {name!r} both become the class {cls!r}: {first!r} "
                f"keeps it, and {name!r} gets a suffix ({cls + '1'!r} or {cls + 'Model'!r}, "
                "as the model generator picks)",
                "rename one of them, so that each class is named after its schema",
            )
        for name, node in schemas.items():
            yield from _self_nested(doc, name, node, schemas.value)
    yield from _dynamic_refs(doc, list(all_schemas(doc)))
    for schema in all_schemas(doc):
        yield from _type_names(doc, schema)
        yield from _enum_rules(doc, schema)
        yield from _enum_types(doc, schema)
        yield from _array_items(doc, schema)
        yield from _required(doc, schema)
        yield from _pattern(doc, schema)
        yield from _nullable(doc, schema)
        yield from _not_schemas(doc, schema)


def _not_schemas(doc: SpecDocument, schema: Node) -> Iterator[Diagnostic]:
    """A subschema that is neither an object nor a boolean (Shopware's `allOf` member `[]`, an
    empty PHP array), a `properties` that is no object or an `allOf` no array (its
    `properties: []`), and a `required` that is no list (its properties' `required: false`,
    Swagger 2.0's flag): OpenAPI's own schema does not look inside a Schema Object, and the
    model generator failed on them, unlocated."""
    data = schema.value if isinstance(schema.value, dict) else {}
    for keyword, (kind, shape) in _SHAPES.items():
        # Looked up in the data first: a Node for each keyword of each schema was a third of
        # lint's time at 1,000 operations.
        group = schema.child(keyword) if keyword in data else None
        if group is not None and not isinstance(group.value, kind):
            yield diag(
                doc, group, "schema-invalid",
                f"`{keyword}` is {group.value!r}, not {shape}",
                f"write `{keyword}` as {shape}, or remove it",
            )
    required = schema.child("required")
    if required is not None and not isinstance(required.value, list):
        yield diag(
            doc, required, "schema-invalid",
            f"`required` is {required.value!r}, not a list of property names (JSON Schema's "
            "`required` belongs to the object and names its required properties)",
            "list the property in its object's `required` (`required: [name]`) and remove this",
        )
    yield from _keyword_values(doc, schema)
    for child in subschemas(schema):
        if isinstance(child.value, list) and child.pointer.endswith("/items"):
            yield diag(  # Orb's `items: [{...}, {...}]`
                doc, child, "schema-invalid",
                "`items` is a list of schemas, draft 4's tuple: JSON Schema 2020-12 (OpenAPI "
                "3.1's) writes a schema per place as `prefixItems`, and `items` is one schema",
                "rename it `prefixItems` (with `items: false` for no more places), or write "
                "`items` as the one schema of every item",
            )
        elif not isinstance(child.value, dict | bool):
            yield diag(
                doc, child, "schema-invalid",
                f"{reprlib.repr(child.value)} is not a schema: a schema is an object or a "
                "boolean",
                "write the schema as an object (`{}` takes any value), or remove it",
            )


def _keyword_values(doc: SpecDocument, schema: Node) -> Iterator[Diagnostic]:
    """The value of each keyword is of the kind JSON Schema 2020-12's meta-schema gives it
    (``minimum: "3"``, ``maxLength: 2.5``, ``uniqueItems: "yes"``, 3.0's ``exclusiveMinimum:
    true``): OpenAPI's own schema does not look inside a Schema Object, and the model generator
    failed on them, unlocated. ``examples`` as a map (a Media Type's form) is documentation: a
    warning, and the models leave it out."""
    data = schema.value if isinstance(schema.value, dict) else {}
    for keyword, (accepts, kind) in _KEYWORD_VALUES.items():
        if keyword not in data or accepts(data[keyword]):
            continue
        value = schema.child(keyword)
        assert value is not None  # the keyword is in the data
        hint = f"write `{keyword}` as {kind}, or remove it"
        if keyword == "$ref" and value.value is None:  # swagger-petstore's `$ref: #/...`
            hint = (
                "quote the reference (`'#/components/...'`): unquoted, YAML reads `#` as the "
                "start of a comment, and the value as empty"
            )
        if keyword in _EXCLUSIVE and isinstance(value.value, bool):
            if _in_other_dialect(schema):
                continue  # draft-04's flag, in a schema that declares draft-04 (`$schema`)
            bound = _EXCLUSIVE[keyword]
            hint = (
                f"in OpenAPI 3.1 `{keyword}` is the bound itself, not 3.0's flag: write "
                f"`{keyword}: <the {bound}>` in place of `{bound}`"
                if value.value
                else "remove it: it is OpenAPI 3.0's flag, and 3.1 means `false` without it"
            )
        yield diag(
            doc, value, "schema-invalid", f"`{keyword}` is {value.value!r}, not {kind}", hint
        )
    examples = schema.child("examples")
    if examples is not None and not isinstance(examples.value, list):
        yield diag(
            doc, examples, "example-invalid",
            "a schema's `examples` is an array of values (a map of Example Objects is a Media "
            "Type's or a Parameter's `examples`); the generated code ignores it",
            "write `examples: [value, ...]`, or move the map to the media type",
            Severity.WARNING,
        )


def _in_other_dialect(schema: Node) -> bool:
    """Whether the schema, or a schema it is part of in its file, declares a ``$schema`` (a
    dialect other than 2020-12 is refused for models, and allowed for a parameter's schema)."""
    value = schema.source.data
    for key in schema.pointer.split("/")[1:]:
        if isinstance(value, dict) and "$schema" in value and "openapi" not in value:
            return True
        key = key.replace("~1", "/").replace("~0", "~")
        value = value.get(key) if isinstance(value, dict) else value[int(key)]
    return isinstance(value, dict) and "$schema" in value


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _count(value: object) -> bool:
    """JSON Schema's non-negative integer: 2 and 2.0 are one, 2.5 and -1 are not."""
    return _number(value) and value >= 0 and value % 1 == 0


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _positive(value: object) -> bool:
    return _number(value) and value > 0


_KEYWORD_VALUES: dict[str, tuple[Callable[[object], bool], str]] = {
    **{
        keyword: (_number, "a number")
        for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
    },
    "multipleOf": (_positive, "a number above 0"),
    **{
        keyword: (_count, "a non-negative integer")
        for keyword in (
            "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties",
            "minContains", "maxContains",
        )
    },
    **{
        keyword: (lambda value: isinstance(value, bool), "true or false")
        for keyword in ("uniqueItems", "readOnly", "writeOnly", "deprecated")
    },
    **{
        keyword: (lambda value: isinstance(value, str), "a string")
        for keyword in (
            "pattern", "format", "contentEncoding", "contentMediaType", "$ref", "$id",
            "$anchor", "$dynamicRef", "$dynamicAnchor",
        )
    },
    # `description: null` (epilot's) is read as no description, by the models too.
    **{
        keyword: (lambda value: value is None or isinstance(value, str), "a string")
        for keyword in ("title", "description")
    },
    "enum": (lambda value: isinstance(value, list), "an array of values"),
    "required": (lambda value: not isinstance(value, list) or _strings(value), "a list of names"),
    "dependentRequired": (
        lambda value: isinstance(value, dict) and all(map(_strings, value.values())),
        "an object of lists of property names",
    ),
}
"""Keyword -> (does its value fit, what it should be), after the validation, meta-data,
format-annotation and content vocabularies of JSON Schema 2020-12's meta-schema. A ``required``
that is no list is told apart above (Swagger 2.0's flag on a property)."""

_EXCLUSIVE = {"exclusiveMinimum": "minimum", "exclusiveMaximum": "maximum"}


_SHAPES: dict[str, tuple[type, str]] = {
    **{keyword: (dict, "an object of schemas") for keyword in SCHEMA_MAPS},
    **{keyword: (list, "an array of schemas") for keyword in SCHEMA_LISTS},
}


def _types(schema: Node) -> list[str] | None:
    """The schema's ``type`` as a list, or None when it has none (or an unreadable one)."""
    return schema_types(schema.value)


def _type_names(doc: SpecDocument, schema: Node) -> Iterator[Diagnostic]:
    """A ``type`` names JSON Schema's seven types, each once (OpenAPI's own schema does not
    look inside a Schema Object, so ``type: int`` passes it and the models guess)."""
    kind = schema.child("type")
    if kind is None:
        return
    names = kind.elements() if isinstance(kind.value, list) else [kind]
    seen: set[str] = set()
    for name in names:
        if not isinstance(name.value, str) or name.value not in JSON_TYPES:
            hint = did_you_mean(
                str(name.value), JSON_TYPES, f"use one of {', '.join(JSON_TYPES)}"
            )
            if name.value is None:  # Unkey's `type: [object, null]`: YAML read `null` as None
                hint = "quote it, `'null'`: unquoted, YAML reads `null` as no value, not a name"
            yield diag(
                doc, name, "schema-type-unknown",
                f"{name.value!r} is not a JSON Schema type", hint,
            )
        elif name.value in seen:
            yield diag(
                doc, name, "schema-type-unknown",
                f"the type {name.value!r} is listed twice", "list each type once",
            )
        seen.add(str(name.value))


def _enum_types(doc: SpecDocument, schema: Node) -> Iterator[Diagnostic]:
    """A value of none of the schema's types can never validate: the generator leaves it out
    (``generator/prune.py``), unless no value is left."""
    enum, kinds = schema.child("enum"), _types(schema)
    if enum is None or kinds is None:
        return
    dead = [item for item in enum.elements() if not has_type(item.value, kinds)]
    types = " or ".join(kinds)
    if dead and isinstance(enum.value, list) and len(dead) == len(enum.value):
        if negated_only(doc, schema):
            return  # `not` of a schema that takes no value takes every value: no defect
        yield diag(
            doc, enum, "enum-impossible",
            f"no enum value is of the schema's type {types}: the schema accepts no value",
            "fix the values (quote them if they are strings), or the schema's `type`",
        )
        return
    for item in dead:
        yield diag(
            doc, item, "enum-type-mismatch",
            f"enum value {item.value!r} is not of the schema's type {types}, so no value can be "
            "it; the generated code leaves it out",
            "if it is meant, add its type to `type`, e.g. `type: [string, 'null']` for null; "
            "else remove it",
        )


def _array_items(doc: SpecDocument, schema: Node) -> Iterator[Diagnostic]:
    kinds = _types(schema)
    if kinds is None or "array" not in kinds:
        return
    if not {"items", "prefixItems", "$ref", "allOf", "anyOf", "oneOf"} & set(schema.value):
        yield diag(
            doc, schema, "array-items-missing",
            "the array schema does not say what its items are, so they become `Any`",
            "add `items:` (e.g. `items: {type: string}` or `items: {$ref: ...}`)",
        )


def _dynamic_refs(doc: SpecDocument, schemas: list[Node]) -> Iterator[Diagnostic]:
    """A ``$dynamicRef`` to an anchor that several schemas declare (``$dynamicAnchor``): a
    generic template, bound by whichever schema uses it (kiota's paginated ``itemType``). The
    models read every ``$dynamicRef`` as the template's own anchor (a page of users became a
    page of pages), so such a document is refused. One anchor of its name is a plain reference,
    the same whichever way it is read; none (nor an ``$anchor``) in the reference's schema
    resource (the document, or the schema of the nearest ``$id`` around it: kiota's
    ``MixedTemplate``) is an unresolved reference."""
    ids = sorted(
        (schema.pointer for schema in schemas if isinstance(schema.value.get("$id"), str)),
        key=len,
        reverse=True,
    )

    def resource(pointer: str) -> str:
        """The pointer of the schema whose ``$id`` starts the resource ``pointer`` is in."""
        return next((p for p in ids if pointer == p or pointer.startswith(p + "/")), "")

    anchors: dict[str, int] = {}
    declared: set[tuple[str, Any]] = set()
    for schema in schemas:
        anchor = schema.value.get("$dynamicAnchor")
        if isinstance(anchor, str):
            anchors[anchor] = anchors.get(anchor, 0) + 1
        for key in ("$dynamicAnchor", "$anchor"):
            declared.add((resource(schema.pointer), schema.value.get(key)))
    for schema in schemas:
        ref = schema.child("$dynamicRef")
        if ref is None or not isinstance(ref.value, str):
            continue
        name = ref.value.rpartition("#")[2]
        local = ref.value.startswith("#") and name and not name.startswith("/")
        if local and (resource(ref.pointer), name) not in declared:
            within = resource(ref.pointer)
            yield diag(
                doc, ref, "ref-unresolved",
                f"$dynamicRef {ref.value!r}: no schema of "
                + (f"the resource of `$id` at {within}" if within else "the document")
                + f" declares the anchor {name!r} (`$dynamicAnchor: {name}` or `$anchor: "
                f"{name}`)",
                f"declare `$dynamicAnchor: {name}` on the schema it names"
                + (" inside that resource, or leave the `$id` out" if within else "")
                + ", or write a `$ref` to that schema",
            )
            continue
        if anchors.get(name, 0) > 1:
            yield diag(
                doc, ref, "dynamic-ref-unsupported",
                f"$dynamicRef {ref.value!r} binds to the `$dynamicAnchor: {name}` of whichever "
                f"schema uses it ({anchors[name]} in this document), a generic that the models "
                "cannot follow: they would read the template's own",
                _concrete_hint(ref, name, schemas),
            )


def _concrete_hint(ref: Node, name: str, schemas: list[Node]) -> str:
    """How to write without the generic, in the document's own names: the type a schema binds
    to the anchor, written out in place of the ``$dynamicRef`` (where one schema both binds and
    uses it), or in a copy of the template where a schema uses it."""
    binders = [
        (schema.pointer.rpartition("/$defs/")[0] or schema.pointer, schema.value["$ref"])
        for schema in schemas
        if schema.value.get("$dynamicAnchor") == name
        and isinstance(schema.value.get("$ref"), str)
        and not ref.pointer.startswith(schema.pointer + "/")
    ]
    here = next((bound for user, bound in binders if ref.pointer.startswith(user + "/")), None)
    if here is not None:
        return f"write `$ref: {here!r}` in place of the `$dynamicRef`"
    owner = list(iter_pointer(ref.pointer))
    if owner[:2] != ["components", "schemas"] or not binders:
        return "write a `$ref` to the concrete type in place of the `$dynamicRef`"
    template = owner[2]
    user, bound = binders[0]
    return (
        f"write the concrete type where `{template}` is used: at {user}, a schema like "
        f"`{template}` with `$ref: {bound!r}` in place of its `$dynamicRef`"
    )


def _nullable(doc: SpecDocument, schema: Node) -> Iterator[Diagnostic]:
    """``nullable: true``, OpenAPI 3.0's way to admit null: in 3.1 a schema is JSON Schema, which
    has no such keyword, so the schema (and the model, and the tests' oracle) refuses null."""
    flag = schema.child("nullable")
    kinds = _types(schema)
    if flag is None or flag.value is not True or (kinds is not None and "null" in kinds):
        return
    if kinds is not None and len(kinds) == 1:
        fix = f"write `type: [{kinds[0]}, 'null']` and remove `nullable`"
    else:
        fix = "add `'null'` to its `type` list (or `{type: 'null'}` to its `anyOf`) instead"
    yield diag(
        doc, flag, "nullable-ignored",
        "`nullable: true` is OpenAPI 3.0's keyword; OpenAPI 3.1 reads the schema as JSON Schema, "
        "where it means nothing: the schema refuses null (a model accepts it only for an "
        "optional property)",
        fix,
    )


def _self_nested(
    doc: SpecDocument, name: str, node: Node, schemas: dict[str, Any]
) -> Iterator[Diagnostic]:
    """A component that is an array whose items are that array again, through ``items``,
    ``$ref`` and ``anyOf``/``oneOf`` branches only (ogen's ``RecursiveArray: {type: array, items:
    {$ref: RecursiveArray}}``): valid, but the model generator types such a root model as a bare
    ``list`` (mypy refuses it, and it checks nothing)."""
    stack, seen = [node.value], {name}
    while stack:
        value = stack.pop()
        if not isinstance(value, dict):
            continue
        ref = value.get("$ref")
        target = ref.removeprefix("#/components/schemas/") if isinstance(ref, str) else None
        if target == name and value is not node.value:
            yield diag(
                doc, node, "array-self-nested",
                f"schema {name!r} is an array whose items are {name!r} again, which the model "
                "generator cannot type (it writes a bare `list`)",
                "wrap the array in an object (`{type: object, properties: {children: {type: "
                f"array, items: {{$ref: '#/components/schemas/{name}'}}}}}}}}`)",
            )
            return
        if target is not None and target != ref and target not in seen:
            seen.add(target)
            stack.append(schemas.get(target))
        elif "items" in value and set(schema_types(value) or ["array"]) == {"array"}:
            stack.append(value["items"])
        elif value is not node.value and "type" not in value:
            stack.extend(value.get("anyOf") or [])
            stack.extend(value.get("oneOf") or [])


def _pattern(doc: SpecDocument, schema: Node) -> Iterator[Diagnostic]:
    pattern = schema.child("pattern")
    if pattern is None or not isinstance(pattern.value, str):
        return
    error = pattern_error(pattern.value)
    if error is not None:
        yield diag(
            doc, pattern, "pattern-unsupported",
            f"no regex engine of pydantic compiles the pattern {pattern.value!r} ({error}): the "
            "models leave it out, so the client does not check it (the server still does)",
            (
                "check a length with `minLength`/`maxLength` and the characters with a short "
                "pattern (`^0x[a-fA-F0-9]*$`)"
                if error == REGEX_TOO_LARGE
                else "write it in what ECMA-262, Rust's regex and Python's re share: escape a "
                "`-` that is no range in a class (`[\\w\\-/]` for `[\\w-/]`)"
            ),
        )


_ALL_OF_MEMBER = re.compile(r"/allOf/\d+$")


def _required(doc: SpecDocument, schema: Node) -> Iterator[Diagnostic]:
    required = schema.child("required")
    if required is None or not isinstance(required.value, list):
        return
    if _ALL_OF_MEMBER.search(schema.pointer):
        return  # an allOf member may require what a sibling defines
    if not {"properties", "allOf"} & set(schema.value) and schema.value.get("type") != "object":
        return  # a bare constraint with no properties of its own: nothing to compare with
    if {"patternProperties", "anyOf", "oneOf", "$ref", "dependentSchemas"} & set(schema.value):
        return
    defined = _defined_properties(doc, schema, set())
    if defined is None:
        return
    for item in required.elements():
        if isinstance(item.value, str) and item.value not in defined:
            yield diag(
                doc, item, "required-undefined",
                f"`required` names {item.value!r}, which is not among the schema's properties, "
                "so the model does not require it",
                did_you_mean(
                    item.value, sorted(defined),
                    f"define `properties: {{{item.value}: ...}}` or remove it from `required`",
                ),
            )


def _defined_properties(
    doc: SpecDocument, schema: Node, seen: set[tuple[str, str]]
) -> set[str] | None:
    """Property names of ``schema`` and its ``allOf`` parts; None when unknowable."""
    if schema.key in seen or not isinstance(schema.value, dict):
        return set()
    seen.add(schema.key)
    names: set[str] = set()
    properties = schema.value.get("properties")
    if isinstance(properties, dict):
        names.update(properties)
    parts = schema.child("allOf")
    for part in parts.elements() if parts is not None else ():
        resolved = deref(doc, part)
        if isinstance(resolved.value, dict) and "$ref" in resolved.value:
            return None  # a reference that does not resolve: ref-unresolved reports it
        inner = _defined_properties(doc, resolved, seen)
        if inner is None:
            return None
        names.update(inner)
    return names


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
        key = json_key(item.value)
        if key in seen:
            yield diag(
                doc, item, "enum-duplicate",
                f"enum value {item.value!r} is listed twice (items {seen[key]} and {index})",
                "remove the repeated value",
            )
        seen.setdefault(key, index)
