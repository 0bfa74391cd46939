#!/usr/bin/env bash
# One command: install everything the tests need (Python extras, Debian chromium + CJK font), lint, type-check,
# run the answer-quality gate on the dev gold set, then the test suite (which also checks the import contracts).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi wqy; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-zenhei >/dev/null
fi
bash scripts/setup.sh st,test
.venv/bin/ruff check .
.venv/bin/pyright --pythonpath .venv/bin/python   # basic mode; what it covers is [tool.pyright] in pyproject.toml
# Gate: fails on a metric below its floor (evals/thresholds.toml) or behind evals/baseline.json.
DEBTLENS_DATA_DIR=.debtlens-ci .venv/bin/debtlens ingest corpus/docs corpus/articles
DEBTLENS_DATA_DIR=.debtlens-ci .venv/bin/debtlens eval --gold evals/gold/dev.jsonl \
  --baseline evals/baseline.json --out .debtlens-ci/eval
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
