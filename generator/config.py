"""Read ``[tool.generator]`` from the nearest pyproject.toml into a frozen Config."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any, NamedTuple

from generator.errors import Diagnostic, Severity, SpecError

__all__ = ["SETTINGS", "Config", "RuleSetting", "find_config", "load_config"]

SETTINGS = ("error", "warning", "off")
"""What a rule may be set to in ``[tool.generator.rules]``."""

_KEYS = {
    "spec": "spec/openapi.yaml",
    "templates": "templates",
    "out": "generated",
    "package": "solvimon_client",
    "distribution": "solvimon-client",
    "client-class": "Solvimon",
    "env-prefix": "SOLVIMON",
}
_OTHER_KEYS = ("rules", "fail-on-warnings")
_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
"""The toolchain's own templates, beside the generator package."""
"""Keys of [tool.generator] that are not strings: the rules' severities and the strict switch."""


class RuleSetting(NamedTuple):
    """One entry of ``[tool.generator.rules]``: a rule id, its setting, and where it is written.

    The rule ids are checked by the lint stage (``generator.lint.check_settings``): this
    module is a leaf and must not import the rule catalog, and ``check``'s fast path never lints.
    """

    rule: str
    setting: str
    file: str
    line: int


class Config(NamedTuple):
    """Where the spec, templates and output live, what the package is called, and how strict
    validation is."""

    root: Path
    spec: Path
    templates: Path
    out: Path
    package: str
    distribution: str
    client_class: str
    env_prefix: str
    rules: tuple[RuleSetting, ...] = ()
    """``[tool.generator.rules]``: severities that override the rules' defaults."""
    fail_on_warnings: bool = False
    """``fail-on-warnings``: ``validate`` of the project's own spec fails (exit 2) on warnings
    too, as ``validate --strict`` does for any spec."""

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


def _error(
    file: Path, message: str, hint: str, pointer: str = "/tool/generator", line: int = 1
) -> SpecError:
    diagnostic = Diagnostic(str(file), line, 1, Severity.ERROR, "config", pointer, message, hint)
    return SpecError([diagnostic])


def _line_of(text: str, key: str, table: str = "tool.generator") -> int:
    """The line of ``key = ...`` in ``[table]`` (or of ``table``'s header), 1-based; 1 if unsure."""
    lines = text.splitlines()
    header = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\]\s*(#.*)?$")
    assignment = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*=""")
    start = next((i for i, line in enumerate(lines) if header.match(line)), None)
    if start is None:
        return 1
    for index in range(start + 1, len(lines)):
        if lines[index].lstrip().startswith("["):
            break
        if assignment.match(lines[index]):
            return index + 1
    return start + 1


def _rules(path: Path, value: object) -> tuple[RuleSetting, ...]:
    """``[tool.generator.rules]``: a table of rule id -> error | warning | off."""
    text = path.read_text(encoding="utf-8")
    if not isinstance(value, dict):
        raise _error(
            path, "[tool.generator] rules must be a table of rule id = severity",
            'write `[tool.generator.rules]` and lines like `component-unused = "off"`',
            "/tool/generator/rules", _line_of(text, "rules"),
        )
    found = []
    for rule, setting in value.items():
        line = _line_of(text, rule, "tool.generator.rules")
        if setting not in SETTINGS:
            import difflib

            near = difflib.get_close_matches(str(setting), SETTINGS, n=1)
            hint = f"did you mean {near[0]!r}?" if near else f"use one of {', '.join(SETTINGS)}"
            raise _error(
                path,
                f"[tool.generator.rules] {rule} = {setting!r} is not a severity",
                hint, f"/tool/generator/rules/{rule}", line,
            )
        found.append(RuleSetting(rule, setting, str(path), line))
    return tuple(sorted(found))


def load_config(start: Path | None = None) -> Config:
    """Load the configuration; the built-in defaults apply when no pyproject declares one."""
    start = (start or Path.cwd()).resolve()
    # Outside any configured project (a temp dir, CI's scratch space), fall back to the
    # project this toolchain is installed from, so output never depends on the cwd.
    found = find_config(start) or find_config(Path(__file__).resolve().parent.parent)
    table: dict[str, Any] = {}
    root = start
    rules: tuple[RuleSetting, ...] = ()
    fail_on_warnings = False
    if found is not None:
        path, table = found[0], dict(found[1])
        root = path.parent
        unknown = sorted(set(table) - set(_KEYS) - set(_OTHER_KEYS))
        if unknown:
            import difflib

            known = [*_KEYS, *_OTHER_KEYS]
            near = difflib.get_close_matches(unknown[0], known, n=1)
            hint = f"did you mean {near[0]!r}?" if near else f"known keys: {', '.join(known)}"
            raise _error(path, f"unknown key {unknown[0]!r} in [tool.generator]", hint)
        if "rules" in table:
            rules = _rules(path, table.pop("rules"))
        if "fail-on-warnings" in table:
            fail_on_warnings = table.pop("fail-on-warnings")
            if not isinstance(fail_on_warnings, bool):
                raise _error(
                    path, "[tool.generator] fail-on-warnings must be true or false",
                    "write `fail-on-warnings = true` (no quotes)",
                    "/tool/generator/fail-on-warnings",
                    _line_of(path.read_text(encoding="utf-8"), "fail-on-warnings"),
                )
        for key, value in table.items():
            if not isinstance(value, str) or not value:
                raise _error(path, f"[tool.generator] {key} must be a non-empty string", "quote it")
    values = {**_KEYS, **table}
    # Not configured, the templates are the toolchain's own, wherever the project is; a project
    # that names its own folder must have it (an empty one would render no client at all).
    templates = (root / table["templates"] if "templates" in table else _TEMPLATES).resolve()
    if found is not None and not templates.is_dir():
        raise _error(
            found[0],
            f"[tool.generator] templates: {os.path.relpath(templates)} is not a directory",
            "point it at a copy of the toolchain's templates/ folder, or remove the key to use "
            "the toolchain's own",
            "/tool/generator/templates",
            _line_of(found[0].read_text(encoding="utf-8"), "templates"),
        )
    return Config(
        root=root,
        spec=(root / values["spec"]).resolve(),
        templates=templates,
        out=(root / values["out"]).resolve(),
        package=values["package"],
        distribution=values["distribution"],
        client_class=values["client-class"],
        env_prefix=values["env-prefix"],
        rules=rules,
        fail_on_warnings=fail_on_warnings,
    )
