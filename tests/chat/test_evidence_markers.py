"""Evidence selection on real chunk records: templates are never quoted; marked sentences are labelled, not hidden."""

from llama_index.core.schema import NodeWithScore, TextNode

from chat.answer import Candidate, candidates, compose, quotable_hits
from ingest.load import load_source
from ingest.records import chunk_records
from settings import Settings
from tests.conftest import REPO

SETTINGS = Settings()


def hits_for(name: str) -> list[NodeWithScore]:
    doc = load_source(REPO / "corpus" / "docs" / name, SETTINGS.max_page_bytes)
    return [NodeWithScore(node=TextNode(id_=r["chunk_id"], text=r["text"], metadata=r["metadata"]), score=1.0)
            for r in chunk_records(doc, 220)]


def hit_with(hits: list[NodeWithScore], sentence: str) -> NodeWithScore:
    return next(h for h in hits if sentence in h.node.get_content())


def test_letter_templates_are_not_evidence():
    hits = hits_for("template-cn-tousu-xin-zh.md") + hits_for("guide-cn-harassment-zh.md")
    kept = quotable_hits(hits)
    assert kept and len(kept) < len(hits)
    assert {h.node.metadata["doc_type"] for h in kept} == {"guidance"}
    quoted = [c.sentence for c in candidates(kept, {"投诉": 1.0, "12378": 1.0}, SETTINGS.answer)]
    assert quoted and not any("【" in s for s in quoted)


def test_an_unverified_chinese_sentence_is_quoted_with_a_label_in_our_words():
    sentence = "《个人信息保护法》第二十一条规定，委托他人处理个人信息的机构仍要对受托方负责。"
    hit = hit_with(hits_for("cn-pipl-zh.md"), sentence)
    text, citations = compose([Candidate(sentence, hit, 0, 1.0)], "zh")
    assert f"1. {sentence}（未经核实） [1]" in text
    assert citations[0].quote == sentence  # the quote itself stays verbatim


def test_english_analysis_and_sourced_sentences_are_told_apart():
    hits = hits_for("channel-debt-buyer-en.md")
    analysis = "A debt buyer owns the debt and paid little for it, so it usually has room to accept a lower amount."
    sourced = "Encore, the largest US debt buyer, said it offers most debtors discounts of about 40%."
    text, _ = compose([Candidate(analysis, hit_with(hits, analysis), 0, 1.0),
                       Candidate(sourced, hit_with(hits, sourced), 1, 1.0)], "en")
    assert f"1. {analysis} (our analysis) [1]" in text
    assert f"2. {sourced} [2]" in text
