"""python -m evals --gold FILE ...: the same as `debtlens eval`."""

from evals.cli import main

raise SystemExit(main())
