"""The only orchestrator: validate, generate, check, diff and upstream, composed from the stages.

``generate`` and ``check`` build the same FileTree through ``build_tree``: one
writes it, the other compares it, so they can never disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from generator.config import Config
from generator.errors import Diagnostic, SpecError
from generator.manifest import MANIFEST_NAME, Manifest, current_inputs
from generator.tree import FileTree

# Stages are imported where they are used: `check` on an in-sync tree must not pay
# for YAML, the validator, datamodel-code-generator, black or pydantic.
if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Executor

    from generator.compat import CompatReport
    from generator.drift import DriftReport
    from generator.format import BlackCache, Prepared
    from generator.ir import Api
    from generator.load import SpecDocument
    from generator.models import ModelSource
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
    """``validate``: the warnings of a valid spec (errors raise SpecError)."""
    return load_valid(config)[1]


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


def _executor() -> Executor | None:
    """One worker process for the stages that can overlap; None where fork is unavailable."""
    if not sys.platform.startswith("linux"):
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))


def build_tree(config: Config, *, write_cache: bool = False) -> tuple[FileTree, list[Diagnostic]]:
    """What ``generate`` would write, in memory: load, lint, IR, models, render, format.

    Generating the models is the longest stage and needs one core, so the rest is arranged
    around it. A worker process lints (openapi-spec-validator and our rules) and renders every
    module but the models' code, with the class names the models will have
    (``expected_names``); the pool then keeps the worker busy blacking those while the models
    are generated here, and both processes share what is left, models included. When the guess
    of the names was wrong, everything is rendered again with the real ones, so the output
    never depends on the guess. The black cache is written by ``generate`` only.
    """
    from generator.format import BlackCache, BlackPool, template_pieces
    from generator.ir import build_api
    from generator.lint import check_settings, lint
    from generator.load import load_spec
    from generator.models import expected_names, generate_models
    from generator.render import render

    settings = check_settings(config.rules)
    document = load_spec(config.spec)
    executor = _executor()
    pool = BlackPool(BlackCache.from_environment(writable=write_cache), executor)
    try:
        pending = executor.submit(lint, document, settings) if executor is not None else None
        try:
            api = build_api(document, config)
            request_models = any(op.body is not None for op in api.operations)
            guess = expected_names(document, request_models=request_models)
            if executor is not None:
                job = (api, guess, document, config.templates, config.package, pool.cache)
                early = executor.submit(_prepare_early, *job)
                pool.add_when_done(early)
            models = generate_models(
                document,
                config.package,
                config.templates,
                request_models=request_models,
                executor=executor,
            )
        except Exception:
            # A spec that breaks a later stage is reported by lint, when lint finds why.
            _raise_errors(pending.result() if pending is not None else lint(document, settings))
            raise
        diagnostics = pending.result() if pending is not None else lint(document, settings)
        _raise_errors(diagnostics)
        guessed = (models.names, models.request_names) == (guess.names, guess.request_names)
        modelled = _modelled(config.package)
        if executor is not None and guessed:
            early_output = _early(config.package)
            late = render(api, models, document, config.templates, lambda p: not early_output(p))
            pool.add(late, modelled=modelled)  # the models' code holds no template text
        else:
            if not guessed:  # render and format everything again, with the real names
                pool.cancel()
                pool = BlackPool(pool.cache, executor)
            everything = render(api, models, document, config.templates)
            templated = _early(config.package)
            pool.add(everything, template_pieces(config.templates), templated, modelled)
        tree = pool.result()
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
    inputs = current_inputs(document.files, config.templates, config.root)
    manifest = Manifest(inputs=inputs, outputs=tree.hashes())
    return tree.replace({MANIFEST_NAME: manifest.to_bytes()}), sorted(diagnostics)


def _prepare_early(
    api: Api,
    names: ModelSource,
    document: SpecDocument,
    templates: Path,
    package: str,
    cache: BlackCache | None,
) -> Prepared:
    """In the worker: the modules rendered before the models exist, with the expected names,
    cut into black's batches (so the main process, busy with the models, only queues them)."""
    from generator.format import prepare, template_pieces
    from generator.render import render

    early = _early(package)
    tree = render(api, names, document, templates, early)
    return prepare(tree, template_pieces(templates), cache, early)


def _early(package: str) -> Callable[[str], bool]:
    """The outputs rendered before the models exist: every Python module but the models'.

    Their templates see the expected class names, and no ``models_code`` (using it fails).
    They are also the modules our templates write whole, in black's layout (``plain``).
    """
    modelled = _modelled(package)
    return lambda path: path.endswith(".py") and not modelled(path)


def _modelled(package: str) -> Callable[[str], bool]:
    """The module of datamodel-code-generator's output (``format.plain_model`` trusts less)."""
    models = f"{package}/models/_generated.py"
    return lambda path: path == models


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
    from generator.drift import check_drift

    return check_drift(config, full=full, base=base)


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
