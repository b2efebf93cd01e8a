"""The OpenAPI 3.1 structure check: the `openapi` version, then openapi-spec-validator's schema."""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.errors import Diagnostic, Severity, escape_pointer
from generator.lint._walk import did_you_mean
from generator.load import SpecDocument

__all__ = ["structure_diagnostics"]


_UNEXPECTED = re.compile(r"\('([^']*)'(?:, '[^']*')* (?:was|were) unexpected\)")
_QUOTED = re.compile(r"'([^']*)'")


def structure_diagnostics(doc: SpecDocument) -> list[Diagnostic]:
    """The OpenAPI 3.1 JSON Schema check, one most-specific diagnostic per problem.

    Only the schema half of openapi-spec-validator runs (its schema; jsonschema-rs first says
    in milliseconds whether the document is valid, and only one it does not find valid is
    checked by jsonschema, whose errors are the findings): its keyword half re-resolves
    every ``$ref`` (it would try to fetch remote ones), reports without a location, and its
    checks are covered by :func:`rule_diagnostics`.
    """
    data = doc.data
    if not isinstance(data, dict):
        return [
            doc.diagnostic(
                "openapi-schema", "", f"the document is a {_kind(data)}, not a mapping",
                "start the file with `openapi: 3.1.0`, then `info:` and `paths:`",
            )
        ]
    version = _version_diagnostic(doc, data)
    if version is not None:
        return [version]

    if len(doc.files) > 1:
        data = _other_files_inline(doc)
    if _valid_fast(data):
        return []
    from jsonschema.exceptions import best_match

    # By file too: a pointer is within its own file, and two files of a multi-file document
    # may have the same mistake at the same place (Unkey's path files): each is reported.
    found: dict[tuple[str, str, str], Diagnostic] = {}
    for error in _openapi_31_validator().iter_errors(data):
        best = best_match([error]) or error
        for diagnostic in _structure_diagnostics(doc, best):
            found.setdefault((diagnostic.file, diagnostic.pointer, diagnostic.message), diagnostic)
    # A map that is a `$ref` (_MAP_REF) is that one error, not also its path's value checked
    # as an entry of the map.
    # (Nor, for `responses: {$ref: ...}`, the map's want of a status code.)
    maps = {(d.file, d.pointer) for d in found.values() if d.message == _MAP_REF[0]}
    # An object whose `type` is no kind of it (backend.ai's security scheme `type: ApiKey`) is
    # that one error, not also each key the kind it meant has ("unexpected key 'in'").
    mistyped = {
        (d.file, d.pointer[: -len("/type")])
        for d in found.values()
        if d.pointer.endswith("/type") and " is not one of " in d.message
    }
    return sorted(
        d
        for d in found.values()
        if not _side_effect(d, found.values())
        and ((d.file, d.pointer) not in maps or d.message == _MAP_REF[0])
        and (d.file, f"{d.pointer}/$ref") not in maps
        and not (
            d.message.startswith("unexpected key ")
            and (d.file, d.pointer.rpartition("/")[0]) in mistyped
        )
    )


_MAPS = frozenset(
    {
        "paths", "webhooks", "components", "responses", "callbacks", "parameters",
        "requestBodies", "headers", "securitySchemes", "links", "pathItems", "content",
        "encoding", "variables", "scopes",
    }
)
"""Keys whose value is a map: a ``$ref`` there is no Reference Object (``_MAP_REF``). The maps
inside schemas and examples are not listed: the inlining does not enter those."""
_REFERRING_MAPS = frozenset(
    {
        "paths", "webhooks", "pathItems", "responses", "parameters", "requestBodies", "headers",
        "callbacks", "links", "securitySchemes", "examples",
    }
)
"""Maps whose entries may be Reference Objects (path items by their own `$ref`): the inlining
follows a `$ref` there, and the one of a `requestBody` or of a `parameters` item, only. One
elsewhere (an operation, a server, a tag: AlsoAsked's split document) stays as written, for
the schema to refuse, as OpenAPI does."""
_AS_WRITTEN = frozenset({"example", "examples", "default", "const", "enum", "schema", "schemas"})
"""Keys whose value the inlining leaves as written: data, and Schema Objects (which the OpenAPI
schema hardly checks, and lint's schema rules read in every file), whose shared `$ref`s would
multiply the copy (the Ethereum Beacon API's: 60% more `validate` time)."""


