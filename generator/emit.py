"""Write a FileTree into the output directory atomically; the only module that writes.

The new tree is written and fsynced in a staging directory beside the output,
then swapped in with one ``renameat2(RENAME_EXCHANGE)`` on Linux: at every
instant the output path holds either the whole old tree or the whole new one.
Where the exchange is unavailable, two renames are used (a moment without the
directory). A process killed midway leaves a staging directory, which the next
``generate`` removes and ``check`` reports.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from generator.errors import GeneratorError
from generator.tree import FileTree

__all__ = ["leftovers", "remove_leftovers", "write_tree"]

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _prefix(out: Path) -> str:
    return f".{out.name}.staging-"


def leftovers(out: Path) -> list[Path]:
    """Staging directories an interrupted ``generate`` left beside ``out``."""
    if not out.parent.is_dir():
        return []
    return sorted(p for p in out.parent.iterdir() if p.name.startswith(_prefix(out)))


def remove_leftovers(out: Path) -> list[Path]:
    import shutil

    found = leftovers(out)
    for path in found:
        shutil.rmtree(path, ignore_errors=True)
    return found


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_files(tree: FileTree, root: Path) -> None:
    for relative, data in tree.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    for folder in sorted({(root / r).parent for r in tree}, key=lambda p: -len(p.parts)):
        _fsync_dir(folder)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the filesystem cannot exchange
        return False
    raise OSError(error, os.strerror(error), str(a))


def write_tree(tree: FileTree, out: Path) -> list[Path]:
    """Replace ``out`` with exactly ``tree``; returns the leftovers it cleaned up first."""
    import shutil
    import tempfile

    out = out.absolute()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        cleaned = remove_leftovers(out)
        staging = Path(tempfile.mkdtemp(prefix=_prefix(out), dir=out.parent))
        _write_files(tree, staging)
        if not out.exists():
            os.rename(staging, out)
        elif _exchange(staging, out):
            shutil.rmtree(staging)  # now holds the old tree
        else:
            old = Path(tempfile.mkdtemp(prefix=_prefix(out), dir=out.parent))
            os.rename(out, old / "old")
            os.rename(staging, out)
            shutil.rmtree(old)
        _fsync_dir(out.parent)
    except OSError as exc:
        raise GeneratorError(f"could not write {out}: {exc}") from exc
    return cleaned
