"""One run of datamodel-code-generator, in-process, with fixed options: our parser hooks, and
the checks on the models it made.

The models worker imports this module and the model generator, nothing of the spec's loading
or lint: what it does not import is off a small spec's critical path (``pipeline.models_pool``).
"""

from __future__ import annotations

import ast
import contextlib
import functools
import gc
import io
import re
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from generator.cache import jinja_bytecode_cache
from generator.names import BUILTIN_CLASSES
from generator.shapes import local_component

__all__ = ["ModelsFailed", "Options", "Run", "run_model_generator"]

_SCHEMAS = "#/components/schemas/"
_REQUEST_MARK = "-read-write-request-"
_GENERATED = "-datamodel-code-generator-#"
"""How each of the model generator's own steps is marked in a model's reference path."""
_FAILED_AT = re.compile(r"Error at schema path '#(?P<pointer>/[^']*)'")


class ModelsFailed(Exception):
    """datamodel-code-generator failed, or made models that would not work; where and why."""

    def __init__(
        self,
        message: str,
        code: str = "models",
        pointer: str = "",
        hint: str = "fix the schema it names, or run `validate` for details",
    ) -> None:
        super().__init__(message)
        self.message, self.code, self.pointer, self.hint = message, code, pointer, hint

    def __reduce__(self) -> tuple[Any, ...]:  # from a pool's worker, with where and why
        return type(self), (self.message, self.code, self.pointer, self.hint)


class Options(NamedTuple):
    package: str
    templates: Path
    request_models: bool
    root: Path
    """The root file: relative ``$ref``s to other files resolve from its folder."""
    files: dict[Path, Any]
    """Every file of the spec (resolved path -> data), as the model generator must read it."""


class Run(NamedTuple):
    """One run of datamodel-code-generator: its module and the classes of the components."""

    code: str
    names: dict[str, str]
    request_names: dict[str, str]


@functools.cache
def _parser_class() -> type[Any]:
    """datamodel-code-generator's OpenAPI parser, with field names no other property claims.

    A property keeps its JSON name as its field name when that is a valid Python name (so
    ``mixedCase`` and ``mixed_case`` are two fields); any other (``foo-bar``, ``class``,
    ``model_config``) gets the model generator's spelling (``foo_bar``, ``class_``), with
    ``_1``, ``_2``... when that is a name taken by, or the JSON name of, another property of
    the schema, and the JSON name as its alias. The models accept fields by either name
    (``populate_by_name``), so no field's name may be another property's JSON name.
    """
    from datamodel_code_generator import Error
    from datamodel_code_generator.parser.openapi import OpenAPIParser

    _compiled_templates_cached()

    class Parser(OpenAPIParser):
        root_name = ""
        """The root file's name in a spec of several files (``_iter_source_uncached``)."""

        def parse_raw(self) -> None:
            super().parse_raw()
            for model in self.results:
                # Before the discriminator pass makes a tag property required (the template).
                optional = [f.name for f in model.fields if f.name and not f.required]
                if optional:
                    model.extra_template_data["optional"] = optional
            _check_inherited_fields(self.results, self.root_name)  # before they are rendered
            _check_bases_kept(self.results, self.raw_obj, self.root_name)
            _validate_text_defaults(self.results)
            _root_not_deprecated(self.results)

        def _ref_schema_exists(self, resolved_ref: str) -> bool:
            # Asked by the read/write split whether a variant's source schema exists; for an
            # inline model in an allOf part, inside an array of an inline model (Gusto's
            # `Payroll-Show`), it asks with a path that lost its document (its first segment
            # is taken for a file name) and failed with "$ref file not found". No such
            # schema exists: every file of the spec is in the cache (lint resolved them).
            try:
                return bool(super()._ref_schema_exists(resolved_ref))
            except Error as exc:
                if "file not found" not in str(exc):
                    raise
                return False

        def _iter_source_uncached(self) -> Any:
            # In a spec of several files, the root's data under the root's file name: a `$ref`
            # of another file back to it (`openapi.yaml#/components/schemas/Page`) is then the
            # model of that component, not the file read again from disk, whose every schema
            # became a second class (`Page1`, with the default lint left out: mypy refused it).
            from datamodel_code_generator.parser.base import Source

            for source in super()._iter_source_uncached():
                if self.root_name:
                    source = Source(path=Path(self.root_name), raw_data=source.raw_data)
                yield source

        def set_additional_properties(self, path: str, obj: Any) -> None:
            super().set_additional_properties(path, obj)
            _keep_unknown_fields(self.extra_template_data[path])

        def set_unevaluated_properties(self, path: str, obj: Any) -> None:
            super().set_unevaluated_properties(path, obj)
            _keep_unknown_fields(self.extra_template_data[path])

        def parse_object_fields(self, obj: Any, *args: Any, **kwargs: Any) -> Any:
            resolver: Any = self.model_resolver
            siblings = frozenset(obj.properties or ())

            def named(
                field_name: str, excludes: set[str] | None = None, **options: Any
            ) -> tuple[str, str | list[str] | None]:
                taken = (excludes or set()) | (siblings - {field_name})
                result: tuple[str, str | list[str] | None] = type(
                    resolver
                ).get_valid_field_name_and_alias(resolver, field_name, taken, **options)
                return result

            # For this schema's own fields only: a nested object's call sets its own.
            previous = resolver.__dict__.get("get_valid_field_name_and_alias")
            resolver.get_valid_field_name_and_alias = named
            try:
                return super().parse_object_fields(obj, *args, **kwargs)
            finally:
                if previous is None:
                    del resolver.get_valid_field_name_and_alias
                else:
                    resolver.get_valid_field_name_and_alias = previous

    return Parser


