"""The rule on components that nothing outside components refers to (a warning)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.errors import Diagnostic, Severity, escape_pointer
from generator.lint._parts import security_requirements
from generator.lint._walk import Node, diag, resolve, root_node, walk
from generator.load import SpecDocument
from generator.shapes import polymorphic_bases

__all__ = ["unused_rules"]


def unused_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """component-unused: a component that nothing outside components reaches."""
    root = root_node(doc)
    components = root.child("components")
    if components is None or not isinstance(root.value, dict):
        return
    used = _reachable(doc, [child for key, child in root.items() if key != "components"])
    for requirement in security_requirements(doc):
        used.update(f"/components/securitySchemes/{escape_pointer(k)}" for k in requirement.value)
    for kind, group in components.items():
        for name, node in group.items():
            if node.pointer not in used and not kind.startswith("x-"):
                named = kind == "securitySchemes"  # by its name in a requirement, not by $ref
                yield diag(
                    doc, node, "component-unused",
                    f"components/{kind}/{name} is never "
                    + ("named in a security requirement" if named else "referenced"),
                    f"name it in a `security` requirement (`- {name}: []`), or remove it"
                    if named
                    else "refer to it with $ref, or remove it",
                    Severity.WARNING,
                )


def _reachable(doc: SpecDocument, starts: list[Node]) -> set[str]:
    """Pointers ``/components/KIND/NAME`` of the root file that ``starts`` reach via $ref, or
    as a subtype of a discriminated base they reach (``shapes.polymorphic_bases``: a ``Pet``
    response is a ``Cat | Dog``)."""
    components = root_node(doc).child("components")
    schemas = components.child("schemas") if components is not None else None
    subtypes: dict[str, list[Node]] = {
        f"/components/schemas/{escape_pointer(base)}": [
            node for name in names if schemas and (node := schemas.child(name)) is not None
        ]
        for base, names in polymorphic_bases(doc.root.data).items()
    }
    used: set[str] = set()
    visited: set[tuple[str, str]] = set()
    stack = list(starts)
    while stack:
        node = stack.pop()
        if node.key in visited:
            continue
        visited.add(node.key)
        for inner in walk(node):
            for ref in _refs_of(inner):
                target = resolve(doc, inner, ref)
                if target is None:
                    continue
                if target.source is doc.root:
                    tokens = target.pointer.split("/")
                    if len(tokens) >= 4 and tokens[1] == "components":
                        used.add("/".join(tokens[:4]))
                    for subtype in subtypes.get(target.pointer, ()):
                        used.add(subtype.pointer)
                        stack.append(subtype)
                stack.append(target)
    return used


def _refs_of(node: Node) -> Iterator[str]:
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
