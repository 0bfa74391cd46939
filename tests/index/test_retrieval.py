"""A Simplified query finds the Traditional seed chunk through each retriever on its own."""

import pytest
from llama_index.core.schema import QueryBundle

from index.retrieve import BM25Retriever, DenseRetriever, HybridRetriever

SIMPLIFIED_SEED_QUESTION = "催收最难协调的平台是哪个？"


def _top_sources(hits, n=3):
    return [h.node.metadata["source_id"] for h in hits[:n]]


def test_bm25_alone_finds_traditional_seed(small_index):
    _, handle = small_index
    hits = BM25Retriever(handle, k=10).retrieve(QueryBundle(SIMPLIFIED_SEED_QUESTION))
    assert "seed-cuishou-nanxietiao" in _top_sources(hits)


def test_dense_alone_finds_traditional_seed(small_index):
    _, handle = small_index
    hits = DenseRetriever(handle, k=10).retrieve(QueryBundle(SIMPLIFIED_SEED_QUESTION))
    assert "seed-cuishou-nanxietiao" in _top_sources(hits)


def test_hybrid_caps_chunks_per_source(small_index):
    settings, handle = small_index
    hits = HybridRetriever(handle, top_k=6).retrieve(QueryBundle(SIMPLIFIED_SEED_QUESTION))
    sources = [h.node.metadata["source_id"] for h in hits]
    assert max(sources.count(s) for s in sources) <= settings.per_source_cap


def test_filters_apply_to_both_retrievers(small_index):
    _, handle = small_index
    only_us = {"jurisdiction": "US"}
    for retriever in (BM25Retriever(handle, 10, only_us), DenseRetriever(handle, 10, only_us)):
        hits = retriever.retrieve(QueryBundle("催收 debt collector 平台"))
        assert hits and {h.node.metadata["jurisdiction"] for h in hits} == {"US"}


def test_weighted_fusion_prefers_the_heavier_retriever():
    from llama_index.core.schema import NodeWithScore, TextNode

    from index.retrieve import weighted_fuse

    def hits(*pairs):
        return [NodeWithScore(node=TextNode(id_=i, text=i), score=s) for i, s in pairs]

    dense, bm25 = hits(("a", 0.9), ("b", 0.8)), hits(("b", 5.0), ("c", 1.0))
    assert [h.node.node_id for h in weighted_fuse(dense, bm25, alpha=0.3)] == ["b", "a", "c"]
    assert [h.node.node_id for h in weighted_fuse(dense, bm25, alpha=0.9)][0] == "a"


def test_traditional_query_finds_simplified_document_densely(small_index):
    _, handle = small_index
    hits = DenseRetriever(handle, k=5).retrieve(QueryBundle("信用卡個性化分期還款協議最長幾年？"))
    assert "cn-credit-card-measures-2011-zh" in _top_sources(hits)


def test_dense_scores_are_cosines_of_query_and_stored_vectors(small_index):
    import numpy as np

    from text.script import to_halfwidth, to_simplified

    _, handle = small_index
    query = "信用卡個性化分期還款協議最長幾年？"
    hits = DenseRetriever(handle, k=8).retrieve(QueryBundle(query))
    q = np.asarray(handle.embed.get_query_embedding(to_simplified(to_halfwidth(query))), dtype=np.float64)
    got = handle.collection.get(ids=[h.node.node_id for h in hits], include=["embeddings"])
    stored = dict(zip(got["ids"], np.asarray(got["embeddings"], dtype=np.float64)))
    for hit in hits:
        v = stored[hit.node.node_id]
        assert hit.score == pytest.approx(float(q @ v / (np.linalg.norm(q) * np.linalg.norm(v))), abs=1e-6)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert 0.5 < hits[0].score <= 1.0


def test_hybrid_search_reports_the_rankings_it_fused(small_index):
    settings, handle = small_index
    result = HybridRetriever(handle, top_k=6).search(QueryBundle(SIMPLIFIED_SEED_QUESTION))
    assert result.dense and result.bm25 and len(result.fused) <= 6
    candidates = {h.node.node_id for h in result.dense + result.bm25}
    assert {h.node.node_id for h in result.fused} <= candidates
    assert [h.node.node_id for h in result.fused] == [
        h.node.node_id for h in HybridRetriever(handle, top_k=6).retrieve(QueryBundle(SIMPLIFIED_SEED_QUESTION))]


def test_per_source_cap_is_a_node_postprocessor():
    from llama_index.core.postprocessor.types import BaseNodePostprocessor
    from llama_index.core.schema import NodeWithScore, TextNode

    from index.retrieve import PerSourceCap

    hits = [NodeWithScore(node=TextNode(id_=f"{s}{i}", text="x", metadata={"source_id": s}), score=1.0)
            for i, s in enumerate("aaabab")]
    cap = PerSourceCap(cap=2)
    assert isinstance(cap, BaseNodePostprocessor)
    assert [h.node.node_id for h in cap.postprocess_nodes(hits)] == ["a0", "a1", "b3", "b5"]


def test_the_factory_returns_the_random_retriever_only_when_asked(small_index):
    import dataclasses

    from index.retrieve import RandomRetriever, make_retriever

    settings, handle = small_index
    assert isinstance(make_retriever(handle), HybridRetriever)
    broken = dataclasses.replace(handle, settings=settings.model_copy(update={"retriever_override": "random"}))
    retriever = make_retriever(broken)
    assert isinstance(retriever, RandomRetriever)
    result = retriever.search(QueryBundle(SIMPLIFIED_SEED_QUESTION))
    assert len(result.fused) == settings.top_k and not result.dense and not result.bm25


def test_best_chunk_of_a_source_is_the_filtered_dense_top_hit(small_index):
    _, handle = small_index
    for query, source in [("信用卡分期还款最长几年？", "cn-credit-card-measures-2011-zh"),
                          ("Can a collector call my family?", "us-fdcpa-en"),
                          ("银行自己的催收部门", "channel-bank-inhouse-en")]:
        vector = handle.query_vector(query)
        best = handle.best_chunk(source, vector)
        top = DenseRetriever(handle, 1, {"source_id": source}).retrieve(QueryBundle(query, embedding=vector))
        assert best is not None and best.node.node_id == top[0].node.node_id
        assert best.score == pytest.approx(top[0].score, abs=1e-5)
    assert handle.best_chunk("us-fdcpa-en", handle.query_vector("催收"), {"jurisdiction": "CN"}) is None
    assert handle.best_chunk("no-such-source", handle.query_vector("催收")) is None
