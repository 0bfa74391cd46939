"""Whole-sentence quoting on real corpus text: no fragments, no template lines, no notes, asker's script."""

import pytest

from chat.quotes import (
    asks_the_heading,
    continues_previous,
    display_quote,
    has_placeholder,
    heading_before,
    is_damaged,
    is_note,
    quotable_spans,
    sentence_spans,
    without_heading_answer,
)

SEED = "种子文章（《催收最难协调的平台是哪个？》）称支付宝、微信支付等第三方支付平台“开始涉足催收”，但该文没有提供来源。"
MISINFO = ("有网页称《刑法修正案（十一）》把“恶意骚扰他人正常生活”写进了寻衅滋事罪。"
           "这个说法是错的：《刑法修正案（十一）》新增的是独立的催收非法债务罪。")


def test_question_mark_inside_a_title_does_not_split():
    assert [s.text for s in sentence_spans(SEED)] == [SEED]


def test_semicolon_never_splits_a_sentence():
    text = "第三方催收机构：债权属于委托方；催收机构有无重组权限未经核实。"
    assert [s.text for s in sentence_spans(text)] == [text]


@pytest.mark.parametrize("text, expected", [
    ("Under FDCPA §805(a)(1), a collector may not call before 8 a.m. or after 9 p.m. local time. The CFPB runs a portal.",
     ["Under FDCPA §805(a)(1), a collector may not call before 8 a.m. or after 9 p.m. local time.",
      "The CFPB runs a portal."]),
    ("In ICICI Bank v. Prakash Kaur, the court held that banks may not use musclemen. Banks comply.",
     ["In ICICI Bank v. Prakash Kaur, the court held that banks may not use musclemen.", "Banks comply."]),
    ("规定一。\n规定二！", ["规定一。", "规定二！"]),
    # code citations: "15 U.S.C. §1692" and "12 C.F.R. Part 1006" do not end a sentence
    ("The FDCPA is a US federal statute codified at 15 U.S.C. §1692 et seq. Regulation F is at 12 C.F.R. Part 1006.",
     ["The FDCPA is a US federal statute codified at 15 U.S.C. §1692 et seq.", "Regulation F is at 12 C.F.R. Part 1006."]),
])
def test_sentence_ends(text, expected):
    assert [s.text for s in sentence_spans(text)] == expected


def test_spans_are_verbatim_offsets():
    for span in sentence_spans(MISINFO + "\n" + SEED):
        assert (MISINFO + "\n" + SEED)[span.start:span.end] == span.text


def test_a_sentence_that_points_back_is_quoted_with_the_one_before():
    spans = quotable_spans(MISINFO)
    assert [s.text for s in spans] == [MISINFO]  # the claim and its correction, one verbatim quote


@pytest.mark.parametrize("sentence", ["所以，催收人员打电话给同事不符合规定。", "不过这一说法未经核实。", "但是银行没有义务同意。",
                                      "However, the presumption can be rebutted.", "这个说法是错的。",
                                      "不過這一說法未經核實。", "換句話說，討債公司晚上十點以後不能再打電話。",
                                      "In other words, the collector must stop.",
                                      "None of these untraceable local rules should be relied on."])
def test_mid_argument_openings_continue_the_previous_sentence(sentence):
    assert continues_previous(sentence)


def test_a_mid_argument_sentence_with_no_sentence_before_it_is_never_quoted():
    assert quotable_spans("所以，催收人员打电话给借款人的同事并说出欠款，不符合上述规定，可以作为投诉理由。") == ()


def test_a_chunk_that_starts_mid_sentence_loses_its_first_piece():
    text = "催收机构有无重组权限未经核实。第三方催收机构的相关数据：监管检查发现部分外包催收联系与贷款无关的第三人。"
    assert [s.text for s in quotable_spans(text, starts_mid_sentence=True)] == [text[15:]]


@pytest.mark.parametrize("line", [
    "1.【日期时间】，催收人员拨打本人同事【姓名或关系】的电话，告知本人欠款情况。",
    "投诉人：【姓名】，联系电话【电话】，身份证号后四位【XXXX】。",
    "Signed: ____________",
    "Dear [Your name], I am writing about account [Account number].",
])
def test_template_lines_are_never_quotable(line):
    assert has_placeholder(line) and quotable_spans(line) == ()


@pytest.mark.parametrize("line", [
    "分析：委外催收员按回款拿报酬，却没有权限同意新条件。",
    "本资料库没有找到花呗的单独投诉统计。",
    "本文为信息整理，不构成法律意见。",
    "From the editor's memory, Art. 21 makes the entrusting party responsible.",
    "This is information, not legal advice.",
    "截至 2026-02。",
])
def test_editorial_notes_are_never_quotable(line):
    assert is_note(line) and quotable_spans(line) == ()


def test_headings_are_not_quotable_but_claims_are():
    text = "第三步：选择投诉渠道\n12378是国家金融监督管理总局的投诉举报热线，受理范围明确包括“催收不当”。"
    assert [s.text for s in quotable_spans(text)] == [text.split("\n")[1]]


