"""Rules on ``$ref``: remote, unresolved (with the nearest fix) and cyclic references."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urldefrag

from generator.errors import Diagnostic, escape_pointer
from generator.lint._walk import MAX_REF_HOPS, Node, diag, is_remote, nearest, resolve, walk
from generator.load import SpecDocument, iter_pointer

__all__ = ["ref_rules"]


def ref_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """ref-remote, ref-unresolved and ref-cycle, for every ``$ref`` in every file, and
    ref-remote and ref-unresolved for a discriminator's mapping to another file."""
    for source in doc.files.values():
        for node in walk(Node(source, "", source.data)):
            if not isinstance(node.value, dict):
                continue
            if isinstance(node.value.get("$ref"), str):
                ref_node = node.child("$ref")
                assert ref_node is not None
                yield from _check_ref(doc, node, ref_node, node.value["$ref"])
            mapping = node.child("mapping")
            if mapping is not None and isinstance(node.value.get("propertyName"), str):
                yield from _check_mapping(doc, node, mapping)


def _check_mapping(doc: SpecDocument, holder: Node, mapping: Node) -> Iterator[Diagnostic]:
    """A mapping value that names another file: the model generator reads it itself (the
    loader follows ``$ref`` only), and fails on one that does not exist. A value that does not
    resolve inside the document is tolerated, as the model generator tolerates it (FastAPI's
    ``Block-Input`` names in private-gpt's document)."""
    for _, target in mapping.items():
        ref = target.value
        file = urldefrag(ref)[0] if isinstance(ref, str) and "/" in ref else ""
        if not file:
            continue  # a schema name, or a pointer into this file
        if is_remote(ref):
            yield from _check_ref(doc, holder, target, ref)
            continue
        path = _target_path(holder, file)
        if path is None or (path not in doc.files and not path.is_file()):
            yield from _check_ref(doc, holder, target, ref)


def _check_ref(doc: SpecDocument, holder: Node, at: Node, ref: str) -> Iterator[Diagnostic]:
    if is_remote(ref):
        yield diag(
            doc, at, "ref-remote", f"remote reference {ref!r} is refused; nothing is fetched",
            "copy the referenced definition into the spec (or a file beside it) and refer "
            "to it locally",
        )
        return
    if resolve(doc, holder, ref) is None:
        yield diag(doc, at, "ref-unresolved", _unresolved_message(doc, holder, ref),
                    _unresolved_hint(doc, holder, ref))
        return
    if _ref_cycle(doc, holder):
        yield diag(
            doc, at, "ref-cycle", f"{ref!r} only leads back to itself through other $refs",
            "point the $ref at the object it stands for",
        )


def _ref_cycle(doc: SpecDocument, node: Node) -> bool:
    """Whether following ``$ref`` from ``node`` comes back to ``node`` itself."""
    start = node.key
    seen = {start}
    for _ in range(MAX_REF_HOPS):
        ref = node.value.get("$ref") if isinstance(node.value, dict) else None
        if not isinstance(ref, str):
            return False
        target = resolve(doc, node, ref)
        if target is None:
            return False
        if target.key in seen:
            return target.key == start
        seen.add(target.key)
        node = target
    return False


def _target_path(holder: Node, target: str) -> Path | None:
    """The file a relative ``$ref`` target names, or None when it is no usable path."""
    try:
        return (holder.source.path.parent / unquote(target)).resolve()
    except (OSError, ValueError):
        return None


def _unresolved_message(doc: SpecDocument, holder: Node, ref: str) -> str:
    target, fragment = urldefrag(ref)
    if target:
        path = _target_path(holder, target)
        if path is not None and path not in doc.files and path.is_file():
            return (
                f"$ref {ref!r}: the file {target!r} is no JSON or YAML document, which is all "
                "a $ref may name"
            )
        if path not in doc.files:
            return f"$ref {ref!r}: the file {target!r} does not exist (or could not be read)"
    if fragment and not fragment.startswith("/"):
        return f"$ref {ref!r}: the fragment must be a JSON pointer starting with '/'"
    return f"$ref {ref!r} does not resolve: nothing is defined at {fragment or '/'!r}"


def _unresolved_hint(doc: SpecDocument, holder: Node, ref: str) -> str:
    target, fragment = urldefrag(ref)
    fallback = "define the target or fix the reference"
    if target:
        path = _target_path(holder, target)
        if path is None:
            return "write the reference as a relative path and a JSON pointer: file.yaml#/Name"
        if path not in doc.files and path.is_file():
            return (
                "write the text in place (a `description` is a string); a tool that inlines "
                "such files (`redocly bundle`) can write the document this generator reads"
            )
        if path not in doc.files:
            siblings = [p.name for p in path.parent.glob("*.*")] if path.parent.is_dir() else []
            near = nearest(path.name, siblings)
            if near is None:
                return "create the file, or fix the path (relative to the referring file)"
            return f"did you mean {target[: -len(path.name)] + near!r}?"
        source = doc.files[path]
    else:
        source = holder.source
    value = source.data
    tokens = list(iter_pointer(fragment))
    for index, token in enumerate(tokens):
        if isinstance(value, dict) and token in value:
            value = value[token]
            continue
        if isinstance(value, dict):
            near = nearest(token, [k for k in value if isinstance(k, str)])
            if near is not None:
                fixed = "/".join(escape_pointer(t) for t in [*tokens[:index], near])
                return f"did you mean {target}#/{fixed}?"
        break
    return fallback
