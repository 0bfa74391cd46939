"""Building the generative composer's request on the real small index: passages, translations, scripts."""

from chat.answer import plan_answer
from chat.compose import request_for, script_of, to_script, twin_finder


def test_a_chunk_s_twin_is_its_translation_in_the_other_document(small_index):
    _, handle = small_index
    zh = next(c for c in handle.journal.all_chunks()
              if c["source_id"] == "channel-bank-inhouse-zh" and "48.63%" in c["text"])
    twin = twin_finder(handle)(zh["chunk_id"], zh["source_id"])
    assert "48.63%" in twin and "repayment-negotiation complaints" in twin
    assert twin_finder(handle)("seed-chunk", "seed-cuishou-nanxietiao") == ""  # no translation: nothing


def test_passages_are_numbered_quotable_and_carry_translations_across_languages(small_index):
    _, handle = small_index
    # a Chinese question over English sources only (the app's source-language filter)
    plan = plan_answer(handle, "银行信用卡中心能和我协商分期还款吗？", filters={"lang": "en"})
    request = request_for(plan, ["信用卡中心催收受什么规定约束？"], 4, twin_finder(handle))
    assert [p.n for p in request.passages] == list(range(1, len(request.passages) + 1))
    assert all(p.chunk_id in {h.node.node_id for h in plan.quotable} for p in request.passages)
    assert request.history == ["信用卡中心催收受什么规定约束？"] and request.lang == "zh"
    assert {p.lang for p in request.passages} == {"en"}
    sources = {p.source_id for p in request.passages}
    assert "channel-bank-inhouse-en" in sources  # the small corpus's one document with a translation
    for p in request.passages:
        assert bool(p.twin_text) == (p.source_id == "channel-bank-inhouse-en"), p.source_id


def test_answers_keep_the_asker_s_script():
    assert script_of("催收可以打我家人電話嗎？") == "hant" and script_of("催收可以打我家人电话吗？") == "hans"
    assert to_script("催收人員不得騷擾第三人", "hans") == "催收人员不得骚扰第三人"
    assert to_script("催收人员不得骚扰第三人", "hant") == "催收人員不得騷擾第三人"
    assert script_of("Can they call my family?") == "latin"
