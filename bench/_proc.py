"""Run one command as a separate process and measure its wall time and peak memory.

Peak memory is the larger of what ``os.wait4`` reports (the kernel's max RSS of that one child,
or of one process it waited for, such as a formatter it spawned) and the sampled sum over the
child's process tree (``_TreeMemory``): a run working in several processes at once is measured
as their sum, and each run on its own rather than accumulated over every child of the harness.
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
        status, usage, tree_peak = _wait(proc, timeout)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return ProcessResult(
            returncode=status,
            seconds=seconds,
            # Linux reports kilobytes; the sampled sum over the process tree when it is more
            peak_mb=max(usage.ru_maxrss / 1024.0, tree_peak / 2**20),
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            cpu_seconds=usage.ru_utime + usage.ru_stime,
        )


TIMED_OUT = 124
"""The exit code reported for a run the harness killed at its timeout (as ``timeout(1)`` does)."""


def _wait(
    proc: subprocess.Popen[bytes], timeout: float
) -> tuple[int, resource.struct_rusage, int]:
    """Block in ``wait4`` (no polling delay in the timing); a timer kills a run that hangs."""
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        proc.kill()

    timer = threading.Timer(timeout, kill)
    timer.start()
    sampler = _TreeMemory(proc.pid)
    sampler.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
        sampler.done.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (TIMED_OUT if killed.is_set() else proc.returncode), usage, sampler.peak


class _TreeMemory(threading.Thread):
    """The peak of the summed RSS of a process and its descendants, sampled every 20 ms (Linux's
    ``/proc``; 0 elsewhere). ``ru_maxrss`` is the peak of one process, which understates a run
    that works in several at once (our model workers, a competitor's formatter)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.02):
            self.peak = max(self.peak, self._tree_rss())

    def _tree_rss(self) -> int:
        parents: dict[int, tuple[int, int]] = {}  # pid -> (parent pid, RSS in bytes)
        for entry in os.scandir("/proc") if os.path.isdir("/proc") else ():
            if entry.name.isdigit():
                try:
                    with open(f"/proc/{entry.name}/stat", encoding="ascii") as stat:
                        fields = stat.read().rsplit(")", 1)[1].split()
                except (OSError, IndexError):
                    continue  # exited meanwhile
                parents[int(entry.name)] = (int(fields[1]), int(fields[21]) * _PAGE)
        tree, grew = {self.pid}, True
        while grew:
            grew = False
            for pid, (parent, _) in parents.items():
                if parent in tree and pid not in tree:
                    tree.add(pid)
                    grew = True
        return sum(parents[pid][1] for pid in tree if pid in parents)


_PAGE = os.sysconf("SC_PAGE_SIZE")


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
