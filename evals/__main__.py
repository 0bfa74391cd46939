"""python -m evals --gold FILE ...: the same as `debtlens eval`."""

from evals.runner import main

raise SystemExit(main())
