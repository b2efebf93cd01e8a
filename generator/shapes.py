"""What a JSON schema is: its types, whether a value is of one, whether it makes a model class.

Asked by lint, prune, hoist and the IR, on the data as loaded (``deref`` follows a ``$ref``
the way each stage can: hoist on its copy of the root file, the IR across files).
"""

from __future__ import annotations

import base64
import binascii
import decimal
import functools
import json
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "ANNOTATIONS",
    "DRAFT_2020_12",
    "INT_RANGES",
    "JSON_TYPES",
    "annotations_only",
    "concrete_bases",
    "dialect_uri",
    "distinct",
    "format_checker",
    "has_type",
    "is_binary_string",
    "is_json_media",
    "is_object_model",
    "json_key",
    "keyword_texts",
    "local_component",
    "mapping_component",
    "pattern_error",
    "polymorphic_bases",
    "prefer_json",
    "python_re",
    "schema_types",
    "subtype_tags",
    "text_tagged",
    "unnamed_discriminated",
    "unnamed_discriminator",
    "validator_class",
]

INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
"""OpenAPI's integer formats, as the bounds they give."""

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


def _essence(media_type: str) -> str:
    """A media type without its parameters (Spring's ``application/json;charset=UTF-8``) and
    in lower case (media types are case-insensitive)."""
    return media_type.partition(";")[0].strip().lower()


def is_json_media(media_type: str) -> bool:
    """``application/json`` or a ``+json`` type, by its essence."""
    essence = _essence(media_type)
    return essence == "application/json" or essence.endswith("+json")


def prefer_json(media_type: str) -> tuple[bool, str]:
    """Sort key of a content map's media types: ``application/json`` (by its essence) first."""
    return _essence(media_type) != "application/json", media_type


ANNOTATIONS = frozenset(
    {"title", "description", "readOnly", "writeOnly", "deprecated", "examples", "example",
     "$comment"}
)
"""JSON Schema's annotation keywords (and OpenAPI's ``example``): they validate nothing."""


def annotations_only(schema: Any) -> bool:
    """A schema (or a schema's keys) that constrains nothing and gives no default: annotations
    (``readOnly``, ``description``, ...) and extensions only (``{}`` too)."""
    return isinstance(schema, dict | set) and all(
        key in ANNOTATIONS or key.startswith("x-") for key in schema
    )


def is_binary_string(schema: Any) -> bool:
    """A file's schema: ``format: binary``, or ``contentMediaType`` without
    ``contentEncoding`` (OpenAPI 3.1's way to say raw bytes) but for text: JSON or ``text/*``
    (FastAPI's ``Form`` field of ``Json[...]`` is a string of ``application/json``)."""
    if not isinstance(schema, dict):
        return False
    media = schema.get("contentMediaType")
    return schema.get("format") == "binary" or (
        isinstance(media, str) and "contentEncoding" not in schema and not _is_text_media(media)
    )


def _is_text_media(media_type: str) -> bool:
    """A media type of text: JSON (``is_json_media``) or ``text/*``."""
    return is_json_media(media_type) or _essence(media_type).startswith("text/")


def schema_types(schema: dict[str, Any]) -> list[str] | None:
    """The schema's ``type`` as a list of known types; None without one (or an unreadable one)."""
    kind = schema.get("type")
    if isinstance(kind, str):
        kind = [kind]
    if not isinstance(kind, list) or not all(isinstance(k, str) for k in kind):
        return None
    return [k for k in kind if k in JSON_TYPES] or None


def json_key(value: Any) -> str:
    """``value`` as text that is the same for equal JSON values: JSON Schema's equality says
    ``1 == 1.0`` (not ``true``), and object keys have no order."""
    return json.dumps(_integral(value), sort_keys=True)


def distinct(values: list[Any]) -> list[Any]:
    """``values`` with each JSON value once, where it first comes (``json_key``)."""
    first: dict[str, Any] = {}
    for value in values:
        first.setdefault(json_key(value), value)
    return list(first.values())


def _integral(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_integral(v) for v in value]
    if isinstance(value, dict):
        return {k: _integral(v) for k, v in value.items()}
    return value


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


