"""Classify the changes between two versions of the spec by their effect on code using the client.

Every change gets a stable rule id (``RULES``) and one of three classes, read from the
point of view of code written against the generated client:

* **breaking** - such code may stop working: an operation, parameter, response field,
  public model, server or auth scheme removed; something the client sends made
  stricter (a new required parameter or field, an enum value removed, a type narrowed,
  a field made non-nullable or readOnly, a limit such as maxLength tightened);
  something the client reads made looser (a response field removed, made optional,
  nullable or writeOnly, its type widened or given another alternative, a limit
  loosened: the models validate responses, so old clients would refuse the new values);
  credentials needed where none were, or one way to authenticate removed.
* **compatible** - changes existing code does not notice: a new operation, optional
  parameter or field, response field, response enum value (the client's enums are
  forward compatible: unknown values still parse), response status, auth alternative,
  server or model; the reverse of the breaking limits and flags; a media type the client
  neither sends nor reads; an operation that no longer needs credentials; a deprecation.
* **patch** - documentation only: description, summary, title, example(s), external
  docs and ``x-`` extensions (except ``x-method-name``, ``x-name`` and
  ``x-client-default``, which name things in the client: changing them is breaking);
  and ``other-change``, listed for every changed place no finding covers (also next to
  other findings).

Direction matters: request parameters and bodies are written by the client, response
bodies are read by it, so the same edit (say "field made nullable") is compatible on one
side and breaking on the other. A response enum value *removed* is classed breaking:
the generated enum loses that member, so code naming it fails. The README's rule table
gives the reason for each rule. Only OpenAPI 3.1.x is compared (``openapi-version``
refusal otherwise, as ``validate``).

The bump a set of changes needs follows semantic versioning: breaking -> major,
compatible -> minor, patch -> patch. **0.x convention:** while the major version is 0
the API is not stable, so everything shifts down one place: a breaking change needs a
minor bump (0.3.1 -> 0.4.0) and a compatible addition or a documentation change a patch
bump (0.3.1 -> 0.3.2). Going to 1.0.0 satisfies any requirement.

Schemas are compared resolved: ``$ref`` is followed (recursive schemas are guarded by a
visited set), ``allOf`` is merged, and OpenAPI 3.1 nullability (``type: [x, "null"]``,
``anyOf``/``oneOf`` with ``{type: "null"}``) is read as one flag. Changes found inside a
shared component are reported once, at the component's own JSON pointer.

Modules, in import order (each imports only those above it): ``_rules`` (the rule ids),
``_report`` (Change, CompatReport, the bump), ``_limits`` (which way a validation keyword
moved), ``_view`` (resolved schema views), ``_unexplained`` (every changed place, for
``other-change``), ``_operations`` (operations, parameters, security), ``_differ`` (the
comparison), ``_gitref`` (the spec at a git ref).
"""

from __future__ import annotations

from generator.compat._differ import diff_specs
from generator.compat._gitref import spec_at_ref
from generator.compat._operations import (
    HTTP_METHODS,
    operations,
    parameter_schema,
    parameters_of,
    security_alternatives,
)
from generator.compat._report import Bump, Change, CompatReport, bump_problem
from generator.compat._rules import RULES, ChangeSeverity
from generator.compat._view import Located, SchemaView, view_schema

__all__ = [
    "HTTP_METHODS",
    "RULES",
    "Bump",
    "Change",
    "ChangeSeverity",
    "CompatReport",
    "Located",
    "SchemaView",
    "bump_problem",
    "diff_specs",
    "operations",
    "parameter_schema",
    "parameters_of",
    "security_alternatives",
    "spec_at_ref",
    "view_schema",
]
