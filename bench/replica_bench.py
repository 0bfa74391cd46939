"""Replica benchmark: two DebtLens replicas on one Chroma server.

    debtlens bench replicas [--questions 30] [--data /tmp/replicabench] [--out FILE]
    (or python -m bench.replica_bench ...)

Starts `chroma run` on 127.0.0.1 (a free port), then:
  replica A (own data dir) ingests the bundled corpus into the server (the embedding snapshot makes it an insert
  cost, not an embedding cost); replica B (empty data dir) opens the index: its journal and BM25 are rebuilt from
  the server collection (first-open time, split into fetch / journal / BM25); then the same dev-set questions
  are answered on A and on B, each preceded by the version check a replica does before answering.
Prints a Markdown table and writes the figures to --out as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from evals.metrics import percentile  # noqa: E402  (needs the path above when run as a script)


def answer_latencies(settings, questions: list[str]) -> tuple[list[float], list[float]]:
    """(check+answer ms, version-check ms) per question, after one warm-up answer."""
    from chat.answer import answer_question
    from index.retrieve import current_index

    handle = current_index(settings)
    answer_question(handle, questions[0])
    total, checks = [], []
    for question in questions:
        started = time.perf_counter()
        handle = current_index(settings, handle)
        checked = time.perf_counter()
        answer_question(handle, question)
        total.append((time.perf_counter() - started) * 1000)
        checks.append((checked - started) * 1000)
    return total, checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=30, help="dev-set questions answered on each replica")
    parser.add_argument("--data", type=Path, default=None, help="work directory (default: a temporary one)")
    parser.add_argument("--out", type=Path, default=None, help="write the figures here as JSON")
    args = parser.parse_args(argv)

    from index import shared_state
    from index.build import apply_sources
    from index.chroma_server import local_chroma_server
    from ingest.pipeline import bundled_sources
    from settings import Settings

    work = args.data or Path(tempfile.mkdtemp(prefix="replicabench-"))
    questions = [json.loads(line)["question"] for line in (ROOT / "evals" / "gold" / "dev.jsonl").open(encoding="utf-8")]
    questions = questions[: args.questions]
    figures: dict = {}
    with local_chroma_server(work / "server") as (host, port):
        a = Settings(data_dir=work / "a", chroma_host=host, chroma_port=port)
        b = Settings(data_dir=work / "b", chroma_host=host, chroma_port=port)
        docs = bundled_sources(a).docs
        started = time.perf_counter()
        report = apply_sources(docs, a)
        figures["chunks"] = report.chunks_total
        figures["ingest_s"] = time.perf_counter() - started

        client = shared_state.http_client(host, port)
        pointer = shared_state.server_pointer(client)
        assert pointer is not None, "the ingest published nothing"
        started = time.perf_counter()
        chunks = shared_state.collection_chunks(client.get_collection(pointer["collection"], embedding_function=None))
        figures["fetch_s"] = time.perf_counter() - started
        started = time.perf_counter()
        shared_state.ensure_mirror(b, client, pointer)  # fetch again + journal + BM25: B's real first open
        figures["first_open_rebuild_s"] = time.perf_counter() - started
        assert len(chunks) == figures["chunks"]

        for name, settings in (("A", a), ("B", b)):
            total, checks = answer_latencies(settings, questions)
            figures[name] = {"p50_ms": statistics.median(total), "p95_ms": percentile(total, 95),
                             "check_p50_ms": statistics.median(checks), "n": len(total)}
    print(f"| bundled corpus: {figures['chunks']} chunks | ingest into server {figures['ingest_s']:.1f} s | "
          f"collection fetch {figures['fetch_s']:.2f} s | B first-open rebuild (fetch+journal+BM25) "
          f"{figures['first_open_rebuild_s']:.2f} s |")
    print("\n| replica | answer p50 ms | answer p95 ms | version check p50 ms | questions |\n|---|---|---|---|---|")
    for name in ("A", "B"):
        f = figures[name]
        print(f"| {name} | {f['p50_ms']:.0f} | {f['p95_ms']:.0f} | {f['check_p50_ms']:.1f} | {f['n']} |")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
