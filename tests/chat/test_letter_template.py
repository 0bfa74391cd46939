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
    ("在英国读研，想给银行写封信，提出每个月先还80镑，这封信里还应该提哪些请求？", True),
    ("想寄信要求他們完全不要再聯絡我，信裡面要列清楚哪些聯絡方式？", True),
    ("I want to send them a letter asking for a payment plan", True),
    # a letter received, or no letter at all
    ("催收公司寄信说我欠钱，这是真的吗", False),
    ("I got a letter from a collection agency saying I owe $900, is it real?", False),
    ("信用卡逾期三个月了，银行会起诉我吗", False),
    ("Can a debt collector call me at work?", False),
    # someone else's letter, told of in the story
    ("刷到一个代理团队，说交钱就能帮我谈停息，还说他们的投诉模板成功率很高。这种靠谱吗？", False),
    ("the debt relief company says their dispute letters always work. should i pay them?", False),
    ("我想自己给银行写一份协商还款申请书，不想花钱找中介。应该写哪些内容？", True),
])
def test_which_questions_ask_for_a_letter(question, asks):
    assert classify(question).asks_letter is asks


@pytest.mark.parametrize("question, template", [
    ("想跟银行协商分期还款，申请书怎么写", "template-cn-xieshang-huankuan-shenqing-zh"),
    ("我想投诉催收公司骚扰我家人，投诉信模板有吗", "template-cn-tousu-xin-zh"),
    ("I want to tell a debt collector in the US to stop contacting me. Is there a sample letter?",
     "template-us-stop-contact-en"),
    ("在英国想提出可负担的还款计划，信应该怎么写？", "template-uk-affordable-plan-en"),
    # asked in the other language: the title's words, read through the glossary, pick the letter meant
    ("Is there a Chinese template for asking a bank for a repayment plan?", "template-cn-xieshang-huankuan-shenqing-zh"),
    ("In the US, how do I write a letter disputing a debt I don't recognise?", "template-us-dispute-validation-en"),
])
def test_a_letter_request_names_the_places_template(letter_index, question, template):
    answer = answer_question(letter_index, question)
    assert not answer.refused, answer.why
    cited = [c for c in answer.citations if c.source_id.startswith("template-")]
    assert {c.source_id for c in cited} == {template}
    assert not any(has_placeholder(c.quote) or "[" in c.quote or "【" in c.quote for c in cited)
    named = [x for x in answer.text.splitlines() if x.startswith(("信件模板：", "Letter template: "))]
    assert len(named) == 1 and any(named[0].endswith(f"[{c.n}]") for c in cited), answer.text


def test_no_template_from_another_place_or_without_a_letter_request(letter_index):
    uk = answer_question(letter_index, "在英国想提出可负担的还款计划，信应该怎么写？")
    assert not any(c.source_id.startswith("template-cn-") or c.source_id.startswith("template-us-")
                   for c in uk.citations)
    plain = answer_question(letter_index, "催收可以打电话给我家人吗")
    assert not any(c.source_id.startswith("template-") for c in plain.citations)


@pytest.mark.parametrize("question, parts", [
    ("想投诉催收骚扰同事，投诉信里要写哪几部分？", ["被投诉机构", "实际催收方", "投诉请求", "短信和聊天截图"]),
    ("跟银行协商还款的申请书怎么写，要附什么材料", ["还款方案", "收入证明", "月度收支清单"]),
    ("I'm disputing a debt with a US collector. Is there a sample dispute letter, and what do I ask them to send?",
     ["original creditor", "itemised statement"]),
])
def test_a_letter_request_gets_the_letters_parts(letter_index, question, parts):
    """The parts of the letter, in the template's own words, each line cited to the template passage holding
    it; blanks to fill in are never shown."""
    answer = answer_question(letter_index, question)
    assert not answer.refused, answer.why
    lines = [x for x in answer.text.splitlines() if x.startswith(("模板包括：", "模板还包括：", "The letter covers: ",
                                                                  "It also covers: "))]
    assert lines, answer.text
    shown = "\n".join(lines)
    assert all(p in shown for p in parts), shown
    assert "【" not in shown and "[" not in shown.replace(" [", "", len(lines))
    by_n = {c.n: c for c in answer.citations}
    for line in lines:
        cited = by_n[int(line.rsplit("[", 1)[1].rstrip("]"))]
        passage = letter_index.node(cited.chunk_id).get_content()
        assert cited.source_id.startswith("template-") and cited.quote in passage


def test_letter_parts_are_read_from_the_template_text():
    """Pure: the parts and enclosures of a template split over two overlapping passages, each part once and
    each in a passage that holds it."""
    from chat.letters import letter_parts, parts_line

    first = "投诉人：【姓名】，联系电话【电话】。被投诉机构：【银行全称】。二、不当催收事实：1.【日期】，催收人员打电话给同事。"
    second = "二、不当催收事实：1.【日期】，催收人员打电话给同事。四、投诉请求：1.停止联系本人亲友。附件：通话录音【份数】份、短信截图。" \
             "投诉人：【姓名】 日期：【年】【月】【日】"
    found = letter_parts([("a", first), ("b", second)], "zh")
    assert [(p.chunk_id, p.parts) for p in found] == [("a", ("投诉人", "被投诉机构", "不当催收事实")), ("b", ("投诉请求",))]
    assert found[1].enclosed == ("短信截图",)  # "通话录音【份数】份" has a blank
    assert parts_line(found[1], "zh") == "投诉请求、附件（短信截图）"
    assert all(p.quote in text for p, text in zip(found, (first, second)))
    english = "I request verification, including: 1) The name of the original creditor. " \
              "2) An itemised statement of the amount, showing fees since [date]. 3) [Optional line]. Sincerely,"
    (only,) = letter_parts([("c", english)], "en")
    assert only.parts == ("The name of the original creditor", "An itemised statement of the amount")


