"""The sentence rerank (index/rerank.py) on a real small index: what it moves, what it leaves alone."""

import dataclasses

import numpy as np
import pytest
from llama_index.core.schema import QueryBundle

from index.evidence import LayeredVectorCache, MemoryVectorCache
from index.rerank import SentenceRerank, mix, passage_similarities, pooled
from index.retrieve import HybridRetriever, rrf_fuse
from text.sentences import split_sentences

QUESTION = "被催收骚扰可以向哪里投诉？"


def _with(handle, **changes):
    """A handle on the same index with other settings and its own in-memory sentence vectors (the session's
    index is shared with other tests: its on-disk sentence cache must stay as the build left it)."""
    own = dataclasses.replace(handle, settings=handle.settings.model_copy(update=changes))
    own.__dict__["_sentence_vectors"] = LayeredVectorCache(MemoryVectorCache(), MemoryVectorCache())
    return own


def _fused(handle, question):
    retriever = HybridRetriever(handle)
    bundle = QueryBundle(question, embedding=handle.query_vector(question))
    return rrf_fuse([retriever.dense.retrieve(bundle), retriever.bm25.retrieve(bundle)], handle.settings.rrf_k)


def _embed_sentences_of(handle, hits):
    """What the answerer does for the passages it reads: their sentences get vectors in the shared cache."""
    sentences = sorted({s for h in hits for s in split_sentences(h.node.get_content())})
    handle.sentence_vectors().embed(sentences, handle.embed.encode_passages)
    return sentences


def test_mix_weight_zero_keeps_fusion_and_one_follows_sentences():
    fused, sentence = [0.03, 0.02, 0.01], [0.80, 0.95, 0.85]
    assert list(np.argsort(-mix(fused, sentence, 0.0))) == [0, 1, 2]
    assert list(np.argsort(-mix(fused, sentence, 1.0))) == [1, 2, 0]
    assert list(np.argsort(-mix(fused, [np.nan] * 3, 1.0))) == [0, 1, 2]
    assert pooled(np.array([0.5, 0.9, 0.7]), "max") == pytest.approx(0.9)
    assert pooled(np.array([0.5, 0.9, 0.7]), "top2") == pytest.approx(0.8)
    assert pooled(np.array([0.6]), "top2") == pytest.approx(0.6)


def test_passages_without_sentence_vectors_keep_their_fused_standing(small_index):
    _, handle = small_index
    head = _fused(handle, QUESTION)[:6]
    q = np.asarray(handle.query_vector(QUESTION))
    sims = passage_similarities([h.node.get_content() for h in head], q, lambda keys: {})
    assert np.isnan(sims).all()
    fused = [h.score or 0.0 for h in head]
    assert list(np.argsort(-mix(fused, sims, 0.6), kind="stable")) == list(range(6))
    # One passage with a sentence score among bare ones: only its own place can change.
    partial = np.full(6, np.nan)
    partial[5] = 0.99
    order = list(np.argsort(-mix(fused, partial, 0.6), kind="stable"))
    assert [i for i in order if i != 5] == [0, 1, 2, 3, 4] and order.index(5) < 5


def test_full_weight_puts_the_passage_with_the_best_sentence_first(small_index):
    handle = _with(small_index[1])
    fused = _fused(handle, QUESTION)
    head = fused[:20]
    sentences = _embed_sentences_of(handle, head)
    q = np.asarray(handle.query_vector(QUESTION))
    vectors = handle.embed.encode_passages(sentences)
    cosines = dict(zip(sentences, vectors @ q / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(q))))
    best_sentence = max(cosines, key=lambda s: cosines[s])

    reranked = SentenceRerank(handle, weight=1.0, depth=20).postprocess_nodes(fused, QueryBundle(QUESTION))
    assert best_sentence in split_sentences(reranked[0].node.get_content())
    assert {h.node.node_id for h in reranked} == {h.node.node_id for h in fused}  # reordered, nothing lost
    assert [h.score for h in reranked] == sorted((h.score or 0.0 for h in fused), reverse=True)
    # Below the depth the fused order is kept.
    short = SentenceRerank(handle, weight=1.0, depth=3).postprocess_nodes(fused, QueryBundle(QUESTION))
    assert [h.node.node_id for h in short[3:]] == [h.node.node_id for h in fused[3:]]


def test_rerank_reads_sentence_vectors_without_embedding_and_leaves_bare_passages_in_fused_order(small_index):
    plain = HybridRetriever(_with(small_index[1], rerank_weight=0.0))
    reranked_handle = _with(small_index[1], rerank_weight=0.6)
    fused = _fused(reranked_handle, QUESTION)
    _embed_sentences_of(reranked_handle, fused[:20])  # the answerer has read these passages before
    cache = reranked_handle.sentence_vectors()
    misses = cache.memory.misses

    before = [h.node.node_id for h in plain.retrieve(QueryBundle(QUESTION))]
    assert HybridRetriever(reranked_handle).retrieve(QueryBundle(QUESTION))
    assert cache.memory.misses == misses  # the rerank reads vectors; no sentence is embedded at query time
    # Without any sentence vectors the rerank leaves the fused order alone.
    bare = HybridRetriever(_with(small_index[1], rerank_weight=0.6)).retrieve(QueryBundle(QUESTION))
    assert [h.node.node_id for h in bare] == before


def test_unknown_pool_is_refused(small_index):
    _, handle = small_index
    with pytest.raises(ValueError, match="top2"):
        SentenceRerank(handle, pool="mean")
