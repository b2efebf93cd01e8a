"""Sample values for the generated tests, decided once and proved valid at generation time.

The generated tests call every operation with sample arguments, and the mock checks each request
against the spec: a sample that breaks its schema (``7`` for ``maximum: 3``, ``"id-1"`` for a
``format: uuid``) fails a test of a correct client. ``Sampler.samples`` draws candidates from
what the schema says (``const``, ``enum``, examples, ``format``, bounds, lengths, item counts,
``default`` last), keeps the first two that jsonschema (with a format checker) accepts, and
says why when none is valid (a ``pattern`` no candidate matches): the caller leaves the tests
that need the value out, with a located warning, rather than emit a failing one.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from re import _parser as _regex_parser  # type: ignore[attr-defined]
from typing import Any

from generator.errors import escape_pointer
from generator.load import SpecDocument
from generator.shapes import (
    INT_RANGES,
    format_checker,
    polymorphic_bases,
    unnamed_discriminator,
    validator_class,
)

__all__ = ["HOSTILE_SEGMENTS", "UNSENDABLE_SEGMENTS", "Sampler", "Samples", "segment_text"]

HOSTILE_SEGMENTS = (
    "a/b",
    "../admin",
    "q?x=1",
    "h#frag",
    "100%",
    "sp ace",
    "ünï/cødé",
    "%2e%2e",
)
"""Path segments the escaping tests send: a parameter whose schema refuses one is not tested."""

UNSENDABLE_SEGMENTS = frozenset({"", ".", ".."})
"""Path segments the client refuses (``path_segment``: ValueError): never a sample of one."""


def segment_text(value: Any) -> str:
    """A value as the client writes it into a path segment (``simple`` style)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(segment_text(item) for item in value)
    if isinstance(value, dict):
        return ",".join(
            f"{key},{segment_text(item)}" for key, item in value.items() if item is not None
        )
    return str(value)

_FORMATS: dict[str, tuple[str, ...]] = {
    "uuid": (
        "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "0b9c3a5e-2f4d-4c1a-9e8b-7d6f5a4b3c2d",
    ),
    "date": ("2024-01-01", "2024-12-31"),
    "date-time": ("2024-01-01T00:00:00Z", "2024-12-31T23:59:59Z"),
    "time": ("12:00:00Z", "23:59:59Z"),
    "duration": ("P1D", "PT1H"),
    "email": ("user@example.com", "other@example.com"),
    "idn-email": ("user@example.com", "other@example.com"),
    "hostname": ("example.com", "api.example.com"),
    "idn-hostname": ("example.com", "api.example.com"),
    "ipv4": ("192.0.2.1", "198.51.100.2"),
    "ipv6": ("2001:db8::1", "2001:db8::2"),
    "uri": ("https://example.com/a", "https://example.com/b"),
    "url": ("https://example.com/a", "https://example.com/b"),
    "iri": ("https://example.com/a", "https://example.com/b"),
    "uri-reference": ("https://example.com/a", "/b"),
    "iri-reference": ("https://example.com/a", "/b"),
    "uri-template": ("https://example.com/{id}", "/b/{id}"),
    "json-pointer": ("/a", "/b/0"),
    "relative-json-pointer": ("0/a", "1"),
    "regex": ("^a+$", "[0-9]"),
    "byte": ("c2FtcGxl", "b3RoZXI="),
    "decimal": ("1.5", "2.25"),
    "binary": ("sample", "other"),
    "password": ("password-1", "password-2"),
}
_FORMATS["uuid4"] = _FORMATS["uuid"]  # pydantic's UUID4 (Polar's): both are version 4
_PATTERNED = tuple(dict.fromkeys(sample for samples in _FORMATS.values() for sample in samples))
"""Every format's samples once: the candidates of a pattern without a format."""
_TEXTS = (
    "abc",
    "xyz",
    "ABC",
    "XYZ",
    "Abc1",
    "a1",
    "1",
    "12",
    "123",
    "a-b",
    "a_b",
    "a.b",
    "sample",
)
_DEPTH = 8


@dataclass(frozen=True)
class Samples:
    """Two valid values of a schema; equal only when the schema allows no other."""

    first: Any
    second: Any


