"""Guidance data: places and situations, rights found in a real index, complaint contacts, letter templates
parsed into a short form and filled."""

from datetime import date

import pytest

from tests.conftest import REPO
from ui.guidance import (
    PLACES,
    about_elsewhere,
    complaint_contacts,
    fill,
    letter_files,
    load_guidance,
    load_templates,
    parse_template,
    rights,
    templates_for,
    term_pattern,
)

SITUATIONS = {"third_party_contact", "night_or_frequent", "threats_insults", "home_work_visits", "instalment_plan",
              "dispute_debt", "lawyers_letter", "anti_collection_agent"}


def test_every_place_and_situation_is_offered_in_both_languages():
    guidance = load_guidance()
    assert set(guidance.places) == set(PLACES)
    assert set(guidance.situations) == SITUATIONS
    for situation in guidance.situations.values():
        assert situation.query["zh"] and situation.query["en"] and situation.terms
        assert len(situation.steps["zh"]) == len(situation.steps["en"]) >= 2


def test_every_template_a_situation_names_is_in_the_corpus():
    templates = load_templates(REPO / "corpus")
    for situation in load_guidance().situations.values():
        for place, ids in situation.templates.items():
            assert place in PLACES
            assert [t.doc_id for t in templates_for(situation, place, templates)] == ids


def test_terms_match_chinese_anywhere_and_english_at_word_starts():
    terms = term_pattern(["同事", "harass", "sue", "lawyer"])
    assert terms.search("催收人员打电话给借款人的同事")
    assert terms.search("a collector must not harass or abuse anyone".lower())
    assert terms.search("the creditor may sue".lower()) and not terms.search("this issue is open")
    assert not terms.search("see angel-lawyer.com for the text")


def test_sentences_about_another_place_are_told_apart():
    names = load_guidance().names()
    assert about_elsewhere("In Hong Kong, 40 of the first 69 complaints were about contacting relatives.", "CN", names)
    assert about_elsewhere("韩国的夜间禁止催收从21:00开始。", "HK", names)
    assert not about_elsewhere("香港的收數人員亦不得為打聽債務人下落而滋擾其諮詢人、家人或朋友。", "HK", names)
    assert not about_elsewhere("发卡银行只能向债务人和担保人催收，不得向与债务无关的第三人催收。", "CN", names)
    assert not about_elsewhere("Let us know.", "EU", names)  # 'us' is not the US


def test_rights_quote_the_place_s_own_rules(small_index):
    _, handle = small_index
    situation = load_guidance().situations["third_party_contact"]
    cn = rights(handle, situation, "CN", "zh")
    assert cn and all(q.lang == "zh" for q in cn[:2])
    assert any("不得向与债务无关的第三人催收" in q.sentence for q in cn)
    assert {q.source_id for q in cn} <= {"channel-bank-inhouse-zh", "cn-credit-card-measures-2011-zh",
                                          "channel-online-lending-zhudai-zh", "channel-bank-inhouse-en"}
    us = rights(handle, situation, "US", "en")
    assert us and all(q.source_id == "us-fdcpa-en" for q in us)
    assert any("third part" in q.sentence or "805(b)" in q.sentence for q in us)


def test_rights_are_empty_for_a_place_the_library_lacks(small_index):
    _, handle = small_index
    assert rights(handle, load_guidance().situations["instalment_plan"], "IN", "zh") == []


def _chunk(chunk_id, text, jurisdiction, lang, doc_type="guidance"):
    return {"chunk_id": chunk_id, "source_id": chunk_id.split("#")[0], "text": text,
            "metadata": {"jurisdiction": jurisdiction, "lang": lang, "doc_type": doc_type, "title": "t"}}


