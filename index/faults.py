"""Crash injection for the consistency tests: DEBTLENS_FAULT=<point>[,<point>] SIGKILLs the process there.

Points, in the order an ingest passes them: after_chroma_add (first batch of the new collection written),
after_chroma (new collection complete), after_journal (the run's journal transaction committed),
before_bm25, before_pointer, after_pointer (before old builds are dropped).
"""

from __future__ import annotations

import os
import signal

POINTS = ("after_chroma_add", "after_chroma", "after_journal", "before_bm25", "before_pointer", "after_pointer")


def fault(point: str) -> None:
    if point in os.environ.get("DEBTLENS_FAULT", "").split(","):
        os.kill(os.getpid(), signal.SIGKILL)
