"""Apply ingested sources to the index: records from ingest, embed (cached), upsert Chroma, rebuild BM25, swap the
pointer. Chunking and near-duplicate detection are ingest's; this module decides what to write and when."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from index import store
from index.bm25 import BM25Index
from index.embed_cache import EmbeddingCache, snapshot_path
from index.embedders import make_embedder
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


def text_nodes(records: Sequence[ChunkRecord], vectors) -> list:
    """llama-index TextNodes carrying their vectors, linked to their source (so delete(ref_doc_id) finds them)."""
    from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

    return [
        TextNode(id_=r["chunk_id"], text=r["text"], metadata=r["metadata"], embedding=v.tolist(),
                 relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=r["metadata"]["source_id"])})
        for r, v in zip(records, vectors)
    ]


def apply_sources(docs: list[SourceDoc], settings: Settings, rebuild: bool = False,
                  progress: Progress | None = None) -> BuildReport:
    """Bring the index up to date with `docs`; unchanged sources cost nothing. Readers never see a half state."""
    started = time.perf_counter()
    report = BuildReport()
    journal = Journal(settings.data_dir / "journal.sqlite")
    embed = make_embedder(settings.embedder, settings.device)
    cache = EmbeddingCache(settings.data_dir / "embed_cache.sqlite", embed.model_name, embed.dim)
    cache.load_snapshot(snapshot_path(settings.corpus_dir, embed.model_name))
    client = store.chroma_client(settings)
    active = store.read_active(settings)
    if active and not rebuild and (active.embedder != embed.model_name or active.dim != embed.dim):
        store.open_collection(client, active, embed.model_name, embed.dim, settings)  # raises with the fix
    rebuild = rebuild or active is None
    name = store.new_build_name(embed.model_name) if rebuild or active is None else active.collection
    collection = store.create_collection(client, name, embed.model_name, embed.dim)
    vectors_store = store.vector_store(collection)

    def encode(texts: list[str]):
        return embed.encode_passages(texts)

    changed = [d for d in docs if rebuild or journal.source_hash(d.source_id) != d.content_hash]
    report.unchanged = [d.source_id for d in docs if d not in changed]
    duplicates = NearDuplicates(_kept_texts(journal, {d.source_id for d in changed}))
    for i, doc in enumerate(changed):
        original = duplicates.original_of(doc)
        if original:  # republished copy: linked to the original, not indexed twice
            if not rebuild:
                vectors_store.delete(ref_doc_id=doc.source_id)
            journal.replace_source(doc.source_id, doc.path, doc.title, doc.content_hash, [], duplicate_of=original)
            report.duplicates[doc.source_id] = original
            continue
        records = chunk_records(doc, settings.chunk_tokens)
        vectors = cache.embed([embedding_text(r) for r in records], encode)
        report.embed_cache_hits += cache.hits
        report.embed_computed += cache.misses
        if not rebuild:
            vectors_store.delete(ref_doc_id=doc.source_id)
        if records:
            vectors_store.add(text_nodes(records, vectors))
        journal.replace_source(doc.source_id, doc.path, doc.title, doc.content_hash, records)
        report.added.append(doc.source_id)
        report.chunks_written += len(records)
        if progress:
            progress("embed", i + 1, len(changed))
    if rebuild:  # sources already journalled but not passed in this run move to the new collection too
        _carry_over(journal, {d.source_id for d in docs}, cache, encode, vectors_store, report)
    chunks = journal.all_chunks()
    report.chunks_total = len(chunks)
    if changed or rebuild or active is None or not (settings.data_dir / active.bm25_dir).exists():
        bm25_dir = f"bm25/{name}-{int(time.time() * 1000)}"
        BM25Index.build(chunks).save(settings.data_dir / bm25_dir)
        new = store.ActiveBuild(name, bm25_dir, embed.model_name, embed.dim, time.time())
        store.write_active(settings, new)
        _drop_old(settings, client, old=active, new=new)
    report.rebuilt = rebuild
    report.seconds = time.perf_counter() - started
    journal.close()
    return report


def _kept_texts(journal: Journal, rewriting: set[str]) -> dict[str, str]:
    """Text of the indexed sources that this run does not rewrite (duplicates hold no chunks)."""
    texts: dict[str, list[str]] = {}
    for chunk in journal.all_chunks():
        if chunk["source_id"] not in rewriting:
            texts.setdefault(chunk["source_id"], []).append(chunk["text"])
    return {sid: "\n".join(parts) for sid, parts in texts.items()}


def _carry_over(journal: Journal, passed: set[str], cache: EmbeddingCache, encode, vectors_store,
                report: BuildReport) -> None:
    rest = [c for c in journal.all_chunks() if c["source_id"] not in passed]
    if not rest:
        return
    vectors = cache.embed([embedding_text(c) for c in rest], encode)
    report.embed_computed += cache.misses
    vectors_store.add(text_nodes(rest, vectors))


def _drop_old(settings: Settings, client, old: store.ActiveBuild | None, new: store.ActiveBuild) -> None:
    """Keep the new build and the one before it (readers may still hold it); delete anything older."""
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
    embed = make_embedder(settings.embedder, settings.device)
    cache = EmbeddingCache(settings.data_dir / "embed_cache.sqlite", embed.model_name, embed.dim)
    target = snapshot_path(settings.corpus_dir, embed.model_name)
    cache.load_snapshot(target)
    texts = [embedding_text(r) for d in bundled_sources(settings).docs for r in chunk_records(d, settings.chunk_tokens)]
    cache.embed(texts, embed.encode_passages)
    return target, cache.write_snapshot(target, texts)
