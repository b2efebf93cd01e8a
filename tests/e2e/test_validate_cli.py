"""`python -m generator validate` on every bad-spec case: exit code, rule id, line, no traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "specs" / "bad"
GOOD = ROOT / "tests" / "specs" / "good"
EXPECT = re.compile(rb"^# expect: (?P<rule>[a-z0-9-]+) line (?P<line>\d+)"
                    rb"(?: file (?P<file>\S+))?(?: exit (?P<exit>\d+))?\s*$")


@dataclass(frozen=True)
class Case:
    path: Path
    rule: str
    line: int
    file: str
    exit_code: int = 2


def _case(path: Path) -> Case:
    first = path.read_bytes().split(b"\n", 1)[0]
    match = EXPECT.match(first)
    assert match, f"{path.name}: the first line must be `# expect: RULE line N`"
    file = (match["file"] or path.name.encode()).decode()
    exit_code = int(match["exit"]) if match["exit"] else 2
    return Case(path, match["rule"].decode(), int(match["line"]), file, exit_code)


CASES = [_case(p) for p in sorted(BAD.glob("*.yaml"))]


def _validate(spec: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--spec", str(spec)],
        cwd=ROOT, capture_output=True, text=True, timeout=20, check=False,
    )


def _assert_reports(result: subprocess.CompletedProcess[str], case: Case) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == case.exit_code, output
    lines = [line for line in result.stderr.splitlines() if f"[{case.rule}]" in line]
    assert lines, f"no [{case.rule}] diagnostic in:\n{output}"
    places = {(line.split(":")[0], int(line.split(":")[1])) for line in lines}
    assert any(
        Path(file).name == Path(case.file).name and line == case.line for file, line in places
    ), f"expected {case.file}:{case.line}, got {sorted(places)}:\n{output}"
    assert any(case.file in line for line in lines), output


def test_the_corpus_covers_enough_faults() -> None:
    assert len(CASES) >= 24
    assert len({c.rule for c in CASES}) >= 20


@pytest.mark.parametrize("case", CASES, ids=[c.path.stem for c in CASES])
def test_bad_spec_is_reported(case: Case) -> None:
    _assert_reports(_validate(case.path), case)


def test_missing_file(tmp_path: Path) -> None:
    spec = tmp_path / "no-such-spec.yaml"
    _assert_reports(_validate(spec), Case(spec, "file-not-found", 0, spec.name))


@pytest.mark.parametrize("flow", [False, True], ids=["block", "flow"])
def test_deeply_nested_document(tmp_path: Path, flow: bool) -> None:
    spec = tmp_path / "deep.yaml"
    head = "openapi: 3.1.0\ninfo: {title: Deep, version: '1'}\npaths: {}\n"
    if flow:
        body = "x-deep: " + "[" * 10_000 + "]" * 10_000 + "\n"
        expected_line = 4
    else:
        body = "x-deep:\n" + "".join("  " * (i + 1) + "k:\n" for i in range(10_000))
        expected_line = 4 + 200  # the key at nesting level 201
    spec.write_text(head + body, encoding="utf-8")
    _assert_reports(_validate(spec), Case(spec, "yaml-depth", expected_line, spec.name))


def test_minimal_spec_is_valid() -> None:
    """Valid, with the IR's one warning (its required path parameter has a default), which
    ``generate`` reports too: ``validate`` reads the spec as ``generate`` does."""
    result = _validate(GOOD / "minimal.yaml")
    assert result.returncode == 0, result.stderr
    assert "valid (1 warning(s))" in result.stderr
    assert "minimal.yaml:12:9: warning [default-ignored]" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_project_spec_is_valid() -> None:
    spec = ROOT / "spec" / "openapi.yaml"
    if not spec.is_file():
        pytest.skip("spec/openapi.yaml is not written yet")
    result = _validate(spec)
    assert result.returncode == 0, result.stderr
    assert " error [" not in result.stderr


def test_a_json_success_without_a_schema_is_a_warning_that_strict_refuses() -> None:
    # Valid OpenAPI (the method returns the parsed JSON typed Any); our own CI runs --strict.
    spec = BAD / "response-no-schema.yaml"
    relaxed = _validate(spec)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "warning [response-no-schema]" in relaxed.stderr
    assert "typed `Any`" in relaxed.stderr
    strict = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--strict", "--spec", str(spec)],
        cwd=ROOT, capture_output=True, text=True, timeout=20, check=False,
    )
    assert strict.returncode == 2, strict.stderr
    assert "warnings fail the run" in strict.stderr
