"""Lint the spec: the OpenAPI 3.1 schema (openapi-spec-validator), then our own rules.

Each finding is a :class:`Diagnostic` with a stable rule id from :data:`RULES`,
placed at the JSON pointer (and so the line) of the thing it names. The rules
read a possibly broken document: each one skips what it cannot read instead of
failing, because the structure check may already have reported it.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urldefrag

from generator.errors import Diagnostic, Severity, escape_pointer
from generator.load import SourceFile, SpecDocument, iter_pointer
from generator.names import class_name, identifier

__all__ = ["LOADER_RULES", "RULES", "lint", "rule_diagnostics", "structure_diagnostics"]

LOADER_RULES: Mapping[str, str] = {
    "file-not-found": "the spec file does not exist",
    "file-unreadable": "the spec path is a directory or cannot be read",
    "encoding": "the file is not valid UTF-8",
    "empty-file": "the file is empty",
    "yaml-syntax": "the YAML (or JSON) is malformed",
    "yaml-duplicate-key": "a mapping repeats a key",
    "yaml-key": "a mapping key is not a plain scalar",
    "yaml-tag": "a YAML tag other than the core schema's",
    "yaml-alias": "an alias names an anchor that is not complete",
    "yaml-alias-bomb": "aliases expand to too many nodes (billion laughs)",
    "yaml-depth": "the document nests deeper than 200 levels",
    "yaml-multiple-documents": "the file holds more than one YAML document",
}
"""Rule ids the strict loader (generator/load.py) reports, with their doc line."""

RULES: Mapping[str, str] = {
    "openapi-version": "the `openapi` field is 3.1.x (3.0, 2.0 and 4.x are refused)",
    "openapi-schema": "the document matches the OpenAPI 3.1 schema (openapi-spec-validator)",
    "ref-remote": "a `$ref` names an http(s) URL; remote references are never fetched",
    "ref-unresolved": "every `$ref` resolves, within the file or to a relative file",
    "ref-cycle": "a `$ref` chain that only refers to itself",
    "operation-id-missing": "every operation has an operationId",
    "operation-id-invalid": "an operationId is usable as a Python method name",
    "operation-id-duplicate": "operationIds are unique, also once turned into Python names",
    "path-param-undeclared": "every `{variable}` in a path is declared as an `in: path` parameter",
    "path-param-unused": "every `in: path` parameter appears in the path template",
    "path-param-optional": "path parameters are `required: true`",
    "path-duplicate": "two path templates that differ only in variable names",
    "parameter-duplicate": "a parameter (name, in) is listed once per operation or path",
    "security-undefined": "security requirements name schemes in components/securitySchemes",
    "response-no-schema": "a 2xx response with content has a schema for each media type",
    "response-unexpected-content": "204, 205 and 304 responses have no content",
    "example-invalid": "examples validate against their schema",
    "default-invalid": "a schema's `default` validates against the schema",
    "enum-empty": "an `enum` lists at least one value",
    "enum-duplicate": "an `enum` lists each value once",
    "name-collision": "names that become the same Python class, field or argument name",
    "component-unused": "a component is referenced from paths, webhooks or security (warning)",
}
"""Our rule ids with their doc line (the README lists them)."""

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_NO_BODY_STATUS = frozenset({"204", "205", "304"})
_OPERATION_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_TEMPLATE_VAR = re.compile(r"\{([^{}/]*)\}")
_UNEXPECTED = re.compile(r"\('([^']*)'(?:, '[^']*')* (?:was|were) unexpected\)")
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_ONES = (
    "items", "additionalProperties", "not", "if", "then", "else", "contains",
    "unevaluatedItems", "unevaluatedProperties", "propertyNames", "contentSchema",
)
_MAX_REF_HOPS = 64


@dataclass(frozen=True)
class _Node:
    """A value of the spec and where it lives: the file and the JSON pointer there."""

    source: SourceFile
    pointer: str
    value: Any

    def child(self, key: str | int) -> _Node | None:
        """The child at ``key``, or None when this is not a container holding it."""
        value = self.value
        if isinstance(value, dict) and isinstance(key, str) and key in value:
            return _Node(self.source, f"{self.pointer}/{escape_pointer(key)}", value[key])
        if isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
            return _Node(self.source, f"{self.pointer}/{key}", value[key])
        return None

    def items(self) -> Iterator[tuple[str, _Node]]:
        """(key, child) for a mapping; nothing otherwise."""
        if isinstance(self.value, dict):
            for key in self.value:
                child = self.child(key)
                if child is not None:
                    yield key, child

    def elements(self) -> Iterator[_Node]:
        """Children of a sequence; nothing otherwise."""
        if isinstance(self.value, list):
            for index in range(len(self.value)):
                child = self.child(index)
                if child is not None:
                    yield child

    @property
    def key(self) -> tuple[str, str]:
        return (str(self.source.path), self.pointer)


# --------------------------------------------------------------------------- structure


def structure_diagnostics(doc: SpecDocument) -> list[Diagnostic]:
    """The OpenAPI 3.1 JSON Schema check, one most-specific diagnostic per problem.

    Only the schema half of openapi-spec-validator runs: its keyword half
    re-resolves every ``$ref`` (it would try to fetch remote ones), reports
    without a location, and its checks are covered by :func:`rule_diagnostics`.
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

    from jsonschema.exceptions import best_match

    found: dict[tuple[str, str], Diagnostic] = {}
    for error in _openapi_31_validator().iter_errors(data):
        best = best_match([error]) or error
        diagnostic = _structure_diagnostic(doc, best)
        found.setdefault((diagnostic.pointer, diagnostic.message), diagnostic)
    return sorted(found.values())


