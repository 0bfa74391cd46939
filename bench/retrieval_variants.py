"""Which query-side change buys what: typo table, long-question reduction, glossary query, twins, own language.

    PYTHONPATH=. python bench/retrieval_variants.py --data DIR [--gold tune,dev-long,test] [--anchor st:e5-small]
        [--rerank 0.4,0.6 --pool max,top2]

Every variant is the production HybridRetriever with other settings (dense and BM25 top 20 per query form,
query vectors shared between variants), plus the answerer's own ranking (chat.retrieval: the default
hybrid with the asked or assumed place's passages first, then its top documents' translations), with and without
the translations; prints source-level
recall@5 per slice and hit@5 / MRR@10 / nDCG@10 per split (tune + dev-long are reported as "dev").  Choose on
dev; the test split is only reported.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from pathlib import Path

from index.expanded import OWN_LANGUAGE_BONUS

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

K = 20
METRICS = ("r5", "hit5", "mrr10", "ndcg10")
SPLIT_OF = {"tune": "dev", "dev-long": "dev"}  # gold file -> the split its figures are reported under


def memo_embedder(settings):
    """The index's embedder with query vectors memoised by text: every variant runs the same few query forms."""
    from index.embedders import make_embedder

    embed = make_embedder(settings.embedder, settings.device, settings.embed_threads)
    encode, seen = embed._get_query_embedding, {}

    def cached(query: str) -> list[float]:
        if query not in seen:
            seen[query] = encode(query)
        return seen[query]

    object.__setattr__(embed, "_get_query_embedding", cached)
    return embed


def load(names: list[str]) -> list[dict]:
    items = []
    for name in names:
        path = ROOT / "evals" / "gold" / f"{name}.jsonl"
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                item["split"] = SPLIT_OF.get(name, name)
                items.append(item)
    return [i for i in items if i.get("answerable") and i.get("sources")]


def slices_of(item: dict) -> list[str]:
    from text.script import to_simplified

    q = item["question"]
    out = ["all"]
    if "cross-lingual" in item.get("tags", []):
        out.append("cross-lingual")
    elif item["lang"] == "zh":
        out.append("zh-Hant" if to_simplified(q) != q else "zh")
    else:
        out.append("en")
    if len(q) > 80:
        out.append("long")
    if item.get("history"):
        out.append("follow-up")
    return out


def score(ranking: list[str], relevant: list[str]) -> dict:
    from evals.retrieval_metrics import hit_at_k, mrr_at_k, ndcg_at_k, recall_at_k

    return {"r5": recall_at_k(ranking, relevant, 5), "hit5": hit_at_k(ranking, relevant, 5),
            "mrr10": mrr_at_k(ranking, relevant, 10), "ndcg10": ndcg_at_k(ranking, relevant, 10)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--gold", default="tune,dev-long")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--anchor", default="", help="also score a plain llama-index VectorStoreIndex per embedder (comma list), e.g. "
                    "st:e5-small,st:all-minilm-l6-v2")
    ap.add_argument("--quick", action="store_true", help="only the hybrid before, +glossary, +glossary+twins, default")
    ap.add_argument("--rows", type=Path, default=None, help="reuse per-question rows of an earlier --out run")
    ap.add_argument("--rerank", default="", help="sentence-rerank weights to add as variants, e.g. 0.3,0.5")
    ap.add_argument("--pool", default="max", help="comma list of rerank pools: max, top2")
    ap.add_argument("--depth", type=int, default=20, help="fused passages the rerank re-orders")
    args = ap.parse_args(argv)
    if args.rows:
        rows = json.loads(args.rows.read_text(encoding="utf-8"))
    else:
        weights = [float(w) for w in args.rerank.split(",") if w.strip()]
        extra = rerank_variants(weights, args.pool.split(","), args.depth) if weights else None
        rows = run_variants(args.data, load(args.gold.split(",")), quick=args.quick, extra=extra)
    for model in filter(None, args.anchor.split(",")):
        add_anchor(rows, args.data, model, args.gold.split(","))
    print_tables(rows)
    if args.out:
        args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


