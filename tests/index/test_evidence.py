"""Sentence-level evidence ranking with the real e5 model: answers across languages, caches by content."""

import pytest
from llama_index.core.schema import NodeWithScore, TextNode

from index.evidence import MemoryVectorCache, rank_sentences, term_overlap

EVIDENCE = ("被催收骚扰时，借款人应先保存证据，再去投诉。催收证据包括通话录音、来电号码和时间截图、短信和微信记录。"
            "借款人可以按日期记录每次催收的时间、号码和对方自称的机构。")
COMPLAIN = ("12378是国家金融监督管理总局的投诉举报热线，受理银行、消费金融公司、小额贷款公司、融资担保公司等的投诉。"
            "12378受理的投诉会转给属地监管部门，一般在15个工作日内答复。"
            "黑猫投诉是公开的网络投诉平台，大部分“暴力催收”投诉统计来自黑猫投诉。")


@pytest.fixture(scope="module")
def embed():
    from index.embedders import make_embedder

    return make_embedder("e5-small")


def _passages():
    return [NodeWithScore(node=TextNode(id_="g#1", text=EVIDENCE, metadata={"source_id": "g"}), score=1.0),
            NodeWithScore(node=TextNode(id_="g#2", text=COMPLAIN, metadata={"source_id": "g"}), score=0.9)]


def test_english_question_finds_the_chinese_hotline_sentence(embed):
    """No term is shared across languages, so overlap alone falls back to passage order; e5 finds 12378."""
    question = "What number do I call to report collection harassment in China?"
    by_overlap = rank_sentences(question, _passages(), embed, dense_weight=0.0, cache=MemoryVectorCache())
    by_both = rank_sentences(question, _passages(), embed, dense_weight=0.5, cache=MemoryVectorCache())
    assert "12378" not in by_overlap[0].sentence
    assert "12378" in by_both[0].sentence


def test_dense_scores_are_cosines_and_weight_one_orders_by_them(embed):
    ranked = rank_sentences("投诉热线是多少？", _passages(), embed, dense_weight=1.0, cache=MemoryVectorCache())
    dense = [r.dense for r in ranked]
    assert dense == sorted(dense, reverse=True)
    assert all(-1.0 <= d <= 1.0 for d in dense)
    assert {r.passage_rank for r in ranked} == {0, 1}


def test_sentence_vectors_are_computed_once(embed):
    cache = MemoryVectorCache()
    rank_sentences("投诉热线是多少？", _passages(), embed, cache=cache)
    first = cache.misses
    rank_sentences("黑猫投诉是什么？", _passages(), embed, cache=cache)
    assert first == 6 and cache.misses == first


def test_keep_filters_candidates(embed):
    ranked = rank_sentences("投诉", _passages(), embed, keep=lambda s: "12378" in s, cache=MemoryVectorCache())
    assert ranked and all("12378" in r.sentence for r in ranked)


def test_term_overlap_is_weighted_share_in_simplified_form():
    assert term_overlap("12378受理的投訴會轉給屬地監管部門", {"投诉": 3.0, "热线": 1.0}) == 0.75
    assert term_overlap("anything", {}) == 0.0
