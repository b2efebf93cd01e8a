"""Specs of every shape generate a package that imports, type-checks, lints and passes its tests.

Each spec under ``tests/specs/generate/`` listed here exercises constructs the refund spec does
not (see its header comment); ``tests.generated_package.prove`` runs the whole chain on it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.generated_package import check_imports, check_mypy, check_ruff, generate_only, prove

SPECS = ROOT / "tests" / "specs" / "generate"


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        "enum-types",
        "security-compositions",
        "parameters-naming",
    ],
)
def test_generated_package_works(name: str, tmp_path: Path) -> None:
    prove(SPECS / f"{name}.yaml", tmp_path / "out")


def test_invalid_parameter_defaults_are_warned_about_and_left_out(tmp_path: Path) -> None:
    # Not the generated tests: their oracle (openapi-core) refuses to load a spec whose
    # defaults do not match their schemas, which is what this spec is about.
    generated = generate_only(SPECS / "defaults-invalid.yaml", tmp_path / "out")
    check_imports(generated)
    check_mypy(generated)
    check_ruff(generated)
    warnings = [line for line in generated.stderr.splitlines() if "[default-invalid]" in line]
    assert len(warnings) == 2, generated.stderr
    assert all("left out of the generated code" in line for line in warnings)
    source = (generated.package_dir / "resources" / "default.py").read_text(encoding="utf-8")
    assert "        id: str | NotGiven = NOT_GIVEN," in source
    assert "        n: int | NotGiven = NOT_GIVEN," in source
    assert "        m: int = 3," in source


def test_non_json_bodies_are_a_located_refusal_never_a_silent_drop(tmp_path: Path) -> None:
    spec = SPECS / "non-json-refused.yaml"
    assert run_cli(["validate", "--spec", spec]).returncode == 0
    result = run_cli(["generate", "--spec", spec, "--out", tmp_path / "out"])
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    refusals = [line for line in result.stderr.splitlines() if "[media-type-unsupported]" in line]
    assert [line.split(" /", 1)[0] for line in refusals] == [
        "tests/specs/generate/non-json-refused.yaml:13:11: error [media-type-unsupported]",
        "tests/specs/generate/non-json-refused.yaml:19:9: error [media-type-unsupported]",
    ], result.stderr
    assert "image/png" in refusals[0] and "multipart/form-data" in refusals[1]
    assert not (tmp_path / "out").exists()
