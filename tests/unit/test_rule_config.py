"""[tool.generator.rules] and fail-on-warnings / --strict, through the CLI in a scratch project."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import load_config

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "specs" / "bad"


def _project(tmp_path: Path, settings: str, spec: str = "array-items-missing") -> Path:
    (tmp_path / "pyproject.toml").write_text(
        textwrap.dedent(
            """\
            [project]
            name = "scratch"

            [tool.generator]
            spec = "spec.yaml"
            """
        )
        + textwrap.dedent(settings),
        encoding="utf-8",
    )
    (tmp_path / "spec.yaml").write_bytes((BAD / f"{spec}.yaml").read_bytes())
    return tmp_path


def _run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, project: Path, *argv: str
) -> tuple[int, str]:
    """The CLI in the project's folder: its exit code and stderr (never a traceback)."""
    monkeypatch.chdir(project)
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


def _validate(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, project: Path, *args: str
) -> tuple[int, str]:
    return _run(capsys, monkeypatch, project, "validate", *args)


def test_a_rule_set_to_warning_or_off(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    project = _project(tmp_path, '[tool.generator.rules]\nenum-duplicate = "warning"\n',
                       spec="enum-duplicate")
    code, err = _validate(capsys, monkeypatch, project)
    assert code == 0
    assert "warning [enum-duplicate]" in err and "valid (1 warning(s))" in err
    (project / "pyproject.toml").write_text(
        (project / "pyproject.toml").read_text().replace('"warning"', '"off"')
    )
    code, err = _validate(capsys, monkeypatch, project)
    assert (code, err.strip()) == (0, "spec.yaml: valid (0 warning(s))")


def test_a_warning_raised_to_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    project = _project(
        tmp_path, '[tool.generator.rules]\n"path-ambiguous" = "error"\n', spec="path-ambiguous"
    )
    code, err = _validate(capsys, monkeypatch, project)
    assert code == 2
    assert "error [path-ambiguous]" in err and "1 error(s); nothing was written." in err


@pytest.mark.parametrize(
    ("settings", "line", "expected"),
    [
        ('array-items-mising = "off"', 8,
         "unknown rule 'array-items-mising' (did you mean 'array-items-missing'?)"),
        ('array-items-missing = "warn"', 8,
         "array-items-missing = 'warn' is not a severity (did you mean 'warning'?)"),
        ('ref-unresolved = "off"', 8, "ref-unresolved = 'off': this rule guards what"),
        ('yaml-syntax = "warning"', 8, "yaml-syntax: a spec that cannot be read is always"),
    ],
)  # fmt: skip
def test_a_bad_rules_entry_is_a_located_config_error(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    settings: str,
    line: int,
    expected: str,
) -> None:
    project = _project(tmp_path, f"\n[tool.generator.rules]\n{settings}\n")
    code, err = _validate(capsys, monkeypatch, project)
    assert code == 2
    first = err.splitlines()[0]
    assert first.startswith(f"{project / 'pyproject.toml'}:{line}:1: error [config] ")
    assert "/tool/generator/rules/" in first
    assert expected in first.replace("[tool.generator.rules] ", "").replace("names the ", ""), first


def test_fail_on_warnings_must_be_a_boolean(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    project = _project(tmp_path, 'fail-on-warnings = "yes"\n')
    code, err = _validate(capsys, monkeypatch, project)
    assert code == 2
    assert ":6:1: error [config] /tool/generator/fail-on-warnings: " in err


def test_rules_must_be_a_table(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    project = _project(tmp_path, 'rules = "strict"\n')
    code, err = _validate(capsys, monkeypatch, project)
    assert code == 2 and "rules must be a table" in err


def test_fail_on_warnings_fails_the_projects_own_spec_only(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    project = _project(tmp_path, "fail-on-warnings = true\n", spec="path-ambiguous")
    assert load_config(project).fail_on_warnings is True
    code, err = _validate(capsys, monkeypatch, project)
    assert code == 2
    assert "warning [path-ambiguous]" in err
    assert "1 warning(s), and warnings fail the run" in err
    code, _ = _validate(capsys, monkeypatch, project, "--spec", "spec.yaml")
    assert code == 2  # the same file, named
    other = project / "other.yaml"
    other.write_bytes((project / "spec.yaml").read_bytes())
    code, err = _validate(capsys, monkeypatch, project, "--spec", str(other))
    assert code == 0 and "valid (1 warning(s))" in err
    code, err = _validate(capsys, monkeypatch, project, "--spec", str(other), "--strict")
    assert code == 2


def test_strict_without_warnings_passes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    project = _project(tmp_path, "")
    good = ROOT / "tests" / "specs" / "good" / "path-ambiguous.yaml"
    (project / "spec.yaml").write_bytes(good.read_bytes())
    code, err = _validate(capsys, monkeypatch, project, "--strict")
    assert (code, err.strip()) == (0, "spec.yaml: valid (0 warning(s))")


def test_this_projects_spec_is_strict_and_clean() -> None:
    config = load_config(ROOT)
    assert config.fail_on_warnings is True
    assert config.rules == ()


def test_a_project_that_sets_only_rules_generates_with_the_toolchains_templates(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A project's [tool.generator] that names no templates once meant `<project>/templates`:
    missing, so `generate` rendered no client at all (2 files) and exited 0."""
    project = _project(tmp_path, 'out = "client"\n', spec="../good/minimal")
    monkeypatch.chdir(project)
    code = main(["generate"])
    _, err = capsys.readouterr()
    assert code == 0, err
    package = project / "client" / "solvimon_client"
    assert (package / "_client.py").is_file() and (package / "models" / "__init__.py").is_file()


def test_a_templates_folder_that_does_not_exist_is_a_located_config_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    project = _project(tmp_path, 'templates = "my-templates"\nout = "client"\n')
    monkeypatch.chdir(project)
    code = main(["generate"])
    _, err = capsys.readouterr()
    assert code == 2
    assert f"{project / 'pyproject.toml'}:6:1: error [config] /tool/generator/templates: " in err
    assert "my-templates is not a directory" in err
    assert not (project / "client").exists()


def test_paths_differing_in_variable_names_are_accepted_when_relaxed_and_their_methods_differ(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # GET /invoices/{id} and DELETE /invoices/{invoiceId}: OpenAPI forbids the pair, yet the
    # client tells them apart by method (Discourse's API has such pairs).
    project = _project(
        tmp_path, '[tool.generator.rules]\npath-duplicate = "warning"\n', spec="path-duplicate"
    )
    code, err = _run(capsys, monkeypatch, project, "generate", "--out", "out")
    assert code == 0, err
    assert "spec.yaml:15:3: warning [path-duplicate]" in err
    source = (project / "out" / "solvimon_client" / "resources" / "default.py").read_text()
    assert "def get_invoice(" in source and "def delete_invoice(" in source


def test_paths_differing_in_variable_names_never_share_a_method(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    project = _project(
        tmp_path, '[tool.generator.rules]\npath-duplicate = "off"\n', spec="path-duplicate"
    )
    spec = project / "spec.yaml"
    spec.write_text(spec.read_text().replace("    delete:\n", "    get:\n"))
    code, err = _run(capsys, monkeypatch, project, "generate", "--out", "out")
    assert code == 2
    assert (
        "spec.yaml:16:5: error [ir] /paths/~1invoices~1{invoiceId}/get: GET /invoices/{invoiceId} "
        "and GET /invoices/{id} match the same requests"
    ) in err
    assert not (project / "out").exists()