# name -> (settings changed, RRF weight per list, own-language bonus); each runs through the production
# HybridRetriever.
_PLAIN = {"rerank_weight": 0.0, "sentence_dense_weight": 0.0}  # the rows before the sentence rerank
SENTENCE_DENSE = 1.0  # RRF weight of the sentence-level dense list (index/sentence_dense.py) in its rows
VARIANTS: dict[str, tuple[dict, dict[str, float], float]] = {
    "hybrid (before)": ({"expansions": "", **_PLAIN}, {}, 0.0),
    "+typo": ({"expansions": "typo", **_PLAIN}, {}, 0.0),
    "+typo+reduce": ({"expansions": "typo,reduce", **_PLAIN}, {}, 0.0),
    "+glossary": ({"expansions": "glossary", **_PLAIN}, {}, 0.0),
    "+glossary+jurisdiction": ({"expansions": "glossary,jurisdiction", **_PLAIN}, {}, 0.0),
    "+twins": ({"expansions": "twins", **_PLAIN}, {}, 0.0),
    "+twins+own-language": ({"expansions": "twins", **_PLAIN}, {}, OWN_LANGUAGE_BONUS),
    "+glossary+twins": ({"expansions": "glossary,twins", **_PLAIN}, {}, 0.0),
    "+glossary(x0.5)+twins": ({"expansions": "glossary,twins", **_PLAIN},
                              {"dense_translated": 0.5, "bm25_translated": 0.5}, 0.0),
    "+sentence dense": ({**_PLAIN, "expansions": "", "sentence_dense_weight": SENTENCE_DENSE}, {}, 0.0),
}
QUICK = ("hybrid (before)", "+twins", "+twins+own-language", "+glossary", "+glossary+twins", "+sentence dense")
OPT_IN = "glossary,twins"


def rerank_variants(weights: list[float], pools: list[str], depth: int) -> dict[str, tuple[dict, dict, float]]:
    """The sentence rerank (index/rerank.py) over the plain hybrid and over the opt-in expansions."""
    from index.expanded import LIST_WEIGHTS

    out: dict[str, tuple[dict, dict, float]] = {}
    for pool in pools:
        for w in weights:
            rerank = {"rerank_weight": w, "rerank_pool": pool, "rerank_depth": depth}
            out[f"hybrid + rerank {pool} w={w:g}"] = ({"expansions": "", **rerank}, {}, 0.0)
            out[f"opt-in + rerank {pool} w={w:g}"] = ({"expansions": OPT_IN, **rerank}, LIST_WEIGHTS,
                                                      OWN_LANGUAGE_BONUS)
    return out


def run_variants(data: Path, items: list[dict], quick: bool = False, extra: dict | None = None) -> list[dict]:
    """One row per question: source-level metrics and top-5 sources of every variant, plus the default
    configuration (settings as they are, DEBTLENS_EXPANSIONS included)."""
    import dataclasses

    from llama_index.core.schema import QueryBundle

    from chat.answer import resolve_query
    from index.expanded import LIST_WEIGHTS
    from index.retrieve import HybridRetriever, open_index
    from settings import Settings

    settings = Settings(data_dir=data)
    handle = open_index(settings, memo_embedder(settings))
    variants = {name: VARIANTS[name] for name in (QUICK if quick else VARIANTS)}
    variants[f"opt-in ({OPT_IN}, own language +{OWN_LANGUAGE_BONUS})"] = (
        {"expansions": OPT_IN, **_PLAIN}, LIST_WEIGHTS, OWN_LANGUAGE_BONUS)
    variants["default (settings as they are)"] = ({}, LIST_WEIGHTS, OWN_LANGUAGE_BONUS)
    variants.update(extra or {})
    def sharing(changed: dict):
        """The index with other settings, sharing the query tools and the query and sentence vectors."""
        own = dataclasses.replace(handle, settings=settings.model_copy(update={**changed, "top_k": K}))
        own.__dict__["_query_tools"] = handle.query_tools()
        own.__dict__["_query_vectors"] = handle.query_vectors()
        own.__dict__["_sentence_vectors"] = handle.sentence_vectors()
        own.__dict__["_sentence_matrix"] = handle.sentence_matrix()
        return own

    retrievers = {name: HybridRetriever(sharing(changed), weights=weights, language_bonus=bonus)
                  for name, (changed, weights, bonus) in variants.items()}
    answerer = sharing({})
    answerer_plain = sharing({"twin_sources": 0})
    answerer_sentences = sharing({"sentence_dense_weight": SENTENCE_DENSE})
    rows = []
    for item in items:
        query = resolve_query(item["question"], item.get("history"))
        row = {"id": item["id"], "split": item["split"], "slices": slices_of(item), "relevant": item["sources"]}
        rankings = {name: retriever.search(QueryBundle(query)).fused for name, retriever in retrievers.items()}
        rankings[ANSWERER_PLAIN] = answerer_hits(answerer_plain, item)
        rankings[ANSWERER] = answerer_hits(answerer, item)
        rankings[ANSWERER + " + sentence dense"] = answerer_hits(answerer_sentences, item)
        for name, hits in rankings.items():
            ranking = [h.node.metadata.get("source_id", "") for h in hits]
            row[name] = score(ranking, item["sources"])
            row["rank " + name] = list(dict.fromkeys(ranking))[:5]
        rows.append(row)
    return rows


