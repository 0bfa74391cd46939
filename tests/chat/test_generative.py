"""The generative composer's view of the evidence on the real small index: numbered passages, their languages
and translations, and answers in the asker's script."""

from chat.answer import compose_request, plan
from chat.generative import CorpusLookup, passages_for, to_script


def test_a_chunk_s_translation_is_found_in_its_twin_document(small_index):
    _, handle = small_index
    zh = next(c for c in handle.journal.all_chunks()
              if c["source_id"] == "channel-bank-inhouse-zh" and "48.63%" in c["text"])
    lookup = CorpusLookup(handle)
    twin = lookup.twin(zh["chunk_id"], zh["source_id"])
    assert "48.63%" in twin and "repayment-negotiation complaints" in twin
    seed = next(c for c in handle.journal.all_chunks() if c["source_id"] == "seed-cuishou-nanxietiao")
    assert lookup.twin(seed["chunk_id"], seed["source_id"]) == ""  # no translation: nothing


def test_passages_are_the_evidence_chunks_with_translations_across_languages(small_index):
    _, handle = small_index
    # a Chinese question over English sources only (the app's source-language filter)
    steps = plan(handle, "银行信用卡中心能和我协商分期还款吗？", filters={"lang": "en"})
    request = compose_request(handle, steps)
    passages = passages_for(request, 4, CorpusLookup(handle))
    assert passages and [p.n for p in passages] == list(range(1, len(passages) + 1))
    assert [p.chunk_id for p in passages] == list(dict.fromkeys(e.chunk_id for e in [
        *request.evidence, *([request.next_step] if request.next_step else [])]))[:4]
    assert "channel-bank-inhouse-en" in {p.source_id for p in passages}
    for p in passages:  # the small corpus's one translated pair is channel-bank-inhouse-zh/-en
        translated = p.lang != request.lang and p.source_id == "channel-bank-inhouse-en"
        assert bool(p.twin_text) == translated, p.source_id


def test_answers_keep_the_asker_s_script():
    assert to_script("催收人員不得騷擾第三人", "zh", "hans") == "催收人员不得骚扰第三人"
    assert to_script("催收人员不得骚扰第三人", "zh", "hant") == "催收人員不得騷擾第三人"
    assert to_script("催收人員不得騷擾第三人", "zh", None) == "催收人员不得骚扰第三人"  # shared script: Simplified
    assert to_script("Collectors may not call", "en", None) == "Collectors may not call"
