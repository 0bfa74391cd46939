"""Which places' rules an answer quotes when the question names none (real index)."""

import pytest
from llama_index.core.schema import NodeWithScore

from chat import jurisdiction as places
from chat.answer import answer_question
from tests.conftest import index_with_docs

DOCS = ["guide-tw-borrower-zh.md", "us-regulation-f-zh.md", "guide-in-borrower-zh.md", "cn-gbt-45251-2025-zh.md"]


@pytest.fixture(scope="module")
def places_index(tmp_path_factory):
    return index_with_docs(tmp_path_factory.mktemp("places"), DOCS)


@pytest.mark.parametrize("question", ["催收半夜打電話來，到底幾點以後不能打？", "討債公司一天可以打幾次電話給我？"])
def test_a_traditional_question_naming_no_place_quotes_taiwan_hong_kong_or_the_mainland(places_index, question):
    answer = answer_question(places_index, question)
    assert not answer.refused
    places = {c.chunk_id and places_index.node(c.chunk_id).metadata.get("jurisdiction") for c in answer.citations}
    assert places and places <= {"TW", "HK", "CN", "INTL", ""}, answer.text


@pytest.fixture(scope="module")
def template_index(tmp_path_factory):
    docs = ["template-cn-tousu-xin-zh.md", "cn-pipl-zh.md", "us-regf-electronic-contact-zh.md",
            "guide-tw-borrower-zh.md", "guide-cn-harassment-zh.md"]
    return index_with_docs(tmp_path_factory.mktemp("templates"), docs)


def test_a_template_neither_counts_as_the_asked_places_evidence_nor_fills_the_top_up(template_index):
    """A complaint-letter template ranks high for "is this legal?" but is never quoted: the answerer's retrieval
    still puts three quotable passages of the asked place (mainland China) first."""
    import dataclasses

    from chat.evidence import is_template
    from chat.followup import resolve
    from chat.knowledge import knowledge_for
    from chat.retrieval import retrieve

    # Six passages, so that the asked place's own sources fall short of two and the top-up is what fills them.
    handle = dataclasses.replace(template_index, settings=template_index.settings.model_copy(update={"top_k": 6}))
    kb = knowledge_for(handle)
    hits, _, _ = retrieve(handle, resolve("催收打电话给我同事合法吗"), None, kb)
    front = [h for h in hits if kb.fits(h, ("CN",))]
    quotable = [h for h in front if not is_template(h.node.metadata)]
    assert len(quotable) >= 3
    assert hits[: len(front)] == front  # the asked place's passages lead


@pytest.fixture(scope="module")
def twins_index(tmp_path_factory):
    docs = ["guide-in-borrower-zh.md", "guide-in-borrower-en.md", "guide-cn-harassment-zh.md",
            "guide-cn-harassment-en.md", "us-fdcpa-zh.md"]
    return index_with_docs(tmp_path_factory.mktemp("twins"), docs)


@pytest.mark.parametrize("history, question, lang", [
    (["催收能打电话给我同事吗"], "what about India?", "en"),
    (["Can a debt collector call my boss in the US?"], "那在中国呢？", "zh"),
])
def test_a_follow_up_that_switches_language_is_quoted_in_the_new_language(twins_index, history, question, lang):
    """The follow-up is searched with the earlier turn's words, so its passages come back in the earlier
    language; the answer quotes their translations (twins) instead of mixing languages."""
    answer = answer_question(twins_index, question, history)
    assert not answer.refused, answer.why
    langs = {twins_index.node(c.chunk_id).metadata.get("lang") for c in answer.citations}
    assert langs == {lang}, answer.text


@pytest.mark.parametrize("question, other, lang", [
    ("Can a recovery agent in India call me late at night?", "guide-in-borrower-zh", "en"),
    ("催收可以打电话给我的同事吗？", "guide-cn-harassment-en", "zh"),
])
def test_a_passage_found_in_the_other_language_is_quoted_from_its_translation(twins_index, question, other, lang):
    """Retrieval may rank a document's other-language version first; when the corpus has the asker's version
    (its twin), the answer quotes that instead of mixing languages."""
    from llama_index.core.schema import NodeWithScore

    found = [NodeWithScore(node=twins_index.node(cid), score=1.0)
             for cid in twins_index.journal.chunk_ids_of(other)]

    answer = answer_question(twins_index, question, hits_hook=lambda hits: found + hits)
    assert not answer.refused, answer.why
    langs = {twins_index.node(c.chunk_id).metadata.get("lang") for c in answer.citations}
    assert langs == {lang}, answer.text


