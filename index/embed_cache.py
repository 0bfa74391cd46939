"""Embeddings cached by (embedder name, content hash): re-ingesting unchanged text costs no model time.

A compact snapshot for the bundled corpus ships in corpus/embeddings/ so a fresh install indexes in seconds.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def snapshot_path(corpus_dir: Path, embedder: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "-." else "_" for c in embedder)
    return corpus_dir / "embeddings" / f"{safe}.npz"


class EmbeddingCache:
    def __init__(self, path: Path, embedder: str, dim: int):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.embedder, self.dim = embedder, dim
        self.db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self.db.execute("CREATE TABLE IF NOT EXISTS vectors (embedder TEXT, key TEXT, vector BLOB, PRIMARY KEY(embedder, key))")
        self.hits = self.misses = 0

    def forget(self, texts: list[str]) -> None:
        """Drop the vectors of removed texts (the cache holds no text, only hashes and vectors)."""
        with self.db:
            self.db.executemany("DELETE FROM vectors WHERE embedder=? AND key=?",
                                [(self.embedder, text_key(t)) for t in texts])

    def load_snapshot(self, path: Path) -> int:
        """Seed from a shipped .npz (keys, float16 vectors); returns how many vectors it added."""
        if not path.exists():
            return 0
        data = np.load(path, allow_pickle=False)
        if str(data["embedder"]) != self.embedder or data["vectors"].shape[1] != self.dim:
            return 0
        rows = [(self.embedder, str(k), v.astype(np.float32).tobytes()) for k, v in zip(data["keys"], data["vectors"])]
        with self.db:
            before = self.db.total_changes
            self.db.executemany("INSERT OR IGNORE INTO vectors VALUES (?,?,?)", rows)
            return self.db.total_changes - before

    def write_snapshot(self, path: Path, texts: list[str]) -> int:
        keys = sorted({text_key(t) for t in texts})
        found = self._lookup(keys)
        missing = [k for k in keys if k not in found]
        if missing:
            raise RuntimeError(f"{len(missing)} texts are not embedded yet; run ingest first")
        path.parent.mkdir(parents=True, exist_ok=True)
        vectors = np.stack([found[k] for k in keys]).astype(np.float16)
        np.savez_compressed(path, embedder=np.array(self.embedder), keys=np.array(keys), vectors=vectors)
        return len(keys)

    def known(self, keys: list[str]) -> dict[str, np.ndarray]:
        """The cached vectors of `keys` (text_key values); nothing is computed."""
        return self._lookup(keys)

    def _lookup(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            part = keys[start:start + 500]
            marks = ",".join("?" * len(part))
            for key, blob in self.db.execute(
                f"SELECT key, vector FROM vectors WHERE embedder=? AND key IN ({marks})", [self.embedder, *part]
            ):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def embed(self, texts: list[str], encode: Callable[[list[str]], np.ndarray],
              progress: Callable[[int, int], None] | None = None, batch: int = 8) -> np.ndarray:
        """Vectors for `texts`, computing only the ones not cached, in batches so progress can be shown."""
        keys = [text_key(t) for t in texts]
        found = self._lookup(sorted(set(keys)))
        todo = sorted({k: t for k, t in zip(keys, texts) if k not in found}.items())
        self.hits, self.misses = len(texts) - sum(1 for k in keys if k not in found), len(todo)
        for start in range(0, len(todo), batch):
            part = todo[start:start + batch]
            vectors = np.asarray(encode([t for _, t in part]), dtype=np.float32)
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO vectors VALUES (?,?,?)",
                                    [(self.embedder, k, v.tobytes()) for (k, _), v in zip(part, vectors)])
            found.update({k: v for (k, _), v in zip(part, vectors)})
            if progress:
                progress(min(start + batch, len(todo)), len(todo))
        return np.stack([found[k] for k in keys]) if keys else np.zeros((0, self.dim), dtype=np.float32)
