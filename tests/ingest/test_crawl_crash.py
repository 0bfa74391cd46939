"""kill -9 during a crawl (while fetching, then while indexing a changed site): the next run completes with
every page indexed once, the newest text, and Chroma, BM25 and the journal agreeing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ingest.web_server import FaultServer

REPO = Path(__file__).resolve().parents[2]
PAGES = 12


def _count(db: Path, sql: str, *args) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute(sql, args).fetchone()[0]
    except sqlite3.OperationalError:  # table not created yet
        return 0


def _kill_when(cmd, env, ready, timeout=120.0) -> None:
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while not ready():
        assert proc.poll() is None, "the run finished before it could be killed; make it slower"
        assert time.monotonic() < deadline, "the run never reached the kill point"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL


def _index_state(data: Path):
    from index.bm25 import BM25Index
    from index.journal import Journal
    from index.store import chroma_client, read_active
    from settings import Settings

    settings = Settings(data_dir=data)
    journal = Journal(data / "journal.sqlite")
    chunks = journal.all_chunks()
    journal.close()
    active = read_active(settings)
    collection = chroma_client(settings).get_collection(active.collection, embedding_function=None)
    bm25 = BM25Index.load(data / active.bm25_dir)
    return chunks, collection.get(include=[])["ids"], bm25.chunk_ids


def _assert_complete(data: Path, version: int) -> None:
    chunks, chroma_ids, bm25_ids = _index_state(data)
    ids = [c["chunk_id"] for c in chunks]
    assert len(ids) == len(set(ids))
    assert sorted(chroma_ids) == sorted(ids) == sorted(bm25_ids)  # no duplicates, nothing missing anywhere
    pages = {c["source_id"] for c in chunks}
    assert len(pages) == PAGES
    texts = "\n".join(c["text"] for c in chunks)
    for n in range(PAGES):
        assert f"Page {n} version {version}:" in texts


@pytest.mark.slow
def test_kill_9_mid_crawl_then_rerun_completes_without_duplicates_or_loss(tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "DEBTLENS_DATA_DIR": str(data), "DEBTLENS_FETCH__ALLOW_ADDRESSES": "127.0.0.1",
           "DEBTLENS_FETCH__HOST_INTERVAL": "0", "DEBTLENS_FETCH__PER_HOST": "1", "PYTHONPATH": str(REPO),
           "ANONYMIZED_TELEMETRY": "False", "HF_HUB_OFFLINE": "1"}
    with FaultServer(site_pages=PAGES, page_delay=0.05) as srv:
        cmd = [sys.executable, "-m", "ingest", "--crawl", f"{srv.base}/site/p0.html", "--depth", "8",
               "--max-pages", "200"]
        fetch_db, journal_db = data / "fetch.sqlite", data / "journal.sqlite"
        # 1. killed while fetching: a third of the pages have an outcome, nothing is indexed yet
        _kill_when(cmd, env, lambda: _count(fetch_db, "SELECT COUNT(*) FROM pages") >= PAGES // 3)
        assert _count(journal_db, "SELECT COUNT(*) FROM sources") == 0
        run = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr
        _assert_complete(data, version=1)

        # 2. the site changes; killed while indexing, after some changed pages reached the journal
        srv.version = 2
        done_at = time.time()
        _kill_when(cmd, env, lambda: _count(journal_db, "SELECT COUNT(*) FROM sources WHERE ingested_at > ?",
                                            done_at) >= 3)
        run = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr
        _assert_complete(data, version=2)
