"""The embedding cache: re-ingesting unchanged text costs no model time; the shipped snapshot is current."""

import numpy as np

from index.build import apply_sources
from index.embed_cache import EmbeddingCache, snapshot_path, text_key
from ingest.pipeline import bundled_sources
from ingest.records import chunk_records, embedding_text
from settings import Settings
from tests.conftest import REPO


def test_cache_hit_on_reingest_after_index_loss(fresh_corpus):
    settings = fresh_corpus
    first = apply_sources(bundled_sources(settings).docs, settings)
    assert first.embed_computed > 0
    # Lose the index but keep the cache: a rebuild must not call the model again.
    second = apply_sources(bundled_sources(settings).docs, settings, rebuild=True)
    assert second.embed_computed == 0 and second.embed_cache_hits == first.embed_computed


def test_cache_returns_what_was_stored(tmp_path):
    cache = EmbeddingCache(tmp_path / "c.sqlite", "toy", 3)
    calls = []

    def encode(texts):
        calls.append(list(texts))
        return np.array([[len(t), 1.0, 0.0] for t in texts], dtype=np.float32)

    a = cache.embed(["催收", "debt collector", "催收"], encode)
    b = cache.embed(["debt collector", "催收"], encode)
    assert calls == [["debt collector", "催收"]] or calls == [["催收", "debt collector"]]
    assert np.allclose(a[0], b[1]) and np.allclose(a[1], b[0])


def test_shipped_snapshot_covers_the_bundled_corpus():
    settings = Settings(corpus_dir=REPO / "corpus")
    path = snapshot_path(settings.corpus_dir, "e5-small")
    data = np.load(path, allow_pickle=False)
    assert str(data["embedder"]) == "e5-small" and data["vectors"].shape[1] == 384
    docs = bundled_sources(settings).docs
    wanted = {text_key(embedding_text(r)) for d in docs for r in chunk_records(d, settings.chunk_tokens)}
    missing = wanted - set(data["keys"].tolist())
    assert not missing, f"{len(missing)} chunks not in {path.name}; regenerate with: debtlens corpus embed-cache"
