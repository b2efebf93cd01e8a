"""JSON Schema dialects the generator does not model: not a lint rule (the document is valid),
a refusal the IR adds when it builds a client."""

from __future__ import annotations

from generator.errors import Diagnostic
from generator.lint._parts import all_schemas
from generator.lint._walk import diag, root_node
from generator.load import SpecDocument
from generator.shapes import DRAFT_2020_12, dialect_uri

__all__ = ["dialect_refusals"]

_DIALECTS = frozenset(
    {
        "https://spec.openapis.org/oas/3.1/dialect/base",
        DRAFT_2020_12,
    }
)
"""The JSON Schema dialects the models follow: OpenAPI 3.1's default and its JSON Schema draft."""


def dialect_refusals(document: SpecDocument) -> list[Diagnostic]:
    """``jsonSchemaDialect``, or the ``$schema`` of a component schema (a model), naming another
    dialect (draft-04's boolean ``exclusiveMaximum``, ...): the models would read its keywords
    with 2020-12 meanings. A parameter's schema may declare one: the client checks only its
    type, and the generated tests validate their samples in the schema's own dialect."""

    def other(uri: object) -> bool:
        return dialect_uri(uri) not in _DIALECTS

    found = []
    dialect = root_node(document).child("jsonSchemaDialect")
    if dialect is not None and other(dialect.value):
        found.append(dialect)
    found.extend(
        declared
        for schema in all_schemas(document)
        if schema.pointer.startswith("/components/schemas/")
        and (declared := schema.child("$schema")) is not None
        and other(declared.value)
    )
    return [
        diag(
            document,
            node,
            "schema-dialect-unsupported",
            f"the JSON Schema dialect {node.value!r} is not supported: the models follow "
            "JSON Schema 2020-12, OpenAPI 3.1's default",
            "write the schema in JSON Schema 2020-12 and drop the dialect declaration",
        )
        for node in found
    ]
