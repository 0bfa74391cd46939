"""(a) Retrieval quality: BM25 alone, dense alone and the app's hybrid, by slice; the hybrid's misses at 5."""

from __future__ import annotations

from bench.retrieval.common import (
    ALPHAS,
    SLICES,
    K,
    aggregate,
    md_table,
    out,
    query_of,
    score_ranking,
    slice_of,
    sources_of,
)


def run_quality(handle, items: list[dict]) -> tuple[list[dict], dict]:
    """Per-question dense/BM25/hybrid candidate lists (one pass), then metrics."""
    from llama_index.core.schema import QueryBundle

    from index.retrieve import HybridRetriever, PerSourceCap, rrf_fuse, weighted_fuse

    s = handle.settings
    cap = PerSourceCap(cap=s.per_source_cap)
    per_q = []
    for item in items:
        query = query_of(item)
        bundle = QueryBundle(query_str=query, embedding=handle.embed.get_query_embedding(query))
        result = HybridRetriever(handle, top_k=K).search(bundle)
        hybrid, dense, bm25 = result.fused, result.dense, result.bm25
        row = {"id": item["id"], "slice": slice_of(item), "query": query, "relevant": item["sources"],
               "rank_dense": sources_of(dense), "rank_bm25": sources_of(bm25), "rank_hybrid": sources_of(hybrid),
               "dense_top": dense[0].score if dense else None}
        variants = {"rrf60": cap.postprocess_nodes(rrf_fuse([dense, bm25], 60))[:K]}
        for alpha in ALPHAS:
            variants[f"minmax_a{alpha}"] = cap.postprocess_nodes(weighted_fuse(dense, bm25, alpha))[:K]
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