def _key(value: Any) -> str:
    """Identity of a JSON value: ``1``, ``1.0`` and ``True`` are different samples."""
    return f"{type(value).__name__}:{json.dumps(value, sort_keys=True)}"


class Sampler:
    """Sample values of the schemas of one spec, ``$ref`` resolved across its files."""

    def __init__(self, document: SpecDocument) -> None:
        from referencing import Registry
        from referencing.jsonschema import DRAFT202012

        self._cls = validator_class()
        resources = [
            (path.as_uri(), DRAFT202012.create_resource(source.data))
            for path, source in document.files.items()
        ]
        self._registry: Any = Registry().with_resources(resources)
        self._checker = format_checker()
        self._known: dict[tuple[str, Path, str, bool, bool, bool], Samples | str] = {}
        """Samples by schema (as JSON), file, hint and null allowed: parameters repeat."""
        self._accepted: dict[tuple[str, Path, tuple[Any, ...]], bool] = {}
        self._polymorphic = polymorphic_bases(document.root.data)

    def _validator(self, schema: Any, base: Path) -> Any:
        return self._validator_at(schema, self._registry.resolver(base_uri=base.as_uri()))

    def _validator_at(self, schema: Any, resolver: Any) -> Any:
        cls: Any = self._cls  # `_resolver` (where relative $refs start) is not in its stubs
        return cls(
            schema, registry=self._registry, format_checker=self._checker, _resolver=resolver
        )

    def _valid(
        self,
        schema: Any,
        resolver: Any,
        hint: str,
        depth: int,
        limit: int,
        *,
        subtypes: bool = True,
    ) -> list[Any]:
        """Up to ``limit`` distinct candidates of a nested schema that it accepts."""
        validator = self._validator_at(schema, resolver)
        found: list[Any] = []
        seen: set[str] = set()
        for value in self._candidates(schema, resolver, hint, depth + 1, subtypes=subtypes):
            key = _key(value)
            if key not in seen:
                seen.add(key)
                if validator.is_valid(value):
                    found.append(value)
                    if len(found) >= limit:
                        break
        return found

    def samples(
        self,
        schema: Any,
        base: Path,
        hint: str,
        *,
        allow_null: bool = True,
        segment: bool = False,
        allow_empty: bool = True,
    ) -> Samples | str:
        """Two valid values of ``schema`` (found in the file ``base``), or why there are none.

        ``hint`` names the text samples (``resource_id-1``) so a test failure says which
        argument carried it; without ``allow_null``, ``None`` is no sample (an argument passed
        as None is not sent; a body of JSON null is none); without ``allow_empty`` (a
        parameter), neither is an empty array or object (RFC 6570 calls them undefined: nothing
        would be sent either) nor an empty text (Squadcast's enum ``[yes, no, ""]``: ``x=`` is
        an empty value, which a query allows only with ``allowEmptyValue``); with ``segment``
        (a path parameter), no value the client refuses as a path segment (``""``, ``.``,
        ``..``).
        """
        key = (
            json.dumps(schema, sort_keys=True, default=str), base, hint, allow_null, segment,
            allow_empty,
        )
        if key not in self._known:
            self._known[key] = self._samples(
                schema, base, hint, allow_null=allow_null, segment=segment, allow_empty=allow_empty
            )
        return self._known[key]

    def _samples(
        self, schema: Any, base: Path, hint: str, *, allow_null: bool, segment: bool,
        allow_empty: bool,
    ) -> Samples | str:
        validator = self._validator(schema, base)
        resolver = self._registry.resolver(base_uri=base.as_uri())
        valid: list[Any] = []
        seen: set[str] = set()
        try:
            for value in self._candidates(schema, resolver, hint, 0):
                key = _key(value)
                if key in seen or (value is None and not allow_null):
                    continue
                if not allow_empty and _empty(value):
                    continue
                if segment and segment_text(value) in UNSENDABLE_SEGMENTS:
                    continue
                seen.add(key)
                if validator.is_valid(value):
                    valid.append(value)
                    if len(valid) == 2:
                        break
        except Exception as exc:  # a schema jsonschema cannot use: lint has reported it
            return f"its schema cannot be checked ({type(exc).__name__}: {exc})"
        if not valid:
            return "no value the generator can build satisfies its schema"
        return Samples(valid[0], valid[-1])

    def first(
        self,
        schema: Any,
        base: Path,
        hint: str,
        examples: tuple[Any, ...],
        *,
        allow_empty: bool = True,
    ) -> Any:
        """The first of ``examples`` that ``schema`` accepts, else its first sample, never
        ``None`` (a body of JSON ``null`` is no body to send or answer), nor without
        ``allow_empty`` an empty object or array (a form body of no field: a multipart body
        has one part at least, RFC 2046); a ``str`` saying why when there is none (the value
        is wrapped in ``Samples`` to tell it from a text)."""
        try:
            validator = self._validator(schema, base)
            for example in examples:
                if (
                    example is not None
                    and (allow_empty or not _empty(example))
                    and validator.is_valid(example)
                ):
                    return Samples(example, example)
        except Exception as exc:  # a schema jsonschema cannot use: lint has reported it
            return f"its schema cannot be checked ({type(exc).__name__}: {exc})"
        return self.samples(schema, base, hint, allow_null=False, allow_empty=allow_empty)

    def valid(self, schema: Any, base: Path, values: list[Any]) -> list[Any]:
        """The ``values`` (JSON values: examples) that ``schema`` accepts."""
        try:
            validator = self._validator(schema, base)
            return [value for value in values if validator.is_valid(value)]
        except Exception:  # a schema jsonschema cannot use: lint has reported it
            return []

    def accepts(self, schema: Any, base: Path, values: tuple[Any, ...]) -> bool:
        """Every one of ``values`` is valid for ``schema``."""
        key = (json.dumps(schema, sort_keys=True, default=str), base, values)
        if key not in self._accepted:
            try:
                validator = self._validator(schema, base)
                self._accepted[key] = all(validator.is_valid(value) for value in values)
            except Exception:
                self._accepted[key] = False
        return self._accepted[key]

    # -- candidates ------------------------------------------------------------

    def _candidates(
        self, schema: Any, resolver: Any, hint: str, depth: int, *, subtypes: bool = True
    ) -> Iterator[Any]:
        """Values worth trying for ``schema``, the likeliest first (validation filters them).

        ``subtypes``: a base schema's discriminator ``mapping`` gives its subtypes' values
        first (``_subtypes``); not for the base read as an ``allOf`` part of one of them.
        A subtype that the mapping of its ``allOf`` base names has its key in each object: the
        model types the property as that key (Unity Catalog's ``DeltaStructType``, ``struct``)."""
        tag = _inherited_tag(schema, resolver)
        for value in self._own_candidates(schema, resolver, hint, depth, subtypes=subtypes):
            yield {**value, tag[0]: tag[1]} if tag and isinstance(value, dict) else value

    def _own_candidates(
        self, schema: Any, resolver: Any, hint: str, depth: int, *, subtypes: bool
    ) -> Iterator[Any]:
        if depth > _DEPTH:
            return
        if schema is True or schema == {}:
            yield f"{hint}-1"
            yield f"{hint}-2"
            return
        if not isinstance(schema, dict):
            return
        if isinstance(schema.get("$ref"), str):
            resolved = resolver.lookup(schema["$ref"])
            # A reference is no level of the value: only one to another reference counts (a
            # circle of them ends), so a value nests _DEPTH objects deep, however referenced.
            hop = isinstance(resolved.contents, dict) and "$ref" in resolved.contents
            yield from self._candidates(
                resolved.contents, resolved.resolver, hint, depth + hop, subtypes=subtypes
            )
        if subtypes and isinstance(schema.get("discriminator"), dict):
            yield from self._subtypes(schema, resolver, hint, depth)
            if _component_name(resolver, schema) in self._polymorphic:
                return  # the union of its subtypes: the base's own objects would not parse
        if "const" in schema:
            yield schema["const"]
            return
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            yield from (enum[0], enum[-1], *enum[1:-1])
            return
        if "example" in schema:
            yield schema["example"]
        if isinstance(schema.get("examples"), list):
            yield from schema["examples"]
        parts = schema.get("allOf") or []
        if parts:
            yield from self._merged(schema, parts, resolver, hint, depth)
        for part in parts:
            yield from self._candidates(part, resolver, hint, depth + 1, subtypes=False)
        discriminator = schema.get("discriminator")
        tag = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
        tag = tag if isinstance(tag, str) and ("oneOf" in schema or "anyOf" in schema) else None
        # The oracle leaves such a discriminator out: where no mapping tags the members, each
        # keeps its own tag; where one does, a tag that is no string keeps its own value.
        unnamed = isinstance(discriminator, dict) and unnamed_discriminator(
            schema, _components(resolver)
        )
        own = unnamed and isinstance(discriminator, dict) and "mapping" not in discriminator

        def branches() -> Iterator[Iterator[Any]]:
            for key in ("oneOf", "anyOf"):
                for branch in schema.get(key) or []:
                    if isinstance(discriminator, dict) and "propertyName" in discriminator:
                        yield self._discriminated(
                            branch, discriminator, resolver, hint, depth, own_tags=own,
                            own_values=unnamed,
                        )
                    else:
                        yield self._candidates(branch, resolver, hint, depth + 1)

        for values in branches():
            yield from values
        types = schema.get("type")
        kinds = types if isinstance(types, list) else [types] if isinstance(types, str) else []
        if not kinds:
            kinds = _implied_types(schema)
        for kind in kinds:
            if kind == "string":
                yield from _strings(schema, hint)
            elif kind in ("integer", "number"):
                yield from _numbers(schema, integer=kind == "integer")
            elif kind == "boolean":
                yield from (True, False)
            elif kind == "array":
                yield from self._arrays(schema, resolver, hint, depth)
            elif kind == "object":
                yield from (
                    value
                    for value in self._objects(schema, resolver, hint, depth)
                    if not tag or tag in value  # as an inline branch's (``_discriminated``)
                )
        if "object" in kinds and (schema.get("oneOf") or schema.get("anyOf")):
            # Its own required properties and a member's at once (Svix's `DestinationOut`:
            # `required: [id, ...]` beside members that each require `type`): last, so a
            # schema that the candidates above already satisfy samples as before.
            bases = list(itertools.islice(self._objects(schema, resolver, hint, depth), 2))
            for values in branches():
                for value in itertools.islice(values, 4):
                    if isinstance(value, dict):
                        yield from ({**base, **value} for base in bases if isinstance(base, dict))
        if "null" in kinds:
            yield None
        if "default" in schema:
            yield schema["default"]

    def _subtypes(
        self, schema: dict[str, Any], resolver: Any, hint: str, depth: int
    ) -> Iterator[Any]:
        """A base schema's discriminator without ``oneOf``/``anyOf`` (its subtypes extend it
        with ``allOf``): each ``mapping`` target's objects, the property set to its key, then
        each other subtype's, set to its name (without a mapping, ``_inherited_tag`` sets it);
        only those the subtype accepts. The models read a reference to the base as the union
        of those subtypes: a value no key names would not parse, nor the base's own object
        (TypeSpec's ``MetricData``: a gauge without its ``points``)."""
        discriminator = schema.get("discriminator")
        if not isinstance(discriminator, dict) or schema.get("oneOf") or schema.get("anyOf"):
            return
        name, mapping = discriminator.get("propertyName"), discriminator.get("mapping")
        if not isinstance(name, str):
            return
        members: list[tuple[str, str | None]] = [  # (reference, the tag to set, if any)
            (target if "#" in target or "/" in target else f"#/components/schemas/{target}", key)
            for key, target in (mapping if isinstance(mapping, dict) else {}).items()
            if isinstance(target, str)
        ]
        named = {_target(resolver, ref) for ref, _ in members}
        base = _component_name(resolver, schema)
        for subtype in self._polymorphic.get(base, ()) if base is not None else ():
            ref = f"#/components/schemas/{escape_pointer(subtype)}"
            if _target(resolver, ref) not in named:  # Unity Catalog's DeltaPrimitiveType
                members.append((ref, subtype if isinstance(mapping, dict) else None))
        for ref, key in members:
            try:
                resolved = resolver.lookup(ref)
            except Exception:  # an unresolvable target: lint has reported it
                continue
            validator = self._validator_at(resolved.contents, resolved.resolver)
            for value in self._candidates(
                resolved.contents, resolved.resolver, hint, depth + 1, subtypes=False
            ):
                if isinstance(value, dict) and key is not None:
                    value = {**value, name: key}
                if validator.is_valid(value):
                    yield value

    def _discriminated(
        self,
        branch: Any,
        discriminator: dict[str, Any],
        resolver: Any,
        hint: str,
        depth: int,
        *,
        own_tags: bool = False,
        own_values: bool = False,
    ) -> Iterator[Any]:
        """A ``oneOf``/``anyOf`` branch's objects, their discriminating property set to a value
        that selects this branch as a validator does: a ``mapping`` key whose target is the
        branch, else the branch's own name (its ``$ref``'s last segment). A value its schema
        refuses (a ``const`` that is neither) leaves no candidate: the spec contradicts itself.
        With ``own_tags`` (a discriminator the tests' oracle leaves out, ``unnamed_discriminator``:
        OpenAI's ``ActiveStatus`` is tagged ``active``), the branch's objects that carry the
        property already, by its own ``const`` or ``enum``, as the models choose by it. With
        ``own_values`` (the oracle leaves it out too), a key that is the JSON text of the
        branch's own value that is no string (.NET's integer ``$type``) sends that value."""
        name = discriminator["propertyName"]
        ref = branch.get("$ref") if isinstance(branch, dict) else None
        if not isinstance(name, str) or not isinstance(ref, str) or own_tags:
            # An inline branch has no name to select it by: an object of it must carry the
            # property already (a validator that reads the discriminator refuses one without).
            for value in self._candidates(branch, resolver, hint, depth + 1):
                if not isinstance(value, dict) or not isinstance(name, str) or name in value:
                    yield value
            return
        mapping = discriminator.get("mapping")
        mapping = mapping if isinstance(mapping, dict) else {}
        target = _target(resolver, ref)
        tags = [
            key
            for key, value in mapping.items()
            if isinstance(value, str) and target is not None and _target(resolver, value) == target
        ]
        implicit = ref.rsplit("/", 1)[-1]
        if implicit not in mapping:
            tags.append(implicit)
        for value in self._candidates(branch, resolver, hint, depth + 1):
            if isinstance(value, dict):
                own = value.get(name) if own_values else None
                yield from ({**value, name: _tag_value(own, tag)} for tag in tags)
            else:
                yield value

    def _merged(
        self, schema: dict[str, Any], parts: list[Any], resolver: Any, hint: str, depth: int
    ) -> Iterator[Any]:
        """Objects valid for every part of an ``allOf`` (and the schema's own properties):
        the union of one valid object of each (a base schema's fields with a derived one's).
        Where parts give one property different values, the later part's wins; then, one by
        one, the value most parts accept: a part that only requires a property (agent-protocol's
        ``required: [run_id, metadata]``) gives any value, which the part typing it refuses."""
        own = {key: value for key, value in schema.items() if key != "allOf"}
        groups = [self._valid(part, resolver, hint, depth, 2, subtypes=False) for part in parts]
        checks = [*parts]
        if any(key in own for key in ("properties", "required")):
            groups.append(list(self._objects(own, resolver, hint, depth)))
            checks.append(own)
        objects = [[value for value in group if isinstance(value, dict)] for group in groups]
        if not all(objects):
            return
        for variant in range(2):
            chosen = [group[min(variant, len(group) - 1)] for group in objects]
            merged: dict[str, Any] = {}
            for value in chosen:
                merged.update(value)
            yield merged
            offered = {key: [value[key] for value in chosen if key in value] for key in merged}
            if all(len({_key(v) for v in values}) == 1 for values in offered.values()):
                continue
            validators = [self._validator_at(check, resolver) for check in checks]
            for key, values in offered.items():
                merged = max(
                    ({**merged, key: value} for value in values),
                    key=lambda trial: sum(v.is_valid(trial) for v in validators),
                )
            yield merged

    def _arrays(
        self, schema: dict[str, Any], resolver: Any, hint: str, depth: int
    ) -> Iterator[Any]:
        """Lists of ``minItems`` (at least one) valid items, distinct ones first; a tuple's
        (``prefixItems``) first, each place's first valid value, then items as needed."""
        items = schema.get("items", {})
        values = self._valid(items, resolver, hint, depth, 8) if items is not False else []
        low: int = schema["minItems"] if isinstance(schema.get("minItems"), int) else 0
        high: int | None = schema["maxItems"] if isinstance(schema.get("maxItems"), int) else None
        count = max(low, 1) if high is None else min(max(low, 1), high)
        prefix = schema.get("prefixItems")
        if isinstance(prefix, list) and prefix:
            places = [self._valid(place, resolver, hint, depth, 1) for place in prefix]
            more = max(count - len(prefix), 0)
            if all(places) and (values or not more):
                yield [v[0] for v in places] + [values[i % len(values)] for i in range(more)]
        if values:
            for start in range(len(values)):
                yield [values[(start + i) % len(values)] for i in range(count)]
        if low == 0:
            yield []

    def _objects(
        self, schema: dict[str, Any], resolver: Any, hint: str, depth: int
    ) -> Iterator[Any]:
        """The required properties, each with its first (then its second) valid value; then
        every property so (an object with no required property is not only ``{}``)."""
        properties = schema.get("properties") or {}
        required = [name for name in schema.get("required") or [] if isinstance(name, str)]
        chosen = {
            name: self._valid(properties.get(name, {}), resolver, name, depth, 2)
            for name in required
        }
        for variant in range(2):
            yield {
                name: values[min(variant, len(values) - 1)]
                for name, values in chosen.items()
                if values
            }
        extra = schema.get("additionalProperties")
        if not properties and not required and (extra is True or isinstance(extra, dict)):
            for value in self._valid({} if extra is True else extra, resolver, hint, depth, 2):
                # One entry (an empty map is no parameter value), its key of word characters
                # only: a deepObject reader may match ``name[\w+]`` alone.
                yield {re.sub(r"\W", "_", f"{hint}_key"): value}
            return
        if not isinstance(properties, dict) or set(properties) <= set(required):
            return
        every = {
            name: chosen.get(name) or self._valid(properties[name], resolver, name, depth, 2)
            for name in properties
            if isinstance(name, str)
        }
        for variant in range(2):
            yield {
                name: values[min(variant, len(values) - 1)]
                for name, values in every.items()
                if values
            }