def test_an_english_only_letter_shows_its_parts_as_they_stand_in_a_chinese_answer(letter_index):
    """The UK and US letters exist in English only: a Chinese asker gets their requests read in English (a zh
    reading of English text finds none) and quoted exactly, each piece in the passage its line cites."""
    from chat.letters import letter_parts, parts_line

    (only,) = letter_parts([("c", "I also ask you to: 1) Freeze interest. 2) Put collection on hold. Sincerely,")], "en")
    assert parts_line(only, "en") == "freeze interest; put collection on hold"
    assert parts_line(only, "en", verbatim=True) == "Freeze interest; Put collection on hold"
    for question, source, words in [
        ("在英国，想给银行写封信提出每月先还80镑，这封信里还应该向银行提哪些请求？", "template-uk-affordable-plan-en",
         "Put collection activity on hold"),
        ("美国催收争议信里应该要求催收方提供哪些材料？", "template-us-dispute-validation-en", "original creditor")]:
        answer = answer_question(letter_index, question)
        parts = [c for c in answer.citations if c.source_id == source and c.pieces]
        assert parts and any(words in piece for c in parts for piece in c.pieces), answer.text
        for c in parts:
            passage = letter_index.node(c.chunk_id).get_content()
            assert all(piece in passage and piece in answer.text for piece in c.pieces), c


def test_the_words_asking_for_a_template_are_answered_by_the_template(letter_index):
    """"有没有现成的范本" asks for the template the answer offers: those words are no key terms the passages must
    hold, so the request is not refused for lacking them."""
    from chat.answer import plan

    steps = plan(letter_index, "协商还款申请书里该写些什么？有没有现成的范本可以照着写？", ["想跟银行协商分期还款"])
    assert not {"现成", "范本"} & set(steps.terms.weights) and "现成" not in steps.terms.unknown
    assert not steps.gate.refuse, steps.gate
    plain = plan(letter_index, "催收说的现成方案是什么意思？")  # no letter asked: the words stay
    assert "现成" in set(plain.terms.weights) | set(plain.terms.unknown)


def test_a_letter_request_may_quote_the_templates_instructions_never_its_letter(letter_index):
    from chat.knowledge import knowledge_for

    library = knowledge_for(letter_index).library
    for source in ("template-cn-tousu-xin-zh", "template-us-dispute-validation-en"):
        ids = library.order[source]
        parts = [library.template_instructions(cid) for cid in ids]
        assert parts[0] and not parts[-1]  # instructions first, the letter last
        assert not any(p and ("模板正文" in p or "Template text" in p or "Dear Sir" in p) for p in parts)
    answer = answer_question(letter_index, "想投诉催收骚扰我同事，投诉信要怎么写？")
    assert not answer.refused, answer.why
    quoted = [c.quote for c in answer.citations if c.source_id.startswith("template-")]
    assert quoted, answer.text
    assert not any("【" in q or "本人" in q for q in quoted)  # the letter speaks as 本人; its lines are never quoted


@pytest.mark.parametrize("question, template", [
    ("What should a complaint letter to 12378 about improper collection include?", "template-cn-tousu-xin-zh"),
    ("想跟银行申请停息挂账分期还款，有没有申请书范本", "template-cn-xieshang-huankuan-shenqing-zh"),
    ("In the US, how do I write a letter disputing a debt I don't recognise?", "template-us-dispute-validation-en"),
])
def test_the_offered_template_leads_the_sources(letter_index, question, template):
    """The template the answer offers is the first source of a letter request, even when a guide's words matched
    better (the 12378 question finds a bank guide first); the refusal check still reads the passages as
    searched."""
    from chat.answer import plan

    steps = plan(letter_index, question)
    assert steps.hits[0].node.metadata["source_id"] == template
    assert steps.hits.count(steps.hits[0]) == 1


def test_the_eval_reads_a_letters_pieces_as_quotes_and_checks_each(letter_index):
    """A Chinese answer quoting an English letter's requests is in the asker's language (the pieces are quoted
    words, not the answer's own), and a piece that is not in its passage is an invalid citation."""
    import dataclasses

    from evals.runner import score_row

    question = "美国催收争议信里应该要求催收方提供哪些材料？"
    item = {"id": "t", "question": question, "lang": "zh", "answerable": True, "key_facts": [["original creditor"]]}
    answer = answer_question(letter_index, question)
    assert any(c.pieces for c in answer.citations), answer.text
    scores = score_row(item, answer, 5, letter_index.node)["scores"]
    assert scores["lang_match"] == 1.0 and scores["citations_valid"] == 1.0 and scores["key_facts"] == 1.0
    forged = [dataclasses.replace(c, pieces=("The original creditor's home address",)) if c.pieces else c
              for c in answer.citations]
    assert score_row(item, dataclasses.replace(answer, citations=forged), 5, letter_index.node)["scores"][
        "citations_valid"] == 0.0
