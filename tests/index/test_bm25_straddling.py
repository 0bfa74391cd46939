"""BM25's question side finds the corpus words jieba cut across two of the question's tokens."""

from index.bm25 import BM25Index, straddling_words
from text.tokenize import tokenize


def _index(texts: dict[str, str]) -> BM25Index:
    return BM25Index.build([{"chunk_id": cid, "search_text": text, "metadata": {}} for cid, text in texts.items()])


def test_jieba_cuts_the_documents_word_across_two_tokens():
    # the premise: the same user-dictionary words segment differently by context
    assert "软暴力" in tokenize("两高两部《关于办理实施软暴力的刑事案件若干问题的意见》")
    assert "软暴力" not in tokenize("什么是软暴力催收？")


def test_a_straddling_corpus_word_is_searched():
    vocab = {"软暴力": 0, "暴力催收": 1, "催收": 2}
    assert straddling_words("什么是软暴力催收？", tokenize("什么是软暴力催收？"), vocab) == ["软暴力"]
    # a word inside one token, or absent from the corpus, adds nothing
    assert straddling_words("暴力催收怎么办", tokenize("暴力催收怎么办"), vocab) == []
    assert straddling_words("什么是软暴力催收？", tokenize("什么是软暴力催收？"), {"催收": 0}) == []


def test_the_soft_violence_opinion_is_found_for_the_borrowers_wording():
    index = _index({
        "opinion": "两高两部《关于办理实施软暴力的刑事案件若干问题的意见》：软暴力是指滋扰、纠缠、哄闹、聚众造势。",
        "stats": "暴力催收投诉在2025年上半年约有23万条，暴力催收仍是主要投诉。",
    })
    # without the straddling word the opinion shares no token with the question and is not found at all
    assert "opinion" in [cid for cid, _ in index.search("什么是软暴力催收？", 2)]
