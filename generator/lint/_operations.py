"""Rules per operation: operationIds, path templates, parameters, security and responses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from generator.errors import Diagnostic, Severity
from generator.lint._parts import (
    Operation,
    effective_parameters,
    operations,
    parameter_key,
    parameter_lists,
    parameters,
    path_items,
    security_requirements,
    value_holders,
)
from generator.lint._walk import (
    Node,
    deref,
    describe,
    diag,
    did_you_mean,
    nearest,
    repeats,
    root_node,
)
from generator.load import SpecDocument, iter_pointer
from generator.names import (
    identifier,
    ignored_header,
    method_name,
    method_names,
    nameable,
    parameter_names,
)
from generator.shapes import is_binary_string, is_json_media

__all__ = [
    "NO_BODY_STATUS",
    "body_alternative_rules",
    "operation_id_rules",
    "parameter_rules",
    "part_header_rules",
    "path_rules",
    "path_shape_rules",
    "response_rules",
    "security_rules",
]


NO_BODY_STATUS = frozenset({"204", "205", "304"})
"""Statuses whose responses have no body: content they declare is ignored."""
_TEMPLATE_VAR = re.compile(r"\{([^{}/]*)\}")


def operation_id_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """operation-id-missing, operation-id-invalid, operation-id-duplicate and
    operation-id-renamed."""
    seen: dict[str, Node] = {}
    seen_ids: dict[str, Node] = {}
    called = [operation for operation in operations(doc) if not operation.webhook]
    unique = dict(
        zip(
            [(operation.path, operation.method) for operation in called],
            method_names(
                (
                    operation.node.value.get("operationId"),
                    operation.node.value.get("x-method-name"),
                    operation.method,
                    operation.path,
                )
                for operation in called
            ),
            strict=True,
        )
    )
    for operation in operations(doc):
        where = f"{operation.method.upper()} {operation.path}"
        suggestion = identifier(f"{operation.method}_{operation.path}")
        node = operation.node.child("operationId")
        if node is None and operation.webhook:
            continue  # a webhook is received, not called: no method is named after it
        if node is None:
            named = (
                "x-method-name names the Python method"
                if isinstance(operation.node.value.get("x-method-name"), str)
                else f"the Python method is named {suggestion!r}, from the method and path"
            )
            yield diag(
                doc, operation.node, "operation-id-missing",
                f"{where} has no operationId; {named}",
                "add `operationId: ...` so the name does not change when the path does",
                Severity.WARNING,
            )
            continue
        op_id = node.value
        if not isinstance(op_id, str):
            continue  # the structure check reports it
        x_method_name = operation.node.value.get("x-method-name")
        if not isinstance(x_method_name, str) and not nameable(op_id):
            yield diag(
                doc, node, "operation-id-invalid",
                f"operationId {op_id!r} of {where} gives no Python method name (snake-cased, "
                "it must start with an ASCII letter, and not be a UUID); the method is named "
                f"{suggestion!r}, from the method and path",
                "use an operationId with letters, or set `x-method-name`",
                Severity.WARNING,
            )
        name = method_name(op_id, x_method_name, operation.method, operation.path)
        first = seen_ids.get(op_id) or seen.get(name)
        if first is None:
            seen_ids[op_id] = seen[name] = node
            continue
        line = first.source.locate(first.pointer)[0]
        at = f"the operationId at {describe(doc, first)} (line {line})"
        own = unique.get((operation.path, operation.method), name)
        if first.value != op_id and own != name:  # told apart: a warning, saying how
            seen_ids[op_id] = node
            yield diag(
                doc, node, "operation-id-renamed",
                f"operationId {op_id!r} of {where} becomes the Python name {name!r}, as {at} "
                f"does: its method is named {own!r}",
                "give it an operationId of its own words, or set `x-method-name`",
                Severity.WARNING,
            )
            continue
        same = "is also" if first.value == op_id else f"becomes the same Python name {name!r} as"
        yield diag(
            doc, node, "operation-id-duplicate",
            f"operationId {op_id!r} of {where} {same} {at}",
            "give each operation its own operationId (or its own `x-method-name`)",
        )


def path_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """path-duplicate, then each operation's path-param-* rules."""
    shapes = repeats(path_items(doc), lambda entry: _TEMPLATE_VAR.sub("{}", entry[0]))
    for (path, item), (first, _), _ in shapes:
        if first != path:  # the same template under paths and webhooks
            yield diag(
                doc, item, "path-duplicate",
                f"path {path!r} matches the same URLs as {first!r}",
                "merge the two paths, only the variable names differ (when their methods "
                'differ, `path-duplicate = "warning"` in [tool.generator.rules] accepts them)',
            )
    for operation in operations(doc):
        if not operation.webhook:  # a webhook's key is a name (`{dataType}.write`), no path
            yield from _path_params(doc, operation)


