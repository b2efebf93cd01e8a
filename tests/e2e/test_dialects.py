"""A JSON Schema dialect other than 2020-12 is a located refusal: the models would read its
keywords with 2020-12 meanings (draft-04's boolean ``exclusiveMaximum``)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT, refusal

__all__: list[str] = []

SPECS = ROOT / "tests" / "specs" / "generate"


def test_json_schema_dialects_other_than_2020_12_are_a_located_refusal(tmp_path: Path) -> None:
    located, _ = refusal(SPECS / "dialect-refused.yaml", tmp_path / "out")
    assert located == [
        "tests/specs/generate/dialect-refused.yaml:9:1: error [schema-dialect-unsupported]",
        "tests/specs/generate/dialect-refused.yaml:29:7: error [schema-dialect-unsupported]",
        "tests/specs/generate/dialect-refused.yaml:48:7: error [schema-dialect-unsupported]",
    ]
