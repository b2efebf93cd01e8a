"""Solvimon client toolchain: validate an OpenAPI 3.1 spec, generate a typed client, check drift."""

from generator.errors import Diagnostic, GeneratorError, Severity, SpecError

__all__ = ["Diagnostic", "GeneratorError", "Severity", "SpecError"]
