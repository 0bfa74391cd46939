"""Shared pieces of the retrieval bench: constants, gold loading, per-question scoring, Markdown output,
the real index."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from settings import REPO_ROOT

PARTS = ("quality", "fusion", "latency", "baseline", "ingest")


SLICES = ("all", "zh", "en", "cross-lingual")


K = 20  # candidates per retriever and fused list length, so source-level @10 metrics are meaningful


ALPHAS = (0.3, 0.5, 0.7)


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
    gold_dir = REPO_ROOT / "evals" / "gold"
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


def ensure_index(settings) -> dict:
    """Build the bundled corpus into settings.data_dir when it has no active build."""
    from index import store
    from index.build import index_bundled

    if store.read_active(settings) is not None:
        return {"built": False}
    report = index_bundled(settings)
    out(f"built index in {settings.data_dir}: {report.chunks_total} chunks from {len(report.added)} docs "
        f"in {report.seconds:.1f}s ({report.embed_computed} embedded, {report.embed_cache_hits} from cache)")
    return {"built": True, "chunks": report.chunks_total, "seconds": report.seconds}
