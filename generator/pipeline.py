"""The only orchestrator: validate, generate, check, diff and upstream, composed from the stages."""

from __future__ import annotations

from generator.config import Config
from generator.errors import Diagnostic, SpecError
from generator.load import SpecDocument, load_spec

__all__ = ["load_valid", "validate"]


def load_valid(config: Config) -> tuple[SpecDocument, list[Diagnostic]]:
    """Load and lint the spec; raise SpecError on any error, return the warnings."""
    from generator.lint import lint

    document = load_spec(config.spec)
    diagnostics = lint(document)
    if any(d.is_error for d in diagnostics):
        raise SpecError(diagnostics)
    return document, sorted(diagnostics)


def validate(config: Config) -> list[Diagnostic]:
    """``validate``: the warnings of a valid spec (errors raise SpecError)."""
    return load_valid(config)[1]
