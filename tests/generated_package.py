"""Prove a generated package works as its user would need it to: the checks the corpus harness
(``tests/e2e/test_real_world.py``) and the property test (``tests/fuzz/test_random_specs.py``)
run on every package they generate.

``verify(out, operations)`` runs, each once per package and in a process of its own: every
submodule imported with ``-W error``; ``mypy --strict`` on the package and its tests; ruff with
the package's own configuration; plain ``black --check`` with its settings (the output is
black's, whatever ``generator/format.py`` spared black); the package's own tests; no name made
of the model generator's internal marker; and one client method, sync and async, per operation
of the spec. It returns what failed, each with the tool's
own output, so an assert on its result names the defect.

Run as a script (``python -W error tests/generated_package.py PACKAGE_DIR PACKAGE``) it imports
every submodule of PACKAGE from PACKAGE_DIR: that is how ``verify`` imports them; with
``--round-trip`` first, it round-trips JSON samples read from stdin through the package's models.
"""

from __future__ import annotations

import ast
import atexit
import functools
import importlib
import json
import os
import pkgutil
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "BLACK_SETTINGS",
    "PACKAGE",
    "Finding",
    "Verdict",
    "black_check",
    "client_methods",
    "errors",
    "findings",
    "generate",
    "import_all",
    "mypy_strict",
    "operation_count",
    "own_tests",
    "ruff",
    "tree_bytes",
    "verify",
]

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "solvimon_client"
"""The import name of every generated package (the toolchain's ``[tool.generator] package``)."""

BLACK_SETTINGS = ("--line-length", "100", "--target-version", "py310")
"""The generated ``pyproject.toml``'s ``[tool.black]``, given explicitly: black would otherwise
look for a project file above the output folder."""

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
TIMEOUT = 600.0

_FINDING = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<level>error|warning) \[(?P<rule>[a-z0-9-]+)\]"
)


_MARKER = re.compile(r"\w*DatamodelCodeGenerator\w*")
"""A name made of the model generator's own marker of a place it names a class after
(``ThingDatamodelCodeGeneratorOneOfSpecialThing1``: Convex's inline subtypes)."""


@dataclass(frozen=True)
class Finding:
    """One located finding on the CLI's stderr: ``FILE:LINE:COL: error [rule] ...``."""

    rule: str
    line: int
    level: str


def findings(stderr: str) -> list[Finding]:
    """Every located finding the CLI printed, in order."""
    found = []
    for text in stderr.splitlines():
        match = _FINDING.match(text)
        if match:
            found.append(Finding(match["rule"], int(match["line"]), match["level"]))
    return found


def errors(stderr: str) -> set[tuple[str, int]]:
    """The (rule, line) of every error (not warning) the CLI printed."""
    return {(f.rule, f.line) for f in findings(stderr) if f.level == "error"}


