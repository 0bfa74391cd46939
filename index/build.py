"""Apply ingested sources to the index: records from ingest, embed (cached), upsert Chroma, rebuild BM25, swap the
pointer. Chunking and near-duplicate detection are ingest's; this module decides what to write and when."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from index import shared_state, store
from index.bm25 import BM25Index
from index.embed_cache import EmbeddingCache, snapshot_path
from index.embedders import make_embedder
from index.faults import fault
from index.journal import Journal
from ingest.dedup import NearDuplicates
from ingest.load import SourceDoc
from ingest.pipeline import bundled_sources
from ingest.records import ChunkRecord, chunk_records, embedding_text
from settings import Settings

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    chunks_written: int = 0
    chunks_total: int = 0
    embed_cache_hits: int = 0
    embed_computed: int = 0
    duplicates: dict[str, str] = field(default_factory=dict)
    rebuilt: bool = False
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


def text_nodes(records: Sequence[ChunkRecord], vectors) -> list:
    """llama-index TextNodes carrying their vectors, linked to their source (so delete(ref_doc_id) finds them)."""
    from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

    return [
        TextNode(id_=r["chunk_id"], text=r["text"], metadata=r["metadata"], embedding=v.tolist(),
                 relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=r["metadata"]["source_id"])})
        for r, v in zip(records, vectors)
    ]


def apply_sources(docs: list[SourceDoc], settings: Settings, rebuild: bool = False,
                  progress: Progress | None = None, replace: bool = False,
                  forget: tuple[str, ...] = ()) -> BuildReport:
    """Bring the index up to date with `docs` (and drop the `forget` sources) as one transaction.

    Every run that changes anything writes a NEW build (Chroma collection + BM25 directory) from the journal's
    target state, vectors from the embedding cache, then commits the journal in one transaction, then swaps the
    pointer. Readers only ever see a complete build. A crash before the journal commit leaves an orphan build
    (dropped next run); after it, the journal differs from the active build and the next run (or `doctor`)
    writes the build again. A run that removed text drops the previous build and vacuums the stores.
    """
    started = time.perf_counter()
    report = BuildReport()
    with ingest_lock(settings):
        if settings.chroma_host:  # compare against what the replicas serve, whoever published it
            published = store.read_active(settings)
            if published:
                shared_state.adopt_journal(settings, published.collection)
        journal = Journal(settings.data_dir / "journal.sqlite")
        try:
            _apply(journal, docs, settings, rebuild, progress, replace, set(forget), report)
        finally:
            journal.close()
    report.seconds = time.perf_counter() - started
    return report


def _apply(journal: Journal, docs: list[SourceDoc], settings: Settings, rebuild: bool, progress: Progress | None,
           replace: bool, forget: set[str], report: BuildReport) -> None:
    from index.consistency import check

    embed = make_embedder(settings.embedder, settings.device, settings.embed_threads)
    cache = EmbeddingCache(settings.data_dir / "embed_cache.sqlite", embed.model_name, embed.dim)
    cache.load_snapshot(snapshot_path(settings.corpus_dir, embed.model_name))
    client = store.chroma_client(settings)
    active = store.read_active(settings)
    if active and not rebuild and (active.embedder != embed.model_name or active.dim != embed.dim):
        store.open_collection(client, active, embed.model_name, embed.dim, settings)  # raises with the fix
    docs = [d for d in docs if _owned(journal, d, replace, report)]
    changed = [d for d in docs if rebuild or journal.source_hash(d.source_id) != d.content_hash]
    report.unchanged = [d.source_id for d in docs if d not in changed]
    duplicates = NearDuplicates(_kept_texts(journal, {d.source_id for d in changed} | forget))
    changes: list[tuple] = []
    for i, doc in enumerate(changed):
        original = duplicates.original_of(doc)
        if original:  # republished copy: linked to the original, not indexed twice
            changes.append((doc.source_id, doc.path, doc.title, doc.content_hash, [], original, doc.flagged))
            report.duplicates[doc.source_id] = original
            continue
        records = chunk_records(doc, settings.chunk_tokens)
        changes.append((doc.source_id, doc.path, doc.title, doc.content_hash, records, None, doc.flagged))
        report.added.append(doc.source_id)
        report.chunks_written += len(records)
        if progress:
            progress("chunk", i + 1, len(changed))
    rewritten = {c[0] for c in changes} | forget
    before = journal.all_chunks()
    target = [c for c in before if c["source_id"] not in rewritten] + [r for c in changes for r in c[4]]
    report.chunks_total = len(target)
    healthy = active is not None and check(settings, {c["chunk_id"] for c in before}, client).ok
    if not changes and not forget and not rebuild and healthy:
        return
    removed = {c["chunk_id"] for c in before if c["source_id"] in rewritten} - {c["chunk_id"] for c in target}
    name = store.new_build_name(embed.model_name)
    vectors = cache.embed([embedding_text(r) for r in target], embed.encode_passages)
    report.embed_cache_hits += cache.hits
    report.embed_computed += cache.misses
    vectors_store = store.vector_store(store.create_collection(client, name, embed.model_name, embed.dim))
    for start in range(0, len(target), 256):
        vectors_store.add(text_nodes(target[start:start + 256], vectors[start:start + 256]))
        fault("after_chroma_add")
        if progress:
            progress("vectors", min(start + 256, len(target)), len(target))
    fault("after_chroma")
    journal.replace_many(changes, forget=forget)
    fault("after_journal")
    chunks = journal.all_chunks()
    fault("before_bm25")
    bm25 = BM25Index.build(chunks)
    if settings.chroma_host:
        # Server mode: a published collection never changes under a replica; the pointer and a mirror of the
        # journal and BM25 live with the server, and only superseded builds past the grace period are dropped.
        mirror = f"replicas/{name}"
        new = store.ActiveBuild(name, f"{mirror}/bm25", embed.model_name, embed.dim, time.time(),
                                journal=f"{mirror}/journal.sqlite")
        fault("before_pointer")
        shared_state.publish(settings, client, journal, bm25, new, expected=active and active.collection)
        fault("after_pointer")
        report.rebuilt = True
        return
    bm25_dir = f"bm25/{name}"
    bm25.save(settings.data_dir / bm25_dir)
    fault("before_pointer")
    new = store.ActiveBuild(name, bm25_dir, embed.model_name, embed.dim, time.time())
    store.write_active(settings, new)
    fault("after_pointer")
    report.rebuilt = True
    _drop_old(settings, client, old=None if removed else active, new=new)
    if removed:  # removed text must not survive in kept builds, Chroma's log or SQLite free pages
        cache.forget([embedding_text(c) for c in before if c["chunk_id"] in removed])
        purge(settings, client, journal)


def _owned(journal: Journal, doc: SourceDoc, replace: bool, report: BuildReport) -> bool:
    """An id belongs to the file that first indexed it; another file claiming it is refused unless --replace."""
    owner = journal.owner(doc.source_id)
    if owner is None or replace or os.path.realpath(owner) == os.path.realpath(doc.path):
        return True
    report.errors.append(f"{doc.path}: id {doc.source_id!r} is already owned by {owner}; give this file its own "
                         f"id, or pass --replace to let it take over {doc.source_id!r}")
    return False


@contextlib.contextmanager
def ingest_lock(settings: Settings):
    """One writer at a time (ingest, forget, doctor); readers never wait for it."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with (settings.data_dir / "ingest.lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def purge(settings: Settings, client, journal: Journal) -> None:
    """Vacuum the journal, and (embedded store) Chroma's SQLite after its client lets go: deleted collections'
    log rows are gone with them, VACUUM rewrites the file without the freed pages."""
    journal.vacuum()
    if settings.chroma_host:
        return
    client.clear_system_cache()
    path = settings.data_dir / "chroma" / "chroma.sqlite3"
    if path.exists():
        db = sqlite3.connect(str(path), timeout=60)
        try:
            db.execute("VACUUM")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()


