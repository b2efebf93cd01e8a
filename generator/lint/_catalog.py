"""The rule ids lint reports, each with the line that documents it."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["LOADER_RULES", "RULES"]


LOADER_RULES: Mapping[str, str] = {
    "file-not-found": "the spec file does not exist",
    "file-unreadable": "the spec path is a directory or cannot be read",
    "encoding": "the file is not valid UTF-8",
    "empty-file": "the file is empty",
    "yaml-syntax": "the YAML (or JSON) is malformed",
    "yaml-duplicate-key": "a mapping repeats a key",
    "yaml-key": "a mapping key is not a plain scalar",
    "yaml-tag": "a YAML tag other than the core schema's",
    "yaml-alias": "an alias names an anchor that is not complete",
    "yaml-alias-bomb": "aliases expand to too many nodes (billion laughs)",
    "yaml-depth": "the document nests deeper than 200 levels",
    "yaml-multiple-documents": "the file holds more than one YAML document",
}
"""Rule ids the strict loader (generator/load.py) reports, with their doc line."""

RULES: Mapping[str, str] = {
    "openapi-version": "the `openapi` field is 3.1.x (3.0, 2.0 and 4.x are refused)",
    "openapi-schema": "the document matches the OpenAPI 3.1 schema (openapi-spec-validator)",
    "ref-remote": "a `$ref` names an http(s) URL; remote references are never fetched",
    "ref-unresolved": "every `$ref` resolves, within the file or to a relative file",
    "ref-cycle": "a `$ref` chain that only refers to itself",
    "operation-id-missing": "an operation (not a webhook) has no operationId: its method name is "
    "derived (warning)",
    "operation-id-invalid": "an operationId is usable as a Python method name",
    "operation-id-duplicate": "operationIds are unique, also once turned into Python names",
    "path-param-undeclared": "every `{variable}` in a path is declared as an `in: path` parameter",
    "path-param-unused": "every `in: path` parameter appears in the path template",
    "path-param-optional": "path parameters are `required: true`",
    "path-duplicate": "two path templates that differ only in variable names",
    "parameter-duplicate": "a parameter (name, in) is listed once per operation or path",
    "security-undefined": "security requirements name schemes in components/securitySchemes",
    "response-no-schema": "a 2xx response with JSON content has a schema (binary needs none)",
    "response-unexpected-content": "204, 205 and 304 responses have no content",
    "example-invalid": "examples validate against their schema (warning: examples are "
    "documentation)",
    "default-invalid": "a schema's `default` validates against the schema (a parameter's: "
    "warning, left out of the code)",
    "enum-empty": "an `enum` lists at least one value",
    "enum-duplicate": "an `enum` lists each value once",
    "name-collision": "names that become the same Python class, field or argument name",
    "component-unused": "a component is referenced from paths, webhooks or security (warning)",
}
"""Our rule ids with their doc line (the README lists them)."""
