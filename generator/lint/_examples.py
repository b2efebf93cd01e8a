"""Rules on examples and defaults: each validates against its schema (jsonschema)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from generator.errors import Diagnostic, Severity, escape_pointer
from generator.lint._parts import all_schemas, value_holders
from generator.lint._walk import Node, deref, describe, diag
from generator.load import SpecDocument
from generator.shapes import format_checker, validator_class

__all__ = ["example_rules", "invalid_defaults"]


class _ExampleChecker:
    """Validate example values against schemas, resolving ``$ref`` across the spec's files."""

    def __init__(self, doc: SpecDocument) -> None:
        from referencing import Registry
        from referencing.jsonschema import DRAFT202012

        self._doc = doc
        self._cls = validator_class()
        resources = [
            (path.as_uri(), DRAFT202012.create_resource(source.data))
            for path, source in doc.files.items()
        ]
        self._registry: Any = Registry().with_resources(resources)
        self._formats = format_checker()

    def errors(self, schema: Node, instance: Any) -> list[Any]:
        """The most specific validation errors of ``instance``, or [] when unsure."""
        from jsonschema.exceptions import best_match

        if isinstance(schema.value, bool):
            return [] if schema.value else [None]
        uri = f"{schema.source.path.as_uri()}#{quote(schema.pointer, safe='/')}"
        validator = self._cls({"$ref": uri}, registry=self._registry, format_checker=self._formats)
        try:
            error = best_match(validator.iter_errors(instance))
        except Exception:  # a broken schema: the structure check reports it
            return []
        return [] if error is None else [error]


def example_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """example-invalid and default-invalid: values that do not match their schema."""
    checker: _ExampleChecker | None = None
    defaults: set[tuple[Path, str]] = set()

    def check(schema: Node, example: Node, what: str) -> Iterator[Diagnostic]:
        nonlocal checker
        checker = checker or _ExampleChecker(doc)
        for error in checker.errors(schema, example.value):
            yield _example_diagnostic(doc, schema, example, error, what)

    for holder in value_holders(doc):
        schema = holder.child("schema")
        if schema is None:
            continue
        example = holder.child("example")
        if example is not None:
            yield from check(schema, example, "example")
        examples = holder.child("examples")
        if examples is not None:
            for name, entry in examples.items():
                value = deref(doc, entry).child("value")
                if value is not None:
                    yield from check(schema, value, f"example {name!r}")
    for schema in all_schemas(doc):
        examples = schema.child("examples")
        if examples is not None:
            for item in examples.elements():
                yield from check(schema, item, "schema example")
        example = schema.child("example")
        if example is not None:
            yield from check(schema, example, "schema example")
        default = schema.child("default")
        if default is not None:
            for diagnostic in check(schema, default, "default"):
                defaults.add((schema.source.path, schema.pointer))
                yield diagnostic
    _last_defaults[:] = [(doc, frozenset(defaults))]


_last_defaults: list[tuple[SpecDocument, frozenset[tuple[Path, str]]]] = []
"""The invalid defaults of the document ``example_rules`` last went through, whole: the models
stage asks for the same document's right after lint (about 1 s on the vendor's whole API)."""


def invalid_defaults(doc: SpecDocument) -> frozenset[tuple[Path, str]]:
    """(file, JSON pointer) of every schema whose ``default`` does not match it: the models
    stage leaves these defaults out, as lint's default-invalid warning says."""
    if _last_defaults and _last_defaults[0][0] is doc:
        return _last_defaults[0][1]
    checker: _ExampleChecker | None = None
    found: set[tuple[Path, str]] = set()
    for schema in all_schemas(doc):
        default = schema.child("default")
        if default is not None:
            checker = checker or _ExampleChecker(doc)
            if checker.errors(schema, default.value):
                found.add((schema.source.path, schema.pointer))
    return frozenset(found)


def _example_diagnostic(
    doc: SpecDocument, schema: Node, example: Node, error: Any, what: str
) -> Diagnostic:
    code = "default-invalid" if what == "default" else "example-invalid"
    # Examples are documentation (Spectral and Redocly warn too). An invalid default is left
    # out of the generated code: of a parameter's signature (ir.py), of a model's field
    # (models.py, through invalid_defaults).
    effect = " (left out of the generated code)" if what == "default" else ""
    if error is None:
        return diag(doc, example, code,
                    f"the {what} can never match: the schema is `false`{effect}",
                    "fix the schema or remove the value", Severity.WARNING)
    inner = "".join(f"/{escape_pointer(p)}" for p in error.absolute_path)
    place = f" at {inner}" if inner else ""
    return diag(
        doc, example, code,
        f"the {what} does not match its schema{place}: {error.message}{effect}",
        f"fix the value or the schema ({describe(doc, schema)})",
        Severity.WARNING,
        pointer=example.pointer + inner,
    )
