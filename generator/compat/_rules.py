"""Every compatibility rule id and its class: breaking, compatible or patch."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

__all__ = ["RULES", "ChangeSeverity"]


ChangeSeverity = Literal["breaking", "compatible", "patch"]

RULES: Mapping[str, ChangeSeverity] = {
    # operations
    "operation-removed": "breaking",
    "operation-id-changed": "breaking",
    "operation-tag-changed": "breaking",
    "operation-added": "compatible",
    # parameters (written by the client)
    "parameter-removed": "breaking",
    "parameter-added-required": "breaking",
    "parameter-made-required": "breaking",
    "parameter-default-changed": "breaking",
    "parameter-added-optional": "compatible",
    "parameter-made-optional": "compatible",
    # request bodies and the schemas in them (written by the client)
    "request-body-removed": "breaking",
    "request-body-added-required": "breaking",
    "request-body-made-required": "breaking",
    "request-body-added-optional": "compatible",
    "request-body-made-optional": "compatible",
    "request-field-removed": "breaking",
    "request-field-added-required": "breaking",
    "request-field-made-required": "breaking",
    "request-field-made-non-nullable": "breaking",
    "request-type-changed": "breaking",
    "request-enum-value-removed": "breaking",
    "request-field-added-optional": "compatible",
    "request-field-made-optional": "compatible",
    "request-field-made-nullable": "compatible",
    "request-type-widened": "compatible",
    "request-enum-value-added": "compatible",
    "request-limit-tightened": "breaking",
    "request-limit-loosened": "compatible",
    "request-field-made-read-only": "breaking",
    "request-field-made-writable": "compatible",
    # responses and the schemas in them (read by the client)
    "response-removed": "breaking",
    "response-body-removed": "breaking",
    "response-field-removed": "breaking",
    "response-field-made-optional": "breaking",
    "response-field-made-nullable": "breaking",
    "response-type-changed": "breaking",
    "response-enum-value-removed": "breaking",
    "response-success-added": "breaking",
    "response-added": "compatible",
    "response-body-added": "compatible",
    "response-field-added": "compatible",
    "response-field-made-required": "compatible",
    "response-field-made-non-nullable": "compatible",
    "response-type-narrowed": "compatible",
    "response-enum-value-added": "compatible",
    "response-closed-enum-value-added": "breaking",
    "response-limit-loosened": "breaking",
    "response-limit-tightened": "compatible",
    "response-field-made-write-only": "breaking",
    "response-field-made-readable": "compatible",
    # media types the client neither sends nor reads (it uses application/json, else +json)
    "media-type-added": "compatible",
    "media-type-removed": "compatible",
    # both sides: the Python type of a string changes with its format (str -> datetime)
    "format-changed": "breaking",
    # auth, servers, public models
    "security-alternative-removed": "breaking",
    "security-scheme-removed": "breaking",
    "security-scheme-changed": "breaking",
    "security-requirement-added": "compatible",
    "security-requirement-removed": "compatible",
    "security-scheme-added": "compatible",
    "server-removed": "breaking",
    "server-added": "compatible",
    "schema-removed": "breaking",
    "schema-added": "compatible",
    "deprecation-changed": "compatible",
    # our x- extensions that name things in the client (method, environment, client option)
    "client-name-changed": "breaking",
    # documentation
    "documentation-changed": "patch",
    "other-change": "patch",
}
"""Every rule id and its class. Ids are stable: tests and CI output refer to them."""
