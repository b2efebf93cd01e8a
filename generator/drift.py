"""Compare the output directory with what generation would produce, and say why they differ.

The fast path answers from the manifest alone (hash the inputs and the files on
disk) and imports none of the heavy tools. Whenever anything differs, or with
``--full``, the tree is built in memory and compared file by file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import NamedTuple

from generator.config import Config
from generator.emit import leftovers
from generator.manifest import MANIFEST_NAME, Inputs, current_inputs, diff_keys, read_manifest
from generator.tree import FileTree, read_tree, sha256

__all__ = ["DIFF_LINES", "DriftReport", "check_drift"]

DIFF_LINES = 200
"""Lines of unified diff shown before the rest is summarised (``--full-diff`` shows all)."""


class DriftReport(NamedTuple):
    out: str
    causes: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    stray: tuple[str, ...] = ()
    diffs: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    version_problem: str | None = None
    fast: bool = False
    """True when the answer came from the manifest, without rendering."""
    compat: tuple[str, ...] = ()

    @property
    def in_sync(self) -> bool:
        return not (
            self.causes or self.changed or self.missing or self.stray or self.version_problem
        )

    def format(self, *, full_diff: bool = False) -> str:
        lines = list(self.notes)
        if not self.causes and not (self.changed or self.missing or self.stray):
            how = (
                "fast path: inputs and files match the manifest" if self.fast else "full comparison"
            )
            lines.append(f"{self.out}/ is in sync with the spec, templates and tools ({how}).")
        else:
            count = len(self.changed) + len(self.missing) + len(self.stray)
            what = f"{count} file(s) differ" if count else f"only its {MANIFEST_NAME} is stale"
            lines.append(f"{self.out}/ is out of date ({what}). Why:")
            lines += [f"  - {cause}" for cause in self.causes]
            lines += [f"  changed: {path}" for path in self.changed]
            lines += [f"  missing: {path}" for path in self.missing]
            lines += [f"  stray:   {path}" for path in self.stray]
            lines.append("Run `python -m generator generate` to bring it up to date.")
            diff_lines = [line for text in self.diffs for line in text.splitlines()]
            if diff_lines:
                lines.append("")
                if full_diff or len(diff_lines) <= DIFF_LINES:
                    lines += diff_lines
                else:
                    lines += diff_lines[:DIFF_LINES]
                    lines.append(
                        f"... {len(diff_lines) - DIFF_LINES} more diff lines; "
                        "see all with `python -m generator check --full-diff`"
                    )
        if self.version_problem:
            lines += ["", *self.compat, f"version: {self.version_problem}"]
        return "\n".join(lines)


def _input_causes(old: Inputs, new: Inputs) -> list[str]:
    causes = []
    if changed := diff_keys(old.spec, new.spec):
        causes.append(f"the spec changed: {', '.join(changed)}")
    if changed := diff_keys(old.templates, new.templates):
        causes.append(f"templates changed: {', '.join(changed)}")
    if changed := diff_keys(old.generator, new.generator):
        causes.append(f"the generator changed: {', '.join('generator/' + c for c in changed)}")
    for tool in diff_keys(old.tools, new.tools):
        causes.append(
            f"tool version differs: {tool} "
            f"{old.tools.get(tool, '?')} -> {new.tools.get(tool, '?')} "
            "(the environment does not match the pins in pyproject.toml; "
            "run `pip install -e .` and regenerate)"
        )
    return causes


def _unified(path: str, on_disk: bytes | None, expected: bytes | None, out: str) -> str:
    import difflib

    def lines(data: bytes | None) -> list[str]:
        return data.decode("utf-8", "replace").splitlines(keepends=True) if data is not None else []

    return "".join(
        difflib.unified_diff(
            lines(on_disk), lines(expected), f"{out}/{path} (on disk)", f"{out}/{path} (generated)"
        )
    )


def check_drift(
    config: Config,
    build: Callable[[], FileTree],
    *,
    full: bool = False,
    version: tuple[str | None, tuple[str, ...]] = (None, ()),
) -> DriftReport:
    """Compare ``config.out`` with the tree ``build`` makes (called only when the manifest
    cannot answer, or with ``full``); ``version`` is ``bump.version_check``'s answer."""
    out_name = os.path.relpath(config.out)
    notes = tuple(
        f"note: ignoring {os.path.relpath(p)}, left by an interrupted `generate` "
        "(the next `generate` removes it)"
        for p in leftovers(config.out)
    )
    on_disk = read_tree(config.out)
    manifest = read_manifest(on_disk[MANIFEST_NAME]) if MANIFEST_NAME in on_disk else None
    files = {p: d for p, d in on_disk.items() if p != MANIFEST_NAME}
    causes: list[str] = []
    if manifest is None:
        causes.append(f"{out_name}/{MANIFEST_NAME} is missing or unreadable")
    else:
        spec_files = {config.spec} | {config.root / name for name in manifest.inputs.spec}
        inputs = current_inputs(spec_files, config.templates, config.root)
        causes += _input_causes(manifest.inputs, inputs)
        edited = sorted(
            p
            for p, d in files.items()
            if p in manifest.outputs and manifest.outputs[p] != sha256(d)
        )
        if edited:
            causes.append(f"generated file(s) edited by hand: {', '.join(edited)}")
        gone = sorted(set(manifest.outputs) - set(files) - {MANIFEST_NAME})
        if gone:
            causes.append(f"generated file(s) deleted: {', '.join(gone)}")
        extra = sorted(set(files) - set(manifest.outputs))
        if extra:
            causes.append(f"file(s) not produced by generation: {', '.join(extra)}")
    version_problem, compat = version
    if not causes and not full:
        return DriftReport(
            out_name, notes=notes, fast=True, version_problem=version_problem, compat=compat
        )

    expected = build()
    expected_files = {p: d for p, d in expected.items() if p != MANIFEST_NAME}
    changed = tuple(
        sorted(p for p in expected_files if p in files and files[p] != expected_files[p])
    )
    missing = tuple(sorted(set(expected_files) - set(files)))
    stray = tuple(sorted(set(files) - set(expected_files)))
    if not (changed or missing or stray) and on_disk.get(MANIFEST_NAME) == expected[MANIFEST_NAME]:
        causes = []
    elif not (changed or missing or stray) and not causes:
        causes.append(f"{out_name}/{MANIFEST_NAME} is out of date")
    diffs = tuple(
        _unified(p, files.get(p), expected_files.get(p), out_name)
        for p in (*changed, *missing, *stray)
    )
    return DriftReport(
        out_name,
        tuple(causes),
        changed,
        missing,
        stray,
        diffs,
        notes,
        version_problem=version_problem,
        compat=compat,
    )

