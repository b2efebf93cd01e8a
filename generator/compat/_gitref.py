"""Read the spec as it was at a git ref, with every file its ``$ref`` values reach."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag

from generator.errors import Diagnostic, Severity, SpecError
from generator.load import SpecDocument, iter_refs, load_spec, parse_source

__all__ = ["spec_at_ref"]


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def _ref_error(spec_path: Path, message: str, hint: str) -> SpecError:
    shown = os.path.relpath(spec_path)
    diagnostic = Diagnostic(shown, 0, 0, Severity.ERROR, "git-ref", "", message, hint)
    return SpecError([diagnostic])


def _external_refs(data: Any) -> Iterator[str]:
    for ref in iter_refs(data):
        if not ref.startswith("#") and "://" not in ref:
            yield unquote(urldefrag(ref)[0])


def _at_ref(ref: str, tmp_root: Path, display: str) -> str:
    try:
        return f"{ref}:{Path(display).resolve().relative_to(tmp_root).as_posix()}"
    except ValueError:
        return display


def spec_at_ref(ref: str, spec_path: Path) -> SpecDocument:
    """Load the spec as it was at git ``ref`` (every file its ``$ref`` values reach).

    Raises :class:`SpecError` (rule ``git-ref``) when the spec is not in a git
    repository, ``ref`` names no commit, or the spec did not exist at ``ref``.
    """
    spec_path = spec_path.resolve()
    top = _git(["rev-parse", "--show-toplevel"], spec_path.parent if spec_path.parent.is_dir()
               else Path.cwd())
    if top.returncode != 0:
        raise _ref_error(spec_path, "the spec is not inside a git repository",
                         "run from a git checkout or compare two files with `diff OLD NEW`")
    root = Path(top.stdout.decode().strip()).resolve()
    if _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root).returncode != 0:
        raise _ref_error(spec_path, f"{ref!r} is not a commit in this repository",
                         "pass a branch, tag or commit, e.g. --base origin/main")
    try:
        relative = spec_path.relative_to(root)
    except ValueError:
        raise _ref_error(spec_path, f"the spec is outside the repository at {root}",
                         "pass a spec inside the repository") from None
    with tempfile.TemporaryDirectory(prefix="spec-at-ref-") as tmp:
        pending = [relative]
        written: set[Path] = set()
        while pending:
            path = pending.pop()
            if path in written:
                continue
            shown = _git(["show", f"{ref}:{path.as_posix()}"], root)
            if shown.returncode != 0:
                if path == relative:
                    raise _ref_error(spec_path, f"{path.as_posix()} does not exist at {ref}",
                                     "pick a ref where the spec exists, or add it first")
                continue  # a missing referenced file is reported by lint, as for any spec
            target = Path(tmp) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(shown.stdout)
            written.add(path)
            try:
                data, _ = parse_source(shown.stdout.decode("utf-8-sig"), f"{ref}:{path}")
            except (SpecError, UnicodeDecodeError):
                continue  # load_spec reports it with its place
            for link in _external_refs(data):
                pending.append(Path(os.path.normpath(path.parent / link)))
        tmp_root = Path(tmp).resolve()
        try:
            document = load_spec(Path(tmp) / relative)
        except SpecError as exc:
            raise SpecError(
                d._replace(file=_at_ref(ref, tmp_root, d.file)) for d in exc.diagnostics
            ) from None
        files = {
            path: replace(source, display=f"{ref}:{path.relative_to(tmp_root).as_posix()}")
            for path, source in document.files.items()
        }
        return SpecDocument(files[document.root.path], files)
