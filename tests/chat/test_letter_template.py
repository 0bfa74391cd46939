"""A borrower asking for a letter is pointed to the knowledge base's template for the asked place, cited by one of
its instruction sentences (never a line with blanks to fill in), and only when a letter is asked for."""

import pytest

from chat.answer import answer_question
from chat.intent import classify
from chat.quotes import has_placeholder
from tests.conftest import index_with_docs

TEMPLATES = ["template-cn-xieshang-huankuan-shenqing-zh.md", "template-cn-tousu-xin-zh.md",
             "template-us-dispute-validation-en.md", "template-us-stop-contact-en.md",
             "template-uk-affordable-plan-en.md"]
EXTRA_DOCS = [*TEMPLATES, "guide-cn-harassment-zh.md", "guide-us-borrower-en.md", "guide-uk-borrower-zh.md",
              "us-fdcpa-en.md", "uk-fca-conc7-zh.md"]


@pytest.fixture(scope="module")
def letter_index(tmp_path_factory):
    return index_with_docs(tmp_path_factory.mktemp("letters"), EXTRA_DOCS)


@pytest.mark.parametrize("question, asks", [
    ("想跟银行协商分期还款，申请书怎么写", True),
    ("我想投诉催收，投诉信模板有吗", True),
    ("在英国想提出可负担的还款计划，信应该怎么写？", True),
    ("我在美国欠了信用卡，催收公司寄信说金额不对，我该怎么回信？", True),
    ("I need to complain about a collector harassing my mom, is there a letter I can copy?", True),
    ("how do I tell a debt collector to stop calling me? is there a sample letter", True),
    ("What should I write in a dispute letter?", True),
    # a letter received, or no letter at all
    ("催收公司寄信说我欠钱，这是真的吗", False),
    ("I got a letter from a collection agency saying I owe $900, is it real?", False),
    ("信用卡逾期三个月了，银行会起诉我吗", False),
    ("Can a debt collector call me at work?", False),
])
def test_which_questions_ask_for_a_letter(question, asks):
    assert classify(question).asks_letter is asks


@pytest.mark.parametrize("question, template", [
    ("想跟银行协商分期还款，申请书怎么写", "template-cn-xieshang-huankuan-shenqing-zh"),
    ("我想投诉催收公司骚扰我家人，投诉信模板有吗", "template-cn-tousu-xin-zh"),
    ("I want to tell a debt collector in the US to stop contacting me. Is there a sample letter?",
     "template-us-stop-contact-en"),
    ("在英国想提出可负担的还款计划，信应该怎么写？", "template-uk-affordable-plan-en"),
])
def test_a_letter_request_names_the_places_template(letter_index, question, template):
    answer = answer_question(letter_index, question)
    assert not answer.refused, answer.why
    cited = [c for c in answer.citations if c.source_id.startswith("template-")]
    assert [c.source_id for c in cited] == [template]
    quote = cited[0].quote
    assert not has_placeholder(quote) and "[" not in quote and "【" not in quote
    line = next(x for x in answer.text.splitlines() if x.endswith(f"[{cited[0].n}]"))
    assert line.startswith(("信件模板：", "Letter template: "))


def test_no_template_from_another_place_or_without_a_letter_request(letter_index):
    uk = answer_question(letter_index, "在英国想提出可负担的还款计划，信应该怎么写？")
    assert not any(c.source_id.startswith("template-cn-") or c.source_id.startswith("template-us-")
                   for c in uk.citations)
    plain = answer_question(letter_index, "催收可以打电话给我家人吗")
    assert not any(c.source_id.startswith("template-") for c in plain.citations)
