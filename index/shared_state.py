"""Server mode: the index state every replica needs, kept on the Chroma server.

With `DEBTLENS_CHROMA_HOST` set, the active-build pointer lives in a small `debtlens-meta` collection on the
server, not in one replica's `active.json`. Every publish writes a NEW chunk collection (copy-on-write: the
unchanged records are copied server-side, the changed sources added) and then moves the pointer, so a published
collection never changes. Its name is the build version both sides carry: a replica mirrors the collection into
`<data dir>/replicas/<collection>/` (journal + BM25, rebuilt from the collection's documents and metadata on
first open) and only ever pairs that BM25 with that collection.

Deletion is the publisher's job and only of builds the pointer record marks superseded for longer than
`replica_grace_s` (or unrecorded builds older than `orphan_build_s`): a replica that re-reads the pointer before
each question never loses the collection it is answering from, whichever instance ingested.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import time
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from index import store
from index.bm25 import BM25Index
from index.journal import Journal, StoredChunk
from settings import Settings
from text.script import search_form

META = "debtlens-meta"
POINTER_ID = "active"
_PLACEHOLDER = [0.0]  # Chroma stores a vector with every record; the meta records need none
_LLAMA_KEYS = {"_node_content", "_node_type", "doc_id", "document_id", "ref_doc_id"}
_PAGE = 1000


class BuildRaceError(RuntimeError):
    """Another instance published while this ingest ran; its build stays active and this one is dropped."""


@lru_cache(maxsize=4)
def http_client(host: str, port: int):
    """One client per server and process: opening one costs a heartbeat round trip (~1 s on a loaded machine)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    try:
        return chromadb.HttpClient(host=host, port=port, settings=ChromaSettings(anonymized_telemetry=False))
    except Exception as exc:  # chromadb raises ValueError (or an httpx error) when nothing answers
        raise store.IndexMissingError(
            f"cannot reach the Chroma server at {host}:{port} ({type(exc).__name__}); start it (chroma run --host {host} "
            f"--port {port}) or unset DEBTLENS_CHROMA_HOST to use the embedded store"
        ) from exc


def _meta(client):
    return client.get_or_create_collection(META, embedding_function=None)


def server_pointer(client) -> dict | None:
    """The pointer record (collection, embedder, dim, created), or None when nothing was published yet."""
    got = _meta(client).get(ids=[POINTER_ID], include=["metadatas"])
    return dict(got["metadatas"][0]) if got["ids"] else None


def build_sources(client, collection: str) -> list[dict]:
    """The published build's source rows (hash, path, title, duplicate link): what an ingest compares against."""
    got = _meta(client).get(ids=[f"build:{collection}"], include=["documents"])
    return json.loads(got["documents"][0]) if got["ids"] and got["documents"][0] else []


# --- replica side -----------------------------------------------------------------------------------------


def active_build(settings: Settings) -> store.ActiveBuild | None:
    """The server's active build, mirrored into this data dir (one small read when the mirror is current)."""
    client = http_client(settings.chroma_host or "", settings.chroma_port)
    pointer = server_pointer(client)
    if pointer is None:
        return None
    local = ensure_mirror(settings, client, pointer).relative_to(settings.data_dir)
    return store.ActiveBuild(pointer["collection"], str(local / "bm25"), pointer["embedder"], int(pointer["dim"]),
                             float(pointer["created"]), journal=str(local / "journal.sqlite"))


def mirror_dir(settings: Settings, collection: str) -> Path:
    return settings.data_dir / "replicas" / collection


