"""diff against oasdiff: its checker test pairs (tests/specs/compat/oasdiff), its verdict, ours."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.compat import RULES, diff_specs
from generator.load import load_spec
from tests.conftest import ROOT

FOLDER = Path(__file__).parent.parent / "specs" / "compat" / "oasdiff"
CASES: list[dict[str, Any]] = json.loads((FOLDER / "cases.json").read_text())
_SECTION = (ROOT / "README.md").read_text().split("### `diff OLD NEW`")[1].split("\n### ")[0]
_TABLE = [line for line in _SECTION.splitlines() if line.startswith("| `")]
"""The rows of the README's rule table (the diff section)."""

# Where ours differs from oasdiff, on purpose: case -> (our verdict, the rule that decides it).
# Each rule's row in the README's rule table says why, for a generated, validating client.
JUSTIFIED: dict[str, tuple[bool, str]] = {
    # an operation (or the whole API) that needed no credentials now needs some: the client
    # sends credentials only where the spec asks, so old clients get 401
    "api-global-securityy-added": (True, "security-alternative-removed"),
    "api-security-added": (True, "security-alternative-removed"),
    # the scheme's constructor argument goes away: code passing it gets a TypeError
    "component-security-removed": (True, "security-scheme-removed"),
    # text/plain only -> application/json added: the client now sends JSON, the body's type changes
    "request-body-media-type-added": (True, "request-body-removed"),
    # the removed response media type is not the one the client reads (application/json)
    "delete-new-media-type": (False, "media-type-removed"),
    # the revision also drops application/json, the media type the client sends
    "request-body-default-value-changed": (True, "request-body-removed"),
    # the request model drops readOnly fields: an argument goes away
    "request-optional-property-became-read-only": (True, "request-field-made-read-only"),
    # the models validate responses: a new alternative fails to parse in old clients
    "response-property-any-of-added": (True, "response-type-changed"),
}


def _breaking_in_oasdiff(case: dict[str, Any]) -> bool:
    return bool(case["oasdiff_pair_level"] in ("ERR", "WARN"))


def test_sixty_pairs_each_in_its_folder() -> None:
    assert len(CASES) == 60
    assert len({c["case"] for c in CASES}) == 60
    folders = {p.name for p in FOLDER.iterdir() if p.is_dir()}
    assert folders == {c["case"] for c in CASES}
    for case in CASES:
        for which, source in (("old", case["base"]), ("new", case["revision"])):
            first = (FOLDER / case["case"] / f"{which}.yaml").read_text().splitlines()[0]
            assert first.startswith(f"# oasdiff {source}")


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_verdict_agrees_with_oasdiff_or_is_justified(case: dict[str, Any]) -> None:
    folder = FOLDER / case["case"]
    report = diff_specs(load_spec(folder / "old.yaml"), load_spec(folder / "new.yaml"))
    assert report.changes, "every pair changes something"
    ours = any(c.severity == "breaking" for c in report.changes)
    if case["case"] in JUSTIFIED:
        verdict, rule = JUSTIFIED[case["case"]]
        assert ours == verdict != _breaking_in_oasdiff(case)
        assert rule in {c.rule for c in report.changes}
        assert RULES[rule] == ("breaking" if verdict else "compatible")
        [row] = [line for line in _TABLE if f"`{rule}`" in line.split("|")[1]]
        assert "oasdiff:" in row  # its row in the README's rule table explains the difference
    else:
        assert ours == _breaking_in_oasdiff(case), [c.format() for c in report.changes]


def test_every_rule_has_a_row_in_the_readme_table() -> None:
    named = {token for line in _TABLE for token in line.split("|")[1].split("`")[1::2]}
    assert named == set(RULES)


def test_agreement_meets_the_target() -> None:
    agreed = len(CASES) - len(JUSTIFIED)
    assert set(JUSTIFIED) <= {c["case"] for c in CASES}
    assert agreed + len(JUSTIFIED) >= 58
    assert agreed >= 52
