"""Command line: parse arguments, run one pipeline command, print, return an exit code.

This is the only module that prints. Heavy modules are imported inside the
command that needs them, so ``check`` on an in-sync tree stays fast.
"""

from __future__ import annotations

import argparse
import enum
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from generator.config import Config, load_config
from generator.errors import Diagnostic, GeneratorError, SpecError

if TYPE_CHECKING:
    from generator.report import Finding, Level

__all__ = ["ExitCode", "main", "run"]


class ExitCode(enum.IntEnum):
    OK = 0
    """Success; warnings allowed."""
    DIFFERENCE = 1
    """A check found a difference: drift, an upstream difference, an insufficient version bump."""
    INVALID = 2
    """Invalid input or the tool could not run: bad spec, bad config, bad arguments, I/O."""


def _color(stream: object) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def _print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    color = _color(sys.stderr)
    for diagnostic in diagnostics:
        text = diagnostic.format()
        if color:
            code = "31" if diagnostic.is_error else "33"
            text = f"\033[{code}m{text}\033[0m"
        print(text, file=sys.stderr)


def _spec_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--spec", type=Path, help="spec file (default: [tool.generator] spec)")


def _out_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, help="output directory (default: [tool.generator] out)")


_FORMATS = ("text", "json", "github", "sarif", "junit")  # generator.report.FORMATS, not imported
"""``--format`` choices; kept here so that ``check`` starts without importing the report module."""


def _format_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=_FORMATS,
        default="text",
        help="output: text (default), json, github (workflow commands), sarif (2.1.0), junit",
    )


def _validate_args(p: argparse.ArgumentParser) -> None:
    _spec_arg(p)
    _format_arg(p)
    p.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 2) on warnings too (fail-on-warnings = true in [tool.generator] does "
        "this for the project's own spec)",
    )


def _generate_args(p: argparse.ArgumentParser) -> None:
    _spec_arg(p)
    _out_arg(p)


def _check_args(p: argparse.ArgumentParser) -> None:
    _spec_arg(p)
    _out_arg(p)
    p.add_argument("--full", action="store_true", help="always regenerate and compare")
    p.add_argument("--full-diff", action="store_true", help="print the whole diff, uncapped")
    p.add_argument(
        "--base",
        metavar="GITREF",
        help="also fail when info.version is not bumped enough for the changes since GITREF",
    )
    _format_arg(p)


def _diff_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("old", type=Path, help="the older spec file")
    p.add_argument("new", type=Path, help="the newer spec file")
    _format_arg(p)


def _upstream_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("vendor", type=Path, metavar="VENDOR_SPEC", help="vendor OpenAPI file")
    _spec_arg(p)
    p.add_argument(
        "--allowlist",
        type=Path,
        help="accepted differences (default: upstream-allowlist.yaml beside the spec)",
    )
    _format_arg(p)


_PROG = "python -m generator"

_CHECK_RULES: Mapping[str, str] = {
    "drift-changed": "a generated file differs from what the spec, templates and tools give",
    "drift-missing": "a generated file is missing",
    "drift-stray": "a file in the output directory that generation does not produce",
    "drift-manifest": "the manifest (.codegen.json) does not match the inputs",
    "version-bump": "info.version is not bumped enough for the changes since --base",
    "check-note": "a note (such as a staging directory left by a killed run)",
    "compat": "a change since --base, classified",
}


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, sized with ``os`` instead of ``shutil``.

    argparse builds a formatter for every argument it registers, and the default one
    imports shutil to measure the terminal: a cost ``check`` pays on every start.
    """

    def __init__(self, prog: str) -> None:
        try:
            width = os.get_terminal_size(sys.stderr.fileno()).columns
        except (OSError, ValueError):
            width = 80
        super().__init__(prog, width=max(width - 2, 40))


_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "validate": ("validate the spec: openapi-spec-validator and lint rules", _validate_args),
    "generate": ("generate the client package from the spec", _generate_args),
    "check": ("exit 1 if the output directory is out of date", _check_args),
    "diff": ("classify the changes between two versions of the spec", _diff_args),
    "upstream": ("compare the spec with the vendor's OpenAPI document", _upstream_args),
}


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that command's (argparse is slow to build,
    and ``check`` on an in-sync tree must start fast)."""
    parser = argparse.ArgumentParser(
        prog=_PROG,
        formatter_class=_Formatter,
        description="Validate the OpenAPI spec, generate the typed client, and check for drift.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", prog=_PROG)
    for name, (help_text, add_arguments) in _COMMANDS.items():
        if only is None or name == only:
            add_arguments(sub.add_parser(name, help=help_text, formatter_class=_Formatter))
    return parser


