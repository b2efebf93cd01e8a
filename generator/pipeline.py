"""The only orchestrator: validate, generate, check, diff and upstream, composed from the stages.

``generate`` and ``check`` build the same FileTree through ``build_tree``: one
writes it, the other compares it, so they can never disagree.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from generator.config import Config
from generator.errors import Diagnostic, GeneratorError, SpecError
from generator.manifest import MANIFEST_NAME, Manifest, current_inputs
from generator.tree import FileTree

# Stages are imported where they are used: `check` on an in-sync tree must not pay
# for YAML, the validator, datamodel-code-generator, black or pydantic.
if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from generator.compat import CompatReport
    from generator.drift import DriftReport
    from generator.load import SpecDocument
    from generator.upstream import UpstreamReport

__all__ = [
    "GenerateResult",
    "build_tree",
    "check",
    "diff",
    "generate",
    "load_valid",
    "upstream",
    "validate",
]


def load_valid(config: Config) -> tuple[SpecDocument, list[Diagnostic]]:
    """Load and lint the spec; raise SpecError on any error, return the warnings."""
    from generator.lint import check_settings, lint
    from generator.load import load_spec

    settings = check_settings(config.rules)
    document = load_spec(config.spec)
    diagnostics = lint(document, settings)
    _raise_errors(diagnostics)
    return document, sorted(diagnostics)


def validate(config: Config) -> list[Diagnostic]:
    """``validate``: the warnings of a valid spec (errors raise SpecError).

    A spec that lints clean is also read as ``generate`` reads it (prune, hoist, the IR), so
    what the IR refuses (a parameter style, a media type, a name collision) is refused here
    too, with the same findings: a spec ``validate`` accepts is one ``generate`` accepts.
    """
    from generator.hoist import hoist_inline_schemas
    from generator.ir import build_api
    from generator.prune import prune_enums

    document, warnings = load_valid(config)
    api = build_api(hoist_inline_schemas(prune_enums(document)), config)
    return sorted([*warnings, *api.warnings])


class GenerateResult(NamedTuple):
    out: Path
    tree: FileTree
    warnings: list[Diagnostic]
    cleaned: list[Path]

    def summary(self) -> str:
        text = f"generated {len(self.tree)} files in {self.out}"
        if self.cleaned:
            text += f" (removed {len(self.cleaned)} leftover staging dir(s) of an interrupted run)"
        return text


def build_tree(config: Config, *, write_cache: bool = False) -> tuple[FileTree, list[Diagnostic]]:
    """What ``generate`` would write, in memory: load, lint, prune, hoist, IR, models, render,
    format, and a compile check of every Python file (a failure is a bug of the generator).

    One stage after the other. Lint comes first, so a bad spec is refused as fast as
    ``validate`` refuses it, with the same findings. The models are made in a worker process
    (``models_pool``) when there is a second core: it imports the model generator while this
    process loads and lints, and starts the models while this one builds the IR and imports the
    renderer and black. The black cache is written by ``generate`` only.
    """
    from generator.worker_guard import stop_pool

    pool = models_pool()
    try:
        tree, warnings, checked = _build_tree(config, pool, write_cache=write_cache)
    finally:
        if pool is not None:
            stop_pool(pool)
    # The rest of the tree is compile-checked once the worker and the stages' objects are gone:
    # inside the stages, the parse of the largest modules came on top of them (307 MB against
    # 243 MB at 1,000 operations).
    _check_compiles(tree, checked)
    return tree, warnings


MODEL_GENERATOR = (
    "generator.model_run",
    "datamodel_code_generator.parser.openapi",
    "datamodel_code_generator.model.pydantic_v2",
)
"""What the models worker imports as it starts (a third of a second, most of it the model
generator's own modules)."""


def models_pool() -> ProcessPoolExecutor | None:
    """One worker process for the models, importing the model generator from now on; None (the
    models are made in this process) on a single core, in a process that has imported the model
    generator already (a test run, a second ``build_tree``), or one that runs other threads.

    The worker is forked: a spawned one starts a new interpreter and imports again what this
    process has (0.4 s more CPU on the vendor excerpt, most of what the worker saves), and a
    process without threads forks safely. The figures it buys are in the README ("What each
    remaining mechanism buys") and bench/RESULTS.md.
    """
    if (os.cpu_count() or 1) < 2 or MODEL_GENERATOR[-1] in sys.modules:
        return None
    if threading.active_count() > 1:  # forking a process with threads can deadlock its child
        return None
    from generator.worker_guard import worker_pool

    for stream in (sys.stdout, sys.stderr):  # else the child would hold a copy of what waits
        stream.flush()
    return worker_pool("fork", MODEL_GENERATOR)


def _build_tree(
    config: Config, pool: ProcessPoolExecutor | None, *, write_cache: bool
) -> tuple[FileTree, list[Diagnostic], frozenset[str]]:
    """The tree, its warnings, and the files already compile-checked (made before the models)."""
    document, warnings = load_valid(config)
    # Imported once the spec is accepted (0.05 s): a refused one answers as fast as `validate`.
    from generator.hoist import hoist_inline_schemas
    from generator.ir import build_api, sends_bodies
    from generator.models import submit_models
    from generator.prune import prune_enums

    document = hoist_inline_schemas(prune_enums(document))
    models_later = submit_models(
        document,
        config.package,
        config.templates,
        request_models=sends_bodies(document, config),
        pool=pool,
    )
    api = build_api(document, config)

    from generator.format import BlackCache, format_models, format_tree, template_pieces
    from generator.render import render

    if pool is not None:  # idle until the models come: black's import (0.08 s) is free now
        import black  # noqa: F401
    # What does not need the models, made while they are (0.02 s on a small spec).
    verbatim = template_pieces(config.templates)
    inputs = current_inputs(document.files, config.templates, config.root)

    cache = BlackCache.from_environment(writable=write_cache)
    models_module = f"{config.package}/models/_generated.py"

    def formatted(rendered: FileTree) -> FileTree:  # our templates' code
        return format_tree(rendered, cache, verbatim=verbatim, templated=lambda path: True)

    # The files whose templates do not read the models, made and checked while the models are
    # (0.02-0.03 s of a small spec's generate, bench/RESULTS.md); the others once they come.
    early = FileTree({})
    if pool is not None:
        early = formatted(render(api, None, document, config.templates))
    _check_compiles(early, frozenset())
    # The document and the IR live until the end: frozen, the garbage collector does not scan
    # them again at each full collection (half of its time at 1,000 operations).
    gc.freeze()
    try:
        models = models_later()
        module = render(api, models, document, config.templates, wanted=models_module.__eq__)
        # The worker formats the models' code (mistral: 0.6 s of black) while this process
        # renders and formats the rest (bench/RESULTS.md, session 28).
        module_done = None if pool is None else pool.submit(format_models, module, cache)
        rest = render(
            api,
            models,
            document,
            config.templates,
            wanted=lambda path: path != models_module and path not in early,
        )
        tree = early.replace(formatted(rest))
        tree = tree.replace(
            format_models(module, cache) if module_done is None else module_done.result()
        )
    finally:
        gc.unfreeze()
    manifest = Manifest(inputs=inputs, outputs=tree.hashes())
    tree = tree.replace({MANIFEST_NAME: manifest.to_bytes()})
    return tree, sorted([*warnings, *api.warnings]), frozenset(early)


def _check_compiles(tree: FileTree, checked: frozenset[str]) -> None:
    """Refuse a tree with a Python file that does not compile: a template's or our own bug.
    The files in ``checked`` were checked already."""
    for path, data in tree.items():
        if path.endswith(".py") and path not in checked:
            try:
                compile(data, path, "exec", dont_inherit=True)
            except SyntaxError as exc:
                raise GeneratorError(
                    f"this is a bug in the generator: {path}:{exc.lineno}:{exc.offset}: the "
                    f"generated file does not compile: {exc.msg}; nothing was written"
                ) from None


def _raise_errors(diagnostics: list[Diagnostic]) -> None:
    if any(d.is_error for d in diagnostics):
        raise SpecError(diagnostics)


def generate(config: Config) -> GenerateResult:
    """``generate``: build the tree, then replace the output directory with it atomically."""
    from generator.emit import write_tree

    tree, warnings = build_tree(config, write_cache=True)
    cleaned = write_tree(tree, config.out)
    return GenerateResult(config.out, tree, warnings, cleaned)


def check(config: Config, *, full: bool = False, base: str | None = None) -> DriftReport:
    """``check``: compare the output directory with what generation would produce."""
    from generator.bump import version_check
    from generator.drift import check_drift

    version = version_check(config.spec, base) if base else (None, ())
    return check_drift(config, lambda: build_tree(config)[0], full=full, version=version)


def diff(old: Path, new: Path) -> CompatReport:
    """``diff OLD NEW``: classify the changes between two spec files."""
    from generator.compat import diff_specs
    from generator.load import load_spec

    return diff_specs(load_spec(old), load_spec(new))


def upstream(config: Config, vendor: Path, allowlist: Path | None) -> UpstreamReport:
    """``upstream VENDOR``: compare our spec with the vendor's document."""
    from generator.load import load_spec
    from generator.upstream import compare_upstream

    default = config.spec.parent / "upstream-allowlist.yaml"
    chosen = allowlist if allowlist is not None else (default if default.is_file() else None)
    return compare_upstream(load_spec(config.spec), load_spec(vendor), chosen)
