"""``check --base REF``: is the spec's ``info.version`` bumped enough for its changes since REF?"""

from __future__ import annotations

from pathlib import Path

from generator.compat import bump_problem, diff_specs, spec_at_ref
from generator.load import load_spec

__all__ = ["version_check"]


def version_check(spec: Path, base: str) -> tuple[str | None, tuple[str, ...]]:
    """The problem with the version bump (None when enough) and the changes that need it."""
    old = spec_at_ref(base, spec)
    new = load_spec(spec)
    report = diff_specs(old, new)
    problem = bump_problem(
        report,
        str((old.data.get("info") or {}).get("version", "0.0.0")),
        str((new.data.get("info") or {}).get("version", "0.0.0")),
    )
    return problem, tuple(report.format().splitlines()) if problem else ()
