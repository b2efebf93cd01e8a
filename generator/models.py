"""Run datamodel-code-generator in-process, with fixed options, on the spec's component schemas."""

from __future__ import annotations

import contextlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from generator.errors import Diagnostic, Severity, SpecError
from generator.load import SpecDocument
from generator.model_groups import ImportLine, Joined, batches, join

__all__ = ["BATCH_SCHEMAS", "ModelSource", "generate_models"]

_SCHEMAS = "#/components/schemas/"
_REQUEST_MARK = "-read-write-request-"

BATCH_SCHEMAS = 250
"""Schemas per run of datamodel-code-generator, at least, when they fall into independent
groups: about 35 MB of its memory, and few enough runs that their fixed cost stays small."""


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


def generate_models(
    document: SpecDocument,
    package: str,
    templates: Path,
    *,
    request_models: bool = True,
    batch_schemas: int = BATCH_SCHEMAS,
) -> ModelSource:
    """The pydantic v2 models of every component schema, unformatted (black runs later).

    With ``request_models``, a schema with readOnly fields also gets a ``<Name>Request``
    variant without them, for request bodies; a spec that sends no body does not need them.

    A spec whose schemas fall into groups that share no ``$ref`` is generated in batches of
    at least ``batch_schemas`` schemas (``model_groups``) and joined; the module is the one a
    single run makes (the tests compare them).
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
            runs = _run_all([_subset(document.data, part) for part in parts], options)
            joined = join([run.code for run in runs], package)
            if joined is not None:
                return _source(joined, runs)
        # The whole spec in one run: the data our loader built (YAML 1.2 scalars, checked),
        # not the text parsed again with YAML 1.1 rules; the other files of a multi-file spec
        # are read by datamodel-code-generator, relative to the root file's folder.
        whole = _run(document.data, options, base_path=document.root.path.parent)
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
    """datamodel-code-generator failed (its message)."""


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


def _run_all(sources: list[dict[str, Any]], options: _Options) -> list[_Run]:
    """Every batch, in order, one after the other."""
    return [_run(source, options) for source in sources]


def _source(joined: Joined, runs: list[_Run]) -> ModelSource:
    names: dict[str, str] = {}
    request_names: dict[str, str] = {}
    for run in runs:
        names.update(run.names)
        request_names.update(run.request_names)
    return ModelSource(joined.body, names, request_names, joined.imports)


def _run(source: dict[str, Any], options: _Options, base_path: Path | None = None) -> _Run:
    """One run of datamodel-code-generator on a spec's data (``$ref``s to other files are
    relative to ``base_path``)."""
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
        base_path=base_path,
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
    if not isinstance(code, str):  # a multi-file spec's schema name with a dot: a module path
        raise ModelsFailed(
            f"it split the models into modules {sorted('.'.join(k) for k in code)} (a schema "
            "name with a dot, in a spec of several files); rename the schema without the dot"
        )
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
