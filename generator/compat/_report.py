"""Classified changes, the report of them, and the version bump they need (semver, 0.x)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from generator.compat._rules import RULES, ChangeSeverity

__all__ = ["Bump", "Change", "CompatReport", "bump_problem", "required_bump"]


Bump = Literal["major", "minor", "patch", "none"]

_RANK: Mapping[str, int] = {"none": 0, "patch": 1, "minor": 2, "major": 3}
_BUMP_OF: Mapping[ChangeSeverity, Bump] = {
    "breaking": "major",
    "compatible": "minor",
    "patch": "patch",
}
_ZERO_SHIFT: Mapping[Bump, Bump] = {
    "major": "minor",
    "minor": "patch",
    "patch": "patch",
    "none": "none",
}
_LABEL: Mapping[ChangeSeverity, str] = {
    "breaking": "BREAKING",
    "compatible": "compatible",
    "patch": "patch",
}


@dataclass(frozen=True)
class Change:
    """One classified change, placed by JSON pointer in the old and/or the new spec."""

    rule: str
    old_pointer: str | None
    new_pointer: str | None
    message: str

    def __lt__(self, other: Change) -> bool:
        """Ordered by rule, then place (an absent place first), then message."""
        return _order_key(self) < _order_key(other)

    @property
    def severity(self) -> ChangeSeverity:
        return RULES[self.rule]

    @property
    def pointer(self) -> str:
        """The place to show: in the new spec when the thing still exists there."""
        if self.new_pointer is not None:
            return self.new_pointer or "/"
        return self.old_pointer or "/"

    def format(self) -> str:
        text = f"{_LABEL[self.severity]} {self.pointer}: {self.message} [{self.rule}]"
        if self.old_pointer is not None and self.new_pointer not in (None, self.old_pointer):
            text += f" (was {self.old_pointer or '/'})"
        return text


@dataclass(frozen=True)
class CompatReport:
    """The changes between two specs and the version bump they need."""

    changes: tuple[Change, ...]
    bump: Bump
    old_version: str = ""
    new_version: str = ""

    def format(self) -> str:
        """One line per change, breaking first, then ``required bump: ...``."""
        order = {"breaking": 0, "compatible": 1, "patch": 2}
        lines = [c.format() for c in sorted(self.changes, key=lambda c: (order[c.severity], c))]
        if not lines:
            lines.append("no changes")
        if self.old_version or self.new_version:
            lines.append(f"info.version: {self.old_version} -> {self.new_version}")
        lines.append(f"required bump: {self.bump}")
        return "\n".join(lines)


_SEMVER = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")


def _parse_version(text: str) -> tuple[int, int, int] | None:
    match = _SEMVER.match(text.strip())
    if match is None:
        return None
    return int(match[1]), int(match[2]), int(match[3])


def _actual_bump(old: tuple[int, int, int], new: tuple[int, int, int]) -> Bump:
    if new <= old:
        return "none"
    if new[0] > old[0]:
        return "major"
    if new[1] > old[1]:
        return "minor"
    return "patch"


def bump_problem(report: CompatReport, old_version: str, new_version: str) -> str | None:
    """None when ``new_version`` is bumped enough for ``report``, else what is needed.

    While the major version is 0, a breaking change needs a minor bump and a compatible
    or documentation change a patch bump (see the :mod:`generator.compat` docstring).
    """
    old = _parse_version(old_version)
    new = _parse_version(new_version)
    for text, parsed in ((old_version, old), (new_version, new)):
        if parsed is None:
            return (
                f"info.version {text!r} is not a semantic version; write MAJOR.MINOR.PATCH "
                "(e.g. 1.4.0)"
            )
    assert old is not None and new is not None
    if new < old:
        return f"info.version went backwards: {old_version} -> {new_version}"
    needed: Bump = report.bump
    if old[0] == 0:
        needed = _ZERO_SHIFT[needed]
    actual = _actual_bump(old, new)
    if _RANK[actual] >= _RANK[needed]:
        return None
    suggestion = {
        "major": f"{old[0] + 1}.0.0",
        "minor": f"{old[0]}.{old[1] + 1}.0",
        "patch": f"{old[0]}.{old[1]}.{old[2] + 1}",
    }[needed]
    worst = max((c.severity for c in report.changes), key=lambda s: _RANK[_BUMP_OF[s]])
    convention = " (0.x: breaking -> minor, compatible -> patch)" if old[0] == 0 else ""
    return (
        f"info.version {old_version} -> {new_version} is a {actual} bump, but the changes "
        f"include {worst} ones and need a {needed} bump{convention}: set info.version to "
        f"{suggestion} or later"
    )


def required_bump(changes: tuple[Change, ...]) -> Bump:
    """The bump the worst of ``changes`` needs (semver, before the 0.x shift)."""
    bumps = [_BUMP_OF[c.severity] for c in changes]
    return max(bumps, key=lambda b: _RANK[b], default="none")


def _order_key(item: Change) -> tuple[str, bool, str, bool, str, str]:
    return (
        item.rule,
        item.old_pointer is not None,
        item.old_pointer or "",
        item.new_pointer is not None,
        item.new_pointer or "",
        item.message,
    )