@functools.cache
def _openapi_31_validator() -> Any:
    """openapi-spec-validator's OpenAPI 3.1 schema validator, with its references crawled once.

    The 3.1 schema checks every Schema Object through ``$dynamicRef: "#meta"``, and a registry
    that is not crawled crawls all its resources again on each such anchor lookup: most of the
    validation time, growing with the number of schemas (0.25 s -> 0.013 s on our spec, 2.0 s ->
    0.4 s on the vendor's whole API; the errors are the same).
    """
    from jsonschema.validators import validator_for
    from openapi_spec_validator.schemas import schema_v31
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    schema = dict(schema_v31)
    resource = Resource.from_contents(schema, default_specification=DRAFT202012)
    return validator_for(schema)(schema, registry=(resource @ Registry()).crawl())


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


def _structure_diagnostic(doc: SpecDocument, error: Any) -> Diagnostic:
    pointer = "".join(f"/{escape_pointer(p)}" for p in error.absolute_path)
    message: str = error.message
    hint = "see the OpenAPI 3.1 specification for this object"
    if error.validator in ("unevaluatedProperties", "additionalProperties"):
        match = _UNEXPECTED.search(message)
        if match and isinstance(error.instance, dict) and match.group(1) in error.instance:
            name = match.group(1)
            pointer = f"{pointer}/{escape_pointer(name)}"
            message = f"unexpected key {name!r}"
            hint = "remove it, fix its spelling, or prefix a custom key with `x-`"
    elif error.validator == "required" and pointer.endswith("/responses"):
        message = "the responses list no status code (such as '200') and no `default`"
        hint = "add a response under a status code like '200', or under `default`"
    elif error.validator == "required":
        hint = "add the missing key"
    if len(message) > 300:
        message = message[:297] + "..."
    return doc.diagnostic("openapi-schema", pointer, message, hint)


# --------------------------------------------------------------------------- helpers


