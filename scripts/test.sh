#!/usr/bin/env bash
# One command: install everything the tests need (Python extras, Debian chromium + CJK font), lint, test.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi wqy; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-zenhei >/dev/null
fi
bash scripts/setup.sh st,test
.venv/bin/ruff check .
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
# Answer-quality gate on the dev gold set: fails on a metric below its floor or below the baseline.
export DEBTLENS_DATA_DIR=.debtlens-ci
.venv/bin/debtlens ingest corpus/docs corpus/articles
.venv/bin/debtlens eval --gold evals/gold/dev.jsonl --baseline evals/baseline.json --out .debtlens-ci/eval