def _kept_texts(journal: Journal, rewriting: set[str]) -> dict[str, str]:
    """Text of the indexed sources that this run does not rewrite (duplicates hold no chunks)."""
    texts: dict[str, list[str]] = {}
    for chunk in journal.all_chunks():
        if chunk["source_id"] not in rewriting:
            texts.setdefault(chunk["source_id"], []).append(chunk["text"])
    return {sid: "\n".join(parts) for sid, parts in texts.items()}


def _drop_old(settings: Settings, client, old: store.ActiveBuild | None, new: store.ActiveBuild) -> None:
    """Keep the new build and `old` (readers may still hold it; None when this run removed text); delete the rest,
    including orphans of runs that died before their pointer swap."""
    kept = [b for b in (new, old) if b is not None]
    keep = {b.collection for b in kept}
    for collection in client.list_collections():
        name = getattr(collection, "name", collection)
        if name.startswith("chunks-") and name not in keep:
            client.delete_collection(name)
    keep_dirs = {Path(b.bm25_dir).name for b in kept}
    for directory in (settings.data_dir / "bm25").glob("*"):
        if directory.name not in keep_dirs:
            shutil.rmtree(directory, ignore_errors=True)


def index_bundled(settings: Settings, rebuild: bool = False, progress: Progress | None = None) -> BuildReport:
    """Index the bundled corpus (first run of the app, benches, tests); a bad bundled file is a bug, so it raises."""
    prepared = bundled_sources(settings)
    if prepared.errors:
        raise ValueError("the bundled corpus has bad files:\n" + "\n".join(prepared.errors))
    return apply_sources(prepared.docs, settings, rebuild=rebuild, progress=progress)


def write_embedding_snapshot(settings: Settings) -> tuple[Path, int]:
    """Embed the bundled corpus (cached) and write corpus/embeddings/<embedder>.npz for fast fresh installs."""
    embed = make_embedder(settings.embedder, settings.device, settings.embed_threads)
    cache = EmbeddingCache(settings.data_dir / "embed_cache.sqlite", embed.model_name, embed.dim)
    target = snapshot_path(settings.corpus_dir, embed.model_name)
    cache.load_snapshot(target)
    texts = [embedding_text(r) for d in bundled_sources(settings).docs for r in chunk_records(d, settings.chunk_tokens)]
    cache.embed(texts, embed.encode_passages)
    return target, cache.write_snapshot(target, texts)
