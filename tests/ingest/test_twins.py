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


def _percentages(text: str) -> set[str]:
    """Every percentage a text states; a range ("70–80%", "70%至80%") states both ends."""
    import re

    out = set(re.findall(r"\d+(?:\.\d+)?(?=%)", text))
    for low in re.findall(r"(\d+(?:\.\d+)?)\s*(?:–|-|至|到|to)\s*\d+(?:\.\d+)?%", text):
        out.add(low)
    return out


def test_twin_documents_state_the_same_percentages():
    """A figure in one language's version of a bundled document is in its translation too: a Chinese question
    about the per-bank credit-card shares (78.5%, 80.0%, 84.5%) once found them only in the English page."""
    from pathlib import Path

    from ingest.twins import twin_id

    docs = Path(__file__).resolve().parents[2] / "corpus" / "docs"
    gaps = {}
    for english in sorted(docs.glob("*-en.md")):
        chinese = docs / f"{twin_id(english.stem)}.md"
        if not chinese.exists():
            continue
        body = [p.read_text(encoding="utf-8").split("---", 2)[-1] for p in (english, chinese)]
        en, zh = (_percentages(b) for b in body)
        if en != zh:
            gaps[english.stem] = (sorted(en - zh), sorted(zh - en))
    assert not gaps, gaps


def test_percentages_read_ranges_and_decimals():
    assert _percentages("about half, and 70–80% for some; 78.5% at Ping An") == {"70", "80", "78.5"}
    assert _percentages("部分大型平台占70%至80%，平安银行78.5%") == {"70", "80", "78.5"}
