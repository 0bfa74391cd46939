"""`corpus check` on small temporary corpora: each rule fails on its own and names the file and the fix."""

import io
from pathlib import Path

import pytest
import yaml

from ingest.corpus import check, write_sources_manifest

CHANNELS = """
[channels.bank_inhouse]
zh = "银行自催"
en = "Bank in-house collection"
aliases = ["银行自催"]

[dimensions.legal_constraint]
zh = "法律法规约束"
en = "Legal and regulatory constraint"
aliases = ["监管"]
"""
BODY = ("# 信用卡催收\n\n《商业银行信用卡业务监督管理办法》第六十八条规定，发卡银行只能向债务人和担保人催收。\n"
        "[[unverified]] 《商业银行信用卡业务监督管理办法》的公布日期为2011年1月13日。\n")
QUOTE = "《商业银行信用卡业务监督管理办法》第六十八条规定，发卡银行只能向债务人和担保人催收。"


def write_doc(corpus: Path, doc_id: str, body: str = BODY, **meta) -> None:
    front = {"id": doc_id, "title": "信用卡催收规则", "lang": doc_id.rsplit("-", 1)[1], "jurisdiction": "CN",
             "channels": ["bank_inhouse"], "doc_type": "regulation", "fact_sections": ["1.5"],
             "source_urls": ["https://wwpfw.com/xinyongqiataoxian/96746.html"], "confidence": "seen-paraphrased",
             "as_of": "2026-02-18", **meta}
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + body
    (corpus / "docs" / f"{doc_id}.md").write_text(text, encoding="utf-8")


def write_comparison(corpus: Path, cells: list[dict]) -> None:
    data = {"scale": {"min": 1, "max": 5, "zh": "对借款人的难度", "en": "difficulty for the borrower"}, "cells": cells}
    (corpus / "comparison.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def cell(quote: str = QUOTE, doc: str = "card-rules-zh", channel: str = "bank_inhouse") -> dict:
    return {"channel": channel, "dimension": "legal_constraint", "jurisdiction": "CN", "rating": 1,
            "rationale": {"zh": "有约束力的规章。", "en": "Binding rules."}, "evidence": [{"doc": doc, "quote": quote}]}


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    (root / "docs").mkdir(parents=True)
    (root / "channels.toml").write_text(CHANNELS, encoding="utf-8")
    write_doc(root, "card-rules-zh")
    write_comparison(root, [cell()])
    write_sources_manifest(root)
    return root


def run(corpus: Path) -> tuple[int, str]:
    out = io.StringIO()
    return check(corpus, out), out.getvalue()


def test_a_clean_corpus_passes_and_prints_coverage_by_jurisdiction_and_doc_type(corpus):
    code, out = run(corpus)
    assert code == 0, out
    assert "| jurisdiction | regulation | channel | guidance | statistics | article | template | support | total |" in out
    assert "| CN | 1/0 |" in out and "0 of them notes about sources" in out


def test_a_note_about_sources_in_a_body_fails(corpus):
    write_doc(corpus, "card-rules-zh", BODY + "本资料库没有找到说明外包催收员能否同意方案的来源。\n")
    code, out = run(corpus)
    assert code == 1
    assert "card-rules-zh.md: body sentence is a note (library self-reference)" in out and "notes:" in out


def test_an_english_editorial_note_fails_too(corpus):
    write_doc(corpus, "card-rules-zh", BODY + "From the editor's memory, the 2011 measures were promulgated in January.\n")
    assert "body sentence is a note (editor's memory)" in run(corpus)[1]


def test_placeholders_fail_outside_templates_and_pass_in_them(corpus):
    letter = BODY + "投诉人：【姓名】，联系电话【电话】。\n"
    write_doc(corpus, "card-rules-zh", letter)
    code, out = run(corpus)
    assert code == 1 and "placeholder '【姓名】' outside a template" in out
    write_doc(corpus, "card-rules-zh", letter, doc_type="template")
    assert run(corpus)[0] == 0


def test_a_url_missing_from_the_manifest_fails(corpus):
    write_doc(corpus, "card-rules-zh", source_urls=["https://wwpfw.com/xinyongqiataoxian/96746.html",
                                                    "https://glnlw.com"])
    code, out = run(corpus)
    assert code == 1 and "'https://glnlw.com' is not in corpus/sources.toml; run `debtlens corpus sources`" in out
    write_sources_manifest(corpus)
    assert run(corpus)[0] == 0


def test_an_invented_url_fails_even_when_listed_in_the_manifest(corpus):
    fake = "https://www.example-finance-qa.com/wenda/cuishou/2024121214455.html"
    write_doc(corpus, "card-rules-zh", url=fake)
    write_sources_manifest(corpus)
    code, out = run(corpus)
    assert code == 1 and "invented or placeholder URL" in out


def test_a_scraped_page_with_an_invented_canonical_url_fails(corpus):
    (corpus / "articles").mkdir()
    page = ('<html><head><link rel="canonical" href="https://www.example-finance-qa.com/a.html"></head>'
            "<body><article><h1>催收最難協調的平臺是哪個?</h1><p>網絡催收平臺成為最難協調的平臺，因為受到多重因素影響。</p>"
            "</article></body></html>")
    (corpus / "articles" / "seed.html").write_text(page, encoding="utf-8")
    code, out = run(corpus)
    assert code == 1 and "seed.html: 'https://www.example-finance-qa.com/a.html' is an invented" in out


def test_comparison_evidence_that_is_not_verbatim_fails(corpus):
    write_comparison(corpus, [cell(quote=QUOTE.replace("只能", "可以"))])
    code, out = run(corpus)
    assert code == 1 and "quote not found verbatim in card-rules-zh" in out


def test_comparison_evidence_may_quote_a_marked_sentence_without_its_marker(corpus):
    write_comparison(corpus, [cell(quote="《商业银行信用卡业务监督管理办法》的公布日期为2011年1月13日。")])
    assert run(corpus)[0] == 0


def test_comparison_keys_must_exist_and_every_cn_cell_must_be_present(corpus):
    write_comparison(corpus, [cell(channel="collection_robot")])
    out = run(corpus)[1]
    assert "channel 'collection_robot' is not a key in channels.toml" in out
    assert "no CN cell for bank_inhouse/legal_constraint" in out


def test_comparison_evidence_must_name_a_document_in_the_corpus(corpus):
    write_comparison(corpus, [cell(doc="missing-zh")])
    assert "evidence document 'missing-zh' is not in the corpus" in run(corpus)[1]


def test_traditional_script_taiwan_documents_are_counted(corpus):
    write_doc(corpus, "tw-rules-zh", BODY, jurisdiction="TW", script="hant", doc_type="guidance")
    code, out = run(corpus)
    assert code == 0, out
    assert "| TW | · | · | 1/0 +1 |" in out
