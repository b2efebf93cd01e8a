"""SIGKILL ``generate`` at many moments: generated/ is always exactly the old or the new tree.

One full run over the old tree is timed first; then runs are killed at i/25 of that duration
(plus jitter); then more runs are killed at once and at spread delays after their staging
directory appears, and at once after it goes, so that kills land mid-write and after the swap
too, not only while the spec is processed. After
every kill the output must equal one of the two reference trees byte for byte; leftover staging
directories may exist, ``check`` must report them as interrupted without removing them, and the
next ``generate`` must remove them and write the new tree.

Only the ``generate`` process itself is killed, not its process group: whatever it started
must go by itself. Every run carries a marker in its environment (inherited by any process it
starts) and its own process group; 1 s after each kill, no process may have either.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import synthetic_spec

__all__: list[str] = []

ROOT = Path(__file__).resolve().parents[2]
UNIFORM_KILLS = 25
TARGETED_KILLS = 10
AFTER_SWAP_KILLS = 2
AFTER_SWAP_ATTEMPTS = 10
"""Runs tried for the after-swap kills: between the swap and the exit there are milliseconds,
and on a loaded machine a run may exit before the kill (then it is tried again)."""
RECOVERIES = 2
STAGING = ".generated.staging-"

Tree = dict[str, bytes]


def _snapshot(root: Path) -> Tree:
    """Every file under ``root`` (bytes), except __pycache__."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.relative_to(root).parts
    }


def _env(project: Path) -> dict[str, str]:
    """The generator is imported from a snapshot beside the project (see _project)."""
    return {**os.environ, "PYTHONPATH": str(project.parent / "toolchain")}


def _cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=project, env=_env(project), capture_output=True, text=True, timeout=300,
    )


MARKER = "SOLVIMON_KILL_TEST_RUN"
"""The environment variable naming each run: a process that has it belongs to that run."""


def _start(project: Path) -> subprocess.Popen[bytes]:
    # Its own session and process group, and a marker: see _survivors.
    env = {**_env(project), MARKER: uuid.uuid4().hex}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "generate"],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    _MARKERS[process.pid] = env[MARKER]
    return process


def _survivors(process: subprocess.Popen[bytes]) -> list[str]:
    """The processes of ``process``'s run still alive: in its process group, or with its
    marker in their environment (a helper that left the group keeps the environment)."""
    marker = f"{MARKER}={_marker(process)}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            group = os.getpgid(int(entry.name))
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, ProcessLookupError):
            continue  # gone meanwhile
        if state == "Z":
            continue  # a zombie holds no memory; its parent (gone) cannot reap it yet
        if marker in environ.split(b"\0") or group == process.pid:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            found.append(f"{entry.name}: {cmdline.decode(errors='replace')[:120]}")
    return found


_MARKERS: dict[int, str] = {}


def _marker(process: subprocess.Popen[bytes]) -> str:
    return _MARKERS[process.pid]