def _kind(value: object) -> str:
    names = {dict: "mapping", list: "list", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _nearest(word: str, choices: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _did_you_mean(word: str, choices: Iterable[str], fallback: str) -> str:
    near = _nearest(word, choices)
    return f"did you mean {near!r}?" if near is not None else fallback


def _is_remote(ref: str) -> bool:
    return "://" in ref or ref.startswith("//")


def _resolve(doc: SpecDocument, node: _Node, ref: str) -> _Node | None:
    """The node one ``$ref`` lands on, or None when it does not resolve (or is remote)."""
    if _is_remote(ref):
        return None
    try:
        source, pointer, value = doc.resolve(ref, node.source)
    except (KeyError, ValueError, OSError):
        return None
    return _Node(source, pointer, value)


def _deref(doc: SpecDocument, node: _Node) -> _Node:
    """Follow a chain of Reference objects to the object they name (or the last that resolves)."""
    seen = {node.key}
    for _ in range(_MAX_REF_HOPS):
        ref = node.value.get("$ref") if isinstance(node.value, dict) else None
        if not isinstance(ref, str):
            return node
        target = _resolve(doc, node, ref)
        if target is None or target.key in seen:
            return node
        seen.add(target.key)
        node = target
    return node


def _walk(node: _Node) -> Iterator[_Node]:
    """Every node under ``node`` (itself included), depth first, without recursion."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current.value, dict):
            stack.extend(child for _, child in current.items())
        elif isinstance(current.value, list):
            stack.extend(current.elements())


def _root(doc: SpecDocument) -> _Node:
    return _Node(doc.root, "", doc.data)


def _diag(
    doc: SpecDocument,
    node: _Node,
    code: str,
    message: str,
    hint: str,
    severity: Severity = Severity.ERROR,
    pointer: str | None = None,
) -> Diagnostic:
    return doc.diagnostic(
        code, node.pointer if pointer is None else pointer, message, hint, severity, node.source
    )


def _describe(doc: SpecDocument, node: _Node) -> str:
    """``#/pointer`` in the root file, ``other.yaml#/pointer`` elsewhere."""
    prefix = "" if node.source is doc.root else node.source.display
    return f"{prefix}#{node.pointer}"


# --------------------------------------------------------------------------- the spec's parts


@dataclass(frozen=True)
class _Operation:
    path: str
    method: str
    item: _Node
    node: _Node


def _path_items(doc: SpecDocument) -> Iterator[tuple[str, _Node]]:
    for section in ("paths", "webhooks"):
        paths = _root(doc).child(section)
        if paths is None:
            continue
        for path, item in paths.items():
            if not path.startswith("x-"):
                yield path, _deref(doc, item)


def _operations(doc: SpecDocument) -> Iterator[_Operation]:
    for path, item in _path_items(doc):
        for method in _METHODS:
            operation = item.child(method)
            if operation is not None and isinstance(operation.value, dict):
                yield _Operation(path, method, item, operation)


def _parameter_lists(doc: SpecDocument) -> Iterator[_Node]:
    for _, item in _path_items(doc):
        params = item.child("parameters")
        if params is not None:
            yield params
    for operation in _operations(doc):
        params = operation.node.child("parameters")
        if params is not None:
            yield params


def _parameters(doc: SpecDocument, params: _Node | None) -> Iterator[tuple[_Node, _Node]]:
    """(list entry, resolved Parameter object) for each readable parameter."""
    if params is None:
        return
    for entry in params.elements():
        resolved = _deref(doc, entry)
        if isinstance(resolved.value, dict) and isinstance(resolved.value.get("name"), str):
            yield entry, resolved


def _effective_parameters(doc: SpecDocument, operation: _Operation) -> dict[tuple[str, str], _Node]:
    """Path-level parameters overridden by the operation's, keyed by (in, name)."""
    found: dict[tuple[str, str], _Node] = {}
    for params in (operation.item.child("parameters"), operation.node.child("parameters")):
        for _, param in _parameters(doc, params):
            kind, name = str(param.value.get("in")), param.value["name"]
            found[(kind, name.lower() if kind == "header" else name)] = param
    return found


def _value_holders(doc: SpecDocument) -> Iterator[_Node]:
    """Parameter, Header and Media Type objects: the things with schema + example(s)."""
    seen: set[tuple[str, str]] = set()

    def emit(node: _Node | None) -> Iterator[_Node]:
        if node is None:
            return
        node = _deref(doc, node)
        if isinstance(node.value, dict) and node.key not in seen:
            seen.add(node.key)
            yield node

    def content(node: _Node | None) -> Iterator[_Node]:
        if node is None:
            return
        node = _deref(doc, node)
        for media in (node.child("content"),):
            if media is not None:
                for _, entry in media.items():
                    yield from emit(entry)
        headers = node.child("headers")
        if headers is not None:
            for _, header in headers.items():
                yield from emit(header)

    for params in _parameter_lists(doc):
        for entry in params.elements():
            yield from emit(entry)
    for operation in _operations(doc):
        yield from content(operation.node.child("requestBody"))
        responses = operation.node.child("responses")
        if responses is not None:
            for _, response in responses.items():
                yield from content(response)
    components = _root(doc).child("components")
    if components is None:
        return
    for kind in ("parameters", "headers"):
        group = components.child(kind)
        if group is not None:
            for _, entry in group.items():
                yield from emit(entry)
    for kind in ("requestBodies", "responses"):
        group = components.child(kind)
        if group is not None:
            for _, entry in group.items():
                yield from content(entry)


def _schemas(doc: SpecDocument) -> Iterator[_Node]:
    """Every Schema object reachable from the spec's schema positions, each once."""
    roots: list[_Node] = []
    components = _root(doc).child("components")
    schemas = components.child("schemas") if components is not None else None
    if schemas is not None:
        roots.extend(child for _, child in schemas.items())
    for holder in _value_holders(doc):
        schema = holder.child("schema")
        if schema is not None:
            roots.append(schema)
    seen: set[tuple[str, str]] = set()
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        if not isinstance(node.value, dict) or node.key in seen:
            continue
        seen.add(node.key)
        ref = node.value.get("$ref")
        if isinstance(ref, str):
            target = _resolve(doc, node, ref)
            if target is not None:
                stack.append(target)
        yield node
        stack.extend(reversed(list(_subschemas(node))))


def _subschemas(node: _Node) -> Iterator[_Node]:
    for keyword in _SCHEMA_MAPS:
        group = node.child(keyword)
        if group is not None:
            yield from (child for _, child in group.items())
    for keyword in _SCHEMA_LISTS:
        group = node.child(keyword)
        if group is not None:
            yield from group.elements()
    for keyword in _SCHEMA_ONES:
        child = node.child(keyword)
        if child is not None:
            yield child


# --------------------------------------------------------------------------- rules: refs


def _ref_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    for source in doc.files.values():
        for node in _walk(_Node(source, "", source.data)):
            if not isinstance(node.value, dict) or not isinstance(node.value.get("$ref"), str):
                continue
            ref_node = node.child("$ref")
            assert ref_node is not None
            yield from _check_ref(doc, node, ref_node, node.value["$ref"])


def _check_ref(doc: SpecDocument, holder: _Node, at: _Node, ref: str) -> Iterator[Diagnostic]:
    if _is_remote(ref):
        yield _diag(
            doc, at, "ref-remote", f"remote reference {ref!r} is refused; nothing is fetched",
            "copy the referenced definition into the spec (or a file beside it) and refer "
            "to it locally",
        )
        return
    if _resolve(doc, holder, ref) is None:
        yield _diag(doc, at, "ref-unresolved", _unresolved_message(doc, holder, ref),
                    _unresolved_hint(doc, holder, ref))
        return
    if _ref_cycle(doc, holder):
        yield _diag(
            doc, at, "ref-cycle", f"{ref!r} only leads back to itself through other $refs",
            "point the $ref at the object it stands for",
        )


def _ref_cycle(doc: SpecDocument, node: _Node) -> bool:
    """Whether following ``$ref`` from ``node`` comes back to ``node`` itself."""
    start = node.key
    seen = {start}
    for _ in range(_MAX_REF_HOPS):
        ref = node.value.get("$ref") if isinstance(node.value, dict) else None
        if not isinstance(ref, str):
            return False
        target = _resolve(doc, node, ref)
        if target is None:
            return False
        if target.key in seen:
            return target.key == start
        seen.add(target.key)
        node = target
    return False


def _target_path(holder: _Node, target: str) -> Path | None:
    """The file a relative ``$ref`` target names, or None when it is no usable path."""
    try:
        return (holder.source.path.parent / unquote(target)).resolve()
    except (OSError, ValueError):
        return None


def _unresolved_message(doc: SpecDocument, holder: _Node, ref: str) -> str:
    target, fragment = urldefrag(ref)
    if target:
        path = _target_path(holder, target)
        if path not in doc.files:
            return f"$ref {ref!r}: the file {target!r} does not exist (or could not be read)"
    if fragment and not fragment.startswith("/"):
        return f"$ref {ref!r}: the fragment must be a JSON pointer starting with '/'"
    return f"$ref {ref!r} does not resolve: nothing is defined at {fragment or '/'!r}"


def _unresolved_hint(doc: SpecDocument, holder: _Node, ref: str) -> str:
    target, fragment = urldefrag(ref)
    fallback = "define the target or fix the reference"
    if target:
        path = _target_path(holder, target)
        if path is None:
            return "write the reference as a relative path and a JSON pointer: file.yaml#/Name"
        if path not in doc.files:
            siblings = [p.name for p in path.parent.glob("*.*")] if path.parent.is_dir() else []
            near = _nearest(path.name, siblings)
            if near is None:
                return "create the file, or fix the path (relative to the referring file)"
            return f"did you mean {target[: -len(path.name)] + near!r}?"
        source = doc.files[path]
    else:
        source = holder.source
    value = source.data
    tokens = list(iter_pointer(fragment))
    for index, token in enumerate(tokens):
        if isinstance(value, dict) and token in value:
            value = value[token]
            continue
        if isinstance(value, dict):
            near = _nearest(token, [k for k in value if isinstance(k, str)])
            if near is not None:
                fixed = "/".join(escape_pointer(t) for t in [*tokens[:index], near])
                return f"did you mean {target}#/{fixed}?"
        break
    return fallback


# --------------------------------------------------------------------------- rules: operations


def _operation_id_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    seen: dict[str, _Node] = {}
    for operation in _operations(doc):
        where = f"{operation.method.upper()} {operation.path}"
        suggestion = identifier(f"{operation.method}_{operation.path}")
        node = operation.node.child("operationId")
        if node is None:
            yield _diag(
                doc, operation.node, "operation-id-missing", f"{where} has no operationId",
                f"add `operationId: {suggestion}` (it names the Python method)",
            )
            continue
        op_id = node.value
        if not isinstance(op_id, str) or not _OPERATION_ID.match(op_id):
            yield _diag(
                doc, node, "operation-id-invalid",
                f"operationId {op_id!r} of {where} cannot become a Python method name",
                f"use letters, digits and '_' starting with a letter, e.g. {suggestion!r}",
            )
            continue
        name = identifier(op_id)
        first = seen.get(name)
        if first is None:
            seen[name] = node
            continue
        same = "is also" if first.value == op_id else f"becomes the same Python name {name!r} as"
        yield _diag(
            doc, node, "operation-id-duplicate",
            f"operationId {op_id!r} of {where} {same} the operationId at {_describe(doc, first)} "
            f"(line {first.source.locate(first.pointer)[0]})",
            "give each operation its own operationId",
        )


def _path_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    shapes: dict[str, str] = {}
    for path, item in _path_items(doc):
        shape = _TEMPLATE_VAR.sub("{}", path)
        if shape in shapes and shapes[shape] != path:
            yield _diag(
                doc, item, "path-duplicate",
                f"path {path!r} matches the same URLs as {shapes[shape]!r}",
                "merge the two paths; only the variable names differ",
            )
        shapes.setdefault(shape, path)
    for operation in _operations(doc):
        yield from _path_params(doc, operation)


def _path_params(doc: SpecDocument, operation: _Operation) -> Iterator[Diagnostic]:
    where = f"{operation.method.upper()} {operation.path}"
    variables = _TEMPLATE_VAR.findall(operation.path)
    params = _effective_parameters(doc, operation)
    declared = {node.value["name"]: node for (kind, _), node in params.items() if kind == "path"}
    for variable in variables:
        if variable not in declared:
            yield _diag(
                doc, operation.node, "path-param-undeclared",
                f"{where}: path variable {{{variable}}} is not declared as a parameter",
                f"add `- {{name: {variable}, in: path, required: true, schema: {{type: string}}}}`"
                + (f" or rename {_nearest(variable, declared)!r}" if _nearest(variable, declared)
                   else ""),
            )
    for name, node in declared.items():
        if name not in variables:
            yield _diag(
                doc, node, "path-param-unused",
                f"{where}: path parameter {name!r} does not appear in the path template",
                _did_you_mean(
                    name,
                    [v for v in variables if v not in declared],
                    f"add {{{name}}} to the path or remove it",
                ),
            )
        elif node.value.get("required") is not True:
            required = node.child("required")
            yield _diag(
                doc, required or node, "path-param-optional",
                f"{where}: path parameter {name!r} must be required",
                "set `required: true`; a path cannot have a missing segment",
            )


def _parameter_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    for params in _parameter_lists(doc):
        seen: dict[tuple[str, str], _Node] = {}
        for entry, param in _parameters(doc, params):
            kind = str(param.value.get("in"))
            name: str = param.value["name"]
            key = (kind, name.lower() if kind == "header" else name)
            if key in seen:
                yield _diag(
                    doc, entry, "parameter-duplicate",
                    f"{kind} parameter {name!r} is listed twice (first at {seen[key].pointer})",
                    "remove one of them",
                )
            seen.setdefault(key, entry)
    for operation in _operations(doc):
        yield from _argument_collisions(doc, operation)


def _argument_collisions(doc: SpecDocument, operation: _Operation) -> Iterator[Diagnostic]:
    names: dict[str, tuple[str, str]] = {}
    for (kind, _), node in _effective_parameters(doc, operation).items():
        name: str = node.value["name"]
        py_name = identifier(name)
        if py_name in names and names[py_name] != (kind, name):
            other_kind, other = names[py_name]
            yield _diag(
                doc, node, "name-collision",
                f"{operation.method.upper()} {operation.path}: {kind} parameter {name!r} and "
                f"{other_kind} parameter {other!r} both become the argument {py_name!r}",
                "rename one of them",
            )
        names.setdefault(py_name, (kind, name))


def _security_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    components = _root(doc).child("components")
    schemes_node = components.child("securitySchemes") if components is not None else None
    schemes = [k for k, _ in schemes_node.items()] if schemes_node is not None else []
    for requirement in _security_requirements(doc):
        for name, node in requirement.items():
            if name not in schemes:
                yield _diag(
                    doc, node, "security-undefined",
                    f"security requirement names the scheme {name!r}, which is not defined",
                    _did_you_mean(
                        name, schemes, f"define it under components/securitySchemes/{name}"
                    ),
                )


def _security_requirements(doc: SpecDocument) -> Iterator[_Node]:
    lists = [_root(doc).child("security")]
    lists.extend(operation.node.child("security") for operation in _operations(doc))
    for security in lists:
        if security is not None:
            yield from (r for r in security.elements() if isinstance(r.value, dict))


def _response_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    for operation in _operations(doc):
        responses = operation.node.child("responses")
        if responses is None:
            continue
        for status, entry in responses.items():
            response = _deref(doc, entry)
            content = response.child("content")
            if content is None or not isinstance(content.value, dict) or not content.value:
                continue
            where = f"{operation.method.upper()} {operation.path} response {status}"
            if status in _NO_BODY_STATUS:
                yield _diag(
                    doc, content, "response-unexpected-content",
                    f"{where} declares content, but a {status} response has no body",
                    f"remove `content` or use another status than {status}",
                )
            elif status.startswith("2") and len(status) == 3:
                for media_type, media in content.items():
                    if isinstance(media.value, dict) and "schema" not in media.value:
                        yield _diag(
                            doc, media, "response-no-schema",
                            f"{where} ({media_type}) has no schema, so it cannot be parsed",
                            "add `schema:` (e.g. `$ref: '#/components/schemas/...'`)",
                        )


# --------------------------------------------------------------------------- rules: schemas


def _schema_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    components = _root(doc).child("components")
    schemas = components.child("schemas") if components is not None else None
    if schemas is not None:
        classes: dict[str, str] = {}
        for name, node in schemas.items():
            cls = class_name(name)
            if cls in classes:
                yield _diag(
                    doc, node, "name-collision",
                    f"schemas {classes[cls]!r} and {name!r} both become the class {cls!r}",
                    "rename one of them",
                )
            classes.setdefault(cls, name)
    for schema in _schemas(doc):
        yield from _enum_rules(doc, schema)
        yield from _property_collisions(doc, schema)


def _enum_rules(doc: SpecDocument, schema: _Node) -> Iterator[Diagnostic]:
    enum = schema.child("enum")
    if enum is None or not isinstance(enum.value, list):
        return
    if not enum.value:
        yield _diag(doc, enum, "enum-empty", "the enum lists no values; nothing can match it",
                    "list the allowed values, or remove `enum`")
        return
    seen: dict[str, int] = {}
    for index, item in enumerate(enum.elements()):
        key = json.dumps(_canonical(item.value), sort_keys=True)
        if key in seen:
            yield _diag(
                doc, item, "enum-duplicate",
                f"enum value {item.value!r} is listed twice (items {seen[key]} and {index})",
                "remove the repeated value",
            )
        seen.setdefault(key, index)


def _canonical(value: Any) -> Any:
    """``value`` with integral floats as ints: JSON Schema equality says 1 == 1.0."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    return value


def _property_collisions(doc: SpecDocument, schema: _Node) -> Iterator[Diagnostic]:
    properties = schema.child("properties")
    if properties is None:
        return
    fields: dict[str, str] = {}
    for name, node in properties.items():
        field = identifier(name)
        if field in fields:
            yield _diag(
                doc, node, "name-collision",
                f"properties {fields[field]!r} and {name!r} both become the field {field!r}",
                "rename one of them (the JSON names stay as aliases)",
            )
        fields.setdefault(field, name)


# --------------------------------------------------------------------------- rules: examples


class _ExampleChecker:
    """Validate example values against schemas, resolving ``$ref`` across the spec's files."""

    def __init__(self, doc: SpecDocument) -> None:
        from jsonschema import Draft202012Validator
        from referencing import Registry
        from referencing.jsonschema import DRAFT202012

        self._doc = doc
        self._cls = Draft202012Validator
        resources = [
            (path.as_uri(), DRAFT202012.create_resource(source.data))
            for path, source in doc.files.items()
        ]
        self._registry: Any = Registry().with_resources(resources)

    def errors(self, schema: _Node, instance: Any) -> list[Any]:
        """The most specific validation errors of ``instance``, or [] when unsure."""
        from jsonschema.exceptions import best_match

        if isinstance(schema.value, bool):
            return [] if schema.value else [None]
        uri = f"{schema.source.path.as_uri()}#{quote(schema.pointer, safe='/')}"
        validator = self._cls(
            {"$ref": uri}, registry=self._registry, format_checker=self._cls.FORMAT_CHECKER
        )
        try:
            error = best_match(validator.iter_errors(instance))
        except Exception:  # a broken schema: the structure check reports it
            return []
        return [] if error is None else [error]


def _example_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    checker: _ExampleChecker | None = None

    def check(schema: _Node, example: _Node, what: str) -> Iterator[Diagnostic]:
        nonlocal checker
        checker = checker or _ExampleChecker(doc)
        for error in checker.errors(schema, example.value):
            yield _example_diagnostic(doc, schema, example, error, what)

    for holder in _value_holders(doc):
        schema = holder.child("schema")
        if schema is None:
            continue
        example = holder.child("example")
        if example is not None:
            yield from check(schema, example, "example")
        examples = holder.child("examples")
        if examples is not None:
            for name, entry in examples.items():
                value = _deref(doc, entry).child("value")
                if value is not None:
                    yield from check(schema, value, f"example {name!r}")
    for schema in _schemas(doc):
        examples = schema.child("examples")
        if examples is not None:
            for item in examples.elements():
                yield from check(schema, item, "schema example")
        example = schema.child("example")
        if example is not None:
            yield from check(schema, example, "schema example")
        default = schema.child("default")
        if default is not None:
            yield from check(schema, default, "default")


def _example_diagnostic(
    doc: SpecDocument, schema: _Node, example: _Node, error: Any, what: str
) -> Diagnostic:
    code = "default-invalid" if what == "default" else "example-invalid"
    if error is None:
        return _diag(doc, example, code, f"the {what} can never match: the schema is `false`",
                     "fix the schema or remove the value")
    inner = "".join(f"/{escape_pointer(p)}" for p in error.absolute_path)
    place = f" at {inner}" if inner else ""
    return _diag(
        doc, example, code,
        f"the {what} does not match its schema{place}: {error.message}",
        f"fix the value or the schema ({_describe(doc, schema)})",
        pointer=example.pointer + inner,
    )


# --------------------------------------------------------------------------- rules: unused


def _unused_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    root = _root(doc)
    components = root.child("components")
    if components is None or not isinstance(root.value, dict):
        return
    used = _reachable(doc, [child for key, child in root.items() if key != "components"])
    for requirement in _security_requirements(doc):
        used.update(f"/components/securitySchemes/{escape_pointer(k)}" for k in requirement.value)
    for kind, group in components.items():
        for name, node in group.items():
            if node.pointer not in used and not kind.startswith("x-"):
                yield _diag(
                    doc, node, "component-unused",
                    f"components/{kind}/{name} is never referenced",
                    "refer to it with $ref, or remove it", Severity.WARNING,
                )


def _reachable(doc: SpecDocument, starts: list[_Node]) -> set[str]:
    """Pointers ``/components/KIND/NAME`` of the root file that ``starts`` reach via $ref."""
    used: set[str] = set()
    visited: set[tuple[str, str]] = set()
    stack = list(starts)
    while stack:
        node = stack.pop()
        if node.key in visited:
            continue
        visited.add(node.key)
        for inner in _walk(node):
            for ref in _refs_of(inner):
                target = _resolve(doc, inner, ref)
                if target is None:
                    continue
                if target.source is doc.root:
                    tokens = target.pointer.split("/")
                    if len(tokens) >= 4 and tokens[1] == "components":
                        used.add("/".join(tokens[:4]))
                stack.append(target)
    return used


def _refs_of(node: _Node) -> Iterator[str]:
    value = node.value
    if not isinstance(value, dict):
        return
    if isinstance(value.get("$ref"), str):
        yield value["$ref"]
    mapping = value.get("mapping")
    if isinstance(value.get("propertyName"), str) and isinstance(mapping, dict):
        for target in mapping.values():
            if isinstance(target, str):
                yield target if "#" in target or "/" in target else f"#/components/schemas/{target}"


# --------------------------------------------------------------------------- entry points

_RULE_FUNCTIONS: tuple[Callable[[SpecDocument], Iterable[Diagnostic]], ...] = (
    _ref_rules,
    _operation_id_rules,
    _path_rules,
    _parameter_rules,
    _security_rules,
    _response_rules,
    _schema_rules,
    _example_rules,
    _unused_rules,
)


def rule_diagnostics(doc: SpecDocument) -> list[Diagnostic]:
    """Our own rules (see :data:`RULES`); never fails on JSON-shaped input."""
    found: set[Diagnostic] = set()
    for rule in _RULE_FUNCTIONS:
        found.update(rule(doc))
    return sorted(found)


def lint(doc: SpecDocument) -> list[Diagnostic]:
    """Structure check and our rules, sorted and de-duplicated.

    A structure error at the same place as one of our rules' findings is
    dropped: ours names the fix.
    """
    rules = rule_diagnostics(doc)
    placed = {(d.file, d.pointer) for d in rules}
    placed |= {
        (d.file, d.pointer.removesuffix("/required"))
        for d in rules
        if d.code == "path-param-optional"
    }
    structure = [d for d in structure_diagnostics(doc) if (d.file, d.pointer) not in placed]
    return sorted(set(structure) | set(rules))
