"""Warm answer latency of the default (extractive) answerer at the bundled corpus size.

    PYTHONPATH=. python bench/answer_latency.py [--data DIR] [--n 120] [--rounds 2]

Questions come from the tune splits (never the locked test split). One warm-up pass answers each question once
(query and sentence vectors cached, the knowledge view built); then `--rounds` timed passes. Prints p50/p95/max
in milliseconds and the load average before and after: on a shared machine the figures are only as good as that.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from evals.metrics import percentile

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")



def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, help="data dir with the bundled corpus indexed (default: settings)")
    ap.add_argument("--n", type=int, default=120, help="questions (spread over tune and tune-users)")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)

    from chat.answer import answer_question
    from evals.merge_gold import load_gold
    from index.retrieve import open_index
    from settings import Settings, get_settings

    settings = Settings(data_dir=args.data) if args.data else get_settings()
    handle = open_index(settings)
    items = [i for name in ("tune", "tune-users") for i in load_gold(ROOT / "evals" / "gold" / f"{name}.jsonl")]
    items = items[:: max(1, len(items) // args.n)][: args.n]
    load_before = os.getloadavg()
    for item in items:  # warm-up
        answer_question(handle, item["question"], item.get("history") or None)
    timings = []
    for _ in range(args.rounds):
        for item in items:
            started = time.perf_counter()
            answer_question(handle, item["question"], item.get("history") or None)
            timings.append((time.perf_counter() - started) * 1000)
    load_after = os.getloadavg()
    print(f"{len(items)} questions x {args.rounds} warm rounds, {len(handle.bm25.chunk_ids)} chunks")
    print(f"p50 {statistics.median(timings):.0f} ms  p95 {percentile(timings, 95):.0f} ms  "
          f"max {max(timings):.0f} ms")
    print(f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f} ({os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
