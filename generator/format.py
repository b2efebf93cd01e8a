"""Format every Python file of a FileTree with black, in-process."""

from __future__ import annotations

from collections.abc import Mapping

from generator.errors import Diagnostic, Severity, SpecError
from generator.tree import FileTree, sha256

__all__ = ["LINE_LENGTH", "format_tree"]

LINE_LENGTH = 100


def format_tree(tree: FileTree, reuse: Mapping[str, tuple[str, bytes]] | None = None) -> FileTree:
    """Black every ``.py`` entry (fast mode: the output is checked by compiling it later).

    ``reuse`` maps a path to (sha256 of its unformatted text, formatted bytes) from the
    previous run: a file whose unformatted text did not change is not formatted again.
    """
    import black
    from black.mode import Mode, TargetVersion
    from black.report import NothingChanged

    mode = Mode(target_versions={TargetVersion.PY310}, line_length=LINE_LENGTH)
    reuse = reuse or {}
    changes: dict[str, bytes] = {}
    for path, data in tree.items():
        if not path.endswith(".py"):
            continue
        previous = reuse.get(path)
        if previous is not None and previous[0] == sha256(data):
            changes[path] = previous[1]
            continue
        try:
            text = black.format_file_contents(data.decode("utf-8"), fast=True, mode=mode)
        except NothingChanged:
            continue
        except Exception as exc:  # black reports invalid code with several exception types
            raise SpecError(
                [
                    Diagnostic(
                        path,
                        1,
                        1,
                        Severity.ERROR,
                        "format",
                        "",
                        f"black could not format the generated file: {exc}",
                        "a template produced invalid Python; fix the template",
                    )
                ]
            ) from exc
        changes[path] = text.encode("utf-8")
    return tree.replace(changes)
