"""A spec's operations, their parameters and security, keyed for comparing; shared with upstream."""

from __future__ import annotations

import re

from generator.compat._view import Located, follow
from generator.errors import escape_pointer
from generator.load import SpecDocument

__all__ = [
    "HTTP_METHODS",
    "operations",
    "parameter_schema",
    "parameters_of",
    "security_alternatives",
]


HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

_TEMPLATE = re.compile(r"\{[^}]*\}")


def operations(doc: SpecDocument) -> dict[tuple[str, str], Located]:
    """Every operation keyed by (method, path with parameter names blanked: ``/a/{}``)."""
    found: dict[tuple[str, str], Located] = {}
    paths = doc.data.get("paths") if isinstance(doc.data, dict) else None
    for path, item in (paths or {}).items():
        located = follow(doc, Located(doc.root, f"/paths/{escape_pointer(path)}", item))
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
            param = follow(doc, Located(operation.source, f"{pointer}/parameters/{index}", raw))
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