def _compiled_templates_cached() -> None:
    """Give the model generator's template environments Jinja's bytecode cache, as ours have
    (``cache.jinja_bytecode_cache``): compiling its templates is a fixed cost of every run's
    first model, 0.01-0.02 s of a small spec's critical path (bench/RESULTS.md).

    The model generator builds each environment in one private function, which takes no cache;
    its version is pinned, and the test suite's runs go through this hook.
    """
    from datamodel_code_generator.model import base

    build = base._build_environment

    def with_cache(*args: Any, **kwargs: Any) -> Any:
        environment = build(*args, **kwargs)
        environment.bytecode_cache = jinja_bytecode_cache()
        return environment

    base._build_environment = with_cache


def _keep_unknown_fields(data: dict[str, Any]) -> None:
    """Forget a closed object (``additionalProperties: false``, ``unevaluatedProperties:
    false``), which the model generator makes ``extra="forbid"``: the models keep the base
    model's ``extra="allow"``, so a field the API adds later reaches ``model_extra`` instead of
    failing every response that carries it (the generated tests send one)."""
    for key in ("additionalProperties", "unevaluatedProperties"):
        if data.get(key) is False:
            del data[key]


def _validate_text_defaults(models: list[Any]) -> None:
    """A default written as JSON text or a number for a type pydantic parses it into (``date``,
    ``UUID``, ``AnyUrl``, ``Decimal``, ``timedelta``...) is validated like one
    sent: the model generator wrote the raw value (``a: datetime = '2020-01-01T00:00:00Z'``),
    a type error for mypy and a ``str`` where a parsed field holds a ``datetime``. With
    ``validate_default`` the template writes it through ``json_default``, as object defaults."""
    for model in models:
        for field in getattr(model, "fields", ()):
            default = field.default
            if default is None or isinstance(default, bool) or field.required:
                continue
            if not isinstance(default, str | int | float | dict | list):
                continue  # an enum member: written as one already
            if any(t.import_ is not None and t.import_.from_ != "typing" for t in _types(field)):
                field.extras["validate_default"] = True


def _root_not_deprecated(models: list[Any]) -> None:
    """A deprecated schema that is a root model (Lichess's `Patron: {type: boolean, deprecated:
    true}`) keeps its description but not ``Field(deprecated=True)`` on ``root``: pydantic makes
    a deprecated field a read-only descriptor, so building the model failed (AttributeError)."""
    for model in models:
        if getattr(model, "IS_ROOT_MODEL", False):
            for field in model.fields:
                field.extras.pop("deprecated", None)


def _types(field: Any) -> list[Any]:
    """The field's type and every type inside it (items, values, union members)."""
    found, stack = [], [field.data_type]
    while stack:
        data_type = stack.pop()
        found.append(data_type)
        stack.extend(data_type.data_types)
        if getattr(data_type, "dict_key", None) is not None:
            stack.append(data_type.dict_key)
    return found