def _path_params(doc: SpecDocument, operation: Operation) -> Iterator[Diagnostic]:
    where = f"{operation.method.upper()} {operation.path}"
    variables = _TEMPLATE_VAR.findall(operation.path)
    params = effective_parameters(doc, operation)
    declared = {node.value["name"]: node for (kind, _), node in params.items() if kind == "path"}
    for variable in variables:
        if variable and variable not in declared:  # an empty one is path-param-empty
            yield diag(
                doc, operation.node, "path-param-undeclared",
                f"{where}: path variable {{{variable}}} is not declared as a parameter",
                f"add `- {{name: {variable}, in: path, required: true, schema: {{type: string}}}}`"
                + (f" or rename {nearest(variable, declared)!r}" if nearest(variable, declared)
                   else ""),
            )
    for name, node in declared.items():
        if name not in variables:
            yield diag(
                doc, node, "path-param-unused",
                f"{where}: path parameter {name!r} does not appear in the path template",
                did_you_mean(
                    name,
                    [v for v in variables if v not in declared],
                    f"add {{{name}}} to the path or remove it",
                ),
            )
        elif node.value.get("required") is not True:
            required = node.child("required")
            yield diag(
                doc, required or node, "path-param-optional",
                f"{where}: path parameter {name!r} must be required",
                "set `required: true`; a path cannot have a missing segment",
            )


def parameter_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """parameter-duplicate and parameter-ignored in each list, then each operation's argument
    name-collision."""
    for params in parameter_lists(doc):
        for entry, param in parameters(doc, params):
            if ignored_header(param.value["name"], param.value.get("in")):
                yield diag(
                    doc, entry, "parameter-ignored",
                    f"{_parameter(param)} is ignored, as OpenAPI says of an Accept, "
                    "Content-Type or Authorization header parameter: the media types and the "
                    "security schemes say what those headers carry",
                    "remove it (describe the body's media type in `content`, credentials in "
                    "`securitySchemes`)",
                    Severity.WARNING,
                )
        listed = repeats(parameters(doc, params), lambda entry: parameter_key(entry[1]))
        for (entry, param), (first, _), _ in listed:
            yield diag(
                doc, entry, "parameter-duplicate",
                f"{_parameter(param)} is listed twice (first at {first.pointer})",
                "remove one of them",
            )
    for operation in operations(doc):
        yield from _argument_collisions(doc, operation)
        yield from _shared_query_keys(doc, operation)
        yield from _shared_form_keys(doc, operation)


def _shared_query_keys(doc: SpecDocument, operation: Operation) -> Iterator[Diagnostic]:
    """query-key-shared: an object sent exploded into the query writes each property as a key
    of its own, which another query parameter of the operation may send too."""
    if operation.webhook:
        return
    entries = [
        (param, str(param.value["name"]), _exploded_keys(doc, param.value, param.child("schema")))
        for param in effective_parameters(doc, operation).values()
        if param.value.get("in") == "query"
    ]
    yield from _shared_keys(
        doc, operation, entries, "query-key-shared", "parameter", "query key", ""
    )


def _shared_form_keys(doc: SpecDocument, operation: Operation) -> Iterator[Diagnostic]:
    """form-key-shared: the same for a urlencoded body's object field, sent exploded (the
    ``form`` style's default) as one field per property beside the body's other fields."""
    body = operation.node.child("requestBody")
    content = deref(doc, body).child("content") if body is not None else None
    media = content.child("application/x-www-form-urlencoded") if content is not None else None
    if operation.webhook or media is None:
        return
    media = deref(doc, media)
    schema = media.child("schema")
    properties: dict[str, Node] = {}
    for name, prop in _properties(doc, schema, set()) if schema is not None else ():
        properties.setdefault(name, prop)
    encodings = media.value.get("encoding") if isinstance(media.value, dict) else None
    entries = []
    for name, prop in properties.items():
        encoding = encodings.get(name) if isinstance(encodings, dict) else None
        settings = encoding if isinstance(encoding, dict) else {}
        entries.append((prop, name, _exploded_keys(doc, settings, prop)))
    where = ", in the body's `encoding`"
    yield from _shared_keys(
        doc, operation, entries, "form-key-shared", "field", "form field", where
    )


