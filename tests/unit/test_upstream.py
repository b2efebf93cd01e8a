"""upstream: each kind of difference with both pointers, the allowlist, and the committed spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import SpecError
from generator.load import SpecDocument, load_spec
from generator.upstream import RULES, compare_upstream, load_allowlist

HERE = Path(__file__).parent.parent / "specs" / "upstream"
REPO = Path(__file__).parent.parent.parent
GET = "/paths/~1things~1{id}/get"
VGET = "/paths/~1things~1{thingId}/get"
POST = "/paths/~1things/post"
W = "/components/schemas/Widget"
T = "/components/schemas/Thing"

# rule -> (our pointer, vendor pointer): every rule exactly once in ours.yaml vs vendor.yaml.
EXPECTED: dict[str, tuple[str | None, str | None]] = {
    "operation-not-upstream": ("/paths/~1extras/get", None),
    "parameter-missing": (None, f"{VGET}/parameters/1"),
    "parameter-extra": (f"{GET}/parameters/2", None),
    "parameter-required-differs": (f"{GET}/parameters/1", f"{VGET}/parameters/2"),
    "parameter-default-differs": (f"{GET}/parameters/0/schema", f"{VGET}/parameters/0/schema"),
    "security-differs": (f"{POST}/security", "/security"),
    "request-body-differs": (f"{POST}/requestBody", f"{POST}/requestBody"),
    "response-missing": (None, f"{VGET}/responses/404"),
    "response-extra": (f"{GET}/responses/500", None),
    "content-type-differs": (f"{POST}/responses/201", f"{POST}/responses/201"),
    "field-missing": (W, f"{T}/properties/gone"),
    "field-extra": (f"{W}/properties/extra", T),
    "required-differs": (f"{W}/properties/label", f"{T}/properties/label"),
    "type-differs": (f"{W}/properties/count", f"{T}/properties/count"),
    "format-differs": (f"{W}/properties/when", f"{T}/properties/when"),
    "nullability-differs": (f"{W}/properties/note", f"{T}/properties/note"),
    "enum-value-missing": ("/components/schemas/Category", "/components/schemas/Kind"),
    "enum-value-extra": ("/components/schemas/Category", "/components/schemas/Kind"),
}


@pytest.fixture(scope="module")
def ours() -> SpecDocument:
    return load_spec(HERE / "ours.yaml")


@pytest.fixture(scope="module")
def vendor() -> SpecDocument:
    return load_spec(HERE / "vendor.yaml")


def test_fixture_covers_every_rule() -> None:
    assert set(EXPECTED) == set(RULES)


def test_each_kind_of_difference_with_both_pointers(
    ours: SpecDocument, vendor: SpecDocument
) -> None:
    report = compare_upstream(ours, vendor, None)
    found = {d.rule: (d.ours, d.vendor) for d in report.differences}
    assert len(report.differences) == len(found)  # each exactly once
    assert found == EXPECTED
    assert not report.ok
    text = report.format()
    assert (
        f"DIFFERENCE [type-differs] ours: {W}/properties/count | vendor: {T}/properties/count: "
        "type string here, integer upstream"
    ) in text.splitlines()
    assert "vendor: (absent)" in text
    assert text.endswith("18 difference(s), 0 accepted by the allowlist, 0 stale allowlist entries")


def test_identical_documents_are_ok(ours: SpecDocument, vendor: SpecDocument) -> None:
    for doc in (ours, vendor):
        report = compare_upstream(doc, doc, None)
        assert report.ok
        assert report.differences == report.accepted == report.unused_allowlist_entries == ()


def test_allowlist_accepts_by_either_pointer_and_reports_stale_entries(
    ours: SpecDocument, vendor: SpecDocument
) -> None:
    report = compare_upstream(ours, vendor, HERE / "allowlist.yaml")
    accepted = {(d.rule, e.reason) for d, e in report.accepted}
    assert accepted == {
        ("response-extra", "we document the 500 the vendor's page lists"),
        ("parameter-missing", "the client sends X-Trace itself"),
    }
    assert len(report.differences) == 16
    [stale] = report.unused_allowlist_entries
    assert (stale.rule, stale.line) == ("field-missing", 9)
    assert not report.ok
    assert (
        f"{HERE / 'allowlist.yaml'}:9: stale allowlist entry [field-missing] "
        f"{T}/properties/no_such_field: matches no difference (remove it)"
    ) in report.format()


def test_a_stale_entry_alone_fails_the_check(ours: SpecDocument, tmp_path: Path) -> None:
    allowlist = tmp_path / "allowlist.yaml"
    allowlist.write_text("- {rule: type-differs, pointer: /components/schemas/X, reason: old}\n")
    report = compare_upstream(ours, ours, allowlist)
    assert report.differences == ()
    assert not report.ok


def test_allowlist_entry_without_reason_is_an_error_at_its_line() -> None:
    with pytest.raises(SpecError) as caught:
        load_allowlist(HERE / "allowlist-no-reason.yaml")
    [diagnostic] = caught.value.diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.pointer) == ("allowlist", 4, "/1")
    assert diagnostic.message == "every allowlist entry needs a reason"


def test_allowlist_unknown_rule_suggests_the_nearest_and_refuses_unknown_keys() -> None:
    with pytest.raises(SpecError) as caught:
        load_allowlist(HERE / "allowlist-typo.yaml")
    by_pointer = {d.pointer: d for d in caught.value.diagnostics}
    assert by_pointer["/0/rule"].line == 1
    assert by_pointer["/0/rule"].hint == "did you mean 'field-missing'?"
    assert by_pointer["/0/note"].message == "unknown key 'note'"
    assert by_pointer["/0/note"].line == 4


def test_allowlist_must_be_a_list() -> None:
    with pytest.raises(SpecError) as caught:
        load_allowlist(HERE / "allowlist-not-a-list.yaml")
    assert caught.value.diagnostics[0].message == "the allowlist must be a YAML list of entries"


def test_missing_allowlist_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        load_allowlist(tmp_path / "nope.yaml")
    assert caught.value.diagnostics[0].code == "allowlist"


def test_committed_spec_matches_the_pinned_vendor_excerpt() -> None:
    """CI's check: every difference from the vendor excerpt is explained in the allowlist."""
    ours = load_spec(REPO / "spec" / "openapi.yaml")
    vendor = load_spec(REPO / "spec" / "vendor" / "solvimon-transaction-api.refund-excerpt.yaml")
    report = compare_upstream(ours, vendor, REPO / "spec" / "upstream-allowlist.yaml")
    assert report.ok, report.format()
    assert len(report.accepted) == 10
    # Without the allowlist the same comparison fails: the check is not vacuous.
    assert not compare_upstream(ours, vendor, None).ok
