"""Run every rule over a document, and lint: the structure check and the rules together."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from generator.errors import Diagnostic
from generator.lint._examples import example_rules
from generator.lint._operations import (
    operation_id_rules,
    parameter_rules,
    path_rules,
    response_rules,
    security_rules,
)
from generator.lint._refs import ref_rules
from generator.lint._schemas import schema_rules
from generator.lint._structure import structure_diagnostics
from generator.lint._unused import unused_rules
from generator.load import SpecDocument

__all__ = ["lint", "rule_diagnostics"]


_RULE_FUNCTIONS: tuple[Callable[[SpecDocument], Iterable[Diagnostic]], ...] = (
    ref_rules,
    operation_id_rules,
    path_rules,
    parameter_rules,
    security_rules,
    response_rules,
    schema_rules,
    example_rules,
    unused_rules,
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
