"""Identifier types and the rules that turn spec names into Python names."""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

__all__ = [
    "ClassName",
    "Identifier",
    "class_name",
    "identifier",
    "parameter_names",
    "snake_case",
]


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


_LOCATION_ORDER = {"path": 0, "query": 1, "header": 2, "cookie": 3}


def parameter_names(params: Sequence[tuple[str, str, str | None]]) -> list[Identifier | None]:
    """The Python argument names of one operation's parameters, given (wire name, location,
    ``x-py-name`` or None) for each; None where no rule tells two apart.

    1. ``x-py-name`` wins; otherwise the snake_cased wire name (a header's ``x-`` dropped).
    2. Names still shared: the parameter first in path, query, header, cookie order keeps it;
       one in another location gets the location as a suffix (``param_query``, ``param_cookie``).
    3. Still shared (``mixedCase`` next to ``mixed_case``, both in the query): a wire name that is
       a valid Python identifier is kept as it is (``mixedCase``).
    4. Still shared: None (the spec must set ``x-py-name``).
    """
    names: list[str] = [
        identifier(override)
        if override
        else identifier(name, prefix="x_" if location == "header" else "")
        for name, location, override in params
    ]
    counts = Counter(names)
    order = sorted(range(len(params)), key=lambda i: _LOCATION_ORDER.get(params[i][1], 4))
    keeper: dict[str, str] = {}
    for i in order:
        name, location, override = params[i]
        if counts[names[i]] < 2 or override:
            continue
        first = keeper.setdefault(names[i], location)
        if location != first:
            names[i] = f"{names[i]}_{location}"
    counts = Counter(names)
    for i, (name, _, override) in enumerate(params):
        if (
            counts[names[i]] > 1
            and not override
            and name.isidentifier()
            and name.isascii()
            and not keyword.iskeyword(name)
            and name != names[i]
        ):
            names[i] = name
    counts = Counter(names)
    seen: set[str] = set()
    result: list[Identifier | None] = []
    for name in names:
        result.append(Identifier(name) if counts[name] < 2 or name not in seen else None)
        seen.add(name)
    return result
