"""Shared fixtures of the toolchain's tests: the repository root and a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "openapi.yaml"
MULTI_SPEC = ROOT / "tests" / "specs" / "multi" / "openapi.yaml"

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--share",
        metavar="K/N",
        help="run the K-th of N shares of the tests marked `shared` (tests of the real-world "
        "corpus and the benchmark harness, whose subject is no interpreter): scripts/test.sh "
        "gives each of its two interpreters one; every other test runs",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``--share K/N`` deselects (and reports) the `shared` tests of the other shares: a test
    marked ``shared(i)`` is the ((i mod N) + 1)-th share's."""
    setting = config.getoption("share")
    if not setting:
        return
    share, _, count = str(setting).partition("/")
    if not (share.isdigit() and count.isdigit() and 1 <= int(share) <= int(count)):
        raise pytest.UsageError(f"--share {setting}: give K/N, 1 <= K <= N (say 1/2)")
    keep, drop = [], []
    for item in items:
        mark = item.get_closest_marker("shared")
        theirs = mark is not None and int(mark.args[0]) % int(count) != int(share) - 1
        (drop if theirs else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def synthetic_spec(operations: int, path: Path) -> Path:
    """``path`` written with bench/make_spec.py's spec of ``operations`` operations (~3 schemas
    each, in independent groups)."""
    import importlib.util

    import yaml

    spec = importlib.util.spec_from_file_location("make_spec", ROOT / "bench" / "make_spec.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = yaml.safe_dump(module.make_spec(operations), sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def run_cli(
    args: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m generator ARGS`` as a user would, in a fresh process."""
    environment = {**os.environ, **(env or {})}
    environment["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def refusal(spec: Path, out: Path) -> tuple[list[str], list[str]]:
    """``generate`` on a valid spec that the generator refuses: exit 2, no traceback and nothing
    written, and ``validate`` refuses it with the same errors, unless only the models find them
    (they are made by ``generate`` alone); returns each error's ``FILE:LINE:COL: error [rule]``
    and its whole line (for the message)."""
    result = run_cli(["generate", "--spec", spec, "--out", out])
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    lines = [line for line in result.stderr.splitlines() if ": error [" in line]
    validated = run_cli(["validate", "--spec", spec])
    if validated.returncode == 0:
        assert all(_found_by_models(line) for line in lines), validated.stderr
    else:
        assert validated.returncode == 2, validated.stderr
        assert [line for line in validated.stderr.splitlines() if ": error [" in line] == lines
    return [line.split(" /", 1)[0] for line in lines], lines


def _found_by_models(error: str) -> bool:
    """An error of the models stage: what datamodel-code-generator's classes cannot hold."""
    return any(f"[{code}] /components/schemas/" in error for code in _MODEL_CODES)


_MODEL_CODES = ("allof-conflict", "name-collision", "models")


@pytest.fixture
def cli() -> RunCli:
    return run_cli


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway copy of the project's spec and templates with its own [tool.generator]."""
    shutil.copytree(ROOT / "spec", tmp_path / "spec")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "pyproject.toml").write_text(
        (ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return tmp_path