def _other_files_inline(doc: SpecDocument) -> Any:
    """The root's data with each ``$ref`` to another file replaced by what it names, for the
    schema check: openapi-spec-validator's schema takes a ``$ref`` for a Reference Object and
    never reads what it names, so a path item or a response written in another file went
    unchecked (econominhas's `responses: {$ref: ...}` in a path item's file reached the IR,
    which failed). A finding's pointer leads through the ``$ref``s, and ``doc.diagnostic``
    places it in the file where it is written (``SpecDocument.written_at``). A ``$ref`` where
    a map stands (``_MAP_REF``), one inside data, extensions or schemas, and one already being
    inlined stay as written."""

    def inline(
        value: Any, source: Any, key: str, stack: tuple[tuple[Path, str], ...], refers: bool
    ) -> Any:
        """``refers``: a Reference Object may stand here (an operation's `$ref` may not)."""
        if isinstance(value, list):
            return [inline(item, source, key, stack, key == "parameters") for item in value]
        if not isinstance(value, dict):
            return value
        ref = value.get("$ref")
        if refers and isinstance(ref, str) and key not in _MAPS and "://" not in ref:
            try:
                target, place, found = doc.resolve(ref, source)
            except KeyError:
                return value  # unresolved: lint's ref-unresolved says so
            if (target.path, place) not in stack and target is not doc.root:
                return inline(found, target, key, (*stack, (target.path, place)), refers)
        entries = key in _REFERRING_MAPS
        return {
            name: (
                item if name in _AS_WRITTEN or name.startswith("x-")
                else inline(item, source, name, stack, entries or name == "requestBody")
            )
            for name, item in value.items()
        }

    return inline(doc.root.data, doc.root, "", (), False)


def _side_effect(diagnostic: Diagnostic, every: Iterable[Diagnostic]) -> bool:
    """Whether ``diagnostic`` is "unexpected key K" only because K's value has an error.

    ``unevaluatedProperties`` counts a key as evaluated only when its subschema passed, so a
    valid key whose value is wrong (``examples`` holding an Example with both ``value`` and
    ``externalValue``) is also reported as unexpected. That error is the one to show.
    """
    if not diagnostic.message.startswith("unexpected key "):
        return False
    inside = diagnostic.pointer + "/"
    return any(o.file == diagnostic.file and o.pointer.startswith(inside) for o in every)


def _valid_fast(data: dict[str, Any]) -> bool:
    """Whether jsonschema-rs finds ``data`` valid against the OpenAPI 3.1 schema.

    The same Draft 2020-12 schema in Rust: a few milliseconds where jsonschema takes seconds on
    a large spec (its ``unevaluatedProperties`` re-evaluates every subschema). It only answers
    "valid": the findings of an invalid document, with their messages and places, still come
    from jsonschema below, so they do not change. A document it cannot read (a float NaN, an
    integer beyond 64 bits) or any error of its own counts as "not known valid".
    """
    try:
        return bool(_openapi_31_fast_validator().is_valid(data))
    except Exception:  # any failure of the fast path means: take the slow one
        return False


@functools.cache
def _openapi_31_fast_validator() -> Any:
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(_openapi_31_schema())


@functools.cache
def _openapi_31_validator() -> Any:
    """openapi-spec-validator's OpenAPI 3.1 schema validator, with its references crawled once.

    The 3.1 schema checks every Schema Object through ``$dynamicRef: "#meta"``, and a registry
    that is not crawled crawls all its resources again on each such anchor lookup: most of the
    validation time, growing with the number of schemas (0.25 s -> 0.013 s on our spec, 2.0 s ->
    0.4 s on the vendor's whole API; the errors are the same).
    """
    from jsonschema.validators import validator_for
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    schema = _openapi_31_schema()
    resource = Resource.from_contents(schema, default_specification=DRAFT202012)
    return validator_for(schema)(schema, registry=(resource @ Registry()).crawl())