def ensure_mirror(settings: Settings, client, pointer: dict) -> Path:
    """Journal + BM25 for the pointer's collection in this data dir, rebuilt from the server when absent."""
    target = mirror_dir(settings, pointer["collection"])
    if (target / "ready").exists():
        return target
    staging = target.with_name(f"{target.name}.tmp-{os.getpid()}-{time.time_ns()}")
    journal = Journal(staging / "journal.sqlite")
    try:
        collection = client.get_collection(pointer["collection"], embedding_function=None)
        chunks = collection_chunks(collection)
        fill_journal(journal, chunks, build_sources(client, pointer["collection"]))
        BM25Index.build(journal.all_chunks()).save(staging / "bm25")
    finally:
        journal.close()
    _install(staging, target)
    _prune_mirrors(settings, keep={pointer["collection"]})
    return target


def collection_chunks(collection) -> list[StoredChunk]:
    """Every record of a chunk collection as journal chunks (text, search form and metadata as ingest wrote them)."""
    chunks: list[StoredChunk] = []
    for offset in range(0, collection.count(), _PAGE):
        got = collection.get(limit=_PAGE, offset=offset, include=["documents", "metadatas"])
        for chunk_id, text, meta in zip(got["ids"], got["documents"], got["metadatas"]):
            meta = {k: v for k, v in (meta or {}).items() if k not in _LLAMA_KEYS}
            chunks.append(StoredChunk(chunk_id=chunk_id, source_id=str(meta.get("source_id", "")), text=text or "",
                                      search_text=search_form(f"{meta.get('title', '')}\n{text or ''}"),
                                      metadata=meta))
    return chunks


def _position(chunk_id: str) -> int:
    found = re.search(r"#(\d+)-", chunk_id)
    return int(found.group(1)) if found else 0


def fill_journal(journal: Journal, chunks: list[StoredChunk], sources: list[dict]) -> None:
    by_source: dict[str, list[StoredChunk]] = {}
    for chunk in sorted(chunks, key=lambda c: (c["source_id"], _position(c["chunk_id"]))):
        by_source.setdefault(chunk["source_id"], []).append(chunk)
    rows = {s["source_id"]: s for s in sources}
    for source_id in sorted(set(by_source) | set(rows)):
        row = rows.get(source_id, {})
        first = by_source[source_id][0]["metadata"] if source_id in by_source else {}
        journal.replace_source(source_id, row.get("path") or first.get("path", ""),
                               row.get("title") or first.get("title", ""), row.get("content_hash", ""),
                               by_source.get(source_id, []), duplicate_of=row.get("duplicate_of"))


def _install(staging: Path, target: Path) -> None:
    (staging / "ready").write_text(str(time.time()), encoding="utf-8")
    try:
        os.rename(staging, target)  # atomic; another process may have installed the same version first
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)