def _config(args: argparse.Namespace) -> Config:
    return load_config().with_overrides(
        spec=getattr(args, "spec", None), out=getattr(args, "out", None)
    )


def _emit(
    args: argparse.Namespace,
    findings: Sequence[Finding],
    ok: bool,
    summary: str,
    rules: Mapping[str, str],
    failing: frozenset[Level] = frozenset({"error"}),
) -> None:
    """Print a machine-readable report (``--format`` other than text) on stdout."""
    from generator.report import Run, render

    run = Run(args.command, tuple(findings), ok, summary, rules, failing)
    sys.stdout.write(render(run, args.format))


def _lint_rules() -> dict[str, str]:
    from generator.lint import GENERATOR_RULES, LOADER_RULES, RULES

    return {
        **LOADER_RULES,
        **RULES,
        **GENERATOR_RULES,
        "config": "the [tool.generator] configuration is valid",
    }


def _locator(path: Path) -> tuple[str, Callable[[str], tuple[int, int]]]:
    """(shown path, pointer -> (line, column)) for one spec file; (0, 0) where unknown."""
    from generator.load import load_spec

    shown = os.path.relpath(path)
    try:
        root = load_spec(path).root
    except GeneratorError:
        return shown, lambda pointer: (0, 0)
    return shown, root.locate


def _own_spec(args: argparse.Namespace, config: Config) -> bool:
    """Whether the spec is the project's own (``fail-on-warnings`` is a policy for that one);
    a file given with ``--spec`` elsewhere (a vendor document, a test case) is not."""
    return args.spec is None or args.spec.resolve() == load_config().spec


