"""The ingest journal (SQLite): each source's status and hash, and every chunk's text and metadata.

It is the source of truth for BM25 and for rebuilding a collection; Chroma holds the vectors.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from ingest.records import ChunkRecord


class StoredChunk(ChunkRecord):
    """A chunk record as the journal returns it: with the id of its source."""

    source_id: str


_SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
  source_id TEXT PRIMARY KEY, path TEXT, title TEXT, content_hash TEXT, status TEXT,
  message TEXT, ingested_at REAL, chunk_ids TEXT, duplicate_of TEXT, flags TEXT
);
CREATE TABLE IF NOT EXISTS chunks (
  chunk_id TEXT PRIMARY KEY, source_id TEXT, position INTEGER, text TEXT, search_text TEXT, metadata TEXT
);
CREATE INDEX IF NOT EXISTS chunks_by_source ON chunks(source_id, position);
"""


class Journal:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self.db.execute("PRAGMA secure_delete=ON")  # deleted text is overwritten, not left in free pages
        self.db.executescript(_SCHEMA)
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(sources)")}
        if "flags" not in columns:  # journals written before sentences were flagged
            self.db.execute("ALTER TABLE sources ADD COLUMN flags TEXT")

    def close(self) -> None:
        self.db.close()

    def source_hash(self, source_id: str) -> str | None:
        row = self.db.execute(
            "SELECT content_hash FROM sources WHERE source_id=? AND status='ok'", (source_id,)
        ).fetchone()
        return row[0] if row else None

    def chunk_ids_of(self, source_id: str) -> list[str]:
        rows = self.db.execute("SELECT chunk_id FROM chunks WHERE source_id=? ORDER BY position", (source_id,))
        return [r[0] for r in rows]

    def replace_source(self, source_id: str, path: str, title: str, content_hash: str, chunks: Sequence[ChunkRecord],
                       duplicate_of: str | None = None, flags: list[str] | None = None) -> None:
        """Swap a source's chunks in one transaction, so a crash leaves the old or the new set, never a mix."""
        with self.db:
            self._replace(source_id, path, title, content_hash, chunks, duplicate_of, flags)

    def replace_many(self, changes: list[tuple], forget: Iterable[str] = ()) -> None:
        """A whole run's changes (replace_source argument tuples) and removals in ONE transaction."""
        with self.db:
            for change in changes:
                self._replace(*change)
            for source_id in forget:
                self.db.execute("DELETE FROM chunks WHERE source_id=?", (source_id,))
                self.db.execute("DELETE FROM sources WHERE source_id=?", (source_id,))

    def owner(self, source_id: str) -> str | None:
        """The path that owns an id (the file that first indexed it), if any."""
        row = self.db.execute("SELECT path FROM sources WHERE source_id=? AND status='ok'", (source_id,)).fetchone()
        return row[0] if row else None

    def source_of_path(self, path: str) -> str | None:
        import os

        for source_id, stored in self.db.execute("SELECT source_id, path FROM sources"):
            if stored and os.path.realpath(stored) == os.path.realpath(path):
                return source_id
        return None

    def chunk_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT chunk_id FROM chunks")}

    def vacuum(self) -> None:
        self.db.execute("VACUUM")

    def _replace(self, source_id: str, path: str, title: str, content_hash: str, chunks: Sequence[ChunkRecord],
                 duplicate_of: str | None = None, flags: list[str] | None = None) -> None:
        self.db.execute("DELETE FROM chunks WHERE source_id=?", (source_id,))
        self.db.executemany(
            "INSERT INTO chunks VALUES (?,?,?,?,?,?)",
            [(c["chunk_id"], source_id, i, c["text"], c["search_text"], json.dumps(c["metadata"], ensure_ascii=False))
             for i, c in enumerate(chunks)],
        )
        self.db.execute(
            "INSERT OR REPLACE INTO sources (source_id, path, title, content_hash, status, message, ingested_at,"
            " chunk_ids, duplicate_of, flags) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (source_id, path, title, content_hash, "ok", "", time.time(),
             json.dumps([c["chunk_id"] for c in chunks]), duplicate_of, json.dumps(flags or [], ensure_ascii=False)),
        )

    def record_failure(self, source_id: str, path: str, message: str) -> None:
        """Note a failed source without touching chunks a previous good run stored."""
        with self.db:
            exists = self.db.execute("SELECT 1 FROM sources WHERE source_id=?", (source_id,)).fetchone()
            if exists:
                self.db.execute("UPDATE sources SET message=?, ingested_at=? WHERE source_id=?",
                                (message, time.time(), source_id))
            else:
                self.db.execute("INSERT INTO sources (source_id, path, title, content_hash, status, message, "
                                "ingested_at, chunk_ids, duplicate_of) VALUES (?,?,?,?,?,?,?,?,?)",
                                (source_id, path, "", "", "failed", message, time.time(), "[]", None))

    def all_chunks(self) -> list[StoredChunk]:
        rows = self.db.execute(
            "SELECT chunk_id, source_id, text, search_text, metadata FROM chunks ORDER BY source_id, position"
        )
        return [{"chunk_id": r[0], "source_id": r[1], "text": r[2], "search_text": r[3], "metadata": json.loads(r[4])}
                for r in rows]

    def chunks_by_id(self, chunk_ids: Iterable[str]) -> dict[str, StoredChunk]:
        ids = list(chunk_ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT chunk_id, source_id, text, search_text, metadata FROM chunks WHERE chunk_id IN ({marks})", ids
        )
        return {r[0]: {"chunk_id": r[0], "source_id": r[1], "text": r[2], "search_text": r[3],
                       "metadata": json.loads(r[4])} for r in rows}

    def sources(self) -> list[dict]:
        rows = self.db.execute(
            "SELECT source_id, path, title, status, message, duplicate_of, chunk_ids, flags FROM sources ORDER BY source_id"
        )
        return [{"source_id": r[0], "path": r[1], "title": r[2], "status": r[3], "message": r[4],
                 "duplicate_of": r[5], "chunks": len(json.loads(r[6] or "[]")),
                 "flagged_sentences": json.loads(r[7] or "[]")} for r in rows]

    def chunk_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    def source_rows(self) -> list[dict]:
        """Each indexed source's hash, path, title and duplicate link (what a later ingest compares against)."""
        rows = self.db.execute(
            "SELECT source_id, path, title, content_hash, duplicate_of FROM sources WHERE status='ok' ORDER BY source_id"
        )
        return [{"source_id": r[0], "path": r[1], "title": r[2], "content_hash": r[3], "duplicate_of": r[4]}
                for r in rows]
