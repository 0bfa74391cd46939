#!/usr/bin/env bash
# Create .venv and install DebtLens. Usage: scripts/setup.sh [extras], e.g. scripts/setup.sh st,test
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "DebtLens needs Python >= 3.11 (found $("$PY" --version)); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
spec="."
[ -n "$extras" ] && spec=".[$extras]"
# torch is pinned (2.13.0) inside the 'st' extra so pip takes a CPU build, not a multi-GB CUDA one.
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e "$spec"
