"""Findings in the formats CI systems read: JSON, GitHub workflow commands, SARIF 2.1.0, JUnit XML.

``validate``, ``check``, ``diff`` and ``upstream`` each turn what they found into
:class:`Finding` values (the converters below), and :func:`render` writes them in the
format ``--format`` chose. The text format is not here: each command's own text stays as
it was. Only the standard library is used (json, xml.etree).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from generator.errors import Diagnostic

if TYPE_CHECKING:
    from generator.compat import CompatReport
    from generator.drift import DriftReport
    from generator.upstream import UpstreamReport

__all__ = [
    "FORMATS",
    "Finding",
    "Level",
    "Run",
    "from_compat",
    "from_diagnostics",
    "from_drift",
    "from_upstream",
    "render",
]

FORMATS = ("text", "json", "github", "sarif", "junit")
"""What ``--format`` accepts; ``text`` is each command's own output."""

TOOL = "solvimon-codegen"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

Level = Literal["error", "warning", "note"]
Locate = Callable[[str], tuple[int, int]]
"""JSON pointer -> (line, column) in one file; (0, 0) when unknown."""


class Finding(NamedTuple):
    """One thing a command reports, placed in a file when it has a place."""

    level: Level
    rule: str
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    pointer: str = ""
    hint: str = ""

    def text(self) -> str:
        """``POINTER: message (hint)``: the message with its place in the document and its fix."""
        text = f"{self.pointer}: {self.message}" if self.pointer else self.message
        return f"{text} ({self.hint})" if self.hint else text


class Run(NamedTuple):
    """What one command found, and whether the run passed (exit code 0)."""

    command: str
    findings: tuple[Finding, ...]
    ok: bool
    summary: str
    rules: Mapping[str, str] = {}
    """Rule id -> one line describing it (SARIF's rule metadata)."""
    failing: frozenset[Level] = frozenset({"error"})
    """Levels that fail the run: ``{"error", "warning"}`` under ``validate --strict``."""


# --------------------------------------------------------------------------- converters


def from_diagnostics(diagnostics: Iterable[Diagnostic]) -> tuple[Finding, ...]:
    """Lint diagnostics (and config errors) as findings, in their order."""
    return tuple(
        Finding(
            "error" if d.is_error else "warning", d.code, d.message, d.file, d.line,
            d.column, d.pointer, d.hint,
        )
        for d in diagnostics
    )


def from_drift(report: DriftReport) -> tuple[Finding, ...]:
    """``check``: one error per file that differs, the version problem, notes as notes."""
    why = "; ".join(report.causes)
    found = [Finding("note", "check-note", note) for note in report.notes]
    for kind, paths in (("changed", report.changed), ("missing", report.missing),
                        ("stray", report.stray)):
        for path in paths:
            found.append(
                Finding(
                    "error", f"drift-{kind}",
                    f"generated file is {kind}" + (f": {why}" if why else ""),
                    f"{report.out}/{path}", hint="run `python -m generator generate`",
                )
            )
    if report.causes and not (report.changed or report.missing or report.stray):
        found.append(
            Finding("error", "drift-manifest", f"{report.out}/.codegen.json is stale: {why}",
                    f"{report.out}/.codegen.json", hint="run `python -m generator generate`")
        )
    if report.version_problem:
        found.append(Finding("error", "version-bump", report.version_problem))
    found += [Finding("note", "compat", line) for line in report.compat]
    return tuple(found)


def from_compat(
    report: CompatReport, old: tuple[str, Locate], new: tuple[str, Locate]
) -> tuple[Finding, ...]:
    """``diff``: breaking changes as warnings (``check --base`` is what fails), others as notes.

    Each change is placed in the new spec when it still exists there, else in the old one.
    """
    found = []
    for change in report.changes:
        file, locate = new if change.new_pointer is not None else old
        pointer = change.pointer
        line, column = locate(pointer)
        level: Level = "warning" if change.severity == "breaking" else "note"
        found.append(
            Finding(level, change.rule, f"{change.severity}: {change.message}", file, line,
                    column, pointer)
        )
    return tuple(found)


def from_upstream(
    report: UpstreamReport, ours: tuple[str, Locate], vendor: tuple[str, Locate]
) -> tuple[Finding, ...]:
    """``upstream``: differences and stale allowlist entries as errors, accepted ones as notes."""

    def place(ours_pointer: str | None, vendor_pointer: str | None) -> tuple[str, int, int, str]:
        file, locate, pointer = (
            (ours[0], ours[1], ours_pointer) if ours_pointer is not None
            else (vendor[0], vendor[1], vendor_pointer or "")
        )
        line, column = locate(pointer)
        return file, line, column, pointer or "/"

    found = []
    for difference in report.differences:
        found.append(
            Finding("error", difference.rule, difference.format(),
                    *place(difference.ours, difference.vendor),
                    hint="fix our spec, or accept it in the allowlist with a reason")
        )
    for entry in report.unused_allowlist_entries:
        found.append(
            Finding("error", "allowlist-stale",
                    f"allowlist entry [{entry.rule}] {entry.pointer or '/'} matches no difference",
                    entry.file, entry.line, 1, hint="remove it")
        )
    for difference, entry in report.accepted:
        found.append(
            Finding("note", difference.rule, f"accepted: {difference.format()}",
                    *place(difference.ours, difference.vendor), hint=f"reason: {entry.reason}")
        )
    return tuple(found)


