"""Every finding of load + lint on every spec under tests/specs/, one JSON line per document.

Usage: ``python bench/lint_findings.py [ROOT ...] > findings.jsonl``. Run it before and after a
change to the loader or the lint rules that must not change behaviour (a speed-up) and compare
the two files: ``diff before.jsonl after.jsonl`` prints nothing when every document gives the
same findings (rule, severity, file, line, column, pointer, message, hint) or the same refusal.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.errors import Diagnostic, SpecError  # noqa: E402
from generator.lint import lint  # noqa: E402
from generator.load import load_spec  # noqa: E402


def findings(spec: Path) -> dict[str, object]:
    """The findings for one document, or the loader's refusal."""
    try:
        found: Sequence[Diagnostic] = lint(load_spec(spec))
        outcome = "linted"
    except SpecError as error:
        found = error.diagnostics
        outcome = "refused by the loader"
    except RecursionError:
        return {"spec": str(spec.relative_to(REPO)), "outcome": "RecursionError"}
    return {
        "spec": str(spec.relative_to(REPO)),
        "outcome": outcome,
        "findings": [_row(d) for d in found],
    }


def _row(d: Diagnostic) -> dict[str, object]:
    return {name: str(value) for name, value in d._asdict().items()}


def main(argv: Sequence[str]) -> int:
    roots = [Path(a).resolve() for a in argv] or [REPO / "tests" / "specs"]
    specs = sorted(
        p for root in roots for p in root.rglob("*") if p.suffix in (".yaml", ".yml", ".json")
    )
    for spec in specs:
        print(json.dumps(findings(spec), sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
