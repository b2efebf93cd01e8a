"""Classify the changes between two versions of the spec by their effect on code using the client.

Every change gets a stable rule id (``RULES``) and one of three classes, read from the
point of view of code written against the generated client:

* **breaking** - such code may stop working: an operation, parameter, response field,
  public model, server or auth scheme removed; something the client sends made
  stricter (a new required parameter or field, an enum value removed, a type narrowed,
  a field made non-nullable); something the client reads made looser (a response field
  removed, made optional or nullable, its type widened or changed).
* **compatible** - additions that existing code does not notice: a new operation,
  optional parameter or field, response field, response enum value (the client's enums
  are forward compatible: unknown values still parse), response status, auth
  alternative, server or model; and a deprecation flag.
* **patch** - documentation only: description, summary, title, example(s), external
  docs and ``x-`` extensions (except ``x-method-name``, ``x-name`` and
  ``x-client-default``, which name things in the client: changing them is breaking);
  and any other change none of the rules describes.

Direction matters: request parameters and bodies are written by the client, response
bodies are read by it, so the same edit (say "field made nullable") is compatible on one
side and breaking on the other. A response enum value *removed* is classed breaking:
the generated enum loses that member, so code naming it fails.

The bump a set of changes needs follows semantic versioning: breaking -> major,
compatible -> minor, patch -> patch. **0.x convention:** while the major version is 0
the API is not stable, so everything shifts down one place: a breaking change needs a
minor bump (0.3.1 -> 0.4.0) and a compatible addition or a documentation change a patch
bump (0.3.1 -> 0.3.2). Going to 1.0.0 satisfies any requirement.

Schemas are compared resolved: ``$ref`` is followed (recursive schemas are guarded by a
visited set), ``allOf`` is merged, and OpenAPI 3.1 nullability (``type: [x, "null"]``,
``anyOf``/``oneOf`` with ``{type: "null"}``) as well as 3.0 ``nullable: true`` is read
as one flag. Changes found inside a shared component are reported once, at the
component's own JSON pointer.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, NamedTuple
from urllib.parse import unquote, urldefrag

from generator.errors import Diagnostic, Severity, SpecError, escape_pointer
from generator.load import SourceFile, SpecDocument, load_spec, parse_source

__all__ = [
    "HTTP_METHODS",
    "RULES",
    "Bump",
    "Change",
    "ChangeSeverity",
    "CompatReport",
    "Located",
    "SchemaView",
    "bump_problem",
    "diff_specs",
    "operations",
    "parameter_schema",
    "parameters_of",
    "security_alternatives",
    "spec_at_ref",
    "view_schema",
]

ChangeSeverity = Literal["breaking", "compatible", "patch"]
Bump = Literal["major", "minor", "patch", "none"]
Side = Literal["request", "response"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

RULES: Mapping[str, ChangeSeverity] = {
    # operations
    "operation-removed": "breaking",
    "operation-id-changed": "breaking",
    "operation-tag-changed": "breaking",
    "operation-added": "compatible",
    # parameters (written by the client)
    "parameter-removed": "breaking",
    "parameter-added-required": "breaking",
    "parameter-made-required": "breaking",
    "parameter-default-changed": "breaking",
    "parameter-added-optional": "compatible",
    "parameter-made-optional": "compatible",
    # request bodies and the schemas in them (written by the client)
    "request-body-removed": "breaking",
    "request-body-added-required": "breaking",
    "request-body-made-required": "breaking",
    "request-body-added-optional": "compatible",
    "request-body-made-optional": "compatible",
    "request-field-removed": "breaking",
    "request-field-added-required": "breaking",
    "request-field-made-required": "breaking",
    "request-field-made-non-nullable": "breaking",
    "request-type-changed": "breaking",
    "request-enum-value-removed": "breaking",
    "request-field-added-optional": "compatible",
    "request-field-made-optional": "compatible",
    "request-field-made-nullable": "compatible",
    "request-type-widened": "compatible",
    "request-enum-value-added": "compatible",
    # responses and the schemas in them (read by the client)
    "response-removed": "breaking",
    "response-body-removed": "breaking",
    "response-field-removed": "breaking",
    "response-field-made-optional": "breaking",
    "response-field-made-nullable": "breaking",
    "response-type-changed": "breaking",
    "response-enum-value-removed": "breaking",
    "response-added": "compatible",
    "response-body-added": "compatible",
    "response-field-added": "compatible",
    "response-field-made-required": "compatible",
    "response-field-made-non-nullable": "compatible",
    "response-type-narrowed": "compatible",
    "response-enum-value-added": "compatible",
    # both sides: the Python type of a string changes with its format (str -> datetime)
    "format-changed": "breaking",
    # auth, servers, public models
    "security-requirement-removed": "breaking",
    "security-scheme-removed": "breaking",
    "security-scheme-changed": "breaking",
    "security-requirement-added": "compatible",
    "security-scheme-added": "compatible",
    "server-removed": "breaking",
    "server-added": "compatible",
    "schema-removed": "breaking",
    "schema-added": "compatible",
    "deprecation-changed": "compatible",
    # our x- extensions that name things in the client (method, environment, client option)
    "client-name-changed": "breaking",
    # documentation
    "documentation-changed": "patch",
    "other-change": "patch",
}
"""Every rule id and its class. Ids are stable: tests and CI output refer to them."""

_RANK: Mapping[str, int] = {"none": 0, "patch": 1, "minor": 2, "major": 3}
_BUMP_OF: Mapping[ChangeSeverity, Bump] = {
    "breaking": "major",
    "compatible": "minor",
    "patch": "patch",
}
_ZERO_SHIFT: Mapping[Bump, Bump] = {
    "major": "minor",
    "minor": "patch",
    "patch": "patch",
    "none": "none",
}
_LABEL: Mapping[ChangeSeverity, str] = {
    "breaking": "BREAKING",
    "compatible": "compatible",
    "patch": "patch",
}


@dataclass(frozen=True, order=True)
class Change:
    """One classified change, placed by JSON pointer in the old and/or the new spec."""

    rule: str
    old_pointer: str | None
    new_pointer: str | None
    message: str

    @property
    def severity(self) -> ChangeSeverity:
        return RULES[self.rule]

    @property
    def pointer(self) -> str:
        """The place to show: in the new spec when the thing still exists there."""
        if self.new_pointer is not None:
            return self.new_pointer or "/"
        return self.old_pointer or "/"

    def format(self) -> str:
        text = f"{_LABEL[self.severity]} {self.pointer}: {self.message} [{self.rule}]"
        if self.old_pointer is not None and self.new_pointer not in (None, self.old_pointer):
            text += f" (was {self.old_pointer or '/'})"
        return text


@dataclass(frozen=True)
class CompatReport:
    """The changes between two specs and the version bump they need."""

    changes: tuple[Change, ...]
    bump: Bump
    old_version: str = ""
    new_version: str = ""

    def format(self) -> str:
        """One line per change, breaking first, then ``required bump: ...``."""
        order = {"breaking": 0, "compatible": 1, "patch": 2}
        lines = [c.format() for c in sorted(self.changes, key=lambda c: (order[c.severity], c))]
        if not lines:
            lines.append("no changes")
        if self.old_version or self.new_version:
            lines.append(f"info.version: {self.old_version} -> {self.new_version}")
        lines.append(f"required bump: {self.bump}")
        return "\n".join(lines)


# --- semantic versioning --------------------------------------------------------------------

_SEMVER = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")


def _parse_version(text: str) -> tuple[int, int, int] | None:
    match = _SEMVER.match(text.strip())
    if match is None:
        return None
    return int(match[1]), int(match[2]), int(match[3])


def _actual_bump(old: tuple[int, int, int], new: tuple[int, int, int]) -> Bump:
    if new <= old:
        return "none"
    if new[0] > old[0]:
        return "major"
    if new[1] > old[1]:
        return "minor"
    return "patch"


def bump_problem(report: CompatReport, old_version: str, new_version: str) -> str | None:
    """None when ``new_version`` is bumped enough for ``report``, else what is needed.

    While the major version is 0, a breaking change needs a minor bump and a compatible
    or documentation change a patch bump (see the module docstring).
    """
    old = _parse_version(old_version)
    new = _parse_version(new_version)
    for text, parsed in ((old_version, old), (new_version, new)):
        if parsed is None:
            return (
                f"info.version {text!r} is not a semantic version; write MAJOR.MINOR.PATCH "
                "(e.g. 1.4.0)"
            )
    assert old is not None and new is not None
    if new < old:
        return f"info.version went backwards: {old_version} -> {new_version}"
    needed: Bump = report.bump
    if old[0] == 0:
        needed = _ZERO_SHIFT[needed]
    actual = _actual_bump(old, new)
    if _RANK[actual] >= _RANK[needed]:
        return None
    suggestion = {
        "major": f"{old[0] + 1}.0.0",
        "minor": f"{old[0]}.{old[1] + 1}.0",
        "patch": f"{old[0]}.{old[1]}.{old[2] + 1}",
    }[needed]
    worst = max((c.severity for c in report.changes), key=lambda s: _RANK[_BUMP_OF[s]])
    convention = " (0.x: breaking -> minor, compatible -> patch)" if old[0] == 0 else ""
    return (
        f"info.version {old_version} -> {new_version} is a {actual} bump, but the changes "
        f"include {worst} ones and need a {needed} bump{convention}: set info.version to "
        f"{suggestion} or later"
    )


# --- resolved schema views (shared with upstream.py) -----------------------------------------


class Located(NamedTuple):
    """A node of the spec and where it is: its file and its JSON pointer there."""

    source: SourceFile
    pointer: str
    data: Any


def _show(doc: SpecDocument, source: SourceFile, pointer: str) -> str:
    """A pointer as printed: bare in the root file, ``file#pointer`` elsewhere."""
    return pointer if source is doc.root else f"{source.display}#{pointer}"


