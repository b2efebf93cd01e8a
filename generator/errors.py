"""Diagnostics and the one exception type the stages raise.

Errors are data until the edge: a stage that meets bad input raises
:class:`SpecError` carrying :class:`Diagnostic` values; only ``cli.py`` prints
them and chooses the exit code.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import NamedTuple

__all__ = ["Diagnostic", "GeneratorError", "Severity", "SpecError", "escape_pointer"]


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Diagnostic(NamedTuple):
    """One finding: what is wrong, where, and how to fix it.

    A NamedTuple rather than a dataclass: immutable, ordered by place, and cheap to
    import on the ``check`` fast path (dataclasses pulls in ``inspect``).
    """

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    pointer: str
    message: str
    hint: str = ""

    def format(self) -> str:
        """``FILE:LINE:COL: SEVERITY [rule-id] JSON-POINTER: message (how to fix)``."""
        pointer = self.pointer or "/"
        text = (
            f"{self.file}:{self.line}:{self.column}: {self.severity.value} "
            f"[{self.code}] {pointer}: {self.message}"
        )
        return f"{text} ({self.hint})" if self.hint else text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class GeneratorError(Exception):
    """Base of every error the toolchain raises on purpose."""


class SpecError(GeneratorError):
    """Invalid input: carries every diagnostic found, sorted by place."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(sorted(diagnostics))
        super().__init__("\n".join(d.format() for d in self.diagnostics))

    def __reduce__(self) -> tuple[type[SpecError], tuple[tuple[Diagnostic, ...]]]:
        """Rebuilt from its diagnostics, not its text, when it comes back from a worker."""
        return SpecError, (self.diagnostics,)


def escape_pointer(token: object) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")
