"""Benchmark the generator against openapi-python-client and datamodel-code-generator.

Usage: ``python bench/run.py [--quick] [--output FILE] [--figures 1,2,3,4,real]``. Prints one
Markdown table and writes it, with the machine's description and the targets, to bench/RESULTS.md.

The competitors are installed into a virtual environment of their own (bench/.venv-competitors),
never into the project's, so their pins cannot move the versions our output depends on. Every
whole-process figure runs each command as a separate process, as a user would; each row is the
median of several runs after a warm-up, with min, max and the ratio to the competitor (or floor)
measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from _proc import TIMED_OUT, ProcessResult, first_error_line, run_process
from _table import Measurement, format_table

__all__ = ["main"]

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
DATA = BENCH / "data"
# Both movable, so that two runs at once (the test suite's smoke run on two Pythons) do not
# share a work tree or race to create one venv.
WORK = Path(os.environ.get("BENCH_WORK") or BENCH / ".work")
VENV = Path(os.environ.get("BENCH_VENV") or BENCH / ".venv-competitors")
EXCERPT = DATA / "solvimon-transaction-api.refund-excerpt.yaml"
WHOLE_API = DATA / "solvimon-transaction-api.yaml"
INVOICE = DATA / "invoice.json"
OWN_SPEC = REPO / "spec" / "openapi.yaml"
COMPETITOR_PINS = ("openapi-python-client==0.29.1", "datamodel-code-generator==0.89.0")


def _shown(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)

OURS = "ours"
OPC = "openapi-python-client"
DMCG = "datamodel-codegen"


@dataclass(frozen=True)
class Settings:
    """How much to run: repeats per row, warm-ups, and the scale sizes."""

    quick: bool
    runs: int
    warmup: int
    scale_runs: int
    scale_warmup: int
    sizes: tuple[int, ...]
    python: Path
    figures: frozenset[str]

    @classmethod
    def make(cls, quick: bool, python: Path, figures: frozenset[str]) -> Settings:
        if quick:  # the harness's smoke test (tests/test_bench_smoke.py): each row once
            return cls(True, 1, 0, 1, 0, (1, 10, 100), python, figures)
        return cls(False, 5, 1, 2, 0, (1, 10, 100, 1000), python, figures)


@dataclass(frozen=True)
class Input:
    """A named spec file the generators run on."""

    name: str
    path: Path
    slug: str


# --------------------------------------------------------------------------------------------
# environments


def competitor_bin() -> Path:
    """Create (or reuse) the competitors' venv with the pinned versions; return its bin dir."""
    bin_dir = VENV / "bin"
    marker = VENV / ".pins"
    wanted = "\n".join(COMPETITOR_PINS)
    if marker.is_file() and marker.read_text(encoding="utf-8") == wanted:
        return bin_dir
    pins = ", ".join(COMPETITOR_PINS)
    print(f"setting up {_shown(VENV)} ({pins}) ...", file=sys.stderr)
    shutil.rmtree(VENV, ignore_errors=True)
    base = Path(getattr(sys, "_base_executable", sys.executable))
    _must(run_process([base, "-m", "venv", VENV], cwd=REPO), "create the competitors' venv")
    pip: list[str | Path] = [bin_dir / "python", "-m", "pip", "install", "--quiet"]
    _must(run_process([*pip, *COMPETITOR_PINS], cwd=REPO), "install the competitors")
    marker.write_text(wanted, encoding="utf-8")
    return bin_dir


def _must(result: ProcessResult, what: str) -> None:
    if not result.ok:
        sys.exit(f"could not {what}:\n{result.stderr[-3000:]}")


def _user_env() -> dict[str, str]:
    """This environment as on a user's machine: Python caches bytecode (the warm-up writes it)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def competitor_env(bin_dir: Path) -> dict[str, str]:
    """The environment the competitors run in: their venv first on PATH (ruff, black, isort)."""
    env = _user_env()
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(VENV)
    return env


CACHE = WORK / "cache"
"""Our generator's caches for the benchmark (``$SOLVIMON_CODEGEN_CACHE``)."""


def our_env() -> dict[str, str]:
    env = _user_env()
    env.pop("VIRTUAL_ENV", None)
    env["SOLVIMON_CODEGEN_CACHE"] = str(CACHE)
    return env


# --------------------------------------------------------------------------------------------
# measuring


Prepare = Callable[[], None]
Verify = Callable[[ProcessResult], str | None]


def measure(
    row: Measurement,
    argv: Sequence[str | Path],
    *,
    env: dict[str, str],
    runs: int,
    warmup: int,
    prepare: Prepare | None = None,
    verify: Verify | None = None,
) -> Measurement:
    """Run ``argv`` warm-up + runs times as separate processes; stop at the first failure."""
    for index in range(warmup + runs):
        if not _sample(row, argv, env, keep=index >= warmup, prepare=prepare, verify=verify):
            break
    return row


def measure_alternating(
    jobs: Sequence[tuple[Measurement, Sequence[str | Path]]],
    *,
    env: dict[str, str],
    runs: int,
    warmup: int,
) -> None:
    """Like ``measure`` for several commands, one run of each in turn: two commands that do
    nearly the same work are compared on the same state of a noisy machine."""
    for index in range(warmup + runs):
        for row, argv in jobs:
            if row.failure is None:
                _sample(row, argv, env, keep=index >= warmup)


