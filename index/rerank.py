"""Rerank the fused passages by their best-matching sentence (e5, query vs sentence).

A passage often wins fusion because it shares the question's words, while the passage whose one sentence answers
the question sits a few places lower. Without a cross-encoder on the machine, the same e5 model scores the
question against each sentence of the top `depth` fused passages, with sentence vectors from the shipped snapshot
and the answerer's cache (index.evidence.sentence_vector_cache) - nothing is embedded at query time but the
question. Passage score = weight x the sentence cosine + (1 - weight) x the fused score, each min-max scaled over
the passages reranked; a passage none of whose sentences has a vector keeps its fused score (scoring it by its
chunk vector instead changed answers on a small index without sentence vectors); passages below `depth` keep
their order after them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from llama_index.core.bridge.pydantic import Field, PrivateAttr
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import NodeWithScore, QueryBundle

from index.embed_cache import text_key
from index.evidence import unit_scale
from text.sentences import split_sentences

POOLS = ("max", "top2")


@lru_cache(maxsize=8192)
def sentence_keys(text: str) -> tuple[str, ...]:
    """Cache keys of a passage's sentences (memoised: the same passages come back question after question)."""
    return tuple(text_key(s) for s in split_sentences(text))


def pooled(cosines: np.ndarray, pool: str) -> float:
    """One passage's sentence score: the best cosine, or the mean of the best two."""
    best = np.sort(cosines)[::-1]
    return float(best[0] if pool == "max" or len(best) < 2 else best[:2].mean())


def mix(fused: Sequence[float] | np.ndarray, sentence: Sequence[float] | np.ndarray, weight: float) -> np.ndarray:
    """weight x sentence + (1 - weight) x fused, each min-max scaled to 0-1 over the passages that have a sentence
    score; a passage without one (NaN) is judged by its scaled fused score alone."""
    fused_scaled = unit_scale(np.asarray(fused, dtype=np.float64))
    sentence = np.asarray(sentence, dtype=np.float64)
    known = ~np.isnan(sentence)
    if not known.any():
        return fused_scaled
    sentence_scaled = fused_scaled.copy()
    sentence_scaled[known] = unit_scale(sentence[known])
    return weight * sentence_scaled + (1 - weight) * fused_scaled


def passage_similarities(texts: Sequence[str], query_vector: np.ndarray, known: Callable[[list[str]], dict],
                         pool: str = "max") -> np.ndarray:
    """Per passage, the pooled cosine of the query with its sentences that have a vector in `known`; NaN for a
    passage with none (a user's own document before the answerer has read it)."""
    keys = [sentence_keys(t) for t in texts]
    vectors = known(sorted({k for ks in keys for k in ks}))
    q = np.asarray(query_vector, dtype=np.float32)
    q = q / (np.linalg.norm(q) or 1.0)
    scores = np.full(len(texts), np.nan)
    for i, ks in enumerate(keys):
        found = [vectors[k] for k in ks if k in vectors]
        if found:
            m = np.asarray(found, dtype=np.float32)
            scores[i] = pooled(m @ q / np.maximum(np.linalg.norm(m, axis=1), 1e-12), pool)
    return scores


class SentenceRerank(BaseNodePostprocessor):
    """Node postprocessor: the top `depth` passages re-ordered by the mix of fused score and best sentence cosine.
    Needs the index handle (sentence vectors, stored chunk vectors, the query vector)."""

    weight: float = Field(default=0.5, description="Share of the sentence cosine in the passage score.")
    depth: int = Field(default=20, description="Fused passages reranked; the rest keep their order after them.")
    pool: str = Field(default="max", description="'max' or 'top2' (mean of the best two sentence cosines).")
    _handle: Any = PrivateAttr(default=None)

    def __init__(self, handle: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if self.pool not in POOLS:
            raise ValueError(f"unknown rerank pool {self.pool!r}; use one of {', '.join(POOLS)}")
        self._handle = handle

    @classmethod
    def class_name(cls) -> str:
        return "SentenceRerank"

    def _postprocess_nodes(self, nodes: list[NodeWithScore],
                           query_bundle: QueryBundle | None = None) -> list[NodeWithScore]:
        if query_bundle is None or len(nodes) < 2 or not self.weight:
            return nodes
        head, tail = nodes[: self.depth], nodes[self.depth:]
        handle = self._handle
        query_vector = query_bundle.embedding or handle.query_vector(query_bundle.query_str)
        sims = passage_similarities([h.node.get_content() for h in head], np.asarray(query_vector),
                                    handle.sentence_vectors().known, self.pool)
        scores = mix([h.score or 0.0 for h in head], sims, self.weight)
        order = sorted(range(len(head)), key=lambda i: -scores[i])  # stable: fusion order on ties
        # Scores stay on the fused scale, so what runs after (the per-source cap, the answerer) sees RRF-like values.
        fused_sorted = sorted((h.score or 0.0 for h in head), reverse=True)
        return [NodeWithScore(node=head[i].node, score=fused_sorted[rank]) for rank, i in enumerate(order)] + tail
