"""Run datamodel-code-generator in-process, with fixed options, on the spec's component schemas."""

from __future__ import annotations

import contextlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import Diagnostic, Severity, SpecError
from generator.load import SpecDocument

__all__ = ["ModelSource", "expected_names", "generate_models"]

_SCHEMAS = "#/components/schemas/"
_REQUEST_MARK = "-read-write-request-"


@dataclass(frozen=True)
class ModelSource:
    """The models module's source and the class each component schema became."""

    code: str | None
    """The module's source; None for expected names (``expected_names``), before generation."""
    names: dict[str, str]
    """Component schema name -> class name (the model read from responses)."""
    request_names: dict[str, str]
    """Component schema name -> class sent in requests (readOnly fields left out)."""


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
    document: SpecDocument, package: str, templates: Path, *, request_models: bool = True
) -> ModelSource:
    """The pydantic v2 models of every component schema, unformatted (black runs later).

    With ``request_models``, a schema with readOnly fields also gets a ``<Name>Request``
    variant without them, for request bodies; a spec that sends no body does not need them.
    """
    from datamodel_code_generator.enums import DataModelType, ReadOnlyWriteOnlyModelType
    from datamodel_code_generator.format import PythonVersion
    from datamodel_code_generator.model import get_data_model_types
    from datamodel_code_generator.parser.openapi import OpenAPIParser

    types = get_data_model_types(DataModelType.PydanticV2BaseModel, PythonVersion.PY_310)
    # The data our loader built (YAML 1.2 scalars, checked), not the text parsed once more
    # with YAML 1.1 rules; a spec in several files is read from disk to resolve its $refs.
    source: dict[str, Any] | Path = (
        document.data if len(document.files) == 1 else document.root.path
    )
    parser = OpenAPIParser(
        source,  # type: ignore[arg-type]  # the base Parser takes a dict; OpenAPIParser's hint omits it
        data_model_type=types.data_model,
        data_model_root_type=types.root_model,
        data_model_field_type=types.field_model,
        data_type_manager_type=types.data_type_manager,
        dump_resolve_reference_action=types.dump_resolve_reference_action,
        target_python_version=PythonVersion.PY_310,
        base_class=f"{package}.models._base.Model",
        additional_imports=[f"{package}.models._base.OpenEnum"],
        custom_template_dir=templates / "datamodel",
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
            ReadOnlyWriteOnlyModelType.All if request_models else None
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
    return ModelSource(code, names, request_names)
