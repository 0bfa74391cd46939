"""python -m chat QUESTION ...: the same as `debtlens ask QUESTION ...`."""

from chat.cli import main

raise SystemExit(main())