def _shared_keys(
    doc: SpecDocument,
    operation: Operation,
    entries: list[tuple[Node, str, list[str] | None]],
    rule: str,
    kind: str,
    sent_as: str,
    where: str,
) -> Iterator[Diagnostic]:
    """``rule`` at each exploded object of ``entries`` (node, name, its keys; None for a plain
    ``kind`` of value) that sends a key another entry sends too, one ``sent_as`` per key."""
    owners: dict[str, str] = {}
    for _, name, keys in entries:
        if keys is None:
            owners.setdefault(name, f"the {kind} {name!r}")
    for node, name, keys in entries:
        if keys is None:
            continue
        shared = [key for key in keys if key in owners]
        if shared:
            yield diag(
                doc, node, rule,
                f"{operation.method.upper()} {operation.path}: the object {name!r} is sent "
                f"one {sent_as} per property, and "
                + ", ".join(f"{key!r} is also sent by {owners[key]}" for key in shared)
                + ": a server cannot tell them apart",
                f"rename the property or the {kind}, or send the object as `style: "
                f"deepObject` (`{name}[key]=...`{where})",
                Severity.WARNING,
            )
        for key in keys:
            owners.setdefault(key, f"the object {name!r}")


def _exploded_keys(
    doc: SpecDocument, settings: dict[str, object], schema: Node | None
) -> list[str] | None:
    """The property names of a value sent as an exploded object (``form``, the default, as
    ``settings``, a parameter or an Encoding Object, say) of ``schema``; None for any other."""
    style = settings.get("style", "form")
    if style != "form" or not settings.get("explode", True):
        return None
    if schema is None:
        return None
    target = deref(doc, schema).value
    if not isinstance(target, dict) or not ("properties" in target or "allOf" in target):
        return None
    return list(dict.fromkeys(name for name, _ in _properties(doc, schema, set())))


def _properties(
    doc: SpecDocument, schema: Node, seen: set[tuple[str, str]]
) -> Iterator[tuple[str, Node]]:
    """An object's properties, its own then its ``allOf`` parts' (a model's fields with those of
    its bases, as the client sends them); a name may come twice."""
    target = deref(doc, schema)
    if target.key in seen or not isinstance(target.value, dict):
        return
    seen.add(target.key)
    properties = target.child("properties")
    if properties is not None and isinstance(properties.value, dict):
        yield from ((str(name), prop) for name, prop in properties.items())
    parts = target.child("allOf")
    for part in parts.elements() if parts is not None else ():
        yield from _properties(doc, part, seen)


def _argument_collisions(doc: SpecDocument, operation: Operation) -> Iterator[Diagnostic]:
    where = f"{operation.method.upper()} {operation.path}"
    params = list(effective_parameters(doc, operation).values())
    names = parameter_names(
        [
            (
                str(p.value["name"]),
                str(p.value.get("in")),
                p.value["x-py-name"] if isinstance(p.value.get("x-py-name"), str) else None,
            )
            for p in params
        ]
    )
    for node, name in zip(params, names, strict=True):
        if name is None:
            yield diag(
                doc, node, "name-collision",
                f"{where}: {_parameter(node)} becomes the same Python argument as another "
                "parameter of the operation, in the same location",
                "set `x-py-name` on one of them (the wire name stays as it is)",
            )


def _parameter(param: Node) -> str:
    """``query parameter 'name'``: a resolved Parameter object as messages name it."""
    return f"{param.value.get('in')} parameter {param.value['name']!r}"


