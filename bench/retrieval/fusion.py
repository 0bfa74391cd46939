"""(b) Fusion choice: RRF vs weighted min-max sums on the same candidate lists."""

from __future__ import annotations

from bench.retrieval.common import ALPHAS, aggregate, md_table, out


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