def _check_inherited_fields(models: list[Any], root: str) -> None:
    """Refuse a model whose field takes the Python name of an inherited field of another JSON
    name (``foo-bar`` in an ``allOf`` part, ``foo_bar`` in its base): the subclass's field
    would replace the base's. Field names are made per schema, so this is the one clash left.

    A field that re-types an inherited one of the same JSON name (an ``allOf`` part narrowing
    its base's ``data: list[dict[str, Any]]`` to ``list[Item]``) is a pydantic override; mypy
    calls it incompatible when the types are invariant, so the model's template data holds its
    ``inherited`` fields, and the template adds the ``type: ignore`` pydantic's documentation
    gives for a field whose hint differs from the inherited one's."""
    by_path = {model.reference.path: model for model in models}
    inherited = functools.partial(_ancestor_fields, by_path)

    def every(model: Any, seen: set[str]) -> dict[str, list[Any]]:
        """Each field of every ancestor, by name: one base's may differ from another's."""
        found: dict[str, list[Any]] = {}
        for base in model.base_classes:
            parent = by_path.get(base.reference.path) if base.reference else None
            if parent is None or parent.reference.path in seen:
                continue
            seen.add(parent.reference.path)
            for name, fields in [*every(parent, seen).items(), *_by_name(parent.fields).items()]:
                found.setdefault(name, []).extend(fields)
        return found

    for model in models:
        _check_sibling_bases(model, by_path, inherited, root)
        fields = inherited(model, {model.reference.path})
        if fields:
            # For the template, which compares the hints as rendered: a later pass of the model
            # generator may still add or narrow a field (a discriminator's ``Literal``). Every
            # base's field counts: mypy checks the override against each (cribl's retry rules:
            # a base's `Type46 | None`, the other's and the model's own wider enum).
            model.extra_template_data["inherited"] = every(model, {model.reference.path})
        for field in model.fields:
            base = fields.get(field.name)
            if base is None:
                continue
            wire, base_wire = (f.original_name or f.name for f in (field, base))
            if base_wire != wire:
                raise ModelsFailed(
                    f"property {wire!r} of {model.class_name} and the inherited property "
                    f"{base_wire!r} both become the field {field.name!r}",
                    code="name-collision",
                    pointer=_pointer(model, root),
                    hint="rename one of them",
                )


def _ancestor_fields(by_path: dict[str, Any], model: Any, seen: set[str]) -> dict[str, Any]:
    """Each field of a model's bases and of theirs, by name (a nearer base's wins); ``seen``:
    the models not to visit again."""
    fields: dict[str, Any] = {}
    for base in model.base_classes:
        parent = by_path.get(base.reference.path) if base.reference else None
        if parent is None or parent.reference.path in seen:
            continue
        seen.add(parent.reference.path)
        fields.update(_ancestor_fields(by_path, parent, seen))
        fields.update({f.name: f for f in parent.fields if f.name})
    return fields


def _check_bases_kept(models: list[Any], data: Any, root: str) -> None:
    """Refuse, as the generator's own failure, a component's class that lacks a property of a
    component its ``allOf`` names: the model generator once left such a base out without a word
    (one that was only a ``$ref``, ``prune``), and the class lost every field it inherits."""
    schemas = (data.get("components") or {}).get("schemas") if isinstance(data, dict) else None
    if not isinstance(schemas, dict):
        return
    by_path = {model.reference.path: model for model in models}

    def declared(ref: Any, seen: set[str]) -> set[str]:
        """The properties of the component ``ref`` names and of its ``allOf``, by JSON name."""
        name = local_component(ref)
        if name is None or name in seen:
            return set()
        seen.add(name)
        schema = schemas.get(name)
        if not isinstance(schema, dict):
            return set()
        parts: list[Any] = schema["allOf"] if isinstance(schema.get("allOf"), list) else []
        found = declared(schema.get("$ref"), seen)  # an alias: what it names
        for part in (schema, *parts):
            if isinstance(part, dict) and isinstance(part.get("properties"), dict):
                found.update(part["properties"])
            if part is not schema and isinstance(part, dict):
                found |= declared(part.get("$ref"), seen)
        return found

    for model in models:
        reference = _in_root(model.reference.path, root)
        component = reference[len(_SCHEMAS) :] if reference.startswith(_SCHEMAS) else "/"
        if "/" in component or "#" in component or type(model).__name__ != "BaseModel":
            continue  # a part's model, a request model, a root model, an enum: none to check
        ancestors = _ancestor_fields(by_path, model, {model.reference.path}).values()
        fields = {field.original_name or field.name for field in [*model.fields, *ancestors]}
        missing = declared(reference, set()) - fields
        if missing:
            raise ModelsFailed(
                f"the model generator left the properties {sorted(missing)} out of "
                f"{model.class_name}, which has them through its allOf: this is a bug in the "
                "generator",
                pointer=reference[1:],
                hint="write those properties in the schema itself until it is fixed",
            )


