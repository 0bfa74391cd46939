"""python -m ingest [PATH...] is the same as `debtlens ingest [PATH...]`.

An entry point, not library code: it hands over to the top-level CLI, which is why the import contract in
pyproject.toml names this one import as an exception (nothing imports this module).
"""

import sys

from cli import main

raise SystemExit(main(["ingest", *sys.argv[1:]]))
