"""The bundled comparison dataset: complete for CN, every quote verbatim in its document, usable as records."""

import json
import tomllib

import pytest

from ingest.comparison import load_comparison, matrix, rank_hardest, records, validate_comparison
from ingest.load import load_source
from ingest.markers import strip_markers
from settings import Settings
from tests.conftest import REPO

CORPUS = REPO / "corpus"


@pytest.fixture(scope="module")
def channels():
    return tomllib.loads((CORPUS / "channels.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bodies():
    paths = sorted((CORPUS / "docs").glob("*.md")) + sorted((CORPUS / "articles").glob("*.html"))
    return {doc.source_id: doc.text for doc in (load_source(p, Settings().max_page_bytes) for p in paths)}


@pytest.fixture(scope="module")
def comparison():
    return load_comparison(CORPUS)


def test_every_evidence_sentence_is_verbatim_in_its_document_body(comparison, bodies):
    for cell in comparison.cells:
        for ev in cell.evidence:
            assert ev.doc in bodies, ev.doc
            assert ev.quote in strip_markers(bodies[ev.doc])[0], (cell.channel, cell.dimension, ev.doc, ev.quote)


def test_every_key_exists_and_every_channel_has_every_dimension_in_china(comparison, channels, bodies):
    assert validate_comparison(comparison, channels, bodies) == []
    cn = {(c.channel, c.dimension) for c in comparison.cells if c.jurisdiction == "CN"}
    assert cn == {(ch, d) for ch in channels["channels"] for d in channels["dimensions"]}
    assert {"US", "UK", "IN", "HK"} <= {c.jurisdiction for c in comparison.cells}


def test_cells_without_evidence_say_so_instead_of_guessing(comparison):
    unrated = [c for c in comparison.cells if c.rating is None]
    assert unrated
    for cell in unrated:
        assert cell.rationale_en.startswith(("No evidence in the library", "Not rated"))
        assert cell.rationale_zh.startswith(("资料库中没有证据", "不评分"))
    assert all(c.evidence for c in comparison.cells if c.rating is not None)


def test_the_seed_article_types_and_verdict_sit_next_to_the_library_view(comparison):
    verdicts = {v.key: v for v in comparison.verdicts}
    seed, library = verdicts["seed-article"], verdicts["library-analysis"]
    assert seed.hardest == "online_collection_platform"
    assert set(seed.because) == {"legal_constraint", "borrower_emotion_trust", "data_privacy"}
    assert any(ev.doc == "seed-cuishou-nanxietiao" for ev in seed.evidence)
    assert library.hardest == "online_lending"
    seed_rows = {c.channel for c in comparison.cells if c.jurisdiction == "CN"}
    assert {"traditional_collection_company", "online_collection_platform", "third_party_payment_platform"} <= seed_rows


def test_records_feed_a_matrix_and_a_hardest_first_ranking(comparison, channels, bodies):
    rows = records(comparison, channels, bodies)
    json.dumps(rows, ensure_ascii=False)  # the Compare page and the answerer take plain data
    grid = matrix(rows, "CN")
    assert grid["online_lending"]["authority_to_agree"] == 5 and grid["bank_inhouse"]["authority_to_agree"] == 2
    ranked = [r["channel"] for r in rank_hardest(rows, "CN")]
    assert set(ranked[:2]) == {"online_lending", "online_collection_platform"} and ranked[-1] == "bank_inhouse"
    assert "payment_platform_credit" not in ranked  # too little evidence to rank, not guessed
    row = next(r for r in rows if r["channel"] == "online_lending" and r["dimension"] == "data_privacy")
    assert row["channel_zh"] == "网贷与助贷平台（含融资担保公司）"
    assert any("unverified" in ev["flags"] and "analysis" in ev["flags"] for ev in row["evidence"])


def test_corpus_compare_prints_the_table_the_ranking_and_both_verdicts():
    import io

    from ingest.corpus import print_comparison

    out = io.StringIO()
    print_comparison(CORPUS, "CN", out)
    text = out.getvalue()
    assert "| channel | Legal and regulatory constraint |" in text
    assert "| 第三方支付平台 / Third-party payment platforms | – | – | – | – | – | – | – |" in text
    assert "Verdict seed-article" in text and "Verdict library-analysis" in text
