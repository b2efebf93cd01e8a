"""Identifier types and the rules that turn spec names into Python names."""

from __future__ import annotations

import keyword
import re
import unicodedata

__all__ = ["ClassName", "Identifier", "class_name", "identifier", "snake_case"]


class Identifier(str):
    """A valid, non-reserved Python identifier in snake_case."""


class ClassName(str):
    """A valid Python class name in PascalCase."""


_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_WORD = re.compile(r"[^0-9A-Za-z_]+")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def snake_case(text: str) -> str:
    """``resourceId`` -> ``resource_id``, ``x-platform-id`` -> ``x_platform_id``."""
    words = _NON_WORD.sub("_", _BOUNDARY.sub("_", _ascii(text)))
    return re.sub(r"_+", "_", words).strip("_").lower()


def identifier(text: str, prefix: str = "") -> Identifier:
    """A safe snake_case identifier: leading digits get a prefix, keywords a trailing ``_``.

    Builtin names such as ``type`` or ``id`` are kept: they are legal and users expect them.
    """
    name = snake_case(text) or "value"
    if prefix and name.startswith(prefix):
        name = name[len(prefix) :] or name
    if name[0].isdigit():
        name = f"n{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in {"self", "cls"}:
        name = f"{name}_"
    return Identifier(name)


def class_name(text: str) -> ClassName:
    """``refund_invoice`` or ``refund-invoice`` -> ``RefundInvoice``."""
    words = snake_case(text).split("_")
    name = "".join(w[:1].upper() + w[1:] for w in words if w) or "Model"
    if name[0].isdigit():
        name = f"N{name}"
    return ClassName(name)
