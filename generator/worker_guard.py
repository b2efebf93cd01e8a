"""A pool of worker processes that exit at once when the process that started them dies.

It lives apart from the model stage on purpose: a worker imports its initializer's module
before it can run it, and ``generator.model_run`` takes a tenth of a second to import (longer on
a loaded machine). This module imports nothing heavy, so the guard is up a moment after the
worker starts, and a worker still importing the model generator is already watched.
"""

from __future__ import annotations

import gc
import importlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor

__all__ = ["exit_with_parent", "stop_pool", "worker_pool"]


def worker_pool(method: str, preload: tuple[str, ...] = ()) -> ProcessPoolExecutor:
    """A pool of one worker process, started by ``method`` (``fork`` or ``spawn``) now, not at
    the first task: it imports the ``preload`` modules while this process goes on."""
    pool = ProcessPoolExecutor(
        1,
        mp_context=multiprocessing.get_context(method),
        initializer=exit_with_parent,
        initargs=preload,
    )
    pool.submit(int)  # a pool starts its worker at the first task
    return pool


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop ``pool`` now: its workers are killed, whatever they are doing (importing, or a run
    nobody waits for any more), and the pool is shut down, so that its queues release their
    semaphores (else the resource tracker warns of them when this process exits)."""
    kill = getattr(pool, "kill_workers", None)  # Python 3.14
    if kill is not None:
        kill()
    else:
        for process in list((pool._processes or {}).values()):
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def exit_with_parent(*preload: str) -> None:
    """In a worker: exit at once when the parent process dies, however it died (a SIGKILL
    included, which leaves the pool no chance to stop its workers); then import ``preload``.
    Ctrl-C is the parent's to handle: the worker ignores it rather than print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:

        def watch() -> None:
            multiprocessing.connection.wait([parent.sentinel])
            os._exit(1)

        threading.Thread(target=watch, name="orphan-guard", daemon=True).start()
    # What the imports make lives as long as the worker: the garbage collector, run every 700
    # allocations, would scan it again and again (0.02-0.03 s of the model generator's 0.2 s
    # import), and frozen, later collections pass it by.
    gc.disable()
    try:
        for module in preload:
            importlib.import_module(module)
    finally:
        gc.freeze()
        gc.enable()
