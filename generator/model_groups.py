"""Cut the component schemas into groups that share no ``$ref``; join the models made for each.

datamodel-code-generator holds every model of a run in memory (about 130 KB per schema) and
uses one core. Schemas that never reference each other, directly or through others, can be
generated in separate runs: the peak memory is then that of the largest batches, and many
batches run in a pool of processes, one per core (``models._run_all``). ``join`` puts the
runs' classes back in the order one run gives (a topological sort that breaks ties by class
name: a k-way merge of the runs' own orders) and merges their imports, less those no class
uses. It reports a conflict instead of guessing when the runs could not have been one module
as they are: two different classes of one name, or an import binding a name that a class or
another import also binds. The caller then makes the models in one run.
"""

from __future__ import annotations

import ast
import heapq
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from generator.load import iter_pointer, iter_refs
from generator.names import isort_key

__all__ = ["ImportLine", "Joined", "batches", "join"]

_SCHEMAS = "#/components/schemas/"


class ImportLine(NamedTuple):
    """``from module import names`` (``import name`` when module is None), with aliases."""

    module: str | None
    names: tuple[tuple[str, str | None], ...]


class Joined(NamedTuple):
    """A models module: imports in sections (future, stdlib, others, own package), classes."""

    imports: tuple[tuple[ImportLine, ...], ...]
    body: str


def batches(schemas: Mapping[str, Any], size: int) -> list[list[str]]:
    """The schema names in batches of at least ``size`` (the last may have half as many; fewer
    join the batch before), never splitting a group of schemas joined by ``$ref``s. Batches
    take the groups in the order of their first schema; a batch lists its schemas in the
    spec's order, as one run sees them."""
    order = {name: index for index, name in enumerate(schemas)}
    parent = {name: name for name in schemas}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for name, schema in schemas.items():
        for target in _targets(schema):
            if target in parent:
                a, b = sorted((root(name), root(target)), key=order.__getitem__)
                parent[b] = a
    groups: dict[str, list[str]] = {}
    for name in schemas:
        groups.setdefault(root(name), []).append(name)
    result: list[list[str]] = []
    current: list[str] = []
    for members in groups.values():  # in the order of each group's first schema
        current.extend(members)
        if len(current) >= size:
            result.append(sorted(current, key=order.__getitem__))
            current = []
    if result and len(current) < size // 2:  # too few for the fixed cost of a run of their own
        current += result.pop()
    if current:
        result.append(sorted(current, key=order.__getitem__))
    return result


def _targets(schema: Any) -> Iterable[str]:
    """The component schemas a schema's ``$ref``s point into (anywhere inside them)."""
    for ref in iter_refs(schema):
        if ref.startswith(_SCHEMAS):
            yield next(iter_pointer(ref[len(_SCHEMAS) - 1 :]), "")


class _Conflict(Exception):
    """The runs' modules cannot be joined as they are."""


def join(codes: Sequence[str], package: str) -> Joined | None:
    """One module from the modules of separate runs; None when they conflict (see above).

    A module with anything but imports before its first class, or a statement of several lines
    after it, is never joined: that is not the shape this tool's options produce.
    """
    try:
        parts = [_cut(code) for code in codes]
        used = {name for _, _, _, names in parts for name in names}
        # Enums first: a model's field default may be an enum member (``Region.US_EAST_1``),
        # evaluated when the class is created, and an enum never refers to a model.
        merged = _merge([classes for _, classes, _, _ in parts])
        body = sorted(merged, key=lambda item: not _ENUM.match(item[1]))
        # Then every run's statements (``X.model_rebuild()``), which need all classes defined.
        tails = list(dict.fromkeys(line for _, _, tail, _ in parts for line in tail))
        pieces = [piece for _, piece in body]
        if tails:
            pieces.append("\n".join(tails) + "\n")
        code = "\n\n".join(pieces)
        imports = _imports(
            [lines for lines, _, _, _ in parts], {name for name, _ in body}, package, used
        )
    except _Conflict:
        return None
    return Joined(imports, code)


_ENUM = re.compile(r"class \w+\((?:OpenEnum|OpenIntEnum|OpenValueEnum|Enum|StrEnum|IntEnum)\):")
"""The first line of an enum class (the bases datamodel-code-generator and our template give)."""


