"""``check``: every kind of drift is caught and named, on the fast path and with ``--full``."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project copy with a freshly generated output, made once for the module."""
    root = tmp_path_factory.mktemp("pristine")
    shutil.copytree(ROOT / "spec", root / "spec")
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    result = run_cli(["generate"], cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def project(pristine: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(pristine, copy)
    return copy


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def edit_manifest(project: Path, change: Callable[[dict[str, dict[str, object]]], None]) -> None:
    path = project / "generated" / ".codegen.json"
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


def change_spec(project: Path) -> None:
    spec = project / "spec" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("Refund a credit invoice", "Refund a credit note", 1))


def change_template(project: Path) -> None:
    path = project / "templates" / "solvimon_client" / "_version.py.jinja"
    path.write_text(path.read_text() + "# a template change\n")


def change_generator(project: Path) -> None:
    # The generator is imported from the repository, so simulate an older generator in the manifest.
    edit_manifest(project, lambda m: m["inputs"]["generator"].__setitem__("ir.py", "0" * 64))


def change_tool(project: Path) -> None:
    edit_manifest(project, lambda m: m["tools"].__setitem__("black", "0.0.1"))


def edit_output(project: Path) -> None:
    path = project / "generated" / "solvimon_client" / "_version.py"
    path.write_text(path.read_text() + "HACK = True\n")


def delete_output(project: Path) -> None:
    (project / "generated" / "solvimon_client" / "py.typed").unlink()


def add_stray(project: Path) -> None:
    (project / "generated" / "solvimon_client" / "leftover.py").write_text("x = 1\n")


DRIFTS = {
    "spec": (change_spec, ["the spec changed: spec/openapi.yaml", "changed:"]),
    "template": (change_template, ["templates changed: solvimon_client/_version.py.jinja"]),
    "generator": (change_generator, ["the generator changed: generator/ir.py"]),
    "tool": (change_tool, ["tool version differs: black 0.0.1 -> ", "pins in pyproject.toml"]),
    "hand-edit": (
        edit_output,
        ["edited by hand: solvimon_client/_version.py", "changed: solvimon_client/_version.py"],
    ),
    "missing": (
        delete_output,
        ["deleted: solvimon_client/py.typed", "missing: solvimon_client/py.typed"],
    ),
    "stray": (
        add_stray,
        [
            "not produced by generation: solvimon_client/leftover.py",
            "stray:   solvimon_client/leftover.py",
        ],
    ),
}


def test_in_sync_answers_from_the_fast_path(project: Path) -> None:
    result = run_cli(["check"], cwd=project)
    assert result.returncode == 0, result.stderr
    assert "in sync" in result.stdout and "fast path" in result.stdout
    full = run_cli(["check", "--full"], cwd=project)
    assert full.returncode == 0, full.stderr
    assert "full comparison" in full.stdout


@pytest.mark.parametrize("mode", [[], ["--full"]], ids=["fast", "full"])
@pytest.mark.parametrize("kind", list(DRIFTS))
def test_each_kind_of_drift_is_caught_and_named(project: Path, kind: str, mode: list[str]) -> None:
    make_drift, expected = DRIFTS[kind]
    make_drift(project)
    before = snapshot(project)
    result = run_cli(["check", *mode], cwd=project)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "is out of date" in output
    for text in expected:
        assert text in output, f"{text!r} not in:\n{output}"
    assert "Traceback" not in output
    assert snapshot(project) == before, "check must never write"


def test_causes_come_before_the_diff_and_the_diff_is_capped(project: Path) -> None:
    models = project / "generated" / "solvimon_client" / "models" / "_generated.py"
    models.write_text("\n".join(f"x{i} = {i}" for i in range(1000)) + "\n")
    result = run_cli(["check"], cwd=project)
    output = result.stderr
    assert result.returncode == 1
    assert output.index("edited by hand") < output.index("--- generated/")
    assert "more diff lines; see all with `python -m generator check --full-diff`" in output
    full = run_cli(["check", "--full-diff"], cwd=project)
    assert "more diff lines" not in full.stderr
    assert full.stderr.count("\n") > output.count("\n")


def test_full_catches_what_a_consistent_manifest_hides(project: Path) -> None:
    # Edit a file AND record its new hash in the manifest: the fast path cannot see it, --full can.
    edit_output(project)
    import hashlib

    digest = hashlib.sha256(
        (project / "generated" / "solvimon_client" / "_version.py").read_bytes()
    ).hexdigest()
    edit_manifest(
        project, lambda m: m["outputs"].__setitem__("solvimon_client/_version.py", digest)
    )
    assert run_cli(["check"], cwd=project).returncode == 0
    full = run_cli(["check", "--full"], cwd=project)
    assert full.returncode == 1
    assert "changed: solvimon_client/_version.py" in full.stderr


def test_invalid_spec_is_exit_2_not_drift(project: Path) -> None:
    spec = project / "spec" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("openapi: 3.1.0", "openapi: 3.0.0", 1))
    result = run_cli(["check"], cwd=project)
    assert result.returncode == 2
    assert "[openapi-version]" in result.stderr
    assert "Traceback" not in result.stderr


def git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=project,
        check=True,
        capture_output=True,
    )


def test_base_ref_requires_a_big_enough_version_bump(project: Path) -> None:
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "base")
    spec = project / "spec" / "openapi.yaml"
    text = spec.read_text()
    # A breaking change: a response field disappears.
    spec.write_text(text.replace("        footnote:\n", "        footnote_text:\n", 1))
    assert run_cli(["generate"], cwd=project).returncode == 0
    result = run_cli(["check", "--base", "HEAD"], cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BREAKING" in result.stderr
    assert "major" in result.stderr
    version = text.split("\n  version: ", 1)[1].split("\n", 1)[0]
    major = int(version.strip("'\"").split(".")[0])
    bumped = spec.read_text().replace(
        f"\n  version: {version}\n", f"\n  version: {major + 1}.0.0\n", 1
    )
    spec.write_text(bumped)
    assert run_cli(["generate"], cwd=project).returncode == 0
    ok = run_cli(["check", "--base", "HEAD"], cwd=project)
    assert ok.returncode == 0, ok.stdout + ok.stderr
