"""Rules per operation: operationIds, path templates, parameters, security and responses."""

from __future__ import annotations

import re
from collections.abc import Iterator

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
from generator.load import SpecDocument
from generator.names import identifier, parameter_names

__all__ = [
    "operation_id_rules",
    "parameter_rules",
    "path_rules",
    "response_rules",
    "security_rules",
]


_NO_BODY_STATUS = frozenset({"204", "205", "304"})
_OPERATION_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_TEMPLATE_VAR = re.compile(r"\{([^{}/]*)\}")


def operation_id_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """operation-id-missing, operation-id-invalid and operation-id-duplicate."""
    seen: dict[str, Node] = {}
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
        if not isinstance(op_id, str) or not _OPERATION_ID.match(op_id):
            yield diag(
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
        yield diag(
            doc, node, "operation-id-duplicate",
            f"operationId {op_id!r} of {where} {same} the operationId at {describe(doc, first)} "
            f"(line {first.source.locate(first.pointer)[0]})",
            "give each operation its own operationId",
        )


def path_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """path-duplicate, then each operation's path-param-* rules."""
    shapes = repeats(path_items(doc), lambda entry: _TEMPLATE_VAR.sub("{}", entry[0]))
    for (path, item), (first, _), _ in shapes:
        if first != path:  # the same template under paths and webhooks
            yield diag(
                doc, item, "path-duplicate",
                f"path {path!r} matches the same URLs as {first!r}",
                "merge the two paths; only the variable names differ",
            )
    for operation in operations(doc):
        yield from _path_params(doc, operation)


def _path_params(doc: SpecDocument, operation: Operation) -> Iterator[Diagnostic]:
    where = f"{operation.method.upper()} {operation.path}"
    variables = _TEMPLATE_VAR.findall(operation.path)
    params = effective_parameters(doc, operation)
    declared = {node.value["name"]: node for (kind, _), node in params.items() if kind == "path"}
    for variable in variables:
        if variable not in declared:
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
    """parameter-duplicate in each list, then each operation's argument name-collision."""
    for params in parameter_lists(doc):
        listed = repeats(parameters(doc, params), lambda entry: parameter_key(entry[1]))
        for (entry, param), (first, _), _ in listed:
            yield diag(
                doc, entry, "parameter-duplicate",
                f"{_parameter(param)} is listed twice (first at {first.pointer})",
                "remove one of them",
            )
    for operation in operations(doc):
        yield from _argument_collisions(doc, operation)


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
    """security-undefined: a requirement names a scheme that is not defined."""
    components = root_node(doc).child("components")
    schemes_node = components.child("securitySchemes") if components is not None else None
    schemes = [k for k, _ in schemes_node.items()] if schemes_node is not None else []
    for requirement in security_requirements(doc):
        for name, node in requirement.items():
            if name not in schemes:
                yield diag(
                    doc, node, "security-undefined",
                    f"security requirement names the scheme {name!r}, which is not defined",
                    did_you_mean(
                        name, schemes, f"define it under components/securitySchemes/{name}"
                    ),
                )


def response_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """response-unexpected-content and response-no-schema."""
    for operation in operations(doc):
        responses = operation.node.child("responses")
        if responses is None:
            continue
        for status, entry in responses.items():
            response = deref(doc, entry)
            content = response.child("content")
            if content is None or not isinstance(content.value, dict) or not content.value:
                continue
            where = f"{operation.method.upper()} {operation.path} response {status}"
            if status in _NO_BODY_STATUS:
                yield diag(
                    doc, content, "response-unexpected-content",
                    f"{where} declares content, but a {status} response has no body",
                    f"remove `content` or use another status than {status}",
                )
            elif status.startswith("2") and len(status) == 3:
                for media_type, media in content.items():
                    json = media_type == "application/json" or media_type.endswith("+json")
                    # A binary or text body (audio/wav) needs no schema: it is its bytes.
                    if json and isinstance(media.value, dict) and "schema" not in media.value:
                        yield diag(
                            doc, media, "response-no-schema",
                            f"{where} ({media_type}) has no schema, so it cannot be parsed",
                            "add `schema:` (e.g. `$ref: '#/components/schemas/...'`)",
                        )
