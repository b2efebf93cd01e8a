"""Run datamodel-code-generator in-process, with fixed options, on the spec's component schemas."""

from __future__ import annotations

import contextlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Diagnostic, Severity, SpecError
from generator.load import SpecDocument

__all__ = ["ModelSource", "generate_models"]

_SCHEMAS = "#/components/schemas/"
_REQUEST_MARK = "-read-write-request-"


@dataclass(frozen=True)
class ModelSource:
    """The models module's source and the class each component schema became."""

    code: str
    names: dict[str, str]
    """Component schema name -> class name (the model read from responses)."""
    request_names: dict[str, str]
    """Component schema name -> class sent in requests (readOnly fields left out)."""


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
    single_file = len(document.files) == 1
    source: str | Path = (
        document.root.raw.decode("utf-8-sig") if single_file else document.root.path
    )
    parser = OpenAPIParser(
        source,
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