def _sample(
    row: Measurement,
    argv: Sequence[str | Path],
    env: dict[str, str],
    *,
    keep: bool,
    prepare: Prepare | None = None,
    verify: Verify | None = None,
) -> bool:
    """One run of ``argv`` into ``row`` (a warm-up's time is not kept); False when it failed."""
    if prepare is not None:
        prepare()
    result = run_process(argv, cwd=REPO, env=env)
    failure = _failure(result, verify)
    if keep or failure:
        row.samples.append(result.seconds)
        row.cpu_samples.append(result.cpu_seconds)
        row.peak_mb = max(row.peak_mb or 0.0, result.peak_mb)
    row.failure = failure
    return failure is None


def _failure(result: ProcessResult, verify: Verify | None) -> str | None:
    if result.returncode == TIMED_OUT:
        return f"timed out after {result.seconds:.0f} s (killed)"
    if not result.ok:
        return f"exit {result.returncode}: {first_error_line(result)[:240]}"
    return verify(result) if verify is not None else None


def fresh(*paths: Path) -> Prepare:
    """A prepare step that removes ``paths`` so every run starts without earlier output."""

    def prepare() -> None:
        for path in paths:
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()

    return prepare


def cold(out: Path) -> Prepare:
    """Our generate without earlier output and without black's cache of formatted code. The
    templates' compiled code stays, as Python's .pyc files do (the warm-up writes both): it
    depends on the toolchain only, never on the spec."""

    def prepare() -> None:
        fresh(out, *CACHE.glob("black-*"))()

    return prepare


def python_compiles(out: Path) -> Verify:
    """Verify that a generator wrote a package and that all of its Python compiles."""

    def verify(_: ProcessResult) -> str | None:
        packages = [p.parent for p in out.glob("*/__init__.py")]
        if not packages:
            return "no client package written"
        for source in sorted(out.rglob("*.py")):
            try:
                compile(source.read_bytes(), str(source), "exec")
            except SyntaxError as exc:
                where = f"{source.relative_to(out)}:{exc.lineno}"
                return f"invalid Python, {where}: {exc.msg}; no usable client"
        return None

    return verify


def file_written(path: Path) -> Verify:
    def verify(_: ProcessResult) -> str | None:
        return None if path.is_file() else f"no output at {path.name}"

    return verify


def missing_input(row: Measurement, spec: Path) -> Measurement | None:
    if spec.is_file():
        return None
    row.failure = f"input {spec.relative_to(REPO)} not found"
    return row


# --------------------------------------------------------------------------------------------
# the three generators


@dataclass(frozen=True)
class Tools:
    """Command lines of our generator and the two competitors."""

    python: Path
    competitors: Path

    @property
    def opc_env(self) -> dict[str, str]:
        return competitor_env(self.competitors)

    def ours(self, command: str, spec: Path, out: Path, *extra: str) -> list[str | Path]:
        return [self.python, "-m", "generator", command, "--spec", spec, "--out", out, *extra]

    def opc(self, spec: Path, out: Path) -> list[str | Path]:
        exe = self.competitors / "openapi-python-client"
        return [exe, "generate", "--path", spec, "--output-path", out, "--overwrite"]

    def dmcg(self, spec: Path, out: Path) -> list[str | Path]:
        exe = self.competitors / "datamodel-codegen"
        return [
            exe,
            "--input",
            spec,
            "--input-file-type",
            "openapi",
            "--output-model-type",
            "pydantic_v2.BaseModel",
            "--formatters",  # its current default, spelled out to silence a FutureWarning
            "black",
            "isort",
            "--output",
            out,
        ]


def generator_rows(
    figure: str, spec: Input, tools: Tools, runs: int, warmup: int, *, warm_row: bool
) -> list[Measurement]:
    """Our generate (cold, optionally warm) and check, openapi-python-client, datamodel-codegen."""
    work = WORK / figure.split()[0] / spec.slug
    ours_out, opc_out, dm_out = work / "ours", work / "opc", work / "dmcg" / "models.py"
    rows: list[Measurement] = []

    def row(tool: str) -> Measurement:
        return Measurement(figure, spec.name, tool)

    def run(
        r: Measurement,
        argv: Sequence[str | Path],
        env: dict[str, str],
        prepare: Prepare | None = None,
        verify: Verify | None = None,
    ) -> None:
        if missing_input(r, spec.path) is None:
            measure(r, argv, env=env, runs=runs, warmup=warmup, prepare=prepare, verify=verify)
        rows.append(r)

    generate = tools.ours("generate", spec.path, ours_out)
    run(row("ours generate (cold)"), generate, our_env(), prepare=cold(ours_out))
    if warm_row:
        first = row("ours generate (first run: no cache at all)")
        run(first, generate, our_env(), prepare=fresh(ours_out, CACHE))
        run(row("ours generate (warm: black cache)"), generate, our_env(), prepare=fresh(ours_out))
    run(
        row("opc generate"),
        tools.opc(spec.path, opc_out),
        tools.opc_env,
        prepare=fresh(opc_out),
        verify=python_compiles(opc_out),
    )
    run(
        row("dmcg (models only)"),
        tools.dmcg(spec.path, dm_out),
        tools.opc_env,
        prepare=fresh(dm_out.parent),
        verify=file_written(dm_out),
    )
    opc, dm = rows[-2], rows[-1]
    for ours_row in rows[:-2]:
        ours_row.ratio_to(opc, "opc")
        ours_row.ratio_to(dm, "dmcg")
    if opc.failure and any(sign in opc.failure for sign in _INVALID_PYTHON):
        opc.note = "openapi-python-client wrote invalid Python here and gave no client"
    return rows


