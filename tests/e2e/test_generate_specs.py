"""Specs of every shape generate a package that imports, type-checks, lints and passes its tests.

Each spec under ``tests/specs/generate/`` listed here exercises constructs the refund spec does
not (see its header comment); ``tests.generated_package.prove`` runs the whole chain on it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.generated_package import prove

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
