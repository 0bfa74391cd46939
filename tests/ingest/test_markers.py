"""[[unverified]] / [[analysis]] markers: stripped from indexed text, kept as sentence-level chunk metadata."""

import json

from ingest.chunk import chunk_document
from ingest.load import load_source
from ingest.markers import marker_metadata, sentence_flags, strip_markers
from ingest.records import chunk_records
from settings import Settings
from tests.conftest import REPO

SETTINGS = Settings()

ZH = ("罚则：据报道，严重违反《个人信息保护法》的，罚款最高可达人民币5000万元或者上一年度营业额的5%。"
      "[[unverified]] 《个人信息保护法》最高5000万元或上一年度营业额5%的罚则规定在第六十六条。\n"
      "[[analysis]] [[unverified]] 借款人手机通讯录里的姓名和号码是通讯录中其他人的个人信息。")
EN = ("Dates: The first public draft of Amendment XI appeared in June 2020. "
      "[[unverified]] Amendment XI was adopted on 26 Dec 2020 and took effect on 1 Mar 2021.\n"
      "[[analysis]] A debt buyer owns the debt and paid little for it, so it usually has room to accept a lower amount.")


def test_markers_leave_the_text_and_name_their_sentences_in_chinese():
    text, flagged = strip_markers(ZH)
    assert "[[" not in text and "第六十六条。" in text
    assert flagged["unverified"] == ["《个人信息保护法》最高5000万元或上一年度营业额5%的罚则规定在第六十六条。",
                                     "借款人手机通讯录里的姓名和号码是通讯录中其他人的个人信息。"]
    assert flagged["analysis"] == ["借款人手机通讯录里的姓名和号码是通讯录中其他人的个人信息。"]


def test_markers_mid_line_flag_only_their_own_english_sentence():
    text, flagged = strip_markers(EN)
    assert text.startswith("Dates: The first public draft of Amendment XI appeared in June 2020. Amendment XI was")
    assert flagged["unverified"] == ["Amendment XI was adopted on 26 Dec 2020 and took effect on 1 Mar 2021."]
    assert flagged["analysis"] == ["A debt buyer owns the debt and paid little for it, so it usually has room "
                                   "to accept a lower amount."]


def test_chunks_carry_their_flagged_sentences_and_no_marker():
    chunks = chunk_document(ZH + "\n" + EN, budget=60)
    assert len(chunks) > 1 and not any("[[" in c.text for c in chunks)
    flagged = [s for c in chunks for s in c.unverified]
    assert "Amendment XI was adopted on 26 Dec 2020 and took effect on 1 Mar 2021." in flagged
    for chunk in chunks:
        assert all(s in chunk.text for s in chunk.unverified + chunk.analysis)


def test_marker_after_an_article_label_keeps_the_article_boundary():
    text = ("第六条：个人信息处理应当遵循最小必要原则。\n第十三条：列出合法依据。\n"
            "第六十六条：[[unverified]] 严重违法的，罚款最高可达5000万元。\n第六十九条：过错推定。")
    chunks = chunk_document(text, SETTINGS.chunk_tokens)
    fined = next(c for c in chunks if c.article == "第六十六条")
    assert fined.text == "第六十六条：严重违法的，罚款最高可达5000万元。"
    assert fined.unverified == ("第六十六条：严重违法的，罚款最高可达5000万元。",)


def test_a_flag_survives_when_the_chunk_joins_its_sentence_to_the_next_line():
    text = ("[[unverified]] The FCA guidance on refusing reasonable proposals is numbered CONC 7.3.5G.\n"
            "A proposal looks reasonable when it is based on an honest budget.")
    (chunk,) = chunk_document(text, SETTINGS.chunk_tokens)
    assert chunk.text == ("The FCA guidance on refusing reasonable proposals is numbered CONC 7.3.5G. "
                          "A proposal looks reasonable when it is based on an honest budget.")
    assert len(chunk.unverified) == 1 and chunk.unverified[0].startswith("The FCA guidance")


def test_an_english_sentence_before_a_chinese_start_stays_a_separate_sentence():
    text = "One web page says 微粒贷 is a product of MYbank (网商银行).\n[[unverified]] 微粒贷 (Weilidai) is generally attributed to WeBank."
    (chunk,) = chunk_document(text, SETTINGS.chunk_tokens)
    assert chunk.unverified == ("微粒贷 (Weilidai) is generally attributed to WeBank.",)


def test_metadata_is_flat_json_and_answers_can_look_sentences_up():
    (chunk,) = chunk_document(EN, SETTINGS.chunk_tokens)
    meta = marker_metadata(chunk.flags)
    assert all(isinstance(v, str) for v in meta.values())  # Chroma takes scalars only
    assert json.loads(meta["unverified_sentences"]) == list(chunk.unverified)
    assert sentence_flags(meta, "Amendment XI was adopted on 26 Dec 2020 and took effect on 1 Mar 2021.") == ["unverified"]
    assert sentence_flags(meta, "Dates: The first public draft of Amendment XI appeared in June 2020.") == []


def test_bundled_pipl_chunks_record_unverified_sentences_in_their_index_metadata():
    doc = load_source(REPO / "corpus" / "docs" / "cn-pipl-zh.md", SETTINGS.max_page_bytes)
    records = chunk_records(doc, 220)
    assert not any("[[" in r["text"] for r in records)
    flagged = [s for r in records for s in json.loads(r["metadata"]["unverified_sentences"])]
    assert any("第二十一条" in s for s in flagged) and any("第六十九条" in s for s in flagged)
    assert not any("第二十三条" in s for s in flagged)  # a seen-paraphrased article stays unflagged


def test_every_marked_sentence_of_the_bundled_corpus_lands_in_a_chunk():
    for path in sorted((REPO / "corpus" / "docs").glob("*.md")):
        doc = load_source(path, SETTINGS.max_page_bytes)
        _, flagged = strip_markers(doc.text)
        chunks = chunk_document(doc.text, SETTINGS.chunk_tokens)
        for kind, sentences in flagged.items():
            recorded = [s for c in chunks for s in c.flags[kind]]
            missing = [s for s in sentences if not any(s in r for r in recorded)]
            assert not missing, (path.name, kind, missing)