def security_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """security-undefined, security-scope-undefined and operation-security-missing."""
    components = root_node(doc).child("components")
    schemes_node = components.child("securitySchemes") if components is not None else None
    schemes = dict(schemes_node.items()) if schemes_node is not None else {}
    for requirement in security_requirements(doc):
        for name, node in requirement.items():
            if name not in schemes:
                yield diag(
                    doc, node, "security-undefined",
                    f"security requirement names the scheme {name!r}, which is not defined",
                    did_you_mean(
                        name, list(schemes), f"define it under components/securitySchemes/{name}"
                    ),
                )
            else:
                yield from _scopes(doc, name, deref(doc, schemes[name]), node)
    if not schemes or not isinstance(doc.data, dict) or "security" in doc.data:
        return
    for operation in operations(doc):
        # A webhook is a request the API sends: the client's schemes are not asked of it.
        if "security" not in operation.node.value and not operation.webhook:
            yield diag(
                doc, operation.node, "operation-security-missing",
                f"{operation.method.upper()} {operation.path} names no security requirement, "
                f"while the document defines {len(schemes)} security scheme(s)",
                f"add `security: [{{{next(iter(schemes))}: []}}]` (or a top-level `security:`), "
                "or `security: []` if it is public",
            )


def _scopes(doc: SpecDocument, name: str, scheme: Node, used: Node) -> Iterator[Diagnostic]:
    """security-scope-undefined: an OAuth2 requirement's scopes are defined by some flow."""
    if not isinstance(scheme.value, dict) or scheme.value.get("type") != "oauth2":
        return
    flows = scheme.value.get("flows")
    defined: set[str] = set()
    for flow in flows.values() if isinstance(flows, dict) else ():
        if isinstance(flow, dict) and isinstance(flow.get("scopes"), dict):
            defined.update(flow["scopes"])
    for scope in used.elements():
        if isinstance(scope.value, str) and scope.value not in defined:
            yield diag(
                doc, scope, "security-scope-undefined",
                f"scope {scope.value!r} of the OAuth2 scheme {name!r} is not defined by its flows",
                did_you_mean(
                    scope.value, sorted(defined),
                    f"add it under components/securitySchemes/{name}/flows/*/scopes",
                ),
            )


def response_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """operation-success-response, response-unexpected-content and response-no-schema."""
    for operation in operations(doc):
        responses = operation.node.child("responses")
        if responses is None or not isinstance(responses.value, dict):
            continue
        # `default` stands for every undocumented status, a 2xx too: the client parses a 2xx
        # with it.
        if not any(str(status)[:1] in "23" and len(str(status)) == 3
                   for status in responses.value) and "default" not in responses.value:
            yield diag(
                doc, responses, "operation-success-response",
                f"{operation.method.upper()} {operation.path} documents no 2xx, 3xx or default "
                "response, so the client has no success to return",
                "add the success response, e.g. `'200': {description: ..., content: ...}` "
                "or `'204': {description: ...}`",
            )
        for status, entry in responses.items():
            response = deref(doc, entry)
            content = response.child("content")
            if content is None or not isinstance(content.value, dict) or not content.value:
                continue
            where = f"{operation.method.upper()} {operation.path} response {status}"
            if status in NO_BODY_STATUS:
                yield diag(
                    doc, content, "response-unexpected-content",
                    f"{where} declares content, but a {status} response has no body: the "
                    "client ignores it",
                    f"remove `content` or use another status than {status}",
                )
            elif status.startswith("2") and len(status) == 3:
                for media_type, media in content.items():
                    json = is_json_media(media_type)
                    # A binary or text body (audio/wav) needs no schema: it is its bytes. A
                    # JSON one without is valid OpenAPI: any JSON value, typed `Any`.
                    if json and isinstance(media.value, dict) and "schema" not in media.value:
                        yield diag(
                            doc, media, "response-no-schema",
                            f"{where} ({media_type}) has no schema, so the client returns the "
                            "parsed JSON typed `Any`",
                            "add `schema:` (e.g. `$ref: '#/components/schemas/...'`) to type it",
                        )


_TOKEN = r"(?:\*|[A-Za-z0-9][\w!#$&^.+-]*)"
_MEDIA_TYPE = re.compile(rf"{_TOKEN}/(?:{_TOKEN}|\*\+[A-Za-z0-9][\w.-]*)\s*(;.*)?")
"""A media type or range as RFC 6838 and RFC 9110 spell one: ``type/subtype``, ``image/*``,
``*/*``, parameters after a ``;``; and a range of a structured syntax suffix,
``application/*+json``, which ASP.NET's Swashbuckle lists beside ``application/json``."""


