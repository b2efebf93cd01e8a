"""Run every rule over a document, and lint: the structure check and the rules together."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from generator.errors import Diagnostic, Severity
from generator.lint._allof import allof_rules
from generator.lint._catalog import DEFAULT_SEVERITY, Setting
from generator.lint._docs import documentation_rules
from generator.lint._examples import example_rules
from generator.lint._operations import (
    body_alternative_rules,
    empty_body_rules,
    media_type_rules,
    operation_id_rules,
    parameter_rules,
    part_header_rules,
    path_rules,
    path_shape_rules,
    response_rules,
    security_rules,
)
from generator.lint._refs import ref_rules
from generator.lint._schemas import schema_rules
from generator.lint._servers import server_rules
from generator.lint._structure import structure_diagnostics
from generator.lint._unused import unused_rules
from generator.load import SpecDocument

__all__ = ["lint", "rule_diagnostics"]


_RULE_FUNCTIONS: tuple[Callable[[SpecDocument], Iterable[Diagnostic]], ...] = (
    ref_rules,
    operation_id_rules,
    path_rules,
    path_shape_rules,
    server_rules,
    parameter_rules,
    security_rules,
    response_rules,
    media_type_rules,
    empty_body_rules,
    part_header_rules,
    body_alternative_rules,
    schema_rules,
    allof_rules,
    example_rules,
    unused_rules,
    documentation_rules,
)


def rule_diagnostics(doc: SpecDocument) -> list[Diagnostic]:
    """Our own rules (see :data:`RULES`); never fails on JSON-shaped input."""
    found: set[Diagnostic] = set()
    for rule in _RULE_FUNCTIONS:
        found.update(rule(doc))
    return sorted(found)


def lint(doc: SpecDocument, settings: Mapping[str, Setting] | None = None) -> list[Diagnostic]:
    """Structure check and our rules, sorted and de-duplicated, each at its severity.

    A structure error at the same place as one of our rules' errors is dropped: ours names
    the fix (even when ``settings`` relax it). A rule that only warns by default (an unused
    component) names no fix for it, and drops nothing. ``settings``
    (``[tool.generator.rules]``, checked by :func:`check_settings`) overrides
    :data:`DEFAULT_SEVERITY`; a rule set to ``off`` is not reported.
    """
    chosen = {**DEFAULT_SEVERITY, **(settings or {})}

    def level(d: Diagnostic) -> str:
        return chosen.get(d.code, "error")

    rules = [
        d._replace(severity=Severity(level(d))) for d in rule_diagnostics(doc) if level(d) != "off"
    ]
    placed = {(d.file, d.pointer) for d in rules if DEFAULT_SEVERITY.get(d.code) != "warning"}
    placed |= {
        (d.file, d.pointer.removesuffix("/required"))
        for d in rules
        if d.code == "path-param-optional"
    }
    structure = [
        d._replace(severity=Severity(level(d)))
        for d in structure_diagnostics(doc)
        if level(d) != "off" and (d.file, d.pointer) not in placed
    ]
    return sorted(set(structure) | set(rules))