_INVALID_PYTHON = ("invalid Python", "Failed to parse", "client was not created")
"""Signs in openapi-python-client's failure that it wrote code its own ruff hook cannot parse."""


# --------------------------------------------------------------------------------------------
# figures


def figure_1(settings: Settings, tools: Tools, earlier: Sequence[Measurement]) -> list[Measurement]:
    """generate on the vendor excerpt and on our spec, against both competitors."""
    rows: list[Measurement] = []
    inputs = (
        Input("vendor refund excerpt", EXCERPT, "excerpt"),
        Input("our spec", OWN_SPEC, "own"),
    )
    for spec in inputs:
        rows += generator_rows(
            "1 generate", spec, tools, settings.runs, settings.warmup, warm_row=True
        )
    rows += cpu_rows(rows, "vendor refund excerpt")
    return rows


def cpu_rows(rows: Sequence[Measurement], spec: str) -> list[Measurement]:
    """CPU time (user + system) of our cold generate and of openapi-python-client on ``spec``:
    a second core cannot win this figure, only less work can."""
    added = []
    for tool in ("ours generate (cold)", "opc generate"):
        found = _find(rows, "1", spec, tool)
        if found is not None and found.ok:
            cpu = Measurement(found.figure, spec, f"{tool}, CPU user+sys", found.cpu_samples)
            cpu.peak_mb = found.peak_mb
            added.append(cpu)
    if len(added) == 2:
        added[0].ratio_to(added[1], "opc")
    return added


GENERATE_BESIDE_FULL = "ours generate (warm), runs alternating with check --full"


def figure_2(settings: Settings, tools: Tools, earlier: Sequence[Measurement]) -> list[Measurement]:
    """check on our spec, in sync with figure 1's output, against the ``python -c pass`` floor."""
    name = "our spec (in sync)"
    floor = Measurement("2 check", name, "python -c pass (floor)")
    measure(
        floor,
        [tools.python, "-c", "pass"],
        env=our_env(),
        runs=settings.runs,
        warmup=settings.warmup,
    )
    out = WORK / "2" / "own"
    setup = _generate_untimed(tools, OWN_SPEC, out)
    fast, full, generate = (
        Measurement("2 check", name, label)
        for label in ("ours check (fast path)", "ours check --full", GENERATE_BESIDE_FULL)
    )
    if setup is None:
        check = tools.ours("check", OWN_SPEC, out)
        measure(fast, check, env=our_env(), runs=settings.runs, warmup=settings.warmup)
        # generate rewrites the same files, so the tree stays in sync for the next check
        measure_alternating(
            [(full, [*check, "--full"]), (generate, tools.ours("generate", OWN_SPEC, out))],
            env=our_env(),
            runs=settings.runs,
            warmup=settings.warmup,
        )
    else:
        fast.failure = full.failure = generate.failure = setup
    fast.ratio_to(floor, "floor")
    full.ratio_to(floor, "floor")
    full.ratio_to(generate, "generate warm")
    full.ratio_to(_find(earlier, "1", "our spec", "ours generate (cold"), "generate cold")
    return [floor, fast, full, generate]


def _generate_untimed(tools: Tools, spec: Path, out: Path) -> str | None:
    """Generate ``out`` right before checking it; the reason it could not, or None."""
    if not spec.is_file():
        return f"input {spec.relative_to(REPO)} not found"
    result = run_process(tools.ours("generate", spec, out), cwd=REPO, env=our_env())
    if result.ok:
        return None
    return f"no output to check: generate exit {result.returncode}: {first_error_line(result)}"


def scale_inputs(settings: Settings) -> list[Input]:
    inputs = []
    for n in settings.sizes:
        path = WORK / "3" / f"spec-{n}.yaml"
        argv: list[str | Path] = [settings.python, BENCH / "make_spec.py", str(n), "-o", path]
        result = run_process(argv, cwd=REPO)
        _must(result, f"write the synthetic spec with {n} operations")
        inputs.append(Input(f"synthetic N={n}", path, f"n{n}"))
    return inputs


