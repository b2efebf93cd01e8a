"""The rule ids lint reports: the line that documents each, its default severity, and which
ones a project may relax."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Literal, cast

from generator.config import RuleSetting
from generator.errors import Diagnostic, Severity, SpecError

__all__ = [
    "DEFAULT_SEVERITY",
    "GENERATOR_RULES",
    "LOADER_RULES",
    "RELAXABLE",
    "RULES",
    "Setting",
    "check_settings",
]

Setting = Literal["error", "warning", "off"]
"""What ``[tool.generator.rules]`` may set a rule to."""


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
    "yaml-merge": "a merge key `<<` merges a mapping or a list of mappings",
    "yaml-depth": "the document nests deeper than 200 levels",
    "yaml-multiple-documents": "the file holds more than one YAML document",
}
"""Rule ids the strict loader (generator/load.py) reports, with their doc line."""

RULES: Mapping[str, str] = {
    "openapi-version": "the `openapi` field is 3.1.x (3.0, 2.0 and 4.x are refused)",
    "openapi-schema": "the document matches the OpenAPI 3.1 schema (openapi-spec-validator)",
    "ref-sibling-ignored": "a Reference Object outside a schema holds only `$ref`, `summary` and "
    "`description` (warning: OpenAPI says to ignore its other keys, and the generator does)",
    "field-from-3-2-ignored": "a field OpenAPI 3.2 added that changes nothing the client does "
    "(a tag's `parent`, a media type's `description` or `itemSchema`), in a 3.1 document: "
    "ignored (warning; the 3.2 fields that add operations or change a body are `openapi-schema`)",
    "ref-remote": "a `$ref` names an http(s) URL; remote references are never fetched",
    "ref-unresolved": "every `$ref` resolves, within the file or to a relative file",
    "ref-cycle": "a `$ref` chain that only refers to itself",
    "operation-id-missing": "an operation (not a webhook) has no operationId: its method name is "
    "derived (warning)",
    "operation-id-invalid": "an operationId gives a Python method name once snake-cased "
    "(warning: else the method and path name it)",
    "operation-id-duplicate": "operationIds are unique, also once turned into Python names",
    "operation-id-renamed": "operationIds that become the same Python name (FastAPI's "
    "`deploy_list__get` and `deploy_list_get`): each later method is named `<name>_2`, `_3`, ... "
    "(warning)",
    "path-param-undeclared": "every `{variable}` in a path is declared as an `in: path` parameter",
    "path-param-unused": "every `in: path` parameter appears in the path template",
    "path-param-optional": "path parameters are `required: true`",
    "path-duplicate": "two path templates that differ only in variable names (relaxable when "
    "their methods differ: the generator refuses two operations of one method on them)",
    "parameter-duplicate": "a parameter (name, in) is listed once per operation or path",
    "parameter-ignored": "no header parameter named Accept, Content-Type or Authorization "
    "(warning: OpenAPI says to ignore one, and the client does)",
    "body-alternative-ignored": "a request body offered as JSON is not also offered as a form "
    "with files or as bytes (warning: the client sends the JSON body, and cannot send those)",
    "body-content-empty": "a required request body lists a media type in `content` (warning: "
    "with none, the client sends no body, which the server requires)",
    "part-header-ignored": "a form part's `headers` (its Encoding Object's) are optional; the "
    "client sends none (warning: the part is sent without them)",
    "query-key-shared": "an object sent exploded into the query (one key per property) shares "
    "no key with another query parameter of its operation (warning: both are sent as the spec "
    "says, and a server cannot tell them apart)",
    "form-key-shared": "an object field of a urlencoded body sent exploded (one field per "
    "property) shares no field name with another field of the body (warning: both are sent as "
    "the spec says, and a server cannot tell them apart)",
    "security-undefined": "security requirements name schemes in components/securitySchemes",
    "response-no-schema": "a 2xx response with JSON content has a schema (binary needs none; "
    "warning: without, the body is any JSON value, typed `Any`)",
    "media-type-invalid": "each key of a `content` map is a media type or range "
    "(`type/subtype`, `image/*`)",
    "response-unexpected-content": "204, 205 and 304 responses have no content (warning: the "
    "client ignores it; springdoc declares some)",
    "example-invalid": "examples validate against their schema (warning: examples are "
    "documentation)",
    "default-invalid": "a schema's `default` validates against the schema (warning: an invalid "
    "one is left out of the generated code)",
    "schema-type-unknown": "a schema's `type` names JSON Schema types (string, number, integer, "
    "boolean, array, object, null), each once",
    "schema-invalid": "each subschema (a property's, an `allOf`/`oneOf`/`anyOf` member, "
    "`items`, ...) is an object or a boolean, and each keyword's value is of the kind JSON Schema "
    "gives it (`minimum` a number, `maxLength` a non-negative integer, ...)",
    "enum-empty": "an `enum` lists at least one value",
    "enum-duplicate": "an `enum` lists each value once (warning: JSON Schema allows a repeat; "
    "the generated code keeps the value once)",
    "name-collision": "names that become the same Python class or argument name",
    "class-name-taken": "component schemas whose names become the same class name "
    "(`foo_bar`, `fooBar`): the first keeps it, the others get a suffix",
    "component-unused": "a component is referenced from paths, webhooks or security",
    "path-param-empty": "a path template has no empty `{}` variable",
    "path-trailing-slash": "a path template does not end with `/` (`/` itself excepted)",
    "path-query-string": "a path template holds no query string (`?`); use `in: query` parameters",
    "path-ambiguous": "two path templates that can match the same URL (`/a/{x}` and `/{y}/b`)",
    "server-trailing-slash": "a server URL does not end with `/` (joined with a path: `//`)",
    "server-url-scheme-relative": "a server URL names its scheme (`//host/v2` takes the "
    "scheme the document is served with; the client reads it as https)",
    "server-url-path-relative": "a server URL names its scheme or starts with `/` "
    "(`api.example.com` is a path relative to where the document is served; the client reads it "
    "as `/api.example.com`)",
    "server-variable-undefined": "every `{variable}` of a server URL is defined in `variables`",
    "server-variable-default": "a server variable's `default` is one of its `enum` values",
    "operation-success-response": "an operation documents at least one 2xx, 3xx or `default` "
    "response",
    "operation-security-missing": "an operation has security (its own or the document's) "
    "when security schemes exist; `security: []` marks it public",
    "security-scope-undefined": "the OAuth2 scopes a requirement names are defined by the scheme "
    "(warning: they document the token's grant; the client sends the token whatever it allows)",
    "dynamic-ref-unsupported": "a `$dynamicRef` names an anchor one schema declares (a generic "
    "template bound by each use, several `$dynamicAnchor`s of its name, is refused: the models "
    "cannot follow it)",
    "nullable-ignored": "a schema that admits null says so with `type: [..., 'null']` or a "
    "`{type: 'null'}` alternative, not `nullable: true`: OpenAPI 3.0's keyword, which 3.1's JSON "
    "Schema does not know (warning: null stays refused, as 3.1 reads the schema)",
    "array-items-missing": "an array schema says what its items are (`items` or `prefixItems`; "
    "warning: without, they are `Any`)",
    "enum-type-mismatch": "every `enum` value has one of the schema's `type`s (typed-enum; "
    "warning: no value can be one that has not, so the generated code leaves it out)",
    "enum-impossible": "an `enum` holds a value of the schema's `type` (else the schema accepts "
    "nothing)",
    "required-undefined": "`required` names only properties the schema (or its `allOf`) defines "
    "(warning: JSON Schema allows it; the model does not require the undefined key)",
    "array-self-nested": "a schema component is not an array of itself and nothing else (its "
    "values would be lists of lists without end)",
    "pattern-unsupported": "a `pattern` is a regex Rust's regex or Python's re compiles "
    "(pydantic's engines; warning: the models leave it out)",
    "info-contact": "`info.contact` is given (documentation)",
    "info-license": "`info.license` is given (documentation)",
    "operation-description": "every operation has a `description` or `summary` (documentation)",
}
"""Our rule ids with their doc line (the README lists them)."""

GENERATOR_RULES: Mapping[str, str] = {
    "ir": "the spec can be read as a client (a parameter that would shadow a method argument, "
    "two paths that match the same requests)",
    "security-scheme-unsupported": "a security scheme the client can send (not http digest, ...)",
    "security-scheme-connection": "a scheme the connection meets, not a request (mutualTLS; "
    "warning)",
    "parameter-style-unsupported": "a parameter's style serializes its value (one level of "
    "nesting, deepObject for objects)",
    "parameter-content-unsupported": "a parameter described by `content` is JSON",
    "media-type-unsupported": "a body's media type is one the client can send (a form's "
    "fields as it says; not a range alone, `application/*+json`)",
    "servers-override-unsupported": "a path's or operation's `servers` name a host",
    "sample-unavailable": "the generated tests can build a value for each schema they send or "
    "answer with (warning: else they leave the operation out)",
    "default-ignored": "a required parameter has no `default` (warning: the argument is "
    "required, the default left out)",
    "schema-dialect-unsupported": "schemas are JSON Schema 2020-12 (`jsonSchemaDialect`, "
    "`$schema`)",
    "package-version": "`info.version` is a PEP 440 version (warning)",
    "models": "the model generator makes working models of every schema (from `generate`)",
    "allof-conflict": "the `allOf` parts of a schema give a property one type (types no value "
    "has in common: read in the document; Python types one class cannot hold: from `generate`)",
}
"""Rule ids that reading the spec as a client reports (the IR, in ``validate`` too; the models,
in ``generate`` only; ``allof-conflict`` both, and lint where the JSON types tell): what the
generator cannot represent. None is configurable."""

DEFAULT_SEVERITY: Mapping[str, Setting] = {
    **{code: "error" for code in RULES},
    "component-unused": "warning",
    "ref-sibling-ignored": "warning",
    "field-from-3-2-ignored": "warning",
    "operation-id-missing": "warning",
    "operation-id-invalid": "warning",
    "operation-id-renamed": "warning",
    "example-invalid": "warning",
    "default-invalid": "warning",
    "array-items-missing": "warning",
    "nullable-ignored": "warning",
    "required-undefined": "warning",
    "pattern-unsupported": "warning",
    "enum-type-mismatch": "warning",
    "enum-duplicate": "warning",
    "path-trailing-slash": "warning",
    "server-trailing-slash": "warning",
    "server-url-scheme-relative": "warning",
    "server-url-path-relative": "warning",
    "path-ambiguous": "warning",
    "operation-success-response": "warning",
    "response-no-schema": "warning",
    "response-unexpected-content": "warning",
    "parameter-ignored": "warning",
    "body-content-empty": "warning",
    "part-header-ignored": "warning",
    "body-alternative-ignored": "warning",
    "query-key-shared": "warning",
    "form-key-shared": "warning",
    "operation-security-missing": "warning",
    "class-name-taken": "warning",
    "security-scope-undefined": "warning",
    "info-contact": "off",
    "info-license": "off",
    "operation-description": "off",
}
"""Each rule's severity when ``[tool.generator.rules]`` does not set it."""

