"""The Chroma vector store (embedded or server) and the 'active build' pointer that makes rebuilds atomic.

`active.json` names the collection and BM25 directory that readers use. A rebuild writes a new collection
and BM25 index beside the old ones and only then rewrites the pointer (an atomic rename), so the app keeps
answering from the old build until the new one is complete.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from ingest.pipeline import bundled_paths
from settings import Settings


class IndexMismatchError(RuntimeError):
    """The stored collection was built by another embedder; the message says how to rebuild."""


class IndexMissingError(RuntimeError):
    pass


class IndexUnavailableError(RuntimeError):
    """The configured Chroma server cannot be reached; the message says how to start it or go embedded."""


@dataclass
class ActiveBuild:
    collection: str
    bm25_dir: str
    embedder: str
    dim: int
    created: float
    journal: str = "journal.sqlite"  # relative to the data dir; server mode reads a per-build mirror


def rebuild_paths(settings: Settings) -> str:
    """The bundled corpus paths, as an ingest command line in error messages."""
    return " ".join(str(p) for p in bundled_paths(settings))


def pointer_path(settings: Settings) -> Path:
    return settings.data_dir / "active.json"


def read_active(settings: Settings) -> ActiveBuild | None:
    if settings.chroma_host:  # the pointer lives on the server, shared by every replica
        from index import shared_state

        return shared_state.active_build(settings)
    path = pointer_path(settings)
    if not path.exists():
        return None
    try:
        return ActiveBuild(**json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError) as exc:
        raise IndexMissingError(
            f"{path} is corrupt ({exc}); rebuild with: debtlens ingest --rebuild {rebuild_paths(settings)}"
        ) from exc


def write_active(settings: Settings, build: ActiveBuild) -> None:
    path = pointer_path(settings)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(build), indent=1), encoding="utf-8")
    os.replace(tmp, path)  # atomic on POSIX: readers see the old or the new build, never half


def new_build_name(embedder: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in embedder.lower()).strip("-")[:40]
    return f"chunks-{slug}-{int(time.time() * 1000)}"


def chroma_client(settings: Settings):
    """Embedded PersistentClient by default; an HTTP client when DEBTLENS_CHROMA_HOST is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    if settings.chroma_host:
        from index.shared_state import http_client

        return http_client(settings.chroma_host, settings.chroma_port)
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    path = settings.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def create_collection(client, name: str, embedder: str, dim: int):
    # embedding_function=None: Chroma's default would download an ONNX model.
    return client.get_or_create_collection(
        name=name, embedding_function=None,
        metadata={"embedder": embedder, "dim": dim, "hnsw:space": "cosine"},
    )


def open_collection(client, build: ActiveBuild, embedder: str, dim: int, settings: Settings):
    """Open the active collection, refusing to mix vectors from a different embedder."""
    if build.embedder != embedder or build.dim != dim:
        raise IndexMismatchError(
            f"the index was built with embedder {build.embedder!r} (dim {build.dim}) but {embedder!r} (dim {dim}) "
            f"is configured; rebuild with: DEBTLENS_EMBEDDER={embedder} debtlens ingest --rebuild {rebuild_paths(settings)}"
        )
    try:
        collection = client.get_collection(name=build.collection, embedding_function=None)
    except Exception as exc:  # chromadb raises NotFoundError/ValueError depending on version
        raise IndexMissingError(
            f"collection {build.collection!r} is missing or unreadable ({exc}); "
            f"rebuild with: debtlens ingest --rebuild {rebuild_paths(settings)}"
        ) from exc
    stored = collection.metadata or {}
    if stored.get("embedder") not in (None, embedder):
        raise IndexMismatchError(f"collection {build.collection!r} holds {stored.get('embedder')!r} vectors")
    return collection


def vector_store(collection):
    from llama_index.vector_stores.chroma import ChromaVectorStore

    return ChromaVectorStore(chroma_collection=collection)
