"""In domain or not: the question's closeness to the corpus against its closeness to requests the knowledge base
never serves (chat/texts/ood_requests.txt), both as e5 cosines of the same query vector.

margin = best cosine to a corpus chunk - best cosine to an out-of-domain request. The threshold on the margin
is chosen by the risk-coverage sweep on the tune split (evals/sweep.py) and lives in the settings group.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.evidence import unit, unit_rows

OOD_FILE = Path(__file__).with_name("texts") / "ood_requests.txt"
# Shipped vectors (like the corpus embedding snapshot), so a fresh install does not embed 71 requests at start-up.
SHIPPED = Path(__file__).resolve().parents[1] / "corpus" / "embeddings"


@dataclass(frozen=True)
class DomainCall:
    corpus_sim: float   # best cosine to a corpus chunk (the dense retriever's top score)
    ood_sim: float      # best cosine to an out-of-domain request
    nearest_ood: str    # which one (for the eval report's "why")

    @property
    def margin(self) -> float:
        return self.corpus_sim - self.ood_sim


def ood_requests(path: Path = OOD_FILE) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


class ExampleSet:
    """Example texts embedded once per embedder as queries (shipped beside the corpus snapshot, else cached on disk
    beside the index), compared with a question's query vector."""

    def __init__(self, texts: list[str], kind: str, embed, cache_dir: Path | None = None,
                 prepare: Callable[[str], str] | None = None):
        from text.script import search_form

        prepare = prepare or search_form
        self.texts = texts
        digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:12]
        name = f"{kind}-{embed.model_name.replace('/', '_').replace(':', '_')}-{digest}.npy"
        cache = cache_dir / name if cache_dir else None
        found = [p for p in (SHIPPED / name, cache) if p is not None and p.exists()]
        if found:
            vectors = np.load(found[0]).astype(np.float32)
        elif texts:
            vectors = np.asarray([embed.get_query_embedding(prepare(t)) for t in texts], np.float32)
            if cache is not None:
                cache.parent.mkdir(parents=True, exist_ok=True)
                np.save(cache, vectors)
        else:
            vectors = np.zeros((0, 1), np.float32)
        self.vectors = unit_rows(vectors) if len(texts) else vectors

    def nearest(self, query_vector) -> tuple[float, int]:
        """(best cosine, index of that example); (-1.0, -1) for an empty set."""
        if not len(self.texts):
            return -1.0, -1
        sims = self.vectors @ unit(query_vector)
        best = int(np.argmax(sims))
        return float(sims[best]), best


class OutOfDomainSet(ExampleSet):
    """The out-of-domain requests (chat/texts/ood_requests.txt)."""

    def __init__(self, embed, cache_dir: Path | None = None, requests: list[str] | None = None):
        super().__init__(requests or ood_requests(), "ood", embed, cache_dir)
        self.requests = self.texts

    def nearest_request(self, query_vector) -> tuple[float, str]:
        sim, best = self.nearest(query_vector)
        return sim, self.requests[best]


def judge(corpus_sim: float, query_vector, ood: OutOfDomainSet) -> DomainCall:
    ood_sim, nearest = ood.nearest_request(query_vector)
    return DomainCall(corpus_sim, ood_sim, nearest)
