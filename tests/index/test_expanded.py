"""Expanded lists over a real index: typo fixes, glossary translation and jurisdiction lists."""

import dataclasses

import pytest
from llama_index.core.schema import QueryBundle

from index.expanded import expanded_lists
from index.query.plan import QueryTools
from index.retrieve import BM25Retriever, DenseRetriever


@pytest.fixture(scope="module")
def tools_and_search(small_index):
    settings, handle = small_index
    tools = QueryTools.build(settings.channels_file, handle.bm25.model.vocab_dict.keys())

    def dense(text, filters):
        return DenseRetriever(handle, 10, filters).retrieve(QueryBundle(text))

    def bm25(text, filters):
        return BM25Retriever(handle, 10, filters).retrieve(QueryBundle(text))

    return tools, dense, bm25


def _sources(hits):
    return [h.node.metadata["source_id"] for h in hits]


def test_chinese_question_about_a_us_law_searches_the_english_document(tools_and_search):
    tools, dense, bm25 = tools_and_search
    q = "美国FDCPA里的“消费者”包括债务人的配偶吗？"
    out = expanded_lists(q, q, tools, dense, bm25)
    assert "spouse" in out.plan.translation.text
    assert _sources(out.lists["bm25_translated"])[0] == "us-fdcpa-en"
    assert out.jurisdiction == "US"
    assert set(_sources(out.lists["dense_jurisdiction"])) == {"us-fdcpa-en"}


def test_typo_is_fixed_before_both_searches(tools_and_search):
    tools, dense, bm25 = tools_and_search
    q = "信用卡中心能不能给我办个性分期？"
    out = expanded_lists(q, q, tools, dense, bm25)
    assert ("个性分期", "个性化分期") in out.plan.fixes
    assert "个性化分期" in out.plan.corrected


def test_switched_off_expansions_add_no_lists(tools_and_search):
    tools, dense, bm25 = tools_and_search
    q = "美国FDCPA里的“消费者”包括债务人的配偶吗？"
    out = expanded_lists(q, q, tools, dense, bm25, expansions=())
    assert set(out.lists) == {"dense", "bm25"}


def test_follow_up_naming_a_new_country_takes_that_country(tools_and_search):
    tools, dense, bm25 = tools_and_search
    out = expanded_lists("那在美国呢？", "信用卡中心能给我分期吗？ 那在美国呢？", tools, dense, bm25)
    assert out.jurisdiction == "US"


def _expanded(small_index, expansions="glossary,twins"):
    settings, handle = small_index
    return dataclasses.replace(handle, settings=settings.model_copy(update={"expansions": expansions}))


def test_glossary_and_twins_find_the_other_language_document(small_index):
    """A Chinese question about a US law reaches the English-only document."""
    from index.retrieve import HybridRetriever

    result = HybridRetriever(_expanded(small_index), top_k=10).search(
        QueryBundle("美国FDCPA里的“消费者”包括债务人的配偶吗？"))
    sources = _sources(result.fused)
    assert "us-fdcpa-en" in sources[:3]
    assert result.dense and result.bm25


def test_twins_bring_the_translation_of_a_top_source(small_index):
    """An English question on the bank channel finds the English page; with twins on, the Chinese page of the
    same document joins the ranking; with twins off (glossary only) the ranking is the plain fusion."""
    from index.retrieve import HybridRetriever

    q = "Will a bank credit card centre agree to a personalised instalment plan, and for how long?"

    def ranked(expansions):
        return _sources(HybridRetriever(_expanded(small_index, expansions), top_k=8).search(QueryBundle(q)).fused)

    with_twins, without = ranked("glossary,twins"), ranked("glossary")
    assert with_twins[0] == "channel-bank-inhouse-en"
    assert "channel-bank-inhouse-zh" in with_twins
    assert with_twins[0] == without[0]


def test_list_weights_change_the_fusion(small_index):
    """A list weighted 0 adds nothing: the fused order is then the other lists' own order."""
    from index.expanded import expanded_lists, fuse_expanded

    settings, handle = small_index
    tools = handle.query_tools()
    q = "催收可以给我的通讯录联系人打电话吗？"

    def dense(text, filters):
        return DenseRetriever(handle, 10, filters).retrieve(QueryBundle(text))

    def bm25(text, filters):
        return BM25Retriever(handle, 10, filters).retrieve(QueryBundle(text))

    lists = expanded_lists(q, q, tools, dense, bm25, expansions=())
    only_bm25 = fuse_expanded(lists, 60, lambda hits: hits, weights={"dense": 0.0})
    bm25_ids = [h.node.node_id for h in lists.main_bm25]
    assert [h.node.node_id for h in only_bm25][: len(bm25_ids)] == bm25_ids
    dense_ids = [h.node.node_id for h in lists.main_dense]
    only_dense = fuse_expanded(lists, 60, lambda hits: hits, weights={"bm25": 0.0})
    assert [h.node.node_id for h in only_dense][: len(dense_ids)] == dense_ids
    assert dense_ids[:3] != bm25_ids[:3]  # the two lists disagree, so the weights are what decided


def test_the_own_language_bonus_moves_the_chinese_page_up(small_index):
    """For a Chinese question the Chinese page ranks no lower with the bonus than without, and both language
    versions stay in the hits (the bonus reorders; it removes nothing: the English page, first without it, is
    still among the first 8)."""
    from index.retrieve import HybridRetriever

    q = QueryBundle("银行信用卡中心能跟我协商个性化分期吗？最长能分多久？")

    def ranked(bonus):
        return _sources(HybridRetriever(_expanded(small_index), top_k=8, language_bonus=bonus).search(q).fused)

    plain, preferred = ranked(0.0), ranked(0.2)
    assert {"channel-bank-inhouse-zh", "channel-bank-inhouse-en"} <= set(preferred)
    assert preferred.index("channel-bank-inhouse-zh") <= plain.index("channel-bank-inhouse-zh")
