"""Run one command as a separate process and measure its wall time and peak memory.

Peak memory comes from ``os.wait4``: the kernel reports the max RSS of that one child (and the
processes it waited for, such as a formatter it spawned), so each run is measured on its own
rather than accumulated over every child of the harness.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["TIMED_OUT", "ProcessResult", "first_error_line", "run_process"]


@dataclass(frozen=True)
class ProcessResult:
    """What one run of a command did: exit code, wall and CPU seconds, peak RSS, its output."""

    returncode: int
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str
    cpu_seconds: float = 0.0
    """User + system time of the command and the processes it waited for."""

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run_process(
    argv: Sequence[str | Path],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 900.0,
) -> ProcessResult:
    """Run ``argv`` to completion; output goes to temporary files so no pipe can fill up."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(a) for a in argv],
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        status, usage = _wait(proc, timeout)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return ProcessResult(
            returncode=status,
            seconds=seconds,
            peak_mb=usage.ru_maxrss / 1024.0,  # Linux reports kilobytes
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            cpu_seconds=usage.ru_utime + usage.ru_stime,
        )


TIMED_OUT = 124
"""The exit code reported for a run the harness killed at its timeout (as ``timeout(1)`` does)."""


def _wait(proc: subprocess.Popen[bytes], timeout: float) -> tuple[int, resource.struct_rusage]:
    """Block in ``wait4`` (no polling delay in the timing); a timer kills a run that hangs."""
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        proc.kill()

    timer = threading.Timer(timeout, kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (TIMED_OUT if killed.is_set() else proc.returncode), usage


def first_error_line(result: ProcessResult) -> str:
    """The most telling line of a failed run: an ``error:`` line, a line naming an error, or
    else the first three lines (a drift report's headline and its first reasons)."""
    text = result.stderr + "\n" + result.stdout
    lines = [line.strip() for line in text.splitlines() if not line.startswith(_DIFF_MARKS)]
    lines = [line for line in lines if line]
    for line in lines:
        if line.lower().startswith("error:"):
            return line
    for line in lines:
        if _ERROR_WORD.search(line) and "warning" not in line.lower():
            return line
    return " / ".join(lines[:3]) if lines else "(no output)"


_DIFF_MARKS = ("+", "-", "@@", " ")
"""Lines of a unified diff (and indented context) are never the telling line."""
_ERROR_WORD = re.compile(r"\berror\b", re.IGNORECASE)
