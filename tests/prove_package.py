"""Generate a spec into a throwaway folder and prove the package works: the one helper every
end-to-end test of "any valid OpenAPI 3.1 document" uses.

``prove(spec, out)`` runs, each in a fresh process as a user would:

1. ``python -m generator generate --spec SPEC --out OUT`` (exit 0, no traceback);
2. an import of every module of the generated package (``pkgutil.walk_packages``);
3. ``mypy --strict`` on the package and its tests, with the generated ``pyproject.toml``;
4. ``ruff check`` on the whole output, with the generated ``pyproject.toml`` and the toolchain's
   own rule selection on top (``RUFF_SELECT``), so generated code is held to our standard;
5. the generated package's own tests (``pytest OUT/tests``);
6. plain ``black --check`` (the pinned black, the generated project's settings) on every file:
   ``generator/format.py`` skips black where it can prove black changes nothing, and this is
   where a template branch that breaks that proof shows (a spec without paths did).

Each step raises ``AssertionError`` with the tool's output on failure. ``generate_only`` and the
step functions are public so a harness can run a subset (e.g. the corpus of real documents).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT, run_cli
from tests.generated_package import black_check, mypy_strict

__all__ = [
    "RUFF_SELECT",
    "GeneratedPackage",
    "check_black",
    "check_imports",
    "check_mypy",
    "check_ruff",
    "check_tests",
    "generate_only",
    "prove",
]

RUFF_SELECT = "E,F,W,I,UP,B,SIM,RUF"
"""The toolchain's own ruff rules (pyproject.toml), applied to generated code as well; E501 aside:
black decides the layout, and a docstring line is not broken (the refund package has them too)."""

_BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class GeneratedPackage:
    out: Path
    package: str
    stdout: str
    stderr: str

    @property
    def package_dir(self) -> Path:
        return self.out / self.package


def _run(args: list[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        args, cwd=cwd, env=environment, capture_output=True, text=True, timeout=timeout
    )


def _tool(name: str) -> str:
    candidate = _BIN / name
    return str(candidate) if candidate.exists() else name


def generate_only(spec: Path, out: Path, package: str = "solvimon_client") -> GeneratedPackage:
    """``generate`` SPEC into OUT; asserts exit 0 without a traceback."""
    result = run_cli(["generate", "--spec", spec, "--out", out])
    assert result.returncode == 0, f"generate {spec} failed:\n{result.stdout}{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    return GeneratedPackage(out, package, result.stdout, result.stderr)


def check_imports(generated: GeneratedPackage) -> list[str]:
    """Import every module of the package in a fresh interpreter; returns the module names."""
    code = (
        "import importlib, pkgutil, sys\n"
        f"root = importlib.import_module({generated.package!r})\n"
        "names = [root.__name__]\n"
        "for info in pkgutil.walk_packages(root.__path__, root.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "    names.append(info.name)\n"
        "print('\\n'.join(names))\n"
    )
    result = _run([sys.executable, "-c", code], generated.out)
    assert result.returncode == 0, f"import failed:\n{result.stdout}{result.stderr}"
    return result.stdout.split()


def check_mypy(generated: GeneratedPackage, *callers: str) -> None:
    """``mypy --strict`` on the package and its tests, or on ``callers`` (files in its folder
    that use it as a user's code would)."""
    result = mypy_strict(generated.out, *(callers or (generated.package, "tests")))
    assert result.returncode == 0, f"mypy --strict:\n{result.stdout}{result.stderr}"


def check_ruff(generated: GeneratedPackage) -> None:
    result = _run(
        [
            _tool("ruff"),
            "check",
            "--no-cache",
            "--extend-select",
            RUFF_SELECT,
            "--extend-ignore",
            "E501",
            ".",
        ],
        generated.out,
    )
    assert result.returncode == 0, f"ruff:\n{result.stdout}{result.stderr}"


def check_tests(generated: GeneratedPackage) -> None:
    result = _run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        generated.out,
    )
    assert result.returncode == 0, f"generated tests:\n{result.stdout[-6000:]}{result.stderr}"


def check_black(generated: GeneratedPackage) -> None:
    result = black_check(generated.out)
    assert result.returncode == 0, f"black --check:\n{result.stdout}{result.stderr}"


def prove(spec: Path, out: Path, package: str = "solvimon_client") -> GeneratedPackage:
    """Generate SPEC into OUT and run every check above; returns what was generated."""
    generated = generate_only(spec, out, package)
    modules = check_imports(generated)
    assert f"{package}.models" in modules, modules
    check_mypy(generated)
    check_ruff(generated)
    check_tests(generated)
    check_black(generated)
    return generated


if __name__ == "__main__":  # python -m tests.prove_package SPEC OUT
    prove(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())
    print("ok", ROOT)
