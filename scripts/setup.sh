#!/usr/bin/env bash
# Create .venv and install DebtLens, saying what it does. Usage: scripts/setup.sh [extras], e.g. st,test
# Skips pip entirely when pyproject.toml and the extras are unchanged since the last successful install.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
PY="${PYTHON:-python3}"
if ! command -v "$PY" >/dev/null || ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "DebtLens needs Python >= 3.11 (found: $("$PY" --version 2>&1 || echo none)); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
stamp=".venv/.debtlens-installed"
want="$( (cat pyproject.toml; echo "extras=$extras") | "$PY" -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x .venv/bin/debtlens ]; then
  echo "==> dependencies up to date (.venv)"
  exit 0
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $("$PY" --version)"
  "$PY" -m venv .venv
fi
spec="."
[ -n "$extras" ] && spec=".[$extras]"
export PIP_DISABLE_PIP_VERSION_CHECK=1
# setuptools' notes about editable installs are for packagers, not for someone starting the app.
export PYTHONWARNINGS=ignore
log=".venv/pip-install.log"
echo "==> installing DebtLens${extras:+ with extras: $extras} and its dependencies (first time: a few minutes; log: $log)"
.venv/bin/python -m pip install --quiet --upgrade pip >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
# torch is pinned (2.13.0) inside the 'st' extra so pip takes a CPU build, not a multi-GB CUDA one.
if ! .venv/bin/python -m pip install --progress-bar off -e "$spec" 2>&1 | tee -a "$log" | awk '
    /^Collecting / { n++; printf "    %3d  %s\n", n, $2; fflush() }
    /^Installing collected packages/ { print "    installing the collected packages…"; fflush() }
    /^Successfully installed/ { print "    done: " NF - 2 " packages installed"; fflush() }'; then
  echo "error: pip could not install DebtLens; the last lines of $log:" >&2
  tail -n 25 "$log" >&2
  exit 1
fi
echo "$want" > "$stamp"
