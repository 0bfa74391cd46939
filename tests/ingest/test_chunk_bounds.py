"""Chunks stay bounded whatever the punctuation (or its absence); ordinary prose is cut at sentence ends."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.chunk import chunk_document, estimate_tokens, fit_sentence, hard_limits

BUDGET = 220
HOSTILE = {
    "one English word": "a" * 200_000,
    "Chinese without punctuation": "催收人员不得在晚上十点后拨打借款人电话" * 5_000,
    "words without sentence ends": "collector may not call before eight " * 6_000,
    "symbols": "§¶†‡•" * 40_000,
    "alternating scripts": "a一" * 50_000,
    "tiny sentences": "!\n" * 50_000,
    "commas only": "还款，" * 30_000,
    "regulation with one giant article": "第一条 总则\n第二条 定义\n第三条 " + "借款人" * 30_000,
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_text_chunks_within_hard_limits(name):
    max_tokens, max_chars = hard_limits(BUDGET)
    chunks = chunk_document(HOSTILE[name], BUDGET)
    assert len(chunks) > 1
    for chunk in chunks:
        assert estimate_tokens(chunk.text) <= max_tokens and len(chunk.text) <= max_chars, chunk.text[:80]


def test_nothing_is_lost_when_a_sentence_is_cut():
    text = "借款人" * 1_000
    assert "".join(fit_sentence(text, BUDGET)) == text
    words = "collector may not call before eight " * 100
    assert " ".join(fit_sentence(words, BUDGET)) == words.strip()


def test_ordinary_prose_is_cut_only_at_sentence_ends():
    sentence = "信用卡中心可以与持卡人协商个性化分期还款协议，最长期限不超过五年。"
    chunks = chunk_document(sentence * 40, BUDGET)
    assert len(chunks) > 1
    assert all(c.text.endswith("。") and c.text.startswith("信用卡中心") for c in chunks)


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=0, max_size=3_000), st.integers(min_value=5, max_value=300))
def test_any_text_respects_the_hard_limits(text, budget):
    max_tokens, max_chars = hard_limits(budget)
    for chunk in chunk_document(text, budget):
        assert estimate_tokens(chunk.text) <= max_tokens and len(chunk.text) <= max_chars
