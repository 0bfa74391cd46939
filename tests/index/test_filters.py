"""Filters mean the same on both retrievers: the Python predicate (BM25) and the vector-store filters (Chroma)."""

import pytest

from index.filters import matches, to_metadata_filters

META = {"jurisdiction": "CN", "lang": "zh", "doc_type": "regulation", "source_id": "cn-credit-card-measures-2011-zh",
        "ch_bank_inhouse": True, "ch_third_party_agency": True, "published_ord": 20110101}


@pytest.mark.parametrize("filters, expected", [
    (None, True),
    ({}, True),
    ({"jurisdiction": "CN"}, True),
    ({"jurisdiction": "US"}, False),
    ({"jurisdiction": ["US", "CN"]}, True),
    ({"jurisdiction": "CN", "lang": "en"}, False),
    ({"channel": "bank_inhouse"}, True),
    ({"channel": "online_lending"}, False),
    ({"channel": ["online_lending", "third_party_agency"]}, True),
    ({"published_after": "2010-06-30"}, True),
    ({"published_after": "2011-01-02"}, False),
    ({"published_after": "2011"}, True),  # a year alone means its first day
    ({"jurisdiction": "", "channel": []}, True),  # empty values are no filter
])
def test_matches(filters, expected):
    assert matches(META, filters) is expected


def test_metadata_filters_for_the_vector_store():
    from llama_index.core.vector_stores.types import FilterCondition, FilterOperator, MetadataFilters

    assert to_metadata_filters(None) is None and to_metadata_filters({"lang": ""}) is None
    built = to_metadata_filters({"jurisdiction": ["CN", "HK"], "channel": ["bank_inhouse", "law_firm"],
                                 "published_after": "2020-05-01"})
    assert built is not None
    jurisdiction, channels, published = built.filters
    assert jurisdiction.key == "jurisdiction" and jurisdiction.operator == FilterOperator.IN
    assert isinstance(channels, MetadataFilters) and channels.condition == FilterCondition.OR
    assert [f.key for f in channels.filters] == ["ch_bank_inhouse", "ch_law_firm"]
    assert (published.key, published.value, published.operator) == ("published_ord", 20200501, FilterOperator.GTE)


def test_unknown_filter_names_the_allowed_ones():
    with pytest.raises(ValueError, match="jurisdiction, lang, doc_type, channel, published_after"):
        to_metadata_filters({"country": "CN"})


def test_channel_filter_on_the_real_index(small_index):
    from llama_index.core.schema import QueryBundle

    from index.retrieve import BM25Retriever, DenseRetriever

    _, handle = small_index
    for retriever in (DenseRetriever(handle, 10, {"channel": "bank_inhouse"}),
                      BM25Retriever(handle, 10, {"channel": "bank_inhouse"})):
        hits = retriever.retrieve(QueryBundle("催收 分期 协商"))
        assert hits and all(h.node.metadata.get("ch_bank_inhouse") for h in hits)
