"""Smoke test of the benchmark harness: ``bench/run.py --quick`` runs and prints every row.

No timing assertions: this checks that the harness works end to end (competitors' venv, every
figure, every input, the targets section), not how fast anything is.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

__all__: list[str] = []

REPO = Path(__file__).resolve().parent.parent

FIGURES = ("1 generate", "2 check", "3 scale", "4 runtime")
INPUTS = (
    "vendor refund excerpt",
    "our spec",
    "synthetic N=1",
    "synthetic N=10",
    "synthetic N=100",
    "vendor whole API (76 ops)",
    "Invoice JSON parse",
    "refund call (MockTransport)",
    "import (fresh process)",
)
TOOLS = ("ours generate (cold)", "opc generate", "dmcg (models only)", "python -c pass (floor)")


@pytest.mark.slow
@pytest.mark.shared(0)  # the harness, not the interpreter: one of scripts/test.sh's two runs
def test_quick_run_writes_the_whole_table(tmp_path: Path) -> None:
    output = tmp_path / "RESULTS.md"
    # Its own work tree, and a competitors' venv per Python: CI runs the suite on two at once.
    venv = REPO / "bench" / f".venv-competitors-py{sys.version_info[0]}{sys.version_info[1]}"
    env = {**os.environ, "BENCH_WORK": str(tmp_path / "work"), "BENCH_VENV": str(venv)}
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--output", str(output)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    text = output.read_text(encoding="utf-8")
    assert text.strip() in result.stdout
    rows = [line.split(" | ") for line in text.splitlines() if line.startswith("| ")]
    table = {(cells[0].lstrip("| "), cells[1], cells[2]) for cells in rows[1:]}
    assert {figure for figure, _, _ in table} == set(FIGURES)
    assert {name for _, name, _ in table} >= set(INPUTS)
    assert {tool for _, _, tool in table} >= set(TOOLS)
    assert "## Machine" in text and "logical CPUs" in text
    assert "openapi-python-client 0.29.1" in text
    assert text.count("**") >= 2 * 9, "every target has a verdict"
