"""Which query-side change buys what: typo table, long-question reduction, glossary query, twins.

    PYTHONPATH=. python bench/retrieval_variants.py --data DIR [--gold dev,dev-long]

Runs every variant on the same candidate lists (dense and BM25 top 20 for each query form) and prints
source-level recall@5 / hit@5 / MRR@10 / nDCG@10 per slice.  Tune on dev (+ dev-long); never on test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

K = 20
METRICS = ("r5", "hit5", "mrr10", "ndcg10")


def load(names: list[str]) -> list[dict]:
    items = []
    for name in names:
        path = ROOT / "evals" / "gold" / f"{name}.jsonl"
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                item["split"] = "test" if name == "test" else "dev"
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
    ap.add_argument("--gold", default="dev,dev-long")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--anchor", default="", help="also score a plain llama-index VectorStoreIndex, e.g. st:e5-small")
    ap.add_argument("--quick", action="store_true", help="only today's hybrid, +typo, +glossary, +glossary+twins")
    ap.add_argument("--rows", type=Path, default=None, help="reuse per-question rows of an earlier --out run")
    args = ap.parse_args(argv)
    if args.rows:
        rows = json.loads(args.rows.read_text(encoding="utf-8"))
        if args.anchor:
            add_anchor(rows, args.data, args.anchor, args.gold.split(","))
        print_tables(rows)
        if args.out:
            args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        return 0

    from llama_index.core.schema import QueryBundle

    from chat.answer import resolve_query
    from index.query.plan import QueryTools
    from index.retrieve import BM25Retriever, DenseRetriever, PerSourceCap, open_index, rrf_fuse
    from index.twins import expand_with_twins
    from ingest.twins import twin_id
    from settings import Settings

    settings = Settings(data_dir=args.data)
    handle = open_index(settings)
    tools = QueryTools.build(settings.channels_file, handle.bm25.model.vocab_dict.keys())
    known_sources = {s["source_id"] for s in handle.journal.sources()}
    vec_cache: dict[str, list[float]] = {}

    def vec(text: str):
        if text not in vec_cache:
            vec_cache[text] = handle.embed.get_query_embedding(text)
        return vec_cache[text]

    def dense(text: str, filters=None, k=K):
        if not text:
            return []
        return DenseRetriever(handle, k, filters).retrieve(QueryBundle(query_str=text, embedding=vec(text)))

    def bm25(text: str, filters=None):
        return BM25Retriever(handle, K, filters).retrieve(QueryBundle(text)) if text else []

    from index.query.reduce import reduce_question

    def places(item: dict, plan) -> list[str]:
        own = reduce_question(item["question"], tools.domain).jurisdictions
        return own or plan.reduced.jurisdictions

    def with_twin_meta(hits):
        for h in hits:
            t = twin_id(h.node.metadata.get("source_id", ""))
            h.node.metadata["twin_id"] = t if t in known_sources else ""
        return hits

    capper = PerSourceCap(cap=settings.per_source_cap)

    def cap_per_source(hits, _cap):
        return capper.postprocess_nodes(hits)

    cap = settings.per_source_cap

    def fuse_names(lists, *names):
        return cap_per_source(rrf_fuse([lists[n] for n in names if lists[n]], settings.rrf_k), cap)[:K]

    def twins_of(hits, text, n=3):
        def best_chunk_of(source_id):
            found = dense(text, {"source_id": source_id}, k=1)
            return found[0] if found else None

        return expand_with_twins(with_twin_meta(list(hits)), best_chunk_of, sources=n)

    def make_row(item, plan, tr, variants):
        row = {"id": item["id"], "split": item["split"], "slices": slices_of(item), "relevant": item["sources"],
               "fixes": plan.fixes, "reduced": plan.need if plan.reduced.reduced else "", "translation": tr}
        for name, hits in variants.items():
            ranking = [h.node.metadata.get("source_id", "") for h in hits]
            row[name] = score(ranking, item["sources"])
            row["rank " + name] = list(dict.fromkeys(ranking))[:5]
        return row

    items = load(args.gold.split(","))
    rows = []
    for item in items:
        q = resolve_query(item["question"], item.get("history"))
        plan = tools.plan(q)
        raw = plan_raw = tools.plan(q, correct=False, reduce=False, translate=False)
        need, tr = plan.need, plan.translation.text
        lists = {"D0": dense(raw.corrected), "B0": bm25(q), "D1": dense(plan.corrected), "B1": bm25(plan.corrected),
                 "Dt": dense(tr), "Bt": bm25(tr)}
        if args.quick:  # the default configuration: glossary of the uncorrected, unreduced question + twins
            tr_plain = tools.plan(q, correct=False, reduce=False).translation.text
            lists["Dt"], lists["Bt"] = dense(tr_plain), bm25(tr_plain)
            variants = {"hybrid (today)": fuse_names(lists, "D0", "B0"), "+typo": fuse_names(lists, "D1", "B1"),
                        "+glossary": fuse_names(lists, "D0", "B0", "Dt", "Bt")}
            variants["+glossary+twins(top3 after 4)"] = twins_of(variants["+glossary"], raw.corrected)
            rows.append(make_row(item, plan, tr, variants))
            continue
        lists["Dr"] = dense(need) if plan.reduced.reduced else []
        lists["Br"] = bm25(need) if plan.reduced.reduced else []
        where = places(item, plan)
        jf = {"jurisdiction": where[0]} if len(where) == 1 else None
        lists["Dj"] = dense(plan.corrected, jf) if jf else []
        lists["Bj"] = bm25(plan.corrected, jf) if jf else []
        del plan_raw

        def fuse(*names, lists=lists):
            return cap_per_source(rrf_fuse([lists[n] for n in names if lists[n]], settings.rrf_k), cap)[:K]

        def twins(hits, n=3, plan=plan):
            best = {}

            def best_chunk_of(source_id):
                if source_id not in best:
                    found = dense(plan.corrected, {"source_id": source_id}, k=1)
                    best[source_id] = found[0] if found else None
                return best[source_id]

            return expand_with_twins(with_twin_meta(hits), best_chunk_of, sources=n)

        def by_source(hits_lists):
            """CombSUM at source level: a source's score = sum of its chunks' RRF contributions."""
            from collections import defaultdict
            src = defaultdict(float)
            for lst in hits_lists:
                for rank, h in enumerate(lst, start=1):
                    src[h.node.metadata.get("source_id", "")] += 1.0 / (settings.rrf_k + rank)
            fused = rrf_fuse(hits_lists, settings.rrf_k)
            fused.sort(key=lambda h: -src[h.node.metadata.get("source_id", "")])
            return cap_per_source(fused, cap)[:K]

        G = ("D1", "Dr", "B1", "Bt", "Dt")
        variants = {
            "hybrid (today)": fuse("D0", "B0"),
            "+typo": fuse("D1", "B1"),
            "+typo+reduce(dense)": fuse("D1", "Dr", "B1"),
            "+typo+reduce(dense+bm25)": fuse("D1", "Dr", "Br"),
            "+typo+reduce+gloss(bm25)": fuse("D1", "Dr", "B1", "Bt"),
            "+typo+reduce+gloss(both)": fuse("D1", "Dr", "B1", "Bt", "Dt"),
        }
        g = variants["+typo+reduce+gloss(both)"]
        variants["G+twins1"] = twins(list(g), 1)
        variants["G+twins2"] = twins(list(g), 2)
        variants["G+twins3"] = twins(list(g), 3)
        variants["G+juris"] = fuse(*G, "Dj", "Bj")
        variants["G+juris+twins1"] = twins(list(variants["G+juris"]), 1)
        variants["G+juris+twins2"] = twins(list(variants["G+juris"]), 2)
        variants["G source-sum"] = by_source([lists[n] for n in G if lists[n]])
        variants["G+juris source-sum"] = by_source([lists[n] for n in (*G, "Dj", "Bj") if lists[n]])
        variants["G+juris source-sum+twins1"] = twins(list(variants["G+juris source-sum"]), 1)
        variants["G+juris source-sum+twins2"] = twins(list(variants["G+juris source-sum"]), 2)
        variants["G-noDr+juris"] = fuse("D1", "B1", "Bt", "Dt", "Dj", "Bj")
        variants["today+twins3"] = twins(list(variants["hybrid (today)"]), 3)
        row = {"id": item["id"], "split": item["split"], "slices": slices_of(item), "relevant": item["sources"],
               "fixes": plan.fixes, "reduced": plan.need if plan.reduced.reduced else "", "translation": tr}
        for name, hits in variants.items():
            ranking = [h.node.metadata.get("source_id", "") for h in hits]
            row[name] = score(ranking, item["sources"])
            row["rank " + name] = list(dict.fromkeys(ranking))[:5]
        rows.append(row)

    if args.anchor:
        add_anchor(rows, args.data, args.anchor, args.gold.split(","))
    print_tables(rows)
    if args.out:
        args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


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
    for split in ("dev", "test"):
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
