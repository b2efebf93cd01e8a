#!/usr/bin/env bash
# The whole test suite, as CI runs it: set up, validate, check drift, upstream, lint, type-check,
# the downstream matrix (wheel on Python 3.10 and 3.13, newest and lowest dependencies), test
# (the 25 slowest tests listed: what the suite's time goes to).
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
# The newest supported Python as well (the toolchain needs 3.11, which .venv has): its own venv,
# the same tree from `generate`, byte for byte, and the whole suite again. The two suites run at
# the same time: each is one process that mostly waits on one core, and the runner has two.
NEWEST=$(ls -d "$HOME"/.pyenv/versions/3.13.*/bin/python 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$NEWEST" ]; then
  echo "== python 3.13: absent (no ~/.pyenv/versions/3.13.*): the suite runs on $($PY --version) only"
  echo "== pytest";  exec .venv/bin/pytest --durations=25 "$@"
fi
echo "== python 3.13: $NEWEST"
PYTHON="$NEWEST" VENV=.venv-3.13 SKIP_PRISM=1 bash scripts/setup.sh
NEW=.venv-3.13/bin/python
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for spec in spec/openapi.yaml tests/specs/multi/openapi.yaml; do
  SOLVIMON_CODEGEN_CACHE=off $PY -m generator generate --spec "$spec" --out "$WORK/lowest" >/dev/null
  SOLVIMON_CODEGEN_CACHE=off $NEW -m generator generate --spec "$spec" --out "$WORK/newest" >/dev/null
  diff -r "$WORK/lowest" "$WORK/newest" || { echo "generate differs between Pythons: $spec"; exit 1; }
done
echo "generate: byte-identical trees on $($PY --version) and $($NEW --version)"

# Every test runs on both, except those marked `shared` (the real-world corpus's documents, the
# lint fast path's check over them, the benchmark harness's smoke test): each interpreter takes
# half (--share), which halves the suite's largest part; the Solvimon documents and every
# feature's test still run on both.
echo "== pytest on $($PY --version) and $($NEW --version), side by side (3.13's output follows 3.11's)"
.venv-3.13/bin/pytest -p no:cacheprovider --durations=25 --share 2/2 "$@" >"$WORK/pytest-3.13.log" 2>&1 &
NEWEST_PID=$!
status=0
.venv/bin/pytest --durations=25 --share 1/2 "$@" || status=$?
newest_status=0
wait "$NEWEST_PID" || newest_status=$?
echo "== pytest on $($NEW --version)"
cat "$WORK/pytest-3.13.log"
if [ "$status" -ne 0 ] || [ "$newest_status" -ne 0 ]; then
  echo "pytest failed: exit $status on $($PY --version), $newest_status on $($NEW --version)"
  exit 1
fi