def _by_name(fields: list[Any]) -> dict[str, list[Any]]:
    return {field.name: [field] for field in fields if field.name}


def _pointer(model: Any, root: str) -> str:
    """The JSON pointer in the root file of the schema a model was made from (a model the
    generator made of a part, ``Notification#-datamodel-code-generator-#-union_model-0``, is
    its schema's); "" for one of another file."""
    path = _in_root(model.reference.path, root)
    return path[1:].partition("#")[0] if path.startswith("#/") else ""


def _in_root(path: str, root: str) -> str:
    """A model's reference path, ``#/...`` for the root file's schemas: in a spec of several
    files, the model generator names the root file (``openapi.yaml#/components/...``)."""
    return path.removeprefix(root) if root and path.startswith(f"{root}#") else path


def _check_sibling_bases(
    model: Any,
    by_path: dict[str, Any],
    inherited: Callable[[Any, set[str]], dict[str, Any]],
    root: str,
) -> None:
    """Refuse a model whose bases (the parts of an ``allOf``) give one field two types that it
    does not re-type itself: Python's class cannot be both (mypy: incompatible definitions in
    base classes), and a value of both types, when there is one, cannot be told apart.

    Except where one type narrows the other (WorkOS's events: an ``allOf`` of a base with
    ``event: string`` and ``data`` any object, and a ``oneOf`` of variants with ``event:
    {const: ...}`` and a ``data`` model), or the two differ only by classes of the same fields
    (Gusto's ``deductions`` items, written inline in two parts, one with a ``readOnly``): the
    model re-types the field with the narrow type (the first, of two alike), which mypy accepts
    as an override of both bases (marked by the template, as any override).
    """
    own = {field.name for field in model.fields}
    chosen: dict[str, tuple[Any, Any]] = {}
    narrowed: set[str] = set()
    required: dict[str, bool] = {}
    for base in model.base_classes:
        parent = by_path.get(base.reference.path) if base.reference else None
        if parent is None:
            continue
        fields = inherited(parent, {parent.reference.path})
        fields.update({f.name: f for f in parent.fields if f.name})
        for name, field in fields.items():
            if name in own:
                continue
            required[name] = required.get(name, False) or bool(field.required)
            other = chosen.setdefault(name, (parent, field))
            if other[1].type_hint == field.type_hint:
                continue
            narrower = _narrower(other[1], field, by_path)
            if narrower is not None:
                chosen[name] = (parent, field) if narrower is field else other
                narrowed.add(name)
                continue
            raise ModelsFailed(
                f"the allOf parts of this schema give the property "
                f"{field.original_name or name!r} two types, {other[1].type_hint} "
                f"({other[0].class_name}) and {field.type_hint} ({parent.class_name})",
                code="allof-conflict",
                pointer=_pointer(model, root),
                hint="give the property one type in every part of the allOf",
            )
    for name in sorted(narrowed):
        copied = chosen[name][1].copy_deep()
        copied.parent = model
        # Required by one part, required by the model (the narrow part may leave it optional).
        copied.required = required[name]
        values = _enum_values(copied, by_path)
        if values is not None:
            # Its values as a Literal: an open enum takes any text, so a union of such variants
            # would take the first for every tag (epilot's `type`: text, boolean, ...).
            copied.data_type = type(copied.data_type)(literals=values)
        model.fields.append(copied)


_STRING_CONSTANTS = re.compile(r"""Literal\[('[^']*'|"[^"]*")(, ('[^']*'|"[^"]*"))*\]""")
"""A type hint of string constants only: ``Literal['a.created', 'a.deleted']``."""


