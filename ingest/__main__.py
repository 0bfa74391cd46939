"""python -m ingest PATH... is the same as debtlens ingest PATH..."""

import sys

from chat.cli import main

raise SystemExit(main(["ingest", *sys.argv[1:]]))
