#!/usr/bin/env bash
# The whole test suite, as CI runs it: set up, validate, check drift, upstream, lint, type-check, test.
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
echo "== pytest";    .venv/bin/pytest "$@"