def _cut(code: str) -> tuple[list[ImportLine], list[tuple[str, str]], list[str], set[str]]:
    """A module's import lines, the (name, source) pieces of its classes and type aliases in
    order (``_defined``), the other one-line statements among them (``model_rebuild()`` calls),
    which ``join`` puts after every class, and the names its code reads: an import of any other
    is dropped (datamodel-code-generator imports ``Enum`` even when every enum derives from
    ``OpenEnum``; a title that says "Enum" is no use of it).
    """
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        raise _Conflict from exc
    text = code.splitlines()
    lines: list[ImportLine] = []
    classes: list[tuple[str, str]] = []
    tail: list[str] = []
    nodes = tree.body
    for index, node in enumerate(nodes):
        name = _defined(node)
        if name is not None:
            end = _first_line(nodes[index + 1]) if index + 1 < len(nodes) else len(text)
            source = "\n".join(text[_first_line(node) : end]).rstrip() + "\n"
            classes.append((name, source))
        elif classes:
            if node.end_lineno != node.lineno:
                raise _Conflict
            tail.append(text[node.lineno - 1])
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            lines.append(ImportLine(node.module, tuple((a.name, a.asname) for a in node.names)))
        elif isinstance(node, ast.Import):
            lines.extend(ImportLine(None, ((a.name, a.asname),)) for a in node.names)
        else:
            raise _Conflict
    used = {
        node.id
        for statement in nodes
        if not isinstance(statement, ast.Import | ast.ImportFrom)
        for node in ast.walk(statement)
        if isinstance(node, ast.Name)
    }
    return lines, classes, tail, used


def _defined(node: ast.stmt) -> str | None:
    """The name a class or a type alias (``X = TypeAliasType("X", ...)``, which a class's base
    may use: codat's ``Tags(RootModel[dict[str, TagsAdditionalProperty]])``) defines; None for
    any other statement."""
    if isinstance(node, ast.ClassDef):
        return node.name
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        return target.id if isinstance(target, ast.Name) else None
    return None


def _first_line(node: ast.stmt) -> int:
    """The 0-based first line of a statement, a class's decorators included."""
    decorators = node.decorator_list if isinstance(node, ast.ClassDef) else []
    return (decorators[0] if decorators else node).lineno - 1


def _merge(runs: list[list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """The classes of all runs: next, always the smallest name among the runs' next classes.

    That is the order one run gives: with no edges between the runs, its heap of ready models
    holds each run's next one. A class that several runs made alike (an inline object of the
    same name and shape) is kept once, where it first comes.
    """
    heads = [(run[0][0], index, 0) for index, run in enumerate(runs) if run]
    heapq.heapify(heads)
    seen: dict[str, str] = {}
    merged: list[tuple[str, str]] = []
    while heads:
        name, index, position = heapq.heappop(heads)
        piece = runs[index][position][1]
        if name not in seen:
            seen[name] = piece
            merged.append((name, piece))
        elif seen[name] != piece:
            raise _Conflict
        if position + 1 < len(runs[index]):
            heapq.heappush(heads, (runs[index][position + 1][0], index, position + 1))
    return merged


def _imports(
    runs: list[list[ImportLine]], classes: set[str], package: str, used: set[str]
) -> tuple[tuple[ImportLine, ...], ...]:
    """The runs' imports merged per module and sorted, in isort's sections, less the unused."""
    bound: dict[str, tuple[str | None, str]] = {}
    by_module: dict[str | None, set[tuple[str, str | None]]] = {}
    for line in (line for run in runs for line in run):
        for name, alias in line.names:
            binding = alias or (name.partition(".")[0] if line.module is None else name)
            source = (line.module, name)
            if bound.setdefault(binding, source) != source or binding in classes:
                raise _Conflict
            if binding in used or line.module == "__future__":
                by_module.setdefault(line.module, set()).add((name, alias))
    # As ruff's isort writes them: a module's plain names on one line, each aliased name on a
    # line of its own (Revolut's `from datetime import date as date_aliased`), by first name.
    lines = sorted(
        (
            ImportLine(module, group)
            for module, names in by_module.items()
            for group in (
                tuple(sorted((n for n in names if not n[1]), key=lambda n: isort_key(n[0]))),
                *(((name, alias),) for name, alias in names if alias),
            )
            if group
        ),
        key=lambda line: (
            line.module is not None, line.module or line.names[0][0], isort_key(line.names[0][0])
        ),
    )
    sections: list[list[ImportLine]] = [[], [], [], []]
    for line in lines:
        top = (line.module or line.names[0][0]).partition(".")[0]
        if top == "__future__":
            sections[0].append(line)
        elif top in sys.stdlib_module_names:
            sections[1].append(line)
        elif top == package.partition(".")[0]:
            sections[3].append(line)
        else:
            sections[2].append(line)
    return tuple(tuple(section) for section in sections if section)
