"""Run datamodel-code-generator in-process, with fixed options, on the spec's component schemas."""

from __future__ import annotations

import contextlib
import io
import threading
import warnings
from collections import deque
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from generator.errors import Diagnostic, Severity, SpecError
from generator.load import SpecDocument
from generator.model_groups import ImportLine, Joined, batches, join

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Executor, Future

__all__ = ["BATCH_SCHEMAS", "ModelSource", "expected_names", "generate_models"]

_SCHEMAS = "#/components/schemas/"
_REQUEST_MARK = "-read-write-request-"

BATCH_SCHEMAS = 250
"""Schemas per run of datamodel-code-generator, at least, when they fall into independent
groups: about 35 MB of its memory, and few enough runs that their fixed cost stays small."""


@dataclass(frozen=True)
class ModelSource:
    """The models module's source and the class each component schema became."""

    code: str | None
    """The classes, imports apart; None for expected names (``expected_names``)."""
    names: dict[str, str]
    """Component schema name -> class name (the model read from responses)."""
    request_names: dict[str, str]
    """Component schema name -> class sent in requests (readOnly fields left out)."""
    imports: tuple[tuple[ImportLine, ...], ...] = ()
    """The module's imports, in sections; ``code`` is the classes only."""


def expected_names(document: SpecDocument, *, request_models: bool = True) -> ModelSource:
    """The class names datamodel-code-generator gives to the component schemas, as it usually does.

    A component keeps its name when that is a valid identifier, and a schema with readOnly
    properties (or a $ref to one) gets a ``<Name>Request`` variant. This is only a guess, which
    lets the other modules render while the models are generated; ``build_tree`` compares it
    with the real names and renders again when it was wrong, so output never depends on it.
    """
    schemas = document.data.get("components", {}).get("schemas", {})
    if not isinstance(schemas, dict):
        return ModelSource(None, {}, {})
    memo: dict[str, bool] = {}

    def read_only(node: Any, seen: frozenset[str]) -> bool:
        if isinstance(node, list):
            return any(read_only(item, seen) for item in node)
        if not isinstance(node, dict):
            return False
        if node.get("readOnly") is True:
            return True
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_SCHEMAS):
            return component(ref[len(_SCHEMAS) :], seen)
        return any(read_only(value, seen) for value in node.values())

    def component(name: str, seen: frozenset[str]) -> bool:
        if name not in memo:
            memo[name] = False if name in seen else read_only(schemas.get(name), seen | {name})
        return memo[name]

    names = {name: name for name in schemas if isinstance(name, str) and name.isidentifier()}
    request_names = {
        name: f"{name}Request" if request_models and component(name, frozenset()) else name
        for name in names
    }
    return ModelSource(None, names, request_names)


def generate_models(
    document: SpecDocument,
    package: str,
    templates: Path,
    *,
    request_models: bool = True,
    executor: Executor | None = None,
    batch_schemas: int = BATCH_SCHEMAS,
) -> ModelSource:
    """The pydantic v2 models of every component schema, unformatted (black runs later).

    With ``request_models``, a schema with readOnly fields also gets a ``<Name>Request``
    variant without them, for request bodies; a spec that sends no body does not need them.

    A spec whose schemas fall into groups that share no ``$ref`` is generated in batches of
    at least ``batch_schemas`` schemas (``model_groups``), some of them on ``executor``'s
    worker, and joined; the module is the one a single run makes (the tests compare them).
    """
    options = _Options(package, templates, request_models)
    schemas = document.data.get("components", {}).get("schemas")
    parts = (
        batches(schemas, batch_schemas)
        if len(document.files) == 1 and isinstance(schemas, dict)
        else []
    )
    try:
        if len(parts) > 1:
            runs = _run_all([_subset(document.data, part) for part in parts], options, executor)
            joined = join([run.code for run in runs], package)
            if joined is not None:
                return _source(joined, runs)
        # The whole spec in one run: the data our loader built (YAML 1.2 scalars, checked),
        # not the text parsed again with YAML 1.1 rules; a spec in several files is read
        # from disk, for its $refs.
        whole = _run(document.data if len(document.files) == 1 else document.root.path, options)
    except ModelsFailed as exc:
        line, column = document.root.locate("/components/schemas")
        raise SpecError(
            [
                Diagnostic(
                    document.root.display,
                    line,
                    column,
                    Severity.ERROR,
                    "models",
                    "/components/schemas",
                    f"the model generator failed: {exc}",
                    "fix the schema it names, or run `validate` for details",
                )
            ]
        ) from exc
    if not whole.code:
        return _source(Joined((), ""), [whole])
    return _source(join([whole.code], package) or Joined((), whole.code), [whole])


class ModelsFailed(Exception):
    """datamodel-code-generator failed; its message only (it crosses the worker's pipe)."""


class _Options(NamedTuple):
    package: str
    templates: Path
    request_models: bool


class _Run(NamedTuple):
    """One run of datamodel-code-generator: its module and the classes of the components."""

    code: str
    names: dict[str, str]
    request_names: dict[str, str]