def test_complaint_contacts_are_sentences_naming_a_route_and_a_way_to_reach_it():
    chunks = [
        _chunk("guide-cn#0", "被催收骚扰时，借款人应先保存证据，再去投诉。12378是国家金融监督管理总局的投诉举报热线，"
               "受理银行、消费金融公司等的投诉。", "CN", "zh"),
        _chunk("guide-hk#0", "A Hong Kong borrower can complain to the HKMA Complaint Processing Centre on (852) 2878 1378.",
               "HK", "en"),
        _chunk("reg-cn#0", "遇到暴力、威胁时，借款人应拨打110报警。", "CN", "zh", "regulation"),
        _chunk("stats-cn#0", "2023年黑猫投诉平台收到的投诉超过10000件。", "CN", "zh", "statistics"),
    ]
    cn = complaint_contacts(chunks, "CN", "zh")
    assert [c.sentence for c in cn] == ["12378是国家金融监督管理总局的投诉举报热线，受理银行、消费金融公司等的投诉。",
                                         "遇到暴力、威胁时，借款人应拨打110报警。"]
    assert [c.sentence for c in complaint_contacts(chunks, "HK", "en")] == [chunks[1]["text"]]
    assert complaint_contacts(chunks, "HK", "zh") == []


@pytest.fixture(scope="module")
def complaint_letter():
    path = REPO / "corpus" / "docs" / "template-cn-tousu-xin-zh.md"
    return parse_template(path.read_text(encoding="utf-8"), today=date(2026, 3, 9))


def test_template_becomes_a_short_form(complaint_letter):
    keys = [f.key for f in complaint_letter.fields]
    assert keys.count("姓名") == 1  # the same person twice: one field
    assert "日期#1" in keys and "日期#2" in keys  # two different dates: two fields, told apart by their context
    labels = {f.key: f.label for f in complaint_letter.fields}
    assert "逾期" in labels["日期#1"] and "自称" in labels["日期#2"]
    assert "身份证号后四位" in labels["XXXX"]
    defaults = {f.key: f.default for f in complaint_letter.fields}
    assert (defaults["年"], defaults["月"], defaults["日"]) == ("2026", "03", "09")
    assert "国家金融监督管理总局" not in " ".join(complaint_letter.howto) or complaint_letter.howto


def test_filled_letter_keeps_what_is_left_to_fill(complaint_letter):
    letter = fill(complaint_letter, {"姓名": "王小明", "日期#1": "2025年1月5日", "机构名称": "某某银行", "年": "2026"})
    assert letter.count("王小明") == 2 and "【姓名】" not in letter
    assert "自2025年1月5日起逾期" in letter
    assert "3.【日期】，催收人员自称" in letter  # the second date was not given
    dated = fill(complaint_letter, {"年": "2026", "月": "03", "日": "09"})
    assert dated.rstrip().endswith("日期：2026年3月9日")
    assert "关于某某银行不当催收的投诉" in letter and "## " not in letter
    files = letter_files(complaint_letter, letter)
    assert files["txt"].decode() == letter
    assert files["md"].decode().startswith("# 不当催收投诉信模板")


def test_optional_blocks_are_left_out_unless_chosen():
    path = REPO / "corpus" / "docs" / "template-uk-affordable-plan-en.md"
    template = parse_template(path.read_text(encoding="utf-8"))
    (block,) = template.optional_blocks
    assert "[debt advice organisation]" in block
    helper = next(f for f in template.fields if f.key == "debt advice organisation")
    assert helper.optional_block == 0
    without = fill(template, {"Your full name": "Jane Doe", "debt advice organisation": "StepChange"})
    assert "StepChange" not in without and "Optional" not in without and without.startswith("Jane Doe\n")
    with_help = fill(template, {"debt advice organisation": "StepChange"}, include_optional={0})
    assert "I am getting help from StepChange. Please also deal with them." in with_help
    amounts = [f for f in template.fields if f.key.startswith("£ amount#")]
    assert len(amounts) == 2 and "afford" in amounts[0].label and "propose" in amounts[1].label
    choice = next(f for f in template.fields if f.key == "in arrears / about to fall behind")
    assert choice.options == ("in arrears", "about to fall behind")
