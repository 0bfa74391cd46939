"""Chunking on real corpus text: prose packs whole sentences, regulations keep article boundaries."""

from ingest.chunk import (
    article_label,
    chunk_document,
    chunk_prose,
    chunk_regulation,
    estimate_tokens,
    is_heading,
)
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
    chunks = chunk_regulation(REGULATION_ZH + "后记：本办法由银监会负责解释。\n", budget=220)
    # the title line alone makes no chunk (it is the document's title); text after an article stays with it
    assert [c.article for c in chunks] == ["第一条", "第六十八条", "第七十条"]
    assert chunks[2].text.startswith("第七十条") and "最长期限不超过5年。" in chunks[2].text
    assert "第三人" not in chunks[2].text  # no overlap across articles


def test_a_short_article_of_its_own_is_kept():
    text = "第四条 发卡银行应当建立催收制度。\n第五条 删除\n第六条 发卡银行不得向第三人催收。\n"
    assert [c.article for c in chunk_regulation(text, budget=220)] == ["第四条", "第五条", "第六条"]


def test_a_part_heading_that_looks_like_an_article_makes_no_chunk_of_its_own():
    """'## CONC 7.9: contact with customers and third parties' starts like an article; as a chunk of its own it was
    retrieved for contact questions and had nothing to quote."""
    from ingest.load import load_source

    text = load_source(REPO / "corpus" / "docs" / "uk-fca-conc7-en.md", 5_000_000).text
    chunks = chunk_document(text, 220)
    assert not [c.text for c in chunks if all(is_heading(line) for line in c.text.splitlines() if line.strip())]
    kept = " ".join(c.text for c in chunks)
    for line in text.splitlines():
        if line.startswith("CONC 7.9") and not is_heading(line):
            assert line.strip() in kept  # every rule of the part is still there


def test_chunk_document_picks_the_chunker_and_covers_a_real_document():
    text = (REPO / "corpus" / "docs" / "us-fdcpa-en.md").read_text(encoding="utf-8").split("\n---", 1)[1]
    chunks = chunk_document(text, 220)
    assert chunks and all(c.text.strip() for c in chunks)
    assert chunk_document(REGULATION_ZH, 220)[0].article == "第一条"
    assert {c.article for c in chunk_document("只是一段普通的说明文字。没有条文。", 220)} == {""}


def test_headings_are_short_topic_lines_or_standalone_questions():
    assert is_heading("第二步：判断哪些做法不合规")
    assert is_heading("Where do I complain?")
    assert is_heading("遇到不當催收要向誰申訴？")
    assert not is_heading("12378是国家金融监督管理总局的投诉举报热线。")
    assert not is_heading("A collector may not call before 8 a.m.")
    assert not is_heading("投诉人：【姓名】")  # a template line
    assert not is_heading("[Your full name]")
    assert not is_heading("")


GUIDE_ZH = """被催收骚扰怎么办
第一步：保存证据
被催收骚扰时，借款人应先保存证据，再去投诉。
催收证据包括通话录音、来电号码和时间截图、短信和微信记录、催收人员自报的姓名和工号，以及亲友、同事收到催收信息的截图。
借款人可以按日期记录每次催收的时间、号码和对方自称的机构。
第二步：判断哪些做法不合规
《商业银行信用卡业务监督管理办法》第六十八条规定，发卡银行只能向债务人和担保人催收，不得向与债务无关的第三人催收。
国家标准GB/T 45251—2025规定，催收只针对债务人本人，只有联系不上债务人等情形下才可联系联系人，联系人拒绝的应停止。
催收人员打电话给借款人的同事或朋友并说出欠款，不符合信用卡办法第六十八条的规定，借款人可以据此投诉。
第三步：选择投诉渠道
12378是国家金融监督管理总局的投诉举报热线，受理银行、消费金融公司、小额贷款公司等的投诉，范围明确包括"催收不当"。
"""


def test_a_heading_is_never_left_at_the_end_of_a_chunk_and_later_chunks_know_their_section():
    chunks = chunk_prose(GUIDE_ZH, budget=120)
    assert len(chunks) > 2
    for chunk in chunks:
        last = chunk.text.split("\n")[-1]
        assert not is_heading(last), chunk.text  # "第二步：…" opens the rules it heads, never closes a chunk
    rules = next(c for c in chunks if "第六十八条规定" in c.text)
    assert rules.section == "第二步：判断哪些做法不合规"
    assert any(c.section == "第三步：选择投诉渠道" and "12378" in c.text for c in chunks)


def test_a_chunk_past_three_quarters_of_its_budget_closes_at_the_next_heading():
    body = "借款人可以按日期记录每次催收的时间、号码和对方自称的机构。" * 5
    text = f"第一步：保存证据\n{body}\n第二步：投诉\n12378受理催收不当的投诉。"
    chunks = chunk_prose(text, budget=len(body) + 20)
    assert [c.section for c in chunks] == ["第一步：保存证据", "第二步：投诉"]
    assert chunks[1].text.startswith("第二步：投诉")  # no overlap sentence carried across a heading


def test_embedding_and_search_text_carry_the_section_of_a_continuation_chunk():
    from ingest.records import context_line

    assert context_line("第二步：判断哪些做法不合规", "中国银行业协会2026年催收工作指引规定……") == "第二步：判断哪些做法不合规\n"
    assert context_line("第二步：判断哪些做法不合规", "第二步：判断哪些做法不合规\n《商业银行…") == ""
    assert context_line("", "anything") == ""
