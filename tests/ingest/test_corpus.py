"""The bundled corpus: front matter valid against channels.toml, coverage, manifests well-formed and current."""

import io
import tomllib

from ingest.comparison import load_comparison
from ingest.corpus import (
    SECTIONS,
    SECTIONS_2,
    article_sources,
    check,
    coverage,
    manifest_urls,
    read_front_matter,
    validate,
    visible_urls,
)
from ingest.extract import split_front_matter
from ingest.quotable import is_placeholder_url
from tests.conftest import REPO

CORPUS = REPO / "corpus"


def _metas():
    return [read_front_matter(p) for p in sorted((CORPUS / "docs").glob("*.md"))]


def test_corpus_check_passes_and_prints_coverage_table():
    out = io.StringIO()
    assert check(CORPUS, out) == 0, out.getvalue()
    assert "| 1.1 |" in out.getvalue() and "corpus check: OK" in out.getvalue()


def test_corpus_size_and_language_balance():
    metas = _metas()
    assert len(metas) >= 45
    assert sum(m["lang"] == "zh" for m in metas) >= 18 and sum(m["lang"] == "en" for m in metas) >= 18


def test_every_fact_sheet_section_is_covered_in_chinese_and_foreign_ones_in_english():
    table = coverage(_metas())
    for section in SECTIONS:
        assert table[section]["zh"], f"section {section} has no Chinese document"
    for section in ("2", "3", "4", "5"):
        assert table[section]["en"], f"section {section} has no English document"


def test_second_fact_sheet_sections_are_covered_in_both_languages():
    table = coverage(_metas())
    for top in SECTIONS_2:
        assert table[f"2:{top}"]["zh"] and table[f"2:{top}"]["en"], f"collection-facts-2.md section {top}"


def test_second_fact_sheet_sections_are_validated(tmp_path):
    meta = {"id": "x-zh", "title": "t", "lang": "zh", "jurisdiction": "TW", "channels": [], "doc_type": "guidance",
            "source_urls": ["https://www.foi.org.tw/"], "confidence": "seen-paraphrased", "as_of": "2026-11-29",
            "fact_sections": ["2:1.10", "2:5", "1.9"]}
    assert validate(meta, tmp_path / "x-zh.md", set()) == []
    for bad in ("2:1.11", "2:6", "2:1.x", "3:1.1"):
        problems = validate({**meta, "fact_sections": [bad]}, tmp_path / "x-zh.md", set())
        assert len(problems) == 1 and repr(bad) in problems[0]


def test_validation_names_the_bad_field(tmp_path):
    bad = {"id": "x-zh", "title": "t", "lang": "en", "jurisdiction": "JP", "channels": ["nope"],
           "doc_type": "blog", "source_urls": ["ftp://x"], "confidence": "sure", "as_of": "2026-01-01"}
    problems = " ".join(validate(bad, tmp_path / "x-zh.md", {"bank_inhouse"}))
    for needle in ("lang", "jurisdiction 'JP'", "channel 'nope'", "doc_type 'blog'", "confidence 'sure'", "ftp://x"):
        assert needle in problems


def test_channel_file_has_both_language_names_and_required_dimensions():
    data = tomllib.loads((CORPUS / "channels.toml").read_text(encoding="utf-8"))
    for key, channel in data["channels"].items():
        assert channel["zh"] and channel["en"] and channel["aliases"], key
    assert {"legal_constraint", "borrower_emotion_trust", "data_privacy", "authority_to_agree",
            "contact_pressure", "complaint_handling"} <= set(data["dimensions"])


def test_sources_manifest_is_well_formed_and_current():
    manifest = tomllib.loads((CORPUS / "sources.toml").read_text(encoding="utf-8"))["source"]
    urls = {s["url"] for s in manifest}
    assert len(urls) == len(manifest)
    wanted = {u for p in sorted((CORPUS / "docs").glob("*.md"))
              for u in visible_urls(*split_front_matter(p.read_text(encoding="utf-8")))}
    assert urls == wanted, "run: debtlens corpus sources"
    ids = {m["id"] for m in _metas()}
    assert all(s["url"].startswith(("https://", "http://")) and set(s["used_by"]) <= ids for s in manifest)


def test_memory_unverified_documents_mark_their_unverified_claims():
    for path in sorted((CORPUS / "docs").glob("*.md")):
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        if meta["confidence"] == "memory-unverified":
            assert "[[unverified]] " in body or "[[analysis]] " in body, path.name


def test_every_url_a_user_can_see_is_a_real_source_url_from_the_manifest():
    manifest = manifest_urls(CORPUS)
    shown = {u for path in sorted((CORPUS / "docs").glob("*.md"))
             for u in visible_urls(*split_front_matter(path.read_text(encoding="utf-8")))}
    shown |= {u for _, meta, _ in article_sources(CORPUS) for u in visible_urls(meta)}
    cited = {ev.doc for cell in load_comparison(CORPUS).cells for ev in cell.evidence}
    doc_ids = {read_front_matter(p)["id"] for p in (CORPUS / "docs").glob("*.md")}
    assert cited <= doc_ids | {"seed-cuishou-nanxietiao"}  # evidence links lead to documents, whose URLs are above
    assert shown and shown <= manifest
    assert not [u for u in shown | manifest if is_placeholder_url(u)]


def test_the_seed_page_has_no_address_and_says_so():
    [(path, meta, _)] = [a for a in article_sources(CORPUS) if a[1]["id"] == "seed-cuishou-nanxietiao"]
    assert "url" not in meta and not meta["source_urls"]
    assert any("unknown" in note for note in meta["notes"])
    assert "example" not in path.read_text(encoding="utf-8")


def test_the_coverage_map_must_name_every_document_and_only_those(tmp_path):
    from ingest.corpus import coverage_map_problems

    (tmp_path / "covered_questions.toml").write_text(
        '[[doc]]\nid = "us-fdcpa"\nexamples = ["催收能打我同事电话吗？"]\n'
        '[[doc]]\nid = "gone-doc"\nexamples = ["What does it say?"]\n', encoding="utf-8")
    problems = coverage_map_problems(tmp_path, ["us-fdcpa-zh", "us-fdcpa-en", "uk-breathing-space-en"])
    assert len(problems) == 2
    assert "'uk-breathing-space'" in problems[0] and "add an entry" in problems[0]
    assert "'gone-doc'" in problems[1]
    assert coverage_map_problems(tmp_path / "nowhere", ["us-fdcpa-zh"]) == []  # no map, nothing to keep current
