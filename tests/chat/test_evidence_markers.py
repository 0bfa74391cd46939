"""Evidence selection on real chunk records: templates are never quoted; marked sentences are labelled, not hidden."""

import pytest
from llama_index.core.schema import NodeWithScore, TextNode

from chat.compose import ComposeRequest, ExtractiveComposer
from chat.evidence import Sentence, TermWeights, sentences
from chat.followup import resolve
from chat.intent import classify
from chat.knowledge import Knowledge
from chat.quotes import Span
from index.build import chunk_records
from ingest.load import load_source
from settings import Settings
from tests.conftest import REPO


def hits_for(name: str) -> list[NodeWithScore]:
    doc = load_source(REPO / "corpus" / "docs" / name, Settings().max_page_bytes)
    return [NodeWithScore(node=TextNode(id_=r["chunk_id"], text=r["text"], metadata=r["metadata"]), score=1.0)
            for r in chunk_records(doc, 220)]


def sentence_in(hits: list[NodeWithScore], text: str) -> Sentence:
    hit = next(h for h in hits if text in h.node.get_content())
    start = hit.node.get_content().index(text)
    return Sentence(Span(start, start + len(text), text), hit, 0, 1.0, 0.0)


def compose_one(question: str, sentence: Sentence) -> str:
    turn = resolve(question)
    evidence = [Knowledge.evidence(sentence)]
    return ExtractiveComposer().compose(ComposeRequest(question, turn.lang, turn.script, turn.intent,
                                                       turn.jurisdiction, evidence)).text


def test_letter_templates_are_not_evidence():
    hits = hits_for("template-cn-tousu-xin-zh.md") + hits_for("guide-cn-harassment-zh.md")
    quoted = sentences(hits, TermWeights({"投诉": 1.0, "12378": 1.0}), classify("怎么投诉？"), lambda _id: False)
    assert quoted and {s.meta["doc_type"] for s in quoted} == {"guidance"}
    assert not any("【" in s.text for s in quoted)


def test_an_unverified_chinese_sentence_is_quoted_with_a_label_in_our_words():
    text = "《个人信息保护法》第二十一条规定，委托他人处理个人信息的机构仍要对受托方负责。"
    answer = compose_one("个人信息保护法对委托处理有什么规定？", sentence_in(hits_for("cn-pipl-zh.md"), text))
    assert f"1. 〔未经核实〕{text} [1]" in answer


def test_english_analysis_is_labelled():
    text = "A debt buyer owns the debt and paid little for it, so it usually has room to accept a lower amount."
    answer = compose_one("Will a debt buyer accept less?", sentence_in(hits_for("channel-debt-buyer-en.md"), text))
    assert f"1. [analysis] {text} [1]" in answer


def test_place_labels_follow_the_askers_traditional_script():
    """A Traditional question with no place named: the note and the per-quote place tags are in Traditional too."""
    from chat.compose import Evidence

    turn = resolve("催收半夜打電話來，到底幾點以後不能打？")
    evidence = [Evidence("c1", "guide-tw", "臺灣指南", "", "臺灣的催收人員晚上十點以後不能打電話。", "", "TW"),
                Evidence("c2", "us-regf", "F条例", "", "催收人不得在晚上9点以后打电话。", "", "US")]
    text = ExtractiveComposer().compose(ComposeRequest("催收半夜打電話來，到底幾點以後不能打？", turn.lang, turn.script,
                                                       turn.intent, turn.jurisdiction, evidence)).text
    assert "〔美國〕" in text and "美国" not in text and "台湾" not in text
    assert "晚上9點以後" in text


def test_the_english_next_step_reads_as_a_sentence():
    """'Next step: A borrower can…' — a space after the colon (the Chinese full-width colon needs none)."""
    from chat.compose import Evidence

    turn = resolve("Where do I complain about a loan app in India?")
    quote = Evidence("c1", "in-apps", "India loan apps", "", "Loan apps must not access the contact list.", "", "IN")
    step = Evidence("c9", "in-routes", "India complaint routes", "", "A borrower can complain to the RBI Ombudsman.",
                    "", "IN")
    request = ComposeRequest("Where do I complain about a loan app in India?", turn.lang, turn.script, turn.intent,
                             turn.jurisdiction, [quote], next_step=step)
    assert "Next step: A borrower can complain" in ExtractiveComposer().compose(request).text


@pytest.mark.parametrize("question, lead", [
    ("Compare how the US and India regulate the hours when collectors may call.", "Place by place:"),
    ("对比一下美国和印度对催收打电话时间的规定", "分地区来看："),
])
def test_a_comparison_of_named_places_is_introduced_place_by_place(question, lead):
    from chat.compose import Evidence

    turn = resolve(question)
    evidence = [Evidence("c1", "us-fdcpa-en", "FDCPA", "", "A collector may not call before 8 a.m. or after 9 p.m.", "",
                         "US"),
                Evidence("c2", "in-rbi-en", "RBI", "", "Recovery agents may call only between 8 a.m. and 7 p.m.", "",
                         "IN")]
    text = ExtractiveComposer().compose(ComposeRequest(question, turn.lang, turn.script, turn.intent,
                                                       turn.jurisdiction, evidence)).text
    assert lead in text.splitlines()[:2]


