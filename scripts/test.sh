#!/usr/bin/env bash
# The whole test suite, as CI runs it: set up, validate, check drift, upstream, lint, type-check,
# the downstream matrix (wheel on Python 3.10 and 3.13, newest and lowest dependencies), test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
PY=.venv/bin/python
echo "== validate";  $PY -m generator validate --strict   # warnings fail too (as fail-on-warnings)
echo "== check";     $PY -m generator check
echo "== upstream";  $PY -m generator upstream spec/vendor/solvimon-transaction-api.refund-excerpt.yaml
echo "== ruff";      .venv/bin/ruff check generator tests bench
                     (cd generated && ../.venv/bin/ruff check .)
echo "== mypy";      .venv/bin/mypy
                     (cd generated && ../.venv/bin/mypy --strict solvimon_client tests)
echo "== downstream"; bash scripts/downstream.sh
echo "== pytest";    .venv/bin/pytest "$@"

# The newest supported Python as well (the toolchain needs 3.11, which .venv has): its own venv,
# the same tree from `generate`, byte for byte, and the whole suite again.
NEWEST=$(ls -d "$HOME"/.pyenv/versions/3.13.*/bin/python 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$NEWEST" ]; then
  echo "== python 3.13: absent (no ~/.pyenv/versions/3.13.*): the suite ran on $($PY --version) only"
  exit 0
fi
echo "== python 3.13: $NEWEST"
PYTHON="$NEWEST" VENV=.venv-3.13 SKIP_PRISM=1 bash scripts/setup.sh
NEW=.venv-3.13/bin/python
TREES=$(mktemp -d)
trap 'rm -rf "$TREES"' EXIT
for spec in spec/openapi.yaml tests/specs/multi/openapi.yaml; do
  SOLVIMON_CODEGEN_CACHE=off $PY -m generator generate --spec "$spec" --out "$TREES/lowest" >/dev/null
  SOLVIMON_CODEGEN_CACHE=off $NEW -m generator generate --spec "$spec" --out "$TREES/newest" >/dev/null
  diff -r "$TREES/lowest" "$TREES/newest" || { echo "generate differs between Pythons: $spec"; exit 1; }
done
echo "generate: byte-identical trees on $($PY --version) and $($NEW --version)"
.venv-3.13/bin/pytest "$@"
