"""In domain or not: the question's closeness to the corpus against its closeness to requests the knowledge base
never serves (corpus/ood_requests.txt), both as e5 cosines of the same query vector.

margin = best cosine to a corpus chunk - best cosine to an out-of-domain request. The threshold on the margin
is chosen by the risk-coverage sweep on the tune split (evals/sweep.py) and lives in the settings group.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index.example_vectors import ExampleSet, example_sets


@dataclass(frozen=True)
class DomainCall:
    corpus_sim: float   # best cosine to a corpus chunk (the dense retriever's top score)
    ood_sim: float      # best cosine to an out-of-domain request
    nearest_ood: str    # which one (for the eval report's "why")

    @property
    def margin(self) -> float:
        return self.corpus_sim - self.ood_sim


class OutOfDomainSet(ExampleSet):
    """The out-of-domain requests of a corpus directory, embedded (shipped or cached)."""

    def __init__(self, corpus_dir: Path, embed, cache_dir: Path | None = None):
        texts, prepare = example_sets(corpus_dir)["ood"]
        super().__init__(texts, "ood", embed, cache_dir, prepare)

    def nearest_request(self, query_vector) -> tuple[float, str]:
        sim, best = self.nearest(query_vector)
        return sim, self.texts[best] if best >= 0 else ""


def judge(corpus_sim: float, query_vector, ood: OutOfDomainSet) -> DomainCall:
    ood_sim, nearest = ood.nearest_request(query_vector)
    return DomainCall(corpus_sim, ood_sim, nearest)