def figure_3(settings: Settings, tools: Tools, earlier: Sequence[Measurement]) -> list[Measurement]:
    """generate and check at N = 1 .. 1,000 operations and on the vendor's whole API."""
    inputs = scale_inputs(settings)
    whole = Input("vendor whole API (76 ops)", WHOLE_API, "whole")
    rows: list[Measurement] = []
    if settings.quick:
        rows.append(Measurement("3 scale", whole.name, "all tools", note="skipped in --quick"))
    else:
        inputs.append(whole)
    for spec in inputs:
        spec_rows = generator_rows(
            "3 scale", spec, tools, settings.scale_runs, settings.scale_warmup, warm_row=False
        )
        out = WORK / "3" / spec.slug / "ours"
        for label, extra in (("ours check (fast path)", ()), ("ours check --full", ("--full",))):
            r = Measurement("3 scale", spec.name, label)
            if settings.quick and extra:
                r.note = "skipped in --quick"
            elif spec_rows[0].ok:
                measure(
                    r,
                    tools.ours("check", spec.path, out, *extra),
                    env=our_env(),
                    runs=settings.scale_runs,
                    warmup=settings.scale_warmup,
                )
            else:
                r.failure = "no generated output to check (generate failed)"
            spec_rows.insert(-2, r)
        _per_operation_notes(spec_rows, spec)
        rows += spec_rows
    return rows


def _per_operation_notes(rows: list[Measurement], spec: Input) -> None:
    operations = _operation_count(spec)
    for r in rows:
        if r.samples and not r.failure:
            per_op = r.median / operations * 1000
            r.note = "; ".join(x for x in (r.note, f"{per_op:.1f} ms/op") if x)


def _operation_count(spec: Input) -> int:
    if spec.slug.startswith("n") and spec.slug[1:].isdigit():
        return int(spec.slug[1:])
    return 76


def figure_4(settings: Settings, tools: Tools, earlier: Sequence[Measurement]) -> list[Measurement]:
    """The generated client at runtime: parse, one call, import."""
    client_dir = WORK / "1" / "own" / "ours"
    opc_dir = WORK / "1" / "excerpt" / "opc"
    repeat = settings.runs
    rows: list[Measurement] = []
    parse = _in_process(
        "4 runtime",
        "Invoice JSON parse",
        tools.python,
        "parse-ours",
        client_dir,
        repeat,
        {
            "raw_model_validate_json": "raw model_validate_json",
            "client_response_path": "ours response path",
        },
    )
    opc_parse = _in_process(
        "4 runtime",
        "Invoice JSON parse",
        tools.competitors / "python",
        "parse-opc",
        opc_dir,
        repeat,
        {"opc_from_dict": "opc from_dict(json.loads)"},
    )
    raw = parse[0]
    for r in parse[1:] + opc_parse:
        r.ratio_to(raw, "raw")
    rows += parse + opc_parse
    call = _in_process(
        "4 runtime",
        "refund call (MockTransport)",
        tools.python,
        "call",
        client_dir,
        repeat,
        {
            "raw_httpx": "raw httpx + model_validate_json",
            "client_call": "ours client.invoices.refund",
        },
    )
    call[1].ratio_to(call[0], "raw")
    rows += call
    rows += _kit_rows(tools, client_dir, repeat)
    rows += _import_rows(settings, tools, client_dir)
    return rows


def _in_process(
    figure: str,
    name: str,
    python: Path,
    mode: str,
    client_dir: Path,
    repeat: int,
    labels: dict[str, str],
) -> list[Measurement]:
    rows = [Measurement(figure, name, label, unit="µs") for label in labels.values()]
    if not client_dir.is_dir():
        for r in rows:
            r.failure = f"no generated client at {client_dir.relative_to(REPO)}"
        return rows
    argv: list[str | Path] = [
        python,
        BENCH / "_runtime.py",
        mode,
        "--client-dir",
        client_dir,
        "--invoice",
        INVOICE,
        "--repeat",
        str(repeat),
    ]
    result = run_process(argv, cwd=REPO, env=our_env())
    if not result.ok:
        for r in rows:
            r.failure = f"exit {result.returncode}: {first_error_line(result)[:200]}"
        return rows
    samples = json.loads(result.stdout)
    for key, r in zip(labels, rows, strict=True):
        r.samples = samples[key]
    return rows


def _kit_rows(tools: Tools, client_dir: Path, repeat: int) -> list[Measurement]:
    """A refund through the generated test kit vs through httpx.MockTransport (target <= 2x)."""
    rows = _in_process(
        "4 runtime",
        "refund call (test kit)",
        tools.python,
        "kit",
        client_dir,
        repeat,
        {"mock_call": "ours over httpx.MockTransport", "kit_call": "ours over FakeSolvimon"},
    )
    rows[1].ratio_to(rows[0], "MockTransport")
    return rows


_IMPORT_SNIPPET = (
    "import time; t = time.perf_counter(); import {modules}; print(time.perf_counter() - t)"
)


def _import_rows(settings: Settings, tools: Tools, client_dir: Path) -> list[Measurement]:
    rows = []
    env = our_env()
    env["PYTHONPATH"] = str(client_dir)
    for label, modules in (
        ("import httpx, pydantic", "httpx, pydantic"),
        ("import solvimon_client", "solvimon_client"),
        ("import solvimon_client.testing", "solvimon_client.testing"),
    ):
        r = Measurement("4 runtime", "import (fresh process)", label, unit="ms")
        argv: list[str | Path] = [tools.python, "-c", _IMPORT_SNIPPET.format(modules=modules)]
        for index in range(settings.warmup + settings.runs):
            result = run_process(argv, cwd=REPO, env=env)
            if not result.ok:
                r.failure = f"exit {result.returncode}: {first_error_line(result)[:200]}"
                break
            if index >= settings.warmup:
                r.samples.append(float(result.stdout.strip()) * 1000)
                r.peak_mb = max(r.peak_mb or 0.0, result.peak_mb)
        rows.append(r)
    rows[1].ratio_to(rows[0], "httpx+pydantic")
    return rows