RELAXABLE: frozenset[str] = frozenset(
    {
        code
        for code, setting in DEFAULT_SEVERITY.items()
        if setting != "error"
    }
    | {
        "example-invalid",
        "server-variable-default",
        "required-undefined",
        "path-duplicate",
    }
)
"""Rules a project may set to ``warning`` or ``off``. The others guard what the generator
relies on (a resolvable, well-formed spec, unique names, declared path parameters): relaxing
them would let ``generate`` write a broken package, so only ``error`` is accepted for them."""


def check_settings(settings: Iterable[RuleSetting]) -> dict[str, Setting]:
    """``[tool.generator.rules]`` as rule id -> setting; SpecError naming each bad entry.

    An unknown id (with the nearest known one), a loader rule (a file that cannot be read
    is never a warning), or a guard rule set below ``error`` is a configuration error.
    """
    chosen: dict[str, Setting] = {}
    problems: list[Diagnostic] = []
    for entry in settings:
        pointer = f"/tool/generator/rules/{entry.rule}"
        problem: tuple[str, str] | None = None
        if entry.rule in LOADER_RULES:
            problem = (
                f"[tool.generator.rules] {entry.rule}: a spec that cannot be read is always "
                "an error", "remove this line",
            )
        elif entry.rule not in RULES:
            near = difflib.get_close_matches(entry.rule, list(RULES), n=1)
            problem = (
                f"[tool.generator.rules] names the unknown rule {entry.rule!r}",
                f"did you mean {near[0]!r}?" if near
                else "see the rule table in README.md (python -m generator validate)",
            )
        elif entry.setting != "error" and entry.rule not in RELAXABLE:
            problem = (
                f"[tool.generator.rules] {entry.rule} = {entry.setting!r}: this rule guards what "
                "the generator relies on, so it is always an error",
                "remove this line, or fix what the rule reports",
            )
        if problem is not None:
            problems.append(
                Diagnostic(entry.file, entry.line, 1, Severity.ERROR, "config", pointer, *problem)
            )
        else:
            chosen[entry.rule] = cast(Setting, entry.setting)
    if problems:
        raise SpecError(problems)
    return chosen
