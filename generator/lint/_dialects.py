"""JSON Schema dialects the generator does not model: not a lint rule (the document is valid),
a refusal the IR adds when it builds a client."""

from __future__ import annotations

from generator.errors import Diagnostic
from generator.lint._parts import all_schemas
from generator.lint._walk import Node, diag, root_node
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


_DRAFTS = frozenset(
    f"https://json-schema.org/{name}/schema"
    for name in ("draft-04", "draft-06", "draft-07", "draft/2019-09")
)
"""The earlier JSON Schema drafts: a schema that uses none of ``_CHANGED`` means the same in
2020-12 (a JSON Schema pasted into components with its draft-07 ``$schema``)."""

_CHANGED = frozenset(
    {"additionalItems", "dependencies", "id", "$recursiveRef", "$recursiveAnchor"}
)
"""Keywords an earlier draft reads otherwise than 2020-12 (or that 2020-12 does not know);
so are ``items`` as a list (a tuple) and a boolean ``exclusiveMaximum``/``exclusiveMinimum``
(draft-04's flag)."""


def dialect_refusals(document: SpecDocument) -> list[Diagnostic]:
    """``jsonSchemaDialect``, or the ``$schema`` of a component schema (a model), naming another
    dialect: the models read its keywords with 2020-12 meanings. An earlier draft's is accepted
    where the schema and those inside it use no keyword that draft reads otherwise (draft-04's
    boolean ``exclusiveMaximum``, draft-07's list of ``items``, ...). A parameter's schema may
    declare any: the client checks only its type, and the generated tests validate their
    samples in the schema's own dialect."""

    def other(uri: object) -> bool:
        return dialect_uri(uri) not in _DIALECTS

    schemas = list(all_schemas(document))
    found = []
    dialect = root_node(document).child("jsonSchemaDialect")
    if dialect is not None and other(dialect.value):
        found.append(dialect)
    found.extend(
        declared
        for schema in schemas
        if schema.pointer.startswith("/components/schemas/")
        and (declared := schema.child("$schema")) is not None
        and other(declared.value)
        and not (dialect_uri(declared.value) in _DRAFTS and _same_in_2020_12(schema, schemas))
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


def _same_in_2020_12(schema: Node, schemas: list[Node]) -> bool:
    """``schema`` and every schema inside it use no keyword an earlier draft reads otherwise."""
    inside = schema.pointer + "/"
    for node in schemas:
        if node is not schema and not node.pointer.startswith(inside):
            continue
        value = node.value
        if _CHANGED & value.keys() or isinstance(value.get("items"), list):
            return False
        if any(isinstance(value.get(k), bool) for k in ("exclusiveMaximum", "exclusiveMinimum")):
            return False
    return True
