"""Sources library data: a catalogue from a real journal, search and filters, a document's text from its chunks."""

import pytest

from ingest.clean import strip_pinyin_glosses
from tests.conftest import SEED_TXT
from text.sentences import split_sentences
from ui.library import Query, catalogue, facets, http_urls, read_document, search


@pytest.fixture(scope="module")
def library(small_index):
    _, handle = small_index
    chunks = handle.journal.all_chunks()
    return catalogue(handle.journal.sources(), chunks), chunks


def test_catalogue_carries_each_source_s_metadata(library):
    infos, _ = library
    by_id = {i.source_id: i for i in infos}
    fdcpa = by_id["us-fdcpa-en"]
    assert (fdcpa.jurisdiction, fdcpa.lang, fdcpa.doc_type) == ("US", "en", "regulation")
    assert fdcpa.links and all(u.startswith(("http://", "https://")) for u in fdcpa.links)
    seed = by_id["seed-cuishou-nanxietiao"]
    assert seed.title == "催收最難協調的平臺是哪個?" and "online_collection_platform" in seed.channels
    assert not any("corpus/" in u for u in seed.links)  # a repository path is never a link


def test_title_search_ignores_script_and_case(library):
    infos, _ = library
    assert [i.source_id for i in search(infos, Query(text="催收最难协调"))] == ["seed-cuishou-nanxietiao"]
    assert [i.source_id for i in search(infos, Query(text="fdcpa"))] == ["us-fdcpa-en"]


def test_filters_combine(library):
    infos, _ = library
    cn_zh = search(infos, Query(jurisdictions=("CN",), langs=("zh",)))
    assert cn_zh and all(i.jurisdiction == "CN" and i.lang == "zh" for i in cn_zh)
    lending = search(infos, Query(channels=("online_lending",)))
    assert "channel-online-lending-zhudai-zh" in {i.source_id for i in lending}
    assert search(infos, Query(date_from="2100-01-01")) == []
    assert "US" in facets(infos)["jurisdiction"] and "regulation" in facets(infos)["doc_type"]


def test_document_is_read_with_every_paragraph_once(library, small_index):
    _, handle = small_index
    _, chunks = library
    row = next(r for r in handle.journal.sources() if r["source_id"] == "seed-cuishou-nanxietiao")
    seed = [c["text"] for c in chunks if c["source_id"] == "seed-cuishou-nanxietiao"]
    text, from_file = read_document(row["path"], handle.journal.source_hash(row["source_id"]), seed,
                                    handle.settings.max_page_bytes)
    assert from_file
    lines = [line.strip() for line in SEED_TXT.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = lines[lines.index(next(x for x in lines if x.startswith("編輯"))) + 1: lines.index("語音朗讀:")]
    for paragraph in map(strip_pinyin_glosses, body):
        assert paragraph in text
        assert len(paragraph) < 40 or text.count(paragraph) == 1  # short headings repeat in the page itself


def test_changed_file_falls_back_to_the_indexed_chunks(library):
    _, chunks = library
    seed = [c["text"] for c in chunks if c["source_id"] == "seed-cuishou-nanxietiao"]
    assert len(seed) > 1  # neighbouring chunks repeat a sentence: that is what is removed
    text, from_file = read_document("/nonexistent/seed.html", "hash", seed, 5_000_000)
    assert not from_file
    sentences = [s for chunk in seed for s in split_sentences(chunk)]
    for sentence in sentences:
        assert sentence in text
    conclusion = "網絡催收平臺由于受到法律法規、借款人情緒以及數據隱私等多重因素的影響,成為最難協調的平臺。"
    assert text.count(conclusion) == 1
    assert len(text) < sum(len(c) for c in seed)


def test_http_urls_keep_web_addresses_only():
    assert http_urls("corpus/docs/a.md", "https://a.org/x http://b.cn javascript:alert(1) https://a.org/x") == (
        "https://a.org/x", "http://b.cn")