# --------------------------------------------------------------------------- formats


def render(run: Run, fmt: str) -> str:
    """The run in ``fmt`` (one of :data:`FORMATS` but ``text``), ending with a newline."""
    renderers: Mapping[str, Callable[[Run], str]] = {
        "json": _json, "github": _github, "sarif": _sarif, "junit": _junit,
    }
    return renderers[fmt](run)


def _json(run: Run) -> str:
    document = {
        "tool": TOOL,
        "command": run.command,
        "ok": run.ok,
        "summary": run.summary,
        "findings": [finding._asdict() for finding in run.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped (GitHub's ``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value: also ':' and ',' (GitHub's ``escapeProperty``)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_COMMAND: Mapping[Level, str] = {"error": "error", "warning": "warning", "note": "notice"}


def _github(run: Run) -> str:
    """``::error file=F,line=L,col=C,title=RULE::message`` per finding, then the summary."""
    lines = []
    for finding in run.findings:
        properties = []
        if finding.file:
            properties.append(f"file={_escape_property(_relative(finding.file))}")
            if finding.line > 0:
                properties.append(f"line={finding.line}")
                if finding.column > 0:
                    properties.append(f"col={finding.column}")
        properties.append(f"title={_escape_property(finding.rule)}")
        lines.append(
            f"::{_GITHUB_COMMAND[finding.level]} {','.join(properties)}::"
            f"{_escape_data(finding.text())}"
        )
    lines.append(run.summary)
    return "\n".join(lines) + "\n"


def _relative(file: str) -> str:
    """A path as CI tools want it: relative to the working directory if inside it, '/'-separated."""
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_posix()
    return path.as_posix()


def _sarif(run: Run) -> str:
    rule_ids = sorted({finding.rule for finding in run.findings})
    index = {rule: position for position, rule in enumerate(rule_ids)}
    rules = [
        {"id": rule, "shortDescription": {"text": run.rules.get(rule, rule)}} for rule in rule_ids
    ]
    results = []
    for finding in run.findings:
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": finding.level,
            "message": {"text": finding.text()},
        }
        location: dict[str, Any] = {}
        if finding.file:
            physical: dict[str, Any] = {"artifactLocation": {"uri": _relative(finding.file)}}
            if finding.line > 0:
                region = {"startLine": finding.line}
                if finding.column > 0:
                    region["startColumn"] = finding.column
                physical["region"] = region
            location["physicalLocation"] = physical
        if finding.pointer:
            location["logicalLocations"] = [
                {"fullyQualifiedName": finding.pointer, "kind": "object"}
            ]
        if location:
            result["locations"] = [location]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": TOOL, "rules": rules}},
                "invocations": [
                    {"executionSuccessful": True, "exitCode": 0 if run.ok else 1,
                     "commandLine": f"python -m generator {run.command}"}
                ],
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (replaced by U+FFFD)."""
    return _XML_INVALID.sub("\ufffd", text)


def _junit(run: Run) -> str:
    """One test case per finding (a failure when its level fails the run), or one passing case."""
    import xml.etree.ElementTree as ET

    name = f"{TOOL} {run.command}"
    failures = sum(finding.level in run.failing for finding in run.findings)
    cases: Sequence[Finding] = run.findings
    suites = ET.Element("testsuites", name=TOOL, tests=str(max(len(cases), 1)),
                        failures=str(failures), errors="0")
    suite = ET.SubElement(suites, "testsuite", name=name, tests=str(max(len(cases), 1)),
                          failures=str(failures), errors="0", skipped="0")
    for finding in cases:
        where = _relative(finding.file) if finding.file else run.command
        if finding.line > 0:
            where += f":{finding.line}:{finding.column}"
        classname = _relative(finding.file) if finding.file else run.command
        case = ET.SubElement(
            suite, "testcase", classname=_xml_text(classname),
            name=_xml_text(f"[{finding.rule}] {finding.pointer or where}"),
        )
        if finding.file:
            case.set("file", _xml_text(_relative(finding.file)))
        if finding.line > 0:
            case.set("line", str(finding.line))
        body = _xml_text(f"{where}: {finding.level} [{finding.rule}] {finding.text()}")
        if finding.level in run.failing:
            failure = ET.SubElement(case, "failure", type=finding.rule,
                                    message=_xml_text(finding.text()))
            failure.text = body
        else:
            ET.SubElement(case, "system-out").text = body
    if not cases:
        ET.SubElement(suite, "testcase", classname=run.command, name=_xml_text(run.summary))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"