def _subset(data: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The spec with only the named component schemas (and no paths, which no run reads)."""
    components = dict(data["components"])
    schemas = components["schemas"]
    components["schemas"] = {name: schemas[name] for name in names}
    kept = {key: value for key, value in data.items() if key not in ("paths", "webhooks")}
    return {**kept, "components": components}


def _run_all(
    sources: list[dict[str, Any]], options: _Options, executor: Executor | None
) -> list[_Run]:
    """Every batch, in order. This process takes the largest batch left, a feeder thread hands
    the worker the smallest left, one at a time, whenever its previous one is done: a batch
    queued on a busy worker can no longer be taken back (the pool hands it over early), and
    the worker is busy with other stages first. A failure is raised once every batch has run,
    the first in spec order, so the message does not depend on which core was faster."""
    outcomes: list[_Run | Exception | None] = [None] * len(sources)
    sizes = [len(source["components"]["schemas"]) for source in sources]
    left = deque(sorted(range(len(sources)), key=lambda i: (-sizes[i], i)))
    lock = threading.Lock()

    def take(largest: bool) -> int | None:
        with lock:
            return (left.popleft() if largest else left.pop()) if left else None

    def settle(index: int, result: Callable[[], _Run]) -> None:
        try:
            outcomes[index] = result()
        except Exception as exc:  # kept for the caller's thread; raised below, in spec order
            outcomes[index] = exc

    def feed(pool: Executor, first: int, future: Future[_Run]) -> None:
        settle(first, future.result)
        while (index := take(largest=False)) is not None:
            settle(index, partial(_on_worker, pool, sources[index], options))

    feeder = None
    if executor is not None and (first := take(largest=False)) is not None:
        # Submitted from this thread: a pool's first task forks its worker, which must not
        # happen while this thread runs the models (a lock held here would stay held there).
        future = executor.submit(_run, sources[first], options)
        feeder = threading.Thread(target=feed, args=(executor, first, future), daemon=True)
        feeder.start()
    while (index := take(largest=True)) is not None:
        settle(index, partial(_run, sources[index], options))
    if feeder is not None:
        feeder.join()
    runs = []
    for outcome in outcomes:
        if isinstance(outcome, Exception):
            raise outcome
        assert outcome is not None  # every index was taken by one of the two loops
        runs.append(outcome)
    return runs


def _on_worker(pool: Executor, source: dict[str, Any], options: _Options) -> _Run:
    """One batch on the pool's worker, waited for (in the feeder thread)."""
    return pool.submit(_run, source, options).result()


def _source(joined: Joined, runs: list[_Run]) -> ModelSource:
    names: dict[str, str] = {}
    request_names: dict[str, str] = {}
    for run in runs:
        names.update(run.names)
        request_names.update(run.request_names)
    return ModelSource(joined.body, names, request_names, joined.imports)


def _run(source: dict[str, Any] | Path, options: _Options) -> _Run:
    """One run of datamodel-code-generator on a spec (data, or the root file's path)."""
    from datamodel_code_generator.enums import DataModelType, ReadOnlyWriteOnlyModelType
    from datamodel_code_generator.format import PythonVersion
    from datamodel_code_generator.model import get_data_model_types
    from datamodel_code_generator.parser.openapi import OpenAPIParser

    types = get_data_model_types(DataModelType.PydanticV2BaseModel, PythonVersion.PY_310)
    parser = OpenAPIParser(
        source,  # type: ignore[arg-type]  # the base Parser takes a dict; OpenAPIParser's hint omits it
        data_model_type=types.data_model,
        data_model_root_type=types.root_model,
        data_model_field_type=types.field_model,
        data_type_manager_type=types.data_type_manager,
        dump_resolve_reference_action=types.dump_resolve_reference_action,
        target_python_version=PythonVersion.PY_310,
        base_class=f"{options.package}.models._base.Model",
        additional_imports=[
            f"{options.package}.models._base.{name}"
            for name in ("OpenEnum", "OpenIntEnum", "OpenValueEnum")
        ],
        custom_template_dir=options.templates / "datamodel",
        use_annotated=True,
        use_field_description=True,
        use_schema_description=True,
        use_single_line_docstring=True,
        field_constraints=True,
        use_standard_collections=True,
        use_union_operator=True,
        use_double_quotes=True,
        strict_nullable=True,
        capitalise_enum_members=True,
        field_extra_keys={"deprecated"},
        read_only_write_only_model_type=(
            ReadOnlyWriteOnlyModelType.All if options.request_models else None
        ),
        formatters=[],
        keep_model_order=True,
    )
    stderr = io.StringIO()
    try:
        with warnings.catch_warnings(), contextlib.redirect_stderr(stderr):
            warnings.simplefilter("ignore")
            code = parser.parse()
    except Exception as exc:  # the model generator signals bad schemas with many types
        raise ModelsFailed(str(exc)) from None
    if isinstance(code, dict) and not code:
        code = ""  # no schema at all (a spec with no components): no models
    if not isinstance(code, str):  # pragma: no cover - only with module splitting, not used
        raise TypeError("datamodel-code-generator returned several modules")
    names: dict[str, str] = {}
    request_names: dict[str, str] = {}
    for model in parser.results:
        path = model.reference.path
        if not path.startswith(_SCHEMAS):
            continue
        component, _, variant = path[len(_SCHEMAS) :].partition("#")
        if "/" in component:
            continue  # nested inline schemas: reachable only through their parent model
        if _REQUEST_MARK in variant:
            request_names[component] = model.class_name
        elif not variant:
            names[component] = model.class_name
    for component, name in names.items():
        request_names.setdefault(component, name)
    return _Run(code, names, request_names)