# --------------------------------------------------------------------------------------------
# figure "real": the real-world corpus (issue 13)

REAL_CORPUS = REPO / "tests" / "specs" / "real"
REAL = "real-world"


def figure_real(
    settings: Settings, tools: Tools, earlier: Sequence[Measurement]
) -> list[Measurement]:
    """Cold generate, ours vs openapi-python-client, on each document of tests/specs/real/.

    A document ours refuses (exit 2) is timed instead against our own ``validate`` on it, the
    two runs alternating: refusing should cost no more than validating (target <= 1.2x).
    """
    rows: list[Measurement] = []
    runs, warmup = settings.scale_runs, settings.scale_warmup
    for spec in sorted([*REAL_CORPUS.glob("*.yaml"), *REAL_CORPUS.glob("*.json")]):
        work = WORK / "real" / spec.stem
        ours_out, opc_out = work / "ours", work / "opc"
        ours = Measurement(REAL, spec.stem, "ours generate (cold)")
        measure(
            ours,
            tools.ours("generate", spec, ours_out),
            env=our_env(),
            runs=runs,
            warmup=warmup,
            prepare=cold(ours_out),
            verify=python_compiles(ours_out),
        )
        opc = Measurement(REAL, spec.stem, "opc generate")
        measure(
            opc,
            tools.opc(spec, opc_out),
            env=tools.opc_env,
            runs=runs,
            warmup=warmup,
            prepare=fresh(opc_out),
            verify=python_compiles(opc_out),
        )
        ours.ratio_to(opc, "opc")
        rows += [ours, opc]
        if ours.failure and ours.failure.startswith("exit 2:"):
            rows += _refusal_rows(spec, tools, ours_out, runs, warmup)
    return rows


def _refusal_rows(spec: Path, tools: Tools, out: Path, runs: int, warmup: int) -> list[Measurement]:
    """``generate`` and ``validate`` on a document ours refuses, alternating run by run."""
    refuse = Measurement(REAL, spec.stem, "ours generate (refuses, exit 2)")
    validate = Measurement(REAL, spec.stem, "ours validate")
    # validate exits 0 on a valid document that generate refuses as unsupported (mutualTLS):
    # its time is still what the refusal is held to.
    jobs = (
        (refuse, tools.ours("generate", spec, out), (2,)),
        (validate, [tools.python, "-m", "generator", "validate", "--spec", spec], (0, 2)),
    )
    for index in range(warmup + runs):
        for row, argv, expected in jobs:
            cold(out)()
            result = run_process(argv, cwd=REPO, env=our_env())
            if result.returncode not in expected:
                wanted = " or ".join(map(str, expected))
                row.failure = f"expected exit {wanted}, got {result.returncode}"
            elif index >= warmup:
                row.samples.append(result.seconds)
                row.peak_mb = max(row.peak_mb or 0.0, result.peak_mb)
    refuse.ratio_to(validate, "validate")
    return [refuse, validate]


def real_world_targets(rows: Sequence[Measurement]) -> list[tuple[str, str]]:
    """Issue 13's targets over figure "real": the worst document decides."""
    generated = [
        (r.input, r.ratios[0][0])
        for r in rows
        if r.figure == REAL and r.tool.startswith("ours generate (cold") and r.ratios
    ]
    refused = [
        (r.input, r.ratios[0][0])
        for r in rows
        if r.figure == REAL and r.tool.startswith("ours generate (refuses") and r.ratios
    ]

    def verdict(pairs: list[tuple[str, float]], limit: float) -> str:
        if not pairs:
            return "n/a (no document measured)"
        name, worst = max(pairs, key=lambda pair: pair[1])
        missed = sum(1 for _, ratio in pairs if ratio > limit)
        status = "met" if missed == 0 else "MISSED"
        return (
            f"{status} ({missed} of {len(pairs)} documents over the limit; "
            f"worst {worst:.2f}x on {name}, limit {limit}x)"
        )

    return [
        (
            "real-world: cold generate <= 1.0x openapi-python-client on each document both "
            "generate",
            verdict(generated, 1.0),
        ),
        ("real-world: a refused document answers within 1.2x of validate", verdict(refused, 1.2)),
    ]


# --------------------------------------------------------------------------------------------
# figure "validate": ours vs Redocly CLI and Spectral (issue 16 item 5)

NPM_DIR = BENCH / ".venv-competitors-npm"
"""The npm competitors' own area (node_modules), beside the Python competitors' venv."""
REDOCLY_VERSION = "2.77.0"
SPECTRAL_VERSION = "6.16.3"
NPM_PINS = (f"@redocly/cli@{REDOCLY_VERSION}", f"@stoplight/spectral-cli@{SPECTRAL_VERSION}")
SPECTRAL_RULESET = 'extends: ["spectral:oas"]\n'
VALIDATE = "validate"
VALIDATE_LIMITS = {"vendor's whole API": 0.8, "our spec": 0.5}
"""Issue 16's targets: ours validate / Redocly's lint, median over alternating runs."""