def _run(args: argparse.Namespace) -> ExitCode:
    config = _config(args)
    if args.command == "validate":
        from generator.pipeline import validate

        warnings = validate(config)
        strict = args.strict or (config.fail_on_warnings and _own_spec(args, config))
        fails = strict and bool(warnings)
        summary = f"{os.path.relpath(config.spec)}: valid ({len(warnings)} warning(s))"
        if fails:
            summary = (
                f"{os.path.relpath(config.spec)}: {len(warnings)} warning(s), and warnings fail "
                "the run (--strict or fail-on-warnings = true)"
            )
        if args.format != "text":
            from generator.report import from_diagnostics

            failing: frozenset[Level] = frozenset({"error", "warning"} if strict else {"error"})
            _emit(args, from_diagnostics(warnings), not fails, summary, _lint_rules(), failing)
        else:
            _print_diagnostics(warnings)
            print(summary, file=sys.stderr)
        return ExitCode.INVALID if fails else ExitCode.OK
    if args.command == "generate":
        from generator.pipeline import generate

        result = generate(config)
        _print_diagnostics(result.warnings)
        print(result.summary(), file=sys.stderr)
        return ExitCode.OK
    if args.command == "check":
        from generator.pipeline import check

        report = check(config, full=args.full, base=args.base)
        if args.format != "text":
            from generator.report import from_drift

            lines = report.format().splitlines()
            summary = next((line for line in lines if line.startswith(f"{report.out}/ is ")), "")
            summary = summary.removesuffix(" Why:")
            _emit(args, from_drift(report), report.in_sync, summary, _CHECK_RULES)
            return ExitCode.OK if report.in_sync else ExitCode.DIFFERENCE
        text = report.format(full_diff=args.full_diff)
        if text:
            print(text, file=sys.stdout if report.in_sync else sys.stderr)
        return ExitCode.OK if report.in_sync else ExitCode.DIFFERENCE
    if args.command == "diff":
        from generator.pipeline import diff

        compat = diff(args.old, args.new)
        if args.format != "text":
            from generator.compat import RULES as COMPAT_RULES
            from generator.report import from_compat

            findings = from_compat(compat, _locator(args.old), _locator(args.new))
            rules = {rule: f"a {kind} change" for rule, kind in COMPAT_RULES.items()}
            _emit(args, findings, True, compat.format().splitlines()[-1], rules)
            return ExitCode.OK
        print(compat.format())
        return ExitCode.OK
    if args.command == "upstream":
        from generator.pipeline import upstream

        upstream_report = upstream(config, args.vendor, args.allowlist)
        if args.format != "text":
            from generator.report import from_upstream
            from generator.upstream import RULES as UPSTREAM_RULES

            findings = from_upstream(
                upstream_report, _locator(config.spec), _locator(args.vendor)
            )
            rules = {**UPSTREAM_RULES, "allowlist-stale": "an allowlist entry that matches nothing"}
            summary = upstream_report.format().splitlines()[-1]
            _emit(args, findings, upstream_report.ok, summary, rules)
            return ExitCode.OK if upstream_report.ok else ExitCode.DIFFERENCE
        print(upstream_report.format(), file=sys.stdout if upstream_report.ok else sys.stderr)
        return ExitCode.OK if upstream_report.ok else ExitCode.DIFFERENCE
    raise AssertionError(args.command)  # pragma: no cover - argparse restricts the choice


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (see :class:`ExitCode`)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = arguments[0] if arguments and arguments[0] in _COMMANDS else None
    args = _parser(command).parse_args(arguments)
    machine = getattr(args, "format", "text") != "text"
    try:
        return int(_run(args))
    except SpecError as exc:
        errors = sum(d.is_error for d in exc.diagnostics)
        summary = f"{errors} error(s); nothing was written."
        if machine:
            from generator.report import from_diagnostics

            _emit(args, from_diagnostics(exc.diagnostics), False, summary, _lint_rules())
        else:
            _print_diagnostics(exc.diagnostics)
            print(summary, file=sys.stderr)
        return int(ExitCode.INVALID)
    except GeneratorError as exc:
        if machine:
            from generator.report import Finding

            failure = Finding("error", "tool-error", str(exc))
            _emit(args, [failure], False, f"error: {exc}", {"tool-error": "the tool could not run"})
        else:
            print(f"error: {exc}", file=sys.stderr)
        return int(ExitCode.INVALID)
    except KeyboardInterrupt:
        print("interrupted; nothing was written.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: said as one, with what a report needs
        import traceback

        traceback.print_exc()
        print(f"error: {_internal_error(exc)}", file=sys.stderr)
        return int(ExitCode.INVALID)


def _internal_error(exc: BaseException) -> str:
    """What an unexpected exception says: that it is the generator's bug, and where."""
    import traceback

    ours = Path(__file__).resolve().parent
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).is_relative_to(ours)
    ]
    where = f" ({Path(frames[-1].filename).relative_to(ours.parent)}:{frames[-1].lineno})"
    return (
        f"this is a bug in the generator, not a problem with the spec: {type(exc).__name__}: "
        f"{exc}{where if frames else ''}; nothing was written. Please report it with the "
        "traceback above."
    )


def run() -> NoReturn:
    """The command line's entry point: :func:`main`, then exit without tearing Python down.

    After ``generate`` the process holds the models' whole object graph and several large
    libraries; freeing them one by one at exit took ~0.1 s, 7% of a generation (mypy exits
    the same way for the same reason). By then every file is written and closed; only the
    output streams still need flushing.
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
