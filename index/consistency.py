"""Journal = Chroma = BM25: the check run on open, by every ingest and by `debtlens doctor`.

The journal is the source of truth. A build (one Chroma collection + one BM25 directory, named by the
pointer) is derived from it in full; any difference means a run died between its journal commit and its
pointer swap, and the next ingest or `doctor` writes a fresh build from the journal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from index import store
from settings import Settings


@dataclass
class Health:
    journal: int = 0
    chroma: int = 0
    bm25: int = 0
    missing_in_chroma: list[str] = field(default_factory=list)
    extra_in_chroma: list[str] = field(default_factory=list)
    missing_in_bm25: list[str] = field(default_factory=list)
    extra_in_bm25: list[str] = field(default_factory=list)
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not (self.problem or self.missing_in_chroma or self.extra_in_chroma or self.missing_in_bm25
                    or self.extra_in_bm25)

    def summary(self) -> str:
        if self.problem:
            return self.problem
        return (f"journal {self.journal} chunks, Chroma {self.chroma}, BM25 {self.bm25}; "
                f"missing from Chroma {len(self.missing_in_chroma)}, stale in Chroma {len(self.extra_in_chroma)}, "
                f"missing from BM25 {len(self.missing_in_bm25)}, stale in BM25 {len(self.extra_in_bm25)}")


def collection_ids(collection) -> set[str]:
    ids: set[str] = set()
    offset = 0
    while True:
        batch = collection.get(include=[], limit=5000, offset=offset)["ids"]
        ids.update(batch)
        if len(batch) < 5000:
            return ids
        offset += len(batch)


def bm25_ids(settings: Settings, build: store.ActiveBuild) -> set[str] | None:
    try:
        data = json.loads((settings.data_dir / build.bm25_dir / "chunks.json").read_text(encoding="utf-8"))
        return set(data["chunk_ids"])
    except (OSError, ValueError, KeyError):
        return None


def check(settings: Settings, journal_ids: set[str], client=None) -> Health:
    """Compare the journal's chunk ids with the active build's Chroma collection and BM25 index."""
    health = Health(journal=len(journal_ids))
    try:
        active = store.read_active(settings)
    except store.IndexMissingError as exc:
        return Health(journal=len(journal_ids), problem=str(exc))
    if active is None:
        health.problem = "no active build" if journal_ids else ""
        return health
    client = client or store.chroma_client(settings)
    try:
        chroma = collection_ids(client.get_collection(name=active.collection, embedding_function=None))
    except Exception as exc:  # chromadb raises NotFoundError or ValueError depending on version
        return Health(journal=len(journal_ids), problem=f"collection {active.collection!r} unreadable ({exc})")
    bm25 = bm25_ids(settings, active)
    if bm25 is None:
        return Health(journal=len(journal_ids), chroma=len(chroma), problem=f"BM25 index {active.bm25_dir} unreadable")
    health.chroma, health.bm25 = len(chroma), len(bm25)
    health.missing_in_chroma = sorted(journal_ids - chroma)
    health.extra_in_chroma = sorted(chroma - journal_ids)
    health.missing_in_bm25 = sorted(journal_ids - bm25)
    health.extra_in_bm25 = sorted(bm25 - journal_ids)
    return health
