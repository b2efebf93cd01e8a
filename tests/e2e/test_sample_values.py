"""The generated tests send values each parameter's schema accepts, or leave the operation out
with a located warning: never a failing test of a correct client (issue 13).

``tests/specs/samples/constrained-parameters.yaml`` constrains its parameters every way the
generated mock (openapi-core) checks: formats, bounds, lengths, patterns, enums, const, arrays,
nullable types; one pattern has no sample the generator can build.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT
from tests.generated_package import findings, generate, operation_count, verify

__all__: list[str] = []

SPEC = ROOT / "tests" / "specs" / "samples" / "constrained-parameters.yaml"


def test_constrained_parameters_get_valid_samples_or_a_located_warning(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = generate(SPEC, out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warned = [(f.rule, f.line) for f in findings(result.stderr) if f.level == "warning"]
    assert warned == [("sample-unavailable", 60)], result.stderr
    assert "path parameter 'code'" in result.stderr
    assert "give the parameter's schema an `example`" in result.stderr

    verdict = verify(out, operation_count(SPEC))
    assert verdict, f"the generated package is broken:\n{verdict}"

    # The operations with samples are tested (their values are the schemas'); the other is not.
    events = (out / "tests" / "test_events.py").read_text(encoding="utf-8")
    boards = (out / "tests" / "test_boards.py").read_text(encoding="utf-8")
    codes = (out / "tests" / "test_codes.py").read_text(encoding="utf-8")
    assert 'name="get_event"' in events
    assert 'sample="3fa85f64-5717-4562-b3fc-2c963f66afa6"' in events
    assert 'escapable=["label"]' in events  # free text: the hostile segments fit its length
    assert "escapable=[]" in events  # a uuid path parameter takes no hostile segment
    assert 'name="get_square"' in boards
    assert "sample=1," in boards and "sample=3," in boards
    assert "OPERATIONS: list[Op] = []" in codes
