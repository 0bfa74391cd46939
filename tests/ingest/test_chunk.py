"""Chunking on real corpus text: prose packs whole sentences, regulations keep article boundaries."""

from ingest.chunk import article_label, chunk_document, chunk_prose, chunk_regulation, estimate_tokens
from tests.conftest import REPO

REGULATION_ZH = """商业银行信用卡业务监督管理办法
第一条 为规范商业银行信用卡业务，保障当事人合法权益，制定本办法。
第六十八条 发卡银行应当对信用卡催收行为进行规范。不得对与债务无关的第三人进行催收。
第七十条 在特殊情况下，发卡银行可以与持卡人平等协商，达成个性化分期还款协议。最长期限不超过5年。
"""


def test_estimate_tokens_counts_cjk_characters_and_english_words():
    assert estimate_tokens("催收平台") == 4
    assert estimate_tokens("debt collection agency") == 3  # int(1.3 * 3)
    assert estimate_tokens("FDCPA 第805条") == 2 + int(1.3 * 2)  # 第, 条 + the runs FDCPA and 805


def test_prose_chunks_hold_whole_sentences_within_budget_with_overlap():
    sentences = [f"第{i}句说明催收机构不得在晚上十点以后致电借款人。" for i in range(1, 13)]
    chunks = chunk_prose("".join(sentences), budget=60)
    assert len(chunks) > 2
    for chunk in chunks:
        assert chunk.text.endswith("。") and estimate_tokens(chunk.text) <= 60 + estimate_tokens(sentences[0])
    first_of_second = chunks[1].text.split("。")[0] + "。"
    assert chunks[0].text.endswith(first_of_second)  # one sentence of overlap
    assert all(any(s in c.text for c in chunks) for s in sentences)  # nothing lost


def test_english_sentences_are_rejoined_with_spaces():
    chunks = chunk_prose("A collector may not call before 8 a.m. It may not call after 9 p.m.", budget=200)
    assert [c.text for c in chunks] == ["A collector may not call before 8 a.m. It may not call after 9 p.m."]


def test_article_labels_in_chinese_and_english():
    assert article_label("第六十八条 发卡银行应当") == "第六十八条"
    assert article_label("Article 5 Data minimisation") == "Article 5"
    assert article_label("§ 1006.14 Harassing conduct") == "§ 1006.14"
    assert article_label("CONC 7.3.4R A firm must") == "CONC 7.3.4R"
    assert article_label("发卡银行应当") == ""


def test_regulation_chunks_follow_articles():
    chunks = chunk_regulation(REGULATION_ZH, budget=220)
    assert [c.article for c in chunks] == ["", "第一条", "第六十八条", "第七十条"]
    assert chunks[3].text.startswith("第七十条") and "最长期限不超过5年。" in chunks[3].text
    assert "第三人" not in chunks[3].text  # no overlap across articles


def test_chunk_document_picks_the_chunker_and_covers_a_real_document():
    text = (REPO / "corpus" / "docs" / "us-fdcpa-en.md").read_text(encoding="utf-8").split("\n---", 1)[1]
    chunks = chunk_document(text, 220)
    assert chunks and all(c.text.strip() for c in chunks)
    assert chunk_document(REGULATION_ZH, 220)[1].article == "第一条"
    assert {c.article for c in chunk_document("只是一段普通的说明文字。没有条文。", 220)} == {""}