def _prune_mirrors(settings: Settings, keep: set[str]) -> None:
    """Keep the current mirror and the newest previous one (an open handle may still use it)."""
    root = settings.data_dir / "replicas"
    done = sorted((p for p in root.glob("*") if (p / "ready").exists() and p.name not in keep),
                  key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in done[1:]:
        shutil.rmtree(stale, ignore_errors=True)


# --- writer side ------------------------------------------------------------------------------------------


def adopt_journal(settings: Settings, collection: str) -> None:
    """Make this instance's journal the published build's, so an ingest compares against what replicas serve."""
    marker = settings.data_dir / "journal.version"
    current = marker.exists() and marker.read_text(encoding="utf-8").strip() == collection
    marker.unlink(missing_ok=True)  # only publish rewrites it, so a crashed ingest re-adopts next time
    if current:
        return
    source = sqlite3.connect(str(mirror_dir(settings, collection) / "journal.sqlite"))
    dest = sqlite3.connect(str(settings.data_dir / "journal.sqlite"))
    try:
        source.backup(dest)
    finally:
        source.close()
        dest.close()
    marker.write_text(collection, encoding="utf-8")


def copy_unchanged(client, source_name: str, dest, skip_sources: set[str]) -> int:
    """Copy the published build's records, minus the sources being rewritten, into the new collection."""
    source = client.get_collection(source_name, embedding_function=None)
    copied = 0
    for offset in range(0, source.count(), _PAGE):
        got = source.get(limit=_PAGE, offset=offset, include=["embeddings", "documents", "metadatas"])
        keep = [i for i, m in enumerate(got["metadatas"]) if (m or {}).get("source_id") not in skip_sources]
        if keep:
            dest.add(ids=[got["ids"][i] for i in keep], embeddings=[got["embeddings"][i] for i in keep],
                     documents=[got["documents"][i] for i in keep], metadatas=[got["metadatas"][i] for i in keep])
            copied += len(keep)
    return copied


def refuse_if_moved(client, expected: str | None, new_collection: str) -> None:
    """Raise (dropping the unpublished collection) when the pointer no longer names the build we started from."""
    current = server_pointer(client)
    if (current or {}).get("collection") != expected:
        client.delete_collection(new_collection)
        raise BuildRaceError(
            f"another instance published {current and current['collection']!r} on the Chroma server while this "
            f"ingest ran; nothing was changed; run the ingest again to apply it on top"
        )


def publish(settings: Settings, client, journal: Journal, bm25: BM25Index, build, expected: str | None) -> None:
    """Mirror the new build locally, then move the server pointer to it (refusing if another instance moved it
    since this ingest began), then drop what is superseded and past the grace period."""
    refuse_if_moved(client, expected, build.collection)
    staging = mirror_dir(settings, build.collection).with_name(f"{build.collection}.tmp-{os.getpid()}")
    staging.mkdir(parents=True, exist_ok=True)
    dest = sqlite3.connect(str(staging / "journal.sqlite"))
    journal.db.backup(dest)
    dest.close()
    bm25.save(staging / "bm25")
    _install(staging, mirror_dir(settings, build.collection))
    now = time.time()
    meta = _meta(client)
    meta.upsert(ids=[f"build:{build.collection}"], embeddings=[_PLACEHOLDER],
                documents=[json.dumps(journal.source_rows(), ensure_ascii=False)],
                metadatas=[{"collection": build.collection, "published": now, "superseded_at": 0.0}])
    if expected:
        meta.upsert(ids=[f"build:{expected}"], embeddings=[_PLACEHOLDER],
                    metadatas=[{"collection": expected, "published": 0.0, "superseded_at": now}])
    pointer = {k: v for k, v in asdict(build).items() if k in ("collection", "embedder", "dim", "created")}
    meta.upsert(ids=[POINTER_ID], embeddings=[_PLACEHOLDER], metadatas=[pointer])
    (settings.data_dir / "journal.version").write_text(build.collection, encoding="utf-8")
    _prune_mirrors(settings, keep={build.collection})
    collect_garbage(settings, client)


def collect_garbage(settings: Settings, client, now: float | None = None) -> list[str]:
    """Delete chunk collections that are superseded for longer than the grace period, or that no publish ever
    recorded (a crashed ingest) and are older than `orphan_build_s`. The active build is never deleted."""
    now = time.time() if now is None else now
    meta = _meta(client)
    active = (server_pointer(client) or {}).get("collection")
    records = meta.get(include=["metadatas"])
    recorded = {m["collection"]: m for i, m in zip(records["ids"], records["metadatas"]) if i.startswith("build:")}
    dropped = []
    for collection in client.list_collections():
        name = getattr(collection, "name", collection)
        if not name.startswith("chunks-") or name == active:
            continue
        record = recorded.get(name)
        superseded = float((record or {}).get("superseded_at") or 0.0)
        if superseded > 0:
            expired = now - superseded > settings.replica_grace_s
        else:  # never published, or published but the pointer never moved to it (a crashed ingest)
            expired = now - _created(name) > settings.orphan_build_s
        if expired:
            client.delete_collection(name)
            if record is not None:
                meta.delete(ids=[f"build:{name}"])
            dropped.append(name)
    return dropped


def _created(name: str) -> float:
    """Build names end in their creation time in ms (index.store.new_build_name)."""
    found = re.search(r"-(\d{13})$", name)
    return int(found.group(1)) / 1000 if found else 0.0
