"""Body rules on real strings: notes about sources are caught, knowledge is not; placeholders; invented URLs."""

import pytest

from ingest.quotable import body_sentences, is_placeholder_url, note_hits, placeholders

NOTES = [
    "From the editor's memory, PIPL Art. 21 keeps an institution responsible for the processors it entrusts.",
    "Source note: This note relies on a copy of a 2018 news report.",
    "The official text of Art. 35 and Art. 36 was read by the fact-sheet compilers in the Romanian version.",
    "蚂蚁消费金融和微众银行如何催收，本资料库没有找到可靠来源，只找到低质量SEO网页，因此无法说明。",
    "分析：种子文章的结论与投诉数据方向一致，但文章本身不能作为证据。",
    "资料说明：以下条文内容来自网上转载和译文，不是官方文本原件。",
    "As of Feb 2026.",
    "本文为信息整理，不构成法律意见。",
    "日期：《民法典》自2021年1月1日起施行，这一日期未经核实。",
    "A Shenzhen CBIRC bureau notice (copied on 51kagj.com) reported 10,986 credit-card complaints.",
]
KNOWLEDGE = [
    "Under FDCPA §809, a debt collector must send a written validation notice within 5 days of first contact.",
    "《商业银行信用卡业务监督管理办法》第七十条使用的是\"可以\"协商。",
    "Abusive collection of a lawful debt, such as a bank-card debt, is not covered by Art. 293-1, although it may break other laws.",
    "网传的2018年催收自律公约时段和次数说法互相矛盾，在新闻报道的公约内容中都找不到出处。",
    "[[unverified]] 《个人信息保护法》第二十一条规定，委托他人处理个人信息的机构仍要对受托方负责。",
    "[[analysis]] An outsourced collector who is paid on recoveries but has no authority to agree new terms is one of the hardest counterparts.",
]


@pytest.mark.parametrize("sentence", NOTES)
def test_notes_about_sources_are_caught(sentence):
    assert note_hits(sentence), sentence


@pytest.mark.parametrize("sentence", KNOWLEDGE)
def test_quotable_knowledge_and_marked_claims_pass(sentence):
    assert note_hits(sentence) == []


def test_body_sentences_skip_headings_and_strip_markers_and_bullets():
    body = "# 标题\n\n## 小节\n\n- [[unverified]] 第一句。第二句。\nSecond line. Third one."
    assert body_sentences(body) == ["第一句。", "第二句。", "Second line.", "Third one."]


def test_placeholders_in_both_languages_but_not_document_numbers_or_markers():
    assert placeholders("截至【日期】欠款本金【金额】元") == ["【日期】", "【金额】"]
    assert placeholders("[Your full name]\nDear {name}, sign here: ______") == ["[Your full name]", "{name}", "______"]
    assert placeholders("SPC Reply Fa Shi [2020] No. 27 (法释〔2020〕27号) [[unverified]] applies.") == []


def test_invented_and_placeholder_hosts_are_not_real_urls():
    assert is_placeholder_url("https://www.example-finance-qa.com/wenda/cuishou/2024121214455.html")
    assert is_placeholder_url("https://example.com/a") and is_placeholder_url("http://placeholder.test/x")
    assert not is_placeholder_url("https://handbook.fca.org.uk/handbook/CONC/7/3.html")
    assert not is_placeholder_url("https://www.consumerfinance.gov/complaint/")
