"""Exact cosine search over the vectors Chroma stores, for collections small enough to hold in memory.

Chroma's HNSW index is approximate, and the graph a process loads is not always the same: on the bundled corpus
(623 chunks) its top 20 missed 1-3 true neighbours in 491 tune questions, different ones from run to run, so the
same eval gave different answers (measured, session 11). A matrix-vector product over every stored vector gives
the true nearest neighbours, the same in every process, and costs about a millisecond here; above
`exact_search_max` chunks (settings) the dense retriever goes back to Chroma's index.
"""

from __future__ import annotations

import json

import numpy as np

from index.evidence import unit, unit_rows
from index.filters import Filters, matches


class ExactVectors:
    """Every stored vector of one build (row-normalised), its chunk id and metadata; filter masks are cached."""

    def __init__(self, ids: list[str], vectors: np.ndarray, metas: list[dict]):
        self.ids, self.metas = ids, metas
        self.vectors = unit_rows(vectors)
        self._masks: dict[str, np.ndarray] = {}

    @classmethod
    def load(cls, collection, journal) -> ExactVectors:
        got = collection.get(include=["embeddings"])
        ids = list(got["ids"])
        vectors = np.asarray(got["embeddings"], dtype=np.float32).reshape(len(ids), -1)
        chunks = journal.chunks_by_id(ids)
        return cls(ids, vectors, [dict(chunks[c]["metadata"]) if c in chunks else {} for c in ids])

    def rows(self, chunk_ids: list[str]) -> tuple[list[str], np.ndarray]:
        """(those of `chunk_ids` held here, their vectors), in the order asked."""
        if "_row" not in self.__dict__:
            self._row = {cid: i for i, cid in enumerate(self.ids)}
        found = [cid for cid in chunk_ids if cid in self._row]
        return found, self.vectors[[self._row[cid] for cid in found]]

    def mask(self, filters: Filters | None) -> np.ndarray | None:
        if not filters:
            return None
        key = json.dumps(filters, sort_keys=True, default=str)
        if key not in self._masks:
            self._masks[key] = np.array([matches(m, filters) for m in self.metas], dtype=bool)
        return self._masks[key]

    def nearest(self, embedding, k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """(chunk_id, cosine) of the `k` nearest vectors passing `filters`, best first; ties by chunk id."""
        sims = self.vectors @ unit(embedding)
        mask = self.mask(filters)
        rows = np.flatnonzero(mask) if mask is not None else np.arange(len(self.ids))
        return [(self.ids[i], float(sims[i])) for i in _top(rows, sims, k, self.ids)]


def _top(rows: np.ndarray, sims: np.ndarray, k: int, ids: list[str]) -> list[int]:
    """The `k` best of `rows`: a partial sort, then an exact order with ties by chunk id (every process agrees)."""
    if not len(rows) or k <= 0:
        return []
    if len(rows) > k:
        floor = float(sims[rows[np.argpartition(-sims[rows], k - 1)[:k]]].min())
        rows = rows[sims[rows] >= floor]  # every row tied with the k-th best, wherever the partition put it
    return sorted(rows.tolist(), key=lambda i: (-float(sims[i]), ids[i]))[:k]