def generate(
    spec: Path, out: Path, *, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m generator generate --spec SPEC --out OUT``, as a user runs it."""
    environment = {**os.environ, **(env or {}), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--spec", str(spec), "--out", str(out)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ROOT (not bytecode caches), by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def operation_count(spec: Path) -> int:
    """The operations under ``paths`` (webhooks are not client methods); a path item may be a
    ``$ref`` to another file, or to ``components/pathItems`` of the document, or a chain of
    them (Postman's nested path item references)."""
    document = _data(spec)
    paths = document.get("paths") or {}

    def resolved(item: Any) -> Any:
        here, data = spec, document
        for _ in range(20):
            ref = item.get("$ref") if isinstance(item, dict) else None
            if not isinstance(ref, str):
                return item
            target, _, pointer = ref.partition("#")
            if target:
                here = here.parent / target
                data = _data(here)
            item = data
            for part in [p for p in pointer.split("/") if p]:
                item = item[part.replace("~1", "/").replace("~0", "~")]
        raise AssertionError(f"{spec}: a path item's $ref chain does not end")

    # An `x-` key of the Paths Object is an extension, not a path (OpenAPI 3.1 allows them).
    items = [resolved(item) for key, item in paths.items() if not str(key).startswith("x-")]
    return sum(
        1 for item in items if isinstance(item, dict) for method in HTTP_METHODS if method in item
    )


def _data(path: Path) -> Any:
    """A YAML or JSON file's data, read as the generator reads it (PyYAML's own YAML 1.1 has no
    constructor for cribl's plain `=`, and reads `16:9` as a number)."""
    from generator.load import parse_source

    text = path.read_text(encoding="utf-8")
    try:  # JSON as JSON: YAML refuses a tab between its tokens
        return json.loads(text)
    except ValueError:
        return parse_source(text, path.name)[0]


_VIEWS = ("WithRawResponse", "WithStreamingResponse")
"""The resource classes that offer the same operations another way (raw, streamed)."""


def client_methods(out: Path) -> tuple[list[str], list[str]]:
    """The public operation methods of the sync and of the async resource classes, by AST
    (properties such as ``with_raw_response`` are not operations)."""
    sync: list[str] = []
    asynchronous: list[str] = []
    resources = out / PACKAGE / "resources"
    for module in sorted(resources.glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.ClassDef) or node.name.endswith(_VIEWS):
                continue
            # An async class is one with coroutine methods: a tag "Async Messages" (private-
            # gpt's) names a sync class AsyncMessages.
            is_async = any(isinstance(item, ast.AsyncFunctionDef) for item in node.body)
            for item in node.body:
                if not isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                decorators = {ast.unparse(d) for d in item.decorator_list}
                if item.name.startswith("_") or decorators & {"property", "cached_property"}:
                    continue
                name = f"{module.stem}.{node.name}.{item.name}"
                if isinstance(item, ast.AsyncFunctionDef):
                    asynchronous.append(name)
                elif not is_async:
                    sync.append(name)
    return sync, asynchronous


@dataclass
class Verdict:
    """What failed in a generated package; empty when it is a working client."""

    failures: list[str] = field(default_factory=list)

    def add(self, what: str, result: subprocess.CompletedProcess[str]) -> None:
        if result.returncode != 0:
            output = (result.stdout + result.stderr).strip()
            self.failures.append(f"{what} (exit {result.returncode}):\n{output[-4000:]}")

    def __bool__(self) -> bool:
        return not self.failures

    def __str__(self) -> str:
        return "\n\n".join(self.failures) or "ok"


def _tool(name: str) -> str:
    """A tool of the interpreter running the tests (its venv's bin), else from PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} is not installed next to {sys.executable} nor on PATH")
    return found


def _run(args: list[str], out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(out), **env}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return subprocess.run(
        args, cwd=out, env=environment, capture_output=True, text=True, timeout=TIMEOUT
    )


def import_all(out: Path) -> subprocess.CompletedProcess[str]:
    """Import every submodule of the package in OUT, warnings as errors, in a fresh process."""
    return _run([sys.executable, "-W", "error", str(Path(__file__)), str(out), PACKAGE], out)


@functools.cache
def mypy_cache() -> Path:
    """One mypy cache for every package a test process checks: the stdlib, httpx and pydantic
    are analysed once (a small package's check takes 9 s without it, 1.5 s with it). Packages
    of one name share it safely: mypy checks again a module whose path or hash differs, and
    caches none that has errors, so each package's errors are reported every time."""
    path = Path(tempfile.mkdtemp(prefix="mypy-cache-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def mypy_strict(out: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` on the package and its tests, or on ``targets`` (one run)."""
    args = [_tool("mypy"), "--strict", "--no-error-summary", "--cache-dir", str(mypy_cache())]
    return _run([*args, *(targets or (PACKAGE, "tests"))], out)


def ruff(out: Path) -> subprocess.CompletedProcess[str]:
    """ruff with the generated package's own configuration (its pyproject.toml)."""
    return _run([_tool("ruff"), "check", "--no-cache", "."], out)


def black_check(out: Path) -> subprocess.CompletedProcess[str]:
    """Plain black over every file, as the generated ``pyproject.toml`` sets it up: the output is
    black's, whatever ``generator/format.py`` spared black."""
    files = sorted(str(p) for p in out.rglob("*.py"))
    return _run([sys.executable, "-m", "black", "--check", "--quiet", *BLACK_SETTINGS, *files], out)


def own_tests(out: Path) -> subprocess.CompletedProcess[str]:
    """The generated package's own test suite, run where it lives."""
    return _run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", "tests"], out
    )


def verify(out: Path, operations: int) -> Verdict:
    """Every check of a generated package; see the module's docstring."""
    verdict = Verdict()
    verdict.add("importing every submodule with -W error", import_all(out))
    if verdict:
        verdict.add("mypy --strict", mypy_strict(out))
        verdict.add("ruff check (the package's own config)", ruff(out))
        verdict.add("black --check (the package's own settings)", black_check(out))
        verdict.add("the generated package's own tests", own_tests(out))
    leaked = sorted(
        {name for path in out.rglob("*.py") for name in _MARKER.findall(path.read_text("utf-8"))}
    )
    if leaked:
        verdict.failures.append(f"names hold the model generator's own marker: {leaked[:5]}")
    sync, asynchronous = client_methods(out)
    if len(sync) != operations or len(asynchronous) != operations:
        verdict.failures.append(
            f"the spec has {operations} operation(s) but the client has {len(sync)} sync and "
            f"{len(asynchronous)} async method(s): {sync} {asynchronous}"
        )
    return verdict


def _submodules(package: str) -> Iterator[str]:
    root: Any = importlib.import_module(package)
    yield package
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        yield info.name


def _round_trip(out: Path, package: str) -> int:
    """Parse each sample on stdin (``{model: [json, ...]}``) from JSON with its model, dump it
    (``mode="json"``, by alias) and parse the dump again: it must give an equal model. The
    dumps go to stdout, for the caller to check against the schema."""
    sys.path.insert(0, str(out))
    models = importlib.import_module(f"{package}.models")
    dumps: dict[str, list[Any]] = {}
    for name, values in json.load(sys.stdin).items():
        model = getattr(models, name)
        for value in values:
            parsed = model.model_validate_json(json.dumps(value))
            dumped = parsed.model_dump(mode="json", by_alias=True, exclude_unset=True)
            again = model.model_validate(dumped)
            if again != parsed:
                print(
                    f"{name}: {value!r} -> {dumped!r} parses to a different model", file=sys.stderr
                )
                return 1
            dumps.setdefault(name, []).append(dumped)
    json.dump(dumps, sys.stdout)
    return 0


def _main(argv: list[str]) -> int:
    if argv[0] == "--round-trip":
        return _round_trip(Path(argv[1]), argv[2])
    out, package = Path(argv[0]), argv[1]
    sys.path.insert(0, str(out))
    for name in _submodules(package):
        module = importlib.import_module(name)
        origin = Path(str(getattr(module, "__file__", "")))
        if out.resolve() not in origin.resolve().parents:
            print(f"{name} was imported from {origin}, not from {out}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
