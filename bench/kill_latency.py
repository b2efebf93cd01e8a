"""How long the models worker outlives a SIGKILLed ``generate``: from the kill to the last process
of the run gone, with busy loops beside it.

Usage: ``python bench/kill_latency.py [--kills N] [--load 0,2,5] [--operations 170]``. It writes a
spec of ``--operations`` operations (``bench/make_spec.py``: enough batches that the worker and
``generate`` share them) into a scratch project, then for each load level starts that many busy
loops and kills ``generate`` N times: at once when the worker exists (while it still imports the
model generator) and at spread delays after. Prints one table row per load level.

``tests/faults/test_kill_generate.py`` asserts the bound (1 s); this measures the margin.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

from make_spec import make_spec  # noqa: E402

from generator.worker_guard import exit_with_parent  # noqa: E402

MARKER = "SOLVIMON_KILL_LATENCY_RUN"


def _run_processes(marker: str) -> list[bytes]:
    """The command lines of the live (not zombie) processes carrying ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if state != "Z" and marker.encode() in environ.split(b"\0"):
            found.append(cmdline)
    return found


def _one_kill(project: Path, delay: float) -> float:
    """Kill one ``generate`` ``delay`` s after its worker exists; seconds until its run is gone."""
    run = uuid.uuid4().hex
    marker = f"{MARKER}={run}"
    env = {**os.environ, "PYTHONPATH": str(REPO), MARKER: run}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "generate"],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    while process.poll() is None and len(_run_processes(marker)) < 2:  # generate and its worker
        time.sleep(0.005)
    time.sleep(delay)
    process.kill()
    process.wait()
    killed = time.monotonic()
    while _run_processes(marker) and time.monotonic() - killed < 30:
        time.sleep(0.005)
    return time.monotonic() - killed


def _busy() -> None:
    """A busy loop that goes when this benchmark does, however it is stopped."""
    exit_with_parent()
    while True:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=15)
    parser.add_argument("--load", default="0,2,5", help="busy loops beside each series")
    parser.add_argument("--operations", type=int, default=170)
    args = parser.parse_args()
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        (project / "spec").mkdir()
        shutil.copytree(REPO / "templates", project / "templates")
        shutil.copy(REPO / "pyproject.toml", project / "pyproject.toml")
        (project / "spec" / "openapi.yaml").write_text(
            yaml.safe_dump(make_spec(args.operations), sort_keys=False), encoding="utf-8"
        )
        print("| busy loops | kills | median s | max s |")
        print("|---|---|---|---|")
        for load in (int(x) for x in args.load.split(",")):
            loops = [multiprocessing.Process(target=_busy, daemon=True) for _ in range(load)]
            for loop in loops:
                loop.start()
            try:
                delays = [rng.uniform(0, 0.6) * (i % 3) for i in range(args.kills)]
                times = [_one_kill(project, delay) for delay in delays]
            finally:
                for loop in loops:
                    loop.terminate()
            print(f"| {load} | {len(times)} | {statistics.median(times):.3f} | {max(times):.3f} |")


if __name__ == "__main__":
    main()