def format_checker() -> Any:
    """jsonschema's 2020-12 format checker, plus OpenAPI's formats (``int32``, ``int64``,
    ``byte``), ``decimal``, ``uuid4`` and ``uri`` as the models read them: a finite decimal, a
    version 4 UUID, and an absolute URI, with a scheme (jsonschema checks ``uri`` only with
    rfc3987 installed; pydantic's ``AnyUrl`` refuses ``/a/b``, which is a ``uri-reference``)."""
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker(())
    # The 2020-12 checkers themselves (FormatChecker(names) would take other drafts' "time").
    checker.checkers = dict(Draft202012Validator.FORMAT_CHECKER.checkers)

    def in_range(name: str) -> Callable[[object], bool]:
        low, high = INT_RANGES[name]
        return lambda value: not isinstance(value, int) or low <= value <= high

    for name in INT_RANGES:
        checker.checks(name)(in_range(name))

    @checker.checks("byte", raises=(binascii.Error, ValueError))
    def is_base64(value: object) -> bool:
        if isinstance(value, str):
            base64.b64decode(value, validate=True)
        return True

    @checker.checks("uri")
    def is_absolute(value: object) -> bool:
        return not isinstance(value, str) or bool(urlsplit(value).scheme)

    @checker.checks("uuid4", raises=ValueError)
    def is_uuid4(value: object) -> bool:  # the models' UUID4 (Polar's)
        return not isinstance(value, str) or uuid.UUID(value).version == 4

    @checker.checks("decimal", raises=decimal.InvalidOperation)
    def is_decimal(value: object) -> bool:  # the models' Decimal (ogen's format_gen.json)
        return not isinstance(value, str) or decimal.Decimal(value).is_finite()

    return checker


def keyword_texts(node: Any, keyword: str) -> Iterator[str]:
    """Every text value of ``keyword`` in ``node`` (a document, or part of one): the ``pattern``
    or the ``$schema`` of its schemas."""
    if isinstance(node, dict):
        if isinstance(node.get(keyword), str):
            yield node[keyword]
        for value in node.values():
            yield from keyword_texts(value, keyword)
    elif isinstance(node, list):
        for value in node:
            yield from keyword_texts(value, keyword)


DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
"""JSON Schema 2020-12's identifier, as jsonschema (and the tests' oracle) knows it."""


def dialect_uri(uri: object) -> str:
    """A dialect's identifier (a ``$schema``, ``jsonSchemaDialect``) in one spelling: https,
    no empty fragment. PingOne writes ``http://json-schema.org/draft/2020-12/schema#``."""
    return str(uri).rstrip("#").replace("http://", "https://", 1)


_SCHEMAS = "#/components/schemas/"


def _schemas(data: Any) -> dict[str, Any]:
    components = data.get("components") if isinstance(data, dict) else None
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return schemas if isinstance(schemas, dict) else {}


def local_component(ref: Any) -> str | None:
    """The component schema a ``$ref`` of the root file names (``#/components/schemas/X``)."""
    if not isinstance(ref, str) or not ref.startswith(_SCHEMAS):
        return None
    return ref[len(_SCHEMAS) :].replace("~1", "/").replace("~0", "~")


def mapping_component(target: Any) -> str | None:
    """The component a discriminator ``mapping`` value names: a ``$ref`` of the root file, or
    a component's bare name (``Cat``)."""
    bare = isinstance(target, str) and "#" not in target
    return local_component(f"{_SCHEMAS}{target}" if bare else target)


def concrete_bases(data: Any) -> set[str]:
    """The object components with a ``discriminator`` that a ``oneOf`` or ``anyOf`` lists as an
    alternative of its own, beside another (.NET's ``$type``: ``oneOf: [BlogPostDto,
    BlogPostWithImageDto]``, the base mapped to itself): the models read them as plain classes,
    not as their subtypes (``model_input._concrete_bases``)."""
    schemas = _schemas(data)
    candidates = {
        name
        for name, schema in schemas.items()
        if isinstance(schema, dict) and "discriminator" in schema and "properties" in schema
    }
    if not candidates:  # most documents: no walk of the whole document (60 ms at 1,000 ops)
        return set()
    listed: set[str] = set()
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key in ("oneOf", "anyOf"):
                options = node.get(key)
                options = options if isinstance(options, list) else []
                if sum(o != {"type": "null"} for o in options) < 2:
                    continue  # `oneOf: [Vehicle, {type: 'null'}]` is a nullable base
                for option in options:
                    ref = option.get("$ref") if isinstance(option, dict) else None
                    if (name := local_component(ref)) is not None:
                        listed.add(name)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return candidates & listed


