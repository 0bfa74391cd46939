"""Sentence-level evidence ranking: does the top-ranked sentence carry the answer?

    PYTHONPATH=. python bench/sentence_rank.py --data DIR [--gold dev,dev-long]

For each answerable gold question, the hybrid retriever's top passages are split into sentences and ranked
by index.evidence.rank_sentences at several dense weights (0 = term overlap only, 1 = e5 only).  A sentence
"answers" when it contains an alternative of one of the question's key-fact groups (Simplified, case-folded).
Reports answer@1 and answer@3 per weight; sentence vectors are cached in the data dir by content hash.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
WEIGHTS = (0.0, 0.3, 0.5, 0.7, 1.0)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--gold", default="dev,dev-long")
    ap.add_argument("--limit", type=int, default=0, help="only the first N questions (0 = all)")
    args = ap.parse_args(argv)


    from chat.answer import plan
    from index.embed_cache import EmbeddingCache
    from index.evidence import rank_sentences
    from index.retrieve import open_index
    from settings import Settings
    from text.script import search_form

    settings = Settings(data_dir=args.data)
    handle = open_index(settings)
    cache = EmbeddingCache(args.data / "sentence_cache.sqlite", handle.embed.model_name, handle.embed.dim)
    items = []
    for name in args.gold.split(","):
        path = ROOT / "evals" / "gold" / f"{name}.jsonl"
        if path.exists():
            items += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = [i for i in items if i.get("answerable") and i.get("key_facts")]
    items = items[: args.limit] if args.limit else items
    results = {w: {"at1": [], "at3": []} for w in WEIGHTS}
    timings = []
    for item in items:
        steps = plan(handle, item["question"], item.get("history"))  # the answerer's own retrieval and key terms
        hits, weights = steps.hits, steps.terms.weights
        alts = [search_form(a) for group in item["key_facts"] for a in group]

        def answers(sentence: str, alts=alts) -> bool:
            form = search_form(sentence)
            return any(a in form for a in alts)

        for w in WEIGHTS:
            t0 = time.perf_counter()
            ranked = rank_sentences(item["question"], hits, handle.embed, weights, dense_weight=w, cache=cache,
                                    keep=lambda sentence: not sentence.rstrip().endswith(("?", "？")))
            timings.append((time.perf_counter() - t0) * 1000)
            if not any(answers(r.sentence) for r in ranked):
                continue  # no retrieved sentence carries the answer: not a ranking question
            results[w]["at1"].append(answers(ranked[0].sentence))
            results[w]["at3"].append(any(answers(r.sentence) for r in ranked[:3]))
    print("| dense weight | n | answer@1 | answer@3 |\n|---|---|---|---|")
    for w, r in results.items():
        print(f"| {w} | {len(r['at1'])} | {statistics.fmean(r['at1']):.3f} | {statistics.fmean(r['at3']):.3f} |")
    timings.sort()
    print(f"\nrank_sentences p50 {timings[len(timings) // 2]:.1f} ms (sentence vectors cached after first use)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