def _narrower(a: Any, b: Any, by_path: dict[str, Any]) -> Any:
    """The one of two fields whose type narrows the other's, or None."""
    if _narrows(a, b, by_path):
        return a
    return b if _narrows(b, a, by_path) else None


def _narrows(narrow: Any, wide: Any, by_path: dict[str, Any]) -> bool:
    """Whether every value of ``narrow``'s type is one of ``wide``'s, by JSON Schema: string
    constants of a ``str``, an object model of a ``dict[str, Any]`` (any object), an enum of
    some of another's values (epilot's ``type``: four kinds in the base, one per variant), or
    string constants of some of an enum's (UCP's service ``transport``: an enum in the base, a
    ``const`` in each ``anyOf`` variant), anything of ``Any``. None
    is allowed only where ``wide`` allows it too, or where it stands for a property the narrow
    part leaves optional and the wide one requires (so the model requires it)."""
    hint, nullable = _without_none(narrow.type_hint)
    wide_hint, wide_nullable = _without_none(wide.type_hint)
    if wide_hint == "Any":
        # Any value: a part that only requires the property (cribl's `allOf: [$ref: Input,
        # {type: object, required: [id]}]`) or gives it the schema `{}`.
        return True
    if nullable and not wide_nullable and (narrow.required or narrow.nullable):
        return False
    if wide_hint == "str":
        return bool(_STRING_CONSTANTS.fullmatch(hint))
    values, wide_values = _enum_values(narrow, by_path), _enum_values(wide, by_path)
    if values is None and _STRING_CONSTANTS.fullmatch(hint):
        values = ast.literal_eval(hint.removeprefix("Literal"))
    if values is not None and wide_values is not None:
        return set(values) <= set(wide_values)
    if wide_hint == "dict[str, Any]":
        from datamodel_code_generator.model.pydantic_v2 import BaseModel

        reference = narrow.data_type.reference
        model = by_path.get(reference.path) if reference else None
        if not isinstance(model, BaseModel) or model.IS_ROOT_MODEL:
            return False
        return bool(model.class_name == hint)
    if nullable == wide_nullable:
        by_class = {model.class_name: model for model in by_path.values()}
        return _alike(hint, wide_hint, by_class, set())
    return False


def _enum_values(field: Any, by_path: dict[str, Any]) -> list[Any] | None:
    """The values of the enum class a field is typed by, or None."""
    from datamodel_code_generator.model.enum import Enum

    reference = field.data_type.reference
    model = by_path.get(reference.path) if reference else None
    if not isinstance(model, Enum):
        return None
    return [ast.literal_eval(str(member.default)) for member in model.fields]


_NAME = re.compile(r"[A-Za-z_]\w*")


def _bases(model: Any) -> list[str]:
    """The models a model inherits from (its ``allOf`` parts), not its base class ``Model``."""
    return [base.reference.path for base in model.base_classes if base.reference]


def _alike(a: str, b: str, by_class: dict[str, Any], assumed: set[tuple[str, str]]) -> bool:
    """Whether two type hints differ only by classes that have the same fields: each field of
    one name, JSON name, requiredness and hint (alike again), in the same order. A pair met
    again while it is compared is taken as alike (recursive models)."""
    names_a, names_b = _NAME.findall(a), _NAME.findall(b)
    if _NAME.sub("_", a) != _NAME.sub("_", b) or len(names_a) != len(names_b):
        return False
    for x, y in zip(names_a, names_b, strict=True):
        if x == y or (x, y) in assumed:
            continue
        first, second = by_class.get(x), by_class.get(y)
        if first is None or second is None or _bases(first) or _bases(second):
            return False
        if len(first.fields) != len(second.fields) or type(first) is not type(second):
            return False
        assumed.add((x, y))
        for f, g in zip(first.fields, second.fields, strict=True):
            if (f.name, f.original_name, f.required, f.default) != (
                g.name, g.original_name, g.required, g.default
            ) or not _alike(f.type_hint, g.type_hint, by_class, assumed):
                return False
    return True


def _without_none(hint: str) -> tuple[str, bool]:
    """A type hint without its ``| None``, and whether it had one."""
    return hint.removesuffix(" | None"), hint.endswith(" | None")