def npm_competitor_bin() -> Path | str:
    """Install (or reuse) Redocly CLI and Spectral at their pinned versions; their bin dir,
    or why they cannot run (no npm on this machine, or the install failed)."""
    bin_dir = NPM_DIR / "node_modules" / ".bin"
    marker = NPM_DIR / ".pins"
    wanted = "\n".join(NPM_PINS)
    if marker.is_file() and marker.read_text(encoding="utf-8") == wanted:
        return bin_dir
    npm = shutil.which("npm")
    if npm is None:
        return "npm not found: install Node.js to measure Redocly CLI and Spectral"
    print(f"setting up {NPM_DIR.relative_to(REPO)} ({', '.join(NPM_PINS)}) ...", file=sys.stderr)
    shutil.rmtree(NPM_DIR, ignore_errors=True)
    NPM_DIR.mkdir(parents=True)
    install: list[str | Path] = [npm, "install", "--prefix", NPM_DIR, "--save-exact"]
    result = run_process([*install, "--no-audit", "--no-fund", *NPM_PINS], cwd=NPM_DIR)
    if not result.ok:
        return f"npm install failed: {first_error_line(result)[:200]}"
    (NPM_DIR / "spectral.yaml").write_text(SPECTRAL_RULESET, encoding="utf-8")
    marker.write_text(wanted, encoding="utf-8")
    return bin_dir