def polymorphic_bases(data: Any) -> dict[str, tuple[str, ...]]:
    """The root file's discriminated bases and their subtypes, as the model generator reads
    them: a component with a ``discriminator`` and no ``oneOf``/``anyOf`` (nor one of
    ``concrete_bases``) stands for the union of the components whose ``allOf`` lists it, in
    the document's order, else of its ``mapping``'s targets. ``Owner.favourite: {$ref: Pet}``
    is ``Cat | Dog``; so is an operation's ``Pet`` response (``ir.type_of``)."""
    schemas = _schemas(data)
    if not any(isinstance(s, dict) and "discriminator" in s for s in schemas.values()):
        return {}
    subtypes: dict[str, list[str]] = {}
    for name, schema in schemas.items():
        parts = schema.get("allOf") if isinstance(schema, dict) else None
        for part in parts if isinstance(parts, list) else ():
            base = local_component(part.get("$ref") if isinstance(part, dict) else None)
            if base is not None and name not in subtypes.setdefault(base, []):
                subtypes[base].append(str(name))
    found: dict[str, tuple[str, ...]] = {}
    concrete = concrete_bases(data)
    for name, schema in schemas.items():
        discriminator = schema.get("discriminator") if isinstance(schema, dict) else None
        if (
            not isinstance(discriminator, dict)
            or schema.get("oneOf")
            or schema.get("anyOf")
            or name in concrete
        ):
            continue
        members = subtypes.get(str(name)) or []
        mapping = discriminator.get("mapping")
        if not members and isinstance(mapping, dict):
            for target in mapping.values():
                component = mapping_component(target)
                if component is not None and component in schemas and component not in members:
                    members.append(component)
        if members:
            found[str(name)] = tuple(members)
    return found


def subtype_tags(data: Any) -> dict[str, tuple[str, str]]:
    """(property, value) of each subtype of ``polymorphic_bases`` that extends its base with
    ``allOf``: the first ``mapping`` key that names it, or, where the base has no mapping, its
    own name (OpenAPI's implicit mapping); the samples tag a subtype alike
    (``samples._inherited_tag``). The models type the property ``Literal[value]``, so the union
    a reference to the base stands for tells its members apart by it."""
    schemas = _schemas(data)
    tags: dict[str, tuple[str, str]] = {}
    for base, subtypes in polymorphic_bases(data).items():
        discriminator = schemas[base]["discriminator"]
        name, mapping = discriminator.get("propertyName"), discriminator.get("mapping")
        if not isinstance(name, str):
            continue
        keys: dict[str, str] = {}
        for key, target in (mapping if isinstance(mapping, dict) else {}).items():
            if (component := mapping_component(target)) is not None:
                keys.setdefault(component, str(key))
        for subtype in subtypes:
            parts = schemas[subtype].get("allOf")
            extends = isinstance(parts, list) and any(
                isinstance(p, dict) and local_component(p.get("$ref")) == base for p in parts
            )
            value = keys.get(subtype, None if mapping else subtype)
            if extends and value is not None:  # a mapping's other targets are left as written
                tags.setdefault(subtype, (name, value))
    return tags