def _openapi_31_schema() -> dict[str, Any]:
    """openapi-spec-validator's OpenAPI 3.1 schema, read from its package data.

    The file is read without importing the package: ``openapi_spec_validator.schemas`` imports
    the whole validator (pydantic-settings, jsonschema-path, asyncio), most of ``validate``'s
    start-up time, for a JSON file (``schema_v31`` is this file's content, unchanged).

    Two errata are mended. The schema's Link Object names its Server field ``body``, where
    the OpenAPI 3.1 text (§4.8.20.1) names it ``server``, so a valid link's ``server`` was
    "unexpected" (the OpenAPI Initiative's later 3.1 schemas have ``server``). And its Callback
    Object takes extensions through a ``$ref``, beside ``additionalProperties`` that, in its own
    schema object, also claims every ``x-`` key as a path item: a valid callback's extension
    (``x-note: hello``) was "not of type 'object'".
    """
    spec = importlib.util.find_spec("openapi_spec_validator")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a dependency
        raise ModuleNotFoundError("openapi-spec-validator is not installed")
    package = Path(next(iter(spec.submodule_search_locations)))
    text = (package / "resources" / "schemas" / "v3.1" / "schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    link = schema["$defs"]["link"]["properties"]
    if "body" in link and "server" not in link:
        link["server"] = link.pop("body")
    schema["$defs"]["callbacks"].setdefault("patternProperties", {"^x-": True})
    return schema


def _version_diagnostic(doc: SpecDocument, data: dict[str, Any]) -> Diagnostic | None:
    hint = "write `openapi: 3.1.0`; this toolchain reads OpenAPI 3.1.x only"
    if "openapi" not in data:
        if "swagger" in data:
            return doc.diagnostic(
                "openapi-version", "/swagger",
                f"Swagger {data['swagger']!r} documents are not supported",
                "convert the document to OpenAPI 3.1 and write `openapi: 3.1.0`",
            )
        return doc.diagnostic("openapi-version", "", "the `openapi` field is missing", hint)
    version = data["openapi"]
    if not isinstance(version, str):
        return doc.diagnostic(
            "openapi-version", "/openapi",
            f"`openapi` is the {_kind(version)} {version!r}, not a version string",
            "quote it: `openapi: 3.1.0`",
        )
    if not re.fullmatch(r"3\.1\.\d+", version):
        return doc.diagnostic(
            "openapi-version", "/openapi",
            f"OpenAPI version {version!r} is not supported (3.1.x only)", hint,
        )
    return None


_MAP_REF = (
    "a `$ref` stands for this whole object: OpenAPI 3.1 takes a Reference Object in place of "
    "one path item, component, parameter, response, request body, example or schema, not of a "
    "map of them, of `paths`, nor of an operation, a server or a tag",
    "bundle the document first (`redocly bundle`, `swagger-cli bundle`), or write the object "
    "here (a map with a `$ref` for each entry)",
)
"""Lago's and Lichess's split documents: ``components: {schemas: {$ref: ./schemas/_index.yaml}}``
(Redocly's bundler resolves it; the OpenAPI schema names it a component called ``$ref``), and
AlsoAsked's operations, servers and tags, each a `$ref` to a file."""


def _structure_diagnostics(doc: SpecDocument, error: Any) -> list[Diagnostic]:
    """The findings of one error of the OpenAPI schema: one per unexpected key of an object
    (jsonschema names them all in one message), else one."""
    if error.validator in ("unevaluatedProperties", "additionalProperties") and isinstance(
        error.instance, dict
    ):
        match = _UNEXPECTED.search(error.message)
        names = _QUOTED.findall(match.group()) if match else []
        if names and all(name in error.instance for name in names):
            return [_unexpected_key(doc, error, name) for name in names]
    exclusive = error.validator == "not" and _exclusive(error.validator_value)
    if exclusive and not isinstance(error.instance, dict):
        # openapi-diff's `examples: {first: example}`: an Example that is no object fails
        # "`value` and `externalValue` cannot be used together" too (`required` holds for any
        # value but an object); its type's finding is the one.
        return []
    path = list(error.absolute_path)
    if len(path) >= 2 and path[-1] == "$ref" and path[-2] in _MAPS | {"examples"}:
        # Prosa's `examples: {$ref: ...}`: the schema checked the `$ref` as an Example named
        # `$ref` ("is not of type 'object'", "`value` and `externalValue` ..."): one finding.
        pointer = "".join(f"/{escape_pointer(p)}" for p in path)
        return [doc.diagnostic("openapi-schema", pointer, *_MAP_REF)]
    return [_structure_diagnostic(doc, error)]


def _unexpected_key(doc: SpecDocument, error: Any, name: str) -> Diagnostic:
    pointer = "".join(f"/{escape_pointer(p)}" for p in [*error.absolute_path, name])
    if _reference_object(error):
        return doc.diagnostic(
            "ref-sibling-ignored", pointer,
            f"the key {name!r} beside `$ref` is ignored: OpenAPI 3.1 (Reference Object) "
            "says to ignore any key of it but `$ref`, `summary` and `description`, and "
            "the generator does (what the `$ref` names applies)",
            "remove it, or set it in the object the `$ref` names",
            Severity.WARNING,
        )
    message = f"unexpected key {name!r}"
    hint = "remove it, fix its spelling, or prefix a custom key with `x-`"
    if name == "$ref":
        message, hint = _MAP_REF
    elif name in _ADDED_IN_32.get(_object_kind(error), ()):
        message = (
            f"unexpected key {name!r}: a field OpenAPI 3.2 added to this object, which "
            "a 3.1 document cannot use"
        )
        hint = f"remove it, or rename it `x-{name}` (an extension, which is ignored)"
        if name not in _REFUSED_FROM_32:
            why = _STREAM if name == "itemSchema" else ""
            return doc.diagnostic(
                "field-from-3-2-ignored", pointer, f"{message}; the generator ignores it{why}",
                f"{hint}, or say `openapi: 3.2.0` once this toolchain reads 3.2",
                Severity.WARNING,
            )
    return doc.diagnostic("openapi-schema", pointer, message, hint)


def _structure_diagnostic(doc: SpecDocument, error: Any) -> Diagnostic:
    pointer = "".join(f"/{escape_pointer(p)}" for p in error.absolute_path)
    message: str = error.message
    hint = "see the OpenAPI 3.1 specification for this object"
    if error.validator == "pattern" and error.instance == "$ref":  # components/schemas: $ref
        pointer = f"{pointer}/$ref"
        message, hint = _MAP_REF
    elif error.validator in ("required", "minProperties") and pointer.endswith("/responses"):
        # `responses: {}` (spectree's) fails both: one finding ("{} should be non-empty" too).
        message = "the responses list no status code (such as '200') and no `default`"
        hint = "add a response under a status code like '200', or under `default`"
    elif error.validator == "required":
        hint = "add the missing key"
    elif error.validator == "enum" and isinstance(error.instance, str):  # backend.ai's `ApiKey`
        hint = did_you_mean(
            error.instance, [str(v) for v in error.validator_value], "use one of the values listed"
        )
    elif error.validator == "not" and _exclusive(error.validator_value):
        keys = " and ".join(f"`{k}`" for k in error.validator_value["required"])
        message = f"{keys} cannot be used together"
        hint = "keep only one of them"
    elif error.validator == "oneOf" and isinstance(error.instance, dict) and all(
        isinstance(option, dict) and set(option) == {"required"}
        for option in error.validator_value
    ):  # a parameter's `schema` or `content`: exactly one of these keys
        names = [name for option in error.validator_value for name in option["required"]]
        present = [f"`{name}`" for name in names if name in error.instance]
        if len(present) > 1:
            message, hint = f"{' and '.join(present)} cannot be used together", "keep one of them"
        else:
            message = f"one of {', '.join(f'`{name}`' for name in names)} is required"
            hint = "add one of them"
    if len(message) > 300:
        message = message[:297] + "..."
    return doc.diagnostic("openapi-schema", pointer, message, hint)


_ADDED_IN_32: dict[str, frozenset[str]] = {
    "media-type-object": frozenset({"description", "itemSchema", "itemEncoding", "prefixEncoding"}),
    "encoding-object": frozenset({"encoding", "itemEncoding", "prefixEncoding"}),
    "tag-object": frozenset({"summary", "parent", "kind"}),
    "response-object": frozenset({"summary"}),
    "path-item-object": frozenset({"query", "additionalOperations"}),
    "server-object": frozenset({"name"}),
    "security-scheme-object": frozenset({"oauth2MetadataUrl", "deprecated"}),
    "example-object": frozenset({"dataValue", "serializedValue"}),
    "components-object": frozenset({"mediaTypes"}),
}
"""The fields OpenAPI 3.2 added, by the 3.1 object they would be unexpected in (the anchor of
its section, which the 3.1 schema's ``$comment`` names). Tools that emit 3.2 write them into
documents that still say 3.1: LangGraph's and Letta's media type ``description``, TypeSpec's
``itemSchema`` for server-sent events."""


_STREAM = (
    " (a stream's items are not typed: the client sends such a body as the bytes it is given, "
    "and returns one as its text or bytes, or streams it)"
)
_REFUSED_FROM_32 = frozenset(
    {"query", "additionalOperations", "encoding", "itemEncoding", "prefixEncoding", "mediaTypes"}
)
"""The 3.2 fields (``_ADDED_IN_32``) a 3.1 client cannot do without: they add operations
(``query``, ``additionalOperations``), change how a body is encoded, or hold what a ``$ref``
names (``mediaTypes``); ignored, the client would be wrong. The others are documentation, or the
schema of a stream's items (``_STREAM``: FastAPI's server-sent events, in 3.1.0 documents), and
are ignored with a warning."""


def _object_kind(error: Any) -> str:
    """The anchor of the OpenAPI object ``error``'s schema checks (``media-type-object``), from
    the schema's ``$comment``; empty when it names none."""
    comment = error.schema.get("$comment") if isinstance(error.schema, dict) else None
    return comment.rpartition("#")[2] if isinstance(comment, str) else ""


def _reference_object(error: Any) -> bool:
    """Whether ``error`` is about a Reference Object (a ``$ref`` outside a Schema Object)."""
    properties = error.schema.get("properties") if isinstance(error.schema, dict) else None
    return isinstance(properties, dict) and set(properties) == {"$ref", "summary", "description"}


def _exclusive(schema: object) -> bool:
    """Whether a ``not`` subschema is ``{required: [a, b, ...]}``: keys that exclude each other."""
    return (
        isinstance(schema, dict)
        and set(schema) == {"required"}
        and isinstance(schema["required"], list)
        and len(schema["required"]) > 1
    )


def _kind(value: object) -> str:
    names = {dict: "mapping", list: "list", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), type(value).__name__)
