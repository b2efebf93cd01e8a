"""Identifier types and the rules that turn spec names into Python names."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import count

__all__ = [
    "BUILTIN_CLASSES",
    "METHOD_ARGS",
    "RESERVED",
    "ClassName",
    "Identifier",
    "NaturalKey",
    "class_name",
    "identifier",
    "ignored_header",
    "isort_key",
    "method_name",
    "method_names",
    "nameable",
    "natural",
    "parameter_names",
    "snake_case",
]


class Identifier(str):
    """A valid, non-reserved Python identifier in snake_case."""


class ClassName(str):
    """A valid Python class name in PascalCase."""


RESERVED = frozenset(
    {
        # keyword.kwlist, identical on Python 3.10, 3.11, 3.12 and 3.13
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield",
        # keyword.softkwlist: "_", "case", "match" since 3.10, "type" since 3.12
        "_", "case", "match", "type",
        # the names of a method's first parameter
        "self", "cls",
    }
)  # fmt: skip
"""Names an identifier never takes (it gets a trailing ``_``): a fixed list, written out, not the
running interpreter's ``keyword`` module, so the generated code is the same on every Python the
toolchain supports (``type`` became a soft keyword in 3.12). A test compares it with ``keyword``
of the interpreter running it, which must not have anything this list lacks."""

BUILTIN_CLASSES = frozenset(
    {
        "ArithmeticError", "AssertionError", "AttributeError", "BaseException",
        "BaseExceptionGroup", "BlockingIOError", "BrokenPipeError", "BufferError", "BytesWarning",
        "ChildProcessError", "ConnectionAbortedError", "ConnectionError",
        "ConnectionRefusedError", "ConnectionResetError", "DeprecationWarning", "EOFError",
        "Ellipsis", "EncodingWarning", "EnvironmentError", "Exception", "ExceptionGroup",
        "FileExistsError", "FileNotFoundError", "FloatingPointError", "FutureWarning",
        "GeneratorExit", "IOError", "ImportError", "ImportWarning", "IndentationError",
        "IndexError", "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt",
        "LookupError", "MemoryError", "ModuleNotFoundError", "NameError", "NotADirectoryError",
        "NotImplemented", "NotImplementedError", "OSError", "OverflowError",
        "PendingDeprecationWarning", "PermissionError", "ProcessLookupError",
        "PythonFinalizationError", "RecursionError", "ReferenceError", "ResourceWarning",
        "RuntimeError", "RuntimeWarning", "StopAsyncIteration", "StopIteration", "SyntaxError",
        "SyntaxWarning", "SystemError", "SystemExit", "TabError", "TimeoutError", "TypeError",
        "UnboundLocalError", "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError",
        "UnicodeTranslateError", "UnicodeWarning", "UserWarning", "ValueError", "Warning",
        "ZeroDivisionError",
    }
)  # fmt: skip
"""The capitalized names of Python's builtins (3.10 to 3.13, written out as ``RESERVED`` is):
a model class named ``Warning`` that a model before it refers to would be read as the builtin
(SendGrid's, in kin-openapi's Stoplight document), so such a class is ``WarningModel``."""

_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])(?![A-Z]s(?![a-z]))")
"""Where a word starts in camelCase: ``resourceId``, ``HTTPServer``; an acronym's plural is one
word (``userIDs`` -> ``user_ids``, ``listACLs`` -> ``list_acls``, not ``user_i_ds``)."""
_NON_WORD = re.compile(r"[^0-9A-Za-z_]+")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def snake_case(text: str) -> str:
    """``resourceId`` -> ``resource_id``, ``x-platform-id`` -> ``x_platform_id``."""
    words = _NON_WORD.sub("_", _BOUNDARY.sub("_", _ascii(text)))
    return re.sub(r"_+", "_", words).strip("_").lower()


def method_name(operation_id: object, x_method_name: object, method: str, path: str) -> Identifier:
    """An operation's Python method name: ``x-method-name``; else the snake-cased operationId
    (``emails/send`` -> ``emails_send``) when it starts with an ASCII letter; else one made of
    the method and path (``get_v1_locations``; lint warns when the operationId is missing or
    gives no name)."""
    if isinstance(x_method_name, str):
        return identifier(x_method_name)
    if isinstance(operation_id, str) and nameable(operation_id):
        return identifier(operation_id)
    return identifier(f"{method}_{path}")


def method_names(operations: Iterable[tuple[object, object, str, str]]) -> list[Identifier]:
    """The Python method name of each operation, (operationId, x-method-name, method, path) in
    the document's order: ``method_name``, except that

    - FastAPI's default operationId is its function's name (``get_task`` of
      ``get_task_tasks__task_id__get``, ``/tasks/{task_id}``, get: ``_fastapi_function``) when
      no other operation of the document has that name, by function or as written;
    - a name an operation before has taken is ``<name>_2`` (``_3``, ...) when it comes from an
      operationId that differs (FastAPI's ``deploy_list__get`` and ``deploy_list_get``, of
      ``/deploy/list/`` and ``/deploy/list``; lint warns). An ``x-method-name`` is kept as
      written, and the same operationId twice is lint's error."""
    listed = list(operations)
    written = [method_name(*operation) for operation in listed]
    functions = [_fastapi_function(*operation) for operation in listed]
    claimed = Counter([*written, *(name for name in functions if name is not None)])
    names: list[Identifier] = []
    first: dict[str, object] = {}  # name -> the operationId that took it
    for (operation_id, x_method_name, _, _), name, function in zip(
        listed, written, functions, strict=True
    ):
        if function is not None and claimed[function] == 1:
            name = function
        if name in first and first[name] != operation_id and not isinstance(x_method_name, str):
            n = 2
            while f"{name}_{n}" in first:
                n += 1
            name = Identifier(f"{name}_{n}")
        first.setdefault(name, operation_id)
        names.append(name)
    return names


