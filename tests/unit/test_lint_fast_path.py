"""The structure check's fast path: jsonschema-rs may only ever skip work, never a finding.

``structure_diagnostics`` returns no finding when jsonschema-rs finds the document valid, and
asks jsonschema otherwise. That is only right if "valid for jsonschema-rs" implies "no error from
jsonschema": checked here on every document of the corpus and on damaged copies of valid specs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import SpecError
from generator.lint._structure import _openapi_31_validator, _valid_fast
from generator.load import load_spec

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted(
    p
    for root in (ROOT / "tests" / "specs", ROOT / "spec", ROOT / "bench" / "data")
    for p in root.rglob("*")
    if p.suffix in (".yaml", ".json")
)
VALID_SPECS = [
    ROOT / "spec" / "openapi.yaml",
    ROOT / "tests" / "specs" / "good" / "minimal.yaml",
]


def _slow_errors(data: Any) -> list[Any]:
    return list(_openapi_31_validator().iter_errors(data))


def _loaded(path: Path) -> Any:
    try:
        return load_spec(path).data
    except SpecError:
        return None


@pytest.mark.shared(1)  # the corpus, not the interpreter: one of scripts/test.sh's two runs
def test_the_fast_path_agrees_with_jsonschema_on_the_whole_corpus() -> None:
    valid = invalid = 0
    for path in CORPUS:
        data = _loaded(path)
        if not isinstance(data, dict):
            continue
        errors = _slow_errors(data)
        fast = _valid_fast(data)
        assert not (fast and errors), f"{path}: jsonschema-rs valid, jsonschema: {errors[0]}"
        assert fast or errors, f"{path}: jsonschema-rs invalid, jsonschema valid (only slower)"
        valid += fast
        invalid += not fast
    assert valid >= 100 and invalid >= 10, (valid, invalid)  # both answers were exercised


def _containers(data: Any) -> list[tuple[Any, Any]]:
    found: list[tuple[Any, Any]] = []
    stack = [data]
    while stack:
        node = stack.pop()
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        for key, child in children:
            found.append((node, key))
            if isinstance(child, (dict, list)):
                stack.append(child)
    return found


_VALUES = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
        st.sampled_from(["#/components/schemas/A", "string", "path", "query", "", "3.1.0",
                         "http://e/x", "application/json", "x-a"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["type", "$ref", "description", "name", "in", "required", "schema",
                             "content", "x-a", "value", "items", "enum", "summary", "url"]),
            inner, max_size=3,
        ),
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(spec=st.sampled_from(VALID_SPECS), replacement=_VALUES, index=st.integers(min_value=0),
       delete=st.booleans())
def test_the_fast_path_never_passes_what_jsonschema_rejects(
    spec: Path, replacement: Any, index: int, delete: bool
) -> None:
    data = json.loads(json.dumps(load_spec(spec).data))
    places = _containers(data)
    parent, key = places[index % len(places)]
    if delete and isinstance(parent, dict):
        del parent[key]
    else:
        parent[key] = replacement
    if _valid_fast(data):
        assert _slow_errors(data) == []


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 2**70])
def test_values_the_fast_path_cannot_read_take_the_slow_path(value: Any) -> None:
    data = json.loads(json.dumps(load_spec(VALID_SPECS[1]).data))
    data["x-value"] = value
    assert _slow_errors(data) == []
    assert isinstance(_valid_fast(data), bool)  # answers (False or True), never raises


def test_validate_on_a_valid_spec_does_not_import_the_slow_validators() -> None:
    code = (
        "import sys; from pathlib import Path; from generator.lint import lint; "
        "from generator.load import load_spec; "
        "lint(load_spec(Path('tests/specs/good/minimal.yaml'))); "
        "print(sorted(m for m in ('openapi_spec_validator', 'pydantic_settings') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
