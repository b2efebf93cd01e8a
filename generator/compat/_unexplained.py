"""Every place where two specs differ, so that a change no rule names is still listed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from generator.compat._view import show
from generator.errors import escape_pointer
from generator.load import SourceFile, SpecDocument

__all__ = ["changed_places", "explainer"]

Place = tuple[str | None, str | None]
"""Where a change is, as shown, in the old and the new spec (None: absent there)."""


def _relative(doc: SpecDocument, source: SourceFile) -> Path:
    return source.path.relative_to(doc.root.path.parent) if source is not doc.root else Path()


def _leaves(old: Any, new: Any, pointer: str) -> Iterator[tuple[str, bool, bool]]:
    """(pointer, in old, in new) of every smallest part that differs.

    Lists of one length are compared item by item; otherwise the whole list is one place.
    A schema's ``required`` list is one place, compared as a set of names.
    """
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(old.keys() | new.keys(), key=str):
            child = f"{pointer}/{escape_pointer(str(key))}"
            if key not in new:
                yield child, True, False
            elif key not in old:
                yield child, False, True
            elif not _same(old[key], new[key]):
                if key == "required" and isinstance(old[key], list):
                    if not _same_names(old[key], new[key]):
                        yield child, True, True
                else:
                    yield from _leaves(old[key], new[key], child)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (before, after) in enumerate(zip(old, new, strict=True)):
            if not _same(before, after):
                yield from _leaves(before, after, f"{pointer}/{index}")
    elif not _same(old, new):
        yield pointer, True, True


def _same(old: Any, new: Any) -> bool:
    return type(old) is type(new) and bool(old == new)


def _same_names(old: Any, new: Any) -> bool:
    """Two ``required`` lists that name the same fields (their order means nothing)."""
    if not (isinstance(old, list) and isinstance(new, list)):
        return False
    names = [n for n in old + new if isinstance(n, str)]
    return len(names) == len(old) + len(new) and set(old) == set(new)


def changed_places(old: SpecDocument, new: SpecDocument) -> list[Place]:
    """Every place that differs, in all files of the specs (paired by path from the root's
    folder), ``info.version`` left out."""
    olds = {_relative(old, s): s for s in old.files.values()}
    news = {_relative(new, s): s for s in new.files.values()}
    places: list[Place] = []
    for name in sorted(olds.keys() & news.keys()):
        before, after = olds[name], news[name]
        for pointer, in_old, in_new in _leaves(before.data, after.data, ""):
            if name == Path() and pointer == "/info/version":
                continue
            places.append((
                show(old, before, pointer) if in_old else None,
                show(new, after, pointer) if in_new else None,
            ))
    return places


def _ancestors(pointer: str) -> Iterator[str]:
    """``a#/x/y``, ``a#/x``, ``a#``: a pointer and the ones above it (the root file's whole
    document, the empty pointer, left out: it would explain everything)."""
    while pointer:
        yield pointer
        if pointer.endswith("#") or "/" not in pointer:
            return
        pointer = pointer.rsplit("/", 1)[0]


def explainer(found: Iterable[str], examined: Iterable[str]) -> Callable[[Place], bool]:
    """Whether a place is explained: a finding is at, above or below it, or a keyword a rule
    compared (and found without effect) is at or above it. A change of a schema's
    ``required`` list is explained by any finding in that schema."""
    at = {e for e in found if e}
    below = {a for e in at for a in _ancestors(e)}
    at |= {e for e in examined if e}
    return lambda place: _explained(place, at, below)


def _explained(place: Place, found: set[str], below: set[str]) -> bool:
    for pointer in place:
        if not pointer:
            continue
        if pointer.endswith("/required"):
            pointer = pointer.rsplit("/", 1)[0]
        if pointer in below or any(a in found for a in _ancestors(pointer)):
            return True
    return False
