"""Warm answer latency of the default (extractive) answerer at the bundled corpus size, with the query vectors
embedded ahead on a worker (index.query_vectors, the default) and one after another on the main thread, side by side.

    PYTHONPATH=. python bench/answer_latency.py [--data DIR] [--gold tune,tune-users,probe19a] [--n 120] [--rounds 2]

Questions come from tuning files (never a held-out split). One warm-up pass answers each question once (sentence
vectors cached, the knowledge view built); then `--rounds` timed passes, each question answered in both modes
(who goes first alternates). The query vectors are forgotten before every answer, as for a question never asked
before: a memoised vector would hide the e5 query, most of an answer's time. Prints p50/p95/max in milliseconds,
per mode and for the long questions (over 80 characters), and the load average before and after: on a shared
machine the figures are only as good as that.
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
MODES = ("prefetched", "sequential")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, help="data dir with the bundled corpus indexed (default: settings)")
    ap.add_argument("--gold", default="tune,tune-users,probe19a", help="tuning gold files (comma list)")
    ap.add_argument("--n", type=int, default=120, help="questions, spread over the gold files")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)

    from chat.answer import answer_question
    from evals.merge_gold import load_gold
    from index.retrieve import open_index
    from settings import Settings, get_settings

    settings = Settings(data_dir=args.data) if args.data else get_settings()
    handle = open_index(settings)
    items = [i for name in args.gold.split(",") for i in load_gold(ROOT / "evals" / "gold" / f"{name}.jsonl")]
    items = items[:: max(1, len(items) // args.n)][: args.n]

    def answer(item: dict, mode: str) -> float:
        handle.__dict__.pop("_query_vectors", None)  # a question never asked before
        if mode == "sequential":
            handle.prefetch_query_vectors = lambda queries: None  # each vector embedded when first needed
        started = time.perf_counter()
        try:
            answer_question(handle, item["question"], item.get("history") or None)
        finally:
            handle.__dict__.pop("prefetch_query_vectors", None)
        return (time.perf_counter() - started) * 1000

    load_before = os.getloadavg()
    for item in items:  # warm-up
        answer(item, MODES[0])
    timings: dict[str, list[tuple[float, bool]]] = {mode: [] for mode in MODES}
    for round_ in range(args.rounds):
        for i, item in enumerate(items):
            for mode in (MODES if (i + round_) % 2 == 0 else MODES[::-1]):
                timings[mode].append((answer(item, mode), len(item["question"]) > 80))
    load_after = os.getloadavg()
    print(f"{len(items)} questions ({args.gold}) x {args.rounds} warm rounds per mode, "
          f"{len(handle.bm25.chunk_ids)} chunks")
    print("| mode | p50 ms | p95 ms | max ms | long p50 | long p95 |\n|---|---|---|---|---|---|")
    for mode, rows in timings.items():
        every, long = [t for t, _ in rows], [t for t, is_long in rows if is_long] or [float("nan")]
        print(f"| {mode} | {statistics.median(every):.0f} | {percentile(every, 95):.0f} | {max(every):.0f} | "
              f"{statistics.median(long):.0f} | {percentile(long, 95):.0f} |")
    print(f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f} ({os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
