"""Read ``[tool.generator]`` from the nearest pyproject.toml into a frozen Config."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, NamedTuple

from generator.errors import Diagnostic, Severity, SpecError

__all__ = ["Config", "find_config", "load_config"]

_KEYS = {
    "spec": "spec/openapi.yaml",
    "templates": "templates",
    "out": "generated",
    "package": "solvimon_client",
    "distribution": "solvimon-client",
    "client-class": "Solvimon",
    "env-prefix": "SOLVIMON",
}


class Config(NamedTuple):
    """Where the spec, templates and output live, and what the package is called."""

    root: Path
    spec: Path
    templates: Path
    out: Path
    package: str
    distribution: str
    client_class: str
    env_prefix: str

    def with_overrides(self, spec: Path | None = None, out: Path | None = None) -> Config:
        return self._replace(
            spec=spec.resolve() if spec else self.spec,
            out=out.resolve() if out else self.out,
        )


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest pyproject.toml at or above ``start`` with [tool.generator], and that table."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            table = data.get("tool", {}).get("generator")
            if isinstance(table, dict):
                return candidate, table
    return None


def _error(file: Path, message: str, hint: str) -> SpecError:
    return SpecError(
        [Diagnostic(str(file), 1, 1, Severity.ERROR, "config", "/tool/generator", message, hint)]
    )


def load_config(start: Path | None = None) -> Config:
    """Load the configuration; the built-in defaults apply when no pyproject declares one."""
    start = (start or Path.cwd()).resolve()
    # Outside any configured project (a temp dir, CI's scratch space), fall back to the
    # project this toolchain is installed from, so output never depends on the cwd.
    found = find_config(start) or find_config(Path(__file__).resolve().parent.parent)
    table: dict[str, Any] = {}
    root = start
    if found is not None:
        path, table = found
        root = path.parent
        unknown = sorted(set(table) - set(_KEYS))
        if unknown:
            import difflib

            near = difflib.get_close_matches(unknown[0], list(_KEYS), n=1)
            hint = f"did you mean {near[0]!r}?" if near else f"known keys: {', '.join(_KEYS)}"
            raise _error(path, f"unknown key {unknown[0]!r} in [tool.generator]", hint)
        for key, value in table.items():
            if not isinstance(value, str) or not value:
                raise _error(path, f"[tool.generator] {key} must be a non-empty string", "quote it")
    values = {**_KEYS, **table}
    return Config(
        root=root,
        spec=(root / values["spec"]).resolve(),
        templates=(root / values["templates"]).resolve(),
        out=(root / values["out"]).resolve(),
        package=values["package"],
        distribution=values["distribution"],
        client_class=values["client-class"],
        env_prefix=values["env-prefix"],
    )