def _inherited_tag(schema: Any, resolver: Any) -> tuple[str, str] | None:
    """(property, key) when an ``allOf`` part of ``schema`` is a base with a discriminator:
    the first key of its ``mapping`` that names ``schema``, or, without a mapping, the
    component's own name (OpenAPI's implicit mapping: readme's ``Pet``, whose subtype ``Cat``
    the models type ``pet_type: Literal["Cat"]``); None otherwise."""
    parts = schema.get("allOf") if isinstance(schema, dict) else None
    for part in parts if isinstance(parts, list) else []:
        ref = part.get("$ref") if isinstance(part, dict) else None
        if not isinstance(ref, str):
            continue
        try:
            base = resolver.lookup(ref)
        except Exception:  # an unresolvable part: lint has reported it
            continue
        found = base.contents.get("discriminator") if isinstance(base.contents, dict) else None
        mapping = found.get("mapping") if isinstance(found, dict) else None
        name = found.get("propertyName") if isinstance(found, dict) else None
        if not isinstance(name, str):
            continue
        for key, target in (mapping if isinstance(mapping, dict) else {}).items():
            if isinstance(target, str) and _target(base.resolver, target) == id(schema):
                return name, str(key)
        implicit = None if mapping else _component_name(base.resolver, schema)
        if implicit is not None:
            return name, implicit
    return None


