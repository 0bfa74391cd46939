"""A run killed after journalling a source but before the new BM25 and pointer: the next run rebuilds BM25."""

from index.bm25 import BM25Index
from index.build import apply_sources
from index.journal import Journal
from index.store import read_active
from ingest.pipeline import prepare
from ingest.records import chunk_records


def test_journal_newer_than_the_pointer_rebuilds_bm25(fresh_corpus):
    settings = fresh_corpus
    docs = prepare([settings.corpus_dir], settings.max_page_bytes).docs
    *kept, late = docs
    apply_sources(kept, settings)
    journal = Journal(settings.data_dir / "journal.sqlite")  # what the killed run left behind
    journal.replace_source(late.source_id, late.path, late.title, late.content_hash,
                           chunk_records(late, settings.chunk_tokens))
    journal.close()
    report = apply_sources(kept, settings)
    assert report.added == []  # nothing passed in changed ...
    bm25 = BM25Index.load(settings.data_dir / read_active(settings).bm25_dir)
    assert any(cid.startswith(f"{late.source_id}#") for cid in bm25.chunk_ids)  # ... yet BM25 caught up
