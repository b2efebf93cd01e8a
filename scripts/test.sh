#!/usr/bin/env bash
# The whole test suite, as CI runs it: set up, validate, check drift, upstream, lint, type-check,
# the downstream matrix (wheel on Python 3.10 and 3.13, newest and lowest dependencies), test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
PY=.venv/bin/python
echo "== validate";  $PY -m generator validate
echo "== check";     $PY -m generator check
echo "== upstream";  $PY -m generator upstream spec/vendor/solvimon-transaction-api.refund-excerpt.yaml
echo "== ruff";      .venv/bin/ruff check generator tests bench
                     (cd generated && ../.venv/bin/ruff check .)
echo "== mypy";      .venv/bin/mypy
                     (cd generated && ../.venv/bin/mypy --strict solvimon_client tests)
echo "== downstream"; bash scripts/downstream.sh
echo "== pytest";    .venv/bin/pytest "$@"
