"""Documentation rules (off by default): contact, license, operation descriptions."""

from __future__ import annotations

from collections.abc import Iterator

from generator.errors import Diagnostic
from generator.lint._parts import operations
from generator.lint._walk import diag, root_node
from generator.load import SpecDocument

__all__ = ["documentation_rules"]


def documentation_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """info-contact, info-license and operation-description."""
    info = root_node(doc).child("info")
    if info is not None and isinstance(info.value, dict):
        if "contact" not in info.value:
            yield diag(doc, info, "info-contact", "`info` has no `contact`",
                       "add `contact: {name: ..., email: ...}` so users know whom to ask")
        if "license" not in info.value:
            yield diag(doc, info, "info-license", "`info` has no `license`",
                       "add `license: {name: ..., identifier: ...}`")
    for operation in operations(doc):
        value = operation.node.value
        if not value.get("description") and not value.get("summary"):
            yield diag(
                doc, operation.node, "operation-description",
                f"{operation.method.upper()} {operation.path} has no description or summary",
                "add `description:`; it becomes the method's docstring",
            )
