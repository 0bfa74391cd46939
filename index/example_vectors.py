"""Example questions that describe the corpus's scope, embedded once per embedder as e5 queries: requests it never
serves (corpus/ood_requests.txt), questions its documents answer (corpus/covered_questions.toml) and neighbouring
topics it lacks (corpus/uncovered_topics.toml). The vectors ship beside the corpus snapshot (corpus/embeddings/), so
a fresh install embeds none of them at its first answer; a changed list is embedded once into the index's cache."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

from index.evidence import unit, unit_rows
from ingest.coverage_map import coverage_tables, examples_of
from text.script import search_form, to_halfwidth, to_simplified

SHIPPED = Path(__file__).resolve().parents[1] / "corpus" / "embeddings"
OOD_FILE = "ood_requests.txt"


def query_form(text: str) -> str:
    """As IndexHandle.query_vector embeds a question: Simplified, half-width, case kept."""
    return to_simplified(to_halfwidth(text))


def ood_requests(corpus_dir: Path) -> list[str]:
    """The corpus directory's off-topic requests, else the bundled ones (poems, recipes and the like are off topic
    for any debt corpus)."""
    path = corpus_dir / OOD_FILE
    if not path.exists():
        path = SHIPPED.parent / OOD_FILE
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


class ExampleSet:
    """Texts embedded as queries (shipped vectors, else the cache beside the index, else the model)."""

    def __init__(self, texts: list[str], kind: str, embed, cache_dir: Path | None = None,
                 prepare: Callable[[str], str] = search_form):
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

    def similarities(self, query_vector) -> np.ndarray:
        """The cosine of the query to every example."""
        return self.vectors @ unit(query_vector) if len(self.texts) else np.zeros(0, np.float32)

    def nearest(self, query_vector) -> tuple[float, int]:
        """(best cosine, index of that example); (-1.0, -1) for an empty set."""
        if not len(self.texts):
            return -1.0, -1
        sims = self.similarities(query_vector)
        best = int(np.argmax(sims))
        return float(sims[best]), best


def example_sets(corpus_dir: Path) -> dict[str, tuple[list[str], Callable[[str], str]]]:
    """kind -> (texts, how each is prepared before embedding). The off-topic requests keep the lower-cased search
    form they were measured with; the coverage map is embedded as questions are."""
    covered, uncovered = coverage_tables(corpus_dir)
    return {"ood": (ood_requests(corpus_dir), search_form),
            "covered": (examples_of(covered), query_form),
            "uncovered": (examples_of(uncovered), query_form)}


def ship_example_vectors(corpus_dir: Path, embed) -> list[Path]:
    """Write every example set's vectors beside the corpus snapshot, replacing older ones for this embedder."""
    model = embed.model_name.replace("/", "_").replace(":", "_")
    for kind in ("ood", "covered", "uncovered"):
        for old in SHIPPED.glob(f"{kind}-{model}-*.npy"):
            old.unlink()
    for kind, (texts, prepare) in example_sets(corpus_dir).items():
        ExampleSet(texts, kind, embed, SHIPPED, prepare)
    return sorted(p for kind in ("ood", "covered", "uncovered") for p in SHIPPED.glob(f"{kind}-{model}-*.npy"))
