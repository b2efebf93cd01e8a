"""compat: every rule on its fixture pair, the version-bump check, and the spec at a git ref."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from generator.compat import RULES, CompatReport, bump_problem, diff_specs, spec_at_ref
from generator.compat._limits import limit_changes
from generator.errors import SpecError
from generator.load import SpecDocument, load_spec
from tests.conftest import ROOT, SPEC, run_cli

CASES_DIR = Path(__file__).parent.parent / "specs" / "compat"
OP = "/paths/~1v{version}~1items~1{itemId}~1refund/post"
REQ = "/components/schemas/RefundRequest"
ITEM = "/components/schemas/Item"
ITEM_ID = (
    "      - name: itemId\n        in: path\n        required: true\n        schema:\n"
    "          type: string\n"
)
NOTE_REQ = "        note:\n          type:\n          - string\n          - 'null'\n        amount:"
ERROR_MSG = "        message:\n          type: string\n"

# case folder -> (rule id, class, pointer shown, overall bump)
EXPECTED: dict[str, tuple[str, str, str, str]] = {
    "operation-removed": ("operation-removed", "breaking", OP, "major"),
    "operation-added": (
        "operation-added", "compatible", "/paths/~1v{version}~1items~1{itemId}~1refund/get", "minor"
    ),
    "operation-id-changed": ("operation-id-changed", "breaking", f"{OP}/operationId", "major"),
    "operation-tag-changed": ("operation-tag-changed", "breaking", f"{OP}/tags", "major"),
    "parameter-removed": ("parameter-removed", "breaking", f"{OP}/parameters/2", "major"),
    "parameter-added-required": (
        "parameter-added-required", "breaking", f"{OP}/parameters/3", "major"
    ),
    "parameter-added-optional": (
        "parameter-added-optional", "compatible", f"{OP}/parameters/3", "minor"
    ),
    "parameter-made-required": (
        "parameter-made-required", "breaking", f"{OP}/parameters/2", "major"
    ),
    "parameter-made-optional": (
        "parameter-made-optional", "compatible", f"{OP}/parameters/2", "minor"
    ),
    "parameter-default-changed": (
        "parameter-default-changed", "breaking", f"{OP}/parameters/0/schema", "major"
    ),
    "request-body-removed": ("request-body-removed", "breaking", f"{OP}/requestBody", "major"),
    "request-body-added-required": (
        "request-body-added-required", "breaking", f"{OP}/requestBody", "major"
    ),
    "request-body-added-optional": (
        "request-body-added-optional", "compatible", f"{OP}/requestBody", "minor"
    ),
    "request-body-made-required": (
        "request-body-made-required", "breaking", f"{OP}/requestBody", "major"
    ),
    "request-body-made-optional": (
        "request-body-made-optional", "compatible", f"{OP}/requestBody", "minor"
    ),
    "request-field-removed": (
        "request-field-removed", "breaking", f"{REQ}/properties/amount", "major"
    ),
    "request-field-added-required": (
        "request-field-added-required", "breaking", f"{REQ}/properties/code", "major"
    ),
    "request-field-added-optional": (
        "request-field-added-optional", "compatible", f"{REQ}/properties/code", "minor"
    ),
    "request-field-made-required": (
        "request-field-made-required", "breaking", f"{REQ}/properties/amount", "major"
    ),
    "request-field-made-optional": (
        "request-field-made-optional", "compatible", f"{REQ}/properties/amount", "minor"
    ),
    "request-field-made-non-nullable": (
        "request-field-made-non-nullable", "breaking", f"{REQ}/properties/note", "major"
    ),
    "request-field-made-nullable": (
        "request-field-made-nullable", "compatible", f"{REQ}/properties/amount", "minor"
    ),
    "request-type-changed": (
        "request-type-changed", "breaking", f"{REQ}/properties/amount", "major"
    ),
    "request-type-widened": (
        "request-type-widened", "compatible", f"{REQ}/properties/amount", "minor"
    ),
    "request-enum-value-removed": (
        "request-enum-value-removed", "breaking", "/components/schemas/Reason", "major"
    ),
    "request-enum-value-added": (
        "request-enum-value-added", "compatible", "/components/schemas/Reason", "minor"
    ),
    "response-removed": ("response-removed", "breaking", f"{OP}/responses/401", "major"),
    "response-added": ("response-added", "compatible", f"{OP}/responses/400", "minor"),
    "response-success-added": (
        "response-success-added", "breaking", f"{OP}/responses/202", "major"
    ),
    "response-body-removed": ("response-body-removed", "breaking", f"{OP}/responses/200", "major"),
    "response-body-added": ("response-body-added", "compatible", f"{OP}/responses/401", "minor"),
    "response-field-removed": (
        "response-field-removed", "breaking", f"{ITEM}/properties/total", "major"
    ),
    "response-field-removed--allof": (
        "response-field-removed",
        "breaking",
        f"{OP}/responses/200/content/application~1json/schema/allOf/1/properties/extra",
        "major",
    ),
    "response-field-added": (
        "response-field-added", "compatible", f"{ITEM}/properties/currency", "minor"
    ),
    "response-field-made-optional": (
        "response-field-made-optional", "breaking", f"{ITEM}/properties/status", "major"
    ),
    "response-field-made-required": (
        "response-field-made-required", "compatible", f"{ITEM}/properties/total", "minor"
    ),
    "response-field-made-nullable": (
        "response-field-made-nullable", "breaking", f"{ITEM}/properties/total", "major"
    ),
    "response-field-made-nullable--type-list": (
        "response-field-made-nullable", "breaking", f"{ITEM}/properties/total", "major"
    ),
    "response-field-made-non-nullable": (
        "response-field-made-non-nullable", "compatible", f"{ITEM}/properties/note", "minor"
    ),
    "response-type-changed": (
        "response-type-changed", "breaking", f"{ITEM}/properties/total", "major"
    ),
    "response-type-narrowed": (
        "response-type-narrowed", "compatible", f"{ITEM}/properties/total", "minor"
    ),
    "response-enum-value-removed": (
        "response-enum-value-removed", "breaking", "/components/schemas/Status", "major"
    ),
    "response-enum-value-added": (
        "response-enum-value-added", "compatible", "/components/schemas/Status", "minor"
    ),
    "format-changed": ("format-changed", "breaking", f"{ITEM}/properties/paid_at", "major"),
    "security-alternative-removed": (
        "security-alternative-removed", "breaking", "/security", "major"
    ),
    "security-requirement-removed": (
        "security-requirement-removed", "compatible", "/security", "minor"
    ),
    "request-limit-tightened": (
        "request-limit-tightened", "breaking", f"{REQ}/properties/amount/maximum", "major"
    ),
    "request-limit-loosened": (
        "request-limit-loosened", "compatible", f"{REQ}/properties/note/maxLength", "minor"
    ),
    "response-closed-enum-value-added": (
        "response-closed-enum-value-added", "breaking", f"{ITEM}/properties/total", "major"
    ),
    "response-limit-loosened": (
        "response-limit-loosened", "breaking", f"{ITEM}/properties/id", "major"
    ),
    "response-limit-tightened": (
        "response-limit-tightened", "compatible", f"{ITEM}/properties/tags/maxItems", "minor"
    ),
    "request-field-made-read-only": (
        "request-field-made-read-only", "breaking", f"{REQ}/properties/amount", "major"
    ),
    "request-field-made-writable": (
        "request-field-made-writable", "compatible", f"{REQ}/properties/amount", "minor"
    ),
    "response-field-made-write-only": (
        "response-field-made-write-only", "breaking", f"{ITEM}/properties/total", "major"
    ),
    "response-field-made-readable": (
        "response-field-made-readable", "compatible", f"{ITEM}/properties/total", "minor"
    ),
    "media-type-added": (
        "media-type-added", "compatible",
        f"{OP}/requestBody/content/application~1x-www-form-urlencoded", "minor",
    ),
    "media-type-removed": (
        "media-type-removed", "compatible",
        f"{OP}/requestBody/content/application~1x-www-form-urlencoded", "minor",
    ),
    "request-type-changed--model": (
        "request-type-changed", "breaking", f"{REQ}/properties/reason", "major"
    ),
    "request-type-changed--allof": ("request-type-changed", "breaking", REQ, "major"),
    "request-limit-loosened--empty-pattern": (
        "request-limit-loosened", "compatible", f"{REQ}/properties/note/pattern", "minor"
    ),
    "request-type-widened--oneof": (
        "request-type-widened", "compatible", f"{REQ}/properties/amount", "minor"
    ),
    "security-requirement-added": (
        "security-requirement-added", "compatible", "/security", "minor"
    ),
    "security-scheme-removed": (
        "security-scheme-removed", "breaking", "/components/securitySchemes/Bearer", "major"
    ),
    "security-scheme-changed": (
        "security-scheme-changed", "breaking", "/components/securitySchemes/ApiKey", "major"
    ),
    "security-scheme-added": (
        "security-scheme-added", "compatible", "/components/securitySchemes/Basic", "minor"
    ),
    "server-removed": ("server-removed", "breaking", "/servers/1", "major"),
    "server-added": ("server-added", "compatible", "/servers/2", "minor"),
    "schema-removed": ("schema-removed", "breaking", "/components/schemas/Legacy", "major"),
    "schema-added": ("schema-added", "compatible", "/components/schemas/Extra", "minor"),
    "deprecation-changed": ("deprecation-changed", "compatible", f"{OP}/deprecated", "minor"),
    "client-name-changed": ("client-name-changed", "breaking", f"{OP}/x-method-name", "major"),
    "documentation-changed": ("documentation-changed", "patch", f"{OP}/summary", "patch"),
    "other-change": (
        "other-change", "patch", "/components/schemas/Status/$comment", "patch"
    ),
    "other-change--next-to-a-finding": (
        "other-change", "patch", "/components/schemas/Reason/$comment", "major"
    ),
}
# Cases where one edit necessarily makes a second change.
ALSO: dict[str, set[str]] = {
    "security-scheme-removed": {"security-alternative-removed"},
    "other-change--next-to-a-finding": {"request-limit-tightened"},
    # the allOf part brings its field along
    "request-type-changed--allof": {"request-field-added-optional"},
}


def _diff(case: str) -> CompatReport:
    folder = CASES_DIR / case
    return diff_specs(load_spec(folder / "old.yaml"), load_spec(folder / "new.yaml"))


def test_every_rule_has_a_fixture_pair() -> None:
    covered = {rule for rule, *_ in EXPECTED.values()}
    assert covered == set(RULES)
    folders = {p.name for p in CASES_DIR.iterdir() if p.is_dir()}
    assert folders == set(EXPECTED) | {"identical", "oasdiff"}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_rule_on_fixture_pair(case: str) -> None:
    rule, severity, pointer, bump = EXPECTED[case]
    report = _diff(case)
    assert {c.rule for c in report.changes} == {rule} | ALSO.get(case, set())
    [change] = [c for c in report.changes if c.rule == rule]
    assert change.severity == severity
    assert change.pointer == pointer
    assert report.bump == bump
    assert f"{change.format()}" in report.format().splitlines()
    assert report.format().endswith(f"required bump: {bump}")


def test_identical_specs_have_no_changes() -> None:
    report = _diff("identical")
    assert report.changes == ()
    assert report.bump == "none"
    assert report.format() == "no changes\ninfo.version: 1.0.0 -> 1.0.0\nrequired bump: none"


def test_format_labels_and_orders_breaking_first() -> None:
    folder = CASES_DIR
    old = load_spec(folder / "response-field-added" / "old.yaml")
    new = load_spec(folder / "response-field-removed" / "new.yaml")
    lines = diff_specs(load_spec(folder / "response-field-added" / "new.yaml"), new).format()
    assert lines.splitlines()[0].startswith(f"BREAKING {ITEM}/properties/")
    assert diff_specs(old, old).bump == "none"


def test_changes_inside_a_shared_component_are_reported_once() -> None:
    # Status is reached from the 200 body and, recursively, from Item.parent.
    report = _diff("response-enum-value-removed")
    assert len(report.changes) == 1


@pytest.mark.parametrize(
    ("case", "old", "new", "ok"),
    [
        ("response-field-removed", "1.4.2", "2.0.0", True),
        ("response-field-removed", "1.4.2", "1.5.0", False),
        ("response-field-added", "1.4.2", "1.5.0", True),
        ("response-field-added", "1.4.2", "1.4.3", False),
        ("documentation-changed", "1.4.2", "1.4.3", True),
        ("documentation-changed", "1.4.2", "1.4.2", False),
        ("identical", "1.4.2", "1.4.2", True),
        # 0.x: breaking -> minor, compatible -> patch
        ("response-field-removed", "0.3.1", "0.4.0", True),
        ("response-field-removed", "0.3.1", "0.3.2", False),
        ("response-field-added", "0.3.1", "0.3.2", True),
        ("response-field-added", "0.3.1", "0.3.1", False),
        ("response-field-removed", "0.3.1", "1.0.0", True),
    ],
)
def test_bump_problem(case: str, old: str, new: str, ok: bool) -> None:
    problem = bump_problem(_diff(case), old, new)
    assert (problem is None) == ok, problem


def test_bump_problem_messages() -> None:
    message = bump_problem(_diff("response-field-removed"), "1.4.2", "1.5.0")
    assert message is not None
    assert "minor bump" in message and "need a major bump" in message and "2.0.0" in message
    zero = bump_problem(_diff("response-field-removed"), "0.3.1", "0.3.2")
    assert zero is not None and "0.4.0" in zero and "0.x" in zero
    backwards = bump_problem(_diff("identical"), "1.4.2", "1.4.1")
    assert backwards is not None and "backwards" in backwards
    bad = bump_problem(_diff("identical"), "1.4", "1.5")
    assert bad is not None and "'1.4' is not a semantic version" in bad


# --- spec_at_ref --------------------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd, capture_output=True, check=True, text=True,
    )
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:  # pragma: no cover - git is part of the dev environment
        pytest.skip("git is not installed")
    _git(tmp_path, "init", "-q", "-b", "main")
    spec = tmp_path / "spec"
    spec.mkdir()
    # A two-file spec: the Status enum lives in its own file.
    text = (CASES_DIR / "identical" / "old.yaml").read_text()
    status = "    Status:\n      type: string\n      enum:\n      - OPEN\n      - PAID\n"
    assert status in text
    text = text.replace(status, "    Status:\n      $ref: 'schemas/status.yaml'\n")
    (spec / "openapi.yaml").write_text(text)
    (spec / "schemas").mkdir()
    (spec / "schemas" / "status.yaml").write_text("type: string\nenum: [OPEN, PAID]\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "v1")
    return tmp_path


def test_spec_at_ref_loads_every_file_of_the_spec(repo: Path) -> None:
    (repo / "spec" / "schemas" / "status.yaml").write_text("type: string\nenum: [OPEN]\n")
    current = load_spec(repo / "spec" / "openapi.yaml")
    before = spec_at_ref("HEAD", repo / "spec" / "openapi.yaml")
    assert len(before.files) == 2
    assert before.root.display == "HEAD:spec/openapi.yaml"
    report = diff_specs(before, current)
    [change] = report.changes
    assert change.rule == "response-enum-value-removed"
    assert change.pointer.endswith("status.yaml#")
    assert report.bump == "major"


def test_spec_at_ref_bad_ref(repo: Path) -> None:
    with pytest.raises(SpecError) as caught:
        spec_at_ref("no-such-branch", repo / "spec" / "openapi.yaml")
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "git-ref"
    assert "'no-such-branch' is not a commit" in diagnostic.message


def test_spec_missing_at_ref(repo: Path) -> None:
    (repo / "other.yaml").write_text("openapi: 3.1.0\n")
    with pytest.raises(SpecError) as caught:
        spec_at_ref("HEAD", repo / "other.yaml")
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "git-ref"
    assert diagnostic.message == "other.yaml does not exist at HEAD"


def test_spec_outside_a_repository(tmp_path: Path) -> None:
    spec = tmp_path / "alone" / "openapi.yaml"
    spec.parent.mkdir()
    spec.write_text("openapi: 3.1.0\n")
    env_guard = tmp_path / ".git"
    assert not env_guard.exists()
    with pytest.raises(SpecError) as caught:
        spec_at_ref("HEAD", spec)
    assert caught.value.diagnostics[0].code == "git-ref"



VENDOR_API = ROOT / "bench" / "data" / "solvimon-transaction-api.yaml"


def _place(pointer: str | None) -> tuple[bool, str]:
    return (pointer is not None, pointer or "")


@pytest.mark.parametrize("reverse", [False, True], ids=["vendor-to-ours", "ours-to-vendor"])
def test_changes_absent_from_one_spec_sort_among_the_others(reverse: bool) -> None:
    """Under one rule, a change absent from one spec (pointer None) and one present in both
    used to meet in the sort and raise TypeError; the whole vendor API against ours has both."""
    old, new = load_spec(VENDOR_API), load_spec(SPEC)
    if reverse:
        old, new = new, old
    changes = diff_specs(old, new).changes
    absent = {c.rule for c in changes if c.old_pointer is None}
    present = {c.rule for c in changes if c.old_pointer is not None}
    assert absent & present  # the mix that used to fail
    expected = sorted(
        changes, key=lambda c: (c.rule, _place(c.old_pointer), _place(c.new_pointer), c.message)
    )
    assert list(changes) == expected


def test_diff_output_does_not_depend_on_the_hash_seed() -> None:
    runs = [
        run_cli(["diff", VENDOR_API, SPEC], env={"PYTHONHASHSEED": seed}) for seed in ("1", "2")
    ]
    assert [r.returncode for r in runs] == [0, 0]
    assert "Traceback" not in runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    assert "required bump: major" in runs[0].stdout


# --- OpenAPI 3.0 is refused, as validate refuses it ------------------------------------------


@pytest.mark.parametrize("side", ["old", "new"])
def test_diff_refuses_openapi_30_with_its_place(tmp_path: Path, side: str) -> None:
    text = (CASES_DIR / "identical" / "old.yaml").read_text()
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(text)
    bad.write_text(text.replace("openapi: 3.1.0", "openapi: 3.0.3"))
    before = bad.read_bytes()
    args = [bad, good] if side == "old" else [good, bad]
    done = run_cli(["diff", *args])
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert "bad.yaml:2:1: error [openapi-version] /openapi: OpenAPI version '3.0.3'" in done.stderr
    assert "`openapi: 3.1.0`" in done.stderr  # how to fix it
    assert bad.read_bytes() == before


def test_diff_refuses_swagger_and_a_missing_version() -> None:
    folder = CASES_DIR / "identical"
    old = load_spec(folder / "old.yaml")
    swagger = replace(old.root, data={"swagger": "2.0"})
    bare = replace(old.root, data={"info": {}})
    for root, pointer, words in ((swagger, "/swagger", "Swagger '2.0'"),
                                 (bare, "", "without an `openapi` field")):
        doc = SpecDocument(root, {root.path: root})
        with pytest.raises(SpecError) as caught:
            diff_specs(old, doc)
        [diagnostic] = caught.value.diagnostics
        assert diagnostic.code == "openapi-version"
        assert diagnostic.pointer == pointer
        assert words in diagnostic.message


# --- limits: which way a keyword's change goes -----------------------------------------------


def _limits(**values: object) -> dict[str, tuple[object, str]]:
    return {key: (value, f"/{key}") for key, value in values.items()}


@pytest.mark.parametrize(
    ("old", "new", "direction"),
    [
        ({}, {"maxLength": 5}, "tightened"),
        ({"maxLength": 5}, {}, "loosened"),
        ({"maxLength": 5}, {"maxLength": 4}, "tightened"),
        ({"maxLength": 5}, {"maxLength": 6}, "loosened"),
        ({"minLength": 1}, {"minLength": 2}, "tightened"),
        ({"minLength": 2}, {"minLength": 1}, "loosened"),
        ({"maximum": 10}, {"maximum": 9.5}, "tightened"),
        ({"minimum": 0}, {"minimum": -1}, "loosened"),
        ({"exclusiveMaximum": 10}, {"exclusiveMaximum": 11}, "loosened"),
        ({"exclusiveMinimum": 0}, {"exclusiveMinimum": 1}, "tightened"),
        ({"minItems": 1}, {"minItems": 0}, "loosened"),
        ({"maxItems": 3}, {"maxItems": 2}, "tightened"),
        ({"minProperties": 1}, {"minProperties": 2}, "tightened"),
        ({"maxProperties": 3}, {}, "loosened"),
        ({}, {"pattern": "^a"}, "tightened"),
        ({"pattern": "^a"}, {}, "loosened"),
        ({"pattern": "^a"}, {"pattern": "^b"}, "tightened"),
        ({"multipleOf": 2}, {"multipleOf": 4}, "tightened"),
        ({"multipleOf": 4}, {"multipleOf": 2}, "loosened"),
        ({"multipleOf": 0.5}, {"multipleOf": 0.25}, "loosened"),
        ({"multipleOf": 2}, {"multipleOf": 3}, "tightened"),
        ({}, {"uniqueItems": True}, "tightened"),
        ({}, {"uniqueItems": False}, "loosened"),
        ({"uniqueItems": True}, {"uniqueItems": False}, "loosened"),
        ({"uniqueItems": False}, {"uniqueItems": True}, "tightened"),
        ({"uniqueItems": True}, {}, "loosened"),
    ],
)
def test_limit_direction(old: dict[str, object], new: dict[str, object], direction: str) -> None:
    [change] = limit_changes(_limits(**old), _limits(**new))
    assert change.direction == direction
    assert change.keyword in old.keys() | new.keys()


def test_equal_limits_are_no_change() -> None:
    assert limit_changes(_limits(maxLength=5, pattern="x"), _limits(maxLength=5, pattern="x")) == []


@pytest.mark.parametrize(
    ("edit", "rule", "pointer"),
    [
        # a path parameter gets a maxLength: calls with a longer id are refused
        ((ITEM_ID, ITEM_ID + "          maxLength: 20\n"), "request-limit-tightened",
         f"{OP}/parameters/1/schema/maxLength"),
        # the request body's note gets a pattern
        ((NOTE_REQ, NOTE_REQ.replace("'null'\n", "'null'\n          pattern: '^[a-z]*$'\n")),
         "request-limit-tightened", f"{REQ}/properties/note/pattern"),
        # the 401 body's message gets a maxLength: what the server sends stays valid
        ((ERROR_MSG, ERROR_MSG + "          maxLength: 200\n"), "response-limit-tightened",
         "/components/schemas/Error/properties/message/maxLength"),
    ],
)
def test_limits_on_parameters_and_bodies(
    tmp_path: Path, edit: tuple[str, str], rule: str, pointer: str
) -> None:
    text = (CASES_DIR / "identical" / "old.yaml").read_text()
    assert text.count(edit[0]) == 1
    (tmp_path / "new.yaml").write_text(text.replace(*edit))
    report = diff_specs(load_spec(CASES_DIR / "identical" / "old.yaml"),
                        load_spec(tmp_path / "new.yaml"))
    [change] = report.changes
    assert (change.rule, change.pointer) == (rule, pointer)


def test_unique_items_on_the_response_side_is_no_change_for_the_client(tmp_path: Path) -> None:
    """The models do not check uniqueItems (a list stays a list): no finding, no other-change."""
    tags = "        tags:\n          type: array\n"
    text = (CASES_DIR / "identical" / "old.yaml").read_text()
    (tmp_path / "old.yaml").write_text(text.replace(tags, tags + "          uniqueItems: true\n"))
    report = diff_specs(load_spec(tmp_path / "old.yaml"),
                        load_spec(CASES_DIR / "identical" / "old.yaml"))
    assert report.changes == ()


def _edited(tmp_path: Path, *edits: tuple[str, str]) -> CompatReport:
    """The identical fixture against a copy with ``edits`` applied (each must match once)."""
    text = (CASES_DIR / "identical" / "old.yaml").read_text()
    for before, after in edits:
        assert text.count(before) == 1, before
        text = text.replace(before, after)
    (tmp_path / "new.yaml").write_text(text)
    return diff_specs(load_spec(CASES_DIR / "identical" / "old.yaml"),
                      load_spec(tmp_path / "new.yaml"))


def test_a_tightened_limit_next_to_a_title_edit_gives_both(tmp_path: Path) -> None:
    amount = "        amount:\n          type: integer\n"
    report = _edited(
        tmp_path,
        (amount, amount + "          maximum: 100\n"),
        ("  title: Compat fixture\n", "  title: Compat fixture, renamed\n"),
    )
    assert {(c.rule, c.pointer) for c in report.changes} == {
        ("request-limit-tightened", f"{REQ}/properties/amount/maximum"),
        ("documentation-changed", "/info/title"),
    }


def test_read_only_on_a_response_only_field_is_no_change(tmp_path: Path) -> None:
    """readOnly only shapes request models: on a schema only responses use, nothing to say."""
    total = "        total:\n          type: integer\n"
    report = _edited(tmp_path, (total, total + "          readOnly: true\n"))
    assert report.changes == ()


def test_a_required_list_reordered_is_no_change(tmp_path: Path) -> None:
    report = _edited(tmp_path, ("      - id\n      - status\n", "      - status\n      - id\n"))
    assert report.changes == ()


def test_an_examined_keyword_does_not_explain_what_is_around_it(tmp_path: Path) -> None:
    """readOnly on a response field is looked at and found to matter to no one; a $comment
    on the same schema still is an other-change."""
    total = "        total:\n          type: integer\n"
    report = _edited(
        tmp_path,
        (total, total + "          readOnly: true\n"),
        ("    Item:\n      type: object\n", "    Item:\n      type: object\n      $comment: x\n"),
    )
    assert {(c.rule, c.pointer) for c in report.changes} == {("other-change", f"{ITEM}/$comment")}


def test_a_field_made_required_explains_its_required_list(tmp_path: Path) -> None:
    report = _edited(
        tmp_path, ("      - id\n      - status\n", "      - id\n      - status\n      - total\n")
    )
    assert {c.rule for c in report.changes} == {"response-field-made-required"}


def test_a_readonly_field_that_is_required_and_becomes_writable_is_a_new_required_argument(
    tmp_path: Path,
) -> None:
    old = (CASES_DIR / "identical" / "old.yaml").read_text()
    amount = "        amount:\n          type: integer\n"
    required = "      required:\n      - reason\n"
    (tmp_path / "old.yaml").write_text(
        old.replace(amount, amount + "          readOnly: true\n")
        .replace(required, required + "      - amount\n")
    )
    (tmp_path / "new.yaml").write_text(old.replace(required, required + "      - amount\n"))
    report = diff_specs(load_spec(tmp_path / "old.yaml"), load_spec(tmp_path / "new.yaml"))
    assert {(c.rule, c.pointer) for c in report.changes} == {
        ("request-field-added-required", f"{REQ}/properties/amount")
    }


def test_a_description_inside_a_list_is_documentation(tmp_path: Path) -> None:
    name = "      - name: itemId\n"
    report = _edited(tmp_path, (name, name + "        description: x\n"))
    assert {(c.rule, c.pointer) for c in report.changes} == {
        ("documentation-changed", f"{OP}/parameters/1/description")
    }


def test_one_of_written_as_any_of_is_no_change(tmp_path: Path) -> None:
    """Both give the same Union in the models; the alternatives are compared all the same."""
    parent = "        parent:\n          oneOf:\n"
    report = _edited(tmp_path, (parent, parent.replace("oneOf", "anyOf")))
    assert report.changes == ()