def media_type_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """media-type-invalid: each key of a ``content`` map is a media type or range."""
    for holder in value_holders(doc):
        if not holder.pointer.rpartition("/")[0].endswith("/content"):
            continue  # a parameter or a header, or a file's whole content (a split spec)
        name = list(iter_pointer(holder.pointer))[-1]
        if not _MEDIA_TYPE.fullmatch(name):
            yield diag(
                doc, holder, "media-type-invalid",
                f"{name!r} is no media type (type/subtype, RFC 6838): the client would send it "
                "as the Content-Type, or ask for it in Accept",
                "write the media type the body is in (`application/json`, "
                "`application/vnd.example+json`, `text/plain`)",
            )


def empty_body_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """body-content-empty: a required request body whose ``content`` lists no media type
    (``content: {}``, as some emitters write a body they could not describe)."""
    for operation in operations(doc):
        body = operation.node.child("requestBody")
        resolved = deref(doc, body) if body is not None else None
        content = resolved.child("content") if resolved is not None else None
        if operation.webhook or resolved is None or content is None or content.value != {}:
            continue
        if isinstance(resolved.value, dict) and resolved.value.get("required") is True:
            yield diag(
                doc, content, "body-content-empty",
                f"{operation.method.upper()} {operation.path}: the request body is required, "
                "but `content` lists no media type: the client sends no body",
                "list the media type the server takes (e.g. `application/json: {schema: ...}`), "
                "or make the body optional",
            )


def part_header_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """part-header-ignored, and media-type-unsupported for a required one: the `headers` of a
    request body's Encoding Object, which the client does not send with a form's part."""
    seen: set[str] = set()
    for operation in operations(doc):
        body = operation.node.child("requestBody")
        content = deref(doc, body).child("content") if body is not None else None
        if operation.webhook or content is None or not isinstance(content.value, dict):
            continue  # a webhook's body is parsed, not sent
        for media_type, media in content.items():
            encodings = deref(doc, media).child("encoding")
            if encodings is None or not isinstance(encodings.value, dict):
                continue
            for field_name, entry in encodings.items():
                headers = deref(doc, entry).child("headers")
                if headers is None or headers.pointer in seen:
                    continue  # a shared requestBodies entry: reported once
                seen.add(headers.pointer)
                for name, header in headers.items():
                    yield from _part_header(doc, header, f"{name!r} of the form field "
                                            f"{field_name!r} ({media_type})", name)


def body_alternative_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """body-alternative-ignored: a request body offered as JSON, which the client sends, and
    as a form with a file or as bytes, which it then cannot send (Pulse's `/extract`: a
    multipart upload or a JSON `file_url`; the method took the JSON body only, silently)."""
    seen: set[str] = set()
    for operation in operations(doc):
        body = operation.node.child("requestBody")
        content = deref(doc, body).child("content") if body is not None else None
        if operation.webhook or content is None or not isinstance(content.value, dict):
            continue
        sent = next((str(m) for m in content.value if is_json_media(str(m))), None)
        if sent is None or content.pointer in seen:
            continue
        seen.add(content.pointer)
        for media_type, media in content.items():
            lowered = media_type.lower()
            if is_json_media(media_type) or lowered.startswith("text/") or "*" in lowered:
                continue
            if lowered.startswith("multipart/") or lowered == "application/x-www-form-urlencoded":
                files = _file_fields(doc, deref(doc, media).child("schema"))
                if not files:
                    continue
                what = f"a form with the file field(s) {', '.join(map(repr, files))}"
            else:
                what = "bytes"
            yield diag(
                doc, media, "body-alternative-ignored",
                f"{operation.method.upper()} {operation.path} also takes its body as "
                f"{media_type} ({what}), which the client does not send: it sends {sent}",
                "list the body once, in the media type the client should send (a form with "
                "its files alone, for uploads), or keep both if the JSON body is the one to "
                "send",
                Severity.WARNING,
            )


def _file_fields(doc: SpecDocument, schema: Node | None) -> list[str]:
    """The properties of a form's schema that are files (a binary string, possibly null, or an
    array of them), as the IR reads them."""
    schema = deref(doc, schema) if schema is not None else None
    properties = schema.child("properties") if schema is not None else None
    found = []
    for name, prop in properties.items() if properties is not None else ():
        value = deref(doc, prop).value
        if not isinstance(value, dict):
            continue
        for option in [value, *(value.get("anyOf") or value.get("oneOf") or [])]:
            item = option.get("items") if isinstance(option, dict) else None
            if is_binary_string(option) or is_binary_string(item):
                found.append(name)
    return list(dict.fromkeys(found))