def _component_name(resolver: Any, schema: Any) -> str | None:
    """The name ``schema`` has under ``components/schemas`` of its document, if it is one."""
    schemas = _components(resolver)
    return next((str(key) for key, value in schemas.items() if value is schema), None)


def _components(resolver: Any) -> dict[str, Any]:
    """The ``components/schemas`` of the file ``resolver`` reads from (a schema of another
    file names its own file's components: Cat in ``pets.yaml``, not the root's)."""
    try:
        schemas = resolver.lookup("#/components/schemas").contents
    except Exception:  # a document without components
        return {}
    return schemas if isinstance(schemas, dict) else {}


def _tag_value(own: Any, tag: str) -> Any:
    """The value of a discriminating property that ``tag`` (a mapping key or a schema name,
    always a string) selects: the member's own value where it is no string and ``tag`` is its
    JSON text (.NET's ``$type: {type: integer, enum: [0]}`` mapped by ``'0'``), else ``tag``."""
    if own is not None and not isinstance(own, str) and json.dumps(own) == tag:
        return own
    return tag


def _target(resolver: Any, ref: str) -> int | None:
    """The identity of the schema a ``$ref`` (or a mapping's bare schema name) names."""
    for candidate in (ref, f"#/components/schemas/{ref}"):
        try:
            return id(resolver.lookup(candidate).contents)
        except Exception:  # an unresolvable name maps to nothing
            continue
    return None


