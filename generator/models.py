"""Run datamodel-code-generator in-process, with fixed options, on the spec's component schemas."""

from __future__ import annotations

import ast
import contextlib
import functools
import gc
import io
import re
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from generator.errors import SpecError
from generator.lint import invalid_defaults
from generator.load import SpecDocument
from generator.model_groups import ImportLine, Joined, batches, join
from generator.names import BUILTIN_CLASSES
from generator.shapes import pattern_error

__all__ = ["BATCH_SCHEMAS", "ModelSource", "generate_models", "submit_models"]

_SCHEMAS = "#/components/schemas/"
_REQUEST_MARK = "-read-write-request-"

BATCH_SCHEMAS = 100
"""Schemas per run of datamodel-code-generator, at least, when they fall into independent
groups: little of its memory per run (two run at once in the pool), and few enough runs that
their fixed cost stays small."""

POOL_BATCHES = 5
"""Batches from which this process makes some of them beside the models worker: importing the
model generator here (0.3 s) costs more than it saves below."""


@dataclass(frozen=True)
class ModelSource:
    """The models module's source and the class each component schema became."""

    code: str
    """The classes, imports apart."""
    names: dict[str, str]
    """Component schema name -> class name (the model read from responses)."""
    request_names: dict[str, str]
    """Component schema name -> class sent in requests (readOnly fields left out)."""
    imports: tuple[tuple[ImportLine, ...], ...] = ()
    """The module's imports, in sections; ``code`` is the classes only."""


def generate_models(
    document: SpecDocument,
    package: str,
    templates: Path,
    *,
    request_models: bool = True,
    batch_schemas: int = BATCH_SCHEMAS,
    pool: Executor | None = None,
) -> ModelSource:
    """The pydantic v2 models of every component schema, unformatted (black runs later).

    With ``request_models``, a schema with readOnly fields also gets a ``<Name>Request``
    variant without them, for request bodies; a spec that sends no body does not need them.

    A spec whose schemas fall into groups that share no ``$ref`` is generated in batches of
    at least ``batch_schemas`` schemas (``model_groups``) and joined; the module is the one a
    single run makes (the tests compare them). The runs go to ``pool`` when one is given.
    """
    return submit_models(
        document,
        package,
        templates,
        request_models=request_models,
        batch_schemas=batch_schemas,
        pool=pool,
    )()


def submit_models(
    document: SpecDocument,
    package: str,
    templates: Path,
    *,
    request_models: bool = True,
    batch_schemas: int = BATCH_SCHEMAS,
    pool: Executor | None = None,
) -> Callable[[], ModelSource]:
    """``generate_models`` in two steps: the runs start (in ``pool``, when given), and the
    function returned waits for them and gives their module (SpecError for a located failure).
    Without a pool, the runs are made when the function is called."""
    # Every file's data as our loader built it (YAML 1.2 scalars, checked), not the text parsed
    # again with YAML 1.1 rules, and without the defaults that do not match their schemas
    # (lint warned: default-invalid), so such a field is what it would be without a default.
    dropped = invalid_defaults(document)
    files = {
        path: _for_the_model_generator(
            _without_defaults(source.data, {p for f, p in dropped if f == path})
        )
        for path, source in {**document.files, document.root.path: document.root}.items()
    }
    data = files[document.root.path] = _undiscriminated_unions_of_unions(
        _concrete_bases(files[document.root.path])
    )
    options = _Options(package, templates, request_models, document.root.path, files)
    schemas = data.get("components", {}).get("schemas")
    parts = (
        batches(schemas, batch_schemas)
        if len(document.files) == 1 and isinstance(schemas, dict)
        else []
    )
    sources = [_subset(data, part) for part in parts] if len(parts) > 1 else [data]
    runs = _start_runs(sources, options, pool)

    def collect() -> ModelSource:
        try:
            done = runs()
            if len(done) > 1:
                joined = join([run.code for run in done], package)
                if joined is not None:
                    return _source(joined, done)
                done = [_run(data, options)]  # the batches conflict: one run of them all
        except ModelsFailed as exc:
            raise _located(exc, document) from exc
        whole = done[0]
        if not whole.code:
            return _source(Joined((), ""), [whole])
        return _source(join([whole.code], package) or Joined((), whole.code), [whole])

    return collect