def unnamed_discriminated(document: Any) -> bool:
    """Whether a schema of ``document`` (one file's data) has a ``discriminator`` over a
    ``oneOf``/``anyOf`` of which some member no component name stands for: an inline member
    (WorkOS's request bodies), a component that does not declare the property (Revolut's
    ``Location-Update-Online``), or, without a ``mapping``, a component whose tag property
    allows other values than its name (OpenAI's thread status: ``ActiveStatus``, ``type: {enum:
    [active]}``) or a schema of another file (no component's name: echo-template's integer
    ``code``). The tests' oracle checks such a union without the discriminator (``conftest``)."""
    components = document.get("components") if isinstance(document, dict) else None
    schemas = components.get("schemas") if isinstance(components, dict) else None
    named = schemas if isinstance(schemas, dict) else {}
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if unnamed_discriminator(node, named):
                return True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def unnamed_discriminator(schema: dict[str, Any], schemas: dict[str, Any]) -> bool:
    """The rule of ``unnamed_discriminated`` for one schema, ``schemas`` its file's
    components (the oracle's ``_unnamed``; the samples of its members keep their own tags)."""
    discriminator = schema.get("discriminator")
    members = schema.get("oneOf") or schema.get("anyOf") or []
    if not isinstance(discriminator, dict):
        return False
    for member in members if isinstance(members, list) else []:
        ref = member.get("$ref") if isinstance(member, dict) else None
        if not isinstance(ref, str):
            return True  # an inline member has no name
        if not declares_property(member, discriminator.get("propertyName"), schemas):
            return True  # Revolut's Location-Update-Online: no `type` to look a name up by
        if "mapping" in discriminator:
            # A mapping names the components, by string keys: .NET's integer `$type` has none.
            if not text_tagged(member, discriminator.get("propertyName"), schemas):
                return True
            continue
        component = ref.removeprefix("#/components/schemas/")
        if component == ref:
            return True  # another file's schema (echo-template's): no component's name
        if not _may_be_named(member, discriminator.get("propertyName"), component, schemas, ()):
            return True
    return False


def _may_be_named(
    schema: Any, name: Any, component: str, schemas: dict[str, Any], seen: tuple[str, ...]
) -> bool:
    """Whether each declaration of the tag property ``name`` in a member (its ``properties``,
    its ``allOf`` parts', through components) lets its value be ``component``: a ``const`` or
    ``enum`` that names it, a ``type`` that takes a string (echo-template's integer ``code``
    does not)."""
    for tag in _tags(schema, name, schemas, seen):
        values = [tag["const"]] if "const" in tag else tag.get("enum")
        if isinstance(values, list) and values and component not in values:
            return False
        if not _takes_text(tag):
            return False
    return True


def text_tagged(schema: Any, name: Any, schemas: dict[str, Any]) -> bool:
    """Whether each declaration of a union member's tag property ``name`` takes text: a
    discriminator's values are strings (mapping keys, schema names), and the models would make
    ``Literal['CodedFailure']`` of echo-template's integer ``code``."""
    for tag in _tags(schema, name, schemas, ()):
        values = [tag["const"]] if "const" in tag else tag.get("enum")
        if not _takes_text(tag) or (
            isinstance(values, list) and not all(isinstance(v, str) for v in values)
        ):
            return False
    return True


def _takes_text(tag: dict[str, Any]) -> bool:
    kinds = tag.get("type")
    return kinds is None or "string" in (kinds if isinstance(kinds, list) else [kinds])


def _tags(
    schema: Any, name: Any, schemas: dict[str, Any], seen: tuple[str, ...]
) -> Iterator[dict[str, Any]]:
    """Each declaration of the property ``name`` in a member: its ``properties``, its ``allOf``
    parts', through the components of its file (a component of another file is not read)."""
    if not isinstance(schema, dict):
        return
    ref = schema.get("$ref")
    if isinstance(ref, str):
        target = ref.removeprefix("#/components/schemas/")
        if target != ref and target not in seen:
            yield from _tags(schemas.get(target), name, schemas, (*seen, target))
        return
    properties = schema.get("properties")
    tag = properties.get(name) if isinstance(properties, dict) else None
    if isinstance(tag, dict):
        yield tag
    parts = schema.get("allOf")
    for part in parts if isinstance(parts, list) else ():
        yield from _tags(part, name, schemas, seen)


def declares_property(
    schema: Any, name: Any, schemas: dict[str, Any], seen: tuple[str, ...] = ()
) -> bool:
    """Whether a member of a discriminated union declares the discriminator's property, in its
    ``properties`` or an ``allOf`` part's (a component of another file: assumed so)."""
    if not isinstance(schema, dict):
        return False
    ref = schema.get("$ref")
    if isinstance(ref, str):
        component = ref.removeprefix("#/components/schemas/")
        if component == ref or component in seen:
            return True
        return declares_property(schemas.get(component), name, schemas, (*seen, component))
    properties = schema.get("properties")
    if isinstance(properties, dict) and name in properties:
        return True
    parts = schema.get("allOf")
    return isinstance(parts, list) and any(declares_property(p, name, schemas, seen) for p in parts)


