"""The pool workers' initializer: a worker exits at once when the process that started it dies.

It lives apart from the model stage on purpose: a spawned worker imports its initializer's
module before it can run it, and ``generator.models`` takes a third of a second to import
(longer on a loaded machine). This module imports nothing heavy, so the guard is up a moment
after the worker starts, and a worker still importing the model generator is already watched.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import threading

__all__ = ["exit_with_parent"]


def exit_with_parent() -> None:
    """In a worker: exit at once when the parent process dies, however it died (a SIGKILL
    included, which leaves the pool no chance to stop its workers). Ctrl-C is the parent's
    to handle: the worker ignores it rather than print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="orphan-guard", daemon=True).start()
