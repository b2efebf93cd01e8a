"""What the models make of a schema's ``format`` and of OpenAPI 3.0's ``nullable`` in a 3.1
document: datamodel-code-generator's own readings, where they differ from what the package can
hold or from what 3.1 means."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml
from datamodel_code_generator.parser.schema_version import get_data_formats

from generator.load import load_spec
from generator.models import ModelSource, generate_models

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
PACKAGE = "solvimon_client"


def _models(schemas: dict[str, Any], tmp_path: Path) -> ModelSource:
    spec = tmp_path / "spec.yaml"
    document = {
        "openapi": "3.1.0",
        "info": {"title": "models", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    spec.write_text(yaml.safe_dump(document), encoding="utf-8")
    return generate_models(load_spec(spec), PACKAGE, TEMPLATES)


def test_every_format_the_model_generator_knows_needs_only_the_packages_dependencies(
    tmp_path: Path,
) -> None:
    """A schema of each (type, format) datamodel-code-generator maps imports nothing but the
    standard library, pydantic and the package itself (the generated pyproject declares httpx
    and pydantic): `format: ulid` imported python-ulid's `ulid`, and the package failed to
    import (charted's API)."""
    schemas = {
        f"F{index}": {"type": kind, "format": name}
        for index, (kind, name) in enumerate(
            (kind, name)
            for kind, formats in sorted(get_data_formats(is_openapi=True).items())
            for name in sorted(formats)
            if name != "default"
        )
    }
    assert {"ulid", "email", "uuid", "date-time"} <= {s["format"] for s in schemas.values()}
    models = _models(schemas, tmp_path)
    roots = {
        (line.module or name).split(".")[0]
        for section in models.imports
        for line in section
        for name, _ in line.names
    }
    assert {"datetime", "uuid", "pydantic"} <= roots  # the imports are read
    assert roots - set(sys.stdlib_module_names) - {"__future__"} <= {"pydantic", PACKAGE}


def test_nullable_of_openapi_30_admits_no_null_in_a_31_document(tmp_path: Path) -> None:
    """3.1 reads a schema as JSON Schema, which has no ``nullable``: null stays refused, as lint's
    nullable-ignored warning says and the tests' oracle checks. The model generator read it as
    3.0 does, and with a ``oneOf`` beside it named ``str`` twice in the union (StackOne's log
    ``body``, a ``string`` and a ``byte`` alternative), which ruff refuses (PYI016)."""
    body = {
        "oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "string", "format": "byte"}],
        "nullable": True,
    }
    schemas = {
        "Log": {"type": "object", "properties": {"body": body}},
        "Account": {
            "type": "object",
            "required": ["name", "nullable"],
            "properties": {
                "name": {"type": "string", "nullable": True},
                "nullable": {"type": "boolean"},  # a property of that name stays
            },
        },
    }
    code = _models(schemas, tmp_path).code
    assert "\n    body: str | int | None = None\n" in code
    assert "\n    name: str\n" in code
    assert "\n    nullable: bool\n" in code


def test_a_pattern_too_large_for_rusts_engine_is_left_out(tmp_path: Path) -> None:
    """Python's re compiles `^0x[a-fA-F0-9]{262144}$` (the Ethereum Beacon API's blob), but the
    models give a pattern without lookarounds to Rust's engine, whose size limit it exceeds:
    the models module failed to import. The models leave it out (lint warns)."""
    schemas = {
        "Blob": {"type": "string", "pattern": "^0x[a-fA-F0-9]{262144}$"},
        "Root": {"type": "string", "pattern": "^0x[a-fA-F0-9]{4096}$"},
    }
    code = _models(schemas, tmp_path).code
    assert "262144" not in code
    assert "4096" in code
