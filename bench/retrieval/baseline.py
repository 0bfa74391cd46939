"""(d) DebtLens hybrid vs a plain llama-index VectorStoreIndex over the same chunks."""

from __future__ import annotations

import time

from bench.retrieval.common import (
    SLICES,
    K,
    aggregate,
    md_table,
    out,
    pct,
    query_of,
    score_ranking,
    slice_of,
    sources_of,
)


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
    described = {"st:all-minilm-l6-v2": "all-MiniLM-L6-v2 (English-only model)",
                 "st:e5-small": "multilingual-e5-small, the same model DebtLens uses (the fair anchor)"}
    model = described.get(base["model"], base["model"])
    out(f"\nBaseline embeds only the chunk text (metadata excluded) with {model} via sentence-transformers; "
        f"index build {base['index_build_s']:.1f}s ({base['embed_chunks_per_s']:.1f} chunks/s).  DebtLens latency "
        f"is measured on the real {base['chunks']}-chunk index with the same queries.  Recall ratio > 1 = DebtLens "
        f"better; latency ratio > 1 = DebtLens slower.\n")
    return ratios
