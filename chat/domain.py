"""In domain or not: the question's closeness to the corpus against its closeness to requests the knowledge base
never serves (chat/texts/ood_requests.txt), both as e5 cosines of the same query vector.

margin = best cosine to a corpus chunk - best cosine to an out-of-domain request. The threshold on the margin
is chosen by the risk-coverage sweep on the tune split (evals/sweep.py) and lives in the settings group.
"""

from __future__ import annotations

import hashlib
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


class OutOfDomainSet:
    """The out-of-domain requests embedded once per embedder (cached on disk beside the index)."""

    def __init__(self, embed, cache_dir: Path | None = None, requests: list[str] | None = None):
        from text.script import search_form

        self.requests = requests or ood_requests()
        digest = hashlib.sha256("\n".join(self.requests).encode()).hexdigest()[:12]
        name = f"ood-{embed.model_name.replace('/', '_').replace(':', '_')}-{digest}.npy"
        cache = cache_dir / name if cache_dir else None
        found = [p for p in (SHIPPED / name, cache) if p is not None and p.exists()]
        if found:
            vectors = np.load(found[0]).astype(np.float32)
        else:
            # The dense retriever embeds the Simplified search form; embed these the same way.
            vectors = np.asarray([embed.get_query_embedding(search_form(r)) for r in self.requests], np.float32)
            if cache is not None:
                cache.parent.mkdir(parents=True, exist_ok=True)
                np.save(cache, vectors)
        self.vectors = unit_rows(vectors)

    def nearest(self, query_vector) -> tuple[float, str]:
        sims = self.vectors @ unit(query_vector)
        best = int(np.argmax(sims))
        return float(sims[best]), self.requests[best]


def judge(corpus_sim: float, query_vector, ood: OutOfDomainSet) -> DomainCall:
    ood_sim, nearest = ood.nearest(query_vector)
    return DomainCall(corpus_sim, ood_sim, nearest)