def npm_env() -> dict[str, str]:
    """Redocly without its telemetry and update check: both would time network calls."""
    env = _user_env()
    env["REDOCLY_TELEMETRY"] = "off"
    env["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true"
    env["NO_UPDATE_NOTIFIER"] = "1"
    return env


def figure_validate(
    settings: Settings, tools: Tools, earlier: Sequence[Measurement]
) -> list[Measurement]:
    """``validate`` vs ``redocly lint`` (recommended) and ``spectral lint`` (spectral:oas).

    The three run one after the other, run by run, on the same file: the machine is shared, so
    alternating puts each tool on the same state of it. Each tool's exit code for a document
    with findings is accepted (Redocly and Spectral exit 1 on errors); a crash is not.
    """
    bin_dir = npm_competitor_bin()
    rows: list[Measurement] = []
    for name, spec in (("vendor's whole API", WHOLE_API), ("our spec", OWN_SPEC)):
        ours = Measurement(VALIDATE, name, "ours validate")
        redocly = Measurement(VALIDATE, name, f"redocly {REDOCLY_VERSION} lint (recommended)")
        spectral = Measurement(VALIDATE, name, f"spectral {SPECTRAL_VERSION} lint (spectral:oas)")
        jobs: list[tuple[Measurement, list[str | Path], dict[str, str], tuple[int, ...]]] = [
            (ours, [tools.python, "-m", "generator", "validate", "--spec", spec], our_env(), (0,))
        ]
        if isinstance(bin_dir, str):
            redocly.failure = spectral.failure = bin_dir
        else:
            ruleset = NPM_DIR / "spectral.yaml"
            jobs += [
                (redocly, [bin_dir / "redocly", "lint", spec], npm_env(), (0, 1)),
                (spectral, [bin_dir / "spectral", "lint", "-r", ruleset, spec], npm_env(), (0, 1)),
            ]
        for index in range(settings.warmup + settings.runs):
            for row, argv, env, accepted in jobs:
                if row.failure is None and missing_input(row, spec) is None:
                    _validate_sample(row, argv, env, accepted, keep=index >= settings.warmup)
        for row in (ours, spectral):
            row.ratio_to(redocly, "redocly")
        limit = VALIDATE_LIMITS[name]
        if ours.ratios:
            verdict = "met" if ours.ratios[0][0] <= limit else "MISSED"
            ours.note = f"target <= {limit}x redocly: {verdict}"
        rows += [ours, redocly, spectral]
    return rows


def _validate_sample(
    row: Measurement, argv: Sequence[str | Path], env: dict[str, str], accepted: tuple[int, ...],
    *, keep: bool,
) -> None:
    result = run_process(argv, cwd=REPO, env=env)
    if result.returncode not in accepted:
        row.failure = f"exit {result.returncode}: {first_error_line(result)[:240]}"
    elif keep:
        row.samples.append(result.seconds)
        row.peak_mb = max(row.peak_mb or 0.0, result.peak_mb)


# --------------------------------------------------------------------------------------------
# targets and the report


def _find(rows: Sequence[Measurement], figure: str, name: str, tool: str) -> Measurement | None:
    for r in rows:
        if r.figure.startswith(figure) and r.input.startswith(name) and r.tool.startswith(tool):
            return r
    return None


def _ratio_target(a: Measurement | None, b: Measurement | None, limit: float) -> str:
    if a is None or b is None:
        return "n/a (not measured in this run)"
    if not (a.ok and b.ok):
        why = a.failure or b.failure or "no samples"
        return f"n/a ({why[:120]})"
    ratio = a.median / b.median
    return f"{'met' if ratio <= limit else 'MISSED'} ({ratio:.2f}x, limit {limit}x)"


def _growth_target(rows: Sequence[Measurement], tool: str, sizes: Sequence[int]) -> str:
    if 1000 not in sizes:
        return "n/a (quick mode stops at N=100)"
    t = {n: _find(rows, "3", f"synthetic N={n}", tool) for n in (1, 100, 1000)}
    if any(r is None or not r.ok for r in t.values()):
        return "n/a (a run failed)"
    base = t[1].median  # type: ignore[union-attr]
    growth = (t[1000].median - base) / max(t[100].median - base, 1e-9)  # type: ignore[union-attr]
    verdict = "met" if growth <= 999 / 99 * 1.1 else "MISSED"
    return f"{verdict} (time above N=1 grows {growth:.1f}x for 10.1x the operations; limit 11.1x)"


def _memory_target(rows: Sequence[Measurement]) -> str:
    ours = _find(rows, "3", "synthetic N=1000", "ours generate")
    opc = _find(rows, "3", "synthetic N=1000", "opc generate")
    if ours is None or opc is None or not (ours.ok and opc.ok):
        return "n/a (not measured or failed)"
    assert ours.peak_mb is not None and opc.peak_mb is not None
    verdict = "met" if ours.peak_mb <= opc.peak_mb else "MISSED"
    return f"{verdict} ({ours.peak_mb:.0f} MB vs {opc.peak_mb:.0f} MB)"


def targets(rows: Sequence[Measurement], settings: Settings) -> list[tuple[str, str]]:
    """Each target of issue #6 with met / MISSED / n/a and the figure behind it."""
    excerpt = "vendor refund excerpt"
    return [
        (
            "cold generate on the vendor excerpt <= 1.0x openapi-python-client",
            _ratio_target(
                _find(rows, "1", excerpt, "ours generate (cold"),
                _find(rows, "1", excerpt, "opc generate"),
                1.0,
            ),
        ),
        (
            "CPU (user+sys) of cold generate on the vendor excerpt <= 1.2x openapi-python-client",
            _ratio_target(
                _find(rows, "1", excerpt, "ours generate (cold), CPU"),
                _find(rows, "1", excerpt, "opc generate, CPU"),
                1.2,
            ),
        ),
        (
            "check in sync <= 5x python -c pass",
            _ratio_target(
                _find(rows, "2", "our spec", "ours check (fast"),
                _find(rows, "2", "our spec", "python -c pass"),
                5.0,
            ),
        ),
        (
            "check --full no slower than generate (warm, the faster generate; runs alternating)",
            _ratio_target(
                _find(rows, "2", "our spec", "ours check --full"),
                _find(rows, "2", "our spec", GENERATE_BESIDE_FULL),
                1.0,
            ),
        ),
        (
            "growth no worse than linear 100 -> 1,000 ops (ours generate)",
            _growth_target(rows, "ours generate", settings.sizes),
        ),
        (
            "at 1,000 ops no slower than openapi-python-client",
            _ratio_target(
                _find(rows, "3", "synthetic N=1000", "ours generate"),
                _find(rows, "3", "synthetic N=1000", "opc generate"),
                1.0,
            ),
        ),
        ("at 1,000 ops within openapi-python-client's peak memory", _memory_target(rows)),
        (
            "parsing <= 1.1x raw model_validate_json",
            _ratio_target(
                _find(rows, "4", "Invoice JSON", "ours response"),
                _find(rows, "4", "Invoice JSON", "raw model"),
                1.1,
            ),
        ),
        (
            "per-call overhead <= 1.2x raw httpx",
            _ratio_target(
                _find(rows, "4", "refund call", "ours client"),
                _find(rows, "4", "refund call", "raw httpx"),
                1.2,
            ),
        ),
        ("import solvimon_client under 150 ms", _import_target(rows)),
        *real_world_targets(rows),
    ]


def _import_target(rows: Sequence[Measurement]) -> str:
    r = _find(rows, "4", "import", "import solvimon_client")
    if r is None or not r.ok:
        return f"n/a ({(r.failure if r else None) or 'not measured'})"
    return f"{'met' if r.median < 150 else 'MISSED'} ({r.median:.0f} ms)"


def machine(settings: Settings, competitors: Path) -> list[str]:
    """The machine's description: CPUs, Python, and every tool version in the table."""
    python_version = run_process(
        [settings.python, "-c", "import sys; print(sys.version)"], cwd=REPO
    ).stdout.strip()
    return [
        f"- CPU: {os.cpu_count()} logical CPUs, {_cpu_model()}; {platform.platform()}",
        f"- Python (project venv): {python_version}",
        f"- ours: {_own_versions(settings.python)}",
        f"- competitors (own venv {_shown(VENV)}): {_competitor_versions(competitors)}",
        f"- load average (1, 5, 15 min) at the end: {_load()}; a load above the CPU count means "
        "other work shared the machine and the figures are noisier",
        f"- mode: {'--quick' if settings.quick else 'full'}; {settings.runs} runs after "
        f"{settings.warmup} warm-up per row (scale: {settings.scale_runs} after "
        f"{settings.scale_warmup}); times are wall clock per separate process unless in µs",
    ]


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


_OWN_VERSIONS = """
import re, tomllib
from importlib.metadata import version
with open("pyproject.toml", "rb") as f:
    project = tomllib.load(f)["project"]
pins = [d for d in project["dependencies"] if "==" in d]
names = [re.split(r"[=\\[]", d)[0] for d in pins]
installed = ", ".join(f"{n} {version(n)}" for n in names)
print(f"solvimon-codegen {project['version']}; pinned and installed: {installed}")
"""


def _own_versions(python: Path) -> str:
    """Our version and the pinned dependencies as installed in the project venv."""
    result = run_process([python, "-c", _OWN_VERSIONS], cwd=REPO)
    return result.stdout.strip() if result.ok else f"unknown ({first_error_line(result)})"


def _competitor_versions(bin_dir: Path) -> str:
    code = (
        "from importlib.metadata import version as v; names = ['openapi-python-client', "
        "'datamodel-code-generator', 'ruff', 'black', 'isort', 'pydantic']; "
        "print(', '.join(f'{n} {v(n)}' for n in names))"
    )
    return run_process([bin_dir / "python", "-c", code], cwd=REPO).stdout.strip()


def report(
    rows: Sequence[Measurement], settings: Settings, competitors: Path, elapsed: float
) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Written by `python bench/run.py"
        + (" --quick" if settings.quick else "")
        + (f" --figures {','.join(sorted(settings.figures))}" if settings.figures != ALL else "")
        + "`; do not edit by hand.",
        "",
    ]
    lines += ["## Machine", "", *machine(settings, competitors), ""]
    lines += [
        "## Figures",
        "",
        "Figure 1 generate on the same inputs; 2 check in sync; "
        "3 scale (synthetic specs from `bench/make_spec.py N`, and the vendor's whole API); "
        "4 the generated client at runtime. `opc` = openapi-python-client (with its default "
        "ruff post-hooks), `dmcg` = datamodel-codegen (models only). A failing tool keeps "
        "its row with the reason.",
        "",
        format_table(rows),
        "",
    ]
    if any(r.figure.startswith("3") for r in rows):
        lines += [f"![Figure 3: time and peak memory against operations]({PLOT})", ""]
    lines += ["## Targets", ""]
    lines += [f"- {name}: **{status}**" for name, status in targets(rows, settings)]
    lines += ["", f"Benchmark time: {elapsed:.0f} s.", ""]
    return "\n".join(lines)


