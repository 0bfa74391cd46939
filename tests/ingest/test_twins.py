"""Twin links between a document and its translation."""

from ingest.twins import link_twins, twin_id


def test_language_suffix_names_the_twin():
    assert twin_id("us-fdcpa-en") == "us-fdcpa-zh"
    assert twin_id("cn-pipl-zh") == "cn-pipl-en"


def test_front_matter_twin_overrides_the_name_rule():
    assert twin_id("seed-cuishou-nanxietiao", {"twin": "channel-seed-three-platform-types-zh"}) == \
        "channel-seed-three-platform-types-zh"
    assert twin_id("template-cn-tousu-xin-zh", {"twin": ""}) == ""


def test_ids_without_language_suffix_have_no_twin():
    assert twin_id("seed-cuishou-nanxietiao") == ""


def test_links_only_twins_that_exist():
    ids = {"us-fdcpa-en", "us-fdcpa-zh", "template-cn-tousu-xin-zh"}
    assert link_twins(ids) == {"us-fdcpa-en": "us-fdcpa-zh", "us-fdcpa-zh": "us-fdcpa-en"}


def test_chunks_of_a_bundled_document_carry_its_twin():
    from pathlib import Path

    from ingest.load import load_source
    from ingest.records import chunk_records

    doc = load_source(Path(__file__).resolve().parents[2] / "corpus" / "docs" / "channel-bank-inhouse-zh.md", 5_000_000)
    records = chunk_records(doc, 220)
    assert records and {r["metadata"]["twin_id"] for r in records} == {"channel-bank-inhouse-en"}
