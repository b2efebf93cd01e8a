#!/usr/bin/env bash
# The downstream matrix: what a package depending on the generated client gets.
#
# Builds the wheel and sdist from generated/, checks their metadata (twine), then for the lowest
# and the newest Python that pyenv has (3.10 and 3.13) and for the newest and the lowest versions
# the package's ranges allow (uv's --resolution highest / lowest-direct), installs the wheel with
# its `test` extra into a fresh venv and runs the package's own tests there, warnings as errors,
# against the installed wheel (not the source tree).
#
#   bash scripts/downstream.sh            # the whole matrix (CI)
#   PYTHONS="3.13" RESOLUTIONS=lowest-direct bash scripts/downstream.sh   # one cell
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
UV=$ROOT/.venv/bin/uv
PYTHONS="${PYTHONS:-3.10 3.13}"
RESOLUTIONS="${RESOLUTIONS:-highest lowest-direct}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/downstream.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "-- build wheel and sdist from generated/"
"$UV" build --quiet --out-dir "$WORK/dist" generated
"$ROOT/.venv/bin/twine" check --strict "$WORK"/dist/*
WHEEL=$(ls "$WORK"/dist/*.whl)
SDIST=$(ls "$WORK"/dist/*.tar.gz)
# The licence travels in both, and the metadata says what CI proves.
# (listings kept whole: grep -q would close the pipe early and pipefail would call that a failure)
unzip -l "$WHEEL" > "$WORK/wheel.txt"
tar tzf "$SDIST" > "$WORK/sdist.txt"
grep -q 'dist-info/licenses/LICENSE$' "$WORK/wheel.txt" || { echo "downstream: no LICENSE in the wheel" >&2; exit 1; }
grep -q '/LICENSE$' "$WORK/sdist.txt" || { echo "downstream: no LICENSE in the sdist" >&2; exit 1; }
unzip -p "$WHEEL" '*.dist-info/METADATA' > "$WORK/METADATA"
for field in 'License-Expression: MIT' 'License-File: LICENSE' 'Requires-Python: >=3.10' \
             'Classifier: Programming Language :: Python :: 3.10' 'Classifier: Programming Language :: Python :: 3.13'; do
  grep -qxF "$field" "$WORK/METADATA" || { echo "downstream: the wheel's METADATA lacks '$field'" >&2; exit 1; }
done

# The package's own requirements (and its test extra's), named as direct requirements so that
# lowest-direct lowers them (they would be transitive requirements of the wheel otherwise).
"$ROOT/.venv/bin/python" - "$WHEEL" > "$WORK/requirements.txt" <<'PY'
import sys
import zipfile
from email.parser import Parser

from packaging.requirements import Requirement

with zipfile.ZipFile(sys.argv[1]) as wheel:
    name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    metadata = Parser().parsestr(wheel.read(name).decode())
for line in metadata.get_all("Requires-Dist") or []:
    requirement = Requirement(line)
    if requirement.marker is not None and "extra" in str(requirement.marker):
        if not requirement.marker.evaluate({"extra": "test"}):
            continue
        requirement.marker = None  # the test extra's lines carry no other condition
    print(requirement)
PY

# The tests and their pytest configuration, without the package: imports come from the wheel.
mkdir "$WORK/suite"
cp -r generated/tests "$WORK/suite/tests"
cp generated/pyproject.toml "$WORK/suite/pyproject.toml"
find "$WORK/suite" -name __pycache__ -prune -exec rm -rf {} +

# Types as a consumer sees them, against the installed wheel: pyright's completeness score of the
# public API (>= MIN_TYPE_SCORE), and tests/downstream/consumer.py clean under mypy --strict and
# pyright --strict, whose deliberate misuses must be caught (an unneeded ignore is an error).
MIN_TYPE_SCORE="${MIN_TYPE_SCORE:-0.95}"
check_types() {
  local venv=$1
  local pyright=( env VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" "$ROOT/.venv/bin/pyright" )
  (cd "$WORK" && "${pyright[@]}" --verifytypes solvimon_client --ignoreexternal --outputjson > verifytypes.json) || true
  "$ROOT/.venv/bin/python" - "$WORK/verifytypes.json" "$MIN_TYPE_SCORE" <<'PY'
import json
import sys

report = json.load(open(sys.argv[1]))["typeCompleteness"]
score, floor = report["completenessScore"], float(sys.argv[2])
print(f"pyright --verifytypes solvimon_client: {score:.1%} (floor {floor:.0%})")
if score < floor:
    for symbol in report["symbols"]:
        for diagnostic in symbol.get("diagnostics", []):
            print(f"  {symbol['name']}: {diagnostic['message']}")
    sys.exit(1)
PY
  (cd "$WORK" && "${pyright[@]}" "$ROOT/tests/downstream/consumer.py")
  "$ROOT/.venv/bin/mypy" --strict --no-incremental --cache-dir /dev/null \
    --python-executable "$venv/bin/python" "$ROOT/tests/downstream/consumer.py"
}

for version in $PYTHONS; do
  python=$(ls -d "$HOME"/.pyenv/versions/"$version".*/bin/python 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$python" ]; then
    echo "downstream: no Python $version under ~/.pyenv/versions; install it (pyenv install $version)" >&2
    exit 2
  fi
  for resolution in $RESOLUTIONS; do
    venv="$WORK/venv-$version-$resolution"
    echo "-- Python $version ($("$python" -c 'import platform; print(platform.python_version())')), resolution $resolution"
    "$UV" venv --quiet --python "$python" "$venv"
    "$UV" pip install --quiet --python "$venv/bin/python" --resolution "$resolution" "$WHEEL[test]" \
      -r "$WORK/requirements.txt"
    "$UV" pip freeze --python "$venv/bin/python" | grep -iE '^(httpx|pydantic|pydantic-core|pytest|pytest-asyncio|openapi-core)==' | tr '\n' ' '
    echo
    # Not the source tree: the suite's own directory, with the package only in site-packages.
    (cd "$WORK/suite" && PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" -m pytest -q -W error -p no:cacheprovider tests)
    "$venv/bin/python" -c "import solvimon_client, sys; assert 'site-packages' in solvimon_client.__file__, solvimon_client.__file__"
    if [ "$resolution" = highest ]; then
      check_types "$venv"
    fi
  done
done
echo "downstream: all cells passed"
