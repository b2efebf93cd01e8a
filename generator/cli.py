"""Command line: parse arguments, run one pipeline command, print, return an exit code.

This is the only module that prints. Heavy modules are imported inside the
command that needs them, so ``check`` on an in-sync tree stays fast.
"""

from __future__ import annotations

import argparse
import enum
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from generator.config import Config, load_config
from generator.errors import Diagnostic, GeneratorError, SpecError

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


def _validate_args(p: argparse.ArgumentParser) -> None:
    _spec_arg(p)


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


def _diff_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("old", type=Path, help="the older spec file")
    p.add_argument("new", type=Path, help="the newer spec file")


def _upstream_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("vendor", type=Path, metavar="VENDOR_SPEC", help="vendor OpenAPI file")
    _spec_arg(p)
    p.add_argument(
        "--allowlist",
        type=Path,
        help="accepted differences (default: upstream-allowlist.yaml beside the spec)",
    )


_PROG = "python -m generator"


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


def _run(args: argparse.Namespace) -> ExitCode:
    config = _config(args)
    if args.command == "validate":
        from generator.pipeline import validate

        warnings = validate(config)
        _print_diagnostics(warnings)
        print(
            f"{os.path.relpath(config.spec)}: valid ({len(warnings)} warning(s))", file=sys.stderr
        )
        return ExitCode.OK
    if args.command == "generate":
        from generator.pipeline import generate

        result = generate(config)
        _print_diagnostics(result.warnings)
        print(result.summary(), file=sys.stderr)
        return ExitCode.OK
    if args.command == "check":
        from generator.pipeline import check

        report = check(config, full=args.full, base=args.base)
        text = report.format(full_diff=args.full_diff)
        if text:
            print(text, file=sys.stdout if report.in_sync else sys.stderr)
        return ExitCode.OK if report.in_sync else ExitCode.DIFFERENCE
    if args.command == "diff":
        from generator.pipeline import diff

        compat = diff(args.old, args.new)
        print(compat.format())
        return ExitCode.OK
    if args.command == "upstream":
        from generator.pipeline import upstream

        upstream_report = upstream(config, args.vendor, args.allowlist)
        print(upstream_report.format(), file=sys.stdout if upstream_report.ok else sys.stderr)
        return ExitCode.OK if upstream_report.ok else ExitCode.DIFFERENCE
    raise AssertionError(args.command)  # pragma: no cover - argparse restricts the choice


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (see :class:`ExitCode`)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = arguments[0] if arguments and arguments[0] in _COMMANDS else None
    args = _parser(command).parse_args(arguments)
    try:
        return int(_run(args))
    except SpecError as exc:
        _print_diagnostics(exc.diagnostics)
        errors = sum(d.is_error for d in exc.diagnostics)
        print(f"{errors} error(s); nothing was written.", file=sys.stderr)
        return int(ExitCode.INVALID)
    except GeneratorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return int(ExitCode.INVALID)
    except KeyboardInterrupt:
        print("interrupted; nothing was written.", file=sys.stderr)
        return 130


def run() -> NoReturn:
    """The command line's entry point: :func:`main`, then exit without tearing Python down.

    After ``generate`` the process holds the models' whole object graph and several large
    libraries; freeing them one by one at exit took ~0.1 s, 7% of a generation (mypy exits
    the same way for the same reason). By then every file is written and closed and the
    worker process joined; only the output streams still need flushing.
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