@functools.lru_cache(maxsize=4096)
def python_re(pattern: str) -> bool:
    """Python's ``re`` compiles ``pattern``."""
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


REGEX_TOO_LARGE = "Rust's regex: the compiled pattern exceeds its size limit (10 MB)"
"""``pattern_error`` of a pattern too large for the models' regex engine."""


@functools.lru_cache(maxsize=4096)
def pattern_error(pattern: str) -> str | None:
    """Why the regex engine a model would use does not compile ``pattern``, None when it does.
    A model's patterns compile with Rust's regex crate, or with Python's ``re`` where the model
    generator sees that they need it (a lookaround, a backreference: its own test decides);
    ECMA-262 also reads what neither does (``[\\w-/]``), or what only Python's does (a literal
    ``[`` in a class, Dokploy's password pattern), and a model field with such a pattern fails
    when its module is imported. So does one too large for Rust's engine (the Ethereum Beacon
    API's blob, 262,144 hex digits), which the models never give to Python's."""
    from pydantic_core import SchemaError, SchemaValidator, core_schema

    try:
        SchemaValidator(core_schema.str_schema(pattern=pattern))
    except SchemaError as exc:
        lines = str(exc).strip().splitlines()
        rust = lines[-1].removeprefix("error: ") if lines else "it does not compile"
        if "size limit" in rust:  # the models keep Rust's engine: Python's re would not help
            return REGEX_TOO_LARGE
        # The model generator's own rule (pinned), imported only here: 50 ms on `validate`.
        from datamodel_code_generator._regex_syntax import needs_python_engine

        if not needs_python_engine(pattern, row="model"):
            return f"Rust's regex: {rust}; the models keep that engine for this pattern"
        try:
            re.compile(pattern)
        except re.error as python:
            return f"Rust's regex: {rust}; Python's re: {python}"
    return None


@functools.cache
def validator_class() -> Any:
    """Draft 2020-12's validator, reading a schema as the models do. One with ``properties`` or
    ``additionalProperties`` and no ``type`` takes objects only: JSON Schema lets any other value
    through, but the models type it as an object (a class, or ``dict[str, Any]``), so a sample or
    an example that is none would fail the client (Komga's ``{additionalProperties: true}`` has
    a string example); one with ``items`` and no ``type`` takes arrays only (Shopware's
    ``data: {items: {type: string}}`` has an object example, and the model is a list). A
    ``pattern`` that Python's re does not compile is not checked, as the tests' oracle leaves
    it out (jsonschema would raise), and the models check it with Rust's regex or leave it out
    (``pattern_error``; lint warned: pattern-unsupported). One too large for Rust's regex is
    checked: the models leave it out, but the oracle checks it."""
    from jsonschema import Draft202012Validator, ValidationError, validators  # slow to import

    def implied(keyword: str, kind_read: str) -> Any:
        original = Draft202012Validator.VALIDATORS[keyword]

        def check(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[Any]:
            if "type" not in schema and not validator.is_type(instance, kind_read):
                kind = next(k for k, types in JSON_TYPES.items() if validator.is_type(instance, k))
                yield ValidationError(
                    f"a value of type {kind} is not an {kind_read}, which the models read "
                    f"`{keyword}` without `type` as"
                )
                return
            yield from original(validator, value, instance, schema)

        return check

    def pattern(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[Any]:
        if not isinstance(value, str) or python_re(value):
            checked = Draft202012Validator.VALIDATORS["pattern"]
            yield from checked(validator, value, instance, schema)

    keywords = {"properties": "object", "additionalProperties": "object", "items": "array"}
    extend: Any = validators.extend  # untyped in jsonschema's stubs
    return extend(
        Draft202012Validator,
        {"pattern": pattern, **{key: implied(key, kind) for key, kind in keywords.items()}},
    )