def _follow(doc: SpecDocument, node: Located) -> Located:
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


def _types_of(data: Mapping[str, Any]) -> set[str]:
    raw = data.get("type")
    if isinstance(raw, str):
        return {raw}
    if isinstance(raw, list):
        return {t for t in raw if isinstance(t, str)}
    return set()


def _is_null_schema(doc: SpecDocument, node: Located) -> bool:
    data = _follow(doc, node).data
    return isinstance(data, dict) and _types_of(data) == {"null"}


def view_schema(
    doc: SpecDocument, node: Located, _seen: frozenset[str] = frozenset()
) -> SchemaView:
    """Resolve ``node`` into a :class:`SchemaView` (``$ref``, ``allOf``, nullability)."""
    at = _show(doc, node.source, node.pointer)
    node = _follow(doc, node)
    body = _show(doc, node.source, node.pointer)
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
    view = SchemaView(
        at, body, frozenset(types), nullable, enum, fmt, properties, required, items,
        additional, tuple(variants), default,
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
    )


def _accepts(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    """Whether values of types ``narrow`` all fit ``wide`` (empty = any; number takes integer)."""
    if not wide:
        return True
    if not narrow:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


# --- operations, parameters, security (shared with upstream.py) --------------------------------

_TEMPLATE = re.compile(r"\{[^}]*\}")


def operations(doc: SpecDocument) -> dict[tuple[str, str], Located]:
    """Every operation keyed by (method, path with parameter names blanked: ``/a/{}``)."""
    found: dict[tuple[str, str], Located] = {}
    paths = doc.data.get("paths") if isinstance(doc.data, dict) else None
    for path, item in (paths or {}).items():
        located = _follow(doc, Located(doc.root, f"/paths/{escape_pointer(path)}", item))
        if not isinstance(located.data, dict):
            continue
        for method in HTTP_METHODS:
            operation = located.data.get(method)
            if isinstance(operation, dict):
                key = (method, _TEMPLATE.sub("{}", path))
                found[key] = Located(located.source, f"{located.pointer}/{method}", operation)
    return found


def parameters_of(doc: SpecDocument, operation: Located) -> dict[tuple[str, str], Located]:
    """The operation's parameters (path-item ones included, overridden) keyed by (in, name).

    Header names are case-insensitive, so they are keyed in lower case.
    """
    item_pointer = operation.pointer.rsplit("/", 1)[0]
    _, _, item = doc.resolve("#" + item_pointer, operation.source)
    found: dict[tuple[str, str], Located] = {}
    for owner, pointer in ((item, item_pointer), (operation.data, operation.pointer)):
        for index, raw in enumerate(owner.get("parameters") or ()):
            param = _follow(doc, Located(operation.source, f"{pointer}/parameters/{index}", raw))
            data = param.data
            if not isinstance(data, dict) or not isinstance(data.get("name"), str):
                continue
            name = data["name"].lower() if data.get("in") == "header" else data["name"]
            found[(str(data.get("in")), name)] = param
    return found


def parameter_schema(param: Located) -> Located | None:
    """The schema of a parameter (``schema``, or the one media type under ``content``)."""
    data = param.data
    if "schema" in data:
        return Located(param.source, f"{param.pointer}/schema", data["schema"])
    for media, entry in (data.get("content") or {}).items():
        if isinstance(entry, dict) and "schema" in entry:
            pointer = f"{param.pointer}/content/{escape_pointer(media)}/schema"
            return Located(param.source, pointer, entry["schema"])
    return None


def security_alternatives(
    doc: SpecDocument, operation: Located
) -> tuple[Located, set[frozenset[str]]]:
    """The operation's effective security: where it is declared and its alternatives.

    Each alternative is the set of scheme names that must all be sent; the empty set
    means "no credentials" (no requirement at all, or an explicit ``{}``).
    """
    if "security" in operation.data:
        declared = operation.data["security"]
        where = Located(operation.source, f"{operation.pointer}/security", declared)
    else:
        where = Located(doc.root, "/security", doc.data.get("security"))
    requirements = where.data if isinstance(where.data, list) else []
    alternatives = {frozenset(r) for r in requirements if isinstance(r, dict)}
    return where, alternatives or {frozenset()}


def _path_of(operation: Located) -> str:
    token = operation.pointer.split("/")[2]
    return token.replace("~1", "/").replace("~0", "~")


def _json_media(content: Any) -> str | None:
    if not isinstance(content, dict) or not content:
        return None
    for media in content:
        if "json" in media:
            return str(media)
    return str(next(iter(content)))


# --- the comparison ----------------------------------------------------------------------------


class _Differ:
    """Walks two specs side by side and collects changes (deduplicated by rule and place)."""

    def __init__(self, old: SpecDocument, new: SpecDocument) -> None:
        self.old = old
        self.new = new
        self.found: dict[tuple[str, str | None, str | None], Change] = {}
        self.visited: set[tuple[str, str, Side]] = set()

    def add(self, rule: str, old: str | None, new: str | None, message: str) -> None:
        assert rule in RULES, rule
        self.found.setdefault((rule, old, new), Change(rule, old, new, message))

    def o(self, node: Located) -> str:
        return _show(self.old, node.source, node.pointer)

    def n(self, node: Located) -> str:
        return _show(self.new, node.source, node.pointer)

    # operations

    def run(self) -> tuple[Change, ...]:
        old_ops, new_ops = operations(self.old), operations(self.new)
        for key, old_op in old_ops.items():
            if key not in new_ops:
                self.add("operation-removed", self.o(old_op), None,
                         f"operation {key[0].upper()} {_path_of(old_op)} was removed")
            else:
                self.operation(old_op, new_ops[key])
        for key, new_op in new_ops.items():
            if key not in old_ops:
                self.add("operation-added", None, self.n(new_op),
                         f"new operation {key[0].upper()} {_path_of(new_op)}")
        self.security_schemes()
        self.named_list("servers", "url", "server-removed", "server-added")
        self.component_schemas()
        self.documentation(self.old.data, self.new.data, "", None)
        if not self.found and _without_version(self.old.data) != _without_version(self.new.data):
            self.add("other-change", "", "", "the specs differ in a way no rule describes")
        return tuple(sorted(self.found.values()))

    def operation(self, old: Located, new: Located) -> None:
        renames = (("operationId", "operation-id-changed"), ("tags", "operation-tag-changed"))
        for key, rule in renames:
            before, after = old.data.get(key), new.data.get(key)
            if key == "tags":
                before, after = (before or [None])[0], (after or [None])[0]
            if before != after:
                self.add(rule, self.o(old) + f"/{key}", self.n(new) + f"/{key}",
                         f"{key} changed from {before!r} to {after!r}: the client's "
                         f"{'method' if key == 'operationId' else 'resource'} name changes")
        self.parameters(old, new)
        self.request_body(old, new)
        self.responses(old, new)
        self.security(old, new)

    def parameters(self, old_op: Located, new_op: Located) -> None:
        old_params, new_params = parameters_of(self.old, old_op), parameters_of(self.new, new_op)
        for key, old in old_params.items():
            label = f"{key[0]} parameter {old.data['name']!r}"
            new = new_params.get(key)
            if new is None:
                self.add("parameter-removed", self.o(old), None, f"{label} was removed")
                continue
            was, now = bool(old.data.get("required")), bool(new.data.get("required"))
            if now and not was:
                self.add("parameter-made-required", self.o(old), self.n(new),
                         f"{label} is now required")
            elif was and not now:
                self.add("parameter-made-optional", self.o(old), self.n(new),
                         f"{label} is now optional")
            old_schema, new_schema = parameter_schema(old), parameter_schema(new)
            if old_schema is not None and new_schema is not None:
                old_view = view_schema(self.old, old_schema)
                new_view = view_schema(self.new, new_schema)
                if old_view.default != new_view.default:
                    self.add("parameter-default-changed", old_view.at, new_view.at,
                             f"{label}: default changed from {_value(old_view.default)} to "
                             f"{_value(new_view.default)}; calls that omit it now send "
                             "another value")
                self.schema(old_schema, new_schema, "request")
        for key, new in new_params.items():
            if key not in old_params:
                label = f"{key[0]} parameter {new.data['name']!r}"
                if new.data.get("required"):
                    self.add("parameter-added-required", None, self.n(new),
                             f"new required {label}")
                else:
                    self.add("parameter-added-optional", None, self.n(new),
                             f"new optional {label}")

    def request_body(self, old_op: Located, new_op: Located) -> None:
        old = _follow(self.old, Located(old_op.source, f"{old_op.pointer}/requestBody",
                                        old_op.data.get("requestBody")))
        new = _follow(self.new, Located(new_op.source, f"{new_op.pointer}/requestBody",
                                        new_op.data.get("requestBody")))
        has_old, has_new = isinstance(old.data, dict), isinstance(new.data, dict)
        if has_old and not has_new:
            self.add("request-body-removed", self.o(old), None, "the request body was removed")
        elif has_new and not has_old:
            required = bool(new.data.get("required"))
            rule = "request-body-added-required" if required else "request-body-added-optional"
            self.add(rule, None, self.n(new),
                     f"new {'required' if required else 'optional'} request body")
        if not (has_old and has_new):
            return
        was, now = bool(old.data.get("required")), bool(new.data.get("required"))
        if now != was:
            rule = "request-body-made-required" if now else "request-body-made-optional"
            self.add(rule, self.o(old), self.n(new),
                     f"the request body is now {'required' if now else 'optional'}")
        self.content(old, new, "request")

    def content(self, old: Located, new: Located, side: Side) -> None:
        old_media = _json_media(old.data.get("content"))
        new_media = _json_media(new.data.get("content"))
        if old_media is None and new_media is None:
            return
        if old_media != new_media:
            if side == "request":
                self.add("request-body-removed", self.o(old), self.n(new),
                         f"the request body's media type changed from {old_media} to {new_media}")
            elif new_media is None:
                self.add("response-body-removed", self.o(old), self.n(new),
                         f"the {old_media} response body was removed")
            elif old_media is None:
                self.add("response-body-added", self.o(old), self.n(new),
                         f"new {new_media} response body")
            else:
                self.add("response-body-removed", self.o(old), self.n(new),
                         f"the response media type changed from {old_media} to {new_media}")
            return
        assert old_media is not None
        escaped = escape_pointer(old_media)
        old_entry = old.data["content"][old_media] or {}
        new_entry = new.data["content"][new_media] or {}
        if "schema" in old_entry and "schema" in new_entry:
            self.schema(
                Located(old.source, f"{old.pointer}/content/{escaped}/schema", old_entry["schema"]),
                Located(new.source, f"{new.pointer}/content/{escaped}/schema", new_entry["schema"]),
                side,
            )

    def responses(self, old_op: Located, new_op: Located) -> None:
        old_all = old_op.data.get("responses") or {}
        new_all = new_op.data.get("responses") or {}
        for status, raw in old_all.items():
            old_pointer = f"{old_op.pointer}/responses/{escape_pointer(status)}"
            old = _follow(self.old, Located(old_op.source, old_pointer, raw))
            if status not in new_all:
                self.add("response-removed", self.o(old), None,
                         f"the {status} response was removed: the client's return type or "
                         "error class for it may change")
                continue
            new_pointer = f"{new_op.pointer}/responses/{escape_pointer(status)}"
            new = _follow(self.new, Located(new_op.source, new_pointer, new_all[status]))
            if isinstance(old.data, dict) and isinstance(new.data, dict):
                self.content(old, new, "response")
        for status in new_all:
            if status not in old_all:
                pointer = f"{self.n(new_op)}/responses/{escape_pointer(status)}"
                self.add("response-added", None, pointer, f"new {status} response")

    def security(self, old_op: Located, new_op: Located) -> None:
        old_where, old_alts = security_alternatives(self.old, old_op)
        new_where, new_alts = security_alternatives(self.new, new_op)
        for alt in sorted(old_alts - new_alts, key=sorted):
            what = " + ".join(sorted(alt)) or "no credentials (anonymous access)"
            self.add("security-requirement-removed", self.o(old_where), self.n(new_where),
                     f"the operation no longer accepts {what}")
        for alt in sorted(new_alts - old_alts, key=sorted):
            what = " + ".join(sorted(alt)) or "no credentials"
            self.add("security-requirement-added", self.o(old_where), self.n(new_where),
                     f"the operation now also accepts {what}")

    def security_schemes(self) -> None:
        old_all = _components(self.old, "securitySchemes")
        new_all = _components(self.new, "securitySchemes")
        base = "/components/securitySchemes/"
        for name, old in old_all.items():
            pointer = base + escape_pointer(name)
            if name not in new_all:
                self.add("security-scheme-removed", pointer, None,
                         f"security scheme {name!r} was removed: its client argument goes away")
                continue
            keys = ("type", "in", "name", "scheme")
            before = {k: old.get(k) if isinstance(old, dict) else None for k in keys}
            after = {k: new_all[name].get(k) if isinstance(new_all[name], dict) else None
                     for k in keys}
            changed = [f"{k} {before[k]!r} -> {after[k]!r}" for k in keys if before[k] != after[k]]
            if changed:
                self.add("security-scheme-changed", pointer, pointer,
                         f"security scheme {name!r} changed: {', '.join(changed)}")
        for name in new_all:
            if name not in old_all:
                self.add("security-scheme-added", None, base + escape_pointer(name),
                         f"new security scheme {name!r}")

    def named_list(self, key: str, name: str, removed: str, added: str) -> None:
        old_list = self.old.data.get(key) or []
        new_list = self.new.data.get(key) or []
        old_names = [e.get(name) for e in old_list if isinstance(e, dict)]
        new_names = [e.get(name) for e in new_list if isinstance(e, dict)]
        for index, value in enumerate(old_names):
            if value not in new_names:
                self.add(removed, f"/{key}/{index}", None, f"{key[:-1]} {value!r} was removed")
        for index, value in enumerate(new_names):
            if value not in old_names:
                self.add(added, None, f"/{key}/{index}", f"new {key[:-1]} {value!r}")

    def component_schemas(self) -> None:
        old_all = _components(self.old, "schemas")
        new_all = _components(self.new, "schemas")
        base = "/components/schemas/"
        for name in old_all:
            if name not in new_all:
                self.add("schema-removed", base + escape_pointer(name), None,
                         f"schema {name!r} was removed: its public model class goes away")
        for name in new_all:
            if name not in old_all:
                self.add("schema-added", None, base + escape_pointer(name),
                         f"new schema {name!r} (a new public model)")

    # schemas

    def schema(self, old_node: Located, new_node: Located, side: Side) -> None:
        old = view_schema(self.old, old_node)
        new = view_schema(self.new, new_node)
        self.scalar(old, new, side)
        key = (old.body, new.body, side)
        if key in self.visited:
            return
        self.visited.add(key)
        self.fields(old, new, side)
        for attr in ("items", "additional"):
            old_sub, new_sub = getattr(old, attr), getattr(new, attr)
            if old_sub is not None and new_sub is not None:
                self.schema(old_sub, new_sub, side)
        if len(old.variants) == len(new.variants):
            for old_sub, new_sub in zip(old.variants, new.variants, strict=True):
                self.schema(old_sub, new_sub, side)
        else:
            rule = "response-type-changed" if side == "response" else "request-type-changed"
            self.add(rule, old.body, new.body,
                     f"the alternatives (anyOf/oneOf) changed from {len(old.variants)} to "
                     f"{len(new.variants)}")

    def scalar(self, old: SchemaView, new: SchemaView, side: Side) -> None:
        if old.types != new.types:
            before, after = _type_text(old.types), _type_text(new.types)
            if side == "response":
                narrowed = _accepts(old.types, new.types)
                rule = "response-type-narrowed" if narrowed else "response-type-changed"
            else:
                widened = _accepts(new.types, old.types)
                rule = "request-type-widened" if widened else "request-type-changed"
            self.add(rule, old.at, new.at, f"type changed from {before} to {after}")
        if old.format != new.format:
            self.add("format-changed", old.at, new.at,
                     f"format changed from {old.format} to {new.format}: the Python type changes")
        if old.nullable != new.nullable:
            made = "nullable" if new.nullable else "non-nullable"
            rule = f"{side}-field-made-{made}"
            why = {
                "response-field-made-nullable": "code reading it may now get None",
                "response-field-made-non-nullable": "code reading it never gets None now",
                "request-field-made-nullable": "the client may now send null",
                "request-field-made-non-nullable": "code sending None is refused",
            }[rule]
            self.add(rule, old.at, new.at, f"now {made}: {why}")
        if old.enum is not None and new.enum is not None:
            removed = [v for v in old.enum if v not in new.enum]
            added = [v for v in new.enum if v not in old.enum]
            if removed:
                self.add(f"{side}-enum-value-removed", old.body, new.body,
                         f"enum value(s) removed: {', '.join(map(repr, removed))}")
            if added:
                self.add(f"{side}-enum-value-added", old.body, new.body,
                         f"enum value(s) added: {', '.join(map(repr, added))}")
        elif (old.enum is None) != (new.enum is None):
            rule = "response-type-changed" if side == "response" else "request-type-changed"
            if side == "response" and old.enum is None:
                rule = "response-type-narrowed"
            if side == "request" and new.enum is None:
                rule = "request-type-widened"
            what = "now an enum" if new.enum is not None else "no longer an enum"
            self.add(rule, old.at, new.at, f"{what}")

    def fields(self, old: SchemaView, new: SchemaView, side: Side) -> None:
        for name, old_prop in old.properties.items():
            new_prop = new.properties.get(name)
            if new_prop is None:
                self.add(f"{side}-field-removed", self.o(old_prop), None,
                         f"field {name!r} was removed")
                continue
            was, now = name in old.required, name in new.required
            if was != now:
                rule = f"{side}-field-made-{'required' if now else 'optional'}"
                self.add(rule, self.o(old_prop), self.n(new_prop),
                         f"field {name!r} is now {'required' if now else 'optional'}")
            self.schema(old_prop, new_prop, side)
        for name, new_prop in new.properties.items():
            if name in old.properties:
                continue
            if side == "response":
                self.add("response-field-added", None, self.n(new_prop), f"new field {name!r}")
            elif name in new.required:
                self.add("request-field-added-required", None, self.n(new_prop),
                         f"new required field {name!r}")
            else:
                self.add("request-field-added-optional", None, self.n(new_prop),
                         f"new optional field {name!r}")

    # documentation

    def documentation(self, old: Any, new: Any, pointer: str, parent: str | None) -> None:
        if not (isinstance(old, dict) and isinstance(new, dict)):
            return
        names_only = parent in _NAME_MAPS
        for key in old.keys() & new.keys():
            child = f"{pointer}/{escape_pointer(key)}"
            if old[key] == new[key]:
                continue
            if not names_only and key in _CLIENT_NAME_KEYS:
                self.add("client-name-changed", child, child,
                         f"{key} changed from {old[key]!r} to {new[key]!r}: a name in the "
                         "client changes")
            elif not names_only and (key in _DOC_KEYS or key.startswith("x-")):
                if pointer == "/info" and key == "version":
                    continue
                self.add("documentation-changed", child, child, f"{key} changed")
            elif not names_only and key == "deprecated":
                state = "deprecated" if new[key] else "no longer deprecated"
                self.add("deprecation-changed", child, child, f"now {state}")
            else:
                self.documentation(old[key], new[key], child, None if names_only else key)
        for key in new.keys() - old.keys():
            child = f"{pointer}/{escape_pointer(key)}"
            if not names_only and key in _CLIENT_NAME_KEYS:
                self.add("client-name-changed", None, child, f"{key} added: a name in the "
                         "client changes")
            elif not names_only and (key in _DOC_KEYS or key.startswith("x-")):
                self.add("documentation-changed", None, child, f"{key} added")
            elif not names_only and key == "deprecated" and new[key]:
                self.add("deprecation-changed", None, child, "now deprecated")
        for key in old.keys() - new.keys():
            child = f"{pointer}/{escape_pointer(key)}"
            if not names_only and key in _CLIENT_NAME_KEYS:
                self.add("client-name-changed", child, None, f"{key} removed: a name in the "
                         "client changes")
            elif not names_only and (key in _DOC_KEYS or key.startswith("x-")):
                self.add("documentation-changed", child, None, f"{key} removed")
            elif not names_only and key == "deprecated" and old[key]:
                self.add("deprecation-changed", child, None, "no longer deprecated")


# Extensions that name things in the generated client: changing one renames public API.
_CLIENT_NAME_KEYS = frozenset({"x-method-name", "x-name", "x-client-default"})
_DOC_KEYS = frozenset({
    "description", "summary", "title", "example", "examples", "externalDocs",
    "contact", "license", "termsOfService",
})
# Mappings whose keys are names chosen by the author, not OpenAPI keywords: a property
# called "description" is a field, not documentation.
_NAME_MAPS = frozenset({
    "properties", "patternProperties", "$defs", "definitions", "schemas", "responses",
    "parameters", "requestBodies", "headers", "securitySchemes", "links", "callbacks",
    "content", "paths", "webhooks", "variables", "mapping", "encoding", "pathItems",
})


def _components(doc: SpecDocument, kind: str) -> dict[str, Any]:
    components = doc.data.get("components") if isinstance(doc.data, dict) else None
    found = (components or {}).get(kind) or {}
    return dict(found) if isinstance(found, dict) else {}


def _without_version(data: Any) -> Any:
    if isinstance(data, dict) and isinstance(data.get("info"), dict):
        return {**data, "info": {k: v for k, v in data["info"].items() if k != "version"}}
    return data


def _type_text(types: frozenset[str]) -> str:
    return " | ".join(sorted(types)) or "any"


def _value(default: tuple[Any, ...]) -> str:
    return repr(default[0]) if default else "(none)"


def _bump(changes: tuple[Change, ...]) -> Bump:
    bumps = [_BUMP_OF[c.severity] for c in changes]
    return max(bumps, key=lambda b: _RANK[b], default="none")


def _version(doc: SpecDocument) -> str:
    info = doc.data.get("info") if isinstance(doc.data, dict) else None
    version = info.get("version") if isinstance(info, dict) else None
    return str(version) if version is not None else ""


def diff_specs(old: SpecDocument, new: SpecDocument) -> CompatReport:
    """Every change from ``old`` to ``new``, classified, and the version bump they need."""
    changes = _Differ(old, new).run()
    return CompatReport(changes, _bump(changes), _version(old), _version(new))


# --- the spec at a git ref ---------------------------------------------------------------------


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def _ref_error(spec_path: Path, message: str, hint: str) -> SpecError:
    shown = os.path.relpath(spec_path)
    diagnostic = Diagnostic(shown, 0, 0, Severity.ERROR, "git-ref", "", message, hint)
    return SpecError([diagnostic])


def _external_refs(data: Any) -> Iterator[str]:
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#") and "://" not in ref:
                yield unquote(urldefrag(ref)[0])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _at_ref(ref: str, tmp_root: Path, display: str) -> str:
    try:
        return f"{ref}:{Path(display).resolve().relative_to(tmp_root).as_posix()}"
    except ValueError:
        return display


def spec_at_ref(ref: str, spec_path: Path) -> SpecDocument:
    """Load the spec as it was at git ``ref`` (every file its ``$ref`` values reach).

    Raises :class:`SpecError` (rule ``git-ref``) when the spec is not in a git
    repository, ``ref`` names no commit, or the spec did not exist at ``ref``.
    """
    spec_path = spec_path.resolve()
    top = _git(["rev-parse", "--show-toplevel"], spec_path.parent if spec_path.parent.is_dir()
               else Path.cwd())
    if top.returncode != 0:
        raise _ref_error(spec_path, "the spec is not inside a git repository",
                         "run from a git checkout or compare two files with `diff OLD NEW`")
    root = Path(top.stdout.decode().strip()).resolve()
    if _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root).returncode != 0:
        raise _ref_error(spec_path, f"{ref!r} is not a commit in this repository",
                         "pass a branch, tag or commit, e.g. --base origin/main")
    try:
        relative = spec_path.relative_to(root)
    except ValueError:
        raise _ref_error(spec_path, f"the spec is outside the repository at {root}",
                         "pass a spec inside the repository") from None
    with tempfile.TemporaryDirectory(prefix="spec-at-ref-") as tmp:
        pending = [relative]
        written: set[Path] = set()
        while pending:
            path = pending.pop()
            if path in written:
                continue
            shown = _git(["show", f"{ref}:{path.as_posix()}"], root)
            if shown.returncode != 0:
                if path == relative:
                    raise _ref_error(spec_path, f"{path.as_posix()} does not exist at {ref}",
                                     "pick a ref where the spec exists, or add it first")
                continue  # a missing referenced file is reported by lint, as for any spec
            target = Path(tmp) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(shown.stdout)
            written.add(path)
            try:
                data, _ = parse_source(shown.stdout.decode("utf-8-sig"), f"{ref}:{path}")
            except (SpecError, UnicodeDecodeError):
                continue  # load_spec reports it with its place
            for link in _external_refs(data):
                pending.append(Path(os.path.normpath(path.parent / link)))
        tmp_root = Path(tmp).resolve()
        try:
            document = load_spec(Path(tmp) / relative)
        except SpecError as exc:
            raise SpecError(
                d._replace(file=_at_ref(ref, tmp_root, d.file)) for d in exc.diagnostics
            ) from None
        files = {
            path: replace(source, display=f"{ref}:{path.relative_to(tmp_root).as_posix()}")
            for path, source in document.files.items()
        }
        return SpecDocument(files[document.root.path], files)
