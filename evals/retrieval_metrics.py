"""Source-level retrieval metrics with binary relevance: recall@k, MRR@k, nDCG@k.

Every function takes the retrieved source ids in rank order (chunk hits already mapped to their
source id) and the set of relevant source ids.  Retrieved ids are deduplicated in order first, so
two chunks of the same source count once, at the rank of the first one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

__all__ = ["dedupe", "recall_at_k", "mrr_at_k", "ndcg_at_k", "hit_at_k"]


def dedupe(retrieved: Iterable[str]) -> list[str]:
    """Source ids in first-seen order, each once."""
    return list(dict.fromkeys(retrieved))


def _check(relevant: Iterable[str], k: int) -> set[str]:
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    return set(relevant)


def recall_at_k(retrieved_source_ids: Sequence[str], relevant: Iterable[str], k: int) -> float:
    """|relevant ∩ top-k distinct sources| / |relevant|; 0.0 when nothing is relevant."""
    rel = _check(relevant, k)
    if not rel:
        return 0.0
    top = dedupe(retrieved_source_ids)[:k]
    return sum(1 for s in top if s in rel) / len(rel)


def hit_at_k(retrieved_source_ids: Sequence[str], relevant: Iterable[str], k: int) -> float:
    """1.0 if any relevant source is among the top-k distinct sources (success@k), else 0.0."""
    rel = _check(relevant, k)
    return float(any(s in rel for s in dedupe(retrieved_source_ids)[:k]))


def mrr_at_k(retrieved_source_ids: Sequence[str], relevant: Iterable[str], k: int = 10) -> float:
    """1 / rank of the first relevant distinct source within the top k, else 0.0."""
    rel = _check(relevant, k)
    for rank, source in enumerate(dedupe(retrieved_source_ids)[:k], start=1):
        if source in rel:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(retrieved_source_ids: Sequence[str], relevant: Iterable[str], k: int = 10) -> float:
    """Binary-gain nDCG: sum 1/log2(rank+1) over relevant hits, over the ideal DCG for min(|rel|, k) hits."""
    rel = _check(relevant, k)
    if not rel:
        return 0.0
    top = dedupe(retrieved_source_ids)[:k]
    dcg = sum(1.0 / math.log2(rank + 1) for rank, s in enumerate(top, start=1) if s in rel)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(rel), k) + 1))
    return dcg / ideal
