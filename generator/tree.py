"""FileTree: the generated package as data (relative POSIX path -> bytes), and its hashing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from pathlib import Path

__all__ = ["IGNORED_PARTS", "FileTree", "read_tree", "sha256"]

IGNORED_PARTS = frozenset(
    {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis"}
)
"""Folders that tools create inside generated/ and that generation neither writes nor owns."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FileTree(Mapping[str, bytes]):
    """An immutable, sorted mapping of relative path -> content."""

    def __init__(self, files: Mapping[str, bytes]) -> None:
        self._files = dict(sorted(files.items()))

    def __getitem__(self, path: str) -> bytes:
        return self._files[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def hashes(self) -> dict[str, str]:
        return {path: sha256(data) for path, data in self._files.items()}

    def replace(self, changes: Mapping[str, bytes]) -> FileTree:
        return FileTree({**self._files, **changes})


def read_tree(root: Path) -> FileTree:
    """Every file under ``root``, except tool caches; empty when ``root`` does not exist."""
    files: dict[str, bytes] = {}
    if root.is_dir():
        for path in root.rglob("*"):
            relative = path.relative_to(root)
            if path.is_file() and not IGNORED_PARTS.intersection(relative.parts):
                files[relative.as_posix()] = path.read_bytes()
    return FileTree(files)
