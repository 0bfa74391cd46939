"""Embedder mismatch, atomic rebuilds, near-duplicate linking and the sentence-transformers backend."""

import shutil
import threading

import pytest
from llama_index.core.schema import QueryBundle

from index.build import apply_sources
from index.journal import Journal
from index.retrieve import BM25Retriever, DenseRetriever, HybridRetriever, open_index
from index.store import IndexMismatchError, read_active
from ingest.dedup import jaccard, shingles
from ingest.pipeline import bundled_sources, prepare
from tests.conftest import settings_for


def test_opening_with_another_embedder_is_a_clear_error(small_index):
    settings, _ = small_index
    other = settings_for(settings.data_dir, settings.corpus_dir, embedder="st:all-minilm-l6-v2")
    with pytest.raises(IndexMismatchError, match=r"debtlens ingest --rebuild"):
        open_index(other)


def test_query_during_rebuild_answers_from_old_collection(fresh_corpus):
    settings = fresh_corpus
    apply_sources(bundled_sources(settings).docs, settings)
    old_handle = open_index(settings)
    old_build = read_active(settings)
    answers, errors = [], []
    done = threading.Event()

    def query_loop():
        while not done.is_set():
            try:
                hits = HybridRetriever(old_handle).retrieve(QueryBundle("信用卡 个性化分期"))
                answers.append(len(hits))
            except Exception as exc:  # any failure while the rebuild runs is the bug under test
                errors.append(exc)

    thread = threading.Thread(target=query_loop)
    thread.start()
    try:
        apply_sources(bundled_sources(settings).docs, settings, rebuild=True)
    finally:
        done.set()
        thread.join()
    assert not errors and answers and min(answers) > 0
    new_build = read_active(settings)
    assert new_build.collection != old_build.collection
    fresh = open_index(settings)
    assert fresh.vector_store._collection.count() == old_handle.vector_store._collection.count()


def test_near_duplicate_republication_is_linked_not_indexed(fresh_corpus):
    settings = fresh_corpus
    original = settings.corpus_dir / "docs" / "us-fdcpa-en.md"
    copy = settings.corpus_dir / "docs" / "us-fdcpa-republished-en.md"
    text = original.read_text(encoding="utf-8").replace("id: us-fdcpa-en", "id: us-fdcpa-republished-en")
    copy.write_text(text.replace("# ", "# Republished: ", 1) + "\nShared by a finance portal.\n", encoding="utf-8")
    report = apply_sources(bundled_sources(settings).docs, settings)
    linked = report.duplicates
    assert linked in ({"us-fdcpa-republished-en": "us-fdcpa-en"}, {"us-fdcpa-en": "us-fdcpa-republished-en"})
    journal = Journal(settings.data_dir / "journal.sqlite")
    duplicate = next(iter(linked))
    assert journal.chunk_ids_of(duplicate) == []
    assert {s["source_id"]: s["duplicate_of"] for s in journal.sources()}[duplicate] == linked[duplicate]
    journal.close()


def test_shingle_similarity_separates_copies_from_different_texts():
    a = shingles("網絡催收平臺由于受到法律法規、借款人情緒以及數據隱私等多重因素的影響，成為最難協調的平臺。")
    b = shingles("网络催收平台由于受到法律法规、借款人情绪以及数据隐私等多重因素的影响,成为最难协调的平台")
    c = shingles("信用卡个性化分期还款协议最长期限不超过5年，签订后发卡银行停止催收。")
    assert jaccard(a, b) == 1.0  # Traditional vs Simplified, punctuation width: the same text
    assert jaccard(a, c) < 0.1


@pytest.fixture(scope="module")
def minilm_index(tmp_path_factory):
    pytest.importorskip("sentence_transformers", reason="needs the 'st' extra")
    from tests.conftest import make_small_corpus

    root = tmp_path_factory.mktemp("st")
    corpus = make_small_corpus(root)
    shutil.rmtree(corpus / "docs")
    (corpus / "docs").mkdir()
    from tests.conftest import REPO

    for name in ("us-fdcpa-en.md", "uk-fca-conc7-en.md", "in-rbi-recovery-agents-en.md"):
        shutil.copy(REPO / "corpus" / "docs" / name, corpus / "docs")
    settings = settings_for(root / "data", corpus, embedder="st:all-minilm-l6-v2")
    apply_sources(prepare([corpus / "docs"], settings.max_page_bytes).docs, settings)
    return settings, open_index(settings)


def test_sentence_transformers_backend_end_to_end(minilm_index):
    settings, handle = minilm_index
    assert handle.build.embedder == "st:all-minilm-l6-v2" and handle.embed.dim == 384
    query = QueryBundle("When may a collector not call a consumer in the morning or at night?")
    dense = DenseRetriever(handle, 5).retrieve(query)
    assert dense[0].node.metadata["source_id"] in {"us-fdcpa-en", "in-rbi-recovery-agents-en"}
    bm25 = BM25Retriever(handle, 5).retrieve(QueryBundle("recovery agents RBI 7:00 p.m."))
    assert bm25[0].node.metadata["source_id"] == "in-rbi-recovery-agents-en"
