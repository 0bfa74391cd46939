"""Write cleaned sources into the index: chunk, embed (cached), upsert Chroma, rebuild BM25, swap the pointer."""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index import store
from index.bm25 import BM25Index
from index.embed_cache import EmbeddingCache, snapshot_path
from index.embedders import make_embedder
from index.filters import date_ordinal
from index.journal import Journal
from ingest.chunk import chunk_document
from ingest.clean import search_form
from ingest.dedup import find_near_duplicate, shingles
from ingest.load import SourceDoc
from ingest.markers import marker_metadata
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


def chunk_metadata(doc: SourceDoc, article: str) -> dict:
    """Flat metadata (Chroma accepts scalars only): channels become ch_<key> flags plus a joined string."""
    meta = doc.meta
    channels = [str(c) for c in (meta.get("channels") or [])]
    url = str(meta.get("url") or _display_path(doc.path))
    published = str(meta.get("published") or meta.get("as_of") or "")
    flat = {
        "source_id": doc.source_id, "title": doc.title, "url": url, "path": doc.path,
        "published": published, "published_ord": date_ordinal(published), "lang": doc.lang,
        "jurisdiction": str(meta.get("jurisdiction") or ""), "doc_type": str(meta.get("doc_type") or "article"),
        "channels": ",".join(channels), "confidence": str(meta.get("confidence") or ""), "article": article,
        "source_urls": " ".join(str(u) for u in meta.get("source_urls") or []),
    }
    flat.update({f"ch_{c}": True for c in channels})
    return flat


def _display_path(path: str) -> str:
    """Repo-relative for bundled files, so a citation points at something a reader can open."""
    from settings import REPO_ROOT

    try:
        return str(Path(path).resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def chunk_records(doc: SourceDoc, budget: int) -> list[dict]:
    """Stable ids: source id + position + content hash, so unchanged text keeps its id across runs."""
    records = []
    for position, chunk in enumerate(chunk_document(doc.text, budget)):
        digest = hashlib.sha1(chunk.text.encode("utf-8")).hexdigest()[:10]
        records.append({
            "chunk_id": f"{doc.source_id}#{position:04d}-{digest}",
            "text": chunk.text,
            "search_text": search_form(f"{doc.title}\n{chunk.text}"),
            "metadata": {**chunk_metadata(doc, chunk.article), **marker_metadata(chunk.flags)},
        })
    return records


def embedding_text(record: dict) -> str:
    return f"{record['metadata']['title']}\n{record['text']}"


def _nodes(records: list[dict], vectors) -> list:
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
    name = store.new_build_name(embed.model_name) if rebuild else active.collection
    collection = store.create_collection(client, name, embed.model_name, embed.dim)
    vectors_store = store.vector_store(collection)

    def encode(texts: list[str]):
        return embed.encode_passages(texts)

    changed = [d for d in docs if rebuild or journal.source_hash(d.source_id) != d.content_hash]
    report.unchanged = [d.source_id for d in docs if d not in changed]
    fingerprints = _kept_fingerprints(journal, {d.source_id for d in changed})
    for i, doc in enumerate(changed):
        fingerprint = shingles(doc.text)
        original = find_near_duplicate(fingerprint, fingerprints)
        if original:  # republished copy: linked to the original, not indexed twice
            if not rebuild:
                vectors_store.delete(ref_doc_id=doc.source_id)
            journal.replace_source(doc.source_id, doc.path, doc.title, doc.content_hash, [], duplicate_of=original)
            report.duplicates[doc.source_id] = original
            continue
        fingerprints[doc.source_id] = fingerprint
        records = chunk_records(doc, settings.chunk_tokens)
        vectors = cache.embed([embedding_text(r) for r in records], encode)
        report.embed_cache_hits += cache.hits
        report.embed_computed += cache.misses
        if not rebuild:
            vectors_store.delete(ref_doc_id=doc.source_id)
        if records:
            vectors_store.add(_nodes(records, vectors))
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


def _kept_fingerprints(journal: Journal, rewriting: set[str]) -> dict:
    """Shingle sets of the indexed sources that this run does not rewrite (duplicates hold no chunks)."""
    texts: dict[str, list[str]] = {}
    for chunk in journal.all_chunks():
        if chunk["source_id"] not in rewriting:
            texts.setdefault(chunk["source_id"], []).append(chunk["text"])
    return {sid: shingles("\n".join(parts)) for sid, parts in texts.items()}


def _carry_over(journal: Journal, passed: set[str], cache: EmbeddingCache, encode, vectors_store,
                report: BuildReport) -> None:
    rest = [c for c in journal.all_chunks() if c["source_id"] not in passed]
    if not rest:
        return
    vectors = cache.embed([embedding_text(c) for c in rest], encode)
    report.embed_computed += cache.misses
    vectors_store.add(_nodes(rest, vectors))


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
