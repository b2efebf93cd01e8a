"""The spec as located nodes: walking, ``$ref`` following, and the helpers every rule uses."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, NamedTuple, TypeVar

from generator.errors import Diagnostic, Severity, escape_pointer
from generator.load import SourceFile, SpecDocument, is_data, is_extension

__all__ = [
    "MAX_REF_HOPS",
    "Node",
    "deref",
    "describe",
    "diag",
    "did_you_mean",
    "is_remote",
    "nearest",
    "repeats",
    "resolve",
    "root_node",
    "walk",
]


MAX_REF_HOPS = 64
"""How many ``$ref`` hops a chain is followed before giving up."""

_T = TypeVar("_T")
_K = TypeVar("_K", bound=Hashable)


class Node(NamedTuple):
    """A value of the spec and where it lives: the file and the JSON pointer there.

    A NamedTuple rather than a frozen dataclass: the rules create hundreds of thousands of
    nodes on a large spec, and a frozen dataclass's ``__init__`` (``object.__setattr__`` per
    field) was the largest single cost of linting one.
    """

    source: SourceFile
    pointer: str
    value: Any

    def child(self, key: str | int) -> Node | None:
        """The child at ``key``, or None when this is not a container holding it."""
        value = self.value
        if isinstance(value, dict) and isinstance(key, str) and key in value:
            return Node(self.source, f"{self.pointer}/{escape_pointer(key)}", value[key])
        if isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
            return Node(self.source, f"{self.pointer}/{key}", value[key])
        return None

    def items(self) -> Iterator[tuple[str, Node]]:
        """(key, child) for a mapping; nothing otherwise."""
        value = self.value
        if isinstance(value, dict):
            source, pointer = self.source, self.pointer
            for key, item in value.items():
                if isinstance(key, str):
                    yield key, Node(source, f"{pointer}/{escape_pointer(key)}", item)

    def elements(self) -> Iterator[Node]:
        """Children of a sequence; nothing otherwise."""
        value = self.value
        if isinstance(value, list):
            source, pointer = self.source, self.pointer
            for index, item in enumerate(value):
                yield Node(source, f"{pointer}/{index}", item)

    @property
    def key(self) -> tuple[str, str]:
        return (str(self.source.path), self.pointer)


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word``, or None when none is close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str], fallback: str) -> str:
    """``did you mean 'x'?`` for the nearest choice, else ``fallback``."""
    near = nearest(word, choices)
    return f"did you mean {near!r}?" if near is not None else fallback


def repeats(items: Iterable[_T], key: Callable[[_T], _K]) -> Iterator[tuple[_T, _T, _K]]:
    """(item, first, key) for each item whose key an earlier item already had, in order.

    The first item seen with a key wins and every later one is reported against it, so a
    duplicate rule only picks the key and words the message.
    """
    first: dict[_K, _T] = {}
    for item in items:
        item_key = key(item)
        if item_key in first:
            yield item, first[item_key], item_key
        else:
            first[item_key] = item


def is_remote(ref: str) -> bool:
    """Whether ``ref`` names a URL on another host (never fetched)."""
    return "://" in ref or ref.startswith("//")


def resolve(doc: SpecDocument, node: Node, ref: str) -> Node | None:
    """The node one ``$ref`` lands on, or None when it does not resolve (or is remote)."""
    if is_remote(ref):
        return None
    try:
        source, pointer, value = doc.resolve(ref, node.source)
    except (KeyError, ValueError, OSError):
        return None
    return Node(source, pointer, value)


def deref(doc: SpecDocument, node: Node) -> Node:
    """Follow a chain of Reference objects to the object they name (or the last that resolves)."""
    seen = {node.key}
    for _ in range(MAX_REF_HOPS):
        ref = node.value.get("$ref") if isinstance(node.value, dict) else None
        if not isinstance(ref, str):
            return node
        target = resolve(doc, node, ref)
        if target is None or target.key in seen:
            return node
        seen.add(target.key)
        node = target
    return node


def walk(node: Node) -> Iterator[Node]:
    """``node`` and every mapping and sequence under it outside extensions and instance data
    (``load.is_data``: a ``$ref`` in an example is no reference), depth first, without
    recursion. Not the scalars: a Node for each was most of the walk (what walks look for,
    ``$ref``s and mappings, is in a mapping)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        value, source, pointer = current.value, current.source, current.pointer
        if isinstance(value, dict):
            parent = pointer.rpartition("/")[2]
            stack.extend(
                Node(source, f"{pointer}/{escape_pointer(key)}", item)
                for key, item in value.items()
                if isinstance(item, dict | list)
                and isinstance(key, str)
                and not (is_extension(parent, key) or is_data(parent, key, item))
            )
        elif isinstance(value, list):
            stack.extend(
                Node(source, f"{pointer}/{index}", item)
                for index, item in enumerate(value)
                if isinstance(item, dict | list)
            )


def root_node(doc: SpecDocument) -> Node:
    """The whole document, as the node at the root file's empty pointer."""
    return Node(doc.root, "", doc.data)


def diag(
    doc: SpecDocument,
    node: Node,
    code: str,
    message: str,
    hint: str,
    severity: Severity = Severity.ERROR,
    pointer: str | None = None,
) -> Diagnostic:
    """A diagnostic placed at ``node`` (or at ``pointer`` in its file)."""
    return doc.diagnostic(
        code, node.pointer if pointer is None else pointer, message, hint, severity, node.source
    )


def describe(doc: SpecDocument, node: Node) -> str:
    """``#/pointer`` in the root file, ``other.yaml#/pointer`` elsewhere."""
    prefix = "" if node.source is doc.root else node.source.display
    return f"{prefix}#{node.pointer}"
