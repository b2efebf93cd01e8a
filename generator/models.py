"""The model stage: datamodel-code-generator's runs over the spec as ``model_input`` prepares
it (in batches, in the models worker), and their modules joined into one (``model_run`` is one
run)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import SpecError
from generator.load import SpecDocument
from generator.model_groups import ImportLine, Joined, batches, join
from generator.model_input import model_input
from generator.model_run import ModelsFailed, Options, Run, run_model_generator

__all__ = ["BATCH_SCHEMAS", "ModelSource", "generate_models", "submit_models"]


BATCH_SCHEMAS = 100
"""Schemas per run of datamodel-code-generator, at least, when they fall into independent
groups: little of its memory per run (two run at once in the pool), and few enough runs that
their fixed cost stays small."""

POOL_BATCHES = 5
"""The fewest batches a spec's models are made in; from there on this process makes some of
them beside the models worker. Fewer would run one after the other in the worker, no faster
than one run; and when their modules conflict (two classes of one name), one run more follows:
mistral's 4 batches then took 1.8 s before its one run of 1.7 s, mollie's 2 took 5.8 s. Below,
importing the model generator here too (0.3 s) would cost more than sharing saves."""


@dataclass(frozen=True)
class ModelSource:
    """The models module's source and the class each component schema became."""

    code: str
    """The classes, imports apart."""
    names: dict[str, str]
    """Component schema name -> class name (the model read from responses)."""
    request_names: dict[str, str]
    """Component schema name -> class sent in requests (readOnly fields left out)."""
    imports: tuple[tuple[ImportLine, ...], ...] = ()
    """The module's imports, in sections; ``code`` is the classes only."""

    @functools.cached_property
    def take_anything(self) -> frozenset[str]:
        """The classes that validate any value: ``RootModel[Any]``, or a root model of one, the
        model generator's class for a schema whose every check it left out (the JSON Schema
        test suite's ``unevaluatedItems`` over ``contains``). A body such a schema refuses is
        not refused by the client, and its tests do not expect it to be."""
        roots = dict(_ROOT_OF.findall(self.code))
        found = {name for name, root in roots.items() if root == "Any"}
        while grown := {name for name, root in roots.items() if root in found} - found:
            found |= grown
        return frozenset(found)


_ROOT_OF = re.compile(r"^class (\w+)\(RootModel\[(\w+)\]\):", re.MULTILINE)


def generate_models(
    document: SpecDocument,
    package: str,
    templates: Path,
    *,
    request_models: bool = True,
    batch_schemas: int = BATCH_SCHEMAS,
    pool: Executor | None = None,
) -> ModelSource:
    """The pydantic v2 models of every component schema, unformatted (black runs later).

    With ``request_models``, a schema with readOnly fields also gets a ``<Name>Request``
    variant without them, for request bodies; a spec that sends no body does not need them.

    A spec whose schemas fall into groups that share no ``$ref`` is generated in batches of
    at least ``batch_schemas`` schemas (``model_groups``), when they make ``POOL_BATCHES`` or
    more, and joined; the module is the one a single run makes (the tests compare them). The
    runs go to ``pool`` when one is given.
    """
    return submit_models(
        document,
        package,
        templates,
        request_models=request_models,
        batch_schemas=batch_schemas,
        pool=pool,
    )()


def submit_models(
    document: SpecDocument,
    package: str,
    templates: Path,
    *,
    request_models: bool = True,
    batch_schemas: int = BATCH_SCHEMAS,
    pool: Executor | None = None,
) -> Callable[[], ModelSource]:
    """``generate_models`` in two steps: the runs start (in ``pool``, when given), and the
    function returned waits for them and gives their module (SpecError for a located failure).
    Without a pool, the runs are made when the function is called."""
    files = model_input(document)
    data = files[document.root.path]
    options = Options(package, templates, request_models, document.root.path, files)
    schemas = data.get("components", {}).get("schemas")
    parts = (
        batches(schemas, batch_schemas)
        if len(document.files) == 1 and isinstance(schemas, dict)
        else []
    )
    sources = [_subset(data, part) for part in parts] if len(parts) >= POOL_BATCHES else [data]
    runs = _start_runs(sources, options, pool)

    def collect() -> ModelSource:
        try:
            done = runs()
            if len(done) > 1:
                joined = join([run.code for run in done], package)
                if joined is not None:
                    return _source(joined, done)
                done = [run_model_generator(data, options)]  # the batches conflict: one run of all
        except ModelsFailed as exc:
            raise _located(exc, document) from exc
        whole = done[0]
        if not whole.code:
            return _source(Joined((), ""), [whole])
        return _source(join([whole.code], package) or Joined((), whole.code), [whole])

    return collect


def _located(exc: ModelsFailed, document: SpecDocument) -> SpecError:
    pointer = exc.pointer or "/components/schemas"
    return SpecError([document.diagnostic(exc.code, pointer, exc.message, exc.hint)])


def _subset(data: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The spec with only the named component schemas (and no paths, which no run reads)."""
    components = dict(data["components"])
    schemas = components["schemas"]
    components["schemas"] = {name: schemas[name] for name in names}
    kept = {key: value for key, value in data.items() if key not in ("paths", "webhooks")}
    return {**kept, "components": components}


def _start_runs(
    sources: list[dict[str, Any]], options: Options, pool: Executor | None
) -> Callable[[], list[Run]]:
    """Start a run of each source (a batch, or the whole spec); the function returned gives
    their results in order.

    With a ``pool`` (one worker: ``pipeline.models_pool``), its worker makes them from the
    first on; of batches (``POOL_BATCHES`` or more), this process, when the function is called,
    makes those the worker has not started, from the last back, until the two meet (a cancelled
    future is one no process has begun; datamodel-code-generator is pure Python on one core).
    Without a pool, this process makes them all then. Either way the failure raised is that of
    the first failing batch in their order. A batch's source holds only its schemas; the other
    files of a spec are never batched.
    """
    if pool is None:
        return lambda: [run_model_generator(source, options) for source in sources]
    sent = options._replace(files={}) if len(sources) > 1 else options
    futures = [pool.submit(run_model_generator, source, sent) for source in sources]

    def results() -> list[Run]:
        mine: dict[int, Run | ModelsFailed] = {}
        try:
            for i in reversed(range(len(sources))):
                if len(sources) > 1 and futures[i].cancel():
                    try:
                        mine[i] = run_model_generator(sources[i], options)
                    except ModelsFailed as exc:  # the worker's batches before it decide
                        mine[i] = exc
                        break
            runs = []
            for i in range(len(sources)):  # the first failure in batch order, on every run
                run = mine[i] if i in mine else futures[i].result()
                if isinstance(run, ModelsFailed):
                    raise run
                runs.append(run)
            return runs
        finally:  # a run failed, or Ctrl-C: the worker's others are not waited for
            for future in futures:
                future.cancel()

    return results


def _source(joined: Joined, runs: list[Run]) -> ModelSource:
    names: dict[str, str] = {}
    request_names: dict[str, str] = {}
    for run in runs:
        names.update(run.names)
        request_names.update(run.request_names)
    return ModelSource(joined.body, names, request_names, joined.imports)
