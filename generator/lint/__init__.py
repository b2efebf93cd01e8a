"""Lint the spec: the OpenAPI 3.1 schema (openapi-spec-validator), then our own rules.

Each finding is a :class:`Diagnostic` with a stable rule id from :data:`RULES`,
placed at the JSON pointer (and so the line) of the thing it names. The rules
read a possibly broken document: each one skips what it cannot read instead of
failing, because the structure check may already have reported it.

Modules, in import order (each imports only those above it): ``_catalog`` (the rule
ids), ``_structure`` (version and schema check), ``_walk`` (located nodes, ``$ref``
following), ``_parts`` (operations, parameters, schemas of a spec), one module per
group of rules (``_refs``, ``_operations``, ``_servers``, ``_schemas``, ``_examples``,
``_unused``, ``_docs``), ``_dialects`` (what the IR refuses of a valid document)
and ``_run`` (every rule, and lint itself).
"""

from __future__ import annotations

from generator.lint._catalog import (
    DEFAULT_SEVERITY,
    GENERATOR_RULES,
    LOADER_RULES,
    RELAXABLE,
    RULES,
    Setting,
    check_settings,
)
from generator.lint._dialects import dialect_refusals
from generator.lint._examples import invalid_defaults
from generator.lint._operations import NO_BODY_STATUS
from generator.lint._run import lint, rule_diagnostics
from generator.lint._structure import structure_diagnostics

__all__ = [
    "DEFAULT_SEVERITY",
    "GENERATOR_RULES",
    "LOADER_RULES",
    "NO_BODY_STATUS",
    "RELAXABLE",
    "RULES",
    "Setting",
    "check_settings",
    "dialect_refusals",
    "invalid_defaults",
    "lint",
    "rule_diagnostics",
    "structure_diagnostics",
]