def _part_header(doc: SpecDocument, node: Node, what: str, name: str) -> Iterator[Diagnostic]:
    header = deref(doc, node)
    if name.lower() == "content-type":
        yield diag(
            doc, node, "part-header-ignored",
            f"the part header {what} is ignored, as OpenAPI says: the encoding's `contentType` "
            "gives the part's Content-Type",
            "remove it (set `contentType` in the encoding)",
            Severity.WARNING,
        )
    elif isinstance(header.value, dict) and header.value.get("required") is True:
        yield diag(
            doc, node, "media-type-unsupported",
            f"the part header {what} is required, and the client sends no headers with a "
            "form's parts",
            "make it optional, so that the part is sent without it, or remove it",
        )
    else:
        yield diag(
            doc, node, "part-header-ignored",
            f"the part header {what} is optional, and the client sends no headers with a "
            "form's parts: the part is sent without it",
            "remove it, or keep it as documentation of what a part may carry",
            Severity.WARNING,
        )


def path_shape_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """path-param-empty, path-trailing-slash, path-query-string and path-ambiguous."""
    paths = root_node(doc).child("paths")
    if paths is None:
        return
    templates = [(path, item) for path, item in paths.items() if not path.startswith("x-")]
    for path, item in templates:
        if "{}" in path:
            name = next(n for n in ("id", "key", "part") if f"{{{n}}}" not in path)
            yield diag(
                doc, item, "path-param-empty",
                f"path {path!r} has an empty variable `{{}}`",
                f"name it, e.g. `{{{name}}}`, and declare `- {{name: {name}, in: path, "
                "required: true, schema: {type: string}}`",
            )
        if "?" in path:
            base = path.split("?", 1)[0]
            yield diag(
                doc, item, "path-query-string",
                f"path {path!r} holds a query string; paths cannot carry one",
                f"use the path {base!r} and declare each query item as an `in: query` parameter",
            )
        elif len(path) > 1 and path.endswith("/"):
            yield diag(
                doc, item, "path-trailing-slash",
                f"path {path!r} ends with '/'",
                f"write {path.rstrip('/')!r}, unless the server really needs the slash",
            )
    earlier = _Node()  # the templates before this one, by segment: linear, not every pair
    for index, (path, item) in enumerate(templates):
        segments = path.strip("/").split("/")
        for other_index in sorted(earlier.matching(segments)):
            other = templates[other_index][0]
            if _ambiguous(path, other):
                yield diag(
                    doc, item, "path-ambiguous",
                    f"path {path!r} and path {other!r} can match the same URL",
                    "make one of them literal where the other has a variable, or merge them",
                )
        earlier.add(segments, index)


@dataclass
class _Node:
    """A trie of path templates by segment, every variable one edge (``{}``)."""

    children: dict[str, _Node] = field(default_factory=dict)
    ends: list[int] = field(default_factory=list)
    """The indexes of the templates that end here."""

    def add(self, segments: list[str], index: int) -> None:
        node = self
        for segment in segments:
            node = node.children.setdefault("{}" if _is_variable(segment) else segment, _Node())
        node.ends.append(index)

    def matching(self, segments: list[str], depth: int = 0) -> Iterator[int]:
        """The templates of as many segments that some URL could match together with these:
        at each segment, the same literal or a variable on either side."""
        if depth == len(segments):
            yield from self.ends
            return
        segment = segments[depth]
        keys = self.children if _is_variable(segment) else (segment, "{}")
        for key in keys:
            if key in self.children:
                yield from self.children[key].matching(segments, depth + 1)


def _ambiguous(a: str, b: str) -> bool:
    """Whether two templates with as many segments match some URL both, neither being the more
    literal one (Redocly's no-ambiguous-paths); same-shape pairs are path-duplicate."""
    left, right = a.strip("/").split("/"), b.strip("/").split("/")
    if len(left) != len(right) or _TEMPLATE_VAR.sub("{}", a) == _TEMPLATE_VAR.sub("{}", b):
        return False
    variables = [0, 0]
    for x, y in zip(left, right, strict=True):
        x_var, y_var = _is_variable(x), _is_variable(y)
        variables[0] += x_var
        variables[1] += y_var
        if not (x_var or y_var) and x != y:
            return False
    return variables[0] == variables[1]


def _is_variable(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")
