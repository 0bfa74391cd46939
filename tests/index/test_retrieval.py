"""A Simplified query finds the Traditional seed chunk through each retriever on its own."""

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
