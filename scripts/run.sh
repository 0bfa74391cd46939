#!/usr/bin/env bash
# One command: install, build the index from the bundled corpus if missing or stale, start the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/debtlens ingest corpus/docs corpus/articles   # incremental: unchanged sources cost nothing
exec .venv/bin/debtlens serve --host 127.0.0.1 --port "${PORT:-8501}"
