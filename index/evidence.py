"""Sentence-level evidence ranking: which sentence inside the top passages answers the question.

Term overlap alone picks the sentence that repeats the question's words ("催收机构应当……催收" beats "可拨打
12378 投诉").  Each candidate sentence is also scored by the same e5 model the index uses (query vs sentence,
with e5's "query: " / "passage: " roles), and the two are mixed after putting both on a 0-1 scale within the
candidate set.  Sentence vectors are cached by content hash, so a sentence is embedded once per model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from llama_index.core.schema import NodeWithScore

from index.embed_cache import text_key
from text.script import search_form
from text.sentences import split_sentences
from text.tokenize import tokenize

Encode = Callable[[list[str]], np.ndarray]


@dataclass
class RankedSentence:
    sentence: str
    hit: NodeWithScore  # the passage it comes from
    passage_rank: int   # 0 = best passage
    dense: float        # cosine(query, sentence)
    overlap: float      # IDF-weighted share of the question's terms the sentence contains
    score: float        # the mix the ranking is by


class MemoryVectorCache:
    """Sentence vectors by content hash, in memory; same `embed` surface as index.embed_cache.EmbeddingCache
    (pass that one instead to keep vectors across processes)."""

    def __init__(self, limit: int = 50_000):
        self.vectors: dict[str, np.ndarray] = {}
        self.limit = limit
        self.misses = 0

    def embed(self, texts: list[str], encode: Encode) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        todo = {k: t for k, t in zip(keys, texts) if k not in self.vectors}
        if todo:
            vectors = np.asarray(encode(list(todo.values())), dtype=np.float32)
            if len(self.vectors) + len(todo) > self.limit:
                self.vectors.clear()
            self.vectors.update(zip(todo, vectors))
            self.misses += len(todo)
        return np.stack([self.vectors[k] for k in keys]) if keys else np.zeros((0, 0), np.float32)

    def known(self, keys: list[str]) -> dict[str, np.ndarray]:
        """The vectors held for `keys` (text_key values); nothing is computed."""
        return {k: self.vectors[k] for k in keys if k in self.vectors}


class LayeredVectorCache:
    """A memory cache over a slower one (an on-disk EmbeddingCache): texts missing from memory are looked up below,
    and only texts missing from both are encoded."""

    def __init__(self, memory: MemoryVectorCache, below):
        self.memory, self.below = memory, below

    def embed(self, texts: list[str], encode: Encode) -> np.ndarray:
        return self.memory.embed(texts, lambda missing: self.below.embed(missing, encode))

    def known(self, keys: list[str]) -> dict[str, np.ndarray]:
        """Vectors of `keys` held in memory or below (those found below are kept in memory); none computed."""
        found = self.memory.known(keys)
        missing = [k for k in keys if k not in found]
        if missing:
            below = self.below.known(missing)
            self.memory.vectors.update(below)
            found.update(below)
        return found


def sentence_vector_cache(settings, embed) -> LayeredVectorCache:
    """Sentence vectors for the e5 sentence ranker and the rerank: in memory, over a disk cache in the data dir
    that the shipped snapshot of the bundled corpus's quotable sentences seeds
    (corpus/embeddings/<embedder>-sentences.npz, written by bench/sentence_vectors.py); a sentence of a user's own
    document is embedded on first use (by the answerer) and kept."""
    from index.embed_cache import EmbeddingCache, snapshot_path

    name = embed.model_name
    disk = EmbeddingCache(settings.data_dir / "cache" / "sentences.sqlite", name, embed.dim)
    disk.load_snapshot(snapshot_path(settings.corpus_dir, f"{name}-sentences"))
    return LayeredVectorCache(MemoryVectorCache(), disk)


def term_overlap(sentence: str, weights: Mapping[str, float]) -> float:
    """Weighted share of query terms found in the sentence (substring match on the search form, so it does
    not depend on how jieba segments either side)."""
    total = sum(weights.values())
    if not total:
        return 0.0
    form = search_form(sentence)
    return sum(w for term, w in weights.items() if term in form) / total


def unit_scale(values: np.ndarray) -> np.ndarray:
    """Scaled to 0-1 between min(values, 0) and max(values, 0) (all ones when those are equal): for the positive
    scores it is used on (cosines, fused scores) that is value / max, not min-max over the candidates."""
    low, high = float(values.min(initial=0.0)), float(values.max(initial=0.0))
    return (values - low) / (high - low) if high > low else np.ones_like(values)


def unit(vector) -> np.ndarray:
    """`vector` as float32 scaled to length 1 (a zero vector stays zero)."""
    v = np.asarray(vector, dtype=np.float32)
    return v / (np.linalg.norm(v) or 1.0)


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Each row of `matrix` scaled to length 1 (a zero row stays zero): cosines against a `unit` vector are then
    one matrix-vector product."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def cosine(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Cosine of `vector` with each row of `matrix` (0 for a zero row)."""
    norms = np.linalg.norm(matrix, axis=1) * (np.linalg.norm(vector) or 1.0)
    return matrix @ vector / np.where(norms == 0, 1.0, norms)


def sentence_similarities(texts: list[str], query_vector: np.ndarray, embed, cache=None) -> np.ndarray:
    """cosine(query, sentence) for each of `texts`, with sentence vectors from `cache` (computed once per text)."""
    if not texts:
        return np.zeros(0, np.float32)
    cache = cache if cache is not None else _DEFAULT_CACHE
    vectors = cache.embed(texts, embed.encode_passages)
    return cosine(vectors, np.asarray(query_vector, dtype=np.float32))


def sentences_of(passages: Iterable[NodeWithScore], keep: Callable[[str], bool] | None = None
                 ) -> list[tuple[str, NodeWithScore, int]]:
    """(sentence, passage, passage rank) for every sentence `keep` accepts, each distinct sentence once."""
    out, seen = [], set()
    for rank, hit in enumerate(passages):
        for sentence in split_sentences(hit.node.get_content()):
            if sentence in seen or (keep is not None and not keep(sentence)):
                continue
            seen.add(sentence)
            out.append((sentence, hit, rank))
    return out


def rank_sentences(question: str, passages: list[NodeWithScore], embed, weights: Mapping[str, float] | None = None,
                   dense_weight: float = 0.5, cache=None, keep: Callable[[str], bool] | None = None,
                   query_vector: np.ndarray | None = None) -> list[RankedSentence]:
    """Sentences of `passages`, best first, by dense_weight * dense + (1 - dense_weight) * overlap (each scaled
    to 0-1 over the candidates).  `embed` is the index's DebtLensEmbedding; `weights` maps query terms to
    IDF weights (default: every query token weighs 1); `keep` filters candidate sentences."""
    cands = sentences_of(passages, keep)
    if not cands:
        return []
    if weights is None:
        weights = {t: 1.0 for t in dict.fromkeys(tokenize(question))}
    if query_vector is None:
        query_vector = np.asarray(embed.get_query_embedding(search_form(question)), dtype=np.float32)
    dense = sentence_similarities([s for s, _, _ in cands], query_vector, embed, cache)
    overlap = np.array([term_overlap(s, weights) for s, _, _ in cands], dtype=np.float32)
    mixed = dense_weight * unit_scale(dense) + (1 - dense_weight) * unit_scale(overlap)
    ranked = [RankedSentence(s, hit, rank, float(d), float(o), float(m))
              for (s, hit, rank), d, o, m in zip(cands, dense, overlap, mixed)]
    return sorted(ranked, key=lambda r: (-r.score, r.passage_rank))


_DEFAULT_CACHE = MemoryVectorCache()
