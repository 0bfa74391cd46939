"""The answer path on the real small index: cited quotes are verbatim, refusals carry no citations."""

from chat.answer import answer_question, resolve_query


def test_every_citation_quotes_its_chunk(small_index):
    _, handle = small_index
    answer = answer_question(handle, "信用卡个性化分期还款协议最长多少年？")
    assert not answer.refused and answer.citations
    for c in answer.citations:
        chunk = handle.node(c.chunk_id)
        assert chunk is not None and c.quote in chunk.get_content()
        assert f"[{c.n}]" in answer.text
    assert any("5年" in c.quote for c in answer.citations)


def test_refusal_is_in_the_question_language(small_index):
    _, handle = small_index
    zh = answer_question(handle, "红烧肉怎么做？")
    en = answer_question(handle, "How do I bake sourdough bread?")
    assert zh.refused and zh.lang == "zh" and not zh.citations
    assert en.refused and en.lang == "en" and "not" in en.text


def test_english_question_gets_english_framing(small_index):
    _, handle = small_index
    answer = answer_question(handle, "Can a debt collector call me before 8 a.m. under the FDCPA?")
    assert not answer.refused
    assert answer.text.startswith("According to the sources")


def test_follow_up_is_searched_with_the_previous_turn():
    assert resolve_query("那可以分期多久？", ["信用卡中心催收受什么规定约束？"]).startswith("信用卡中心")
    assert resolve_query("What about the UK?", []) == "What about the UK?"


def test_select_evidence_honours_the_per_source_cap():
    from llama_index.core.schema import NodeWithScore, TextNode

    from chat.answer import Candidate, select_evidence
    from settings import AnswerSettings

    def cand(source: str, sentence: str, coverage: float) -> Candidate:
        hit = NodeWithScore(node=TextNode(id_=f"{source}#0", text=sentence, metadata={"source_id": source}), score=1.0)
        return Candidate(sentence, hit, 0, coverage)

    cands = [cand("us-fdcpa-en", "A collector may not call before 8 a.m. local time.", 0.9),
             cand("us-fdcpa-en", "A collector may not call after 9 p.m. local time.", 0.8),
             cand("us-fdcpa-en", "Calls to a workplace are barred if the employer forbids them.", 0.7),
             cand("us-regulation-f-en", "Seven calls within seven days are presumed to harass.", 0.6)]
    answer = AnswerSettings()
    assert [c.hit.node.metadata["source_id"] for c in select_evidence(cands, answer, per_source=2)] == [
        "us-fdcpa-en", "us-fdcpa-en", "us-regulation-f-en"]
    assert [c.hit.node.metadata["source_id"] for c in select_evidence(cands, answer, per_source=1)] == [
        "us-fdcpa-en", "us-regulation-f-en"]
