"""BM25 over chunks' search_text, tokenised with jieba after Simplified/half-width/lower-case folding."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.filters import Filters, matches
from ingest.records import ChunkRecord
from text.script import search_form
from text.tokenize import tokenize

logging.getLogger("bm25s").setLevel(logging.WARNING)


class BM25Index:
    def __init__(self, model, chunk_ids: list[str], metas: list[dict]):
        self.model, self.chunk_ids, self.metas = model, chunk_ids, metas

    @classmethod
    def build(cls, chunks: Sequence[ChunkRecord]) -> BM25Index:
        import bm25s

        model = bm25s.BM25()
        corpus = [tokenize(c["search_text"]) or ["∅"] for c in chunks]
        model.index(corpus, show_progress=False)
        return cls(model, [c["chunk_id"] for c in chunks], [c["metadata"] for c in chunks])

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.model.save(str(directory), show_progress=False)
        (directory / "chunks.json").write_text(
            json.dumps({"chunk_ids": self.chunk_ids, "metas": self.metas}, ensure_ascii=False), encoding="utf-8"
        )

    @classmethod
    def load(cls, directory: Path) -> BM25Index:
        import bm25s

        data = json.loads((directory / "chunks.json").read_text(encoding="utf-8"))
        model = bm25s.BM25.load(str(directory), show_progress=False, verbosity=0)
        return cls(model, data["chunk_ids"], data["metas"])

    def search(self, query: str, k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """(chunk_id, score) pairs with a positive score, best first, after filters."""
        tokens = [t for t in tokenize(query) if t in self.model.vocab_dict]
        tokens += straddling_words(search_form(query), tokens, self.model.vocab_dict)
        if not tokens or not self.chunk_ids:
            return []
        mask = None
        if filters:
            mask = np.array([matches(m, filters) for m in self.metas], dtype=np.float32)
            if not mask.any():
                return []
        k = min(k, len(self.chunk_ids))
        docs, scores = self.model.retrieve([tokens], k=k, show_progress=False, weight_mask=mask)
        return [(self.chunk_ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]

    def idf(self, token: str) -> float | None:
        """Inverse document frequency of a token, or None when the corpus never uses it."""
        import math

        tid = self.model.vocab_dict.get(token)
        if tid is None:
            return None
        df = self._doc_freqs().get(tid, 0)
        n = len(self.chunk_ids)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _doc_freqs(self) -> dict[int, int]:
        if not hasattr(self, "_df"):
            # scores matrix is CSC over tokens: column nnz = number of documents containing the token
            indptr = np.asarray(self.model.scores["indptr"])
            self._df = {i: int(indptr[i + 1] - indptr[i]) for i in range(len(indptr) - 1)}
        return self._df


def straddling_words(form: str, tokens: list[str], vocab, longest: int = 6) -> list[str]:
    """Corpus words of three characters or more that the question contains across two of its tokens: jieba
    cuts "什么是软暴力催收" into 软 / 暴力催收, while the documents' word is 软暴力 (both are in the user dictionary;
    which one wins depends on the neighbours)."""
    out: list[str] = []
    for run in re.findall(r"[\u3400-\u9fff]{3,}", form):
        for size in range(3, min(longest, len(run)) + 1):
            for start in range(len(run) - size + 1):
                word = run[start:start + size]
                if word in vocab and word not in out and not any(word in t for t in tokens):
                    out.append(word)
    return out
