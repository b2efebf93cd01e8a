#!/usr/bin/env bash
# Install everything the toolchain and its tests need into .venv/ and .tools/ (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"  # scripts/test.sh makes a second one, .venv-3.13, with PYTHON=python3.13
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e '.[dev]'
# The generated package itself, editable, so its tests and the toolchain's tests import it.
"$VENV/bin/python" -m pip install --quiet --no-deps -e ./generated
# Prism, the independent mock server the reliability tests check the client against (pinned).
if [ "${SKIP_PRISM:-0}" != 1 ]; then
  npm install --silent --no-audit --no-fund --prefix .tools "@stoplight/prism-cli@${PRISM_VERSION:-5.16.0}" >/dev/null
fi
