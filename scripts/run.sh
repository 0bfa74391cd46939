#!/usr/bin/env bash
# One command: check the port, install, build the index from the bundled corpus if missing or stale, serve.
# PORT (default 8501) and HOST (default 127.0.0.1) choose where the app listens.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8501}"
HOST="${HOST:-127.0.0.1}"
PY="${PYTHON:-python3}"
# Before minutes of installing: is the port free? (ui/process.py needs only the standard library)
"$PY" -c 'import sys; from ui.process import port_problem; p = port_problem(sys.argv[1], int(sys.argv[2]))
if p: sys.exit("error: " + p)' "$HOST" "$PORT"
bash scripts/setup.sh
echo "==> bringing the index up to date with the bundled corpus (only new or changed documents are embedded)"
.venv/bin/debtlens ingest corpus/docs corpus/articles
echo "==> starting the app on http://$HOST:$PORT (Ctrl+C stops it)"
exec .venv/bin/debtlens serve --host "$HOST" --port "$PORT"
