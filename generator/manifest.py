"""The manifest ``generate`` writes into the output: what went in, with which tools, what came out.

``check`` reads it to answer without rendering when nothing changed, and to name
the cause when something did. JSON with sorted keys: byte-identical on every run.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from generator.tree import sha256

__all__ = [
    "MANIFEST_NAME",
    "TOOLS",
    "Inputs",
    "Manifest",
    "current_inputs",
    "diff_keys",
    "read_manifest",
    "tool_versions",
]

MANIFEST_NAME = ".codegen.json"
TOOLS = ("black", "datamodel-code-generator", "jinja2", "pydantic")
"""The tools whose version shapes the output (pinned exactly in pyproject.toml)."""
_GENERATOR_DIR = Path(__file__).resolve().parent


_DIST_INFO = re.compile(r"^(?P<name>[^-]+)-(?P<version>[^-]+)\.dist-info$")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def tool_versions() -> dict[str, str]:
    """Installed versions of TOOLS, from the ``*.dist-info`` folder names on sys.path.

    The same answer as importlib.metadata (first match on sys.path wins), without its
    import cost, which the ``check`` fast path cannot afford.
    """
    versions: dict[str, str] = {}
    wanted = set(TOOLS)
    for folder in sys.path:
        try:
            entries = sorted(os.listdir(folder or "."))
        except OSError:
            continue
        for entry in entries:
            match = _DIST_INFO.match(entry)
            if match:
                name = _normalise(match["name"])
                if name in wanted and name not in versions:
                    versions[name] = match["version"]
    return {name: versions.get(name, "not installed") for name in TOOLS}


def _hash_files(root: Path, paths: Iterable[Path]) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): sha256(p.read_bytes()) for p in sorted(paths)}


class Inputs(NamedTuple):
    """Hashes of everything generation reads, and the tool versions it runs with."""

    spec: dict[str, str]
    templates: dict[str, str]
    generator: dict[str, str]
    tools: dict[str, str]

    def as_json(self) -> dict[str, Any]:
        return {"spec": self.spec, "templates": self.templates, "generator": self.generator}


def _spec_name(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def current_inputs(spec_files: Iterable[Path], templates: Path, root: Path) -> Inputs:
    """Hash the given spec files, every template file and the generator's own source."""
    spec = {}
    for path in spec_files:
        try:
            spec[_spec_name(path, root)] = sha256(path.read_bytes())
        except OSError:
            spec[_spec_name(path, root)] = "missing"
    template_files = [p for p in templates.rglob("*") if p.is_file()] if templates.is_dir() else []
    generator_files = [p for p in _GENERATOR_DIR.rglob("*.py") if "__pycache__" not in p.parts]
    return Inputs(
        spec=dict(sorted(spec.items())),
        templates=_hash_files(templates, template_files),
        generator=_hash_files(_GENERATOR_DIR, generator_files),
        tools=tool_versions(),
    )


class Manifest(NamedTuple):
    inputs: Inputs
    outputs: dict[str, str] = {}  # noqa: RUF012 - NamedTuple defaults are never mutated
    """Output path -> sha256 of the formatted file."""

    def to_bytes(self) -> bytes:
        data = {
            "about": "Written by `python -m generator generate`; read by `check`. Do not edit.",
            "inputs": self.inputs.as_json(),
            "tools": self.inputs.tools,
            "outputs": self.outputs,
        }
        return (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8")


def read_manifest(data: bytes) -> Manifest | None:
    """Parse a manifest; None when it is missing or unreadable (then ``check`` runs in full)."""
    try:
        raw = json.loads(data)
        inputs = raw["inputs"]
        return Manifest(
            inputs=Inputs(
                spec=dict(inputs["spec"]),
                templates=dict(inputs["templates"]),
                generator=dict(inputs["generator"]),
                tools=dict(raw["tools"]),
            ),
            outputs=dict(raw["outputs"]),
        )
    except (ValueError, KeyError, TypeError):
        return None


def diff_keys(old: Mapping[str, str], new: Mapping[str, str]) -> list[str]:
    """Names whose hash differs, or that exist on one side only."""
    return sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