ANSWERER = "answerer's ranking (default hybrid, asked place first, translations)"
ANSWERER_PLAIN = "answerer's ranking without translations (twin_sources 0)"


def answerer_hits(handle, item: dict) -> list:
    """The answerer's ranking (chat.retrieval): the default hybrid with the asked or assumed jurisdiction's
    passages first, topped up by a search filtered to it when fewer than two came back, then the translations of
    its first documents (settings.twin_sources after settings.twins_after); a letter request's offered template
    first."""
    from chat.followup import resolve
    from chat.knowledge import knowledge_for
    from chat.retrieval import offered_template_first, retrieve, with_translations

    turn, kb = resolve(item["question"], item.get("history")), knowledge_for(handle)
    hits, _, vector = retrieve(handle, turn, None, kb)
    return offered_template_first(handle, turn, kb, with_translations(handle, hits, vector, None), vector)[0]


def add_anchor(rows: list[dict], data: Path, model: str, gold: list[str]) -> None:
    """Score the fair anchor a competent user would build: llama-index VectorStoreIndex, default retriever,
    the same chunks embedded with `model` through sentence-transformers."""
    from llama_index.core import VectorStoreIndex
    from llama_index.core.schema import TextNode

    from chat.answer import resolve_query
    from index.embedders import make_embedder
    from index.journal import Journal

    chunks = Journal(data / "journal.sqlite").all_chunks()
    nodes = [TextNode(id_=c["chunk_id"], text=c["text"], metadata={"source_id": c["source_id"]},
                      excluded_embed_metadata_keys=["source_id"], excluded_llm_metadata_keys=["source_id"])
             for c in chunks]
    retriever = VectorStoreIndex(nodes, embed_model=make_embedder(model), show_progress=False).as_retriever(
        similarity_top_k=K)
    items = {i["id"]: i for i in load(gold)}
    name = f"anchor {model}"
    for row in rows:
        item = items[row["id"]]
        ranking = [h.node.metadata["source_id"] for h in retriever.retrieve(
            resolve_query(item["question"], item.get("history")))]
        row[name] = score(ranking, item["sources"])
        row["rank " + name] = list(dict.fromkeys(ranking))[:5]


def print_tables(rows: list[dict]) -> None:
    names = [k for k in rows[0] if isinstance(rows[0][k], dict)]
    for split in dict.fromkeys(r["split"] for r in rows):
        part = [r for r in rows if r["split"] == split]
        if not part:
            continue
        print(f"\n## {split} (n={len(part)})\n")
        slices = ["all", "zh", "zh-Hant", "en", "cross-lingual", "long", "follow-up"]
        print("| variant | " + " | ".join(f"{s} R@5" for s in slices) + " | all hit@5 | all MRR@10 | all nDCG@10 |")
        print("|---" * (len(slices) + 4) + "|")
        for name in names:
            cells = []
            for s in slices:
                sel = [r[name]["r5"] for r in part if s in r["slices"]]
                cells.append(f"{statistics.fmean(sel):.3f} ({len(sel)})" if sel else "-")
            alls = [r[name] for r in part]
            print(f"| {name} | " + " | ".join(cells) + " | "
                  + " | ".join(f"{statistics.fmean(a[m] for a in alls):.3f}" for m in ("hit5", "mrr10", "ndcg10"))
                  + " |")


if __name__ == "__main__":
    raise SystemExit(main())