def _located(exc: ModelsFailed, document: SpecDocument) -> SpecError:
    pointer = exc.pointer or "/components/schemas"
    return SpecError([document.diagnostic(exc.code, pointer, exc.message, exc.hint)])


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


class _Options(NamedTuple):
    package: str
    templates: Path
    request_models: bool
    root: Path
    """The root file: relative ``$ref``s to other files resolve from its folder."""
    files: dict[Path, Any]
    """Every file of the spec (resolved path -> data), as the model generator must read it."""


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
    - the ``default`` of a union with an array or object alternative it is not
      (``_container_alternative_refuses``) is left out;
    - a schema's ``default: null`` is left out: an optional field's default is None anyway,
      and the model generator put it on types that have no None (the enum of ``enum: [a,
      null]`` as ``adj: Adj = None``, the root model of an ``anyOf``'s non-null branch); and so
      is 3.0's ``nullable: false``, which 3.1 does not know and which says nothing new, but made
      the model generator write an optional field without None (``token: str = None``, codat's).

    - a ``type`` list of several scalar types with constraints of some of them (``type: [string,
      integer], maxLength: 5``) is written as the ``anyOf`` of one schema per type, each with
      its own constraints (JSON Schema applies a keyword to the instances of its type only):
      the model generator wrote the first as ``constr(max_length=5) | int``, a call in a type
      hint, which mypy refuses; it writes the second as it writes any ``anyOf``.

    - a ``const`` that no ``Literal`` holds is written otherwise: a number that is no integer,
      or an integer outside mypy's range (a signed 64-bit one, ``-(2**63 - 1)`` up), as
      ``minimum`` and ``maximum`` of that value, its meaning (mypy refuses
      ``Literal[18000000000000000000]``); an array or an object is left to its ``type`` (the
      model generator wrote ``bar: float = None`` for an optional one, which mypy refuses).

    - a ``pattern`` pydantic's regex engine cannot compile (lint's pattern-unsupported) is
      left out: the model's module would not import.

    - ``items`` and ``prefixItems`` of a schema whose ``type`` is not ``array`` are left out:
      they apply to arrays only, and the model generator made a list of Gusto's ``category:
      {type: string, items: {type: integer}}``.

    - an ``allOf`` beside a ``oneOf`` (``_allof_beside_alternatives``), and one over a ``oneOf``
      with a fieldless alternative (``_allof_over_empty_alternative``), are distributed; an
      inline alternative of a discriminated union tagged by several values is one alternative
      per value (``_one_tag_per_inline_alternative``).

    What leads to a change is copied, everything else shared."""
    if isinstance(data, list):
        items = [_for_the_model_generator(item) for item in data]
        return items if any(a is not b for a, b in zip(items, data, strict=True)) else data
    if not isinstance(data, dict):
        return data
    copy = {key: _for_the_model_generator(value) for key, value in data.items()}
    if "default" in copy and copy["default"] is None and _SCHEMA_KEYS & copy.keys():
        del copy["default"]
    if copy.get("nullable") is False and _SCHEMA_KEYS & copy.keys():
        del copy["nullable"]
    if "default" in copy and _container_alternative_refuses(copy):
        del copy["default"]
    kind = copy.get("type")
    if isinstance(kind, str | list) and "array" not in kind:
        for key in _ARRAY_KEYS & copy.keys():
            del copy[key]
    pattern = copy.get("pattern")
    if isinstance(pattern, str) and _SCHEMA_KEYS & copy.keys() and pattern_error(pattern):
        del copy["pattern"]  # lint warned (pattern-unsupported): pydantic cannot compile it
    if copy.get("format") == "password" and copy.get("type") == "string":
        copy["repr"] = False  # a field extra (`field_extra_keys`): Field(repr=False)
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
        copy["allOf"] = [_null_properties(part) for part in parts]
    copy = _type_list_as_any_of(_one_tag_per_inline_alternative(copy))
    copy = _allof_over_empty_alternative(_allof_beside_alternatives(copy))
    changed = copy.keys() != data.keys() or any(copy[key] is not data[key] for key in copy)
    return copy if changed else data


_ARRAY_KEYS = frozenset({"items", "prefixItems"})


def _container_alternative_refuses(schema: dict[str, Any]) -> bool:
    """Whether an alternative of the schema's ``oneOf``/``anyOf`` is an array or object that its
    ``default`` is not: the model generator gave that alternative's root model the default too
    (Together's ``timestamp_granularities``, ``segment`` or a list of them: ``root:
    list[...] = 'segment'``, which mypy refuses)."""
    options = schema.get("oneOf") or schema.get("anyOf")
    kinds = {"array": list, "object": dict}
    return isinstance(options, list) and any(
        isinstance(option, dict)
        and option.get("type") in kinds
        and not isinstance(schema["default"], kinds[option["type"]])
        for option in options
    )


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
                key: [{"allOf": [*parts, _null_properties(option)]} for option in options],
            }
    return schema


def _fieldless_object(schema: Any) -> bool:
    return (
        isinstance(schema, dict)
        and schema.get("type", "object") == "object"
        and not _SHAPE_KEYS & schema.keys()
    )


def _concrete_bases(data: Any) -> Any:
    """``data`` without the ``discriminator`` of each object component that a ``oneOf`` or
    ``anyOf`` lists as an alternative of its own (.NET's ``$type``: ``oneOf: [BlogPostDto,
    BlogPostWithImageDto]``, the base mapped to itself). The model generator reads a discriminated
    base as its subtypes only and dropped it from the union (``RootModel[BlogPostWithImageDto]``
    refused every plain blog post); without it the union is the two classes, as written."""
    schemas = data.get("components", {}).get("schemas") if isinstance(data, dict) else None
    if not isinstance(schemas, dict):
        return data
    listed: set[str] = set()
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key in ("oneOf", "anyOf"):
                options = node.get(key)
                for option in options if isinstance(options, list) else ():
                    ref = option.get("$ref") if isinstance(option, dict) else None
                    if isinstance(ref, str) and ref.startswith(_SCHEMAS):
                        listed.add(ref[len(_SCHEMAS) :].replace("~1", "/").replace("~0", "~"))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    bases = {
        name
        for name in listed
        if isinstance(schemas.get(name), dict)
        and "discriminator" in schemas[name]
        and "properties" in schemas[name]
    }
    if not bases:
        return data
    concrete = {
        name: {k: v for k, v in schema.items() if k != "discriminator"} if name in bases else schema
        for name, schema in schemas.items()
    }
    return {**data, "components": {**data["components"], "schemas": concrete}}


def _undiscriminated_unions_of_unions(data: Any) -> Any:
    """``data`` without the ``discriminator`` of each component union that lists a union
    component (Polar's ``Event``: ``oneOf: [SystemEvent, UserEvent]`` on ``source``, where
    ``SystemEvent`` is a ``oneOf`` itself). The model generator makes that member a root model,
    which has no ``source`` attribute: pydantic validates the tagged union, but warns on every
    dump that it cannot read the tag. Without the discriminator the union is pydantic's smart
    one, which the members' own tags keep unambiguous."""
    schemas = data.get("components", {}).get("schemas") if isinstance(data, dict) else None
    if not isinstance(schemas, dict):
        return data

    def is_union(ref: Any) -> bool:
        if not isinstance(ref, str) or not ref.startswith(_SCHEMAS):
            return False
        target = schemas.get(ref[len(_SCHEMAS) :].replace("~1", "/").replace("~0", "~"))
        return isinstance(target, dict) and "properties" not in target and (
            "oneOf" in target or "anyOf" in target
        )

    untagged = {
        name
        for name, schema in schemas.items()
        if isinstance(schema, dict)
        and "discriminator" in schema
        and any(
            isinstance(option, dict) and is_union(option.get("$ref"))
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


def _null_properties(part: Any) -> Any:
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
    }
    if all(narrowed[name] is properties[name] for name in properties):
        return part
    return {**part, "properties": narrowed}


class _Run(NamedTuple):
    """One run of datamodel-code-generator: its module and the classes of the components."""

    code: str
    names: dict[str, str]
    request_names: dict[str, str]


def _subset(data: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The spec with only the named component schemas (and no paths, which no run reads)."""
    components = dict(data["components"])
    schemas = components["schemas"]
    components["schemas"] = {name: schemas[name] for name in names}
    kept = {key: value for key, value in data.items() if key not in ("paths", "webhooks")}
    return {**kept, "components": components}


def _start_runs(
    sources: list[dict[str, Any]], options: _Options, pool: Executor | None
) -> Callable[[], list[_Run]]:
    """Start a run of each source (a batch, or the whole spec); the function returned gives
    their results in order.

    With a ``pool`` (one worker: ``pipeline.models_pool``), its worker makes them from the
    first on; from ``POOL_BATCHES`` batches on, this process, when the function is called, makes
    those the worker has not started, from the last back, until the two meet (a cancelled
    future is one no process has begun; datamodel-code-generator is pure Python on one core).
    Without a pool, this process makes them all then. Either way the failure raised is that of
    the first failing batch in their order. A batch's source holds only its schemas; the other
    files of a spec are never batched.
    """
    if pool is None:
        return lambda: [_run(source, options) for source in sources]
    share = len(sources) >= POOL_BATCHES
    sent = options._replace(files={}) if len(sources) > 1 else options
    futures = [pool.submit(_run, source, sent) for source in sources]

    def results() -> list[_Run]:
        mine: dict[int, _Run | ModelsFailed] = {}
        try:
            for i in reversed(range(len(sources))):
                if share and futures[i].cancel():
                    try:
                        mine[i] = _run(sources[i], options)
                    except ModelsFailed as exc:  # the worker's batches before it decide
                        mine[i] = exc
                        break
            runs = []
            for i in range(len(sources)):  # the first failure in batch order, on every run
                run = mine[i] if i in mine else futures[i].result()
                if isinstance(run, ModelsFailed):
                    raise run
                runs.append(run)
            return runs
        finally:  # a run failed, or Ctrl-C: the worker's others are not waited for
            for future in futures:
                future.cancel()

    return results


def _source(joined: Joined, runs: list[_Run]) -> ModelSource:
    names: dict[str, str] = {}
    request_names: dict[str, str] = {}
    for run in runs:
        names.update(run.names)
        request_names.update(run.request_names)
    return ModelSource(joined.body, names, request_names, joined.imports)


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

    class Parser(OpenAPIParser):
        def parse_raw(self) -> None:
            super().parse_raw()
            for model in self.results:
                # Before the discriminator pass makes a tag property required (the template).
                optional = [f.name for f in model.fields if f.name and not f.required]
                if optional:
                    model.extra_template_data["optional"] = optional
            _check_inherited_fields(self.results)  # before the models are rendered
            _validate_text_defaults(self.results)

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


def _check_inherited_fields(models: list[Any]) -> None:
    """Refuse a model whose field takes the Python name of an inherited field of another JSON
    name (``foo-bar`` in an ``allOf`` part, ``foo_bar`` in its base): the subclass's field
    would replace the base's. Field names are made per schema, so this is the one clash left.

    A field that re-types an inherited one of the same JSON name (an ``allOf`` part narrowing
    its base's ``data: list[dict[str, Any]]`` to ``list[Item]``) is a pydantic override; mypy
    calls it incompatible when the types are invariant, so the model's template data holds its
    ``inherited`` fields, and the template adds the ``type: ignore`` pydantic's documentation
    gives for a field whose hint differs from the inherited one's."""
    by_path = {model.reference.path: model for model in models}

    def inherited(model: Any, seen: set[str]) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for base in model.base_classes:
            parent = by_path.get(base.reference.path) if base.reference else None
            if parent is None or parent.reference.path in seen:
                continue
            seen.add(parent.reference.path)
            fields.update(inherited(parent, seen))
            fields.update({f.name: f for f in parent.fields if f.name})
        return fields

    for model in models:
        _check_sibling_bases(model, by_path, inherited)
        fields = inherited(model, {model.reference.path})
        if fields:
            # For the template, which compares the hints as rendered: a later pass of the model
            # generator may still add or narrow a field (a discriminator's ``Literal``).
            model.extra_template_data["inherited"] = fields
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
                    pointer=_pointer(model),
                    hint="rename one of them",
                )


def _pointer(model: Any) -> str:
    """The JSON pointer of the schema a model was made from (a model the generator made of a
    part, ``Notification#-datamodel-code-generator-#-union_model-0``, is its schema's)."""
    path: str = model.reference.path
    return path[1:].partition("#")[0] if path.startswith("#/") else ""


def _check_sibling_bases(
    model: Any, by_path: dict[str, Any], inherited: Callable[[Any, set[str]], dict[str, Any]]
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
                pointer=_pointer(model),
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
            literals = [ast.literal_eval(value) for value in values]
            copied.data_type = type(copied.data_type)(literals=literals)
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
    some of another's values (epilot's ``type``: four kinds in the base, one per variant). None
    is allowed only where ``wide`` allows it too, or where it stands for a property the narrow
    part leaves optional and the wide one requires (so the model requires it)."""
    hint, nullable = _without_none(narrow.type_hint)
    wide_hint, wide_nullable = _without_none(wide.type_hint)
    if nullable and not wide_nullable and (narrow.required or narrow.nullable):
        return False
    if wide_hint == "str":
        return bool(_STRING_CONSTANTS.fullmatch(hint))
    values, wide_values = _enum_values(narrow, by_path), _enum_values(wide, by_path)
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


def _enum_values(field: Any, by_path: dict[str, Any]) -> list[str] | None:
    """The values (as written in the code) of the enum class a field is typed by, or None."""
    from datamodel_code_generator.model.enum import Enum

    reference = field.data_type.reference
    model = by_path.get(reference.path) if reference else None
    return [str(f.default) for f in model.fields] if isinstance(model, Enum) else None


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
    "string+integer=string",
    "string+unixtime=string",
    # `byte` is base64 of any bytes: pydantic's Base64Str decodes it as UTF-8 text, so a PDF
    # (Adyen's defense documents) fails to parse; Base64Bytes encodes with line breaks on the
    # lowest pydantic allowed (2.7's `base64.encodebytes`). The field is the base64 text.
    "string+byte=string",
]
"""``type_mappings`` of datamodel-code-generator: a schema type and ``format`` -> the type used."""


def _not_builtin(class_name: str) -> str:
    """``Warning`` is ``WarningModel``: see ``names.BUILTIN_CLASSES``."""
    return f"{class_name}Model" if class_name in BUILTIN_CLASSES else class_name


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
def _run(source: dict[str, Any], options: _Options) -> _Run:
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
            for name in ("OpenEnum", "OpenIntEnum", "OpenValueEnum", "json_default")
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
        type_mappings=_TYPE_MAPPINGS,
    )
    # No class named like a builtin, whether a schema's name gives it or the singular of an
    # array property's (SendGrid's `warnings` items: `Warning`); see names.BUILTIN_CLASSES.
    # Both hooks come before the resolver makes the name unique (and would settle a renamed
    # class back on its first name).
    resolver = parser.model_resolver
    default_class_name, affixed = resolver.class_name_generator, resolver._apply_class_name_affix
    resolver.class_name_generator = lambda name: _not_builtin(default_class_name(name))
    resolver._apply_class_name_affix = lambda *args, **kwargs: _not_builtin(
        affixed(*args, **kwargs)
    )
    # The other files of a spec, as the loader read them: a relative $ref is looked up in this
    # cache (by resolved path) before the file would be read again.
    parser.base_path = options.root.parent
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
        raise ModelsFailed(f"the model generator failed: {exc}") from None
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
        path = model.reference.path
        if not path.startswith(_SCHEMAS):
            continue
        component, _, variant = path[len(_SCHEMAS) :].partition("#")
        if "/" in component:
            continue  # nested inline schemas: reachable only through their parent model
        name = model.class_name if model.class_name in defined else model.duplicate_class_name
        if name not in defined:
            raise ModelsFailed(
                f"the model generator wrote no class {model.class_name!r} for this schema",
                pointer=path[1:].partition("#")[0],
            )
        if _REQUEST_MARK in variant:
            request_names[component] = name
        elif not variant:
            names[component] = name
    for component, name in names.items():
        request_names.setdefault(component, name)
    return _Run(code, names, request_names)