@pytest.mark.parametrize("question, lang", [
    ("Can a recovery agent in India call me late at night?", "en"),
    ("催收可以打电话给我的同事吗？", "zh"),
])
def test_the_answerers_ranking_brings_in_the_translations_of_its_first_documents(twins_index, question, lang):
    """A question in one language finds one version of a bilingual guide; the ranking then holds the translations
    of its first documents too, after the first few (whose order is unchanged), and the answer still quotes the
    asker's language."""
    import dataclasses

    from chat.followup import resolve
    from chat.knowledge import knowledge_for
    from chat.retrieval import retrieve, with_translations
    from ingest.twins import twin_id

    hits, _, vector = retrieve(twins_index, resolve(question), None, knowledge_for(twins_index))
    # This small index finds both versions; a full library often finds one, as here.
    hits = [h for h in hits if h.node.metadata.get("lang") == lang]
    # Two documents' translations after three: the small index's first document may have no translation.
    after, count = 3, 2
    handle = dataclasses.replace(twins_index, settings=twins_index.settings.model_copy(
        update={"twin_sources": count, "twins_after": after}))
    ranked = with_translations(handle, hits, vector, None)
    sources = list(dict.fromkeys(h.node.metadata["source_id"] for h in ranked))
    before = list(dict.fromkeys(h.node.metadata["source_id"] for h in hits))
    translated = [twin_id(s) for s in before[:count] if twin_id(s) in twins_index.source_ids()]
    assert translated, before  # the bilingual guide is among the first documents
    assert sources[:after] == before[:after]
    assert sources[after: after + len(translated)] == translated
    off = dataclasses.replace(twins_index, settings=twins_index.settings.model_copy(update={"twin_sources": 0}))
    assert with_translations(off, hits, vector, None) == hits
    answer = answer_question(twins_index, question)
    assert not answer.refused, answer.why
    assert {twins_index.node(c.chunk_id).metadata.get("lang") for c in answer.citations} == {lang}


@pytest.fixture(scope="module")
def hk_index(tmp_path_factory):
    docs = ["guide-hk-borrower-zh.md", "hk-code-of-banking-practice-collection-zh.md", "guide-tw-borrower-zh.md",
            "hk-hkma-debt-collection-agencies-zh.md"]
    return index_with_docs(tmp_path_factory.mktemp("hk"), docs)


def test_the_quote_brought_in_for_the_asked_number_does_not_decide_whether_to_answer(hk_index, monkeypatch):
    """"香港呢？" after a Taiwan call-hours question leads with Hong Kong's unreasonable-hours rule. Whether to answer
    is judged on the quotes as ranked, before a number quote is brought in, so a near miss cannot pass on the
    added quote: here the quotes after the bring-in are only the candidate least like the question, and the
    decision (and the evidence match it reads) stands.
    (Since the everyday table reads 幾點 as 钟点, the rule ranks first here without being brought in.)"""
    import chat.answer as answer_module
    from chat.answer import plan, reselect

    steps = plan(hk_index, "香港呢？", ["在台灣討債公司幾點以後不能打？"])
    assert "不合理時間" in steps.chosen[0].text
    far = min(steps.candidates, key=lambda c: c.dense)
    monkeypatch.setattr(answer_module, "with_asked_number", lambda chosen, *args, **kwargs: [far])
    swapped = reselect(hk_index, steps, hk_index.settings.answer)
    assert swapped.chosen[0].text == far.text != steps.chosen[0].text  # the brought-in quote leads
    assert swapped.evidence_sim == steps.evidence_sim and swapped.gate == steps.gate


@pytest.fixture(scope="module")
def passing_mention_index(tmp_path_factory):
    docs = ["tw-ftc-debt-collection-guidance-en.md", "hk-code-of-banking-practice-collection-en.md",
            "intl-hk-kr-en.md", "us-regulation-f-en.md", "uk-fca-conc7-en.md", "in-rbi-recovery-agents-en.md",
            "misinformation-notes-en.md"]
    return index_with_docs(tmp_path_factory.mktemp("mentions"), docs)


def test_a_passage_naming_the_asked_place_in_passing_is_not_that_places_own(passing_mention_index):
    """Taiwan's guidance compares its call hours with the UK's; that does not make it UK evidence, while a
    passage that is about the UK first (or a UK document) is."""
    from chat.knowledge import knowledge_for

    kb = knowledge_for(passing_mention_index)
    by_source = {}
    for cid in passing_mention_index.journal.chunk_ids_of("tw-ftc-debt-collection-guidance-en"):
        by_source[cid] = NodeWithScore(node=passing_mention_index.node(cid), score=1.0)
    mentioning = [h for h in by_source.values() if "UK" in places.named(h.node.get_content())]
    assert mentioning, "the Taiwan guidance no longer names the UK; pick another passing mention"
    assert not any(kb.own(h, ("UK",)) for h in mentioning)
    assert all(kb.own(h, ("TW",)) for h in mentioning)
    uk = [NodeWithScore(node=passing_mention_index.node(cid), score=1.0)
          for cid in passing_mention_index.journal.chunk_ids_of("uk-fca-conc7-en")]
    assert all(kb.own(h, ("UK",)) for h in uk)


