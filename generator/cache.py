"""Where the toolchain keeps its caches: black's output and the templates' compiled code.

Both are keyed by their input's hash, so a stale or damaged entry is never used; deleting
the folder only costs time.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_root"]


def cache_root() -> Path | None:
    """``$SOLVIMON_CODEGEN_CACHE`` (``off`` disables every cache), else
    ``$XDG_CACHE_HOME/solvimon-codegen`` or ``~/.cache/solvimon-codegen``."""
    setting = os.environ.get("SOLVIMON_CODEGEN_CACHE")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "solvimon-codegen"
