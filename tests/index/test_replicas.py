"""Replicas on one Chroma server: a real `chroma run` process, a writer replica ingesting in a subprocess and a
reader replica with its own empty data dir answering in this process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.chroma_server import chroma_cli
from tests.conftest import REPO

DOCS = ["us-fdcpa-en.md", "channel-bank-inhouse-zh.md"]
QUESTION = "Does the FDCPA cover a bank collecting its own debt?"
NEW_TERM = "quokkaclause"

pytestmark = pytest.mark.skipif(not chroma_cli().exists(), reason="the chroma CLI is not installed in this venv")


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """`chroma run` on 127.0.0.1 and a free port, stopped after the module."""
    from index.chroma_server import local_chroma_server

    with local_chroma_server(tmp_path_factory.mktemp("chroma-server")) as address:
        yield address


def _replica_env(data_dir: Path, host: str, port: int) -> dict:
    # corpus_dir stays the bundled one: its embedding snapshot covers the copied documents, so ingest is quick.
    return {**os.environ, "DEBTLENS_DATA_DIR": str(data_dir), "DEBTLENS_CHROMA_HOST": host,
            "DEBTLENS_CHROMA_PORT": str(port), "PYTHONPATH": str(REPO), "ANONYMIZED_TELEMETRY": "False"}


def _ingest(docs: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ingest", str(docs)], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _settings(env: dict):
    from settings import Settings

    return Settings(data_dir=Path(env["DEBTLENS_DATA_DIR"]), chroma_host=env["DEBTLENS_CHROMA_HOST"],
                    chroma_port=int(env["DEBTLENS_CHROMA_PORT"]))


def test_replica_b_answers_from_the_server_and_follows_a_reingest(chroma_server, tmp_path):
    from chat.answer import answer_question
    from index import shared_state
    from index.retrieve import current_index

    host, port = chroma_server
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in DOCS:
        shutil.copy(REPO / "corpus" / "docs" / name, docs)
    env_a = _replica_env(tmp_path / "a", host, port)
    env_b = _replica_env(tmp_path / "b", host, port)

    out, _ = _ingest(docs, env_a).communicate(timeout=600)
    assert "error" not in out.lower(), out
    settings_a, settings_b = _settings(env_a), _settings(env_b)
    handle_a = current_index(settings_a)
    answer_a = answer_question(handle_a, QUESTION)
    assert not answer_a.refused and answer_a.citations

    assert not (tmp_path / "b").exists()  # B starts empty: journal and BM25 come from the server collection
    handle_b = current_index(settings_b)
    assert handle_b.build.collection == handle_a.build.collection
    assert sorted(handle_b.bm25.chunk_ids) == sorted(handle_a.bm25.chunk_ids)
    answer_b = answer_question(handle_b, QUESTION)
    assert answer_b.citations == answer_a.citations
    assert answer_b.text == answer_a.text
    first = handle_b.build.collection

    changed = docs / DOCS[0]
    changed.write_text(changed.read_text(encoding="utf-8") + f"\n\nThe {NEW_TERM} lets a borrower pause calls "
                       "for thirty days after a written request.\n", encoding="utf-8")
    writer = _ingest(docs, env_a)
    answered = 0
    while writer.poll() is None:  # B keeps answering, never erroring, while A publishes a new build
        handle_b = current_index(settings_b, handle_b)
        assert answer_question(handle_b, QUESTION).citations
        answered += 1
    out = writer.stdout.read()
    assert writer.returncode == 0, out
    handle_b = current_index(settings_b, handle_b)
    assert handle_b.build.collection != first
    hits = handle_b.bm25.search(NEW_TERM, 3)
    assert hits and hits[0][0].startswith("us-fdcpa-en#")
    assert NEW_TERM in handle_b.journal.chunks_by_id([hits[0][0]])[hits[0][0]]["text"]
    client = shared_state.http_client(host, port)
    live = {getattr(c, "name", c) for c in client.list_collections()}
    assert first in live  # superseded but inside the grace period: a replica still holding it keeps working
    print(f"B answered {answered} questions during A's re-ingest")


def test_second_writer_never_deletes_a_live_build_and_grace_expiry_collects(chroma_server, tmp_path):
    from index import shared_state

    host, port = chroma_server
    client = shared_state.http_client(host, port)
    settings = _settings(_replica_env(tmp_path / "c", host, port))
    active = shared_state.server_pointer(client)["collection"]
    orphan = f"chunks-e5-small-{int(time.time() * 1000)}"
    client.create_collection(orphan, embedding_function=None)  # as an ingest still running elsewhere leaves it

    shared_state.collect_garbage(settings, client)
    live = {getattr(c, "name", c) for c in client.list_collections()}
    assert {active, orphan} <= live

    records = client.get_collection(shared_state.META).get(include=["metadatas"])
    superseded = {m["collection"] for i, m in zip(records["ids"], records["metadatas"])
                  if i.startswith("build:") and m["superseded_at"] > 0}
    later = time.time() + settings.replica_grace_s + 1
    dropped = shared_state.collect_garbage(settings, client, now=later)
    live = {getattr(c, "name", c) for c in client.list_collections()}
    assert set(dropped) == superseded  # exactly the superseded builds, once their grace has passed
    assert active in live and orphan in live

    dropped = shared_state.collect_garbage(settings, client, now=time.time() + settings.orphan_build_s + 1)
    assert orphan in dropped and active not in dropped


def test_publish_refuses_when_another_instance_moved_the_pointer(chroma_server):
    from index import shared_state, store

    host, port = chroma_server
    client = shared_state.http_client(host, port)
    before = shared_state.server_pointer(client)
    name = store.new_build_name("e5-small")
    store.create_collection(client, name, "e5-small", 384)
    with pytest.raises(shared_state.BuildRaceError, match="run the ingest again"):
        shared_state.refuse_if_moved(client, "chunks-e5-small-0000000000000", name)
    assert shared_state.server_pointer(client) == before
    assert name not in {getattr(c, "name", c) for c in client.list_collections()}


def test_an_unreachable_server_is_a_clear_error(tmp_path):
    from index import store
    from index.chroma_server import free_port

    settings = _settings(_replica_env(tmp_path / "e", "127.0.0.1", free_port()))
    with pytest.raises(store.IndexMissingError, match="cannot reach the Chroma server at 127.0.0.1:.*chroma run"):
        store.read_active(settings)