@pytest.mark.parametrize("question, place", [
    ("Does the UK FCA set a maximum number of debt collection calls per day?", "UK"),
    ("Recovery agent from my bank in Mumbai called me at 9pm last night. Isn't there a time limit?", "IN"),
])
def test_a_named_place_gets_two_of_its_own_passages_up_front(passing_mention_index, question, place):
    """Other places' passages that only mention the asked place do not stop the search filtered to it: the
    passages the answerer reads hold two of the asked place's own."""
    from chat.followup import resolve
    from chat.knowledge import knowledge_for
    from chat.retrieval import retrieve

    kb = knowledge_for(passing_mention_index)
    hits, _, _ = retrieve(passing_mention_index, resolve(question), None, kb)
    front = [h.node.metadata.get("jurisdiction") for h in hits[:6]]
    assert front.count(place) >= 2, front


@pytest.mark.parametrize("question, place", [
    ("Does the UK FCA set a maximum number of debt collection calls per day?", "UK"),
    ("Recovery agent from my bank in Mumbai called me at 9pm last night. Isn't there a time limit?", "IN"),
])
def test_the_named_places_own_passages_come_before_those_that_only_mention_it(passing_mention_index, question,
                                                                               place):
    """Taiwan's guidance and a Hong Kong/Korea comparison name other places in passing; among the passages that
    fit, the asked place's own are read first."""
    from chat.followup import resolve
    from chat.knowledge import knowledge_for
    from chat.retrieval import retrieve

    kb = knowledge_for(passing_mention_index)
    hits, _, _ = retrieve(passing_mention_index, resolve(question), None, kb)
    owned = [kb.own(h, (place,)) for h in hits if kb.fits(h, (place,))]
    assert any(owned) and owned == sorted(owned, reverse=True), owned


@pytest.mark.parametrize("question, script", [
    ("我在新加坡，催收公司天天打电话到我公司，这合法吗？", "hans"),
    ("我在日本，討債公司半夜打電話來，這樣合法嗎？", "hant"),
])
def test_a_refusal_names_the_closest_guide_in_the_askers_script(places_index, question, script):
    """The library's guides are in either script (Taiwan's in Traditional); the one a refusal points to is named
    in the asker's."""
    from text.script import to_simplified, to_traditional

    answer = answer_question(places_index, question)
    assert answer.refused
    named = [line for line in answer.text.splitlines() if "《" in line]
    assert named, answer.text
    convert = to_simplified if script == "hans" else to_traditional
    assert all(convert(line) == line for line in named), answer.text


@pytest.fixture(scope="module")
def eu_index(tmp_path_factory):
    docs = ["guide-eu-borrower-en.md", "guide-eu-borrower-zh.md", "eu-gdpr-collection-en.md", "eu-gdpr-collection-zh.md"]
    return index_with_docs(tmp_path_factory.mktemp("eu"), docs)


@pytest.mark.parametrize("question, union", [
    ("德国的催收公司能不能给我发邮件催债？我在柏林读书", "欧盟"),
    ("A French collection agency keeps calling my neighbours in Lyon. Is that allowed?", "the EU"),
])
def test_a_member_state_the_library_lacks_is_refused_with_its_unions_rules_named(eu_index, question, union):
    """No German or French national rules: refused, but the refusal says the EU's rules apply there and names
    the EU guide, so the borrower can ask about GDPR."""
    answer = answer_question(eu_index, question)
    assert answer.refused and union in answer.text and "GDPR" in answer.text, answer.text
    assert ("欧盟借款人指南" if union == "欧盟" else "EU borrower guide") in answer.text


def test_a_member_state_question_naming_the_unions_law_is_answered_with_its_rules_and_says_so(eu_index):
    answer = answer_question(eu_index, "Under GDPR, can a French collection agency call my neighbours about my debt?")
    assert not answer.refused, answer.why
    assert answer.text.splitlines()[0].startswith("(The knowledge base holds no national rules for France")
    assert {eu_index.node(c.chunk_id).metadata.get("jurisdiction") for c in answer.citations} == {"EU"}
