"""The sentence-level dense list (index/sentence_dense.py) on a real small index."""

import dataclasses

import numpy as np
from llama_index.core.schema import QueryBundle

from index.evidence import LayeredVectorCache, MemoryVectorCache
from index.retrieve import HybridRetriever
from index.sentence_dense import SentenceMatrix, sentence_dense_hits
from text.sentences import split_sentences


def _with(handle, **changes):
    """The same index with other settings and its own in-memory sentence vectors and matrix."""
    own = dataclasses.replace(handle, settings=handle.settings.model_copy(update=changes))
    own.__dict__["_sentence_vectors"] = LayeredVectorCache(MemoryVectorCache(), MemoryVectorCache())
    own.__dict__.pop("_sentence_matrix", None)
    return own


def test_a_chunk_scores_its_best_sentence(small_index):
    _, handle = small_index
    handle = _with(handle)
    chunks = handle.journal.all_chunks()
    matrix = handle.sentence_matrix()
    assert len(matrix.owners) == sum(len(split_sentences(c["text"])) for c in chunks)
    # A question that is one sentence of a chunk, word for word, is closest to that chunk's sentence.
    target = next(c for c in chunks if c["source_id"] == "cn-credit-card-measures-2011-zh" and "第六十八条" in c["text"])
    sentence = next(s for s in split_sentences(target["text"]) if "第六十八条" in s)
    vector = np.asarray(handle.embed.get_query_embedding(sentence), dtype=np.float32)
    best = matrix.best_per_chunk(vector)
    assert chunks[int(np.argmax(best))]["chunk_id"] == target["chunk_id"]
    # Its score is that sentence's cosine, not the chunk's average.
    own = handle.sentence_vectors().embed([sentence], handle.embed.encode_passages)[0]
    cos = float(own @ vector / (np.linalg.norm(own) * np.linalg.norm(vector)))
    assert abs(best[chunks.index(target)] - cos) < 1e-4


def test_filters_apply_and_k_is_kept(small_index):
    _, handle = small_index
    handle = _with(handle)
    bundle = QueryBundle("催收可以找我同事吗", embedding=handle.query_vector("催收可以找我同事吗"))
    hits = sentence_dense_hits(handle, bundle, 4, {"lang": "en"})
    assert len(hits) == 4 and all(h.node.metadata["lang"] == "en" for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_the_third_list_votes_in_the_fusion_only_when_weighted(small_index):
    _, handle = small_index
    question = "信用卡中心可以找我的同事或朋友催收吗？"
    bundle = QueryBundle(question, embedding=handle.query_vector(question))
    off_handle, on_handle = _with(handle), _with(handle, sentence_dense_weight=1.0)
    off = HybridRetriever(off_handle).search(bundle)
    on = HybridRetriever(on_handle).search(bundle)
    assert [h.node.node_id for h in on.dense] == [h.node.node_id for h in off.dense]
    first = sentence_dense_hits(on_handle, bundle, 1)[0].node.node_id
    two_lists = {h.node.node_id: h.score for h in off.fused}
    three_lists = {h.node.node_id: h.score for h in on.fused}
    # The best-sentence chunk gains the third list's 1/(k+1) vote (more when it is also in the others).
    assert first in three_lists
    assert three_lists[first] >= two_lists.get(first, 0.0) + 1 / (handle.settings.rrf_k + 1) - 1e-9
    assert isinstance(on_handle.sentence_matrix(), SentenceMatrix)
