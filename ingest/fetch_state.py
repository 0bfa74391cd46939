"""What the fetcher remembers (SQLite in the data dir) and the raw page snapshots it keeps.

One row per URL: the last outcome with its reason, the validators (ETag, Last-Modified) and the snapshot of
the last good fetch. A failed fetch updates the outcome but keeps the validators and snapshot, so a flaky
server never costs a page already ingested. Snapshots are content-addressed files written to a temporary
name and renamed, and the row is written after the file: a crash leaves at worst an unreferenced file.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
  url TEXT PRIMARY KEY, final_url TEXT, outcome TEXT, reason TEXT, message TEXT, http_status INTEGER,
  etag TEXT, last_modified TEXT, content_type TEXT, charset TEXT, snapshot TEXT, sha256 TEXT,
  fetched_at REAL, checked_at REAL, attempts INTEGER, meta TEXT
);
"""

# Outcomes, as counted by the progress bar.
FETCHED, UNCHANGED, ROBOTS, FAILED = "fetched", "unchanged", "robots", "failed"


@dataclass
class PageOutcome:
    """The result of one URL in one run: what happened, why, and where its snapshot is."""

    url: str
    outcome: str
    reason: str = ""  # short code: http-404, timeout, blocked-address, too-large, ...
    message: str = ""  # one actionable line for a person
    http_status: int | None = None
    final_url: str = ""
    content_type: str = ""
    charset: str | None = None
    snapshot: str | None = None  # relative to the data dir
    sha256: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    attempts: int = 0
    seconds: float = 0.0
    meta: dict = field(default_factory=dict)  # from the manifest: lang, jurisdiction, doc_type, ...

    @property
    def has_snapshot(self) -> bool:
        return self.outcome in (FETCHED, UNCHANGED) and bool(self.snapshot)


class FetchState:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.snapshot_dir = data_dir / "snapshots"
        self.snapshot_dir.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(data_dir / "fetch.sqlite"), timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    def previous(self, url: str) -> dict | None:
        row = self.db.execute("SELECT etag, last_modified, snapshot, sha256, content_type, charset, final_url "
                              "FROM pages WHERE url=?", (url,)).fetchone()
        if row is None:
            return None
        keys = ("etag", "last_modified", "snapshot", "sha256", "content_type", "charset", "final_url")
        prev = dict(zip(keys, row))
        if prev["snapshot"] and not (self.data_dir / prev["snapshot"]).exists():
            return None  # snapshot lost: fetch unconditionally rather than trust a 304 we cannot serve
        return prev

    def write_snapshot(self, body: bytes) -> tuple[str, str]:
        """Store a page body once (content-addressed); returns (relative path, sha256)."""
        digest = hashlib.sha256(body).hexdigest()
        rel = Path("snapshots") / digest[:2] / f"{digest}.raw"
        target = self.data_dir / rel
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(f".tmp{os.getpid()}")
            with open(tmp, "wb") as fh:
                fh.write(body)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        return str(rel), digest

    def read_snapshot(self, rel: str) -> bytes:
        return (self.data_dir / rel).read_bytes()

    def record(self, page: PageOutcome) -> None:
        """Store one URL's outcome; validators and snapshot change only with a good fetch."""
        now = time.time()
        with self.db:
            if page.outcome == FETCHED or (page.outcome == UNCHANGED and page.snapshot):
                self.db.execute(
                    "INSERT OR REPLACE INTO pages VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (page.url, page.final_url, page.outcome, page.reason, page.message, page.http_status,
                     page.etag, page.last_modified, page.content_type, page.charset, page.snapshot, page.sha256,
                     now, now, page.attempts, json.dumps(page.meta, ensure_ascii=False)))
                return
            exists = self.db.execute("SELECT 1 FROM pages WHERE url=?", (page.url,)).fetchone()
            if exists:
                self.db.execute("UPDATE pages SET outcome=?, reason=?, message=?, http_status=?, checked_at=?, "
                                "attempts=? WHERE url=?", (page.outcome, page.reason, page.message,
                                                           page.http_status, now, page.attempts, page.url))
            else:
                self.db.execute("INSERT INTO pages (url, final_url, outcome, reason, message, http_status, "
                                "checked_at, attempts, meta) VALUES (?,?,?,?,?,?,?,?,?)",
                                (page.url, page.final_url, page.outcome, page.reason, page.message,
                                 page.http_status, now, page.attempts, json.dumps(page.meta, ensure_ascii=False)))

    def outcomes(self) -> list[dict]:
        """Every URL's latest outcome, for reports and tests."""
        cur = self.db.execute("SELECT url, outcome, reason, message, http_status, snapshot, final_url, checked_at "
                              "FROM pages ORDER BY url")
        keys = ("url", "outcome", "reason", "message", "http_status", "snapshot", "final_url", "checked_at")
        return [dict(zip(keys, row)) for row in cur]

    def ingestable(self) -> list[PageOutcome]:
        """The last good snapshot of every URL, for re-running extraction without the network."""
        cur = self.db.execute("SELECT url, final_url, content_type, charset, snapshot, sha256, meta FROM pages "
                              "WHERE snapshot IS NOT NULL ORDER BY url")
        return [PageOutcome(url=r[0], outcome=UNCHANGED, final_url=r[1], content_type=r[2], charset=r[3],
                            snapshot=r[4], sha256=r[5], meta=json.loads(r[6] or "{}")) for r in cur]