ALL = frozenset({"1", "2", "3", "4"})

PLOT = "scale.png"
"""Figure 3 as a plot, beside the results file (bench/RESULTS.md by default)."""

PLOTTED = {"ours generate (cold)": "ours", "opc generate": "openapi-python-client"}
PLOTTED["dmcg (models only)"] = "datamodel-codegen (models only)"


def plot_scale(rows: Sequence[Measurement], path: Path) -> None:
    """Figure 3's synthetic specs: median time and peak memory against operations, per tool
    (needs the bench extra, matplotlib; without it, says so and draws nothing)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (pip install -e '.[bench]'): no plot", file=sys.stderr)
        return
    figure, (times, memory) = plt.subplots(1, 2, figsize=(11, 4.2))
    for tool, label in PLOTTED.items():
        points = sorted(
            (int(r.input.removeprefix("synthetic N=")), r.median, r.peak_mb or 0.0)
            for r in rows
            if r.figure.startswith("3") and r.tool == tool and r.ok
            and r.input.startswith("synthetic N=")
        )
        if points:
            ns, seconds, peaks = zip(*points, strict=True)
            times.plot(ns, seconds, marker="o", label=label)
            memory.plot(ns, peaks, marker="o", label=label)
    times.set(xlabel="operations", ylabel="median wall time (s)", title="generate time")
    memory.set(xlabel="operations", ylabel="peak RSS (MB)", title="generate peak memory")
    for axes in (times, memory):
        axes.grid(alpha=0.3)
        axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100, metadata={"Software": None})
    plt.close(figure)


FIGURES: dict[str, Callable[[Settings, Tools, Sequence[Measurement]], list[Measurement]]] = {
    "1": figure_1,
    "2": figure_2,
    "3": figure_3,
    "4": figure_4,
    "real": figure_real,
    "validate": figure_validate,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="reduced set, under two minutes")
    parser.add_argument("--output", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--figures", default="1,2,3,4", help="comma-separated subset")
    default_python = REPO / ".venv" / "bin" / "python"
    parser.add_argument(
        "--python",
        type=Path,
        default=default_python if default_python.exists() else Path(sys.executable),
        help="the project's interpreter that runs our generator",
    )
    args = parser.parse_args(argv)
    settings = Settings.make(args.quick, args.python, frozenset(args.figures.split(",")))
    tools = Tools(settings.python, competitor_bin())
    start = time.perf_counter()
    rows: list[Measurement] = []
    for key, figure in FIGURES.items():
        if key in settings.figures:
            print(f"figure {key} ...", file=sys.stderr, flush=True)
            rows += figure(settings, tools, rows)
    if "3" in settings.figures:
        plot_scale(rows, args.output.parent / PLOT)  # beside the table that links it
    text = report(rows, settings, tools.competitors, time.perf_counter() - start)
    print(text)
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