@pytest.mark.parametrize("quote, script, shown", [
    ("催收人员不得向与债务无关的第三人催收。", "hant", "催收人員不得向與債務無關的第三人催收。"),
    ("收數公司不得向沒有擔保的第三方追討欠款。", "hans", "收数公司不得向没有担保的第三方追讨欠款。"),
    ("Collectors must not call before 8 a.m.", None, "Collectors must not call before 8 a.m."),
])
def test_display_converts_to_the_askers_script(quote, script, shown):
    assert display_quote(quote, script) == shown


def test_an_ascii_quote_after_a_sentence_end_opens_the_next_sentence():
    text = ('网上有说法称，《刑法修正案（十一）》把"恶意骚扰他人正常生活"写进了寻衅滋事罪。"《刑法修正案（十一）》把恶意骚扰'
            '写进寻衅滋事罪"的说法是错误的：新增的是独立的催收非法债务罪。')
    assert [s.text for s in sentence_spans(text)] == [
        '网上有说法称，《刑法修正案（十一）》把"恶意骚扰他人正常生活"写进了寻衅滋事罪。',
        '"《刑法修正案（十一）》把恶意骚扰写进寻衅滋事罪"的说法是错误的：新增的是独立的催收非法债务罪。']
    # A closing quote that belongs to the sentence stays with it.
    assert [s.text for s in sentence_spans('他说"催收不得骚扰第三人。"然后挂了电话。')] == ['他说"催收不得骚扰第三人。"然后挂了电话。']


@pytest.mark.parametrize("sentence, quote", [
    # a guide's answer to its own section heading is not an answer to the asker's question
    ("Yes: a Taiwanese bank must notify you in writing before it hands your debt to an outsourced collection agency.",
     "a Taiwanese bank must notify you in writing before it hands your debt to an outsourced collection agency."),
    ("不合法：香港私隱專員曾裁定，一間財務公司把債務人的身分證副本交給收數公司。",
     "香港私隱專員曾裁定，一間財務公司把債務人的身分證副本交給收數公司。"),
    ("不行：臺灣銀行的催收人員不得向與債務無關的家人催討。", "臺灣銀行的催收人員不得向與債務無關的家人催討。"),
    ("No further contact is allowed after a written stop request.", "No further contact is allowed after a written stop request."),
    ("可以申请个性化分期还款。", "可以申请个性化分期还款。"),
    ("要：臺灣銀行在把債權交給受託催收機構之前，必須以書面通知債務人。", "臺灣銀行在把債權交給受託催收機構之前，必須以書面通知債務人。"),
    ("要求借款人先还款。", "要求借款人先还款。"),
])
def test_a_guides_yes_or_no_to_its_own_heading_is_cut_from_the_quote(sentence, quote):
    assert without_heading_answer(sentence) == quote
    assert quote in sentence  # still verbatim


GUIDE = ("## Should I pay the collector directly?\n\nNo: Taiwan's FSC strictly prohibits outsourced collection agencies "
         "from receiving debt payments.\n\n## Must the bank tell me before it hands my debt to an agency?\n\n"
         "Yes: a Taiwanese bank must notify you in writing.")


@pytest.mark.parametrize("question, sentence, asks", [
    # the asker asks the heading's own question: its "No:" answers them
    ("Taiwan: the collection agent asked me to pay him in cash directly, legit?", "No: Taiwan", True),
    ("someone from a collection agency in Taiwan keeps calling my office", "Yes: a Taiwanese", False),
    ("Someone from a collection agency in Taiwan keeps calling my office", "No: Taiwan", False),
])
def test_a_guides_answer_is_kept_only_for_the_question_its_heading_asks(question, sentence, asks):
    start = GUIDE.index(sentence)
    assert asks_the_heading(question, heading_before(GUIDE, start)) is asks


def test_heading_before_is_the_nearest_one():
    assert heading_before(GUIDE, GUIDE.index("Yes:")) == "Must the bank tell me before it hands my debt to an agency?"
    assert heading_before("no heading here", 5) == ""


@pytest.mark.parametrize("sentence, damaged", [
    ("传统的催收公司通常采用面对面的方式进行催收,借助 、上门拜访等方式进行催款。", True),   # the seed page lost a word
    ("催收方式包括（）和上门拜访。", True),
    ("传统的催收公司通常采用电话、上门拜访等方式进行催款。", False),
    ("A collector may call, write or visit (within limits).", False),
])
def test_a_sentence_that_lost_a_word_is_not_quoted(sentence, damaged):
    assert is_damaged(sentence) is damaged
    assert bool(quotable_spans(sentence)) is not damaged


@pytest.mark.parametrize("sentence, quote", [
    ("第二步：銀行30日內未回覆或借款人不滿意處理結果，可在60日內向金融消費評議中心申請評議。",
     "銀行30日內未回覆或借款人不滿意處理結果，可在60日內向金融消費評議中心申請評議。"),
    ("Step 2: If the bank does not reply within 30 days, the borrower can apply to the FOI.",
     "If the bank does not reply within 30 days, the borrower can apply to the FOI."),
    ("第六十八条规定，发卡银行不得向与债务无关的第三人催收。", "第六十八条规定，发卡银行不得向与债务无关的第三人催收。"),
])
def test_a_guides_step_number_is_not_quoted(sentence, quote):
    from chat.quotes import without_step_label

    assert without_step_label(sentence) == quote and quote in sentence  # still verbatim
