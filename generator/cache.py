"""Where the toolchain keeps its caches: black's output and the templates' compiled code.

Both are keyed by their input's hash, so a stale or damaged entry is never used; deleting
the folder only costs time.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["cache_root", "jinja_bytecode_cache"]


def cache_root() -> Path | None:
    """``$SOLVIMON_CODEGEN_CACHE`` (``off`` disables every cache), else
    ``$XDG_CACHE_HOME/solvimon-codegen`` or ``~/.cache/solvimon-codegen``."""
    setting = os.environ.get("SOLVIMON_CODEGEN_CACHE")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "solvimon-codegen"


def jinja_bytecode_cache() -> Any:
    """Jinja's own cache of compiled templates, in ``cache_root()``; None when caches are off.

    For our templates, compiling is about half of rendering (0.4 s of the vendor excerpt's
    generate), and for the model generator's, a tenth of a small spec's models (bench/RESULTS.md).
    Jinja keys each entry by the template's source and the running Python, as .pyc files are.
    """
    import jinja2

    root = cache_root()
    if root is None:
        return None
    # A folder per Python: Jinja's entries are named by template, and would be replaced by
    # each interpreter in turn when two share a cache (CI runs two at once).
    python = f"py{sys.version_info[0]}{sys.version_info[1]}"
    folder = root / f"jinja-{jinja2.__version__}-{python}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a cache that cannot be written only costs time

    class Cache(jinja2.FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with contextlib.suppress(OSError):  # as above
                super().dump_bytecode(bucket)

    return Cache(str(folder))
