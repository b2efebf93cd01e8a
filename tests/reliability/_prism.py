"""Run Prism (the independent mock server installed by scripts/setup.sh) as a subprocess."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.reliability._rawserver import free_port

__all__ = ["PRISM", "running_prism"]

ROOT = Path(__file__).resolve().parents[2]
PRISM = ROOT / ".tools" / "node_modules" / ".bin" / "prism"
_START_TIMEOUT = 60.0


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def _tail(log: Path) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-20:])


@contextmanager
def running_prism(spec: Path, log: Path, *options: str) -> Iterator[str]:
    """``prism mock SPEC --errors OPTIONS`` on a free 127.0.0.1 port; yields its base URL.

    Fails (never skips) when Prism is missing or does not start.
    """
    if not PRISM.exists():
        pytest.fail(f"Prism is not installed at {PRISM}: run scripts/setup.sh", pytrace=False)
    port = free_port()
    command = [str(PRISM), "mock", str(spec), "-h", "127.0.0.1", "-p", str(port), "--errors"]
    with log.open("wb") as sink:
        process = subprocess.Popen([*command, *options], stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + _START_TIMEOUT
        while not _listening(port):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"Prism did not start ({' '.join(command)}); run scripts/setup.sh.\n"
                    f"{_tail(log)}",
                    pytrace=False,
                )
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
