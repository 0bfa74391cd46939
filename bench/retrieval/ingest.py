"""(e) Ingest throughput: cold (fresh data dir, no embedding snapshot) vs an unchanged re-run."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.retrieval.common import md_table, out


def pick_docs(docs_dir: Path, n: int) -> list[Path]:
    """n documents as zh/en pairs, spread evenly over the sorted pair list."""
    stems = sorted({p.stem[:-3] for p in docs_dir.glob("*-zh.md") if (docs_dir / f"{p.stem[:-3]}-en.md").exists()})
    pairs = max(1, n // 2)
    step = max(1, len(stems) // pairs)
    chosen = stems[::step][:pairs]
    return [docs_dir / f"{s}-{lang}.md" for s in chosen for lang in ("zh", "en")][:n]


def run_ingest(corpus_dir: Path, workdir: Path, n_docs: int, embedder: str) -> dict:
    from index.build import apply_sources
    from ingest.chunk import estimate_tokens
    from ingest.pipeline import prepare
    from settings import Settings

    root = workdir / "ingest"
    shutil.rmtree(root, ignore_errors=True)
    corpus = root / "corpus"
    shutil.copytree(corpus_dir, corpus, ignore=shutil.ignore_patterns("embeddings"))
    paths = pick_docs(corpus / "docs", n_docs)
    settings = Settings(data_dir=root / "data", corpus_dir=corpus, embedder=embedder)
    prepared = prepare(paths, settings.max_page_bytes)
    if prepared.errors:
        raise SystemExit("\n".join(prepared.errors))
    tokens = sum(estimate_tokens(d.title + "\n" + d.text) for d in prepared.docs)
    cold = apply_sources(prepared.docs, settings)
    warm = apply_sources(prepared.docs, settings)
    res = {"docs": [p.name for p in paths], "est_tokens": tokens,
           "cold": {"seconds": cold.seconds, "chunks": cold.chunks_total, "embedded": cold.embed_computed,
                    "cache_hits": cold.embed_cache_hits, "chunks_per_s": cold.chunks_total / cold.seconds},
           "rerun": {"seconds": warm.seconds, "chunks": warm.chunks_total, "unchanged": len(warm.unchanged),
                     "embedded": warm.embed_computed, "chunks_per_s": warm.chunks_total / warm.seconds}}
    res["speedup"] = cold.seconds / warm.seconds
    shutil.rmtree(root, ignore_errors=True)
    return res


def print_ingest(r: dict) -> None:
    out(f"### (e) Ingest throughput ({len(r['docs'])} documents, ≈{r['est_tokens']} tokens)\n")
    c, w = r["cold"], r["rerun"]
    out(md_table(["run", "chunks", "embedded", "cache hits", "seconds", "chunks/s"], [
        ["cold (fresh data dir, no snapshot, empty cache)", c["chunks"], c["embedded"], c["cache_hits"],
         f"{c['seconds']:.2f}", f"{c['chunks_per_s']:.1f}"],
        [f"unchanged re-run ({w['unchanged']} sources unchanged)", w["chunks"], w["embedded"], "-",
         f"{w['seconds']:.2f}", f"{w['chunks_per_s']:.1f}"]]))
    verdict = "meets" if r["speedup"] >= 20 else "misses"
    out(f"\nSpeed-up of the unchanged re-run: **{r['speedup']:.1f}x** ({verdict} the >= 20x target).  "
        f"Documents: {', '.join(r['docs'])}.\n")
