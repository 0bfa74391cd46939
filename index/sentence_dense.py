"""Sentence-level dense retrieval: a chunk scored by its best sentence's e5 cosine to the question.

A chunk's own vector averages everything in it, so a short question about one of its sentences ("催收打电话给我同事
合法吗" -> "催收人员打电话给借款人的同事或朋友并说出欠款，不符合……第六十八条") can miss the chunk entirely while
BM25 ranks it third; RRF then prefers chunks both lists found. This third list gives such a chunk its dense vote.
Sentence vectors come from the sentence cache the answerer's ranker uses (shipped for the bundled corpus); the
matrix is built once per index generation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from index.embed_cache import text_key
from index.evidence import unit, unit_rows
from index.filters import Filters, matches
from text.sentences import split_sentences

if TYPE_CHECKING:
    from index.journal import StoredChunk


class SentenceMatrix:
    """Every sentence vector of the index's chunks, row-normalised, with the chunk each row belongs to."""

    def __init__(self, chunks: list[StoredChunk], cache, encode):
        rows, owners = [], []
        for i, chunk in enumerate(chunks):
            for sentence in split_sentences(chunk["text"]):
                rows.append(sentence)
                owners.append(i)
        keys = [text_key(s) for s in rows]
        known = cache.known(keys)
        missing = [s for s, k in zip(rows, keys) if k not in known]
        if missing:
            cache.embed(missing, encode)
            known = cache.known(keys)
        vectors = np.stack([known[k] for k in keys]).astype(np.float32) if rows else np.zeros((0, 1), np.float32)
        self.vectors = unit_rows(vectors)
        self.owners = np.asarray(owners, dtype=np.int64)
        self.chunks = chunks

    def best_per_chunk(self, query_vector: np.ndarray) -> np.ndarray:
        sims = self.vectors @ unit(query_vector)
        best = np.full(len(self.chunks), -1.0, dtype=np.float32)
        np.maximum.at(best, self.owners, sims)
        return best


def sentence_dense_hits(handle, query_bundle: QueryBundle, k: int, filters: Filters | None = None
                        ) -> list[NodeWithScore]:
    """The `k` chunks whose best sentence is closest to the question (filters applied)."""
    matrix = handle.sentence_matrix()
    vector = query_bundle.embedding or handle.query_vector(query_bundle.query_str)
    best = matrix.best_per_chunk(np.asarray(vector, dtype=np.float32))
    out = []
    for i in np.argsort(-best):
        chunk = matrix.chunks[int(i)]
        if not matches(chunk["metadata"], filters):
            continue
        out.append(NodeWithScore(node=TextNode(id_=chunk["chunk_id"], text=chunk["text"], metadata=chunk["metadata"]),
                                 score=float(best[i])))
        if len(out) == k:
            break
    return out
