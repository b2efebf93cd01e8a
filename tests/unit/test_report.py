"""--format json|github|sarif|junit for validate, check, diff and upstream: each output read back.

SARIF is validated against the SARIF 2.1.0 JSON schema (tests/data/sarif-schema-2.1.0.json,
see tests/data/SOURCES.md), JUnit XML is parsed with xml.etree, GitHub workflow commands are
unescaped per GitHub's rules and JSON is loaded back into the findings it was written from.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.report import Finding, Run, render

ROOT = Path(__file__).resolve().parents[2]
PROBE = ROOT / "tests" / "specs" / "probe" / "defects.yaml"
COMPAT = ROOT / "tests" / "specs" / "compat" / "format-changed"
VENDOR_EXCERPT = ROOT / "spec" / "vendor" / "solvimon-transaction-api.refund-excerpt.yaml"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
BAD = ROOT / "tests" / "specs" / "bad"

COMMANDS: dict[str, tuple[list[str], int]] = {
    "validate-probe": (["validate", "--spec", str(PROBE)], 2),
    "validate-warnings": (["validate", "--spec", str(BAD / "path-ambiguous.yaml")], 0),
    "validate-clean": (["validate"], 0),
    "check": (["check"], 0),
    "diff": (["diff", str(COMPAT / "old.yaml"), str(COMPAT / "new.yaml")], 0),
    "upstream": (["upstream", str(VENDOR_EXCERPT)], 0),
}  # fmt: skip


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _sarif_validator() -> Any:
    from jsonschema import Draft4Validator

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


@pytest.mark.parametrize("name", COMMANDS)
def test_json_reads_back_with_the_same_exit_code(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    argv, expected = COMMANDS[name]
    code, out, _ = _run(capsys, [*argv, "--format", "json"])
    assert code == expected
    document = json.loads(out)
    assert document["tool"] == "solvimon-codegen"
    assert document["command"] == argv[0]
    assert document["ok"] is (expected == 0)
    findings = [Finding(**item) for item in document["findings"]]
    assert all(f.level in ("error", "warning", "note") and f.rule for f in findings)
    if name == "validate-probe":
        assert len(findings) == 14 and all(f.line > 0 and f.pointer for f in findings)
    if name in ("validate-clean", "check"):
        assert findings == []
    if name == "diff":
        assert [(f.level, f.rule, f.line) for f in findings] == [("warning", "format-changed", 97)]


@pytest.mark.parametrize("name", COMMANDS)
def test_sarif_is_valid_against_the_sarif_2_1_0_schema(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    argv, expected = COMMANDS[name]
    code, out, _ = _run(capsys, [*argv, "--format", "sarif"])
    assert code == expected
    log = json.loads(out)
    errors = sorted(_sarif_validator().iter_errors(log), key=str)
    assert not errors, errors[0]
    results = log["runs"][0]["results"]
    rules = [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]]
    for result in results:
        assert rules[result["ruleIndex"]] == result["ruleId"]
    if name == "validate-probe":
        lines = {r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results}
        assert len(results) == 14 and min(lines) >= 1


def test_sarif_schema_rejects_a_broken_log() -> None:
    """The schema check can fail: a result with an unknown level is refused."""
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                            "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}  # fmt: skip  # noqa: E501
    assert list(_sarif_validator().iter_errors(broken))


@pytest.mark.parametrize("name", COMMANDS)
def test_junit_parses_back(capsys: pytest.CaptureFixture[str], name: str) -> None:
    argv, expected = COMMANDS[name]
    code, out, _ = _run(capsys, [*argv, "--format", "junit"])
    assert code == expected
    suites = ET.fromstring(out.split("\n", 1)[1])
    suite = suites.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    failures = [case for case in cases if case.find("failure") is not None]
    assert int(suite.get("tests", "0")) == len(cases) >= 1
    assert int(suite.get("failures", "0")) == len(failures) == int(suites.get("failures", "-1"))
    assert (expected == 0) == (not failures) or name == "upstream"
    if name == "validate-probe":
        assert len(cases) == 14 and len(failures) == 5  # 5 errors; the 9 warnings do not fail


def test_github_commands_are_one_per_line_and_name_the_place(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(capsys, ["validate", "--spec", str(PROBE), "--format", "github"])
    assert code == 2
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert len(commands) == 14
    pattern = re.compile(
        r"^::(error|warning) file=([^,]+),line=(\d+),col=(\d+),title=([a-z-]+)::.+"
    )
    parsed = [pattern.match(line) for line in commands]
    assert all(parsed), commands
    assert {m[2] for m in parsed if m} == {"tests/specs/probe/defects.yaml"}
    assert out.splitlines()[-1] == "5 error(s); nothing was written."


def _unescape(text: str) -> str:
    return (
        text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
        .replace("%25", "%")
    )


def test_github_escaping_follows_the_runner_rules() -> None:
    finding = Finding(
        "error", "rule:a,b", "100% wrong:\r\nsecond, line", "dir/a:b,c.yaml", 3, 4, "/x", "fix"
    )
    out = render(Run("validate", (finding,), False, "done"), "github")
    first, summary = out.splitlines()
    assert summary == "done"
    assert "\r" not in first
    match = re.fullmatch(r"::error file=([^,]*),line=3,col=4,title=([^,:]*)::(.*)", first)
    assert match, first
    assert match[1] == "dir/a%3Ab%2Cc.yaml" and _unescape(match[1]) == "dir/a:b,c.yaml"
    assert _unescape(match[2]) == "rule:a,b"
    assert match[3] == "/x: 100%25 wrong:%0D%0Asecond, line (fix)"  # data: ':' ',' stay
    assert _unescape(match[3]) == finding.text()


def test_json_round_trips_every_field() -> None:
    findings = (
        Finding("error", "r", "m \u00e9 \"q\"", "f.yaml", 1, 2, "/a~1b", "h"),
        Finding("note", "n", "no place"),
    )
    document = json.loads(render(Run("diff", findings, True, "s"), "json"))
    assert tuple(Finding(**item) for item in document["findings"]) == findings


def test_junit_holds_characters_xml_cannot() -> None:
    finding = Finding("error", "r", "bad \x00\x1b byte <&>", "f.yaml", 1, 1)
    root = ET.fromstring(render(Run("validate", (finding,), False, "s"), "junit").split("\n", 1)[1])
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == "bad \ufffd\ufffd byte <&>"


def test_text_stays_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    spec = ROOT / "tests" / "specs" / "bad" / "path-ambiguous.yaml"
    default = _run(capsys, ["validate", "--spec", str(spec)])
    text = _run(capsys, ["validate", "--spec", str(spec), "--format", "text"])
    assert default == text
    assert default[1] == ""
    assert default[2].endswith("path-ambiguous.yaml: valid (1 warning(s))\n")


def test_a_tool_error_is_a_finding_too(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = _run(
        capsys, ["diff", str(tmp_path / "none.yaml"), str(COMPAT / "new.yaml"), "--format", "json"]
    )
    assert code == 2
    document = json.loads(out)
    assert document["ok"] is False
    assert [f["rule"] for f in document["findings"]] == ["file-not-found"]


def test_drift_findings_name_each_file_and_the_version_problem() -> None:
    from generator.drift import DriftReport
    from generator.report import from_drift

    report = DriftReport(
        "generated",
        causes=("the spec changed: spec/openapi.yaml",),
        changed=("a.py",),
        missing=("b.py",),
        stray=("c.py",),
        notes=("a staging directory is left",),
        version_problem="info.version 1.0.0 needs a minor bump",
    )
    findings = from_drift(report)
    assert [(f.level, f.rule, f.file) for f in findings] == [
        ("note", "check-note", ""),
        ("error", "drift-changed", "generated/a.py"),
        ("error", "drift-missing", "generated/b.py"),
        ("error", "drift-stray", "generated/c.py"),
        ("error", "version-bump", ""),
    ]
    assert all("the spec changed" in f.message for f in findings if f.rule.startswith("drift"))
    log = json.loads(render(Run("check", findings, False, "out of date"), "sarif"))
    assert not list(_sarif_validator().iter_errors(log))
    assert [r["level"] for r in log["runs"][0]["results"]] == ["note"] + ["error"] * 4
    suites = ET.fromstring(render(Run("check", findings, False, "s"), "junit").split("\n", 1)[1])
    assert suites.get("failures") == "4"


def test_upstream_stale_entry_is_an_error_at_its_allowlist_line() -> None:
    from generator.report import from_upstream
    from generator.upstream import AllowlistEntry, Difference, UpstreamReport

    difference = Difference("field-missing", "/components/schemas/A", "/x/y", "we lack 'y'")
    stale = AllowlistEntry("field-extra", "/gone", "old reason", "allow.yaml", 7)
    report = UpstreamReport((difference,), ((difference, stale),), (stale,))
    findings = from_upstream(report, ("ours.yaml", lambda p: (3, 5)), ("v.yaml", lambda p: (9, 1)))
    assert [(f.level, f.rule, f.file, f.line) for f in findings] == [
        ("error", "field-missing", "ours.yaml", 3),
        ("error", "allowlist-stale", "allow.yaml", 7),
        ("note", "field-missing", "ours.yaml", 3),
    ]
    assert findings[2].hint == "reason: old reason"