_TYPE_MAPPINGS = [
    # JSON Schema 2020-12 reads `format` as an annotation. pydantic's EmailStr (through
    # email-validator) goes further: it refuses well-formed addresses at special-use domains
    # (`a@b.test`, `root@localhost`), so a response carrying one would fail.
    "email=string",
    "idn-email=string",
    # A field's Python type must dump as the JSON type its schema gives, or a request body
    # breaks its schema: SecretStr dumps as "**********" (a password field is a `str` kept out
    # of the model's repr instead: `_for_the_model_generator`), an integer or number date-time
    # as ISO text, a number decimal as text, a number time-delta as "PT1.5S", a string integer
    # or unixtime as a number. Each stays the JSON type it is.
    "string+password=string",
    "integer+date-time=integer",
    "number+date-time=number",
    "number+time=number",
    "number+time-delta=number",
    "number+decimal=number",
    # A number unixtime is seconds with a fraction (OpenAI's `Response.created_at`): the model
    # generator made it an int, which refused 1.5.
    "number+unixtime=number",
    # A string decimal is its text as sent: Decimal dumps 0.0000001 as "1E-7" (Revolut X's order
    # sizes), which is no fixed-point decimal and not what the server sent.
    "string+decimal=string",
    # A string duration too: ISO 8601's P1M (a month) is no timedelta, and dumped as "P30D"
    # (Revolut's subscription cycles).
    "string+duration=string",
    "string+integer=string",
    "string+unixtime=string",
    # `byte` is base64 of any bytes: pydantic's Base64Str decodes it as UTF-8 text, so a PDF
    # (Adyen's defense documents) fails to parse; Base64Bytes encodes with line breaks on the
    # lowest pydantic allowed (2.7's `base64.encodebytes`). The field is the base64 text.
    "string+byte=string",
    # datamodel-code-generator types a ULID as python-ulid's `ulid.ULID`, a dependency the
    # package would need for one format (charted's `format: ulid`); it is the ULID's text.
    "string+ulid=string",
]
"""``type_mappings`` of datamodel-code-generator: a schema type and ``format`` -> the type used."""


def _components_keep_their_names(
    resolver: Any, options: Options, class_name: Callable[[str], str]
) -> None:
    """A component keeps its class name: an inline schema whose class would take it is named
    after its component too. Lago's ``AddOnCreateInput`` has ``add_on: {$ref: AddOnBaseInput,
    required: [...]}``, a model of its own that took ``AddOn``, and the component ``AddOn``
    became ``AddOn1``, the type ``find_add_on`` returns; it is ``AddOnCreateInputAddOn`` now.
    Every component of the spec counts, not only those of this run (``_subset``)."""
    from datamodel_code_generator.reference import SPECIAL_PATH_MARKER, get_singular_name

    marker = re.escape(SPECIAL_PATH_MARKER)
    # The path of an alternative of a component's `oneOf`/`anyOf`: the component, the index.
    alternative_at = re.compile(
        rf"#/components/schemas/([^/#]+){marker}(?:anyOf|oneOf)-#-special-#/(\d+)(?:#[^/]*)?$"
    )

    root = options.files.get(options.root)
    schemas = (root.get("components") or {}).get("schemas") if isinstance(root, dict) else None
    wanted = {_not_builtin(class_name(key)) for key in schemas or {}}
    add = resolver.add

    def add_after_components(path: Any, original_name: str, **keywords: Any) -> Any:
        inline = not resolver._is_primary_definition(path)
        alternative = alternative_at.search("/".join(path)) if keywords.get("class_name") else None
        if alternative and original_name and class_name(original_name) == class_name(
            alternative[1]
        ):
            # An inline alternative of a component, named like it: the model generator named
            # it after its marker of the place (`ThingDatamodelCodeGeneratorOneOfSpecialThing`,
            # Convex's and Kong's); it is the component's name and its place, from 1.
            original_name = f"{alternative[1]}{int(alternative[2]) + 1}"
        elif keywords.get("class_name") and original_name and inline:
            singular = keywords.get("singular_name")
            name = get_singular_name(original_name) if singular else original_name
            owner = _OWNER.search("/".join(path))
            taken = _not_builtin(class_name(name))
            # Not a part named after its own component: that one has its name already, and
            # the part is `Both1` (it would be `BothBoth`).
            if owner and taken in wanted and taken != _not_builtin(class_name(owner[1])):
                original_name = f"{owner[1]}_{original_name}"
        return add(path, original_name, **keywords)

    resolver.add = add_after_components


