"""Enum values that no value of their schema can be are left out, before the IR and models.

``type: string, enum: [a, b, null]`` (a 3.0 habit: ``null`` meant "nullable") accepts ``a`` and
``b`` only: in JSON Schema both keywords must hold, and ``null`` is no string. The schema means
the same without the dead value, and every later stage (IR literals, the models, the generated
tests' samples) reads it that way. Lint warns about each value (``enum-type-mismatch``) and
refuses an enum of which no value is left (``enum-impossible``), so this never empties one.

Like ``hoist``, the document is copied where it changes, never changed in place, and the
positions stay (nothing later locates an enum value).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.load import SpecDocument
from generator.shapes import has_type, schema_types

__all__ = ["prune_enums"]

_NAMES = frozenset({"properties", "patternProperties", "$defs", "definitions", "schemas"})
"""Keys whose mapping is keyed by names (a property called ``default`` is still a schema)."""

_VALUES = frozenset({"example", "examples", "default", "const", "enum"})
"""Keys that hold data, not schemas: never pruned inside."""


def prune_enums(document: SpecDocument) -> SpecDocument:
    """The document with every enum value that is not of its schema's ``type`` left out."""
    files = {}
    for path, source in document.files.items():
        data = _pruned(source.data, names=False)
        if data is not source.data:
            files[path] = replace(source, data=data)
    if not files:
        return document
    root = files.get(document.root.path, document.root)
    return replace(document, root=root, files={**document.files, **files})


def _pruned(value: Any, *, names: bool) -> Any:
    """``value`` pruned; what leads to a change is copied, everything else shared."""
    if isinstance(value, list):
        items = [_pruned(item, names=False) for item in value]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if not isinstance(value, dict):
        return value
    copy = {
        key: (
            item
            if not names and (key in _VALUES or key.startswith("x-"))
            else _pruned(item, names=not names and key in _NAMES)
        )
        for key, item in value.items()
    }
    enum, kinds = value.get("enum"), None if names else schema_types(value)
    if isinstance(enum, list) and kinds is not None:
        live = [item for item in enum if has_type(item, kinds)]
        if live and len(live) < len(enum):
            copy["enum"] = live
    changed = any(copy[key] is not value[key] for key in copy)
    return copy if changed else value