def _project(tmp_path: Path) -> Path:
    """A copy of the project like tests/conftest.py's ``project`` fixture, plus a snapshot of
    generator/: the manifest hashes the generator's sources, so an edit to the working copy
    during the minutes this test runs would otherwise make two runs' trees differ."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(ROOT / "spec", project / "spec")
    shutil.copytree(ROOT / "templates", project / "templates")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    shutil.copytree(
        ROOT / "generator",
        tmp_path / "toolchain" / "generator",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    return project


def _kill(process: subprocess.Popen[bytes]) -> bool:
    """SIGKILL the ``generate`` process alone (not its group); False when it had finished.

    Then every process of the run must be gone within 1 s, whatever it was doing."""
    finished = process.poll() is not None
    if not finished:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    deadline = time.monotonic() + 1.0
    while (left := _survivors(process)) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not left, f"processes of the killed run still alive after 1 s: {left}"
    return not finished and process.returncode == -signal.SIGKILL


def _leftovers(project: Path) -> list[Path]:
    return sorted(p for p in project.iterdir() if p.name.startswith(STAGING))


@dataclass
class _Outcomes:
    """What the kills hit, for the assertions that the test covers what it claims."""

    old: int = 0
    new_after_kill: int = 0
    new_finished: int = 0
    with_leftovers: int = 0
    recovered: int = 0
    log: list[str] = field(default_factory=list)


class _Harness:
    def __init__(self, project: Path, old: Tree, new: Tree, old_copy: Path) -> None:
        self.project = project
        self.out = project / "generated"
        self.old, self.new, self.old_copy = old, new, old_copy
        self.outcomes = _Outcomes()

    def restore_old(self) -> None:
        for path in _leftovers(self.project):
            shutil.rmtree(path)
        shutil.rmtree(self.out)
        shutil.copytree(self.old_copy, self.out)

    def judge(self, moment: str, killed: bool) -> None:
        """Assert the state after one kill, exercise check (and some recoveries), then reset."""
        tree = _snapshot(self.out)
        leftovers = _leftovers(self.project)
        state = "old" if tree == self.old else "new" if tree == self.new else "MIXED"
        self.outcomes.log.append(
            f"{moment}: killed={killed} tree={state} leftovers={len(leftovers)}"
        )
        assert state != "MIXED", self._mixed(moment, tree)
        if state == "old":
            self.outcomes.old += 1
        elif killed:
            self.outcomes.new_after_kill += 1
        else:
            self.outcomes.new_finished += 1
        if leftovers:
            self.outcomes.with_leftovers += 1
            self._check_reports(leftovers)
            if self.outcomes.recovered < RECOVERIES:
                self._recover()
        self.restore_old()

    def _mixed(self, moment: str, tree: Tree) -> str:
        paths = sorted({*tree, *self.old, *self.new})
        from_old = [p for p in paths if tree.get(p) != self.old.get(p)]
        from_new = [p for p in paths if tree.get(p) != self.new.get(p)]
        return (
            f"{moment}: generated/ is neither the old nor the new tree; "
            f"differs from old in {from_old[:8]}, from new in {from_new[:8]}"
        )

    def _check_reports(self, leftovers: list[Path]) -> None:
        result = _cli(self.project, "check")
        assert result.returncode in (0, 1), result.stderr
        assert "interrupted" in result.stdout + result.stderr, result.stdout + result.stderr
        for path in leftovers:
            assert path.name in result.stdout + result.stderr
        assert _leftovers(self.project) == leftovers, "check must not remove staging dirs"

    def _recover(self) -> None:
        result = _cli(self.project, "generate")
        assert result.returncode == 0, result.stderr
        assert "interrupted" in result.stderr, result.stderr
        assert _leftovers(self.project) == []
        assert _snapshot(self.out) == self.new
        self.outcomes.recovered += 1


def test_the_survivor_search_finds_an_orphaned_helper() -> None:
    """What _kill asserts could not fail if _survivors never found anything: a parent that
    starts a helper which outlives it (as a forked worker blocked on a pipe did)."""
    orphan = "import subprocess, sys, time; "
    orphan += "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)']); "
    orphan += "time.sleep(30)"
    env = {**os.environ, MARKER: uuid.uuid4().hex}
    parent = subprocess.Popen([sys.executable, "-c", orphan], env=env, start_new_session=True)
    _MARKERS[parent.pid] = env[MARKER]
    try:
        deadline = time.monotonic() + 30
        while len(_survivors(parent)) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)  # the helper has started
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        time.sleep(1.0)
        left = _survivors(parent)
        assert len(left) == 1 and "time.sleep(30)" in left[0], left
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(parent.pid, signal.SIGKILL)


def _changed_spec(spec: Path) -> None:
    text = spec.read_text(encoding="utf-8")
    assert "\n  version: 1.0.0\n" in text
    text = text.replace("\n  version: 1.0.0\n", "\n  version: 1.0.1\n", 1)
    old = "Refund a credit invoice via the original payment\n"
    assert old in text
    text = text.replace(old, "Refund a credit invoice via the original payment (changed)\n", 1)
    spec.write_text(text, encoding="utf-8")


def _timed_run(project: Path) -> tuple[float, float, float]:
    """One full ``generate``: its duration, when its staging dir appeared and when it went."""
    started = time.monotonic()
    process = _start(project)
    seen = gone = None
    while process.poll() is None:
        present = bool(_leftovers(project))
        now = time.monotonic() - started
        if seen is None and present:
            seen = now
        if seen is not None and gone is None and not present:
            gone = now
        time.sleep(0.0005)
    assert process.returncode == 0
    total = time.monotonic() - started
    seen = seen if seen is not None else total
    return total, seen, gone if gone is not None else total


def _targeted_delays(window: float, rng: random.Random) -> list[float]:
    """Delays after the staging dir appears: at once (mid-write), in small steps, then spread."""
    immediate = [0.0, 0.0, 0.0, 0.001, 0.002, 0.004]
    spread = TARGETED_KILLS - len(immediate)
    return immediate + [
        window * (j + rng.random()) / spread for j in range(spread)
    ]


@pytest.mark.slow
def test_sigkill_leaves_the_old_or_the_new_tree(tmp_path: Path) -> None:
    project = _project(tmp_path)
    first = _cli(project, "generate")
    assert first.returncode == 0, first.stderr
    old = _snapshot(project / "generated")
    old_copy = tmp_path / "old-tree"
    shutil.copytree(project / "generated", old_copy)

    _changed_spec(project / "spec" / "openapi.yaml")
    duration, staging_at, staging_gone = _timed_run(project)
    new = _snapshot(project / "generated")
    assert new != old
    assert new.keys() == old.keys()

    harness = _Harness(project, old, new, old_copy)
    harness.restore_old()
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    step = duration / UNIFORM_KILLS

    for i in range(UNIFORM_KILLS):
        delay = i * step + rng.uniform(0, step)
        process = _start(project)
        time.sleep(delay)
        harness.judge(f"uniform kill {i} at {delay:.3f}s (seed {seed})", _kill(process))

    # From the staging dir's creation to past the swap, and into the run's exit after it.
    window = max(staging_gone - staging_at, 0.02) * 1.5 + (duration - staging_gone) * 0.5
    for delay in _targeted_delays(window, rng):
        process = _start(project)
        # Busy-wait (no sleep): the write phase lasts only milliseconds on a quiet machine, and
        # the generator uses one core then, so the poll sees the staging dir within microseconds.
        while process.poll() is None and not _leftovers(project):
            pass
        if delay:
            time.sleep(delay)
        harness.judge(f"kill {delay * 1000:.1f} ms after staging appeared", _kill(process))

    for _ in range(AFTER_SWAP_ATTEMPTS):
        if harness.outcomes.new_after_kill >= AFTER_SWAP_KILLS:
            break
        process = _start(project)
        # The staging dir appears, then goes (swapped in, the old tree removed): kill at once,
        # while the run is still fsyncing, reporting and exiting.
        while process.poll() is None and not _leftovers(project):
            pass
        while process.poll() is None and _leftovers(project):
            pass
        harness.judge("kill as soon as the staging dir is gone", _kill(process))

    outcomes = harness.outcomes
    summary = "\n".join(
        [
            f"duration {duration:.2f}s, staging dir from {staging_at:.3f}s to "
            f"{staging_gone:.3f}s, seed {seed}",
            *outcomes.log,
        ]
    )
    print(summary)
    assert outcomes.with_leftovers >= 1, f"no kill landed mid-write\n{summary}"
    assert outcomes.new_after_kill >= 1, f"no kill landed after the swap\n{summary}"
    assert outcomes.old >= 1, f"no kill landed before the swap\n{summary}"
    assert outcomes.recovered >= 1, summary


POOL_KILLS = 4
POOL_OPERATIONS = 170
"""bench/make_spec.py's spec of this many operations has ~510 schemas in independent groups:
more batches than ``models.POOL_BATCHES``, so the models worker and ``generate`` both make
models, for seconds."""


def _pool_workers(process: subprocess.Popen[bytes]) -> list[int]:
    """The pids of ``process``'s children: its models worker (``pipeline.models_pool``)."""
    workers = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
        if parent == process.pid and cmdline:
            workers.append(int(entry.name))
    return workers


@pytest.mark.slow
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: no models worker")
def test_sigkill_while_the_model_workers_run_leaves_no_process(tmp_path: Path) -> None:
    """The models worker goes within 1 s of a SIGKILL of ``generate`` (``_kill`` asserts it),
    at moments spread over its work; the next ``generate`` then succeeds."""
    project = _project(tmp_path)
    synthetic_spec(POOL_OPERATIONS, project / "spec" / "openapi.yaml")
    rng = random.Random()
    landed = 0
    for attempt in range(POOL_KILLS * 3):
        if landed >= POOL_KILLS:
            break
        process = _start(project)
        while process.poll() is None and not _pool_workers(process):
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.5) * attempt / POOL_KILLS)  # from their start to mid-work
        workers = _pool_workers(process)
        if _kill(process) and workers:
            landed += 1
    assert landed >= POOL_KILLS, f"only {landed} kills landed while the workers ran"
    result = _cli(project, "generate")
    assert result.returncode == 0, result.stderr