@pytest.mark.parametrize("question, quote, lead", [
    # a ranking question gets a verdict when a quote ranks the channels
    ("Which channel is the hardest to negotiate with?", "Online lending platforms are the hardest to negotiate with.",
     "Verdict:"),
    ("哪个渠道最难协商？", "各催收渠道中，网贷与助贷平台最难协商。", "结论："),
    # "compare" without a ranking among the quotes: no verdict to announce
    ("How does that compare with the UK?", "A UK borrower can ask the lender for forbearance before missing payments.",
     "According to the sources in the knowledge base:"),
])
def test_a_verdict_is_announced_only_over_a_quote_that_ranks(question, quote, lead):
    from chat.compose import Evidence

    turn = resolve(question)
    request = ComposeRequest(question, turn.lang, turn.script, turn.intent, turn.jurisdiction,
                             [Evidence("c1", "channel-x", "Channels", "", quote, "", "")])
    assert lead in ExtractiveComposer().compose(request).text.splitlines()[:2]


@pytest.mark.parametrize("sentence, verdict", [
    ("有网页引用的这些规定和案号都无法查证，不应当作依据。", "unverified"),
    ("这条所谓的新规无从查证。", "unverified"),
    ("该说法未能核实。", "unverified"),
    ("Several pages cite rules that could not be traced to any official source.", "unverified"),
    ("网传'爆通讯录判三年'的说法是错的。", "wrong"),
    ("催收人员不得在22:00至次日8:00催收。", ""),
    ("Collectors must not call before 8 a.m.", ""),
])
def test_a_sentence_saying_a_claim_cannot_be_verified_is_told_from_a_rule(sentence, verdict):
    from chat.evidence import claim_verdict

    assert claim_verdict(sentence) == verdict


@pytest.mark.parametrize("places, line", [
    (("CN",), "(These sources are about mainland China; other places' rules may differ.)"),
    (("CN", "US"), None),  # two places: each quote carries its place label instead
    (("INTL",), None),     # a comparison document is about no one place
])
def test_an_english_question_naming_no_place_is_told_whose_rules_it_gets(places, line):
    from chat.compose import Evidence

    question = "what proof should i keep when a collector harasses me?"
    turn = resolve(question)
    assert turn.jurisdiction.basis == "none"
    evidence = [Evidence(f"c{i}", f"doc-{code}", "Guide", "", f"Keep call recordings and screenshots ({code}).", "",
                         code) for i, code in enumerate(places)]
    text = ExtractiveComposer().compose(ComposeRequest(question, turn.lang, turn.script, turn.intent,
                                                       turn.jurisdiction, evidence)).text
    assert (text.splitlines()[0] == line) if line else not text.startswith("(These sources are about")


@pytest.mark.parametrize("question, rule, other, doc", [
    ("香港嘅收數公司話要去我公司搵我老細，佢哋可唔可以咁做？", "香港的收數公司不得向債務人或擔保人以外的任何人追收債務。",
     "香港的收數公司不受發牌規管，只需辦理商業登記。", "hk-code-of-banking-practice-collection-zh.md"),
    ("Can a debt collector in the UK tell my neighbours about my debt?",
     "CONC 7.9.7R and CONC 7.9.8G: A firm must not unfairly disclose, or threaten to disclose, a customer's debt to "
     "third parties, must avoid public embarrassment, and must take reasonable steps so that third parties do not "
     "learn of the debt, for example by marking letters \"private and confidential\" and not showing the collector's "
     "name on envelopes.", "CONC 7 was amended by FCA policy statement PS24/2 with effect from 4 November 2024.",
     "uk-fca-conc7-en.md"),
])
def test_a_yes_no_lead_is_followed_by_the_rule_it_rests_on(question, rule, other, doc):
    """"简短回答：不可以。" then the rule that says so, even when the ranking put another quote first."""
    hits = hits_for(doc) + hits_for("hk-hkma-debt-collection-agencies-zh.md")
    turn = resolve(question)
    evidence = [Knowledge.evidence(sentence_in(hits, other)), Knowledge.evidence(sentence_in(hits, rule))]
    text = ExtractiveComposer().compose(ComposeRequest(question, turn.lang, turn.script, turn.intent,
                                                       turn.jurisdiction, evidence)).text
    lines = text.splitlines()
    lead = next(i for i, line in enumerate(lines) if line.startswith(("簡短回答", "Short answer")))
    assert lines[lead] in ("簡短回答：不可以。", "Short answer: no.")
    assert rule[:12] in lines[lead + 1]