def _empty(value: Any) -> bool:
    """A value a form body sends as no field at all: ``""``, ``[]``, ``{}``, or an object whose
    fields are all null or empty arrays (``{"files": []}``: a multipart body of no part)."""
    if value in ([], {}, ""):
        return True
    return isinstance(value, dict) and all(v is None or v == [] for v in value.values())


def _implied_types(schema: dict[str, Any]) -> list[str]:
    """The type a schema without ``type`` implies by its keywords (none: any of them)."""
    if any(k in schema for k in ("properties", "required", "additionalProperties")):
        return ["object"]
    if any(k in schema for k in ("items", "prefixItems", "minItems", "maxItems")):
        return ["array"]
    if any(k in schema for k in ("minLength", "maxLength", "pattern", "format")):
        return ["string"]
    if any(k in schema for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")):
        return ["number"]
    if any(k in schema for k in ("allOf", "oneOf", "anyOf", "$ref")):
        return []
    return ["string"]


def _literal_prefix(pattern: str) -> str:
    """The literal text an anchored pattern starts with (``^https://`` gives ``https://``,
    ``^\\$ref`` ``$ref``); "" for an unanchored one, or one that starts otherwise."""
    if not pattern.startswith("^"):
        return ""
    prefix, rest = "", pattern[1:]
    while rest:
        if rest[0] == "\\" and len(rest) > 1 and not rest[1].isalnum():
            prefix, rest = prefix + rest[1], rest[2:]
        elif rest[0] in ".^$*+?()[]{}|\\":
            break
        else:
            prefix, rest = prefix + rest[0], rest[1:]
    # A quantifier applies to the last character: `^ab?` requires `a` only.
    return prefix[:-1] if rest[:1] in ("*", "?", "{") else prefix


def _strings(schema: dict[str, Any], hint: str) -> Iterator[str]:
    """Format samples, then texts fitted to ``minLength``/``maxLength``; for a pattern without a
    format, which may still describe one (``^\\d{4}-\\d{2}-\\d{2}$``, a date), every format's
    samples after them."""
    fmt = schema.get("format")
    yield from _FORMATS.get(fmt, ()) if isinstance(fmt, str) else ()
    low = schema.get("minLength", 0) if isinstance(schema.get("minLength"), int) else 0
    high = schema.get("maxLength") if isinstance(schema.get("maxLength"), int) else None
    texts = [f"{hint}-1", f"{hint}-2", *_TEXTS]
    pattern = schema.get("pattern")
    prefix = _literal_prefix(pattern) if isinstance(pattern, str) else ""
    if prefix:  # `^/.*` (kernel's paths), `^sk_`: the texts after the prefix it requires
        texts = [prefix + text for text in texts] + texts
    for text in texts:
        if len(text) < low:
            text += "x" * (low - len(text))
        if high is not None and len(text) > high:
            text = text[:high]
        yield text
    if not isinstance(fmt, str) and isinstance(pattern, str):
        yield from _PATTERNED
    for fill in ("a", "1", "A"):
        size = max(low, 1) if high is None else min(max(low, 1), high)
        yield fill * size
        yield fill * (size + 1)
    if isinstance(pattern, str):  # `^prodorder_[a-z0-9]{26}$` (ElevenLabs'): one it spells
        spelled = _spelled(pattern)
        if spelled is not None:
            yield spelled


def _spelled(pattern: str) -> str | None:
    """A text ``pattern`` matches, spelled from its parse by Python's own regex parser: each
    literal as written, a class's first member, a repeat its least times, an alternation's
    first branch; None for what it does not spell (a look-around, a back-reference, a negated
    class). The caller's schema check still decides."""
    try:
        parsed = _regex_parser.parse(pattern)
    except (re.error, RecursionError):
        return None
    text = _spell(list(parsed))
    return text if text is not None and len(text) <= _SPELLED_MAX else None


_SPELLED_MAX = 1000
"""The longest text spelled: the Beacon API's blob (`^0x[a-fA-F0-9]{262144}$`) is no value for
a generated test to hold."""


def _spell(items: list[tuple[Any, Any]]) -> str | None:
    text = ""
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            part: str | None = chr(arg)
        elif name in ("NOT_LITERAL", "ANY"):
            part = "b" if name == "NOT_LITERAL" and chr(arg) == "a" else "a"
        elif name == "IN":
            part = _class_member(arg)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            least, _, inner = arg
            once = _spell(list(inner))
            part = None if once is None else once * least
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
            part = _spell(list(arg[-1]))
        elif name == "BRANCH":
            part = _spell(list(arg[1][0]))
        else:
            part = "" if name == "AT" else None
        if part is None:
            return None
        text += part
    return text


_CATEGORY_MEMBERS = {"CATEGORY_DIGIT": "0", "CATEGORY_WORD": "a", "CATEGORY_SPACE": " "}


def _class_member(members: list[tuple[Any, Any]]) -> str | None:
    """A character of a class (``[a-z0-9]``, ``\\d``): its first member; None for a negated
    class or a category it does not know."""
    op, arg = members[0]
    name = str(op)
    if name == "LITERAL":
        return chr(arg)
    if name == "RANGE":
        return chr(arg[0])
    if name == "CATEGORY":
        return _CATEGORY_MEMBERS.get(str(arg))
    return None


def _numbers(schema: dict[str, Any], *, integer: bool) -> Iterator[int | float]:
    """Values inside ``minimum``/``maximum``/``exclusive*``, multiples of ``multipleOf``."""
    step = schema.get("multipleOf")
    if not (isinstance(step, int | float) and not isinstance(step, bool) and step > 0):
        step = None
    unit: float = step if step is not None else (1 if integer else 0.5)
    low = _bound(schema, "minimum", "exclusiveMinimum", unit, up=True)
    high = _bound(schema, "maximum", "exclusiveMaximum", unit, up=False)
    fmt = schema.get("format")
    if isinstance(fmt, str) and fmt in INT_RANGES:  # only tighten bounds the schema gives
        smallest, largest = INT_RANGES[fmt]
        low = max(low, smallest) if low is not None else None
        high = min(high, largest) if high is not None else None
    up = low is not None or high is None
    if low is not None:
        starts = [low, low + unit]
    elif high is not None:
        starts = [high, high - unit]
    else:
        starts = [7, 8] if integer else [1.5, 2.5]
    for start in starts:
        value = start
        if step is not None:
            value = (math.ceil(start / step) if up else math.floor(start / step)) * step
        if integer:
            yield math.ceil(value) if up else math.floor(value)
        else:
            yield float(value)


def _bound(
    schema: dict[str, Any], inclusive: str, exclusive: str, unit: float, *, up: bool
) -> float | None:
    """The tightest inclusive bound: ``minimum``, or past ``exclusiveMinimum`` by one step."""
    found: list[float] = []
    value = schema.get(inclusive)
    if isinstance(value, int | float) and not isinstance(value, bool):
        found.append(value)
    value = schema.get(exclusive)
    if isinstance(value, int | float) and not isinstance(value, bool):
        found.append(value + unit if up else value - unit)
    if not found:
        return None
    return max(found) if up else min(found)