_NOT_WORD = re.compile(r"\W")


def _fastapi_function(
    operation_id: object, x_method_name: object, method: str, path: str
) -> Identifier | None:
    """The function's name in FastAPI's default operationId (``generate_unique_id``: the name,
    then the path and the method with every character that is no word character made ``_``),
    None for any other operationId, or one under ``x-method-name``."""
    if x_method_name is not None or not isinstance(operation_id, str):
        return None
    function = operation_id.removesuffix(f"{_NOT_WORD.sub('_', path)}_{method.lower()}")
    if function == operation_id or not function or not nameable(function):
        return None
    return identifier(function)


def nameable(operation_id: str) -> bool:
    """An operationId that snake-cases into a method name (``emails/send`` -> ``emails_send``)
    without an invented prefix: it starts with an ASCII letter once snake-cased, and is no UUID
    (Zuplo's ``b61c0cd1-b380-...``: a method ``b61c0cd1_b380_4440_...`` says nothing)."""
    name = snake_case(operation_id)
    return (
        bool(name) and name[0].isascii() and name[0].isalpha() and not _UUID.fullmatch(name)
    )


_UUID = re.compile(r"[0-9a-f]{8}_?[0-9a-f]{4}_?[0-9a-f]{4}_?[0-9a-f]{4}_?[0-9a-f]{12}")


def identifier(text: str, prefix: str = "") -> Identifier:
    """A safe snake_case identifier: leading digits get a prefix, ``RESERVED`` names a trailing
    ``_`` (``type`` -> ``type_``, a soft keyword since 3.12). Builtin names such as ``id`` are
    kept: they are legal and users expect them.
    """
    name = snake_case(text) or "value"
    if prefix and name.startswith(prefix):
        name = name[len(prefix) :] or name
    if name[0].isdigit():
        name = f"n{name}"
    if name in RESERVED:
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

METHOD_ARGS = frozenset(
    {"self", "_client", "body", "extra_headers", "extra_query", "timeout", "max_retries"}
)
"""The arguments of every client method besides its parameters: a parameter named so gets
its location as a suffix (``timeout_query``)."""

_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})


def ignored_header(name: object, location: object) -> bool:
    """A header parameter OpenAPI says to ignore (3.1 §4.8.12.1: "If in is "header" and the name
    field is "Accept", "Content-Type" or "Authorization", the parameter definition SHALL be
    ignored"): the media types and the security schemes say what those headers carry."""
    return location == "header" and isinstance(name, str) and name.lower() in _IGNORED_HEADERS


def parameter_names(
    params: Sequence[tuple[str, str, str | None]], arguments: frozenset[str] = frozenset()
) -> list[Identifier | None]:
    """The Python argument names of one operation's parameters, given (wire name, location,
    ``x-py-name`` or None) for each; None where no rule tells two apart.

    1. ``x-py-name`` wins; otherwise the snake_cased wire name (a header's ``x-`` dropped).
    2. Names still shared: the parameter first in path, query, header, cookie order keeps it;
       one in another location gets the location as a suffix (``param_query``, ``param_cookie``),
       and so does one named like an argument of every method (``timeout_query``) or of this
       one (``arguments``: ``content_type``).
    3. Still shared (``mixedCase`` next to ``mixed_case``, both in the query): a wire name that is
       a valid Python identifier is kept as it is (``mixedCase``).
    4. Still shared (Mistral's ``sort.direction`` next to ``sort_direction``): the parameter
       whose wire name the name is keeps it, the others get ``_1``, ``_2``... (as the models'
       fields do); one spelt the same by two ``x-py-name``s is None (the spec must change one).
    """
    names: list[str] = [
        identifier(override)
        if override
        else identifier(name, prefix="x_" if location == "header" else "")
        for name, location, override in params
    ]
    for i, (_, location, override) in enumerate(params):
        if names[i] in METHOD_ARGS | arguments and not override:
            names[i] = f"{names[i]}_{location}"
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
            and name not in RESERVED | METHOD_ARGS
            and name != names[i]
        ):
            names[i] = name
    taken = set(names)
    for shared in [name for name, times in Counter(names).items() if times > 1]:
        group = [i for i, name in enumerate(names) if name == shared]
        overridden = [i for i in group if params[i][2]]
        kept = overridden or [next((i for i in group if params[i][0] == shared), group[0])]
        for i in group:
            if i not in kept:
                names[i] = next(f"{shared}_{n}" for n in count(1) if f"{shared}_{n}" not in taken)
                taken.add(names[i])
    counts = Counter(names)
    seen: set[str] = set()
    result: list[Identifier | None] = []
    for name in names:
        result.append(Identifier(name) if counts[name] < 2 or name not in seen else None)
        seen.add(name)
    return result


NaturalKey = tuple[str | tuple[int, int | str], ...]


def natural(text: str) -> NaturalKey:
    """Digit runs compared as ruff's natural sort compares them (the ``natord`` algorithm): by
    value (``Item2`` before ``Item10``), but a run with a leading zero digit by digit, and before
    any run without one (``Enum07ee`` before ``Enum2f67``: Lapyme's hashed schema names)."""
    parts = re.split(r"(\d+)", text)
    return tuple(
        part if index % 2 == 0 else (0, part) if part.startswith("0") else (1, int(part))
        for index, part in enumerate(parts)
    )


def isort_key(name: str) -> tuple[int, NaturalKey, NaturalKey]:
    """isort's order-by-type (CONSTANTS, Classes, others; case-insensitive), as ruff checks it
    (``UUID4`` before ``AnyUrl``)."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return (kind, natural(name.lower()), natural(name))