_OWNER = re.compile(r"#/components/schemas/([^/#]+)[/#]")
"""The component a schema is written in, from its path."""


def _not_builtin(class_name: str) -> str:
    """``Warning`` is ``WarningModel``: see ``names.BUILTIN_CLASSES``. So are the classes the
    module imports from ``_base``: the model generator names a root file's ``Model``
    ``ModelModel`` itself, but another file's (a ``$ref`` hoisted to a root component) got
    ``ModelModel`` and its root component ``Model1``, which it never wrote (refused)."""
    taken = class_name in BUILTIN_CLASSES or class_name in _BASE_CLASSES
    return f"{class_name}Model" if taken else class_name


_BASE_IMPORTS = ("OpenEnum", "OpenIntEnum", "OpenValueEnum", "json_default")
"""What the model generator's module imports from ``models/_base.py`` besides ``Model``."""

_BASE_CLASSES = frozenset({"Model", *_BASE_IMPORTS})
"""Names a class of the models' module must not take (``_not_builtin``)."""


_DEFINED = re.compile(r"^(?:class (\w+)\b|(\w+) = )", re.MULTILINE)
"""A top-level class or assignment (a type alias) of the model generator's module."""


@contextlib.contextmanager
def _collected_once() -> Iterator[None]:
    """The garbage collector paused for a run of the model generator, then run once over what the
    run made.

    A run allocates a million objects that mostly live until it ends; collected every 700
    allocations, they were scanned again and again: a fifth of its time (12.4 s against 10.3 s
    for the models at 1,000 operations, in one process; bench/RESULTS.md). Its cyclic garbage is
    small beside what it holds anyway (482 MB peak against 457 MB with all 3,000 schemas of that
    spec in one run); the youngest generation, where all of it is, is collected as it ends.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


@_collected_once()
def run_model_generator(source: dict[str, Any], options: Options) -> Run:
    """One run of datamodel-code-generator on a spec's data (the root file's, or a part of it)."""
    from datamodel_code_generator.enums import DataModelType, ReadOnlyWriteOnlyModelType
    from datamodel_code_generator.format import PythonVersion
    from datamodel_code_generator.model import get_data_model_types

    types = get_data_model_types(DataModelType.PydanticV2BaseModel, PythonVersion.PY_310)
    parser = _parser_class()(
        source,
        data_model_type=types.data_model,
        data_model_root_type=types.root_model,
        data_model_field_type=types.field_model,
        data_type_manager_type=types.data_type_manager,
        dump_resolve_reference_action=types.dump_resolve_reference_action,
        target_python_version=PythonVersion.PY_310,
        base_class=f"{options.package}.models._base.Model",
        additional_imports=[
            f"{options.package}.models._base.{name}"
            for name in _BASE_IMPORTS
        ],
        custom_template_dir=options.templates / "datamodel",
        use_annotated=True,
        use_field_description=True,
        use_schema_description=True,
        use_single_line_docstring=True,
        field_constraints=True,
        use_standard_collections=True,
        use_union_operator=True,
        use_double_quotes=True,
        strict_nullable=True,
        capitalise_enum_members=True,
        set_default_enum_member=True,
        field_extra_keys={"deprecated", "repr"},
        read_only_write_only_model_type=(
            ReadOnlyWriteOnlyModelType.All if options.request_models else None
        ),
        formatters=[],
        keep_model_order=True,
        # A property's default stays on the property, off the root models made of the branches
        # of its oneOf/anyOf: OpenAI's `batch_size: {oneOf: [{enum: [auto]}, {type: integer,
        # minimum: 1}], default: auto}` gave `class BatchSize1(RootModel[int])` a root of
        # `int = "auto"`, which mypy refuses.
        keep_field_defaults_off_branch_roots=True,
        # A nullable map (`type: [object, 'null']` with `additionalProperties`, Lago's fee
        # filters) is typed by its values, `dict[str, list[str]] | None`, not `dict[str, Any]`.
        use_typed_nullable_map_values=True,
        # The inline members of a tagged union are named after their tags (Together's outputs:
        # `OutputsStdout`, `OutputsStderr`, not `Outputs1`, `Outputs2`; WorkOS's 223 events),
        # but where two tags would give one class name.
        use_tag_as_union_variant_name=True,
        type_mappings=_TYPE_MAPPINGS,
        # Where relative $refs start, for the parser and its reference resolver alike: set on the
        # parser after construction, the resolver kept the working directory, and a `$ref` in a
        # file with a `$id` (`order.json`'s `meta.json`) was looked up as a URL against the
        # `$id` (`https://example.com/schemas/meta.json`): fetched, or refused as unsafe.
        base_path=options.root.parent,
        # One module, whatever dots the names of the spec's files have: OpenSearch's schemas in
        # `cat.aliases.yaml` and the like were split into modules `cat`, ... (refused).
        treat_dot_as_module=False,
    )
    # No class named like a builtin, whether a schema's name gives it or the singular of an
    # array property's (SendGrid's `warnings` items: `Warning`); see names.BUILTIN_CLASSES.
    # Both hooks come before the resolver makes the name unique (and would settle a renamed
    # class back on its first name). A leading underscore is dropped: Infinity's `_Usage` was
    # `FieldUsage` (a `Usage` beside it makes it `Usage1`).
    resolver = parser.model_resolver
    default_class_name, affixed = resolver.class_name_generator, resolver._apply_class_name_affix
    resolver.class_name_generator = lambda name: _not_builtin(
        default_class_name(name.lstrip("_") or name)
    )
    resolver._apply_class_name_affix = lambda *args, **kwargs: _not_builtin(
        affixed(*args, **kwargs)
    )
    _components_keep_their_names(resolver, options, default_class_name)
    # The other files of a spec, as the loader read them: a relative $ref is looked up in this
    # cache (by resolved path) before the file would be read again.
    parser.root_name = options.root.name if len(options.files) > 1 else ""
    for path, data in options.files.items():
        if path != options.root:
            parser.remote_object_cache[str(path)] = data
    stderr = io.StringIO()
    try:
        with warnings.catch_warnings(), contextlib.redirect_stderr(stderr):
            warnings.simplefilter("ignore")
            code = parser.parse()
    except ModelsFailed:
        raise  # ours, raised from inside the parser (_check_inherited_fields): it is located
    except Exception as exc:  # the model generator signals bad schemas with many types
        # It names the schema it failed on when it can ("Error at schema path '#/...'").
        at = _FAILED_AT.search(str(exc))
        pointer = at["pointer"] if at is not None else ""
        raise ModelsFailed(f"the model generator failed: {exc}", pointer=pointer) from None
    if isinstance(code, dict) and not code:
        code = ""  # no schema at all (a spec with no components): no models
    if not isinstance(code, str):  # a multi-file spec's schema name with a dot: a module path
        raise ModelsFailed(
            f"it split the models into modules {sorted('.'.join(k) for k in code)} (a schema "
            "name with a dot, in a spec of several files); rename the schema without the dot"
        )
    names: dict[str, str] = {}
    request_names: dict[str, str] = {}
    # A model the generator made and then left out as the duplicate of another (codat's
    # component `DataType`, a $ref to the enum of a property, made `DataType1`, written as the
    # enum `DataType`) is that other class.
    defined = {a or b for a, b in _DEFINED.findall(code)}
    for model in parser.results:
        reference = _in_root(model.reference.path, parser.root_name)
        if not reference.startswith(_SCHEMAS):
            continue
        component, _, variant = reference[len(_SCHEMAS) :].partition("#")
        if "/" in component or "/" in variant:
            # Nested inline schemas, reachable only through their parent model; also those the
            # model generator reaches through a `oneOf` (`.../oneOf/0/model`, chroma's inline
            # enum `model`, which it renamed `ModelModel` after our base class `Model`).
            continue
        name = model.class_name if model.class_name in defined else model.duplicate_class_name
        if name not in defined:
            raise ModelsFailed(
                f"the model generator wrote no class {model.class_name!r} for this schema",
                pointer=reference[1:].partition("#")[0],
            )
        if _REQUEST_MARK in variant and variant.count(_GENERATED) == 1:
            # The schema's own request model, not a union member's (cribl's body union, an
            # allOf over a oneOf: `...union_model-68-...read-write-request-...` was taken for
            # it, and the method sent one member only).
            request_names[component] = name
        elif not variant:
            names[component] = name
    for component, name in names.items():
        request_names.setdefault(component, name)
    return Run(code, names, request_names)
