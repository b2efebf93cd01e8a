"""Format every Python file of a FileTree with black, in-process, on both cores.

Black's cost grows with the size of a file, and the models module is most of
the output, so large files are cut at top-level definitions into pieces
that are formatted separately (black formats top-level statements independently;
joined with the two blank lines it puts between classes, the result is
byte-identical, which a test checks) and the pieces are shared between this
process and one worker.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Executor

from generator.errors import Diagnostic, Severity, SpecError
from generator.tree import FileTree, sha256

__all__ = ["CHUNK_BYTES", "LINE_LENGTH", "format_source", "format_tree", "split_top_level"]

LINE_LENGTH = 100
CHUNK_BYTES = 16_000
"""Files larger than this are formatted in pieces of about this size."""


_TOP_LEVEL = ("class ", "def ", "async def ", "@")
"""Lines that start a top-level definition (or its decorators)."""


def split_top_level(text: str, size: int = CHUNK_BYTES) -> list[str]:
    """Cut ``text`` before top-level definitions that follow a blank line, into ~size pieces.

    A comment or decorator right above a definition has no blank line before the
    definition, so it stays with it, as black's blank-line rules need.
    """
    lines = text.splitlines(keepends=True)
    pieces: list[str] = []
    start = 0
    length = 0
    for index, line in enumerate(lines):
        boundary = line.startswith(_TOP_LEVEL) and index > 0 and not lines[index - 1].strip()
        if boundary and length >= size:
            pieces.append("".join(lines[start:index]))
            start, length = index, 0
        length += len(line)
    pieces.append("".join(lines[start:]))
    return pieces


def format_source(text: str) -> str:
    """Black one piece of Python source (fast mode: the pipeline's tests compile the output)."""
    import black
    from black.mode import Mode, TargetVersion
    from black.report import NothingChanged

    mode = Mode(target_versions={TargetVersion.PY310}, line_length=LINE_LENGTH)
    try:
        return black.format_file_contents(text, fast=True, mode=mode)
    except NothingChanged:
        return text


def _format_many(pieces: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    done = []
    for path, index, text in pieces:
        try:
            done.append((path, index, format_source(text)))
        except Exception as exc:  # black reports invalid code with several exception types
            raise ValueError(f"{path}: {exc}") from None
    return done


def format_tree(
    tree: FileTree,
    reuse: Mapping[str, tuple[str, bytes]] | None = None,
    executor: Executor | None = None,
) -> FileTree:
    """Black every ``.py`` entry; raise SpecError naming the file when black cannot parse it.

    ``reuse`` maps a path to (sha256 of its unformatted text, formatted bytes) from the
    previous run: a file whose unformatted text did not change is not formatted again.
    With an ``executor``, about half of the work runs there.
    """
    reuse = reuse or {}
    changes: dict[str, bytes] = {}
    work: list[tuple[str, int, str]] = []
    for path, data in tree.items():
        if not path.endswith(".py"):
            continue
        previous = reuse.get(path)
        if previous is not None and previous[0] == sha256(data):
            changes[path] = previous[1]
            continue
        for index, piece in enumerate(split_top_level(data.decode("utf-8"))):
            work.append((path, index, piece))
    here: list[tuple[str, int, str]] = []
    there: list[tuple[str, int, str]] = []
    for item in sorted(work, key=lambda w: -len(w[2])):  # greedy balance by size
        load_here = sum(len(w[2]) for w in here)
        load_there = sum(len(w[2]) for w in there)
        (here if executor is None or load_here <= load_there else there).append(item)
    try:
        future = executor.submit(_format_many, there) if executor is not None and there else None
        done = _format_many(here) + (future.result() if future is not None else [])
    except ValueError as exc:
        path, _, message = str(exc).partition(": ")
        raise SpecError([
            Diagnostic(path, 1, 1, Severity.ERROR, "format", "",
                       f"black could not format the generated file: {message}",
                       "a template produced invalid Python; fix the template")
        ]) from None
    pieces: dict[str, list[tuple[int, str]]] = {}
    for path, index, text in done:
        pieces.setdefault(path, []).append((index, text))
    for path, parts in pieces.items():
        changes[path] = "\n\n".join(text for _, text in sorted(parts)).encode("utf-8")
    return tree.replace(changes)
