"""Command line: parse arguments, run one pipeline command, print, return an exit code.

This is the only module that prints. Heavy modules are imported inside the
command that needs them, so ``check`` on an in-sync tree stays fast.
"""

from __future__ import annotations

import argparse
import enum
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.config import Config, load_config
from generator.errors import Diagnostic, GeneratorError, SpecError

__all__ = ["ExitCode", "main"]


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Validate the OpenAPI spec, generate the typed client, and check for drift.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def spec_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--spec", type=Path, help="spec file (default: [tool.generator] spec)")

    def out_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--out", type=Path, help="output directory (default: [tool.generator] out)")

    p = sub.add_parser("validate", help="validate the spec: openapi-spec-validator and lint rules")
    spec_arg(p)

    p = sub.add_parser("generate", help="generate the client package from the spec")
    spec_arg(p)
    out_arg(p)

    p = sub.add_parser("check", help="exit 1 if the output directory is out of date")
    spec_arg(p)
    out_arg(p)
    p.add_argument("--full", action="store_true", help="always regenerate and compare")
    p.add_argument("--full-diff", action="store_true", help="print the whole diff, uncapped")
    p.add_argument(
        "--base",
        metavar="GITREF",
        help="also fail when info.version is not bumped enough for the changes since GITREF",
    )

    p = sub.add_parser("diff", help="classify the changes between two versions of the spec")
    p.add_argument("old", type=Path, help="the older spec file")
    p.add_argument("new", type=Path, help="the newer spec file")

    p = sub.add_parser("upstream", help="compare the spec with the vendor's OpenAPI document")
    p.add_argument("vendor", type=Path, metavar="VENDOR_SPEC", help="vendor OpenAPI file")
    spec_arg(p)
    p.add_argument(
        "--allowlist",
        type=Path,
        help="accepted differences (default: upstream-allowlist.yaml beside the spec)",
    )
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
    args = _parser().parse_args(argv)
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
